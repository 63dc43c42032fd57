/*
 * spl(9) emulation. The IPL is per thread; one host lock (the interrupt lock) is held by a thread
 * whose IPL was raised by spl*() above IPL_NONE or which runs non-MPSAFE code (kernel lock depth
 * > 0). So a splnet() section excludes every non-MPSAFE interrupt handler, softint and callout,
 * which run at their IPL or under the kernel lock, and they exclude each other.
 *
 * A spin mutex raises the level of its holder without the interrupt lock (nbshim_splraise_mutex):
 * it excludes its other holders through its own host lock, as on a multiprocessor NetBSD, where
 * it blocks interrupts only on the CPU of its holder. The lock order is the interrupt lock before
 * any spin mutex, so a thread holding spin mutexes raises its level further without taking the
 * interrupt lock. See kern/sync_private.h for how blocking code releases the lock.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/intr.h>
#include <sys/lwp.h>
#include "arch/x86/intr_private.h"
#include "kern/sync_private.h"

static struct nbh_mutex *volatile intr_lock;

struct nbh_mutex *
nbshim_host_mutex(struct nbh_mutex *volatile *p, bool spin)
{
	struct nbh_mutex *m = *p, *fresh;

	if (__predict_true(m != NULL))
		return m;
	if (nbh_mutex_init(&fresh, spin) != 0)
		panic("nbshim_host_mutex: the host cannot create a mutex");
	m = NULL;
	if (!__atomic_compare_exchange_n(p, &m, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		nbh_mutex_destroy(fresh);
		return m;
	}
	return fresh;
}

struct nbh_cond *
nbshim_host_cond(struct nbh_cond *volatile *p)
{
	struct nbh_cond *c = *p, *fresh;

	if (__predict_true(c != NULL))
		return c;
	if (nbh_cond_init(&fresh) != 0)
		panic("nbshim_host_cond: the host cannot create a condition variable");
	c = NULL;
	if (!__atomic_compare_exchange_n(p, &c, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		nbh_cond_destroy(fresh);
		return c;
	}
	return fresh;
}

static inline bool
wants_lock(const struct lwp *l)
{
	return l->l_nbshim_ipl > IPL_NONE || l->l_nbshim_klock > 0;
}

static void
take(struct lwp *l)
{
	nbh_mutex_enter(nbshim_host_mutex(&intr_lock, false));
	l->l_nbshim_locked = true;
}

static void
release(struct lwp *l)
{
	l->l_nbshim_locked = false;
	nbh_mutex_exit(intr_lock);
}

bool
nbshim_biglock_drop(struct lwp *l)
{
	if (!l->l_nbshim_locked)
		return false;
	release(l);
	return true;
}

void
nbshim_biglock_resume(struct lwp *l, bool held)
{
	if (held && wants_lock(l) && !l->l_nbshim_locked)
		take(l);
}

/* The thread ends: its interrupt priority, kernel lock and interrupt lock go with it. */
void
nbshim_lwp_leave(struct lwp *l)
{
	if (l->l_nbshim_mtxcount != 0)
		panic("%s: thread ends holding %d spin mutexes", l->l_name, l->l_nbshim_mtxcount);
	l->l_nbshim_ipl = IPL_NONE;
	l->l_nbshim_klock = 0;
	nbshim_biglock_drop(l);
	nbshim_lwp_set_current(NULL);
}

int
splraise(int ipl)
{
	struct lwp *l = nbshim_lwp_self();
	int old = l->l_nbshim_ipl;

	if (ipl > old) {
		if (!l->l_nbshim_locked && l->l_nbshim_mtxcount == 0)
			take(l);
		l->l_nbshim_ipl = ipl;
	}
	return old;
}

void
nbshim_spl_release(struct lwp *l)
{
	if (!wants_lock(l))
		release(l);
}

void
spllower(int ipl)
{
	nbshim_spllower(nbshim_lwp_self(), ipl);
}

void
nbshim_kernel_lock(void)
{
	struct lwp *l = nbshim_lwp_self();

	if (l->l_nbshim_klock++ == 0 && !l->l_nbshim_locked)
		take(l);
}

void
nbshim_kernel_unlock(void)
{
	struct lwp *l = nbshim_lwp_self();

	if (l->l_nbshim_klock <= 0)
		panic("nbshim_kernel_unlock: kernel lock not held");
	if (--l->l_nbshim_klock == 0 && !wants_lock(l) && l->l_nbshim_locked)
		release(l);
}

int
nbshim_intr_enter(int ipl, bool mpsafe)
{
	struct lwp *l = nbshim_lwp_self();

	l->l_nbshim_intr++;
	return mpsafe ? l->l_nbshim_ipl : splraise(ipl);
}

void
nbshim_intr_exit(int s)
{
	struct lwp *l = nbshim_lwp_self();

	if (l->l_nbshim_intr <= 0)
		panic("nbshim_intr_exit: not in an interrupt handler");
	spllower(s);
	l->l_nbshim_intr--;
}
