/*
 * Intrusive lists (sys/queue.h in NetBSD's API): LIST (doubly linked, O(1) removal), SLIST
 * (singly linked), SIMPLEQ/STAILQ (singly linked with a tail pointer) and TAILQ (doubly linked
 * with a tail). Names and semantics are the documented queue(3) ones.
 * libbsd's sys/queue.h cannot serve: it is FreeBSD's (no SIMPLEQ, no TAILQ_END/LIST_END).
 */
#ifndef _NBSHIM_SYS_QUEUE_H_
#define _NBSHIM_SYS_QUEUE_H_

#include <sys/null.h>

/* ---- LIST ---- */
#define LIST_HEAD(name, type)	struct name { struct type *lh_first; }
#define LIST_HEAD_INITIALIZER(head)	{ NULL }
#define LIST_ENTRY(type)	struct { struct type *le_next; struct type **le_prev; }
#define LIST_FIRST(head)	((head)->lh_first)
#define LIST_END(head)		NULL
#define LIST_EMPTY(head)	((head)->lh_first == NULL)
#define LIST_NEXT(elm, field)	((elm)->field.le_next)
#define LIST_INIT(head)		do { (head)->lh_first = NULL; } while (0)
#define LIST_INSERT_HEAD(head, elm, field) do {					\
	if (((elm)->field.le_next = (head)->lh_first) != NULL)			\
		(head)->lh_first->field.le_prev = &(elm)->field.le_next;	\
	(head)->lh_first = (elm);						\
	(elm)->field.le_prev = &(head)->lh_first;				\
} while (0)
#define LIST_INSERT_AFTER(lelm, elm, field) do {				\
	if (((elm)->field.le_next = (lelm)->field.le_next) != NULL)		\
		(lelm)->field.le_next->field.le_prev = &(elm)->field.le_next;	\
	(lelm)->field.le_next = (elm);						\
	(elm)->field.le_prev = &(lelm)->field.le_next;				\
} while (0)
#define LIST_INSERT_BEFORE(lelm, elm, field) do {				\
	(elm)->field.le_prev = (lelm)->field.le_prev;				\
	(elm)->field.le_next = (lelm);						\
	*(lelm)->field.le_prev = (elm);						\
	(lelm)->field.le_prev = &(elm)->field.le_next;				\
} while (0)
#define LIST_REMOVE(elm, field) do {						\
	if ((elm)->field.le_next != NULL)					\
		(elm)->field.le_next->field.le_prev = (elm)->field.le_prev;	\
	*(elm)->field.le_prev = (elm)->field.le_next;				\
} while (0)
#define LIST_REPLACE(elm, elm2, field) do {					\
	if (((elm2)->field.le_next = (elm)->field.le_next) != NULL)		\
		(elm2)->field.le_next->field.le_prev = &(elm2)->field.le_next;	\
	(elm2)->field.le_prev = (elm)->field.le_prev;				\
	*(elm2)->field.le_prev = (elm2);					\
} while (0)
#define LIST_FOREACH(var, head, field)						\
	for ((var) = LIST_FIRST(head); (var) != NULL; (var) = LIST_NEXT(var, field))
#define LIST_FOREACH_SAFE(var, head, field, tvar)				\
	for ((var) = LIST_FIRST(head);						\
	    (var) != NULL && ((tvar) = LIST_NEXT(var, field), 1); (var) = (tvar))

/* ---- SLIST ---- */
#define SLIST_HEAD(name, type)	struct name { struct type *slh_first; }
#define SLIST_HEAD_INITIALIZER(head)	{ NULL }
#define SLIST_ENTRY(type)	struct { struct type *sle_next; }
#define SLIST_FIRST(head)	((head)->slh_first)
#define SLIST_END(head)		NULL
#define SLIST_EMPTY(head)	((head)->slh_first == NULL)
#define SLIST_NEXT(elm, field)	((elm)->field.sle_next)
#define SLIST_INIT(head)	do { (head)->slh_first = NULL; } while (0)
#define SLIST_INSERT_HEAD(head, elm, field) do {				\
	(elm)->field.sle_next = (head)->slh_first;				\
	(head)->slh_first = (elm);						\
} while (0)
#define SLIST_INSERT_AFTER(slistelm, elm, field) do {				\
	(elm)->field.sle_next = (slistelm)->field.sle_next;			\
	(slistelm)->field.sle_next = (elm);					\
} while (0)
#define SLIST_REMOVE_HEAD(head, field) do {					\
	(head)->slh_first = (head)->slh_first->field.sle_next;			\
} while (0)
#define SLIST_REMOVE_AFTER(slistelm, field) do {				\
	(slistelm)->field.sle_next = (slistelm)->field.sle_next->field.sle_next; \
} while (0)
#define SLIST_REMOVE(head, elm, type, field) do {				\
	if ((head)->slh_first == (elm)) {					\
		SLIST_REMOVE_HEAD((head), field);				\
	} else {								\
		struct type *slcur_ = (head)->slh_first;			\
		while (slcur_->field.sle_next != (elm))				\
			slcur_ = slcur_->field.sle_next;			\
		slcur_->field.sle_next = slcur_->field.sle_next->field.sle_next; \
	}									\
} while (0)
#define SLIST_FOREACH(var, head, field)						\
	for ((var) = (head)->slh_first; (var) != NULL; (var) = (var)->field.sle_next)
