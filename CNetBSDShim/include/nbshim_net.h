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

/* Media of interface `name` as ifconfig shows them: SIOCGIFMEDIA through the driver. `list`
 * receives up to *count supported media words and *count becomes how many there are (E2BIG when
 * the list was too short; list NULL asks for the count). NetBSD errno: ENXIO no such interface,
 * ENOTTY or EINVAL when the driver has no media. */
struct nbk_if_media {
	int current;	/* the selected word (IFM_ETHER | IFM_AUTO ...) */
	int active;	/* what is in use; autoselect resolved */
	int status;	/* IFM_AVALID, IFM_ACTIVE */
};
int nbk_if_media_get(const char *name, struct nbk_if_media *out, int *list, int *count);
/* Selects media word `word` (SIOCSIFMEDIA through the driver); ENXIO when the interface does not
 * list it. */
int nbk_if_media_set(const char *name, int word);

/* Whether registered interfaces get a Linux TAP (default on). Tests turn it off so they create
 * no host interfaces; interfaces registered meanwhile stay without one. */
void nbk_net_use_tap(int on);

#ifdef __cplusplus
}
#endif
#endif
