/*
 * Passive-serialized lists (sys/pslist.h, pslist(9) in NetBSD's API): one writer at a time, under
 * the caller's lock, and readers without locks inside a pserialize(9) read section. Forward links
 * are published with a release store after the element is complete, and readers load them with
 * a consume barrier; the back pointer is the writers' only. Inline: readers are on hot paths.
 */
#ifndef _NBSHIM_SYS_PSLIST_H_
#define _NBSHIM_SYS_PSLIST_H_

#include <sys/types.h>
#include <sys/null.h>
#include <sys/atomic.h>

struct pslist_entry {
	struct pslist_entry	**ple_prevp;	/* NULL: on no list */
	struct pslist_entry	*ple_next;
};

struct pslist_head {
	struct pslist_entry	*plh_first;
};

#define PSLIST_INITIALIZER	{ .plh_first = NULL }
#define PSLIST_ENTRY_INITIALIZER	{ .ple_prevp = NULL, .ple_next = NULL }

static __inline void pslist_init(struct pslist_head *h) { h->plh_first = NULL; }
static __inline void pslist_destroy(struct pslist_head *h) { (void)h; }
static __inline void pslist_entry_init(struct pslist_entry *e) { e->ple_prevp = NULL; e->ple_next = NULL; }
static __inline void pslist_entry_destroy(struct pslist_entry *e) { e->ple_prevp = NULL; }

/* Publishes `e`, whose fields the caller has set, at *where. */
static __inline void
pslist_publish(struct pslist_entry **where, struct pslist_entry *e)
{
	__atomic_store_n(where, e, __ATOMIC_RELEASE);
}

static __inline void
pslist_writer_insert_head(struct pslist_head *h, struct pslist_entry *e)
{
	e->ple_next = h->plh_first;
	e->ple_prevp = &h->plh_first;
	if (h->plh_first != NULL)
		h->plh_first->ple_prevp = &e->ple_next;
	pslist_publish(&h->plh_first, e);
}

static __inline void
pslist_writer_insert_before(struct pslist_entry *after, struct pslist_entry *e)
{
	e->ple_next = after;
	e->ple_prevp = after->ple_prevp;
	pslist_publish(after->ple_prevp, e);
	after->ple_prevp = &e->ple_next;
}

static __inline void
pslist_writer_insert_after(struct pslist_entry *before, struct pslist_entry *e)
{
	e->ple_next = before->ple_next;
	e->ple_prevp = &before->ple_next;
	if (before->ple_next != NULL)
		before->ple_next->ple_prevp = &e->ple_next;
	pslist_publish(&before->ple_next, e);
}

/* Unlinks `e`; readers already on it may still follow its ple_next, so that stays until the
 * writer has waited for them (pserialize_perform) and destroys the entry. */
static __inline void
pslist_writer_remove(struct pslist_entry *e)
{
	if (e->ple_next != NULL)
		e->ple_next->ple_prevp = e->ple_prevp;
	__atomic_store_n(e->ple_prevp, e->ple_next, __ATOMIC_RELAXED);
	e->ple_prevp = NULL;
}

static __inline struct pslist_entry *pslist_writer_first(const struct pslist_head *h) { return h->plh_first; }
static __inline struct pslist_entry *pslist_writer_next(const struct pslist_entry *e) { return e->ple_next; }

static __inline struct pslist_entry *
pslist_reader_first(const struct pslist_head *h)
{
	return __atomic_load_n(&h->plh_first, __ATOMIC_ACQUIRE);
}

static __inline struct pslist_entry *
pslist_reader_next(const struct pslist_entry *e)
{
	return __atomic_load_n(&e->ple_next, __ATOMIC_ACQUIRE);
}

/* The element holding entry `e` (NULL stays NULL). */
#define _PSLIST_ELT(e, T, f)	((e) == NULL ? NULL : (T *)(void *)((char *)(e) - __builtin_offsetof(T, f)))

#define PSLIST_INIT(h)			pslist_init(h)
#define PSLIST_DESTROY(h)		pslist_destroy(h)
#define PSLIST_ENTRY_INIT(x, f)		pslist_entry_init(&(x)->f)
#define PSLIST_ENTRY_DESTROY(x, f)	pslist_entry_destroy(&(x)->f)
#define PSLIST_WRITER_INSERT_HEAD(h, x, f)	pslist_writer_insert_head((h), &(x)->f)
#define PSLIST_WRITER_INSERT_BEFORE(y, x, f)	pslist_writer_insert_before(&(y)->f, &(x)->f)
#define PSLIST_WRITER_INSERT_AFTER(y, x, f)	pslist_writer_insert_after(&(y)->f, &(x)->f)
#define PSLIST_WRITER_REMOVE(x, f)	pslist_writer_remove(&(x)->f)
#define PSLIST_WRITER_FIRST(h, T, f)	_PSLIST_ELT(pslist_writer_first(h), T, f)
#define PSLIST_WRITER_NEXT(x, T, f)	_PSLIST_ELT(pslist_writer_next(&(x)->f), T, f)
#define PSLIST_WRITER_FOREACH(x, h, T, f) \
	for ((x) = PSLIST_WRITER_FIRST((h), T, f); (x) != NULL; (x) = PSLIST_WRITER_NEXT((x), T, f))
#define PSLIST_READER_FIRST(h, T, f)	_PSLIST_ELT(pslist_reader_first(h), T, f)
#define PSLIST_READER_NEXT(x, T, f)	_PSLIST_ELT(pslist_reader_next(&(x)->f), T, f)
#define PSLIST_READER_FOREACH(x, h, T, f) \
	for ((x) = PSLIST_READER_FIRST((h), T, f); (x) != NULL; (x) = PSLIST_READER_NEXT((x), T, f))

#endif
