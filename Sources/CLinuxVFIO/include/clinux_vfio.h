/*
 * Linux's vfio UAPI as Swift can call it: the structures and constants come from <linux/vfio.h>
 * (package linux-libc-dev); the ioctl request numbers are function-like macros Swift cannot
 * import, so each ioctl has a wrapper here. Every wrapper returns what ioctl(2) returns.
 * This is hosted code (glibc, Linux headers): it must never be linked into the kernel personality.
 */
#ifndef CLINUX_VFIO_H
#define CLINUX_VFIO_H

#include <stdint.h>
#include <linux/vfio.h>

/* Container (/dev/vfio/vfio). */
int clv_get_api_version(int container);
int clv_check_extension(int container, unsigned long extension);
int clv_set_iommu(int container, unsigned long type);
/* info->argsz is the caller's buffer size; capabilities follow the structure in that buffer. */
int clv_iommu_get_info(int container, struct vfio_iommu_type1_info *info);
int clv_iommu_map_dma(int container, uint64_t vaddr, uint64_t iova, uint64_t size, uint32_t flags);
int clv_iommu_unmap_dma(int container, uint64_t iova, uint64_t size);

/* Group (/dev/vfio/N). */
int clv_group_get_status(int group, struct vfio_group_status *status);
int clv_group_set_container(int group, int container);
int clv_group_get_device_fd(int group, const char *name);

/* Device. */
int clv_device_get_info(int device, struct vfio_device_info *info);
/* info->argsz is the caller's buffer size; capabilities follow the structure in that buffer. */
int clv_device_get_region_info(int device, struct vfio_region_info *info);
int clv_device_get_irq_info(int device, struct vfio_irq_info *info);
/* VFIO_DEVICE_SET_IRQS with `count` eventfds (-1: no trigger for that vector). */
int clv_device_set_irq_eventfds(int device, uint32_t index, uint32_t start, uint32_t count, const int32_t *fds);
/* VFIO_DEVICE_SET_IRQS without data: `action` is VFIO_IRQ_SET_ACTION_*; count 0 with TRIGGER disables. */
int clv_device_set_irq_action(int device, uint32_t index, uint32_t start, uint32_t count, uint32_t action);
int clv_device_reset(int device);

/* eventfd(2), which Swift's Glibc module does not export: a counter, non-semaphore, close-on-exec. */
int clv_eventfd(void);

/* This process's RLIMIT_MEMLOCK soft limit in bytes (UINT64_MAX: unlimited), which vfio charges
 * pinned DMA pages to. */
uint64_t clv_memlock_limit(void);

#endif
