/*
 * Per-CPU storage (sys/percpu.h, percpu(9) in NetBSD's API); subr_percpu.c. One copy per CPU
 * the personality presents (ncpu). Between percpu_getref and percpu_putref the caller has the
 * current CPU's copy to itself: interrupts are blocked (splhigh), which is what NetBSD's
 * disabled preemption amounts to when threads can run at the same time. Do not sleep there.
 */
#ifndef _NBSHIM_SYS_PERCPU_H_
#define _NBSHIM_SYS_PERCPU_H_

#include <sys/types.h>

typedef struct percpu percpu_t;
typedef void (*percpu_callback_t)(void *, void *, struct cpu_info *);

void	percpu_init(void);
percpu_t *percpu_alloc(size_t);
percpu_t *percpu_create(size_t, percpu_callback_t, percpu_callback_t, void *);
void	percpu_free(percpu_t *, size_t);
void	*percpu_getref(percpu_t *);
void	percpu_putref(percpu_t *);
void	percpu_foreach(percpu_t *, percpu_callback_t, void *);
void	percpu_foreach_xcall(percpu_t *, u_int, percpu_callback_t, void *);
void	percpu_traverse_enter(void);
void	percpu_traverse_exit(void);
void	*percpu_getptr_remote(percpu_t *, struct cpu_info *);

#endif
