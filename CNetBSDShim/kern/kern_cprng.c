/*
 * cprng(9) over the host's CSPRNG. A strong generator is a name and its flags; every byte comes
 * from nbh_entropy, which cannot run dry, so requests are always filled whole (up to
 * CPRNG_MAX_LEN, as NetBSD's limit on one request).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/cprng.h>
#include "host/nbshim_hypercall.h"

struct cprng_strong {
	char	cs_name[16];
	int	cs_flags;
};

static struct cprng_strong kern_cprng0 = { .cs_name = "kernel" };
cprng_strong_t *kern_cprng = &kern_cprng0;

static void
fill(const char *who, void *p, size_t n)
{
	int error = nbh_entropy(p, n);

	if (error != 0)
		panic("%s: the host's entropy source failed: error %d", who, error);
}

size_t
cprng_fast(void *p, size_t n)
{
	fill("cprng_fast", p, n);
	return n;
}

uint32_t
cprng_fast32(void)
{
	uint32_t r;

	fill("cprng_fast32", &r, sizeof(r));
	return r;
}

uint64_t
cprng_fast64(void)
{
	uint64_t r;

	fill("cprng_fast64", &r, sizeof(r));
	return r;
}

cprng_strong_t *
cprng_strong_create(const char *name, int ipl, int flags)
{
	cprng_strong_t *c = kmem_zalloc(sizeof(*c), KM_SLEEP);

	(void)ipl;
	strlcpy(c->cs_name, name, sizeof(c->cs_name));
	c->cs_flags = flags;
	return c;
}

void
cprng_strong_destroy(cprng_strong_t *c)
{
	KASSERT(c != kern_cprng);
	kmem_free(c, sizeof(*c));
}

size_t
cprng_strong(cprng_strong_t *c, void *p, size_t n, int flags)
{
	(void)flags;
	if (n > CPRNG_MAX_LEN)
		n = CPRNG_MAX_LEN;
	fill(c->cs_name, p, n);
	return n;
}
