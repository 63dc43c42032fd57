/* Kernel-side halves of the synchronization benchmark (SyncBench in NBHost, run by `nbshim bench`);
 * each returns nanoseconds. */
#ifndef NBSHIM_BENCH_SYNC_H
#define NBSHIM_BENCH_SYNC_H

#include <stdint.h>

/* mutex_enter + mutex_exit, uncontended, `iters` times; spin: an IPL_NET spin mutex. */
uint64_t nbshim_bench_mutex(uint64_t iters, int spin);
/* Two kthreads handing a turn back and forth through one kmutex and kcondvar, `rounds` times. */
uint64_t nbshim_bench_pingpong(uint64_t rounds);
/* Two kthreads each doing `iters` enter/exit pairs on one adaptive mutex. */
uint64_t nbshim_bench_contended(uint64_t iters);

#endif
