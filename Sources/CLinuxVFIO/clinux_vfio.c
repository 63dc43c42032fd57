#include "clinux_vfio.h"

#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/resource.h>

int clv_get_api_version(int container) { return ioctl(container, VFIO_GET_API_VERSION); }
int clv_check_extension(int container, unsigned long extension) { return ioctl(container, VFIO_CHECK_EXTENSION, extension); }
int clv_set_iommu(int container, unsigned long type) { return ioctl(container, VFIO_SET_IOMMU, type); }
int clv_iommu_get_info(int container, struct vfio_iommu_type1_info *info) { return ioctl(container, VFIO_IOMMU_GET_INFO, info); }

int
clv_iommu_map_dma(int container, uint64_t vaddr, uint64_t iova, uint64_t size, uint32_t flags)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map), .flags = flags, .vaddr = vaddr, .iova = iova, .size = size,
	};
	return ioctl(container, VFIO_IOMMU_MAP_DMA, &map);
}

int
clv_iommu_unmap_dma(int container, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap unmap = { .argsz = sizeof(unmap), .iova = iova, .size = size };
	return ioctl(container, VFIO_IOMMU_UNMAP_DMA, &unmap);
}

int clv_group_get_status(int group, struct vfio_group_status *status) { return ioctl(group, VFIO_GROUP_GET_STATUS, status); }
int clv_group_set_container(int group, int container) { return ioctl(group, VFIO_GROUP_SET_CONTAINER, &container); }
int clv_group_get_device_fd(int group, const char *name) { return ioctl(group, VFIO_GROUP_GET_DEVICE_FD, name); }

int clv_device_get_info(int device, struct vfio_device_info *info) { return ioctl(device, VFIO_DEVICE_GET_INFO, info); }
int clv_device_get_region_info(int device, struct vfio_region_info *info) { return ioctl(device, VFIO_DEVICE_GET_REGION_INFO, info); }
int clv_device_get_irq_info(int device, struct vfio_irq_info *info) { return ioctl(device, VFIO_DEVICE_GET_IRQ_INFO, info); }
int clv_device_reset(int device) { return ioctl(device, VFIO_DEVICE_RESET); }

int
clv_device_set_irq_eventfds(int device, uint32_t index, uint32_t start, uint32_t count, const int32_t *fds)
{
	size_t size = sizeof(struct vfio_irq_set) + sizeof(int32_t) * count;
	struct vfio_irq_set *set = malloc(size);
	int rc, saved;

	if (set == NULL) {
		errno = ENOMEM;
		return -1;
	}
	set->argsz = (uint32_t)size;
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = index;
	set->start = start;
	set->count = count;
	memcpy(set->data, fds, sizeof(int32_t) * count);
	rc = ioctl(device, VFIO_DEVICE_SET_IRQS, set);
	saved = errno;
	free(set);
	errno = saved;
	return rc;
}

int
clv_device_set_irq_action(int device, uint32_t index, uint32_t start, uint32_t count, uint32_t action)
{
	struct vfio_irq_set set = {
		.argsz = sizeof(set), .flags = VFIO_IRQ_SET_DATA_NONE | action,
		.index = index, .start = start, .count = count,
	};
	return ioctl(device, VFIO_DEVICE_SET_IRQS, &set);
}

int clv_eventfd(void) { return eventfd(0, EFD_CLOEXEC); }

uint64_t
clv_memlock_limit(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_MEMLOCK, &r) != 0 || r.rlim_cur == RLIM_INFINITY)
		return UINT64_MAX;
	return r.rlim_cur;
}
