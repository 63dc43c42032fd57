/* proplib arrays: a growable vector of retained objects. */
#include "prop_impl.h"

struct _prop_array {
	struct _prop_object	pa_obj;
	struct prop_lock	pa_lock;
	prop_object_t		*pa_items;
	unsigned int		pa_count, pa_cap;
	bool			pa_immutable;
	volatile uint64_t	pa_gen;
};

static void
prop_array_free_obj(prop_object_t obj)
{
	struct _prop_array *pa = obj;
	unsigned int i;

	for (i = 0; i < pa->pa_count; i++)
		prop_object_release(pa->pa_items[i]);
	prop_free(pa->pa_items, pa->pa_cap * sizeof(prop_object_t));
}

static bool
prop_array_equals_obj(prop_object_t a, prop_object_t b)
{
	struct _prop_array *x = a, *y = b;
	unsigned int i;
	bool eq;

	/* Locks in address order, so two comparisons running the other way cannot deadlock. */
	if (x > y) {
		struct _prop_array *t = x; x = y; y = t;
	}
	prop_lock(&x->pa_lock);
	prop_lock(&y->pa_lock);
	eq = x->pa_count == y->pa_count;
	for (i = 0; eq && i < x->pa_count; i++)
		eq = prop_object_equals(x->pa_items[i], y->pa_items[i]);
	prop_unlock(&y->pa_lock);
	prop_unlock(&x->pa_lock);
	return eq;
}

static const struct prop_ops prop_array_ops = {
	prop_array_free_obj, prop_array_equals_obj, sizeof(struct _prop_array)
};

/* Called with the lock held (or before the array is shared). */
static bool
prop_array_grow(struct _prop_array *pa, unsigned int need)
{
	unsigned int cap = pa->pa_cap ? pa->pa_cap : 8;
	prop_object_t *items;

	if (need <= pa->pa_cap)
		return true;
	while (cap < need)
		cap *= 2;
	if ((items = prop_zalloc(cap * sizeof(prop_object_t))) == NULL)
		return false;
	if (pa->pa_count > 0)
		memcpy(items, pa->pa_items, pa->pa_count * sizeof(prop_object_t));
	prop_free(pa->pa_items, pa->pa_cap * sizeof(prop_object_t));
	pa->pa_items = items;
	pa->pa_cap = cap;
	return true;
}

prop_array_t
prop_array_create_with_capacity(unsigned int cap)
{
	struct _prop_array *pa = prop_object_new(PROP_TYPE_ARRAY, &prop_array_ops);

	if (pa != NULL && !prop_array_grow(pa, cap)) {
		prop_free(pa, sizeof(*pa));
		return NULL;
	}
	return pa;
}

prop_array_t
prop_array_create(void)
{
	return prop_array_create_with_capacity(0);
}

static prop_array_t
prop_array_copy_as(prop_array_t src, bool immutable)
{
	struct _prop_array *pa;
	unsigned int i;

	if (!prop_object_is(src, PROP_TYPE_ARRAY))
		return NULL;
	prop_lock(&src->pa_lock);
	if ((pa = prop_array_create_with_capacity(src->pa_count)) != NULL) {
		for (i = 0; i < src->pa_count; i++) {
			prop_object_retain(src->pa_items[i]);
			pa->pa_items[i] = src->pa_items[i];
		}
		pa->pa_count = src->pa_count;
		pa->pa_immutable = immutable;
	}
	prop_unlock(&src->pa_lock);
	return pa;
}

prop_array_t
prop_array_copy(prop_array_t pa)
{
	return prop_array_copy_as(pa, true);
}

prop_array_t
prop_array_copy_mutable(prop_array_t pa)
{
	return prop_array_copy_as(pa, false);
}

bool
prop_array_ensure_capacity(prop_array_t pa, unsigned int cap)
{
	bool ok;

	if (!prop_object_is(pa, PROP_TYPE_ARRAY))
		return false;
	prop_lock(&pa->pa_lock);
	ok = prop_array_grow(pa, cap);
	prop_unlock(&pa->pa_lock);
	return ok;
}

unsigned int
prop_array_count(prop_array_t pa)
{
	return prop_object_is(pa, PROP_TYPE_ARRAY) ? pa->pa_count : 0;
}

