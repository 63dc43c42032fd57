/*
 * pmf(9): devices register suspend/resume/shutdown handlers; suspending runs the class handler
 * then the driver's, resuming the reverse. The host reaches this through nbk_device_suspend and
 * nbk_device_resume. Network-class handlers need ifnet, which the shim does not have yet: their
 * suspension fails with a message rather than pretending.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/device.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/queue.h>
#include <sys/workqueue.h>
#include "kern/init_private.h"
#include "host/nbshim_hypercall.h"
#include "host/nbshim_kernel.h"
#include "autoconf_impl.h"

static const device_suspensor_t suspensor_self = { NULL, "self" };
static const device_suspensor_t suspensor_system = { NULL, "system" };
static const device_suspensor_t suspensor_drvctl = { NULL, "drvctl" };
const device_suspensor_t *const device_suspensor_self = &suspensor_self;
const device_suspensor_t *const device_suspensor_system = &suspensor_system;
const device_suspensor_t *const device_suspensor_drvctl = &suspensor_drvctl;

static const pmf_qual_t qual_none = { &suspensor_system, DEVACT_LEVEL_FULL };
static const pmf_qual_t qual_self = { &suspensor_self, DEVACT_LEVEL_DRIVER };
static const pmf_qual_t qual_drvctl = { &suspensor_drvctl, DEVACT_LEVEL_FULL };
const pmf_qual_t *const PMF_Q_NONE = &qual_none;
const pmf_qual_t *const PMF_Q_SELF = &qual_self;
const pmf_qual_t *const PMF_Q_DRVCTL = &qual_drvctl;

bool
pmf_device_register1(device_t dev, bool (*suspend)(device_t, const pmf_qual_t *),
    bool (*resume)(device_t, const pmf_qual_t *), bool (*shutdown)(device_t, int))
{
	dev->dv_driver_suspend = suspend;
	dev->dv_driver_resume = resume;
	dev->dv_driver_shutdown = shutdown;
	dev->dv_flags |= DVF_POWER_HANDLERS;
	return true;
}

void
pmf_device_deregister(device_t dev)
{
	dev->dv_driver_suspend = NULL;
	dev->dv_driver_resume = NULL;
	dev->dv_driver_shutdown = NULL;
	dev->dv_class_suspend = NULL;
	dev->dv_class_resume = NULL;
	dev->dv_class_private = NULL;
	dev->dv_flags &= ~DVF_POWER_HANDLERS;
}

bool
device_pmf_is_registered(device_t dev)
{
	return (dev->dv_flags & DVF_POWER_HANDLERS) != 0;
}

bool
device_pmf_driver_suspend(device_t dev, const pmf_qual_t *qual)
{
	if ((dev->dv_flags & DVF_DRIVER_SUSPENDED) != 0)
		return true;
	if (dev->dv_driver_suspend != NULL && !(*dev->dv_driver_suspend)(dev, qual))
		return false;
	dev->dv_flags |= DVF_DRIVER_SUSPENDED;
	return true;
}

bool
device_pmf_driver_resume(device_t dev, const pmf_qual_t *qual)
{
	if ((dev->dv_flags & DVF_DRIVER_SUSPENDED) == 0)
		return true;
	if (dev->dv_driver_resume != NULL && !(*dev->dv_driver_resume)(dev, qual))
		return false;
	dev->dv_flags &= ~DVF_DRIVER_SUSPENDED;
	return true;
}

static bool
network_class_unavailable(device_t dev, const pmf_qual_t *qual)
{
	(void)qual;
	printf("%s: pmf network class suspend/resume needs ifnet (if_stop/if_init), "
	    "which the shim does not provide yet\n", device_xname(dev));
	return false;
}

void
pmf_class_network_register(device_t dev, struct ifnet *ifp)
{
	dev->dv_class_private = ifp;
	dev->dv_class_suspend = network_class_unavailable;
	dev->dv_class_resume = network_class_unavailable;
}

bool
pmf_device_suspend(device_t dev, const pmf_qual_t *qual)
{
	if (!device_pmf_is_registered(dev))
		return false;
	if ((dev->dv_flags & DVF_CLASS_SUSPENDED) == 0) {
		if (dev->dv_class_suspend != NULL && !(*dev->dv_class_suspend)(dev, qual))
			return false;
		dev->dv_flags |= DVF_CLASS_SUSPENDED;
	}
	if (!device_pmf_driver_suspend(dev, qual)) {
		/* Undo the class step so the device keeps working. */
		if (dev->dv_class_resume == NULL || (*dev->dv_class_resume)(dev, qual))
			dev->dv_flags &= ~DVF_CLASS_SUSPENDED;
		return false;
	}
	return true;
}

