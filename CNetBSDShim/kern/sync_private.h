/*
 * Private to the personality's thread and lock code (kern_*.c, spl.c, subr_workqueue.c): the
 * interrupt/kernel lock that emulates spl, how blocking code gives it up, and host-lock helpers.
 *
 * The model: one host lock stands for "interrupts blocked on the CPU" and NetBSD's kernel_lock at
 * once. A thread holds it while spl*() has its IPL above IPL_NONE or while it runs non-MPSAFE
 * code (l_nbshim_klock > 0); a spin mutex raises the IPL without it (spl.c). Every place that blocks
 * (sleeps, condvar waits, contended mutexes, joins) releases it first and takes it back
 * afterwards, as NetBSD releases the kernel lock and the CPU's IPL when a thread sleeps.
 */
#ifndef NBSHIM_KERN_SYNC_PRIVATE_H
#define NBSHIM_KERN_SYNC_PRIVATE_H

#include <sys/types.h>
#include <sys/lwp.h>
#include "host/nbshim_hypercall.h"

#define NBSHIM_NS_PER_TICK	(1000000000ull / 100)	/* hz = 100 (sys/kernel.h) */

/* Gives up the interrupt lock before blocking; returns whether it was held. */
bool	nbshim_biglock_drop(struct lwp *);
/* Takes it back after blocking when the thread still needs it. */
void	nbshim_biglock_resume(struct lwp *, bool);
/* Gives up the interrupt lock `l` holds unless its IPL or kernel lock still need it (spl.c). */
void	nbshim_spl_release(struct lwp *);

/* A spin mutex's IPL raise: the level only, never the interrupt lock; returns the old level. */
static __inline int
nbshim_splraise_mutex(struct lwp *l, int ipl)
{
	int old = l->l_nbshim_ipl;

	if (ipl > old)
		l->l_nbshim_ipl = ipl;
	return old;
}

/* spllower for `l`, the current lwp; inline for mutex_exit. */
static __inline void
nbshim_spllower(struct lwp *l, int ipl)
{
	if (ipl < l->l_nbshim_ipl) {
		l->l_nbshim_ipl = ipl;
		if (l->l_nbshim_locked)
			nbshim_spl_release(l);
	}
}

/* Runs non-MPSAFE code: the kernel lock is held at depth > 0. */
void	nbshim_kernel_lock(void);
void	nbshim_kernel_unlock(void);

/* A host lock or condvar created on first use (callers may run before nbk_init). */
struct nbh_mutex *nbshim_host_mutex(struct nbh_mutex *volatile *, bool spin);
struct nbh_cond *nbshim_host_cond(struct nbh_cond *volatile *);

/* Deadline `ticks` from now on the monotonic clock, 0 for none (ticks == 0). */
uint64_t nbshim_deadline(int ticks);

/* l_nbshim_kflags of a kthread's lwp: KTHREAD_* | NBSHIM_KTHREAD. */
#define NBSHIM_KTHREAD	0x10000

/* lwps: one for a new kthread, and the current thread's (kern_lwp.c). */
struct lwp *nbshim_lwp_alloc(const char *name);
void	nbshim_lwp_free(struct lwp *);
void	nbshim_lwp_set_current(struct lwp *);
/* curlwp without a call for the lock paths; drivers' curlwp is the function (machine/cpu.h). */
extern _Thread_local struct lwp *nbshim_lwp_current;
static __inline struct lwp *
nbshim_lwp_self(void)
{
	struct lwp *l = nbshim_lwp_current;

	return __predict_true(l != NULL) ? l : nbshim_curlwp();
}
/* Leaving the thread: gives up locks the lwp still holds (spl.c). */
void	nbshim_lwp_leave(struct lwp *);

/* A host allocation that must not fail: panics with `what` when memory is exhausted (kern_malloc.c). */
void	*nbshim_alloc(size_t, const char *what);
void	nbshim_free(void *, size_t);

#endif
