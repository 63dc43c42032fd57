/* spl(9) emulation: levels nest and restore; splnet() sections exclude a running non-MPSAFE
 * interrupt thread (nbshim_intr_enter, as pci_intr delivery uses it), but not an MPSAFE one. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/intr.h>
#include <sys/cpu.h>
#include "arch/x86/intr_private.h"
#include "sync_helpers.h"
#include "ktest.h"

KTEST(spl_levels_nest)
{
	int s1, s2, s3;

	KT_ASSERT(splraise(IPL_NONE) == IPL_NONE);
	s1 = splsoftnet();
	s2 = splnet();
	s3 = splsoftclock();	/* lower than the current level: no change */
	KT_ASSERT(s1 == IPL_NONE && s2 == IPL_SOFTNET && s3 == IPL_VM, "%d %d %d", s1, s2, s3);
	KT_ASSERT(splraise(IPL_NONE) == IPL_VM);
	splx(s3);
	KT_ASSERT(splraise(IPL_NONE) == IPL_VM);
	s3 = splhigh();
	KT_ASSERT(splraise(IPL_NONE) == IPL_HIGH);
	splx(s3);
	splx(s2);
	KT_ASSERT(splraise(IPL_NONE) == IPL_SOFTNET);
	splx(s1);
	KT_ASSERT(splraise(IPL_NONE) == IPL_NONE);
	KT_ASSERT(splraiseipl(makeiplcookie(IPL_BIO)) == IPL_NONE);
	KT_ASSERT(splraise(IPL_NONE) == IPL_VM && IPL_NET == IPL_VM && IPL_BIO == IPL_VM);
	spl0();
	KT_ASSERT(splraise(IPL_NONE) == IPL_NONE);
}

struct intr_sim {
	bool		mpsafe;
	volatile int	stop;
	volatile int	in_section;	/* the main thread is inside splnet() */
	volatile int	handled;
	volatile int	during_section;
	volatile int	intr_p;		/* cpu_intr_p() inside the handler */
};

/* An "interrupt thread": one handler call after another, as the host delivers a busy line. */
static void
interrupt_thread(void *arg)
{
	struct intr_sim *is = arg;
	int s;

	while (!__atomic_load_n(&is->stop, __ATOMIC_ACQUIRE)) {
		s = nbshim_intr_enter(IPL_NET, is->mpsafe);
		if (__atomic_load_n(&is->in_section, __ATOMIC_ACQUIRE))
			__atomic_add_fetch(&is->during_section, 1, __ATOMIC_RELAXED);
		is->intr_p = cpu_intr_p();
		__atomic_add_fetch(&is->handled, 1, __ATOMIC_RELEASE);
		DELAY(20);
		nbshim_intr_exit(s);
	}
}

static void
run_sections(struct intr_sim *is, int sections)
{
	int i, s;

	for (i = 0; i < sections; i++) {
		s = splnet();
		__atomic_store_n(&is->in_section, 1, __ATOMIC_RELEASE);
		DELAY(500);
		__atomic_store_n(&is->in_section, 0, __ATOMIC_RELEASE);
		splx(s);
		DELAY(100);
	}
}

KTEST(spl_excludes_interrupt_handler)
{
	struct intr_sim is = { .mpsafe = false };
	struct lwp *l = ksync_spawn(interrupt_thread, &is, "ktintr");
	int before;

	KT_ASSERT(ksync_wait_for(&is.intr_p, 1, 2000), "handler never ran (or cpu_intr_p false)");
	run_sections(&is, 200);
	before = is.handled;
	DELAY(2000);
	__atomic_store_n(&is.stop, 1, __ATOMIC_RELEASE);
	ksync_join(l);
	KT_ASSERT(is.during_section == 0, "handler ran %d times inside splnet()", is.during_section);
	KT_ASSERT(is.handled > before, "handler stopped running after the sections");
	KT_ASSERT(!cpu_intr_p(), "cpu_intr_p true outside a handler");
}

KTEST(spl_does_not_exclude_mpsafe_handler)
{
	struct intr_sim is = { .mpsafe = true };
	struct lwp *l = ksync_spawn(interrupt_thread, &is, "ktintrmp");

	KT_ASSERT(ksync_wait_for(&is.intr_p, 1, 2000), "handler never ran (or cpu_intr_p false)");
	run_sections(&is, 200);
	__atomic_store_n(&is.stop, 1, __ATOMIC_RELEASE);
	ksync_join(l);
	KT_ASSERT(is.during_section > 0, "an MPSAFE handler never overlapped a splnet() section");
}
