/* hashinit(9): a power-of-two table of empty list heads; *mask is its size minus one. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/queue.h>

/* Every kind of head is one or two pointers, empty when zeroed except a TAILQ's. */
static size_t
head_size(enum hashtype t)
{
	switch (t) {
	case HASH_LIST:		return sizeof(LIST_HEAD(, nbshim_hash_elt));
	case HASH_SLIST:	return sizeof(SLIST_HEAD(, nbshim_hash_elt));
	case HASH_TAILQ:	return sizeof(TAILQ_HEAD(, nbshim_hash_elt));
	case HASH_PSLIST:	return sizeof(void *);
	}
	panic("hashinit: unknown hash type %d", (int)t);
}

void *
hashinit(u_int elements, enum hashtype t, bool waitok, u_long *mask)
{
	u_long size, i;
	size_t esize = head_size(t);
	char *table;

	if (elements == 0)
		panic("hashinit: no elements");
	for (size = 1; size < elements && size < (1UL << 30); size <<= 1)
		continue;
	table = kmem_zalloc(size * esize, waitok ? KM_SLEEP : KM_NOSLEEP);
	if (table == NULL)
		return NULL;
	if (t == HASH_TAILQ)
		for (i = 0; i < size; i++)
			TAILQ_INIT((TAILQ_HEAD(, nbshim_hash_elt) *)(void *)(table + i * esize));
	*mask = size - 1;
	return table;
}

void
hashdone(void *table, enum hashtype t, u_long mask)
{
	kmem_free(table, (mask + 1) * head_size(t));
}
