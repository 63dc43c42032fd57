/* pcq(9): capacity, order, peek; the multi-producer run is driven from Swift threads. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/pcq.h>
#include "ktest.h"
#include "ktest_base.h"

KTEST(pcq_basic)
{
	pcq_t *q = pcq_create(3, KM_SLEEP);
	uintptr_t i;

	KT_ASSERT(pcq_maxitems(q) == 3);
	KT_ASSERT(pcq_get(q) == NULL && pcq_peek(q) == NULL);
	for (i = 1; i <= 3; i++)
		KT_ASSERT(pcq_put(q, (void *)i));
	KT_ASSERT(!pcq_put(q, (void *)4), "a full queue took a fourth item");
	KT_ASSERT(pcq_peek(q) == (void *)1);
	KT_ASSERT(pcq_get(q) == (void *)1);
	KT_ASSERT(pcq_put(q, (void *)4));
	/* Wraps around the end of the slots, still first in, first out. */
	for (i = 2; i <= 4; i++)
		KT_ASSERT(pcq_get(q) == (void *)i, "expected %lu", (unsigned long)i);
	KT_ASSERT(pcq_get(q) == NULL);
	pcq_destroy(q);
}

/* For PCQTests.swift: producers on Swift threads, one consumer. */
struct pcq *ktest_pcq_create(size_t n) { return pcq_create(n, KM_SLEEP); }
bool ktest_pcq_put(struct pcq *q, uintptr_t v) { return pcq_put(q, (void *)v); }
uintptr_t ktest_pcq_get(struct pcq *q) { return (uintptr_t)pcq_get(q); }
void ktest_pcq_destroy(struct pcq *q) { pcq_destroy(q); }
