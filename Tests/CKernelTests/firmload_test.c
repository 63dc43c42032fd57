/* firmload(9) over the host's firmware path; the Swift test creates DRIVER/NAME first. */
#include <sys/param.h>
#include <sys/systm.h>
#include <dev/firmload.h>
#include "ktest.h"

KTEST(firmload_read)
{
	firmware_handle_t fh;
	char *buf;
	off_t size;

	KT_ASSERT(firmware_open("ktestdrv", "missing.bin", &fh) == ENOENT);
	KT_ASSERT(firmware_open("ktestdrv", "../escape", &fh) == EINVAL);
	KT_ASSERT(firmware_open("ktestdrv", "image.bin", &fh) == 0);
	size = firmware_get_size(fh);
	KT_ASSERT(size == 10, "%ld", (long)size);
	buf = firmware_malloc((size_t)size);
	KT_ASSERT(firmware_read(fh, 0, buf, (size_t)size) == 0);
	KT_ASSERT(memcmp(buf, "0123456789", 10) == 0);
	KT_ASSERT(firmware_read(fh, 6, buf, 4) == 0 && memcmp(buf, "6789", 4) == 0);
	KT_ASSERT(firmware_read(fh, 6, buf, 5) == EINVAL);
	firmware_free(buf, (size_t)size);
	KT_ASSERT(firmware_close(fh) == 0);
}
