/*
 * bus_space(9) register accessors, inline: on a handle to mapped memory a read is one volatile
 * load; a handle with NBSHIM_BSH_HOST set goes to the host (bus_space.c -> nbh_pci_bar_read/write).
 * The test of the handle is the one cost over a plain load: release builds are -O3, which
 * unswitches a loop on its invariant handle into a loop of plain loads.
 * x86 is little-endian and the bus is too, so the stream variants are the plain ones.
 */
#ifndef _NBSHIM_MACHINE_BUS_FUNCS_H_
#define _NBSHIM_MACHINE_BUS_FUNCS_H_

#include <machine/bus_defs.h>
#include <host/nbshim_mmio.h>

uint64_t nbshim_bus_space_host_read(bus_space_tag_t, bus_space_handle_t, int);
void nbshim_bus_space_host_write(bus_space_tag_t, bus_space_handle_t, int, uint64_t);

#define NBSHIM_BUS_SPACE_ACCESSORS(n, type)					\
static __inline type								\
bus_space_read_##n(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o)	\
{										\
	if (__predict_true((h & NBSHIM_BSH_HOST) == 0))				\
		return nbshim_mmio_read##n((const volatile void *)(h + o));	\
	return (type)nbshim_bus_space_host_read(t, h + o, n);			\
}										\
static __inline void								\
bus_space_write_##n(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o,	\
    type v)									\
{										\
	if (__predict_true((h & NBSHIM_BSH_HOST) == 0))				\
		nbshim_mmio_write##n((volatile void *)(h + o), v);		\
	else									\
		nbshim_bus_space_host_write(t, h + o, n, v);			\
}										\
/* The bulk forms test the handle once: a loop of plain loads or stores on mapped memory. */	\
static __inline void								\
bus_space_read_multi_##n(bus_space_tag_t t, bus_space_handle_t h,		\
    bus_size_t o, type *p, bus_size_t c)					\
{										\
	if (__predict_true((h & NBSHIM_BSH_HOST) == 0))				\
		while (c-- > 0)							\
			*p++ = nbshim_mmio_read##n((const volatile void *)(h + o)); \
	else									\
		while (c-- > 0)							\
			*p++ = (type)nbshim_bus_space_host_read(t, h + o, n);	\
}										\
static __inline void								\
bus_space_read_region_##n(bus_space_tag_t t, bus_space_handle_t h,		\
    bus_size_t o, type *p, bus_size_t c)					\
{										\
	if (__predict_true((h & NBSHIM_BSH_HOST) == 0))				\
		for (; c > 0; c--, o += n)					\
			*p++ = nbshim_mmio_read##n((const volatile void *)(h + o)); \
	else									\
		for (; c > 0; c--, o += n)					\
			*p++ = (type)nbshim_bus_space_host_read(t, h + o, n);	\
}										\
static __inline void								\
bus_space_write_multi_##n(bus_space_tag_t t, bus_space_handle_t h,		\
    bus_size_t o, const type *p, bus_size_t c)					\
{										\
	if (__predict_true((h & NBSHIM_BSH_HOST) == 0))				\
		while (c-- > 0)							\
			nbshim_mmio_write##n((volatile void *)(h + o), *p++);	\
	else									\
		while (c-- > 0)							\
			nbshim_bus_space_host_write(t, h + o, n, *p++);		\
}										\
static __inline void								\
bus_space_write_region_##n(bus_space_tag_t t, bus_space_handle_t h,		\
    bus_size_t o, const type *p, bus_size_t c)					\
{										\
	if (__predict_true((h & NBSHIM_BSH_HOST) == 0))				\
		for (; c > 0; c--, o += n)					\
			nbshim_mmio_write##n((volatile void *)(h + o), *p++);	\
	else									\
		for (; c > 0; c--, o += n)					\
			nbshim_bus_space_host_write(t, h + o, n, *p++);		\
}										\
static __inline void								\
bus_space_set_multi_##n(bus_space_tag_t t, bus_space_handle_t h,		\
    bus_size_t o, type v, bus_size_t c)						\
{										\
	if (__predict_true((h & NBSHIM_BSH_HOST) == 0))				\
		while (c-- > 0)							\
			nbshim_mmio_write##n((volatile void *)(h + o), v);	\
	else									\
		while (c-- > 0)							\
			nbshim_bus_space_host_write(t, h + o, n, v);		\
}										\
static __inline void								\
bus_space_set_region_##n(bus_space_tag_t t, bus_space_handle_t h,		\
    bus_size_t o, type v, bus_size_t c)						\
{										\
	if (__predict_true((h & NBSHIM_BSH_HOST) == 0))				\
		for (; c > 0; c--, o += n)					\
			nbshim_mmio_write##n((volatile void *)(h + o), v);	\
	else									\
		for (; c > 0; c--, o += n)					\
			nbshim_bus_space_host_write(t, h + o, n, v);		\
}										\
/* Overlapping regions copy in the direction that reads each source first. */	\
static __inline void								\
bus_space_copy_region_##n(bus_space_tag_t t, bus_space_handle_t h1,		\
    bus_size_t o1, bus_space_handle_t h2, bus_size_t o2, bus_size_t c)		\
{										\
	bus_size_t i;								\
	if (h1 + o1 >= h2 + o2) {						\
		for (i = 0; i < c; i++)						\
			bus_space_write_##n(t, h2, o2 + i * n,			\
			    bus_space_read_##n(t, h1, o1 + i * n));		\
	} else {								\
		for (i = c; i-- > 0;)						\
			bus_space_write_##n(t, h2, o2 + i * n,			\
			    bus_space_read_##n(t, h1, o1 + i * n));		\
	}									\
}

