/*
 * kmem(9): host memory with a small header recording the size, so that kmem_free can check the
 * caller's size (NetBSD's allocator relies on it being right) and catch frees of foreign or
 * already freed memory. KM_SLEEP never returns NULL: host memory that is exhausted will not come
 * back by waiting, so that is a panic.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/atomic.h>
#include "host/nbshim_hypercall.h"
#include "host/nbshim_kernel.h"

#define KMEM_MAGIC	0x6b6d656d616c6c63ULL	/* live */
#define KMEM_FREED	0x6b6d656d66726565ULL	/* freed */
#define KMEM_HDR	16			/* keeps the returned memory 16-byte aligned */

struct kmem_hdr {
	uint64_t size;
	uint64_t magic;
};
CTASSERT(sizeof(struct kmem_hdr) == KMEM_HDR);

static volatile unsigned long kmem_inuse;	/* bytes handed out and not freed */

static void *
kmem_get(const char *fn, size_t size, km_flag_t flags, bool zero)
{
	struct kmem_hdr *h;

	KASSERTMSG(size > 0, "%s: size 0", fn);
	KASSERTMSG((flags & (KM_SLEEP | KM_NOSLEEP)) == KM_SLEEP ||
	    (flags & (KM_SLEEP | KM_NOSLEEP)) == KM_NOSLEEP,
	    "%s: flags %#x must have exactly one of KM_SLEEP and KM_NOSLEEP", fn, flags);
	if (size > SIZE_MAX - KMEM_HDR)
		h = NULL;
	else
		h = nbh_mem_alloc(size + KMEM_HDR, KMEM_HDR);
	if (h == NULL) {
		if (flags & KM_NOSLEEP)
			return NULL;
		panic("%s(%zu, KM_SLEEP): the host is out of memory", fn, size);
	}
	h->size = size;
	h->magic = KMEM_MAGIC;
	if (zero)
		memset(h + 1, 0, size);
	atomic_add_long((volatile unsigned long *)&kmem_inuse, (long)size);
	return h + 1;
}

static void
kmem_put(const char *fn, void *p, size_t size)
{
	struct kmem_hdr *h;

	if (p == NULL)
		panic("%s(NULL, %zu)", fn, size);
	h = (struct kmem_hdr *)p - 1;
	if (h->magic == KMEM_FREED)
		panic("%s(%p, %zu): already freed", fn, p, size);
	if (h->magic != KMEM_MAGIC)
		panic("%s(%p, %zu): not memory from kmem_alloc", fn, p, size);
	if (h->size != size)
		panic("%s(%p, %zu): allocated with size %zu; the caller passed the wrong size",
		    fn, p, size, (size_t)h->size);
	h->magic = KMEM_FREED;
	atomic_add_long((volatile unsigned long *)&kmem_inuse, -(long)size);
	nbh_mem_free(h, size + KMEM_HDR);
}

void *kmem_alloc(size_t size, km_flag_t flags) { return kmem_get("kmem_alloc", size, flags, false); }
void *kmem_zalloc(size_t size, km_flag_t flags) { return kmem_get("kmem_zalloc", size, flags, true); }
void kmem_free(void *p, size_t size) { kmem_put("kmem_free", p, size); }
void *kmem_intr_alloc(size_t size, km_flag_t flags) { return kmem_get("kmem_intr_alloc", size, flags, false); }
void *kmem_intr_zalloc(size_t size, km_flag_t flags) { return kmem_get("kmem_intr_zalloc", size, flags, true); }
void kmem_intr_free(void *p, size_t size) { kmem_put("kmem_intr_free", p, size); }

unsigned long
nbk_kmem_inuse(void)
{
	return kmem_inuse;
}

char *
kmem_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		panic("kmem_asprintf: bad format \"%s\"", fmt);
	s = kmem_alloc((size_t)n + 1, KM_SLEEP);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

char *
kmem_strdupsize(const char *str, size_t *lenp, km_flag_t flags)
{
	size_t len = strlen(str) + 1;
	char *s = kmem_alloc(len, flags);

	if (s != NULL)
		memcpy(s, str, len);
	if (lenp != NULL)
		*lenp = len;
	return s;
}

char *
kmem_strdup(const char *str, km_flag_t flags)
{
	return kmem_strdupsize(str, NULL, flags);
}

char *
kmem_strndup(const char *str, size_t maxlen, km_flag_t flags)
{
	size_t len = strnlen(str, maxlen);
	char *s = kmem_alloc(len + 1, flags);

	if (s != NULL) {
		memcpy(s, str, len);
		s[len] = '\0';
	}
	return s;
}

void
kmem_strfree(char *s)
{
	kmem_free(s, strlen(s) + 1);
}

void *
kmem_tmpbuf_alloc(size_t size, void *stackbuf, size_t stacksize, km_flag_t flags)
{
	return size <= stacksize ? stackbuf : kmem_alloc(size, flags);
}

void
kmem_tmpbuf_free(void *p, size_t size, void *stackbuf)
{
	if (p != stackbuf)
		kmem_free(p, size);
}
