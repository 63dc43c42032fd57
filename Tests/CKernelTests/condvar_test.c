/* condvar(9): timeouts in ticks, signalling, ping-pong, waiting on spin mutexes. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/condvar.h>
#include <sys/mutex.h>
#include <sys/intr.h>
#include "sync_helpers.h"
#include "ktest.h"

KTEST(cv_timedwait_times_out)
{
	kmutex_t m;
	kcondvar_t cv;
	uint64_t t0, waited;
	int rc;

	mutex_init(&m, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&cv, "kttimo");
	mutex_enter(&m);
	t0 = ksync_ms();
	rc = cv_timedwait(&cv, &m, 5);
	waited = ksync_ms() - t0;
	KT_ASSERT(rc == EWOULDBLOCK, "returned %d", rc);
	KT_ASSERT(waited >= 50, "timed out after %llu ms, before 5 ticks", (unsigned long long)waited);
	KT_ASSERT(waited < 1000, "5 ticks took %llu ms", (unsigned long long)waited);
	KT_ASSERT(mutex_owned(&m), "mutex not held again after the timeout");
	KT_ASSERT(cv_timedwait_sig(&cv, &m, 1) == EWOULDBLOCK);
	mutex_exit(&m);
	cv_destroy(&cv);
	mutex_destroy(&m);
}

struct waiter {
	kmutex_t	m;
	kcondvar_t	cv;
	int		go;
	volatile int	rc;
	volatile int	ipl_after;
	volatile int	owned_after;
	volatile int	done;
};

static void
wait_for_go(void *arg)
{
	struct waiter *w = arg;
	int rc = 0;

	mutex_enter(&w->m);
	while (!w->go && rc == 0)
		rc = cv_timedwait(&w->cv, &w->m, 1000);
	w->rc = rc;
	w->ipl_after = splraise(IPL_NONE);
	w->owned_after = mutex_owned(&w->m);
	mutex_exit(&w->m);
	w->done = 1;
}

static int
signal_waiter(struct waiter *w, int ipl)
{
	struct lwp *l;
	int waited;

	mutex_init(&w->m, MUTEX_DEFAULT, ipl);
	cv_init(&w->cv, "ktsig");
	l = ksync_spawn(wait_for_go, w, "cvwait");
	/* Until it sleeps, the waiter holds the mutex or has not registered yet. */
	for (waited = 0; waited < 2000; waited++) {
		mutex_enter(&w->m);
		if (cv_has_waiters(&w->cv))
			break;
		mutex_exit(&w->m);
		kpause("ktsig", false, 1, NULL);
	}
	if (waited == 2000)
		return -1;
	w->go = 1;
	cv_signal(&w->cv);
	mutex_exit(&w->m);
	ksync_join(l);
	cv_destroy(&w->cv);
	mutex_destroy(&w->m);
	return 0;
}

KTEST(cv_signal_wakes_waiter)
{
	struct waiter w = { .rc = -1 };

	KT_ASSERT(signal_waiter(&w, IPL_NONE) == 0, "the waiter never waited");
	KT_ASSERT(w.done && w.rc == 0, "waiter returned %d (timed out instead of being signalled)",
	    w.rc);
	KT_ASSERT(w.owned_after, "waiter did not hold the mutex after cv_timedwait");
}

KTEST(cv_wait_on_spin_mutex)
{
	struct waiter w = { .rc = -1 };

	KT_ASSERT(signal_waiter(&w, IPL_NET) == 0, "the waiter never waited");
	KT_ASSERT(w.rc == 0, "waiter returned %d", w.rc);
	KT_ASSERT(w.ipl_after == IPL_VM, "IPL after waking on an IPL_NET mutex: %d", w.ipl_after);
	KT_ASSERT(w.owned_after);
}

#define PINGS	2000

struct pingpong {
	kmutex_t	m;
	kcondvar_t	cv;
	int		turn;		/* 0: ping's turn, 1: pong's */
	int		pongs;
	int		out_of_turn;
};

static void
pong(void *arg)
{
	struct pingpong *p = arg;
	int i;

	mutex_enter(&p->m);
	for (i = 0; i < PINGS; i++) {
		while (p->turn != 1)
			cv_wait(&p->cv, &p->m);
		p->pongs++;
		p->turn = 0;
		cv_broadcast(&p->cv);
	}
	mutex_exit(&p->m);
}

KTEST(cv_ping_pong)
{
	struct pingpong p = { .turn = 0 };
	struct lwp *l;
	int i;

	mutex_init(&p.m, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&p.cv, "ktping");
	l = ksync_spawn(pong, &p, "cvpong");
	mutex_enter(&p.m);
	for (i = 0; i < PINGS; i++) {
		if (p.pongs != i)
			p.out_of_turn++;
		p.turn = 1;
		cv_broadcast(&p.cv);
		while (p.turn != 0)
			cv_wait(&p.cv, &p.m);
	}
	mutex_exit(&p.m);
	ksync_join(l);
	KT_ASSERT(p.pongs == PINGS, "%d pongs", p.pongs);
	KT_ASSERT(p.out_of_turn == 0, "%d out of turn", p.out_of_turn);
	KT_ASSERT(!cv_has_waiters(&p.cv));
	cv_destroy(&p.cv);
	mutex_destroy(&p.m);
}