bool
pmf_device_resume(device_t dev, const pmf_qual_t *qual)
{
	if (!device_pmf_is_registered(dev))
		return false;
	if (!device_pmf_driver_resume(dev, qual))
		return false;
	if ((dev->dv_flags & DVF_CLASS_SUSPENDED) != 0) {
		if (dev->dv_class_resume != NULL && !(*dev->dv_class_resume)(dev, qual))
			return false;
		dev->dv_flags &= ~DVF_CLASS_SUSPENDED;
	}
	return true;
}

/* Descendants first when suspending. */
bool
pmf_device_recursive_suspend(device_t dev, const pmf_qual_t *qual)
{
	device_t d, last;
	bool ok = true;

	autoconf_enter();
	do {
		last = NULL;
		for (d = autoconf_alldevs(); d != NULL; d = d->dv_next)
			if (d->dv_parent == dev && (d->dv_flags & DVF_DRIVER_SUSPENDED) == 0 &&
			    device_pmf_is_registered(d))
				last = d;
		if (last != NULL)
			ok = pmf_device_recursive_suspend(last, qual);
	} while (ok && last != NULL);
	if (ok)
		ok = pmf_device_suspend(dev, qual);
	autoconf_exit();
	return ok;
}

/* The device before its descendants when resuming. */
bool
pmf_device_subtree_resume(device_t dev, const pmf_qual_t *qual)
{
	device_t d;
	bool ok;

	autoconf_enter();
	ok = pmf_device_resume(dev, qual);
	for (d = autoconf_alldevs(); ok && d != NULL; d = d->dv_next)
		if (d->dv_parent == dev && device_pmf_is_registered(d))
			ok = pmf_device_subtree_resume(d, qual);
	autoconf_exit();
	return ok;
}

/* A device can only run on a powered parent: its suspended ancestors first, then the device. */
bool
pmf_device_recursive_resume(device_t dev, const pmf_qual_t *qual)
{
	device_t parent = device_parent(dev);
	bool ok = true;

	autoconf_enter();
	if (parent != NULL && !device_has_power(parent))
		ok = pmf_device_recursive_resume(parent, qual);
	if (ok)
		ok = pmf_device_resume(dev, qual);
	autoconf_exit();
	return ok;
}

/* Whether the device is active at `level` (full: no class, driver or bus suspension). */
bool
device_activation(device_t dev, devact_level_t level)
{
	int suspended = DVF_BUS_SUSPENDED;

	if (level <= DEVACT_LEVEL_DRIVER)
		suspended |= DVF_DRIVER_SUSPENDED;
	if (level <= DEVACT_LEVEL_CLASS)
		suspended |= DVF_CLASS_SUSPENDED;
	return (dev->dv_flags & DVF_ACTIVE) != 0 && (dev->dv_flags & suspended) == 0;
}

/* At most four handlers per device (NetBSD grows its array; four is more than any driver asks). */
bool
device_active_register(device_t dev, void (*handler)(device_t, devactive_t))
{
	size_t i;

	for (i = 0; i < __arraycount(dev->dv_activity_handlers); i++)
		if (dev->dv_activity_handlers[i] == NULL) {
			dev->dv_activity_handlers[i] = handler;
			return true;
		}
	printf("%s: device_active_register: no room for another activity handler\n", device_xname(dev));
	return false;
}

void
device_active_deregister(device_t dev, void (*handler)(device_t, devactive_t))
{
	size_t i;

	for (i = 0; i < __arraycount(dev->dv_activity_handlers); i++)
		if (dev->dv_activity_handlers[i] == handler)
			dev->dv_activity_handlers[i] = NULL;
}

void
device_active(device_t dev, devactive_t type)
{
	size_t i;

	for (i = 0; i < __arraycount(dev->dv_activity_handlers); i++)
		if (dev->dv_activity_handlers[i] != NULL)
			dev->dv_activity_handlers[i](dev, type);
}

