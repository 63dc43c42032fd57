/* spl(9) emulation: levels nest and restore; splnet() sections exclude a running non-MPSAFE
 * interrupt thread (nbshim_intr_enter, as pci_intr delivery uses it), but not an MPSAFE one; a
 * callout or softint handler that returns with its level raised does not keep it. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/intr.h>
#include <sys/cpu.h>
#include <sys/callout.h>
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

/* Returns with an splnet() section still open, as 9.1's wm_tick does in its non-MPSAFE build. */
static void
leave_spl_raised(void *arg)
{
	(void)splnet();
	__atomic_add_fetch((volatile int *)arg, 1, __ATOMIC_RELEASE);
}

/* An splnet() section: it cannot open while another thread keeps one open. */
static void
spl_section(void *arg)
{
	int s = splnet();

	splx(s);
	__atomic_add_fetch((volatile int *)arg, 1, __ATOMIC_RELEASE);
}

/* True once an splnet() section on another thread (softserial) could open and close. */
static bool
splnet_still_opens(void)
{
	volatile int done = 0;
	void *si = softint_establish(SOFTINT_SERIAL | SOFTINT_MPSAFE, spl_section, __UNVOLATILE(&done));

	softint_schedule(si);
	if (!ksync_wait_for(&done, 1, 2000))
		return false;		/* the softserial thread stays blocked; the test fails */
	softint_disestablish(si);
	return true;
}

KTEST(spl_left_raised_by_callout_is_lowered)
{
	volatile int ran = 0;
	callout_t co[2];
	int i;

	for (i = 0; i < 2; i++) {
		callout_init(&co[i], i == 0 ? 0 : CALLOUT_MPSAFE);
		callout_reset(&co[i], 1, leave_spl_raised, __UNVOLATILE(&ran));
	}
	KT_ASSERT(ksync_wait_for(&ran, 2, 2000), "%d of 2 callouts ran", ran);
	KT_ASSERT(splnet_still_opens(), "a callout's open splnet() kept every other section out");
	for (i = 0; i < 2; i++)
		callout_destroy(&co[i]);
}

KTEST(spl_left_raised_by_softint_is_lowered)
{
	volatile int ran = 0;
	void *si[2];
	int i;

	for (i = 0; i < 2; i++) {
		si[i] = softint_establish(SOFTINT_NET | (i == 0 ? 0 : SOFTINT_MPSAFE), leave_spl_raised,
		    __UNVOLATILE(&ran));
		softint_schedule(si[i]);
	}
	KT_ASSERT(ksync_wait_for(&ran, 2, 2000), "%d of 2 softints ran", ran);
	KT_ASSERT(splnet_still_opens(), "a softint's open splnet() kept every other section out");
	for (i = 0; i < 2; i++)
		softint_disestablish(si[i]);
}
