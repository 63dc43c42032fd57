/* Micro-benchmarks of the kernel personality, run by `nbshim bench`. Times are nanoseconds. */
#ifndef NBSHIM_BENCH_H
#define NBSHIM_BENCH_H

#include <stdint.h>

/* `iterations` register reads of a memory-mapped handle: through bus_space_read_4, and as raw
 * volatile loads of the same addresses; the best of several rounds of each. */
void nbshim_bench_bus_space_read_4(uint64_t iterations, uint64_t *bus_space_ns, uint64_t *raw_ns);

#endif
