/*
 * pmf(9): devices register suspend/resume/shutdown handlers; suspending runs the class handler
 * then the driver's, resuming the reverse. The host reaches this through nbk_device_suspend and
 * nbk_device_resume. Network-class handlers need ifnet, which the shim does not have yet: their
 * suspension fails with a message rather than pretending.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/device.h>
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
pmf_device_recursive_resume(device_t dev, const pmf_qual_t *qual)
{
	device_t d;
	bool ok;

	autoconf_enter();
	ok = pmf_device_resume(dev, qual);
	for (d = autoconf_alldevs(); ok && d != NULL; d = d->dv_next)
		if (d->dv_parent == dev && device_pmf_is_registered(d))
			ok = pmf_device_recursive_resume(d, qual);
	autoconf_exit();
	return ok;
}

/* The host's suspend/resume by device name: ENXIO unknown, EOPNOTSUPP not registered, EIO refused. */
static int
nbk_device_pmf(const char *xname, bool (*op)(device_t, const pmf_qual_t *))
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
	return nbk_device_pmf(xname, pmf_device_recursive_suspend);
}

int
nbk_device_resume(const char *xname)
{
	return nbk_device_pmf(xname, pmf_device_recursive_resume);
}
