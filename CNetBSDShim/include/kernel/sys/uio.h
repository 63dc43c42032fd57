/*
 * Scatter/gather descriptions (sys/uio.h, uiomove(9) in NetBSD's API); kern/subr_copy.c. Every
 * address in this process is a kernel address, so the user and system segments are the same
 * memory and uio_vmspace only records which one a caller meant.
 */
#ifndef _NBSHIM_SYS_UIO_H_
#define _NBSHIM_SYS_UIO_H_

#include <sys/types.h>

struct iovec {
	void	*iov_base;
	size_t	iov_len;
};

enum uio_rw { UIO_READ, UIO_WRITE };
enum uio_seg { UIO_USERSPACE, UIO_SYSSPACE };

struct vmspace;

struct uio {
	struct iovec	*uio_iov;
	int		uio_iovcnt;
	off_t		uio_offset;
	size_t		uio_resid;
	enum uio_rw	uio_rw;
	struct vmspace	*uio_vmspace;
};

#define UIO_MAXIOV	1024
#define UIO_SMALLIOV	8

/* The one address space's stand-in (vmspace_kernel() and every process's p_vmspace). */
extern struct vmspace nbshim_vmspace;
#define VMSPACE_IS_KERNEL_P(vm)	((vm) == &nbshim_vmspace)
#define UIO_SETUP_SYSSPACE(uio)	uio_setup_sysspace(uio)

void	uio_setup_sysspace(struct uio *);
struct vmspace *vmspace_kernel(void);
/* Moves n bytes between buf and the uio's segments in its direction; advances the uio. */
int	uiomove(void *, size_t, struct uio *);
int	uiomove_frombuf(void *, size_t, struct uio *);
int	ureadc(int, struct uio *);

#endif
