/*
 * Port I/O through bus_space on a BAR whose file the tag holds, against a bare pread of the same
 * file at the same offsets; and bus_dmamap_load of one buffer from bus_dmamem_alloc, whose host
 * calls the Swift side counts. Rounds alternate, best of ROUNDS each, as in bench_bus_space.c.
 */
#include <sys/types.h>
#include <sys/bus.h>
#include <host/nbshim_hypercall.h>
#include "nbshim_bench.h"

#define ROUNDS	5
#define PORTS	16	/* bytes of the BAR read round-robin, 4 at a time */

static volatile uint32_t sink;

static uint64_t
through_bus_space(struct bus_space_tag *t, uint64_t iterations)
{
	bus_space_handle_t h = NBSHIM_BSH_HOST_MAKE(0, 0);
	uint64_t i, t0 = nbh_clock_monotonic();
	uint32_t sum = 0;

	for (i = 0; i < iterations; i++)
		sum += bus_space_read_4(t, h, (i * 4) & (PORTS - 1));
	sink = sum;
	return nbh_clock_monotonic() - t0;
}

static uint64_t
bare_pread(const struct nbh_pci_pio *pio, uint64_t iterations)
{
	uint64_t i, t0 = nbh_clock_monotonic();
	uint32_t v, sum = 0;

	for (i = 0; i < iterations; i++) {
		if (pio->pread(pio->fd, &v, 4, (long)(pio->offset + ((i * 4) & (PORTS - 1)))) == 4)
			sum += v;
	}
	sink = sum;
	return nbh_clock_monotonic() - t0;
}

void
nbshim_bench_port_io_read_4(struct nbh_pci *host, const struct nbh_pci_pio *pio, uint64_t iterations,
    uint64_t *bus_space_ns, uint64_t *pread_ns)
{
	struct bus_space_tag t = { NBSHIM_BUS_SPACE_IO, host, NULL };
	uint64_t ns;
	int r;

	t.bst_pio[0] = *pio;
	*bus_space_ns = *pread_ns = ~(uint64_t)0;
	for (r = 0; r < ROUNDS; r++) {
		if ((ns = through_bus_space(&t, iterations)) < *bus_space_ns)
			*bus_space_ns = ns;
		if ((ns = bare_pread(pio, iterations)) < *pread_ns)
			*pread_ns = ns;
	}
}

int
nbshim_bench_dmamap_load(struct nbh_pci *host, size_t size, uint64_t loads, uint64_t *ns, int *nsegs)
{
	struct bus_dma_tag t = { .dt_host = host, .dt_maxaddr = ~(bus_addr_t)0, .dt_name = "bench" };
	bus_dma_segment_t seg;
	bus_dmamap_t map;
	uint64_t i, t0;
	void *va;
	int rsegs, error;

	if ((error = bus_dmamem_alloc(&t, size, 4096, 0, &seg, 1, &rsegs, BUS_DMA_NOWAIT)) != 0)
		return error;
	if ((error = bus_dmamem_map(&t, &seg, 1, size, &va, BUS_DMA_NOWAIT)) != 0)
		goto free;
	/* Segments of one page at most: what a per-page lookup would have made of it anyway. */
	if ((error = bus_dmamap_create(&t, size, (int)(size / 4096), 4096, 0, BUS_DMA_NOWAIT, &map)) != 0)
		goto unmap;
	t0 = nbh_clock_monotonic();
	for (i = 0; i < loads && error == 0; i++) {
		if ((error = bus_dmamap_load(&t, map, va, size, NULL, BUS_DMA_NOWAIT)) == 0) {
			*nsegs = map->dm_nsegs;
			bus_dmamap_unload(&t, map);
		}
	}
	*ns = nbh_clock_monotonic() - t0;
	bus_dmamap_destroy(&t, map);
unmap:
	bus_dmamem_unmap(&t, va, size);
free:
	bus_dmamem_free(&t, &seg, 1);
	return error;
}
