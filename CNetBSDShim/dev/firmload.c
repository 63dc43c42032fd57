/* firmload(9): images are files the host finds as DRIVER/NAME on its firmware path. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <dev/firmload.h>
#include "host/nbshim_hypercall.h"

struct firmware_handle {
	struct nbh_firmware *fh_host;
	uint64_t fh_size;
};

int
firmware_open(const char *drvname, const char *imgname, firmware_handle_t *fhp)
{
	struct firmware_handle *fh;
	int error;

	fh = kmem_zalloc(sizeof(*fh), KM_SLEEP);
	if ((error = nbh_firmware_open(drvname, imgname, &fh->fh_host, &fh->fh_size)) != 0) {
		kmem_free(fh, sizeof(*fh));
		return error;
	}
	*fhp = fh;
	return 0;
}

int
firmware_close(firmware_handle_t fh)
{
	nbh_firmware_close(fh->fh_host);
	kmem_free(fh, sizeof(*fh));
	return 0;
}

off_t
firmware_get_size(firmware_handle_t fh)
{
	return (off_t)fh->fh_size;
}

/* Reads exactly `len` bytes at `offset`; a range beyond the image is EINVAL. */
int
firmware_read(firmware_handle_t fh, off_t offset, void *buf, size_t len)
{
	if (offset < 0 || (uint64_t)offset > fh->fh_size || len > fh->fh_size - (uint64_t)offset)
		return EINVAL;
	return nbh_firmware_read(fh->fh_host, (uint64_t)offset, buf, len);
}

void *
firmware_malloc(size_t size)
{
	return kmem_alloc(size, KM_SLEEP);
}

void
firmware_free(void *p, size_t size)
{
	kmem_free(p, size);
}
