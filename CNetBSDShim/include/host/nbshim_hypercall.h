/*
 * The host's half of the contract between the NetBSD kernel personality (C, CNetBSDShim) and the
 * Linux host (Swift, NBHost): the nbh_* hypercalls. The Swift host implements every one of them
 * with @_cdecl; the personality calls them. The other half, what the host may call in the
 * personality (nbk_*), is nbshim_kernel.h beside this file; inline register accessors that both
 * sides use are in nbshim_mmio.h. Nothing else crosses the boundary.
 *
 * Conventions: functions that can fail return 0 or a positive NetBSD errno value; handles are
 * opaque host objects; sizes are bytes; times are nanoseconds. This header is compiled both
 * freestanding (kernel side) and hosted (Swift importer), so it uses only compiler headers.
 */
#ifndef NBSHIM_HYPERCALL_H
#define NBSHIM_HYPERCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- memory: page-backed, never moved; `align` is a power of two (0 = natural) ------------- */
void *nbh_mem_alloc(size_t size, size_t align);
void nbh_mem_free(void *p, size_t size);

/* ---- console and diagnostics ----------------------------------------------------------- */
/* Kernel printf/log output, already formatted; one call may hold several or partial lines. */
void nbh_console_write(const char *buf, size_t len);
/* Ends the process after flushing the console; `msg` is one line without its newline. */
void nbh_panic(const char *msg) __attribute__((noreturn));

/* ---- clocks ---------------------------------------------------------------------------- */
uint64_t nbh_clock_monotonic(void);   /* since an arbitrary start, never goes back */
uint64_t nbh_clock_wall(void);        /* since 1970 */
void nbh_clock_sleep(uint64_t ns);    /* at least ns; not interruptible */

/* ---- entropy: the host's CSPRNG (Linux getrandom), for cprng(9) --------------------------- */
int nbh_entropy(void *buf, size_t len);

/* ---- threads --------------------------------------------------------------------------- */
struct nbh_thread;
/* `name` is shown by gdb and ps (15 bytes kept). With out == NULL the thread is detached. */
int nbh_thread_create(void (*fn)(void *), void *arg, const char *name, struct nbh_thread **out);
void nbh_thread_join(struct nbh_thread *t);
void nbh_thread_yield(void);

/* ---- locks: host mutexes are not recursive; ownership is tracked by the personality ----- */
/* (rwlock(9) is built on these in the personality: host rwlocks cannot downgrade or upgrade.) */
struct nbh_mutex;
int nbh_mutex_init(struct nbh_mutex **out, bool spin);
void nbh_mutex_destroy(struct nbh_mutex *m);
void nbh_mutex_enter(struct nbh_mutex *m);
bool nbh_mutex_tryenter(struct nbh_mutex *m);
void nbh_mutex_exit(struct nbh_mutex *m);

struct nbh_cond;
int nbh_cond_init(struct nbh_cond **out);
void nbh_cond_destroy(struct nbh_cond *c);
void nbh_cond_wait(struct nbh_cond *c, struct nbh_mutex *m);
/* Waits until the monotonic clock reaches `deadline`; returns 0 when signalled, else EWOULDBLOCK. */
int nbh_cond_timedwait(struct nbh_cond *c, struct nbh_mutex *m, uint64_t deadline);
void nbh_cond_signal(struct nbh_cond *c);
void nbh_cond_broadcast(struct nbh_cond *c);

/* ---- PCI: `dev` is the host's handle for one function handed to this process ------------ */
struct nbh_pci;
/* width is 1, 2 or 4; offsets are within the 4 KiB config space. */
int nbh_pci_conf_read(struct nbh_pci *dev, unsigned offset, unsigned width, uint32_t *value);
int nbh_pci_conf_write(struct nbh_pci *dev, unsigned offset, unsigned width, uint32_t value);
/* Memory BAR `bar` (0-5, at most one mapping each): where it is mapped here and its size. A
 * BAR that cannot be mapped (a device model's) returns EOPNOTSUPP; use nbh_pci_bar_read/write. */
int nbh_pci_bar_map(struct nbh_pci *dev, unsigned bar, void **va, uint64_t *size);
void nbh_pci_bar_unmap(struct nbh_pci *dev, unsigned bar);
/* Register access through the host: memory BARs of device models, I/O BARs nbh_pci_bar_pio gives
 * no file for. width 1/2/4/8. */
uint64_t nbh_pci_bar_read(struct nbh_pci *dev, unsigned bar, uint64_t offset, unsigned width);
void nbh_pci_bar_write(struct nbh_pci *dev, unsigned bar, uint64_t offset, unsigned width, uint64_t value);
/* Port I/O without a hypercall per access: pread/pwrite of `fd` at `offset` + port reach I/O BAR
 * `bar` of `size` bytes (uio: its sysfs resource file; vfio: the device file at the region's
 * offset). The host hands its own pread(2)/pwrite(2) along, which return the bytes moved or -1.
 * The file stays open as long as the device. EOPNOTSUPP when only nbh_pci_bar_read/write reach
 * the BAR (device models). */
