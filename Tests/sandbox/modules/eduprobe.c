/*
 * A driver module for the attach acceptance test, built with `nbshim build --tree` (which writes
 * its ioconf from eduprobe.conf): it claims edu over the built-in driver (a higher match priority)
 * and only says so, which shows that a module loaded with --module registers its driver and
 * resolves the kernel API against nbshim.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <dev/pci/pcivar.h>

static int
eduprobe_match(device_t parent, cfdata_t cf, void *aux)
{
	const struct pci_attach_args *pa = aux;

	return PCI_VENDOR(pa->pa_id) == 0x1234 && PCI_PRODUCT(pa->pa_id) == 0x11e8 ? 10 : 0;
}

static void
eduprobe_attach(device_t parent, device_t self, void *aux)
{
	aprint_naive("\n");
	aprint_normal(": claimed by a module\n");
}

static int
eduprobe_detach(device_t self, int flags)
{
	return 0;
}

CFATTACH_DECL_NEW(eduprobe, 0, eduprobe_match, eduprobe_attach, eduprobe_detach, NULL);
