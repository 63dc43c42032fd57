/*
 * Private to the personality's thread and lock code (kern_*.c, spl.c, subr_workqueue.c): the
 * interrupt/kernel lock that emulates spl, how blocking code gives it up, and host-lock helpers.
 *
 * The model: one host lock stands for "interrupts blocked on the CPU" and NetBSD's kernel_lock at
 * once. A thread holds it while spl*() has its IPL above IPL_NONE or while it runs non-MPSAFE
 * code (l_nbk_klock > 0); a spin mutex raises the IPL without it (spl.c). Every place that blocks
 * (sleeps, condvar waits, contended mutexes, joins) releases it first and takes it back
 * afterwards, as NetBSD releases the kernel lock and the CPU's IPL when a thread sleeps.
 */
#ifndef _NBSHIM_SYS_NBSHIM_SYNC_H_
#define _NBSHIM_SYS_NBSHIM_SYNC_H_

#include <sys/types.h>
#include <sys/lwp.h>
#include "host/nbshim_hypercall.h"

#define NBK_NS_PER_TICK	(1000000000ull / 100)	/* hz = 100 (sys/kernel.h) */

/* Gives up the interrupt lock before blocking; returns whether it was held. */
bool	nbk_biglock_drop(struct lwp *);
/* Takes it back after blocking when the thread still needs it. */
void	nbk_biglock_resume(struct lwp *, bool);
/* Gives up the interrupt lock `l` holds unless its IPL or kernel lock still need it (spl.c). */
void	nbk_spl_release(struct lwp *);

/* A spin mutex's IPL raise: the level only, never the interrupt lock; returns the old level. */
static __inline int
nbk_splraise_mutex(struct lwp *l, int ipl)
{
	int old = l->l_nbk_ipl;

	if (ipl > old)
		l->l_nbk_ipl = ipl;
	return old;
}

/* spllower for `l`, the current lwp; inline for mutex_exit. */
static __inline void
nbk_spllower(struct lwp *l, int ipl)
{
	if (ipl < l->l_nbk_ipl) {
		l->l_nbk_ipl = ipl;
		if (l->l_nbk_locked)
			nbk_spl_release(l);
	}
}

/* Runs non-MPSAFE code: the kernel lock is held at depth > 0. */
void	nbk_kernel_lock(void);
void	nbk_kernel_unlock(void);

/* A host lock or condvar created on first use (callers may run before nbk_init). */
struct nbh_mutex *nbk_host_mutex(struct nbh_mutex *volatile *, bool spin);
struct nbh_cond *nbk_host_cond(struct nbh_cond *volatile *);

/* Deadline `ticks` from now on the monotonic clock, 0 for none (ticks == 0). */
uint64_t nbk_deadline(int ticks);

/* l_nbk_kflags of a kthread's lwp: KTHREAD_* | NBK_KTHREAD. */
#define NBK_KTHREAD	0x10000

/* lwps: one for a new kthread, and the current thread's (kern_lwp.c). */
struct lwp *nbk_lwp_alloc(const char *name);
void	nbk_lwp_free(struct lwp *);
void	nbk_lwp_set_current(struct lwp *);
/* curlwp without a call for the lock paths; drivers' curlwp is the function (machine/cpu.h). */
extern _Thread_local struct lwp *nbk_lwp_current;
static __inline struct lwp *
nbk_lwp_self(void)
{
	struct lwp *l = nbk_lwp_current;

	return __predict_true(l != NULL) ? l : nbk_curlwp();
}
/* Leaving the thread: gives up locks the lwp still holds (spl.c). */
void	nbk_lwp_leave(struct lwp *);

/* A host allocation that must not fail: panics with `what` when memory is exhausted (kern_malloc.c). */
void	*nbk_alloc(size_t, const char *what);
void	nbk_free(void *, size_t);

#endif
