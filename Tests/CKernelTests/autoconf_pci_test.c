/*
 * nbk_pci_attach and nbk_detach_all with a test driver for the edu model. ktpci matches only while
 * a test enables it, and then above any real edu driver, so other tests see the tree unchanged.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/nbshim_ioconf.h>
#include <dev/pci/pcivar.h>
#include <prop/proplib.h>
#include "ktest.h"

static volatile int ktpci_enabled;
static char ktpci_log[512];
static struct pci_attach_args ktpci_pa;
static char ktpci_props[128];	/* the host's device properties, as the attach saw them */

static void
ktpci_logf(const char *what, device_t self)
{
	size_t n = strlen(ktpci_log);

	snprintf(ktpci_log + n, sizeof(ktpci_log) - n, "%s%s:%s", n ? " " : "", device_xname(self),
	    what);
}

static int
ktpci_match(device_t parent, cfdata_t cf, void *aux)
{
	struct pci_attach_args *pa = aux;

	return ktpci_enabled && pa->pa_id == 0x11e81234 ? 100 : 0;
}

static void ktpci_interrupts(device_t self) { ktpci_logf("interrupts", self); }
static void ktpci_mountroot(device_t self) { ktpci_logf("mountroot", self); }

static void
ktpci_attach(device_t parent, device_t self, void *aux)
{
	prop_dictionary_t d = device_properties(self);
	const char *str = "-";
	bool flag = false;
	int64_t num = -1;

	ktpci_pa = *(struct pci_attach_args *)aux;
	(void)prop_dictionary_get_bool(d, "kt-flag", &flag);
	(void)prop_dictionary_get_int64(d, "kt-number", &num);
	(void)prop_dictionary_get_cstring_nocopy(d, "kt-string", &str);
	snprintf(ktpci_props, sizeof(ktpci_props), "flag %d off %d number %lld string %s", flag,
	    prop_dictionary_get(d, "kt-off") != NULL && !prop_bool_true(prop_dictionary_get(d, "kt-off")),
	    (long long)num, str);
	aprint_normal(": test PCI driver\n");
	ktpci_logf("attach", self);
	config_interrupts(self, ktpci_interrupts);
	config_mountroot(self, ktpci_mountroot);
}

static int
ktpci_detach(device_t self, int flags)
{
	ktpci_logf("detach", self);
	return 0;
}

CFATTACH_DECL_NEW(ktpci, 0, ktpci_match, ktpci_attach, ktpci_detach, NULL);
CFDRIVER_DECL(ktpci, DV_DULL, NULL);

/* ktpci* at pci? dev ? function ? */
static int ktpci_loc[] = { -1, -1 };
static const struct cfparent ktpci_pspec = { "pci", "pci", DVUNIT_ANY };
static struct cfdata ktpci_cfdata[] = {
	{ "ktpci", "ktpci", 0, FSTATE_STAR, ktpci_loc, 0, &ktpci_pspec },
	{ NULL }
};
NBSHIM_IOCONF(ktpci, ktpci_cfdata);

KTEST(ktpci_enable)
{
	ktpci_log[0] = '\0';
	ktpci_props[0] = '\0';
	ktpci_enabled = 1;
}

KTEST(ktpci_disable)
{
	ktpci_enabled = 0;
}

KTEST(ktpci_attached)
{
	device_t d = device_find_by_xname("ktpci0"), bus;

	KT_ASSERT(d != NULL, "ktpci0 attached");
	bus = device_parent(d);
	KT_ASSERT(bus != NULL && strcmp(device_xname(bus), "pci0") == 0);
	KT_ASSERT(device_is_a(device_parent(bus), "mainbus"));
	KT_ASSERT(device_locator(d, 0) == 4 && device_locator(d, 1) == 0, "dev 4 function 0");
	KT_ASSERT(ktpci_pa.pa_bus == 0 && ktpci_pa.pa_device == 4 && ktpci_pa.pa_function == 0);
	KT_ASSERT(ktpci_pa.pa_id == 0x11e81234 && ktpci_pa.pa_pc != NULL && ktpci_pa.pa_dmat != NULL);
	/* Hooks ran before nbk_pci_attach returned, after the attach. */
	KT_ASSERT(strcmp(ktpci_log, "ktpci0:attach ktpci0:interrupts ktpci0:mountroot") == 0,
	    "log: %s", ktpci_log);
}

/* The properties AutoconfPCITests gave with nbk_pci_property, typed, in place before the attach. */
KTEST(ktpci_properties)
{
	KT_ASSERT(strcmp(ktpci_props, "flag 1 off 1 number 40 string qemu") == 0, "props: %s", ktpci_props);
}

KTEST(ktpci_detached)
{
	KT_ASSERT(device_find_by_xname("ktpci0") == NULL);
	KT_ASSERT(device_find_by_xname("pci0") == NULL && device_find_by_xname("mainbus0") == NULL,
	    "buses go after their devices");
	KT_ASSERT(strstr(ktpci_log, "ktpci0:detach") != NULL, "log: %s", ktpci_log);
}
