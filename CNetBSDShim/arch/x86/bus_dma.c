/*
 * bus_dma(9) without bounce buffers: DMA memory comes from the host (nbh_dma_alloc) already within
 * the tag's limits, and loading a map asks the host for the bus address of each bus-contiguous run
 * (one call for a buffer in one allocation), so segments follow bus contiguity, never virtual
 * contiguity. Memory the host did not allocate for DMA, or memory
 * beyond the tag's maximum address, is refused with a message instead of being copied.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/bus.h>
#include <sys/uio.h>
#include <sys/mbuf.h>
#include "host/nbshim_hypercall.h"
#include "host/nbshim_mmio.h"
#include "host/nbshim_kernel.h"
#include "kern/uipc_mbuf_private.h"

#define DMA_PAGE	4096UL

/* What drivers hold, for the leak line at detach (nbk_dma_stats). */
static volatile uint64_t maps_created, maps_loaded, mem_segments, mem_bytes;

void
nbk_dma_stats(struct nbk_dma_stats *out)
{
	out->maps = __atomic_load_n(&maps_created, __ATOMIC_RELAXED);
	out->loaded = __atomic_load_n(&maps_loaded, __ATOMIC_RELAXED);
	out->segments = __atomic_load_n(&mem_segments, __ATOMIC_RELAXED);
	out->bytes = __atomic_load_n(&mem_bytes, __ATOMIC_RELAXED);
}

