/* mutex(9): exclusion under contention for adaptive and spin mutexes, ownership, IPL, objects. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/intr.h>
#include "sync_helpers.h"
#include "ktest.h"

#define THREADS		4
#define ROUNDS		20000

struct race {
	kmutex_t	lock;
	volatile int	inside;		/* threads between enter and exit: must stay <= 1 */
	int		counter;	/* incremented non-atomically under the lock */
	volatile int	overlaps;
	volatile int	not_owned;
	volatile int	ipl_low;	/* a spin mutex held below its IPL */
	int		want_ipl;
};

static void
racer(void *arg)
{
	struct race *r = arg;
	int i, v;

	for (i = 0; i < ROUNDS; i++) {
		mutex_enter(&r->lock);
		if (__atomic_add_fetch(&r->inside, 1, __ATOMIC_SEQ_CST) != 1)
			__atomic_add_fetch(&r->overlaps, 1, __ATOMIC_RELAXED);
		if (!mutex_owned(&r->lock))
			__atomic_add_fetch(&r->not_owned, 1, __ATOMIC_RELAXED);
		if (splraise(IPL_NONE) < r->want_ipl)
			__atomic_add_fetch(&r->ipl_low, 1, __ATOMIC_RELAXED);
		v = r->counter;
		if ((i & 63) == 0)
			__insn_barrier();
		r->counter = v + 1;
		__atomic_sub_fetch(&r->inside, 1, __ATOMIC_SEQ_CST);
		mutex_exit(&r->lock);
	}
}

static int
run_race(kmutex_type_t type, int ipl, struct race *r)
{
	struct lwp *l[THREADS];
	int i;

	memset(r, 0, sizeof(*r));
	mutex_init(&r->lock, type, ipl);
	r->want_ipl = (type == MUTEX_SPIN || ipl >= IPL_VM) ? ipl : IPL_NONE;
	for (i = 0; i < THREADS; i++)
		l[i] = ksync_spawn(racer, r, "mtxrace");
	for (i = 0; i < THREADS; i++)
		ksync_join(l[i]);
	mutex_destroy(&r->lock);
	return r->counter;
}

KTEST(mutex_adaptive_contention)
{
	struct race r;

	KT_ASSERT(run_race(MUTEX_DEFAULT, IPL_NONE, &r) == THREADS * ROUNDS, "counter %d", r.counter);
	KT_ASSERT(r.overlaps == 0, "%d overlapping critical sections", r.overlaps);
	KT_ASSERT(r.not_owned == 0, "mutex_owned false %d times inside", r.not_owned);
}

KTEST(mutex_spin_contention)
{
	struct race r;

	/* At IPL_NONE the host lock itself is contended; at IPL_NET the IPL raise comes first. */
	KT_ASSERT(run_race(MUTEX_SPIN, IPL_NONE, &r) == THREADS * ROUNDS, "counter %d", r.counter);
	KT_ASSERT(r.overlaps == 0 && r.not_owned == 0, "%d overlaps, %d not owned", r.overlaps,
	    r.not_owned);
	KT_ASSERT(run_race(MUTEX_DEFAULT, IPL_NET, &r) == THREADS * ROUNDS, "counter %d", r.counter);
	KT_ASSERT(r.overlaps == 0 && r.not_owned == 0, "%d overlaps, %d not owned", r.overlaps,
	    r.not_owned);
	KT_ASSERT(r.ipl_low == 0, "spin mutex held below IPL_NET %d times", r.ipl_low);
}

KTEST(mutex_spin_raises_ipl)
{
	kmutex_t spin, adaptive;

	mutex_init(&spin, MUTEX_DEFAULT, IPL_NET);
	mutex_init(&adaptive, MUTEX_DEFAULT, IPL_SOFTNET);
	KT_ASSERT(splraise(IPL_NONE) == IPL_NONE);
	mutex_enter(&spin);
	KT_ASSERT(splraise(IPL_NONE) == IPL_VM, "IPL %d while holding an IPL_NET spin mutex",
	    splraise(IPL_NONE));
	mutex_exit(&spin);
	KT_ASSERT(splraise(IPL_NONE) == IPL_NONE, "IPL not restored after mutex_exit");
	mutex_enter(&adaptive);
	KT_ASSERT(splraise(IPL_NONE) == IPL_NONE, "an adaptive mutex raised the IPL");
	mutex_exit(&adaptive);
	mutex_destroy(&spin);
	mutex_destroy(&adaptive);
}

struct holder {
	kmutex_t	*lock;
	volatile int	state;	/* 1: holding, 2: told to let go, 3: done */
};

static void
hold_until_told(void *arg)
{
	struct holder *h = arg;

	mutex_enter(h->lock);
	__atomic_store_n(&h->state, 1, __ATOMIC_RELEASE);
	ksync_wait_for(&h->state, 2, 5000);
	mutex_exit(h->lock);
	__atomic_store_n(&h->state, 3, __ATOMIC_RELEASE);
}

