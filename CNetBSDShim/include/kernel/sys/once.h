/* Run a function once (sys/once.h, RUN_ONCE(9) in NetBSD's API); subr_once.c. Every caller gets
 * the first run's result. */
#ifndef _NBSHIM_SYS_ONCE_H_
#define _NBSHIM_SYS_ONCE_H_

#include <sys/types.h>

typedef struct {
	unsigned o_status;
	int o_error;
#define ONCE_VIRGIN	0
#define ONCE_RUNNING	1
#define ONCE_DONE	2
} once_t;

void	once_init(void);
int	_run_once(once_t *, int (*)(void));

#define ONCE_DECL(o) \
	once_t (o) = { .o_status = ONCE_VIRGIN };

#define RUN_ONCE(o, fn) \
	(__predict_true(__atomic_load_n(&(o)->o_status, __ATOMIC_ACQUIRE) == ONCE_DONE) ? \
	 ((o)->o_error) : _run_once((o), (fn)))

#endif
