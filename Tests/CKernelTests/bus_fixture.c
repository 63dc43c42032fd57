/* The edu model device handed over by the Swift bus tests (see bus_fixture.h). */
#include <sys/param.h>
#include <sys/systm.h>
#include "dev/pci/pcidev_private.h"
#include "host/nbshim_hypercall.h"
#include "bus_fixture.h"

static struct nbh_pci *fixture_edu, *fixture_peer;
static struct nbh_pci_pio fixture_pio;

void
ktest_pio_fixture(const struct nbh_pci_pio *pio)
{
	fixture_pio = *pio;
}

const struct nbh_pci_pio *
ktest_pio(void)
{
	return &fixture_pio;
}

struct nbh_pci *
ktest_edu_host(void)
{
	return fixture_edu;
}

void
ktest_bus_fixture_begin(struct nbh_pci *edu)
{
	fixture_edu = edu;
}

void
ktest_bus_fixture_peer(struct nbh_pci *edu)
{
	fixture_peer = edu;
}

void
ktest_bus_fixture_end(void)
{
	if (fixture_peer != NULL)
		nbshim_pci_forget(fixture_peer);
	if (fixture_edu != NULL)
		nbshim_pci_forget(fixture_edu);
	fixture_edu = fixture_peer = NULL;
}

int
ktest_edu_attach_args(struct pci_attach_args *pa)
{
	if (fixture_edu == NULL)
		return ENXIO;
	return nbshim_pci_fill_attach_args(fixture_edu, 0, 4, 0, pa);
}

int
ktest_peer_attach_args(struct pci_attach_args *pa)
{
	if (fixture_peer == NULL)
		return ENXIO;
	return nbshim_pci_fill_attach_args(fixture_peer, 0, 5, 0, pa);
}

int
ktest_wait_flag(volatile int *flag, int ms)
{
	uint64_t end = nbh_clock_monotonic() + (uint64_t)ms * 1000000;

	while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) == 0 && nbh_clock_monotonic() < end)
		nbh_clock_sleep(100000);
	return __atomic_load_n(flag, __ATOMIC_ACQUIRE);
}