/* A driver suspending itself names itself as the suspensor. */
void
pmf_self_suspensor_init(device_t dev, device_suspensor_t *ds, pmf_qual_t *pq)
{
	memset(ds, 0, sizeof(*ds));
	ds->ds_delegator = device_suspensor_self;
	strlcpy(ds->ds_name, device_xname(dev), sizeof(ds->ds_name));
	pq->pq_suspensor = ds;
	pq->pq_actlvl = DEVACT_LEVEL_FULL;
}

/* The host's suspend/resume by device name: ENXIO unknown, EOPNOTSUPP not registered, EIO refused. */
static int
nbshim_device_pmf(const char *xname, bool (*op)(device_t, const pmf_qual_t *))
{
	device_t dev;
	int rv;

	autoconf_enter();
	if ((dev = device_find_by_xname(xname)) == NULL)
		rv = ENXIO;
	else if (!device_pmf_is_registered(dev))
		rv = EOPNOTSUPP;
	else
		rv = op(dev, PMF_Q_DRVCTL) ? 0 : EIO;
	autoconf_exit();
	return rv;
}

int
nbk_device_suspend(const char *xname)
{
	return nbshim_device_pmf(xname, pmf_device_recursive_suspend);
}

int
nbk_device_resume(const char *xname)
{
	return nbshim_device_pmf(xname, pmf_device_subtree_resume);
}

/* ---- generic events: queued by pmf_event_inject (any context), run on a workqueue thread ---- */

struct pmf_handler {
	TAILQ_ENTRY(pmf_handler) link;
	pmf_generic_event_t ev;
	device_t dev;
	void (*fn)(device_t);
	bool global;
};

struct pmf_event {
	struct work wk;		/* first: the workqueue hands back this address */
	pmf_generic_event_t ev;
	device_t dev;
};

static TAILQ_HEAD(, pmf_handler) pmf_handlers = TAILQ_HEAD_INITIALIZER(pmf_handlers);
static kmutex_t pmf_handlers_lock;
static struct workqueue *pmf_events;

static void
pmf_event_run(struct work *wk, void *arg)
{
	struct pmf_event *e = (struct pmf_event *)wk;
	struct pmf_handler *h;

	(void)arg;
	mutex_enter(&pmf_handlers_lock);
	TAILQ_FOREACH(h, &pmf_handlers, link)
		if (h->ev == e->ev && (h->global || h->dev == e->dev))
			h->fn(h->dev);
	mutex_exit(&pmf_handlers_lock);
	kmem_intr_free(e, sizeof(*e));
}

static int
pmf_events_start(void)
{
	mutex_init(&pmf_handlers_lock, MUTEX_DEFAULT, IPL_NONE);
	return workqueue_create(&pmf_events, "pmfevent", pmf_event_run, NULL, PRI_NONE, IPL_VM,
	    WQ_MPSAFE);
}
NBSHIM_INIT(pmf_events_start, 35);

bool
pmf_event_register(device_t dev, pmf_generic_event_t ev, void (*fn)(device_t), bool global)
{
	struct pmf_handler *h = kmem_alloc(sizeof(*h), KM_SLEEP);

	h->ev = ev;
	h->dev = dev;
	h->fn = fn;
	h->global = global;
	mutex_enter(&pmf_handlers_lock);
	TAILQ_INSERT_TAIL(&pmf_handlers, h, link);
	mutex_exit(&pmf_handlers_lock);
	return true;
}

void
pmf_event_deregister(device_t dev, pmf_generic_event_t ev, void (*fn)(device_t), bool global)
{
	struct pmf_handler *h;

	mutex_enter(&pmf_handlers_lock);
	TAILQ_FOREACH(h, &pmf_handlers, link)
		if (h->dev == dev && h->ev == ev && h->fn == fn && h->global == global)
			break;
	if (h != NULL)
		TAILQ_REMOVE(&pmf_handlers, h, link);
	mutex_exit(&pmf_handlers_lock);
	if (h != NULL)
		kmem_free(h, sizeof(*h));
}

/* false when the event could not be queued (no memory in this context). */
bool
pmf_event_inject(device_t dev, pmf_generic_event_t ev)
{
	struct pmf_event *e = kmem_intr_alloc(sizeof(*e), KM_NOSLEEP);

	if (e == NULL)
		return false;
	e->ev = ev;
	e->dev = dev;
	workqueue_enqueue(pmf_events, &e->wk, NULL);
	return true;
}
