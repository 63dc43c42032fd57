/*
 * The personality's per-function PCI state (private to the shim, not NetBSD API): the chipset tag
 * behind pa_pc, the bus_space and bus_dma tags pci_attach_args hand out, and the BAR mappings.
 * autoconf builds pci_attach_args with nbshim_pci_fill_attach_args.
 */
#ifndef NBSHIM_PCIDEV_PRIVATE_H
#define NBSHIM_PCIDEV_PRIVATE_H

#include <dev/pci/pcivar.h>

#define NBSHIM_PCI_NBARS	6

struct pci_chipset_tag {
	struct nbh_pci		*pc_host;
	pcitag_t		pc_tag;
	char			pc_backend[32];	/* "uio0", "model": for interrupt strings */
	struct bus_space_tag	pc_memt, pc_iot, pc_modelt;
	struct bus_dma_tag	pc_dmat, pc_dmat64;
	struct {
		void		*va;		/* NULL: not mapped (or served by the host) */
		uint64_t	size;
		int		refs;
	} pc_bar[NBSHIM_PCI_NBARS];
	struct pci_chipset_tag	*pc_next;
};

/*
 * Fills `pa` for the function `host` at bus/dev/function: ids, class, interrupt pin and line from
 * its config space, and that function's tags (created on first use, kept until
 * nbshim_pci_forget). 0 or an errno.
 */
int	nbshim_pci_fill_attach_args(struct nbh_pci *host, unsigned bus, unsigned dev, unsigned fn,
	    struct pci_attach_args *pa);
/* Drops the state of `host` after its driver detached; its mappings must be gone. */
void	nbshim_pci_forget(struct nbh_pci *host);
/* Drops the device properties the host gave for `host` (x86_autoconf.c). */
void	nbshim_pci_properties_forget(struct nbh_pci *host);
/* Disestablishes every interrupt handler of `pc` at the host (pci_intr.c); returns how many. */
int	nbshim_pci_intr_revoke(struct pci_chipset_tag *pc);

#endif
