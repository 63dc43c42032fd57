/* The older kernel malloc (sys/malloc.h, malloc(9) in NetBSD's API); kern_malloc.c. The 3-argument
 * kernel forms collide with the host C library's names, so they are renamed. */
#ifndef _NBSHIM_SYS_MALLOC_H_
#define _NBSHIM_SYS_MALLOC_H_

#include <sys/types.h>

#define M_WAITOK	0x0000
#define M_NOWAIT	0x0001
#define M_ZERO		0x0002
#define M_CANFAIL	0x0004

/* Malloc types only label allocations; drivers name a few and some define their own. */
struct malloc_type {
	const char *ks_shortdesc;
};
#define MALLOC_DECLARE(type)	extern struct malloc_type type[1]
#define MALLOC_DEFINE(type, shortdesc, longdesc) \
	struct malloc_type type[1] = { { shortdesc } }
#define MALLOC_JUSTDEFINE(type, shortdesc, longdesc)	MALLOC_DEFINE(type, shortdesc, longdesc)

MALLOC_DECLARE(M_DEVBUF);
MALLOC_DECLARE(M_DMAMAP);
MALLOC_DECLARE(M_FREE);
MALLOC_DECLARE(M_PCB);
MALLOC_DECLARE(M_SOFTINTR);
MALLOC_DECLARE(M_TEMP);
MALLOC_DECLARE(M_IOCTLOPS);
MALLOC_DECLARE(M_SYSCTLNODE);
MALLOC_DECLARE(M_SYSCTLDATA);

#define malloc(size, type, flags)	kern_malloc((size), (type), (flags))
#define free(addr, type)		kern_free((addr), (type))
#define realloc(addr, size, type, flags)	kern_realloc((addr), (size), (type), (flags))
void	*kern_malloc(unsigned long, struct malloc_type *, int);
void	kern_free(void *, struct malloc_type *);
void	*kern_realloc(void *, unsigned long, struct malloc_type *, int);

#endif
