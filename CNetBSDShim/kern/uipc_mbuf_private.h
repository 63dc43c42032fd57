/* Private to the personality: how bus_dma and PCI release reach the mbuf arena (uipc_mbuf.c). */
#ifndef NBSHIM_UIPC_MBUF_PRIVATE_H
#define NBSHIM_UIPC_MBUF_PRIVATE_H

#include <sys/types.h>

struct nbh_pci;

/* A device created a DMA map: from now on the arena is its DMA memory (first device only). */
void	nbshim_mbuf_dma_provider(struct nbh_pci *);
/* The device is released to the host: its chunks are retired, live ones reported and kept, and
 * other chunks forget it as a peer. */
void	nbshim_mbuf_forget_device(struct nbh_pci *);
/* Bus address of [va, va + len) when it lies in one arena chunk `dev` reaches (its own, or one the
 * host maps to the same bus address for it); ENXIO otherwise. */
int	nbshim_mbuf_bus_address(struct nbh_pci *, const void *, size_t, uint64_t *);

#endif