#define SLIST_FOREACH_SAFE(var, head, field, tvar)				\
	for ((var) = SLIST_FIRST(head);						\
	    (var) != NULL && ((tvar) = SLIST_NEXT(var, field), 1); (var) = (tvar))

/* ---- SIMPLEQ (STAILQ is the same list under FreeBSD's name) ---- */
#define SIMPLEQ_HEAD(name, type)	struct name { struct type *sqh_first; struct type **sqh_last; }
#define SIMPLEQ_HEAD_INITIALIZER(head)	{ NULL, &(head).sqh_first }
#define SIMPLEQ_ENTRY(type)	struct { struct type *sqe_next; }
#define SIMPLEQ_FIRST(head)	((head)->sqh_first)
#define SIMPLEQ_END(head)	NULL
#define SIMPLEQ_EMPTY(head)	((head)->sqh_first == NULL)
#define SIMPLEQ_NEXT(elm, field)	((elm)->field.sqe_next)
#define SIMPLEQ_INIT(head) do {							\
	(head)->sqh_first = NULL;						\
	(head)->sqh_last = &(head)->sqh_first;					\
} while (0)
#define SIMPLEQ_INSERT_HEAD(head, elm, field) do {				\
	if (((elm)->field.sqe_next = (head)->sqh_first) == NULL)		\
		(head)->sqh_last = &(elm)->field.sqe_next;			\
	(head)->sqh_first = (elm);						\
} while (0)
#define SIMPLEQ_INSERT_TAIL(head, elm, field) do {				\
	(elm)->field.sqe_next = NULL;						\
	*(head)->sqh_last = (elm);						\
	(head)->sqh_last = &(elm)->field.sqe_next;				\
} while (0)
#define SIMPLEQ_INSERT_AFTER(head, listelm, elm, field) do {			\
	if (((elm)->field.sqe_next = (listelm)->field.sqe_next) == NULL)	\
		(head)->sqh_last = &(elm)->field.sqe_next;			\
	(listelm)->field.sqe_next = (elm);					\
} while (0)
#define SIMPLEQ_REMOVE_HEAD(head, field) do {					\
	if (((head)->sqh_first = (head)->sqh_first->field.sqe_next) == NULL)	\
		(head)->sqh_last = &(head)->sqh_first;				\
} while (0)
#define SIMPLEQ_REMOVE(head, elm, type, field) do {				\
	if ((head)->sqh_first == (elm)) {					\
		SIMPLEQ_REMOVE_HEAD((head), field);				\
	} else {								\
		struct type *sqcur_ = (head)->sqh_first;			\
		while (sqcur_->field.sqe_next != (elm))				\
			sqcur_ = sqcur_->field.sqe_next;			\
		if ((sqcur_->field.sqe_next = sqcur_->field.sqe_next->field.sqe_next) == NULL) \
			(head)->sqh_last = &sqcur_->field.sqe_next;		\
	}									\
} while (0)
#define SIMPLEQ_FOREACH(var, head, field)					\
	for ((var) = (head)->sqh_first; (var) != NULL; (var) = (var)->field.sqe_next)
#define SIMPLEQ_FOREACH_SAFE(var, head, field, next)				\
	for ((var) = (head)->sqh_first;						\
	    (var) != NULL && ((next) = (var)->field.sqe_next, 1); (var) = (next))
#define SIMPLEQ_CONCAT(head1, head2) do {					\
	if (!SIMPLEQ_EMPTY((head2))) {						\
		*(head1)->sqh_last = (head2)->sqh_first;			\
		(head1)->sqh_last = (head2)->sqh_last;				\
		SIMPLEQ_INIT((head2));						\
	}									\
} while (0)

#define STAILQ_HEAD		SIMPLEQ_HEAD
#define STAILQ_HEAD_INITIALIZER	SIMPLEQ_HEAD_INITIALIZER
#define STAILQ_ENTRY		SIMPLEQ_ENTRY
#define STAILQ_FIRST		SIMPLEQ_FIRST
#define STAILQ_END		SIMPLEQ_END
#define STAILQ_EMPTY		SIMPLEQ_EMPTY
#define STAILQ_NEXT		SIMPLEQ_NEXT
#define STAILQ_INIT		SIMPLEQ_INIT
#define STAILQ_INSERT_HEAD	SIMPLEQ_INSERT_HEAD
#define STAILQ_INSERT_TAIL	SIMPLEQ_INSERT_TAIL
#define STAILQ_INSERT_AFTER	SIMPLEQ_INSERT_AFTER
#define STAILQ_REMOVE_HEAD	SIMPLEQ_REMOVE_HEAD
#define STAILQ_REMOVE		SIMPLEQ_REMOVE
#define STAILQ_FOREACH		SIMPLEQ_FOREACH
#define STAILQ_FOREACH_SAFE	SIMPLEQ_FOREACH_SAFE
#define STAILQ_CONCAT		SIMPLEQ_CONCAT

