/* kmem(9) and malloc(9): sizes, zeroing, alignment, accounting. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/malloc.h>
#include "host/nbshim_kernel.h"
#include "ktest.h"

KTEST(kmem_alloc_zero_free)
{
	unsigned long before = nbk_kmem_inuse();
	unsigned char *p = kmem_alloc(100, KM_SLEEP);
	unsigned char *z = kmem_zalloc(5000, KM_SLEEP);
	size_t i;

	KT_ASSERT(p != NULL && z != NULL);
	KT_ASSERT(((uintptr_t)p & 15) == 0 && ((uintptr_t)z & 15) == 0, "%p %p", p, z);
	KT_ASSERT(nbk_kmem_inuse() == before + 5100, "%lu", nbk_kmem_inuse() - before);
	memset(p, 0xa5, 100);
	for (i = 0; i < 5000; i++)
		KT_ASSERT(z[i] == 0, "byte %zu is %#x", i, z[i]);
	kmem_free(p, 100);
	kmem_free(z, 5000);
	KT_ASSERT(nbk_kmem_inuse() == before);
	p = kmem_intr_zalloc(16, KM_NOSLEEP);
	KT_ASSERT(p != NULL && p[15] == 0);
	kmem_intr_free(p, 16);
}

KTEST(kmem_strings)
{
	size_t len;
	char *s = kmem_asprintf("%s%d", "edu", 42);
	char *d = kmem_strdupsize("hello", &len, KM_SLEEP);

	KT_ASSERT(strcmp(s, "edu42") == 0, "%s", s);
	KT_ASSERT(strcmp(d, "hello") == 0 && len == 6, "%s %zu", d, len);
	kmem_strfree(s);
	kmem_free(d, len);
}

KTEST(malloc_forms)
{
	char *p = malloc(32, M_DEVBUF, M_WAITOK | M_ZERO);
	int i;

	KT_ASSERT(p != NULL);
	for (i = 0; i < 32; i++)
		KT_ASSERT(p[i] == 0);
	strlcpy(p, "abc", 32);
	p = realloc(p, 4096, M_TEMP, M_WAITOK);
	KT_ASSERT(strcmp(p, "abc") == 0);
	free(p, M_TEMP);
	free(NULL, M_DEVBUF);
}
