/*
 * The top of the device tree and the host's PCI entry points. mainbus0 is the root; below it one
 * pciN per PCI bus number the host offers functions from (pci0 for bus 0, as on a NetBSD PC).
 * nbk_pci_attach offers one function on its pciN the way NetBSD's PCI bus scan does, so the
 * console reads "edu0 at pci0 dev 4 function 0: ..." or "vendor ... at pci0 dev 4 function 0
 * not configured".
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/device.h>
#include <dev/pci/pcivar.h>
#include "dev/pci/pcidev_private.h"
#include "host/nbshim_hypercall.h"
#include "host/nbshim_kernel.h"
#include "kern/autoconf_impl.h"

/* Locator indices of the "pci" attribute (config(1) calls them PCICF_DEV, PCICF_FUNCTION). */
#define LOC_PCI_DEV	0
#define LOC_PCI_FUNCTION 1
#define NPCIBUS		256

static const struct cfiattrdata mainbus_pcibus_iattr = {
	"pcibus", 1, { { "bus", "-1", -1 } }
};
static const struct cfiattrdata *const mainbus_attrs[] = { &mainbus_pcibus_iattr, NULL };
static const struct cfiattrdata pci_pci_iattr = {
	"pci", 2, { { "dev", "-1", -1 }, { "function", "-1", -1 } }
};
static const struct cfiattrdata *const pci_attrs[] = { &pci_pci_iattr, NULL };

CFDRIVER_DECL(mainbus, DV_DULL, mainbus_attrs);
CFDRIVER_DECL(pci, DV_BUS, pci_attrs);

struct pcibus_attach_args {
	int pba_bus;
};

struct pci_softc {
	int sc_bus;
};

/* Functions the host offered that a driver attached to, for releasing them after detach. */
struct hostfn {
	device_t dev;
	struct nbh_pci *host;
	struct pci_chipset_tag *pc;
	bool abandoned;		/* its driver could not detach: taken away at exit (abandon) */
	struct hostfn *next;
};
static struct hostfn *hostfns;
static device_t mainbus_dev;
static device_t pci_buses[NPCIBUS];
static int pci_bus_loc[NPCIBUS];
static struct cfdata pci_bus_cfdata[NPCIBUS];
static const struct cfparent pci_pspec = { "pcibus", "mainbus", DVUNIT_ANY };
static struct cfdata mainbus_cfdata = { "mainbus", "mainbus", 0, FSTATE_NOTFOUND, NULL, 0, NULL };

static int
always_match(device_t parent, cfdata_t cf, void *aux)
{
	return 1;
}

static void
mainbus_attach(device_t parent, device_t self, void *aux)
{
	aprint_naive("\n");
	aprint_normal("\n");
}

static int
bus_detach(device_t self, int flags)
{
	return config_detach_children(self, flags);
}

static void
mainbus_childdetached(device_t self, device_t child)
{
	struct pci_softc *sc = device_private(child);

	pci_buses[sc->sc_bus] = NULL;
}

CFATTACH_DECL2_NEW(mainbus, 0, always_match, mainbus_attach, bus_detach, NULL, NULL,
    mainbus_childdetached);

static void
pci_attach(device_t parent, device_t self, void *aux)
{
	struct pci_softc *sc = device_private(self);

	sc->sc_bus = ((struct pcibus_attach_args *)aux)->pba_bus;
	aprint_naive("\n");
	aprint_normal("\n");
}

/* The driver let go of the function: the host may have it back. */
static void
pci_childdetached(device_t self, device_t child)
{
	struct hostfn **pp, *h;

	for (pp = &hostfns; (h = *pp) != NULL; pp = &h->next) {
		if (h->dev == child) {
			*pp = h->next;
			nbshim_pci_properties_forget(h->host);
			nbshim_pci_forget(h->host);
			nbh_mem_free(h, sizeof(*h));
			return;
		}
	}
}

CFATTACH_DECL2_NEW(pci, sizeof(struct pci_softc), always_match, pci_attach, bus_detach, NULL,
    NULL, pci_childdetached);

static int
mainbus_print(void *aux, const char *pnp)
{
	struct pcibus_attach_args *pba = aux;

	if (pnp != NULL)
		aprint_normal("pci at %s", pnp);
	aprint_normal(" bus %d", pba->pba_bus);
	return UNCONF;
}

static int
pci_print(void *aux, const char *pnp)
{
	struct pci_attach_args *pa = aux;
	char info[128];

	if (pnp != NULL) {
		pci_devinfo(pa->pa_id, pa->pa_class, 1, info, sizeof(info));
		aprint_normal("%s at %s", info, pnp);
	}
	aprint_normal(" dev %d function %d", pa->pa_device, pa->pa_function);
	return UNCONF;
}

/* pciN for `bus`, attaching mainbus0 and it on first use. Lock held. */
static device_t
pci_bus(unsigned bus)
{
	struct pcibus_attach_args pba = { (int)bus };
	struct cfdata *cf = &pci_bus_cfdata[bus];

	if (mainbus_dev == NULL &&
	    (mainbus_dev = config_attach_loc(NULL, &mainbus_cfdata, NULL, NULL, NULL)) == NULL)
		return NULL;
	if (pci_buses[bus] != NULL)
		return pci_buses[bus];
	/* "pciN at mainbus0 bus N": a fixed unit, as a kernel configuration would give it. */
	pci_bus_loc[bus] = (int)bus;
	cf->cf_name = "pci";
	cf->cf_atname = "pci";
	cf->cf_unit = (short)bus;
	cf->cf_fstate = FSTATE_NOTFOUND;
	cf->cf_loc = &pci_bus_loc[bus];
	cf->cf_pspec = &pci_pspec;
	pci_buses[bus] = config_attach_loc(mainbus_dev, cf, &pci_bus_loc[bus], &pba, mainbus_print);
	return pci_buses[bus];
}