struct nbh_pci_pio {
	int fd;
	uint64_t offset;
	uint64_t size;
	long (*pread)(int fd, void *buf, size_t len, long offset);
	long (*pwrite)(int fd, const void *buf, size_t len, long offset);
};
int nbh_pci_bar_pio(struct nbh_pci *dev, unsigned bar, struct nbh_pci_pio *out);
/* How the function is reached ("uio0", "model"), NUL-terminated, for attach and interrupt lines. */
void nbh_pci_backend_name(struct nbh_pci *dev, char *buf, size_t len);
/* The driver of `dev` cannot detach and the process is ending, so the function is taken from
 * under it as if it were removed (NetBSD leaves such a device attached until halt). The
 * personality has disestablished its interrupts. The host stops the function (bus mastering and
 * decoding off), turns the memory BARs the personality mapped (bit i of `mapped_bars`: BAR i)
 * into plain memory reading all ones, keeps the driver's DMA memory until the process ends, and
 * returns the handle to use from now on: a removed function (config and register reads all ones,
 * writes dropped, no interrupts, no new DMA memory). Never fails. */
struct nbh_pci *nbh_pci_abandon(struct nbh_pci *dev, unsigned mapped_bars);

/* ---- interrupts: the host runs `handler(arg)` on its own thread, once per interrupt ------ */
struct nbh_intr;
/* What the host can deliver: INTx only on uio; MSI/MSI-X vector counts on vfio. */
int nbh_intr_counts(struct nbh_pci *dev, int *intx, int *msi, int *msix);
/* Vectors: INTx is 0; MSI vector i is NBH_INTR_MSI(i), MSI-X vector i is NBH_INTR_MSIX(i). */
#define NBH_INTR_INTX		0
#define NBH_INTR_MSI(i)		(0x10000 | (i))
#define NBH_INTR_MSIX(i)	(0x20000 | (i))
int nbh_intr_establish(struct nbh_pci *dev, int vector, void (*handler)(void *), void *arg,
    struct nbh_intr **out);
/* Returns once the handler can no longer run. */
void nbh_intr_disestablish(struct nbh_intr *ih);

/* ---- DMA memory: contiguous for the device, within the tag's limits ------------------- */
struct nbh_dma_limits {
	uint64_t alignment;     /* power of two */
	uint64_t boundary;      /* power of two or 0: the buffer does not cross a multiple of it */
	uint64_t max_address;   /* highest bus address the device reaches */
};
int nbh_dma_alloc(struct nbh_pci *dev, size_t size, const struct nbh_dma_limits *limits,
    void **va, uint64_t *bus_address);
void nbh_dma_free(struct nbh_pci *dev, void *va, size_t size);
/* Bus address for `dev` of `va` in memory that nbh_dma_alloc returned for it, or for a device that
 * sees memory at the same bus addresses (uio: physical; vfio: one container), and in *contiguous
 * how many of the `len` bytes from `va` on follow it contiguously on the bus (all those in the
 * same allocation), so a buffer is resolved in one call. ENXIO for any other memory. */
int nbh_dma_bus_address(struct nbh_pci *dev, const void *va, size_t len, uint64_t *bus_address,
    size_t *contiguous);

/* ---- firmware files (firmload(9)); the host owns the search path ----------------------- */
struct nbh_firmware;
int nbh_firmware_open(const char *driver, const char *name, struct nbh_firmware **out, uint64_t *size);
int nbh_firmware_read(struct nbh_firmware *fw, uint64_t offset, void *buf, size_t len);
void nbh_firmware_close(struct nbh_firmware *fw);

/* ---- network interfaces: each attached NetBSD ifnet appears as a Linux TAP interface ---- */
struct nbh_tap;
/* Called on a host thread, never while the personality holds one of its own locks. */
struct nbh_tap_ops {
	void (*input)(void *arg, const void *frame, size_t len);	/* Linux sent a frame */
	void (*updown)(void *arg, bool up);				/* Linux set it up/down */
	int (*mtu)(void *arg, unsigned mtu);	/* 0 or an errno; the host restores the old MTU on error */
	void (*multicast)(void *arg, const uint8_t *addrs, size_t count);	/* the whole list, 6 bytes each */
};
struct nbh_iovec {
	const void *base;
	size_t len;
};
/* Creates interface `name` (wm0) with the driver's address and MTU; frames carry no vnet header. */
int nbh_tap_open(const char *name, const uint8_t mac[6], unsigned mtu, const struct nbh_tap_ops *ops,
    void *arg, struct nbh_tap **out);
/* Removes the interface; returns once no callback is running or will run. */
void nbh_tap_close(struct nbh_tap *tap);
/* Hands a received frame (an mbuf chain as segments) to Linux. */
int nbh_tap_output(struct nbh_tap *tap, const struct nbh_iovec *iov, unsigned count);
/* Carrier as Linux shows it: the driver's link state. */
void nbh_tap_link(struct nbh_tap *tap, bool up);

#ifdef __cplusplus
}
#endif
#endif
