/*
 * The personality's half of the contract with the host: the nbk_* entry points, implemented in C
 * by CNetBSDShim and called by the Swift host (NBHost) and by tests. Starting the kernel, offering
 * and detaching devices, power management, and what the host may look at inside (event counters,
 * sysctl nodes, entropy sources, memory and DMA accounting, the network core). The hypercalls the
 * host implements are nbshim_hypercall.h beside this file. Return values are NetBSD errno values;
 * compiled hosted (Swift) and freestanding.
 *
 * Every nbk_* name is declared here and nowhere else. The personality's names for its own use are
 * nbshim_*: those that driver-visible macros need (curlwp, printf's symbol, kmutex_t's record)
 * sit in include/kernel, the rest in private headers beside the C files (kern/sync_private.h ...).
 */
#ifndef NBSHIM_KERNEL_H
#define NBSHIM_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nbh_pci;

/* ---- life cycle: starting the kernel, offering and detaching devices --------------------- */
/* Starts the personality (autoconf roots, callout and softint threads). Once per process. */
int nbk_init(void);
/* Offers one PCI function to the registered drivers; 0 when one attached. */
int nbk_pci_attach(struct nbh_pci *dev, unsigned bus, unsigned device, unsigned function);
/* Before nbk_pci_attach: a device property for the driver that attaches to `dev`, as NetBSD's
 * machine-dependent code sets for boards it knows (e.g. pcn's "am79c970-no-eeprom"). `value` NULL,
 * "true" or "false": a bool; a whole integer (0x for hex): a number; else a string. 0 or an errno. */
int nbk_pci_property(struct nbh_pci *dev, const char *key, const char *value);
/* The name of the device a driver attached to `dev` ("wm0"), NULL when none did. */
const char *nbk_pci_device_name(struct nbh_pci *dev);
/* At exit: runs the shutdown hooks, then detaches every device, newest host function first. A function whose driver (or a
 * child's) cannot detach is deactivated, its interrupts disestablished and the function abandoned
 * (nbh_pci_abandon), with a line saying so; it stays in the device tree. 0 unless the buses
 * themselves failed to detach. */
int nbk_detach_all(void);
/* pmf(9) suspend/resume of the device named `xname` ("edu0") and its children: 0, ENXIO no such
 * device, EOPNOTSUPP no pmf handlers registered, EIO a handler refused. */
int nbk_device_suspend(const char *xname);
int nbk_device_resume(const char *xname);

/* ---- inspection ----------------------------------------------------------------------- */
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

/* ---- network core ----------------------------------------------------------------------- */
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
