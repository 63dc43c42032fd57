/*
 * bus_dma(9) on the edu model's host DMA memory. The model hands out bus addresses from the top
 * of its window (4 GiB) down, below each tag's limit, so a 64-bit tag's memory is out of reach of
 * the edu's 28-bit tag, as high memory is on a real machine.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/bus.h>
#include <sys/uio.h>
#include <dev/pci/pcivar.h>
#include "bus_fixture.h"
#include "host/nbshim_kernel.h"
#include "ktest.h"

KTEST(bus_dma_alloc_constraints)
{
	struct pci_attach_args pa;
	bus_dma_tag_t t28;
	bus_dma_segment_t seg, seg2, seg3;
	void *va;
	int nsegs;

	KT_ASSERT(ktest_edu_attach_args(&pa) == 0);
	KT_ASSERT(bus_dmamem_alloc(pa.pa_dmat64, 8192, 65536, 0, &seg, 1, &nsegs, BUS_DMA_NOWAIT) == 0);
	KT_ASSERT(nsegs == 1 && seg.ds_addr % 65536 == 0 && seg.ds_len == 8192, "0x%lx", seg.ds_addr);
	KT_ASSERT(seg.ds_addr > 0x0fffffff, "64-bit memory comes from high up: 0x%lx", seg.ds_addr);
	KT_ASSERT(bus_dmamem_map(pa.pa_dmat64, &seg, 1, 8192, &va, BUS_DMA_COHERENT) == 0);
	memset(va, 0xa5, 8192);

	KT_ASSERT(bus_dmamem_alloc(pa.pa_dmat, 0x3000, 4096, 0x4000, &seg2, 1, &nsegs, 0) == 0);
	KT_ASSERT(seg2.ds_addr / 0x4000 == (seg2.ds_addr + seg2.ds_len - 1) / 0x4000, "crosses: 0x%lx", seg2.ds_addr);
	KT_ASSERT(seg2.ds_addr + seg2.ds_len - 1 <= 0xffffffffUL);

	KT_ASSERT(bus_dmatag_subregion(pa.pa_dmat64, 0, 0x0fffffff, &t28, BUS_DMA_NOWAIT) == 0);
	KT_ASSERT(t28 != pa.pa_dmat64);
	KT_ASSERT(bus_dmamem_alloc(t28, 4096, 4096, 0, &seg3, 1, &nsegs, 0) == 0);
	KT_ASSERT(seg3.ds_addr + seg3.ds_len - 1 <= 0x0fffffff, "0x%lx", seg3.ds_addr);
	/* Bad arguments fail instead of being rounded. */
	KT_ASSERT(bus_dmamem_alloc(t28, 4096, 3000, 0, &seg3, 1, &nsegs, 0) == EINVAL);

	bus_dmamem_free(t28, &seg3, 1);
	bus_dmatag_destroy(t28);
	bus_dmamem_free(pa.pa_dmat, &seg2, 1);
	bus_dmamem_unmap(pa.pa_dmat64, va, 8192);
	bus_dmamem_free(pa.pa_dmat64, &seg, 1);
}

