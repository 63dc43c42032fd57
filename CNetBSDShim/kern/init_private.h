/* Private to the personality: its subsystems' start-up hooks, run in `order` by nbk_init (kern_init.c). */
#ifndef NBSHIM_KERN_INIT_PRIVATE_H
#define NBSHIM_KERN_INIT_PRIVATE_H

#include <sys/cdefs.h>

struct nbshim_init {
	int order;		/* lower runs first: 10 locks/threads, 20 time, 30 services, 40 autoconf */
	const char *name;
	int (*fn)(void);	/* 0 or an errno; a failure stops nbk_init */
};

#define NBSHIM_INIT(fn, order) \
	static const struct nbshim_init __nbshim_init_##fn = { order, #fn, fn }; \
	__link_set_add_rodata(nbshim_inits, __nbshim_init_##fn)

#endif
