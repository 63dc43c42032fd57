/* callout(9): expiry order, reset, stop and halt against a running handler, flags, spl. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/callout.h>
#include <sys/mutex.h>
#include <sys/intr.h>
#include "sync_helpers.h"
#include "ktest.h"

struct recorder {
	kmutex_t	lock;
	int		order[8];
	volatile int	n;
};

struct probe {
	callout_t	co;
	struct recorder	*rec;
	int		id;
};

static void
record(void *arg)
{
	struct probe *p = arg;

	mutex_enter(&p->rec->lock);
	p->rec->order[p->rec->n] = p->id;
	__atomic_store_n(&p->rec->n, p->rec->n + 1, __ATOMIC_RELEASE);
	mutex_exit(&p->rec->lock);
}

KTEST(callout_fires_in_expiry_order)
{
	/* Scheduled out of order; two share a tick and keep their scheduling order. */
	static const int ticks[6] = { 5, 1, 3, 2, 4, 3 };
	static const int expect[6] = { 1, 3, 2, 5, 4, 0 };
	struct recorder rec = { .n = 0 };
	struct probe p[6];
	int i;

	mutex_init(&rec.lock, MUTEX_DEFAULT, IPL_NONE);
	for (i = 0; i < 6; i++) {
		p[i].rec = &rec;
		p[i].id = i;
		callout_init(&p[i].co, CALLOUT_MPSAFE);
		callout_reset(&p[i].co, ticks[i], record, &p[i]);
		KT_ASSERT(callout_pending(&p[i].co));
	}
	KT_ASSERT(ksync_wait_for(&rec.n, 6, 2000), "only %d of 6 callouts fired", rec.n);
	for (i = 0; i < 6; i++)
		KT_ASSERT(rec.order[i] == expect[i], "position %d: callout %d, expected %d", i,
		    rec.order[i], expect[i]);
	for (i = 0; i < 6; i++) {
		KT_ASSERT(!callout_pending(&p[i].co) && callout_expired(&p[i].co));
		callout_destroy(&p[i].co);
	}
	mutex_destroy(&rec.lock);
}

KTEST(callout_reset_reschedules)
{
	struct recorder rec = { .n = 0 };
	struct probe a = { .rec = &rec, .id = 1 }, b = { .rec = &rec, .id = 2 };

	mutex_init(&rec.lock, MUTEX_DEFAULT, IPL_NONE);
	callout_init(&a.co, CALLOUT_MPSAFE);
	callout_init(&b.co, CALLOUT_MPSAFE);
	callout_reset(&a.co, 2, record, &a);
	callout_reset(&b.co, 6, record, &b);
	callout_schedule(&a.co, 12);		/* a moves behind b */
	KT_ASSERT(ksync_wait_for(&rec.n, 2, 2000), "%d of 2 fired", rec.n);
	KT_ASSERT(rec.order[0] == 2 && rec.order[1] == 1, "order %d, %d", rec.order[0],
	    rec.order[1]);

	/* State after firing: FIRED and INVOKING until acknowledged; stop reports and clears. */
	KT_ASSERT(callout_expired(&a.co) && callout_invoking(&a.co) && callout_active(&a.co));
	callout_ack(&a.co);
	KT_ASSERT(!callout_invoking(&a.co) && callout_expired(&a.co));
	KT_ASSERT(callout_stop(&a.co), "stop after firing must report expired");
	KT_ASSERT(!callout_expired(&a.co) && !callout_active(&a.co));

	/* Rescheduling a pending callout moves it; once stopped it never fires. */
	callout_reset(&a.co, 3, record, &a);
	callout_reset(&a.co, 4, record, &a);
	KT_ASSERT(!callout_stop(&a.co), "stop of a pending callout reports expired");
	KT_ASSERT(!callout_pending(&a.co));
	kpause("ktco", false, 8, NULL);
	KT_ASSERT(rec.n == 2, "a stopped callout fired");
	callout_destroy(&a.co);
	callout_destroy(&b.co);
	mutex_destroy(&rec.lock);
}

struct slow {
	callout_t	co;
	kmutex_t	*interlock;
	volatile int	started;
	volatile int	finished;
};

static void
slow_handler(void *arg)
{
	struct slow *s = arg;

	__atomic_store_n(&s->started, 1, __ATOMIC_RELEASE);
	if (s->interlock != NULL) {
		mutex_enter(s->interlock);
		mutex_exit(s->interlock);
	}
	DELAY(100000);
	__atomic_store_n(&s->finished, 1, __ATOMIC_RELEASE);
}

KTEST(callout_stop_does_not_wait_halt_does)
{
	struct slow s = { .started = 0 };

	callout_init(&s.co, CALLOUT_MPSAFE);
	callout_reset(&s.co, 1, slow_handler, &s);
	KT_ASSERT(ksync_wait_for(&s.started, 1, 2000), "handler never started");
	KT_ASSERT(callout_stop(&s.co), "stop while running must report expired");
	KT_ASSERT(!s.finished, "callout_stop waited for the handler");
	KT_ASSERT(ksync_wait_for(&s.finished, 1, 2000));

	s.started = s.finished = 0;
	callout_reset(&s.co, 1, slow_handler, &s);
	KT_ASSERT(ksync_wait_for(&s.started, 1, 2000), "handler never started");
	KT_ASSERT(callout_halt(&s.co, NULL), "halt while running must report expired");
	KT_ASSERT(s.finished, "callout_halt returned while the handler ran");
	KT_ASSERT(!callout_pending(&s.co));
	callout_destroy(&s.co);
}

KTEST(callout_halt_releases_interlock)
{
	kmutex_t m;
	struct slow s = { .interlock = &m };

	mutex_init(&m, MUTEX_DEFAULT, IPL_NONE);
	callout_init(&s.co, CALLOUT_MPSAFE);
	mutex_enter(&m);
	callout_reset(&s.co, 1, slow_handler, &s);
	KT_ASSERT(ksync_wait_for(&s.started, 1, 2000), "handler never started");
	/* The handler now waits for m, which we hold: halt must let go of it or deadlock. */
	callout_halt(&s.co, &m);
	KT_ASSERT(s.finished, "callout_halt returned while the handler ran");
	KT_ASSERT(mutex_owned(&m), "interlock not held again after callout_halt");
	mutex_exit(&m);
	callout_destroy(&s.co);
	mutex_destroy(&m);
}

static void
count_handler(void *arg)
{
	__atomic_add_fetch((volatile int *)arg, 1, __ATOMIC_RELEASE);
}

KTEST(callout_not_mpsafe_excluded_by_spl)
{
	callout_t co;
	volatile int fired = 0;
	int s, inside;

	callout_init(&co, 0);
	s = splnet();
	callout_reset(&co, 1, count_handler, __UNVOLATILE(&fired));
	DELAY(80000);		/* 8 ticks, busy: the section stays closed */
	inside = fired;
	splx(s);
	KT_ASSERT(inside == 0, "a non-MPSAFE callout ran inside splnet()");
	KT_ASSERT(ksync_wait_for(&fired, 1, 2000), "the callout never ran after splx");
	callout_destroy(&co);
}