NBSHIM_BUS_SPACE_ACCESSORS(1, uint8_t)
NBSHIM_BUS_SPACE_ACCESSORS(2, uint16_t)
NBSHIM_BUS_SPACE_ACCESSORS(4, uint32_t)
NBSHIM_BUS_SPACE_ACCESSORS(8, uint64_t)
#undef NBSHIM_BUS_SPACE_ACCESSORS

#define bus_space_read_stream_1		bus_space_read_1
#define bus_space_read_stream_2		bus_space_read_2
#define bus_space_read_stream_4		bus_space_read_4
#define bus_space_read_stream_8		bus_space_read_8
#define bus_space_write_stream_1	bus_space_write_1
#define bus_space_write_stream_2	bus_space_write_2
#define bus_space_write_stream_4	bus_space_write_4
#define bus_space_write_stream_8	bus_space_write_8
#define bus_space_read_multi_stream_1	bus_space_read_multi_1
#define bus_space_read_multi_stream_2	bus_space_read_multi_2
#define bus_space_read_multi_stream_4	bus_space_read_multi_4
#define bus_space_read_multi_stream_8	bus_space_read_multi_8
#define bus_space_write_multi_stream_1	bus_space_write_multi_1
#define bus_space_write_multi_stream_2	bus_space_write_multi_2
#define bus_space_write_multi_stream_4	bus_space_write_multi_4
#define bus_space_write_multi_stream_8	bus_space_write_multi_8
#define bus_space_read_region_stream_1	bus_space_read_region_1
#define bus_space_read_region_stream_2	bus_space_read_region_2
#define bus_space_read_region_stream_4	bus_space_read_region_4
#define bus_space_read_region_stream_8	bus_space_read_region_8
#define bus_space_write_region_stream_1	bus_space_write_region_1
#define bus_space_write_region_stream_2	bus_space_write_region_2
#define bus_space_write_region_stream_4	bus_space_write_region_4
#define bus_space_write_region_stream_8	bus_space_write_region_8

/* Device memory is mapped uncached and x86 keeps stores in order; a full fence covers both. */
static __inline void
bus_space_barrier(bus_space_tag_t t, bus_space_handle_t h, bus_size_t o, bus_size_t l, int f)
{
	(void)t; (void)h; (void)o; (void)l; (void)f;
	nbshim_mmio_barrier();
}

#endif
