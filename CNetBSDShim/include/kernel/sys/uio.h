/* Scatter/gather descriptions (sys/uio.h in NetBSD's API): the subset bus_dmamap_load_uio reads. */
#ifndef _NBSHIM_SYS_UIO_H_
#define _NBSHIM_SYS_UIO_H_

#include <sys/types.h>

struct iovec {
	void	*iov_base;
	size_t	iov_len;
};

enum uio_rw { UIO_READ, UIO_WRITE };

struct vmspace;

/* Every address in this process is a "kernel" address: uio_vmspace is not consulted. */
struct uio {
	struct iovec	*uio_iov;
	int		uio_iovcnt;
	off_t		uio_offset;
	size_t		uio_resid;
	enum uio_rw	uio_rw;
	struct vmspace	*uio_vmspace;
};

#endif
