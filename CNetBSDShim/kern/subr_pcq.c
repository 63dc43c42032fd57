/*
 * pcq(9): a bounded queue of pointers for many producers and one consumer at a time. One 64-bit
 * word holds both indexes (producer in the high half, consumer in the low half), so a producer
 * reserves a slot with a single compare-and-swap and then publishes the item into it. A slot
 * whose item is not yet published reads NULL, and the consumer then reports the queue empty for
 * now, as NetBSD's pcq does. There is one slot more than the capacity, so full and empty differ.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/atomic.h>
#include <sys/kmem.h>
#include <sys/pcq.h>

#define PCQ_MAXLEN	0xffff

struct pcq {
	volatile uint64_t pcq_pc;	/* producer << 32 | consumer */
	uint32_t pcq_nslots;		/* capacity + 1 */
	void *volatile pcq_items[];
};

#define PCQ_PROD(pc)	((uint32_t)((pc) >> 32))
#define PCQ_CONS(pc)	((uint32_t)(pc))
#define PCQ_MAKE(p, c)	(((uint64_t)(p) << 32) | (c))

pcq_t *
pcq_create(size_t nitems, km_flag_t kmflags)
{
	pcq_t *q;

	KASSERTMSG(nitems > 0 && nitems <= PCQ_MAXLEN, "pcq_create: %zu items (1 to %u)", nitems, PCQ_MAXLEN);
	q = kmem_zalloc(sizeof(*q) + (nitems + 1) * sizeof(void *), kmflags);
	if (q != NULL)
		q->pcq_nslots = (uint32_t)nitems + 1;
	return q;
}

void
pcq_destroy(pcq_t *q)
{
	kmem_free(q, sizeof(*q) + q->pcq_nslots * sizeof(void *));
}

size_t
pcq_maxitems(pcq_t *q)
{
	return q->pcq_nslots - 1;
}

bool
pcq_put(pcq_t *q, void *item)
{
	uint64_t pc;
	uint32_t p, np;

	KASSERTMSG(item != NULL, "pcq_put: NULL item");
	pc = atomic_load_relaxed(&q->pcq_pc);
	for (;;) {
		p = PCQ_PROD(pc);
		np = p + 1 == q->pcq_nslots ? 0 : p + 1;
		if (np == PCQ_CONS(pc))
			return false;		/* full */
		if (__atomic_compare_exchange_n(&q->pcq_pc, &pc, PCQ_MAKE(np, PCQ_CONS(pc)), false,
		    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			break;
	}
	/* The slot is ours: the consumer has moved past it and cleared it. */
	KASSERT(atomic_load_relaxed(&q->pcq_items[p]) == NULL);
	atomic_store_release(&q->pcq_items[p], item);
	return true;
}

void *
pcq_peek(pcq_t *q)
{
	uint64_t pc = atomic_load_acquire(&q->pcq_pc);
	uint32_t c = PCQ_CONS(pc);

	if (c == PCQ_PROD(pc))
		return NULL;
	return atomic_load_acquire(&q->pcq_items[c]);
}

void *
pcq_get(pcq_t *q)
{
	uint64_t pc = atomic_load_acquire(&q->pcq_pc);
	uint32_t c = PCQ_CONS(pc), nc;
	void *item;

	if (c == PCQ_PROD(pc))
		return NULL;
	item = atomic_load_acquire(&q->pcq_items[c]);
	if (item == NULL)
		return NULL;			/* reserved, not yet published */
	atomic_store_relaxed(&q->pcq_items[c], NULL);
	nc = c + 1 == q->pcq_nslots ? 0 : c + 1;
	/* Producers move the other half of the word meanwhile; only this consumer moves ours. */
	while (!__atomic_compare_exchange_n(&q->pcq_pc, &pc, PCQ_MAKE(PCQ_PROD(pc), nc), false,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		continue;
	return item;
}
