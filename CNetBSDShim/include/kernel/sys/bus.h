/*
 * bus_space(9) and bus_dma(9) (sys/bus.h in NetBSD's API). Types in machine/bus_defs.h, inline
 * register accessors in machine/bus_funcs.h, the rest in bus_space.c and bus_dma.c.
 */
#ifndef _NBSHIM_SYS_BUS_H_
#define _NBSHIM_SYS_BUS_H_

#include <sys/types.h>
#include <machine/bus_defs.h>

struct mbuf;
struct uio;
struct proc;

/* bus_space_map flags */
#define BUS_SPACE_MAP_CACHEABLE		0x01
#define BUS_SPACE_MAP_LINEAR		0x02
#define BUS_SPACE_MAP_PREFETCHABLE	0x04

/* bus_space_barrier flags */
#define BUS_SPACE_BARRIER_READ		0x01
#define BUS_SPACE_BARRIER_WRITE		0x02

/* Whether a pointer suits a multi-byte bus_space access of type t: as ALIGNED_POINTER on x86. */
#define BUS_SPACE_ALIGNED_POINTER(p, t)	ALIGNED_POINTER(p, t)

int	bus_space_map(bus_space_tag_t, bus_addr_t, bus_size_t, int, bus_space_handle_t *);
void	bus_space_unmap(bus_space_tag_t, bus_space_handle_t, bus_size_t);
int	bus_space_subregion(bus_space_tag_t, bus_space_handle_t, bus_size_t, bus_size_t,
	    bus_space_handle_t *);
/* NULL for handles served by the host (no linear mapping exists). */
void	*bus_space_vaddr(bus_space_tag_t, bus_space_handle_t);
bool	bus_space_is_equal(bus_space_tag_t, bus_space_tag_t);
/* A process cannot map device memory for a user here: -1, as for any address that cannot be. */
paddr_t	bus_space_mmap(bus_space_tag_t, bus_addr_t, off_t, int, int);
/* Space is never allocated by address range here (the host decides where BARs are): EOPNOTSUPP. */
int	bus_space_alloc(bus_space_tag_t, bus_addr_t, bus_addr_t, bus_size_t, bus_size_t, bus_size_t,
	    int, bus_addr_t *, bus_space_handle_t *);
void	bus_space_free(bus_space_tag_t, bus_space_handle_t, bus_size_t);
bool	bus_space_handle_is_equal(bus_space_tag_t, bus_space_handle_t, bus_space_handle_t);

/* bus_dma flags */
#define BUS_DMA_WAITOK		0x000
#define BUS_DMA_NOWAIT		0x001
#define BUS_DMA_ALLOCNOW	0x002
#define BUS_DMA_COHERENT	0x004
#define BUS_DMA_STREAMING	0x008
#define BUS_DMA_BUS1		0x010
#define BUS_DMA_BUS2		0x020
#define BUS_DMA_BUS3		0x040
#define BUS_DMA_BUS4		0x080
#define BUS_DMA_READ		0x100
#define BUS_DMA_WRITE		0x200
#define BUS_DMA_NOCACHE		0x400
#define BUS_DMA_PREFETCHABLE	0x800

/* bus_dmamap_sync operations */
#define BUS_DMASYNC_PREREAD	0x01
#define BUS_DMASYNC_POSTREAD	0x02
#define BUS_DMASYNC_PREWRITE	0x04
#define BUS_DMASYNC_POSTWRITE	0x08

int	bus_dmamap_create(bus_dma_tag_t, bus_size_t, int, bus_size_t, bus_size_t, int,
	    bus_dmamap_t *);
void	bus_dmamap_destroy(bus_dma_tag_t, bus_dmamap_t);
int	bus_dmamap_load(bus_dma_tag_t, bus_dmamap_t, void *, bus_size_t, struct proc *, int);
/* Segments from the bus addresses of each mbuf's data (mbufs come from DMA memory). */
int	bus_dmamap_load_mbuf(bus_dma_tag_t, bus_dmamap_t, struct mbuf *, int);
int	bus_dmamap_load_uio(bus_dma_tag_t, bus_dmamap_t, struct uio *, int);
int	bus_dmamap_load_raw(bus_dma_tag_t, bus_dmamap_t, bus_dma_segment_t *, int, bus_size_t,
	    int);
void	bus_dmamap_unload(bus_dma_tag_t, bus_dmamap_t);
void	bus_dmamap_sync(bus_dma_tag_t, bus_dmamap_t, bus_addr_t, bus_size_t, int);

int	bus_dmamem_alloc(bus_dma_tag_t, bus_size_t, bus_size_t, bus_size_t, bus_dma_segment_t *,
	    int, int *, int);
void	bus_dmamem_free(bus_dma_tag_t, bus_dma_segment_t *, int);
int	bus_dmamem_map(bus_dma_tag_t, bus_dma_segment_t *, int, size_t, void **, int);
void	bus_dmamem_unmap(bus_dma_tag_t, void *, size_t);
paddr_t	bus_dmamem_mmap(bus_dma_tag_t, bus_dma_segment_t *, int, off_t, int, int);

int	bus_dmatag_subregion(bus_dma_tag_t, bus_addr_t, bus_addr_t, bus_dma_tag_t *, int);
void	bus_dmatag_destroy(bus_dma_tag_t);

#include <machine/bus_funcs.h>

#endif
