/* Private to prop_*.c: the common object header, container locks and allocation. */
#ifndef _NBSHIM_PROP_IMPL_H_
#define _NBSHIM_PROP_IMPL_H_

#include <sys/types.h>
#include <sys/systm.h>
#include <prop/proplib.h>

struct prop_ops {
	void	(*free)(prop_object_t);		/* release what the object holds, not the object */
	bool	(*equals)(prop_object_t, prop_object_t);	/* both of this type */
	size_t	size;				/* bytes of the object */
};

struct _prop_object {
	prop_type_t		po_type;
	volatile uint32_t	po_refcnt;
	const struct prop_ops	*po_ops;
};

/* Containers lock briefly around each operation; nothing sleeps while holding one. */
struct prop_lock {
	volatile int held;
};
void	prop_lock(struct prop_lock *);
void	prop_unlock(struct prop_lock *);

/* Iterators: the container's `next` reads element `idx`; a changed `gen` ends the walk. */
struct _prop_object_iterator {
	prop_object_t	pi_container;
	unsigned int	pi_idx;
	uint64_t	pi_gen;
	const volatile uint64_t *pi_genp;	/* the container's modification count */
	prop_object_t	(*pi_next)(struct _prop_object_iterator *);
};
prop_object_iterator_t prop_iterator_create(prop_object_t, const volatile uint64_t *,
	    prop_object_t (*)(struct _prop_object_iterator *));

void	*prop_zalloc(size_t);
void	prop_free(void *, size_t);
char	*prop_strdup(const char *);
void	prop_strfree(char *);
/* A new object of `ops`, reference count 1. */
void	*prop_object_new(prop_type_t, const struct prop_ops *);
bool	prop_object_is(prop_object_t, prop_type_t);

/* Scalar get/set shared by dictionaries and arrays. */
bool	prop_number_get_ranged(prop_object_t, bool, int64_t, uint64_t, int64_t *, uint64_t *);

#endif
