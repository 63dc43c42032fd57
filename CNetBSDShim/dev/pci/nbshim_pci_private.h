/*
 * Shared by the personality's pci.c, pci_map.c, pci_intr.c and bus_space.c: configuration-space
 * offsets under our own names (so these files compile the same whether or not a NetBSD tree's
 * pcireg.h is around) and the BAR mapping bookkeeping.
 */
#ifndef NBSHIM_PCI_PRIVATE_H
#define NBSHIM_PCI_PRIVATE_H

#include "dev/pci/pcidev_private.h"
#include "host/nbshim_hypercall.h"

#define CFG_ID			0x00
#define CFG_COMMAND		0x04
#define CFG_CMD_IO		0x0001
#define CFG_CMD_MEM		0x0002
#define CFG_STATUS_CAPLIST	0x00100000
#define CFG_CLASS		0x08
#define CFG_BHLC		0x0c
#define CFG_BAR0		0x10
#define CFG_BAR_END		0x28
#define CFG_CAPPTR		0x34
#define CFG_CAPPTR_CARDBUS	0x14
#define CFG_INTERRUPT		0x3c
#define CAP_PWRMGMT		0x01
#define CAP_MSI			0x05
#define CAP_MSIX		0x11
#define PM_CSR			0x04

/* A BAR as its registers describe it (probed with all ones, decoding off meanwhile). */
struct nbshim_bar {
	int		io;		/* I/O ports, else memory */
	int		is64;		/* 64-bit memory BAR: the next register holds the high half */
	int		prefetchable;
	uint64_t	base;
	uint64_t	size;		/* 0: not implemented */
};
int	nbshim_bar_probe(pci_chipset_tag_t, int reg, struct nbshim_bar *);

/* Maps memory BAR `bar` once (counted): 0 with *va set, EOPNOTSUPP when the host serves it. */
int	nbshim_bar_map(pci_chipset_tag_t, int bar, void **va, uint64_t *size);
/* Drops one mapping of the BAR holding `va`; unmaps it with the last. */
void	nbshim_bar_unmap_va(pci_chipset_tag_t, const void *va);

#endif
