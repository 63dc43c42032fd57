/*
 * nbk_detach_all with a driver that has no detach function (like viornd): at exit its function is
 * taken away (deactivated, interrupts revoked, the host's removed function behind its tags), the
 * device stays in the tree, and nbk_detach_all still succeeds. ktnodet claims the edu model only
 * while a test enables it, above every other driver.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/bus.h>
#include <sys/nbshim_ioconf.h>
#include <dev/pci/pcivar.h>
#include "ktest.h"

struct ktnodet_softc {
	pci_chipset_tag_t	sc_pc;
	pcitag_t		sc_tag;
	bus_space_tag_t		sc_memt;
	bus_space_handle_t	sc_memh;
	void			*sc_ih;
	volatile int		sc_intrs;
	int			sc_deactivated;
};

static volatile int ktnodet_enabled;

static int
ktnodet_match(device_t parent, cfdata_t cf, void *aux)
{
	struct pci_attach_args *pa = aux;

	return ktnodet_enabled && pa->pa_id == 0x11e81234 ? 200 : 0;
}

static int
ktnodet_intr(void *arg)
{
	struct ktnodet_softc *sc = arg;
	uint32_t status = bus_space_read_4(sc->sc_memt, sc->sc_memh, 0x24);

	bus_space_write_4(sc->sc_memt, sc->sc_memh, 0x64, status);	/* acknowledge */
	sc->sc_intrs++;
	return 1;
}

static void
ktnodet_attach(device_t parent, device_t self, void *aux)
{
	struct ktnodet_softc *sc = device_private(self);
	struct pci_attach_args *pa = aux;
	pci_intr_handle_t ih;

	sc->sc_pc = pa->pa_pc;
	sc->sc_tag = pa->pa_tag;
	aprint_normal(": no detach function\n");
	if (pci_mapreg_map(pa, PCI_MAPREG_START, PCI_MAPREG_TYPE_MEM, 0, &sc->sc_memt, &sc->sc_memh,
	    NULL, NULL) != 0 || pci_intr_map(pa, &ih) != 0)
		return;
	sc->sc_ih = pci_intr_establish_xname(pa->pa_pc, ih, IPL_BIO, ktnodet_intr, sc,
	    device_xname(self));
}

static int
ktnodet_activate(device_t self, enum devact act)
{
	struct ktnodet_softc *sc = device_private(self);

	sc->sc_deactivated = act == DVACT_DEACTIVATE;
	return 0;
}

CFATTACH_DECL_NEW(ktnodet, sizeof(struct ktnodet_softc), ktnodet_match, ktnodet_attach, NULL,
    ktnodet_activate);
CFDRIVER_DECL(ktnodet, DV_DULL, NULL);

static int ktnodet_loc[] = { -1, -1 };
static const struct cfparent ktnodet_pspec = { "pci", "pci", DVUNIT_ANY };
static struct cfdata ktnodet_cfdata[] = {
	{ "ktnodet", "ktnodet", 0, FSTATE_STAR, ktnodet_loc, 0, &ktnodet_pspec },
	{ NULL }
};
NBSHIM_IOCONF(ktnodet, ktnodet_cfdata);

static struct ktnodet_softc *
ktnodet_sc(void)
{
	device_t d = device_find_by_xname("ktnodet0");

	return d == NULL ? NULL : device_private(d);
}

KTEST(ktnodet_enable) { ktnodet_enabled = 1; }
KTEST(ktnodet_disable) { ktnodet_enabled = 0; }

/* Attached and working: the device answers, its interrupt (raised by the Swift test) arrives. */
KTEST(ktnodet_attached)
{
	struct ktnodet_softc *sc = ktnodet_sc();

	KT_ASSERT(sc != NULL && sc->sc_ih != NULL, "ktnodet0 attached with an interrupt");
	KT_ASSERT(pci_conf_read(sc->sc_pc, sc->sc_tag, 0) == 0x11e81234);
	KT_ASSERT(bus_space_read_4(sc->sc_memt, sc->sc_memh, 0) == 0x010000ed, "edu's id register");
	KT_ASSERT(sc->sc_intrs > 0, "%d interrupts", sc->sc_intrs);
}

static int ktnodet_intrs_taken;

/* After nbk_detach_all: still in the tree, told it is gone, and reaching a removed function. */
KTEST(ktnodet_taken)
{
	struct ktnodet_softc *sc = ktnodet_sc();

	KT_ASSERT(sc != NULL, "ktnodet0 stays in the device tree");
	KT_ASSERT(sc->sc_deactivated, "the driver was deactivated");
	KT_ASSERT(!device_is_enabled(device_find_by_xname("ktnodet0")));
	KT_ASSERT(pci_conf_read(sc->sc_pc, sc->sc_tag, 0) == 0xffffffff, "config reads all ones");
	KT_ASSERT(bus_space_read_4(sc->sc_memt, sc->sc_memh, 0) == 0xffffffff, "registers read all ones");
	bus_space_write_4(sc->sc_memt, sc->sc_memh, 0x60, 1);	/* dropped: raises nothing */
	ktnodet_intrs_taken = sc->sc_intrs;
}

/* Run after the Swift test raised the model's interrupt itself: the handler is gone. */
KTEST(ktnodet_quiet)
{
	struct ktnodet_softc *sc = ktnodet_sc();

	KT_ASSERT(sc != NULL && sc->sc_intrs == ktnodet_intrs_taken, "%d interrupts after abandoning, %d before",
	    sc->sc_intrs, ktnodet_intrs_taken);
}

/* Test hygiene only: give the driver a detach function so the tree empties for later tests. */
static int ktnodet_detach(device_t self, int flags) { return 0; }

KTEST(ktnodet_cleanup)
{
	device_t d = device_find_by_xname("ktnodet0");

	KT_ASSERT(d != NULL);
	ktnodet_ca.ca_detach = ktnodet_detach;
	KT_ASSERT(config_detach(d, 0) == 0);
	ktnodet_ca.ca_detach = NULL;
	KT_ASSERT(device_find_by_xname("ktnodet0") == NULL);
}
