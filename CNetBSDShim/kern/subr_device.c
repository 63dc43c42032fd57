/*
 * Accessors of device_t (device(9)): what a driver may read of a device without reaching into
 * struct device. Apart from the autoconf machinery so printf(9) and others can name a device
 * without depending on it.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/device.h>

devclass_t device_class(device_t d) { return d->dv_class; }
cfdata_t device_cfdata(device_t d) { return d->dv_cfdata; }
cfdriver_t device_cfdriver(device_t d) { return d->dv_cfdriver; }
cfattach_t device_cfattach(device_t d) { return d->dv_cfattach; }
int device_unit(device_t d) { return d->dv_unit; }
const char *device_xname(device_t d) { return d->dv_xname; }
device_t device_parent(device_t d) { return d->dv_parent; }
void *device_private(device_t d) { return d == NULL ? NULL : d->dv_private; }
prop_dictionary_t device_properties(device_t d) { return d->dv_properties; }

bool
device_is_active(device_t d)
{
	return (d->dv_flags & DVF_ACTIVE) != 0 &&
	    (d->dv_flags & (DVF_CLASS_SUSPENDED | DVF_DRIVER_SUSPENDED | DVF_BUS_SUSPENDED)) == 0;
}

bool
device_is_enabled(device_t d)
{
	return (d->dv_flags & DVF_ACTIVE) != 0;
}

bool
device_has_power(device_t d)
{
	return (d->dv_flags & (DVF_DRIVER_SUSPENDED | DVF_BUS_SUSPENDED)) == 0;
}

bool
device_is_a(device_t d, const char *name)
{
	return d != NULL && strcmp(d->dv_cfdriver->cd_name, name) == 0;
}
