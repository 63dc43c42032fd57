/* Firmware images (dev/firmload.h, firmload(9) in NetBSD's API); subr_firmload.c reads them
 * through the host, which owns the search path (NBSHIM_FIRMWARE_PATH, then the usual places). */
#ifndef _NBSHIM_DEV_FIRMLOAD_H_
#define _NBSHIM_DEV_FIRMLOAD_H_

#include <sys/types.h>

typedef struct firmware_handle *firmware_handle_t;

int	firmware_open(const char *, const char *, firmware_handle_t *);
int	firmware_close(firmware_handle_t);
int	firmware_read(firmware_handle_t, off_t, void *, size_t);
off_t	firmware_get_size(firmware_handle_t);
void	*firmware_malloc(size_t);
void	firmware_free(void *, size_t);

#endif
