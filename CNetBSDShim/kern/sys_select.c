/*
 * select(9) and knote basics. A poller records itself in a selinfo (selrecord) and sleeps on the
 * selinfo's address; selnotify wakes it and runs the knotes on the selinfo's list. selnotify may
 * come from an interrupt handler, so the recorded poller is guarded by a spin mutex.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/poll.h>
#include <sys/event.h>
#include <sys/selinfo.h>
#include "kern/init_private.h"

static kmutex_t select_lock;

int
seltrue(dev_t dev, int events, struct lwp *l)
{
	(void)dev; (void)l;
	return events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
}

void
selinit(struct selinfo *sip)
{
	memset(sip, 0, sizeof(*sip));
	SLIST_INIT(&sip->sel_klist);
}

void
seldestroy(struct selinfo *sip)
{
	if (!SLIST_EMPTY(&sip->sel_klist))
		panic("seldestroy: selinfo %p still has knotes", sip);
}

void
selrecord(struct lwp *l, struct selinfo *sip)
{
	mutex_enter(&select_lock);
	if (sip->sel_lwp == NULL)
		sip->sel_lwp = l;
	else if (sip->sel_lwp != l)
		sip->sel_collision = 1;
	mutex_exit(&select_lock);
}

void
selnotify(struct selinfo *sip, int events, long knhint)
{
	bool recorded;

	(void)events;
	mutex_enter(&select_lock);
	recorded = sip->sel_lwp != NULL;
	sip->sel_lwp = NULL;
	sip->sel_collision = 0;
	mutex_exit(&select_lock);
	if (recorded)
		wakeup(sip);
	KNOTE(&sip->sel_klist, knhint);
}

void
knote(struct klist *list, long hint)
{
	struct knote *kn;

	SLIST_FOREACH(kn, list, kn_selnext)
		if (kn->kn_fop->f_event(kn, hint))
			kn->kn_status |= KN_ACTIVE;
}

int
filt_seltrue(struct knote *kn, long hint)
{
	(void)hint;
	kn->kn_data = 0;
	return 1;
}

static void
filt_seltrue_detach(struct knote *kn)
{
	(void)kn;
}

const struct filterops seltrue_filtops = { 1, NULL, filt_seltrue_detach, filt_seltrue };

int
seltrue_kqfilter(dev_t dev, struct knote *kn)
{
	(void)dev;
	switch (kn->kn_filter) {
	case EVFILT_READ:
	case EVFILT_WRITE:
		kn->kn_fop = &seltrue_filtops;
		return 0;
	default:
		return EINVAL;
	}
}

static int
select_start(void)
{
	mutex_init(&select_lock, MUTEX_DEFAULT, IPL_HIGH);
	return 0;
}
NBSHIM_INIT(select_start, 10);