void
prop_array_make_immutable(prop_array_t pa)
{
	if (prop_object_is(pa, PROP_TYPE_ARRAY))
		pa->pa_immutable = true;
}

bool
prop_array_mutable(prop_array_t pa)
{
	return prop_object_is(pa, PROP_TYPE_ARRAY) && !pa->pa_immutable;
}

static prop_object_t
prop_array_iter_next(struct _prop_object_iterator *pi)
{
	struct _prop_array *pa = pi->pi_container;
	prop_object_t obj = NULL;

	prop_lock(&pa->pa_lock);
	if (pi->pi_idx < pa->pa_count)
		obj = pa->pa_items[pi->pi_idx++];
	prop_unlock(&pa->pa_lock);
	return obj;
}

prop_object_iterator_t
prop_array_iterator(prop_array_t pa)
{
	if (!prop_object_is(pa, PROP_TYPE_ARRAY))
		return NULL;
	return prop_iterator_create(pa, &pa->pa_gen, prop_array_iter_next);
}

prop_object_t
prop_array_get(prop_array_t pa, unsigned int idx)
{
	prop_object_t obj = NULL;

	if (!prop_object_is(pa, PROP_TYPE_ARRAY))
		return NULL;
	prop_lock(&pa->pa_lock);
	if (idx < pa->pa_count)
		obj = pa->pa_items[idx];
	prop_unlock(&pa->pa_lock);
	return obj;
}

bool
prop_array_set(prop_array_t pa, unsigned int idx, prop_object_t obj)
{
	prop_object_t old = NULL;
	bool ok = false;

	if (!prop_object_is(pa, PROP_TYPE_ARRAY) || obj == NULL)
		return false;
	prop_lock(&pa->pa_lock);
	if (!pa->pa_immutable && idx <= pa->pa_count) {
		if (idx == pa->pa_count) {
			ok = prop_array_grow(pa, pa->pa_count + 1);
			if (ok)
				pa->pa_count++;
		} else {
			old = pa->pa_items[idx];
			ok = true;
		}
		if (ok) {
			prop_object_retain(obj);
			pa->pa_items[idx] = obj;
			pa->pa_gen++;
		}
	}
	prop_unlock(&pa->pa_lock);
	if (old != NULL)
		prop_object_release(old);
	return ok;
}

bool
prop_array_add(prop_array_t pa, prop_object_t obj)
{
	bool ok = false;

	if (!prop_object_is(pa, PROP_TYPE_ARRAY) || obj == NULL)
		return false;
	prop_lock(&pa->pa_lock);
	if (!pa->pa_immutable && prop_array_grow(pa, pa->pa_count + 1)) {
		prop_object_retain(obj);
		pa->pa_items[pa->pa_count++] = obj;
		pa->pa_gen++;
		ok = true;
	}
	prop_unlock(&pa->pa_lock);
	return ok;
}

bool
prop_array_add_and_rel(prop_array_t pa, prop_object_t obj)
{
	bool ok;

	if (obj == NULL)
		return false;
	ok = prop_array_add(pa, obj);
	prop_object_release(obj);
	return ok;
}

void
prop_array_remove(prop_array_t pa, unsigned int idx)
{
	prop_object_t old = NULL;

	if (!prop_object_is(pa, PROP_TYPE_ARRAY))
		return;
	prop_lock(&pa->pa_lock);
	if (!pa->pa_immutable && idx < pa->pa_count) {
		old = pa->pa_items[idx];
		memmove(&pa->pa_items[idx], &pa->pa_items[idx + 1],
		    (pa->pa_count - idx - 1) * sizeof(prop_object_t));
		pa->pa_count--;
		pa->pa_gen++;
	}
	prop_unlock(&pa->pa_lock);
	if (old != NULL)
		prop_object_release(old);
}

bool
prop_array_equals(prop_array_t a, prop_array_t b)
{
	return prop_object_is(a, PROP_TYPE_ARRAY) && prop_object_equals(a, b);
}

