/*
 * malloc(9), the older allocator: host memory with a size header (free and realloc need it). The
 * malloc types only label allocations. Without M_NOWAIT an allocation never fails: exhausted host
 * memory is a panic.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/malloc.h>
#include "host/nbshim_hypercall.h"

#define MALLOC_MAGIC	0x6d616c6c6f63216bULL
#define MALLOC_FREED	0x6d616c6c66726565ULL

struct malloc_hdr {
	uint64_t size;
	uint64_t magic;
};

MALLOC_DEFINE(M_DEVBUF, "devbuf", "device driver memory");
MALLOC_DEFINE(M_DMAMAP, "DMA map", "bus_dma(9) structures");
MALLOC_DEFINE(M_FREE, "free", "should be on free list");
MALLOC_DEFINE(M_PCB, "pcb", "protocol control block");
MALLOC_DEFINE(M_SOFTINTR, "softintr", "Softinterrupt structures");
MALLOC_DEFINE(M_TEMP, "temp", "misc. temporary data buffers");
MALLOC_DEFINE(M_IOCTLOPS, "ioctlops", "ioctl data buffer");
MALLOC_DEFINE(M_SYSCTLNODE, "sysctlnode", "sysctl node structures");
MALLOC_DEFINE(M_SYSCTLDATA, "sysctldata", "misc sysctl data");

void *
kern_malloc(unsigned long size, struct malloc_type *type, int flags)
{
	struct malloc_hdr *h = NULL;

	if (size <= SIZE_MAX - sizeof(*h))
		h = nbh_mem_alloc(size + sizeof(*h), sizeof(*h));
	if (h == NULL) {
		if (flags & (M_NOWAIT | M_CANFAIL))
			return NULL;
		panic("malloc(%lu, %s): the host is out of memory", size, type->ks_shortdesc);
	}
	h->size = size;
	h->magic = MALLOC_MAGIC;
	if (flags & M_ZERO)
		memset(h + 1, 0, size);
	return h + 1;
}

static struct malloc_hdr *
malloc_hdr(const char *fn, void *p)
{
	struct malloc_hdr *h = (struct malloc_hdr *)p - 1;

	if (h->magic == MALLOC_FREED)
		panic("%s(%p): already freed", fn, p);
	if (h->magic != MALLOC_MAGIC)
		panic("%s(%p): not memory from malloc(9)", fn, p);
	return h;
}

void
kern_free(void *p, struct malloc_type *type)
{
	struct malloc_hdr *h;

	(void)type;
	if (p == NULL)
		return;
	h = malloc_hdr("free", p);
	h->magic = MALLOC_FREED;
	nbh_mem_free(h, h->size + sizeof(*h));
}

void *
kern_realloc(void *p, unsigned long size, struct malloc_type *type, int flags)
{
	struct malloc_hdr *h;
	void *q;

	if (p == NULL)
		return kern_malloc(size, type, flags);
	h = malloc_hdr("realloc", p);
	if (size <= h->size) {
		/* The block keeps its recorded size, which free passes back to the host. */
		return p;
	}
	if ((q = kern_malloc(size, type, flags & ~M_ZERO)) == NULL)
		return NULL;
	memcpy(q, p, h->size);
	kern_free(p, type);
	return q;
}

/* The personality's own records (locks, lwps, ...): zeroed, and never NULL. */
void *
nbshim_alloc(size_t size, const char *what)
{
	void *p = nbh_mem_alloc(size, 0);

	if (p == NULL)
		panic("%s: out of memory (%zu bytes)", what, size);
	memset(p, 0, size);
	return p;
}

void
nbshim_free(void *p, size_t size)
{
	nbh_mem_free(p, size);
}
