/*
 * Part of the host contract, implemented here: inline, so both sides compile it in.
 * Register access for mapped device memory: volatile loads and stores plus the barriers the
 * bus_space(9) front end and the Swift host both use. Inline, so a register access is one
 * instruction on the hot path; the out-of-line copies in mmio.c exist for debuggers and for
 * callers that need an address.
 */
#ifndef NBSHIM_MMIO_H
#define NBSHIM_MMIO_H

#include <stdint.h>

#ifndef NBSHIM_MMIO_INLINE
#define NBSHIM_MMIO_INLINE inline
#endif

NBSHIM_MMIO_INLINE uint8_t  nbshim_mmio_read1(const volatile void *p) { return *(const volatile uint8_t *)p; }
NBSHIM_MMIO_INLINE uint16_t nbshim_mmio_read2(const volatile void *p) { return *(const volatile uint16_t *)p; }
NBSHIM_MMIO_INLINE uint32_t nbshim_mmio_read4(const volatile void *p) { return *(const volatile uint32_t *)p; }
NBSHIM_MMIO_INLINE uint64_t nbshim_mmio_read8(const volatile void *p) { return *(const volatile uint64_t *)p; }

NBSHIM_MMIO_INLINE void nbshim_mmio_write1(volatile void *p, uint8_t v)  { *(volatile uint8_t *)p = v; }
NBSHIM_MMIO_INLINE void nbshim_mmio_write2(volatile void *p, uint16_t v) { *(volatile uint16_t *)p = v; }
NBSHIM_MMIO_INLINE void nbshim_mmio_write4(volatile void *p, uint32_t v) { *(volatile uint32_t *)p = v; }
NBSHIM_MMIO_INLINE void nbshim_mmio_write8(volatile void *p, uint64_t v) { *(volatile uint64_t *)p = v; }

/* Orders CPU accesses to DMA memory against register accesses (bus_space_barrier, bus_dmamap_sync). */
NBSHIM_MMIO_INLINE void nbshim_mmio_barrier(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

#endif