/* Typed helpers: numbers must fit the type, as proplib's do. */
#define PROP_ARRAY_INT(name, T, isunsigned, smin, max, create)				\
bool prop_array_get_##name(prop_array_t pa, unsigned int i, T *v)			\
{											\
	int64_t s; uint64_t u;								\
	if (!prop_number_get_ranged(prop_array_get(pa, i), isunsigned, smin, max, &s, &u)) \
		return false;								\
	*v = isunsigned ? (T)u : (T)s;							\
	return true;									\
}											\
bool prop_array_set_##name(prop_array_t pa, unsigned int i, T v)			\
{											\
	prop_object_t n = create(v);							\
	bool ok = n != NULL && prop_array_set(pa, i, n);				\
	if (n != NULL)									\
		prop_object_release(n);							\
	return ok;									\
}											\
bool prop_array_add_##name(prop_array_t pa, T v)					\
{											\
	return prop_array_add_and_rel(pa, create(v));					\
}
PROP_ARRAY_INT(int8, int8_t, false, INT8_MIN, INT8_MAX, prop_number_create_integer)
PROP_ARRAY_INT(uint8, uint8_t, true, 0, UINT8_MAX, prop_number_create_unsigned_integer)
PROP_ARRAY_INT(int16, int16_t, false, INT16_MIN, INT16_MAX, prop_number_create_integer)
PROP_ARRAY_INT(uint16, uint16_t, true, 0, UINT16_MAX, prop_number_create_unsigned_integer)
PROP_ARRAY_INT(int32, int32_t, false, INT32_MIN, INT32_MAX, prop_number_create_integer)
PROP_ARRAY_INT(uint32, uint32_t, true, 0, UINT32_MAX, prop_number_create_unsigned_integer)
PROP_ARRAY_INT(int64, int64_t, false, INT64_MIN, INT64_MAX, prop_number_create_integer)
PROP_ARRAY_INT(uint64, uint64_t, true, 0, UINT64_MAX, prop_number_create_unsigned_integer)

bool
prop_array_get_bool(prop_array_t pa, unsigned int i, bool *v)
{
	prop_object_t b = prop_array_get(pa, i);

	if (!prop_object_is(b, PROP_TYPE_BOOL))
		return false;
	*v = prop_bool_true(b);
	return true;
}

bool
prop_array_set_bool(prop_array_t pa, unsigned int i, bool v)
{
	prop_object_t b = prop_bool_create(v);
	bool ok = b != NULL && prop_array_set(pa, i, b);

	if (b != NULL)
		prop_object_release(b);
	return ok;
}

bool
prop_array_add_bool(prop_array_t pa, bool v)
{
	return prop_array_add_and_rel(pa, prop_bool_create(v));
}

bool
prop_array_get_cstring_nocopy(prop_array_t pa, unsigned int i, const char **v)
{
	prop_object_t s = prop_array_get(pa, i);

	if (!prop_object_is(s, PROP_TYPE_STRING))
		return false;
	*v = prop_string_cstring_nocopy(s);
	return true;
}

bool
prop_array_get_cstring(prop_array_t pa, unsigned int i, char **v)
{
	prop_object_t s = prop_array_get(pa, i);

	if (!prop_object_is(s, PROP_TYPE_STRING))
		return false;
	*v = prop_string_cstring(s);
	return true;
}

static bool
prop_array_set_string(prop_array_t pa, unsigned int i, prop_string_t s)
{
	bool ok = s != NULL && prop_array_set(pa, i, s);

	if (s != NULL)
		prop_object_release(s);
	return ok;
}

bool
prop_array_set_cstring(prop_array_t pa, unsigned int i, const char *v)
{
	return prop_array_set_string(pa, i, prop_string_create_cstring(v));
}

bool
prop_array_set_cstring_nocopy(prop_array_t pa, unsigned int i, const char *v)
{
	return prop_array_set_string(pa, i, prop_string_create_cstring_nocopy(v));
}

bool
prop_array_add_cstring(prop_array_t pa, const char *v)
{
	return prop_array_add_and_rel(pa, prop_string_create_cstring(v));
}

bool
prop_array_add_cstring_nocopy(prop_array_t pa, const char *v)
{
	return prop_array_add_and_rel(pa, prop_string_create_cstring_nocopy(v));
}