KTEST(bus_dma_load_segments)
{
	static const struct { bus_size_t off, len; } want[] = {
		{ 0x0100, 0x3000 }, { 0x3100, 0x0f00 }, { 0x4000, 0x3000 }, { 0x7000, 0x1000 }, { 0x8000, 0x1100 },
	};
	static char not_dma[8192];
	struct pci_attach_args pa;
	bus_dma_segment_t seg;
	bus_dmamap_t map, small;
	char *va;
	int nsegs, i;

	KT_ASSERT(ktest_edu_attach_args(&pa) == 0);
	KT_ASSERT(bus_dmamem_alloc(pa.pa_dmat64, 0x10000, 0x10000, 0, &seg, 1, &nsegs, 0) == 0);
	KT_ASSERT(bus_dmamem_map(pa.pa_dmat64, &seg, 1, 0x10000, (void **)&va, 0) == 0);

	/* Segments split at the 16 KiB boundary and at 12 KiB maxsegsz, never merged across. */
	KT_ASSERT(bus_dmamap_create(pa.pa_dmat64, 0x10000, 16, 0x3000, 0x4000, BUS_DMA_NOWAIT, &map) == 0);
	KT_ASSERT(bus_dmamap_load(pa.pa_dmat64, map, va + 0x100, 0x9000, NULL, BUS_DMA_NOWAIT) == 0);
	KT_ASSERT(map->dm_mapsize == 0x9000 && map->dm_nsegs == 5, "%d segments", map->dm_nsegs);
	for (i = 0; i < 5; i++)
		KT_ASSERT(map->dm_segs[i].ds_addr == seg.ds_addr + want[i].off && map->dm_segs[i].ds_len == want[i].len,
		    "segment %d: 0x%lx+0x%lx", i, map->dm_segs[i].ds_addr - seg.ds_addr, map->dm_segs[i].ds_len);
	bus_dmamap_sync(pa.pa_dmat64, map, 0, 0x9000, BUS_DMASYNC_PREWRITE);
	bus_dmamap_unload(pa.pa_dmat64, map);
	KT_ASSERT(map->dm_nsegs == 0 && map->dm_mapsize == 0);

	/* Without constraints the contiguous buffer is one segment. */
	KT_ASSERT(bus_dmamap_load(pa.pa_dmat64, map, va, 0x10000, NULL, 0) == 0);
	KT_ASSERT(map->dm_nsegs == 8, "boundary and maxsegsz still apply: %d", map->dm_nsegs);
	bus_dmamap_destroy(pa.pa_dmat64, map);
	KT_ASSERT(bus_dmamap_create(pa.pa_dmat64, 0x10000, 1, 0x10000, 0, 0, &map) == 0);
	KT_ASSERT(bus_dmamap_load(pa.pa_dmat64, map, va, 0x10000, NULL, 0) == 0);
	KT_ASSERT(map->dm_nsegs == 1 && map->dm_segs[0].ds_addr == seg.ds_addr && map->dm_segs[0].ds_len == 0x10000);

	/* Too many segments needed: EFBIG, and the map stays empty. */
	KT_ASSERT(bus_dmamap_create(pa.pa_dmat64, 0x10000, 2, 0x1000, 0, 0, &small) == 0);
	KT_ASSERT(bus_dmamap_load(pa.pa_dmat64, small, va, 0x3000, NULL, 0) == EFBIG);
	KT_ASSERT(small->dm_nsegs == 0 && small->dm_mapsize == 0);
	/* Larger than the map: refused. */
	KT_ASSERT(bus_dmamap_load(pa.pa_dmat64, small, va, 0x10001, NULL, 0) == EINVAL);
	/* Memory that is not DMA memory: refused, no bounce buffer. */
	KT_ASSERT(bus_dmamap_load(pa.pa_dmat64, map, not_dma, sizeof(not_dma), NULL, 0) == EINVAL);
	KT_ASSERT(map->dm_nsegs == 0);

	bus_dmamap_destroy(pa.pa_dmat64, small);
	bus_dmamap_destroy(pa.pa_dmat64, map);
	bus_dmamem_free(pa.pa_dmat64, &seg, 1);
}

KTEST(bus_dma_max_address)
{
	struct pci_attach_args pa;
	bus_dma_tag_t t28;
	bus_dma_segment_t high, low;
	bus_dmamap_t map;
	void *hva, *lva;
	int nsegs;

	KT_ASSERT(ktest_edu_attach_args(&pa) == 0);
	KT_ASSERT(bus_dmatag_subregion(pa.pa_dmat, 0, 0x0fffffff, &t28, 0) == 0);
	KT_ASSERT(bus_dmamem_alloc(pa.pa_dmat64, 4096, 4096, 0, &high, 1, &nsegs, 0) == 0);
	KT_ASSERT(bus_dmamem_map(pa.pa_dmat64, &high, 1, 4096, &hva, 0) == 0);
	KT_ASSERT(bus_dmamem_alloc(t28, 4096, 4096, 0, &low, 1, &nsegs, 0) == 0);
	KT_ASSERT(bus_dmamem_map(t28, &low, 1, 4096, &lva, 0) == 0);
	KT_ASSERT(bus_dmamap_create(t28, 4096, 1, 4096, 0, 0, &map) == 0);
	/* The device cannot reach the 64-bit buffer: no bounce buffers, so the load fails. */
	KT_ASSERT(high.ds_addr > 0x0fffffff);
	KT_ASSERT(bus_dmamap_load(t28, map, hva, 4096, NULL, 0) == EINVAL);
	KT_ASSERT(bus_dmamap_load_raw(t28, map, &high, 1, 4096, 0) == EINVAL);
	KT_ASSERT(bus_dmamap_load(t28, map, lva, 4096, NULL, 0) == 0 && map->dm_segs[0].ds_addr == low.ds_addr);
	bus_dmamap_unload(t28, map);
	/* load_raw takes bus segments as they are. */
	KT_ASSERT(bus_dmamap_load_raw(t28, map, &low, 1, 2048, 0) == 0);
	KT_ASSERT(map->dm_nsegs == 1 && map->dm_mapsize == 2048 && map->dm_segs[0].ds_len == 2048);
	bus_dmamap_destroy(t28, map);
	bus_dmamem_free(t28, &low, 1);
	bus_dmamem_free(pa.pa_dmat64, &high, 1);
	bus_dmatag_destroy(t28);
}

