/*
 * What the host can look at in the network core (nbk_* entry points beside nbshim_inspect.h):
 * mbuf accounting for leak checks, and the interfaces the personality has registered. Compiled
 * hosted (Swift) and freestanding.
 */
#ifndef NBSHIM_NET_H
#define NBSHIM_NET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nbk_mbuf_stats {
	uint64_t mbufs;		/* mbufs allocated and not freed */
	uint64_t clusters;	/* MCLBYTES clusters attached to mbufs */
	uint64_t ext;		/* other external storage (MEXTMALLOC, MEXTADD) */
	uint64_t tags;		/* packet tags */
	uint64_t arena_bytes;	/* memory the mbuf arena holds */
	uint64_t dma_arena;	/* 1 when the arena is DMA memory of a device */
	uint64_t failures;	/* allocations that failed */
};
void nbk_mbuf_stats(struct nbk_mbuf_stats *out);

/* Every registered interface: name, MAC, MTU, IFF_* flags, link state (0 unknown, 1 down, 2 up). */
void nbk_if_list(void (*fn)(const char *name, const uint8_t mac[6], unsigned mtu, int flags,
    int link_state, void *arg), void *arg);

/* Whether registered interfaces get a Linux TAP (default on). Tests turn it off so they create
 * no host interfaces; interfaces registered meanwhile stay without one. */
void nbk_net_use_tap(int on);

#ifdef __cplusplus
}
#endif
#endif
