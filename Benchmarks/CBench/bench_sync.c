/* Kernel-side halves of the synchronization benchmark, written against the NetBSD API. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/kthread.h>
#include <sys/intr.h>
#include "host/nbshim_hypercall.h"
#include "nbshim_bench_sync.h"

uint64_t
nbshim_bench_mutex(uint64_t iters, int spin)
{
	kmutex_t m;
	uint64_t i, t0, t1;

	mutex_init(&m, MUTEX_DEFAULT, spin ? IPL_NET : IPL_NONE);
	t0 = nbh_clock_monotonic();
	for (i = 0; i < iters; i++) {
		mutex_enter(&m);
		mutex_exit(&m);
	}
	t1 = nbh_clock_monotonic();
	mutex_destroy(&m);
	return t1 - t0;
}

struct pingpong {
	kmutex_t	m;
	kcondvar_t	cv;
	int		turn;
	uint64_t	rounds;
};

static void
pong(void *arg)
{
	struct pingpong *p = arg;
	uint64_t i;

	mutex_enter(&p->m);
	for (i = 0; i < p->rounds; i++) {
		while (p->turn != 1)
			cv_wait(&p->cv, &p->m);
		p->turn = 0;
		cv_signal(&p->cv);
	}
	mutex_exit(&p->m);
}

uint64_t
nbshim_bench_pingpong(uint64_t rounds)
{
	struct pingpong p = { .turn = 0, .rounds = rounds };
	struct lwp *l;
	uint64_t i, t0, t1;

	mutex_init(&p.m, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&p.cv, "bench");
	if (kthread_create(PRI_NONE, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL, pong, &p, &l,
	    "benchpong") != 0)
		panic("nbshim_bench_pingpong: cannot start a thread");
	t0 = nbh_clock_monotonic();
	mutex_enter(&p.m);
	for (i = 0; i < rounds; i++) {
		p.turn = 1;
		cv_signal(&p.cv);
		while (p.turn != 0)
			cv_wait(&p.cv, &p.m);
	}
	mutex_exit(&p.m);
	t1 = nbh_clock_monotonic();
	kthread_join(l);
	cv_destroy(&p.cv);
	mutex_destroy(&p.m);
	return t1 - t0;
}

struct contended {
	kmutex_t	m;
	uint64_t	iters;
	volatile uint64_t counter;
};

static void
hammer(void *arg)
{
	struct contended *c = arg;
	uint64_t i;

	for (i = 0; i < c->iters; i++) {
		mutex_enter(&c->m);
		c->counter++;
		mutex_exit(&c->m);
	}
}

uint64_t
nbshim_bench_contended(uint64_t iters)
{
	struct contended c = { .iters = iters };
	struct lwp *a, *b;
	uint64_t t0, t1;

	mutex_init(&c.m, MUTEX_DEFAULT, IPL_NONE);
	t0 = nbh_clock_monotonic();
	if (kthread_create(PRI_NONE, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL, hammer, &c, &a,
	    "bencha") != 0 ||
	    kthread_create(PRI_NONE, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL, hammer, &c, &b,
	    "benchb") != 0)
		panic("nbshim_bench_contended: cannot start threads");
	kthread_join(a);
	kthread_join(b);
	t1 = nbh_clock_monotonic();
	if (c.counter != 2 * iters)
		panic("nbshim_bench_contended: counter %llu, expected %llu",
		    (unsigned long long)c.counter, (unsigned long long)(2 * iters));
	mutex_destroy(&c.m);
	return t1 - t0;
}