KTEST(bus_dma_load_uio)
{
	struct pci_attach_args pa;
	bus_dma_segment_t a, b;
	bus_dmamap_t map;
	struct iovec iov[2];
	struct uio uio;
	void *va, *vb;
	int nsegs;

	KT_ASSERT(ktest_edu_attach_args(&pa) == 0);
	KT_ASSERT(bus_dmamem_alloc(pa.pa_dmat, 4096, 4096, 0, &a, 1, &nsegs, 0) == 0);
	KT_ASSERT(bus_dmamem_alloc(pa.pa_dmat, 4096, 4096, 0, &b, 1, &nsegs, 0) == 0);
	KT_ASSERT(bus_dmamem_map(pa.pa_dmat, &a, 1, 4096, &va, 0) == 0);
	KT_ASSERT(bus_dmamem_map(pa.pa_dmat, &b, 1, 4096, &vb, 0) == 0);
	iov[0] = (struct iovec){ (char *)va + 16, 100 };
	iov[1] = (struct iovec){ vb, 4096 };
	uio = (struct uio){ iov, 2, 0, 1000, UIO_WRITE, NULL };
	KT_ASSERT(bus_dmamap_create(pa.pa_dmat, 8192, 4, 8192, 0, 0, &map) == 0);
	KT_ASSERT(bus_dmamap_load_uio(pa.pa_dmat, map, &uio, 0) == 0);
	KT_ASSERT(map->dm_mapsize == 1000 && map->dm_nsegs == 2, "%d", map->dm_nsegs);
	KT_ASSERT(map->dm_segs[0].ds_addr == a.ds_addr + 16 && map->dm_segs[0].ds_len == 100);
	KT_ASSERT(map->dm_segs[1].ds_addr == b.ds_addr && map->dm_segs[1].ds_len == 900);
	bus_dmamap_destroy(pa.pa_dmat, map);
	bus_dmamem_free(pa.pa_dmat, &a, 1);
	bus_dmamem_free(pa.pa_dmat, &b, 1);
}

/* The leak counters printed at detach follow creates/destroys, loads/unloads, allocs/frees. */
KTEST(bus_dma_stats)
{
	struct pci_attach_args pa;
	struct nbk_dma_stats before, s;
	bus_dma_segment_t seg;
	bus_dmamap_t map;
	void *va;
	int nsegs;

	KT_ASSERT(ktest_edu_attach_args(&pa) == 0);
	nbk_dma_stats(&before);
	KT_ASSERT(bus_dmamem_alloc(pa.pa_dmat, 0x1800, 4096, 0, &seg, 1, &nsegs, 0) == 0);
	KT_ASSERT(bus_dmamem_map(pa.pa_dmat, &seg, 1, 0x1800, &va, 0) == 0);
	KT_ASSERT(bus_dmamap_create(pa.pa_dmat, 0x2000, 2, 0x2000, 0, 0, &map) == 0);
	nbk_dma_stats(&s);
	KT_ASSERT(s.maps == before.maps + 1 && s.loaded == before.loaded);
	KT_ASSERT(s.segments == before.segments + 1 && s.bytes == before.bytes + 0x2000, "%lu bytes", s.bytes);

	KT_ASSERT(bus_dmamap_load(pa.pa_dmat, map, va, 0x1000, NULL, 0) == 0);
	KT_ASSERT(bus_dmamap_load(pa.pa_dmat, map, va, 0x1800, NULL, 0) == 0);	/* reloading counts once */
	nbk_dma_stats(&s);
	KT_ASSERT(s.loaded == before.loaded + 1, "%lu loaded", s.loaded);
	KT_ASSERT(bus_dmamap_load(pa.pa_dmat, map, va, 0x3000, NULL, 0) == EINVAL);	/* a failed load holds nothing */
	nbk_dma_stats(&s);
	KT_ASSERT(s.loaded == before.loaded, "%lu loaded", s.loaded);
	KT_ASSERT(bus_dmamap_load(pa.pa_dmat, map, va, 0x1000, NULL, 0) == 0);
	bus_dmamap_unload(pa.pa_dmat, map);
	bus_dmamap_unload(pa.pa_dmat, map);
	nbk_dma_stats(&s);
	KT_ASSERT(s.loaded == before.loaded, "%lu loaded", s.loaded);

	bus_dmamap_destroy(pa.pa_dmat, map);
	bus_dmamem_unmap(pa.pa_dmat, va, 0x1800);
	bus_dmamem_free(pa.pa_dmat, &seg, 1);
	nbk_dma_stats(&s);
	KT_ASSERT(s.maps == before.maps && s.segments == before.segments && s.bytes == before.bytes);
}
