/* Micro-benchmarks of the kernel personality, run by `nbshim bench`. Times are nanoseconds. */
#ifndef NBSHIM_BENCH_H
#define NBSHIM_BENCH_H

#include <stdint.h>

/* `iterations` register reads of a memory-mapped handle: through bus_space_read_4, and as raw
 * volatile loads of the same addresses; the best of several rounds of each. */
void nbshim_bench_bus_space_read_4(uint64_t iterations, uint64_t *bus_space_ns, uint64_t *raw_ns);

#include "host/nbshim_hypercall.h"

/* `iterations` 4-byte port reads through bus_space on a tag holding `pio` as BAR 0, and as bare
 * pio->pread calls at the same offsets; the best of several rounds of each. `host` is any device
 * handle (the tag needs one). */
void nbshim_bench_port_io_read_4(struct nbh_pci *host, const struct nbh_pci_pio *pio, uint64_t iterations,
    uint64_t *bus_space_ns, uint64_t *pread_ns);
/* `loads` bus_dmamap_load/unload of one `size`-byte buffer from bus_dmamem_alloc on `host`, in
 * maps of 4 KiB segments; *nsegs the segments of a load. 0 or the errno that stopped it. */
int nbshim_bench_dmamap_load(struct nbh_pci *host, size_t size, uint64_t loads, uint64_t *ns, int *nsegs);

#endif
