/*
 * What the host can look at inside the personality (nbk_* entry points beside those in
 * nbshim_hypercall.h): event counters, sysctl nodes and entropy sources. For `nbshim` output and
 * for tests. Return values are NetBSD errno values; compiled hosted (Swift) and freestanding.
 */
#ifndef NBSHIM_INSPECT_H
#define NBSHIM_INSPECT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every attached evcnt(9) counter, in attach order. */
void nbk_evcnt_list(void (*fn)(const char *group, const char *name, int type, uint64_t count, void *arg),
    void *arg);

/* sysctl nodes by dotted name ("hw.edu0.count"). read: *len is the buffer size on entry and the
 * value's size on return (ENOMEM when the buffer was too small; buf NULL asks for the size);
 * write replaces the value through the node's handler. */
int nbk_sysctl_read(const char *name, void *buf, size_t *len);
int nbk_sysctl_write(const char *name, const void *buf, size_t len);
/* The node's CTLTYPE_* (1 node, 2 int, 3 string, 4 quad, 5 struct, 6 bool), -1 when absent. */
int nbk_sysctl_type(const char *name);

/* Every attached rnd(9) source with the bytes and samples it has contributed. */
void nbk_rnd_list(void (*fn)(const char *name, uint32_t type, uint64_t bytes, uint64_t samples, void *arg),
    void *arg);
/* Asks every source with a callback (RND_FLAG_HASCB) for `bytes` more, as an entropy pool would. */
void nbk_rnd_request(size_t bytes);

/* How many driver modules were refused since start (a driver of the same name was registered
 * already; the personality printed which): a host that loads one can tell whether it took. */
unsigned nbk_module_refusals(void);

/* What the drivers hold of bus_dma(9): maps created and not destroyed, of those the loaded ones,
 * and bus_dmamem_alloc memory not freed (descriptor rings live there). Zero after a clean detach. */
struct nbk_dma_stats {
	uint64_t maps;
	uint64_t loaded;
	uint64_t segments;
	uint64_t bytes;
};
void nbk_dma_stats(struct nbk_dma_stats *out);

/* Bytes allocated with kmem(9) and not yet freed. */
unsigned long nbk_kmem_inuse(void);

#ifdef __cplusplus
}
#endif
#endif
