/* proplib objects: reference counts, type, equality, iterators, and the helpers they share. */
#include "prop_impl.h"
#include "host/nbshim_hypercall.h"

void *
prop_zalloc(size_t size)
{
	void *p = nbh_mem_alloc(size, 0);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

void
prop_free(void *p, size_t size)
{
	if (p != NULL)
		nbh_mem_free(p, size);
}

char *
prop_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = prop_zalloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

void
prop_strfree(char *s)
{
	if (s != NULL)
		prop_free(s, strlen(s) + 1);
}

void
prop_lock(struct prop_lock *l)
{
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->held, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

void
prop_unlock(struct prop_lock *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

void *
prop_object_new(prop_type_t type, const struct prop_ops *ops)
{
	struct _prop_object *po = prop_zalloc(ops->size);

	if (po == NULL)
		return NULL;
	po->po_type = type;
	po->po_refcnt = 1;
	po->po_ops = ops;
	return po;
}

bool
prop_object_is(prop_object_t obj, prop_type_t type)
{
	return obj != NULL && ((struct _prop_object *)obj)->po_type == type;
}

void
prop_object_retain(prop_object_t obj)
{
	struct _prop_object *po = obj;

	if (__atomic_fetch_add(&po->po_refcnt, 1, __ATOMIC_RELAXED) == 0)
		panic("prop_object_retain: object %p was already freed", obj);
}

void
prop_object_release(prop_object_t obj)
{
	struct _prop_object *po = obj;
	uint32_t old = __atomic_fetch_sub(&po->po_refcnt, 1, __ATOMIC_ACQ_REL);

	if (old == 0)
		panic("prop_object_release: object %p released more often than retained", obj);
	if (old == 1) {
		po->po_ops->free(po);
		prop_free(po, po->po_ops->size);
	}
}

prop_type_t
prop_object_type(prop_object_t obj)
{
	return obj == NULL ? PROP_TYPE_UNKNOWN : ((struct _prop_object *)obj)->po_type;
}

bool
prop_object_equals_with_error(prop_object_t a, prop_object_t b, bool *error)
{
	struct _prop_object *pa = a, *pb = b;

	if (error != NULL)
		*error = false;
	if (a == NULL || b == NULL) {
		if (error != NULL)
			*error = true;
		return false;
	}
	if (a == b)
		return true;
	if (pa->po_type != pb->po_type)
		return false;
	return pa->po_ops->equals(a, b);
}

bool
prop_object_equals(prop_object_t a, prop_object_t b)
{
	return prop_object_equals_with_error(a, b, NULL);
}

prop_object_iterator_t
prop_iterator_create(prop_object_t container, const volatile uint64_t *genp,
    prop_object_t (*next)(struct _prop_object_iterator *))
{
	struct _prop_object_iterator *pi = prop_zalloc(sizeof(*pi));

	if (pi == NULL)
		return NULL;
	prop_object_retain(container);
	pi->pi_container = container;
	pi->pi_genp = genp;
	pi->pi_gen = *genp;
	pi->pi_next = next;
	return pi;
}

prop_object_t
prop_object_iterator_next(prop_object_iterator_t pi)
{
	/* A container changed since the walk began ends it, as proplib's iterators do. */
	if (*pi->pi_genp != pi->pi_gen)
		return NULL;
	return pi->pi_next(pi);
}

void
prop_object_iterator_reset(prop_object_iterator_t pi)
{
	pi->pi_idx = 0;
	pi->pi_gen = *pi->pi_genp;
}

void
prop_object_iterator_release(prop_object_iterator_t pi)
{
	prop_object_release(pi->pi_container);
	prop_free(pi, sizeof(*pi));
}
