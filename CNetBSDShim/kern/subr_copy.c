/*
 * copy(9). The "user" side of every request is the host process, which shares this address
 * space (sys/kauth.h), so user addresses are plain pointers: the copies are bounded memcpys.
 * A NULL address for a non-empty copy is the one fault detectable here: EFAULT.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

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
