/*
 * copy(9). The "user" side of every request is the host process, which shares this address
 * space (sys/kauth.h), so user addresses are plain pointers: the copies are bounded memcpys.
 * A NULL address for a non-empty copy is the one fault detectable here: EFAULT.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>

static int
copy(const void *src, void *dst, size_t len)
{
	if (len == 0)
		return 0;
	if (src == NULL || dst == NULL)
		return EFAULT;
	memmove(dst, src, len);
	return 0;
}

int copyin(const void *uaddr, void *kaddr, size_t len) { return copy(uaddr, kaddr, len); }
int copyout(const void *kaddr, void *uaddr, size_t len) { return copy(kaddr, uaddr, len); }
int kcopy(const void *src, void *dst, size_t len) { return copy(src, dst, len); }

/* Copies a string with its NUL, at most `len` bytes; ENAMETOOLONG when no NUL fits. *done counts
 * the bytes copied, NUL included. */
int
copystr(const void *src, void *dst, size_t len, size_t *done)
{
	const char *s = src;
	char *d = dst;
	size_t i;

	if (len > 0 && (src == NULL || dst == NULL))
		return EFAULT;
	for (i = 0; i < len; i++) {
		if ((d[i] = s[i]) == '\0') {
			if (done != NULL)
				*done = i + 1;
			return 0;
		}
	}
	if (done != NULL)
		*done = len;
	return ENAMETOOLONG;
}

int copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done) { return copystr(uaddr, kaddr, len, done); }
int copyoutstr(const void *kaddr, void *uaddr, size_t len, size_t *done) { return copystr(kaddr, uaddr, len, done); }

/* uiomove(9): one address space, so the user and system segments are copied alike. */
struct vmspace { int nbshim_unused; };
struct vmspace nbshim_vmspace;

struct vmspace *vmspace_kernel(void) { return &nbshim_vmspace; }
void uio_setup_sysspace(struct uio *uio) { uio->uio_vmspace = &nbshim_vmspace; }

int
uiomove(void *buf, size_t n, struct uio *uio)
{
	char *cp = buf;
	int error;

	KASSERT(uio->uio_rw == UIO_READ || uio->uio_rw == UIO_WRITE);
	while (n > 0 && uio->uio_resid > 0) {
		struct iovec *iov = uio->uio_iov;
		size_t cnt = iov->iov_len;

		if (cnt == 0) {
			KASSERT(uio->uio_iovcnt > 0);
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		if (cnt > n)
			cnt = n;
		if (uio->uio_rw == UIO_READ)
			error = copyout(cp, iov->iov_base, cnt);
		else
			error = copyin(iov->iov_base, cp, cnt);
		if (error != 0)
			return error;
		iov->iov_base = (char *)iov->iov_base + cnt;
		iov->iov_len -= cnt;
		uio->uio_resid -= cnt;
		uio->uio_offset += (off_t)cnt;
		cp += cnt;
		n -= cnt;
	}
	return 0;
}

/* Moves what remains of buf past uio_offset. */
int
uiomove_frombuf(void *buf, size_t buflen, struct uio *uio)
{
	size_t off;

	if (uio->uio_offset < 0)
		return EINVAL;
	off = (size_t)uio->uio_offset;
	if (off >= buflen)
		return 0;
	return uiomove((char *)buf + off, buflen - off, uio);
}

/* Gives one character to a reading uio. */
int
ureadc(int c, struct uio *uio)
{
	char ch = (char)c;

	if (uio->uio_resid == 0)
		return EINVAL;
	return uiomove(&ch, 1, uio);
}