KTEST(mutex_tryenter_and_owner)
{
	kmutex_t m;
	struct holder h = { &m, 0 };
	struct lwp *l;

	mutex_init(&m, MUTEX_DEFAULT, IPL_NONE);
	KT_ASSERT(!mutex_owned(&m) && mutex_owner(&m) == NULL);
	KT_ASSERT(mutex_tryenter(&m) == 1);
	KT_ASSERT(mutex_owned(&m) && mutex_owner(&m) == curlwp);
	mutex_exit(&m);
	l = ksync_spawn(hold_until_told, &h, "mtxhold");
	KT_ASSERT(ksync_wait_for(&h.state, 1, 2000), "holder never took the mutex");
	KT_ASSERT(mutex_tryenter(&m) == 0, "tryenter succeeded while another thread holds it");
	KT_ASSERT(!mutex_owned(&m) && mutex_owner(&m) == l);
	__atomic_store_n(&h.state, 2, __ATOMIC_RELEASE);
	mutex_enter(&m);	/* blocks until the holder lets go */
	KT_ASSERT(h.state == 3, "entered while the holder still had it");
	mutex_exit(&m);
	ksync_join(l);
	mutex_destroy(&m);
}

/* Spin mutexes exclude their own holders only: an MPSAFE holder does not hold the interrupt lock. */
KTEST(mutex_spin_holders_do_not_serialise)
{
	kmutex_t a, b;
	struct holder h = { &a, 0 };
	struct lwp *l;
	int s;

	mutex_init(&a, MUTEX_DEFAULT, IPL_NET);
	mutex_init(&b, MUTEX_DEFAULT, IPL_NET);
	l = ksync_spawn(hold_until_told, &h, "mtxspin");
	KT_ASSERT(ksync_wait_for(&h.state, 1, 2000), "holder never took the mutex");
	mutex_enter(&b);
	KT_ASSERT(h.state == 1, "another IPL_NET spin mutex waited for the holder of the first");
	mutex_exit(&b);
	s = splnet();
	KT_ASSERT(h.state == 1, "splnet() waited for the holder of a spin mutex");
	splx(s);
	__atomic_store_n(&h.state, 2, __ATOMIC_RELEASE);
	ksync_join(l);
	KT_ASSERT(h.state == 3);
	mutex_destroy(&a);
	mutex_destroy(&b);
}

struct raiser {
	kmutex_t	lock;
	volatile int	state;	/* 1: holding, 2: go on, 3: raised and restored, 4: let go */
	int		ipl;	/* IPL seen inside splhigh() */
};

/* Holds the spin mutex, then raises its level further while another thread is at splnet(). */
static void
raise_while_holding(void *arg)
{
	struct raiser *r = arg;
	int s;

	mutex_enter(&r->lock);
	__atomic_store_n(&r->state, 1, __ATOMIC_RELEASE);
	ksync_wait_for(&r->state, 2, 5000);
	s = splhigh();
	r->ipl = splraise(IPL_NONE);
	splx(s);
	__atomic_store_n(&r->state, 3, __ATOMIC_RELEASE);
	mutex_exit(&r->lock);
	__atomic_store_n(&r->state, 4, __ATOMIC_RELEASE);
}

/* The lock order: the interrupt lock before spin mutexes, so raising the IPL under one never waits. */
KTEST(mutex_spin_holder_raises_without_interrupt_lock)
{
	struct raiser r = { .state = 0 };
	struct lwp *l;
	uint64_t t0;
	int s;

	mutex_init(&r.lock, MUTEX_DEFAULT, IPL_NET);
	l = ksync_spawn(raise_while_holding, &r, "mtxraise");
	KT_ASSERT(ksync_wait_for(&r.state, 1, 2000), "holder never took the mutex");
	s = splnet();
	t0 = ksync_ms();
	__atomic_store_n(&r.state, 2, __ATOMIC_RELEASE);
	mutex_enter(&r.lock);	/* the holder's splhigh() must not wait for our interrupt lock */
	KT_ASSERT(r.state >= 3, "entered in state %d", r.state);
	KT_ASSERT(ksync_ms() - t0 < 2500, "the holder's splhigh() waited for the interrupt lock");
	KT_ASSERT(r.ipl == IPL_HIGH, "IPL %d inside splhigh()", r.ipl);
	mutex_exit(&r.lock);
	splx(s);
	ksync_join(l);
	mutex_destroy(&r.lock);
}

KTEST(mutex_obj_refcount)
{
	kmutex_t *m = mutex_obj_alloc(MUTEX_DEFAULT, IPL_NONE);

	mutex_obj_hold(m);
	mutex_enter(m);
	KT_ASSERT(mutex_owned(m));
	mutex_exit(m);
	KT_ASSERT(!mutex_obj_free(m), "freed while a reference remained");
	KT_ASSERT(mutex_obj_free(m), "last reference did not free it");
}
