/*
 * Cryptographic random numbers (sys/cprng.h, cprng(9) in NetBSD's API); kern_cprng.c. Both the
 * fast and the strong generators draw from the host's CSPRNG (nbh_entropy), so they never run
 * short and a strong generator's flags (blocking until seeded) have nothing left to wait for.
 */
#ifndef _NBSHIM_SYS_CPRNG_H_
#define _NBSHIM_SYS_CPRNG_H_

#include <sys/types.h>

#define CPRNG_MAX_LEN	524288

#define CPRNG_INIT_ANY		0x00000001
#define CPRNG_REKEY_ANY		0x00000002
#define CPRNG_USE_CV		0x00000004
#define CPRNG_HARD		0x00000008

typedef struct cprng_strong cprng_strong_t;

size_t		cprng_fast(void *, size_t);
uint32_t	cprng_fast32(void);
uint64_t	cprng_fast64(void);

cprng_strong_t	*cprng_strong_create(const char *, int, int);
void		cprng_strong_destroy(cprng_strong_t *);
size_t		cprng_strong(cprng_strong_t *, void *, size_t, int);

extern cprng_strong_t *kern_cprng;

static __inline uint32_t
cprng_strong32(void)
{
	uint32_t r;

	cprng_strong(kern_cprng, &r, sizeof(r), 0);
	return r;
}

static __inline uint64_t
cprng_strong64(void)
{
	uint64_t r;

	cprng_strong(kern_cprng, &r, sizeof(r), 0);
	return r;
}

#endif
