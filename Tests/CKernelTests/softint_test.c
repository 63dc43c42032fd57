/* softint(9): runs after scheduling, coalesces repeated schedules, respects spl, disestablish. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/intr.h>
#include <sys/cpu.h>
#include "sync_helpers.h"
#include "ktest.h"

struct soft {
	volatile int	runs;
	volatile int	softintr_p;
	volatile int	intr_p;
};

static void
soft_handler(void *arg)
{
	struct soft *s = arg;

	s->softintr_p = cpu_softintr_p();
	s->intr_p = cpu_intr_p();
	__atomic_add_fetch(&s->runs, 1, __ATOMIC_RELEASE);
}

/* Holds its level's thread until told: 1 once running, 2 to return. */
static void
block_handler(void *arg)
{
	volatile int *gate = arg;

	__atomic_store_n(gate, 1, __ATOMIC_RELEASE);
	ksync_wait_for(gate, 2, 5000);
}

KTEST(softint_runs_and_coalesces)
{
	struct soft s = { 0 };
	void *si = softint_establish(SOFTINT_NET, soft_handler, &s), *blocker;
	volatile int gate = 0;
	int spl;

	KT_ASSERT(si != NULL);
	softint_schedule(si);
	KT_ASSERT(ksync_wait_for(&s.runs, 1, 2000), "softint never ran");
	KT_ASSERT(s.softintr_p && !s.intr_p, "softintr_p %d intr_p %d", s.softintr_p, s.intr_p);

	/* Held off by splsoftnet (a non-MPSAFE handler runs at IPL_SOFTNET): both schedules
	 * land before it can run, so it runs once. */
	spl = splsoftnet();
	softint_schedule(si);
	softint_schedule(si);
	DELAY(30000);
	KT_ASSERT(s.runs == 1, "softint ran inside splsoftnet()");
	splx(spl);
	KT_ASSERT(ksync_wait_for(&s.runs, 2, 2000), "softint did not run after splx");
	kpause("ktsoft", false, 3, NULL);
	KT_ASSERT(s.runs == 2, "two schedules before running ran %d times", s.runs - 1);

	/* Disestablished while pending behind a busy handler of its level: it never runs. */
	blocker = softint_establish(SOFTINT_NET | SOFTINT_MPSAFE, block_handler, __UNVOLATILE(&gate));
	softint_schedule(blocker);
	KT_ASSERT(ksync_wait_for(&gate, 1, 2000), "blocking softint never ran");
	softint_schedule(si);
	softint_disestablish(si);
	__atomic_store_n(&gate, 2, __ATOMIC_RELEASE);
	kpause("ktsoft", false, 3, NULL);
	KT_ASSERT(s.runs == 2, "a disestablished softint ran");
	softint_disestablish(blocker);
}

KTEST(softint_mpsafe_runs_during_spl)
{
	struct soft s = { 0 };
	void *si = softint_establish(SOFTINT_CLOCK | SOFTINT_MPSAFE, soft_handler, &s);
	int spl = splhigh(), ran;

	softint_schedule(si);
	/* Busy-wait: sleeping would give up the interrupt lock and prove nothing. */
	for (ran = 0; ran < 20000 && s.runs == 0; ran++)
		DELAY(100);
	ran = s.runs;
	splx(spl);
	KT_ASSERT(ran, "an MPSAFE softint was held off by splhigh()");
	softint_disestablish(si);
}