/* The stricter of two boundaries (0 = none). */
static bus_size_t
min_boundary(bus_size_t a, bus_size_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

static void
map_reset(bus_dmamap_t map)
{
	map->dm_mapsize = 0;
	map->dm_nsegs = 0;
	if (map->_dm_loaded) {
		map->_dm_loaded = 0;
		__atomic_sub_fetch(&maps_loaded, 1, __ATOMIC_RELAXED);
	}
}

/* A load succeeded: the map holds [0, size). */
static int
map_done(bus_dmamap_t map, bus_size_t size)
{
	map->dm_mapsize = size;
	map->_dm_loaded = 1;
	__atomic_add_fetch(&maps_loaded, 1, __ATOMIC_RELAXED);
	return 0;
}

int
bus_dmamap_create(bus_dma_tag_t t, bus_size_t size, int nsegments, bus_size_t maxsegsz,
    bus_size_t boundary, int flags, bus_dmamap_t *dmamp)
{
	bus_dmamap_t map;
	size_t len;

	if (nsegments < 1 || maxsegsz == 0 || size == 0 || (boundary != 0 && !powerof2(boundary))) {
		printf("bus_dmamap_create: %s: bad arguments (size 0x%lx, %d segments, maxsegsz 0x%lx, boundary 0x%lx)\n",
		    t->dt_name, size, nsegments, maxsegsz, boundary);
		return EINVAL;
	}
	len = sizeof(*map) + sizeof(bus_dma_segment_t) * (size_t)(nsegments - 1);
	if ((map = nbh_mem_alloc(len, 0)) == NULL)
		return ENOMEM;
	memset(map, 0, len);
	map->_dm_size = size;
	map->_dm_segcnt = nsegments;
	map->_dm_boundary = min_boundary(boundary, t->dt_boundary);
	map->_dm_flags = flags & ~(BUS_DMA_WAITOK | BUS_DMA_NOWAIT);
	map->dm_maxsegsz = maxsegsz;
	*dmamp = map;
	__atomic_add_fetch(&maps_created, 1, __ATOMIC_RELAXED);
	/* A device that makes DMA maps may load mbufs: let the mbuf arena be its DMA memory. */
	nbshim_mbuf_dma_provider(t->dt_host);
	return 0;
}

void
bus_dmamap_destroy(bus_dma_tag_t t, bus_dmamap_t map)
{
	(void)t;
	map_reset(map);
	__atomic_sub_fetch(&maps_created, 1, __ATOMIC_RELAXED);
	nbh_mem_free(map, sizeof(*map) + sizeof(bus_dma_segment_t) * (size_t)(map->_dm_segcnt - 1));
}

/*
 * Appends [bus, bus + len) (CPU address va, 0 when unknown) to the map, merging with the last
 * segment when contiguous and splitting at the map's boundary and maximum segment size.
 */
static int
add_range(bus_dma_tag_t t, bus_dmamap_t map, bus_addr_t bus, vaddr_t va, bus_size_t len)
{
	bus_dma_segment_t *seg;
	bus_size_t n, bmask = map->_dm_boundary ? ~(map->_dm_boundary - 1) : 0;

	if (bus + len - 1 < bus || bus + len - 1 > t->dt_maxaddr) {
		printf("bus_dmamap_load: %s: bus address 0x%lx-0x%lx is beyond the tag's limit 0x%lx "
		    "(no bounce buffers: allocate the buffer with bus_dmamem_alloc on this tag)\n",
		    t->dt_name, bus, bus + len - 1, t->dt_maxaddr);
		return EINVAL;
	}
	while (len > 0) {
		n = len;
		if (map->_dm_boundary != 0) {
			bus_addr_t next = (bus + map->_dm_boundary) & bmask;
			if (n > next - bus)
				n = next - bus;
		}
		seg = map->dm_nsegs > 0 ? &map->dm_segs[map->dm_nsegs - 1] : NULL;
		if (seg != NULL && seg->ds_addr + seg->ds_len == bus &&
		    seg->ds_len < map->dm_maxsegsz &&
		    (map->_dm_boundary == 0 || (seg->ds_addr & bmask) == (bus & bmask))) {
			if (n > map->dm_maxsegsz - seg->ds_len)
				n = map->dm_maxsegsz - seg->ds_len;
			seg->ds_len += n;
			if (seg->_ds_va != 0 && (va == 0 || seg->_ds_va + seg->ds_len - n != va))
				seg->_ds_va = 0;	/* bus-contiguous, virtually not */
		} else {
			if (map->dm_nsegs == map->_dm_segcnt)
				return EFBIG;
			if (n > map->dm_maxsegsz)
				n = map->dm_maxsegsz;
			seg = &map->dm_segs[map->dm_nsegs++];
			seg->ds_addr = bus;
			seg->ds_len = n;
			seg->_ds_va = va;
		}
		bus += n;
		if (va != 0)
			va += n;
		len -= n;
	}
	return 0;
}

/*
 * Loads CPU memory: one host call per bus-contiguous run, so one for a buffer inside one
 * bus_dmamem_alloc allocation. ENXIO when some of it is not DMA memory (callers say which).
 */
static int
load_buffer(bus_dma_tag_t t, bus_dmamap_t map, void *buf, bus_size_t len)
{
	vaddr_t va = (vaddr_t)buf;
	uint64_t bus;
	size_t n;
	int error;

	while (len > 0) {
		if (nbh_dma_bus_address(t->dt_host, (const void *)va, len, &bus, &n) != 0 || n == 0)
			return ENXIO;
		if (n > len)
			n = len;
		if ((error = add_range(t, map, bus, va, n)) != 0)
			return error;
		va += n;
		len -= n;
	}
	return 0;
}

/* The message for memory load_buffer found no bus address for. */
static int
not_dma_memory(bus_dma_tag_t t, const char *fn, const void *buf)
{
	printf("%s: %s: %p is not DMA memory (no bounce buffers: allocate the buffer with "
	    "bus_dmamem_alloc and map it with bus_dmamem_map)\n", fn, t->dt_name, buf);
	return EINVAL;
}

static int
too_big(bus_dma_tag_t t, bus_dmamap_t map, bus_size_t len)
{
	if (len <= map->_dm_size)
		return 0;
	printf("bus_dmamap_load: %s: 0x%lx bytes do not fit a map created for 0x%lx\n",
	    t->dt_name, len, map->_dm_size);
	return 1;
}

int
bus_dmamap_load(bus_dma_tag_t t, bus_dmamap_t map, void *buf, bus_size_t len, struct proc *p,
    int flags)
{
	int error;

	(void)p; (void)flags;
	map_reset(map);
	if (too_big(t, map, len))
		return EINVAL;
	if ((error = load_buffer(t, map, buf, len)) != 0) {
		map_reset(map);
		return error == ENXIO ? not_dma_memory(t, "bus_dmamap_load", buf) : error;
	}
	return map_done(map, len);
}

int
bus_dmamap_load_uio(bus_dma_tag_t t, bus_dmamap_t map, struct uio *uio, int flags)
{
	size_t resid = uio->uio_resid, n;
	int i, error;

	(void)flags;
	map_reset(map);
	if (too_big(t, map, resid))
		return EINVAL;
	for (i = 0; i < uio->uio_iovcnt && resid > 0; i++) {
		n = uio->uio_iov[i].iov_len < resid ? uio->uio_iov[i].iov_len : resid;
		if ((error = load_buffer(t, map, uio->uio_iov[i].iov_base, n)) != 0) {
			map_reset(map);
			return error == ENXIO ?
			    not_dma_memory(t, "bus_dmamap_load_uio", uio->uio_iov[i].iov_base) : error;
		}
		resid -= n;
	}
	return map_done(map, uio->uio_resid - resid);
}

int
bus_dmamap_load_raw(bus_dma_tag_t t, bus_dmamap_t map, bus_dma_segment_t *segs, int nsegs,
    bus_size_t size, int flags)
{
	bus_size_t left = size, n;
	int i, error;

	(void)flags;
	map_reset(map);
	if (too_big(t, map, size))
		return EINVAL;
	for (i = 0; i < nsegs && left > 0; i++) {
		n = segs[i].ds_len < left ? segs[i].ds_len : left;
		if ((error = add_range(t, map, segs[i].ds_addr, segs[i]._ds_va, n)) != 0) {
			map_reset(map);
			return error;
		}
		left -= n;
	}
	if (left > 0) {
		printf("bus_dmamap_load_raw: %s: segments hold 0x%lx bytes, not 0x%lx\n",
		    t->dt_name, size - left, size);
		map_reset(map);
		return EINVAL;
	}
	return map_done(map, size);
}

/*
 * Each mbuf's data is one range: the arena answers for mbufs and clusters in DMA memory this
 * device reaches (its own, or another NIC's in the same DMA space), the host for other DMA memory
 * (MEXTMALLOC storage). Ranges merge when bus-contiguous.
 */
int
bus_dmamap_load_mbuf(bus_dma_tag_t t, bus_dmamap_t map, struct mbuf *m0, int flags)
{
	struct mbuf *m;
	uint64_t bus;
	int error;

	(void)flags;
	map_reset(map);
	if ((m0->m_flags & M_PKTHDR) == 0)
		panic("bus_dmamap_load_mbuf: %s: the chain has no packet header", t->dt_name);
	if (too_big(t, map, (bus_size_t)m0->m_pkthdr.len))
		return EINVAL;
	for (m = m0; m != NULL; m = m->m_next) {
		if (m->m_len == 0)
			continue;
		if (nbshim_mbuf_bus_address(t->dt_host, m->m_data, (size_t)m->m_len, &bus) == 0)
			error = add_range(t, map, bus, (vaddr_t)m->m_data, (bus_size_t)m->m_len);
		else if ((error = load_buffer(t, map, m->m_data, (bus_size_t)m->m_len)) == ENXIO) {
			printf("bus_dmamap_load_mbuf: %s: mbuf data at %p is not DMA memory of this device "
			    "(allocated before its first bus_dmamap_create, or in another device's arena)\n",
			    t->dt_name, m->m_data);
			error = EINVAL;
		}
		if (error != 0) {
			map_reset(map);
			return error;
		}
	}
	return map_done(map, (bus_size_t)m0->m_pkthdr.len);
}

void
bus_dmamap_unload(bus_dma_tag_t t, bus_dmamap_t map)
{
	(void)t;
	map_reset(map);
}

/* x86 DMA is cache-coherent: syncing orders CPU accesses against the device's, nothing more. */
void
bus_dmamap_sync(bus_dma_tag_t t, bus_dmamap_t map, bus_addr_t offset, bus_size_t len, int ops)
{
	(void)ops;
	if (offset >= map->dm_mapsize || len > map->dm_mapsize - offset)
		panic("bus_dmamap_sync: %s: 0x%lx bytes at 0x%lx are outside the 0x%lx loaded",
		    t->dt_name, len, offset, map->dm_mapsize);
	nbshim_mmio_barrier();
}

int
bus_dmamem_alloc(bus_dma_tag_t t, bus_size_t size, bus_size_t alignment, bus_size_t boundary,
    bus_dma_segment_t *segs, int nsegs, int *rsegs, int flags)
{
	struct nbh_dma_limits lim;
	void *va;
	uint64_t bus;
	int error;

	(void)flags;
	if (nsegs < 1 || size == 0 || (alignment != 0 && !powerof2(alignment)) ||
	    (boundary != 0 && !powerof2(boundary))) {
		printf("bus_dmamem_alloc: %s: bad arguments (size 0x%lx, alignment 0x%lx, boundary 0x%lx, %d segments)\n",
		    t->dt_name, size, alignment, boundary, nsegs);
		return EINVAL;
	}
	size = (size + DMA_PAGE - 1) & ~(DMA_PAGE - 1);
	lim.alignment = alignment > DMA_PAGE ? alignment : DMA_PAGE;
	lim.boundary = min_boundary(boundary, t->dt_boundary);
	lim.max_address = t->dt_maxaddr;
	/* One contiguous piece; the host says why when it has none. */
	if ((error = nbh_dma_alloc(t->dt_host, size, &lim, &va, &bus)) != 0)
		return ENOMEM;
	segs[0].ds_addr = bus;
	segs[0].ds_len = size;
	segs[0]._ds_va = (vaddr_t)va;
	*rsegs = 1;
	__atomic_add_fetch(&mem_segments, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&mem_bytes, size, __ATOMIC_RELAXED);
	return 0;
}

void
bus_dmamem_free(bus_dma_tag_t t, bus_dma_segment_t *segs, int nsegs)
{
	int i;

	for (i = 0; i < nsegs; i++) {
		if (segs[i]._ds_va == 0)
			panic("bus_dmamem_free: %s: segment 0x%lx was not returned by bus_dmamem_alloc",
			    t->dt_name, segs[i].ds_addr);
		nbh_dma_free(t->dt_host, (void *)segs[i]._ds_va, segs[i].ds_len);
		__atomic_sub_fetch(&mem_segments, 1, __ATOMIC_RELAXED);
		__atomic_sub_fetch(&mem_bytes, segs[i].ds_len, __ATOMIC_RELAXED);
	}
}

/* The memory is mapped from the start; mapping hands out that address. */
int
bus_dmamem_map(bus_dma_tag_t t, bus_dma_segment_t *segs, int nsegs, size_t size, void **kvap,
    int flags)
{
	bus_size_t total = 0;
	int i;

	(void)flags;
	for (i = 0; i < nsegs; i++) {
		if (segs[i]._ds_va == 0 ||
		    (i > 0 && segs[i]._ds_va != segs[i - 1]._ds_va + segs[i - 1].ds_len)) {
			printf("bus_dmamem_map: %s: segment %d is not from bus_dmamem_alloc or not "
			    "virtually contiguous with the one before\n", t->dt_name, i);
			return EINVAL;
		}
		total += segs[i].ds_len;
	}
	if (nsegs < 1 || size > total) {
		printf("bus_dmamem_map: %s: 0x%zx bytes asked of 0x%lx allocated\n", t->dt_name, size, total);
		return EINVAL;
	}
	*kvap = (void *)segs[0]._ds_va;
	return 0;
}

void
bus_dmamem_unmap(bus_dma_tag_t t, void *kva, size_t size)
{
	(void)t; (void)kva; (void)size;
}

paddr_t
bus_dmamem_mmap(bus_dma_tag_t t, bus_dma_segment_t *segs, int nsegs, off_t off, int prot, int flags)
{
	(void)segs; (void)nsegs; (void)off; (void)prot; (void)flags;
	printf("bus_dmamem_mmap: %s: not supported (no user processes map device memory here)\n",
	    t->dt_name);
	return (paddr_t)-1;
}

int
bus_dmatag_subregion(bus_dma_tag_t t, bus_addr_t min_addr, bus_addr_t max_addr,
    bus_dma_tag_t *newtag, int flags)
{
	bus_dma_tag_t nt;

	(void)flags;
	if (min_addr != 0) {
		printf("bus_dmatag_subregion: %s: a minimum address (0x%lx) is not supported\n",
		    t->dt_name, min_addr);
		return EOPNOTSUPP;
	}
	if (max_addr >= t->dt_maxaddr) {
		__atomic_add_fetch(&t->dt_refs, 1, __ATOMIC_RELAXED);
		*newtag = t;
		return 0;
	}
	if ((nt = nbh_mem_alloc(sizeof(*nt), 0)) == NULL)
		return ENOMEM;
	*nt = *t;
	nt->dt_maxaddr = max_addr;
	nt->dt_refs = 1;
	nt->dt_derived = 1;
	*newtag = nt;
	return 0;
}

void
bus_dmatag_destroy(bus_dma_tag_t t)
{
	if (__atomic_sub_fetch(&t->dt_refs, 1, __ATOMIC_ACQ_REL) == 0 && t->dt_derived)
		nbh_mem_free(t, sizeof(*t));
}