int
nbk_pci_attach(struct nbh_pci *host, unsigned bus, unsigned device, unsigned function)
{
	struct pci_attach_args pa;
	struct hostfn *h;
	device_t pcibus, child;
	int locs[2], rv;

	autoconf_enter();
	for (h = hostfns; h != NULL; h = h->next) {
		if (h->host == host) {
			printf("nbk_pci_attach: %u:%u.%u is already attached as %s\n", bus, device,
			    function, device_xname(h->dev));
			rv = EBUSY;
			goto out;
		}
	}
	if ((rv = nbshim_pci_fill_attach_args(host, bus, device, function, &pa)) != 0)
		goto out;
	if ((pcibus = pci_bus(bus)) == NULL) {
		nbshim_pci_forget(host);
		rv = ENXIO;
		goto out;
	}
	locs[LOC_PCI_DEV] = (int)device;
	locs[LOC_PCI_FUNCTION] = (int)function;
	child = config_found_sm_loc(pcibus, "pci", locs, &pa, pci_print, config_stdsubmatch);
	if (child == NULL) {
		nbshim_pci_forget(host);
		rv = ENXIO;
		goto out;
	}
	if ((h = nbh_mem_alloc(sizeof(*h), 0)) == NULL)
		panic("nbk_pci_attach: out of memory");
	h->dev = child;
	h->host = host;
	h->pc = pa.pa_pc;
	h->abandoned = false;
	h->next = hostfns;
	hostfns = h;
	rv = 0;
out:
	if (rv != 0)
		nbshim_pci_properties_forget(host);
	autoconf_exit();	/* runs config_defer/interrupts/mountroot hooks */
	return rv;
}

const char *
nbk_pci_device_name(struct nbh_pci *host)
{
	struct hostfn *h;

	for (h = hostfns; h != NULL; h = h->next)
		if (h->host == host)
			return device_xname(h->dev);
	return NULL;
}

/* Says which devices at or below `top` have no detach function; how many. */
static int
report_nodetach(device_t top)
{
	device_t d, a;
	int n = 0;

	for (d = autoconf_alldevs(); d != NULL; d = d->dv_next) {
		for (a = d; a != NULL && a != top; a = a->dv_parent)
			continue;
		if (a != NULL && d->dv_cfattach->ca_detach == NULL) {
			printf("%s: no detach function; quiesced at exit\n", device_xname(d));
			n++;
		}
	}
	return n;
}

/*
 * The process is ending and the driver of h's function will not let go: NetBSD would leave it
 * attached until halt. Tell the drivers the device is gone (deactivate), stop its interrupts, and
 * have the host take the function away; every tag the drivers hold points into the chipset, so
 * from then on their accesses reach the removed function the host returns.
 */
static void
abandon(struct hostfn *h, int error)
{
	struct pci_chipset_tag *pc = h->pc;
	struct nbh_pci *gone;
	unsigned mapped = 0;
	int bar;

	if (report_nodetach(h->dev) == 0)
		printf("%s: detach failed (error %d); quiesced at exit\n", device_xname(h->dev), error);
	(void)config_deactivate(h->dev);
	(void)nbshim_pci_intr_revoke(pc);
	for (bar = 0; bar < NBSHIM_PCI_NBARS; bar++) {
		if (pc->pc_bar[bar].va != NULL)
			mapped |= 1u << bar;
		/* Port I/O goes to the host from now on, and so to the removed function. */
		__atomic_store_n(&pc->pc_iot.bst_pio[bar].pread, NULL, __ATOMIC_RELEASE);
		__atomic_store_n(&pc->pc_iot.bst_pio[bar].pwrite, NULL, __ATOMIC_RELEASE);
	}
	gone = nbh_pci_abandon(h->host, mapped);
	__atomic_store_n(&pc->pc_memt.bst_host, gone, __ATOMIC_RELEASE);
	__atomic_store_n(&pc->pc_iot.bst_host, gone, __ATOMIC_RELEASE);
	__atomic_store_n(&pc->pc_modelt.bst_host, gone, __ATOMIC_RELEASE);
	__atomic_store_n(&pc->pc_dmat.dt_host, gone, __ATOMIC_RELEASE);
	__atomic_store_n(&pc->pc_dmat64.dt_host, gone, __ATOMIC_RELEASE);
	__atomic_store_n(&pc->pc_host, gone, __ATOMIC_RELEASE);
	h->abandoned = true;
}

int
nbk_detach_all(void)
{
	device_t d, last;
	struct hostfn *h, *lh;
	int r, rv = 0;
	bool kept = false;

	doshutdownhooks();
	autoconf_enter();
	/* Drivers of host functions first, newest first; each detaches its own children. */
	for (;;) {
		last = NULL;
		lh = NULL;
		for (d = autoconf_alldevs(); d != NULL; d = d->dv_next) {
			for (h = hostfns; h != NULL; h = h->next) {
				if (h->dev == d && !h->abandoned) {
					last = d;
					lh = h;
				}
			}
		}
		if (last == NULL)
			break;
		if ((r = config_detach(last, 0)) != 0)
			abandon(lh, r);		/* on success lh is gone (pci_childdetached) */
	}
	for (h = hostfns; h != NULL; h = h->next)
		kept |= h->abandoned;
	/* Then the buses, unless an abandoned function is still below them. */
	if (!kept && mainbus_dev != NULL) {
		if ((rv = config_detach(mainbus_dev, 0)) == 0)
			mainbus_dev = NULL;
	}
	autoconf_exit();
	return rv;
}
