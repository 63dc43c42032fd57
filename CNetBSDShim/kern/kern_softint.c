/*
 * softint(9): one thread per level, each running its scheduled handlers in scheduling order. A
 * handler scheduled again before it ran runs once. Handlers without SOFTINT_MPSAFE run at their
 * soft IPL, so under the interrupt lock (spl.c).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/intr.h>
#include <sys/kthread.h>
#include "kern/init_private.h"
#include "kern/sync_private.h"

struct softint {
	struct softint	*si_next;
	void		(*si_func)(void *);
	void		*si_arg;
	u_int		si_level;
	bool		si_mpsafe;
	bool		si_pending;
};

static struct softint_level {
	const char		*name;
	int			ipl;
	struct softint		*head, **tail;
	struct softint		*running;
	struct nbh_cond *volatile wake;
	struct lwp		*lwp;
} levels[SOFTINT_COUNT] = {
	[SOFTINT_BIO] = { "softbio", IPL_SOFTBIO },
	[SOFTINT_CLOCK] = { "softclk", IPL_SOFTCLOCK },
	[SOFTINT_SERIAL] = { "softser", IPL_SOFTSERIAL },
	[SOFTINT_NET] = { "softnet", IPL_SOFTNET },
};

static struct nbh_mutex *volatile softint_lock;
static struct nbh_cond *volatile softint_done;

void *
softint_establish(u_int flags, void (*func)(void *), void *arg)
{
	struct softint *si;
	u_int level = flags & SOFTINT_LVLMASK;

	if (level >= SOFTINT_COUNT)
		panic("softint_establish: unknown level %u", level);
	si = nbshim_alloc(sizeof(*si), "softint_establish");
	si->si_func = func;
	si->si_arg = arg;
	si->si_level = level;
	si->si_mpsafe = (flags & SOFTINT_MPSAFE) != 0;
	return si;
}

void
softint_schedule(void *cookie)
{
	struct softint *si = cookie;
	struct softint_level *lv = &levels[si->si_level];
	struct nbh_mutex *m = nbshim_host_mutex(&softint_lock, true);

	nbh_mutex_enter(m);
	if (!si->si_pending) {
		si->si_pending = true;
		si->si_next = NULL;
		if (lv->head == NULL)
			lv->tail = &lv->head;
		*lv->tail = si;
		lv->tail = &si->si_next;
		nbh_cond_signal(nbshim_host_cond(&lv->wake));
	}
	nbh_mutex_exit(m);
}

void
softint_schedule_cpu(void *cookie, struct cpu_info *ci)
{
	(void)ci;
	softint_schedule(cookie);
}

/* Unschedules the handler and waits until it is not running, then frees it. */
void
softint_disestablish(void *cookie)
{
	struct softint *si = cookie, **pp;
	struct softint_level *lv = &levels[si->si_level];
	struct nbh_mutex *m = nbshim_host_mutex(&softint_lock, true);
	struct lwp *l = curlwp;
	bool held;

	nbh_mutex_enter(m);
	if (si->si_pending) {
		for (pp = &lv->head; *pp != si; pp = &(*pp)->si_next)
			continue;
		*pp = si->si_next;
		if (lv->tail == &si->si_next)
			lv->tail = pp;
		si->si_pending = false;
	}
	while (lv->running == si) {
		if (l == lv->lwp)
			panic("softint_disestablish: called from the handler itself");
		held = nbshim_biglock_drop(l);
		nbh_cond_wait(nbshim_host_cond(&softint_done), m);
		nbh_mutex_exit(m);
		nbshim_biglock_resume(l, held);
		nbh_mutex_enter(m);
	}
	nbh_mutex_exit(m);
	nbshim_free(si, sizeof(*si));
}

static void
softint_thread(void *arg)
{
	struct softint_level *lv = arg;
	struct nbh_mutex *m = nbshim_host_mutex(&softint_lock, true);
	struct nbh_cond *wake = nbshim_host_cond(&lv->wake);
	struct nbh_cond *done = nbshim_host_cond(&softint_done);
	struct softint *si;
	int s;

	curlwp->l_nbshim_softint = true;
	nbh_mutex_enter(m);
	for (;;) {
		if ((si = lv->head) == NULL) {
			nbh_cond_wait(wake, m);
			continue;
		}
		/*
		 * A non-MPSAFE handler is taken off the queue only once its IPL is held, so that
		 * schedules made inside a splsoftnet() section coalesce into one run, as in NetBSD.
		 */
		/* The level is put back after the handler even if it left an spl section open. */
		s = curlwp->l_nbshim_ipl;
		if (!si->si_mpsafe) {
			nbh_mutex_exit(m);
			s = splraise(lv->ipl);
			nbh_mutex_enter(m);
			if (lv->head != si) {	/* disestablished meanwhile */
				nbh_mutex_exit(m);
				splx(s);
				nbh_mutex_enter(m);
				continue;
			}
		}
		lv->head = si->si_next;
		si->si_pending = false;
		lv->running = si;
		nbh_mutex_exit(m);
		si->si_func(si->si_arg);
		splx(s);
		nbh_mutex_enter(m);
		lv->running = NULL;
		nbh_cond_broadcast(done);
	}
}

static int
softint_startup(void)
{
	int i, error;

	for (i = 0; i < SOFTINT_COUNT; i++) {
		error = kthread_create(PRI_SOFTNET, KTHREAD_MPSAFE, NULL, softint_thread, &levels[i],
		    &levels[i].lwp, "%s", levels[i].name);
		if (error != 0)
			return error;
	}
	return 0;
}
NBSHIM_INIT(softint_startup, 30);