/* ---- TAILQ ---- */
#define TAILQ_HEAD(name, type)	struct name { struct type *tqh_first; struct type **tqh_last; }
#define TAILQ_HEAD_INITIALIZER(head)	{ NULL, &(head).tqh_first }
#define TAILQ_ENTRY(type)	struct { struct type *tqe_next; struct type **tqe_prev; }
#define TAILQ_FIRST(head)	((head)->tqh_first)
#define TAILQ_END(head)		NULL
#define TAILQ_EMPTY(head)	((head)->tqh_first == NULL)
#define TAILQ_NEXT(elm, field)	((elm)->field.tqe_next)
/* The tail pointer points at the last element's tqe_next, whose struct starts with it. */
#define TAILQ_LAST(head, headname)	(*(((struct headname *)((head)->tqh_last))->tqh_last))
#define TAILQ_PREV(elm, headname, field)	(*(((struct headname *)((elm)->field.tqe_prev))->tqh_last))
#define TAILQ_INIT(head) do {							\
	(head)->tqh_first = NULL;						\
	(head)->tqh_last = &(head)->tqh_first;					\
} while (0)
#define TAILQ_INSERT_HEAD(head, elm, field) do {				\
	if (((elm)->field.tqe_next = (head)->tqh_first) != NULL)		\
		(head)->tqh_first->field.tqe_prev = &(elm)->field.tqe_next;	\
	else									\
		(head)->tqh_last = &(elm)->field.tqe_next;			\
	(head)->tqh_first = (elm);						\
	(elm)->field.tqe_prev = &(head)->tqh_first;				\
} while (0)
#define TAILQ_INSERT_TAIL(head, elm, field) do {				\
	(elm)->field.tqe_next = NULL;						\
	(elm)->field.tqe_prev = (head)->tqh_last;				\
	*(head)->tqh_last = (elm);						\
	(head)->tqh_last = &(elm)->field.tqe_next;				\
} while (0)
#define TAILQ_INSERT_AFTER(head, listelm, elm, field) do {			\
	if (((elm)->field.tqe_next = (listelm)->field.tqe_next) != NULL)	\
		(elm)->field.tqe_next->field.tqe_prev = &(elm)->field.tqe_next;	\
	else									\
		(head)->tqh_last = &(elm)->field.tqe_next;			\
	(listelm)->field.tqe_next = (elm);					\
	(elm)->field.tqe_prev = &(listelm)->field.tqe_next;			\
} while (0)
#define TAILQ_INSERT_BEFORE(listelm, elm, field) do {				\
	(elm)->field.tqe_prev = (listelm)->field.tqe_prev;			\
	(elm)->field.tqe_next = (listelm);					\
	*(listelm)->field.tqe_prev = (elm);					\
	(listelm)->field.tqe_prev = &(elm)->field.tqe_next;			\
} while (0)
#define TAILQ_REMOVE(head, elm, field) do {					\
	if ((elm)->field.tqe_next != NULL)					\
		(elm)->field.tqe_next->field.tqe_prev = (elm)->field.tqe_prev;	\
	else									\
		(head)->tqh_last = (elm)->field.tqe_prev;			\
	*(elm)->field.tqe_prev = (elm)->field.tqe_next;				\
} while (0)
#define TAILQ_REPLACE(head, elm, elm2, field) do {				\
	if (((elm2)->field.tqe_next = (elm)->field.tqe_next) != NULL)		\
		(elm2)->field.tqe_next->field.tqe_prev = &(elm2)->field.tqe_next; \
	else									\
		(head)->tqh_last = &(elm2)->field.tqe_next;			\
	(elm2)->field.tqe_prev = (elm)->field.tqe_prev;				\
	*(elm2)->field.tqe_prev = (elm2);					\
} while (0)
#define TAILQ_FOREACH(var, head, field)						\
	for ((var) = (head)->tqh_first; (var) != NULL; (var) = (var)->field.tqe_next)
#define TAILQ_FOREACH_SAFE(var, head, field, next)				\
	for ((var) = TAILQ_FIRST(head);						\
	    (var) != NULL && ((next) = TAILQ_NEXT(var, field), 1); (var) = (next))
#define TAILQ_FOREACH_REVERSE(var, head, headname, field)			\
	for ((var) = TAILQ_LAST(head, headname); (var) != NULL;			\
	    (var) = TAILQ_PREV(var, headname, field))
#define TAILQ_FOREACH_REVERSE_SAFE(var, head, headname, field, prev)		\
	for ((var) = TAILQ_LAST(head, headname);				\
	    (var) != NULL && ((prev) = TAILQ_PREV(var, headname, field), 1); (var) = (prev))
#define TAILQ_CONCAT(head1, head2, field) do {					\
	if (!TAILQ_EMPTY(head2)) {						\
		*(head1)->tqh_last = (head2)->tqh_first;			\
		(head2)->tqh_first->field.tqe_prev = (head1)->tqh_last;		\
		(head1)->tqh_last = (head2)->tqh_last;				\
		TAILQ_INIT((head2));						\
	}									\
} while (0)

#endif
