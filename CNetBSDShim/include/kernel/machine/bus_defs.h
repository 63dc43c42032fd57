/*
 * bus_space(9) and bus_dma(9) types (machine/bus_defs.h in NetBSD's x86 API). Tags are per device:
 * they carry the host's handle for the PCI function, so register access through the host and DMA
 * address lookups need nothing else.
 */
#ifndef _NBSHIM_MACHINE_BUS_DEFS_H_
#define _NBSHIM_MACHINE_BUS_DEFS_H_

#include <sys/types.h>
#include <host/nbshim_hypercall.h>

typedef paddr_t		bus_addr_t;
typedef psize_t		bus_size_t;
/*
 * A bus_space handle is either the address of mapped device memory (a user-space pointer, top bit
 * clear: accessed inline with volatile loads and stores) or, with the top bit set, a BAR number and
 * offset: I/O-port BARs (pread/pwrite of the file the tag holds for the BAR, or through the host
 * when it has none) and device-model BARs (through the host). Offsets add to both forms.
 */
typedef vaddr_t		bus_space_handle_t;

#define NBSHIM_BSH_HOST		(1UL << 63)
#define NBSHIM_BSH_BAR_SHIFT	48
#define NBSHIM_BSH_OFFSET_MASK	((1UL << NBSHIM_BSH_BAR_SHIFT) - 1)
#define NBSHIM_BSH_HOST_MAKE(bar, off) \
	(NBSHIM_BSH_HOST | ((vaddr_t)(bar) << NBSHIM_BSH_BAR_SHIFT) | (vaddr_t)(off))

enum nbshim_bus_space_kind {
	NBSHIM_BUS_SPACE_MEM,	/* memory BARs mapped into this process */
	NBSHIM_BUS_SPACE_IO,	/* I/O-port BARs, through the host */
	NBSHIM_BUS_SPACE_MODEL,	/* memory BARs the host serves itself (device models) */
};

struct bus_space_tag {
	enum nbshim_bus_space_kind bst_kind;
	struct nbh_pci *bst_host;
	struct pci_chipset_tag *bst_pc;	/* owner: per-BAR mapping counts */
	/* I/O tags: per BAR, the host's file for port I/O done here (pread NULL: through the host). */
	struct nbh_pci_pio bst_pio[6];
};
typedef struct bus_space_tag *bus_space_tag_t;

/* One DMA segment as the device sees it. _ds_va is ours: where the CPU sees it, 0 when unknown. */
typedef struct nbshim_bus_dma_segment {
	bus_addr_t	ds_addr;
	bus_size_t	ds_len;
	vaddr_t		_ds_va;
} bus_dma_segment_t;

/* What a device can reach: no bounce buffers, so memory outside [0, dt_maxaddr] is refused. */
struct bus_dma_tag {
	struct nbh_pci	*dt_host;
	bus_addr_t	dt_maxaddr;	/* highest bus address the device reaches */
	bus_size_t	dt_boundary;	/* 0 or a power of two no segment may cross */
	const char	*dt_name;	/* device name for messages */
	int		dt_refs;	/* subregion tags are reference counted */
	int		dt_derived;	/* made by bus_dmatag_subregion: freed at last release */
};
typedef struct bus_dma_tag *bus_dma_tag_t;

#define BUS_DMA_TAG_VALID(t)	((t) != NULL)

struct bus_dmamap {
	/* Ours: the limits from bus_dmamap_create. */
	bus_size_t	_dm_size;
	int		_dm_segcnt;
	bus_size_t	_dm_boundary;
	int		_dm_flags;
	int		_dm_loaded;	/* counted in the loaded maps (nbk_dma_stats) */
	/* NetBSD's public members, read by drivers. */
	bus_size_t	dm_maxsegsz;
	bus_size_t	dm_mapsize;
	int		dm_nsegs;
	bus_dma_segment_t dm_segs[1];	/* _dm_segcnt of them */
};
typedef struct bus_dmamap *bus_dmamap_t;

#endif
