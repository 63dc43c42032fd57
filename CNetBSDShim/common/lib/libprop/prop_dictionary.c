/* proplib dictionaries: entries sorted by key, each key a keysym object, each value retained. */
#include "prop_impl.h"

struct _prop_dictionary_keysym {
	struct _prop_object	pk_obj;
	char			*pk_name;
};

struct prop_dict_entry {
	struct _prop_dictionary_keysym	*key;
	prop_object_t			value;
};

struct _prop_dictionary {
	struct _prop_object	pd_obj;
	struct prop_lock	pd_lock;
	struct prop_dict_entry	*pd_entries;
	unsigned int		pd_count, pd_cap;
	bool			pd_immutable;
	volatile uint64_t	pd_gen;
};

static void
prop_keysym_free_obj(prop_object_t obj)
{
	prop_strfree(((struct _prop_dictionary_keysym *)obj)->pk_name);
}

static bool
prop_keysym_equals_obj(prop_object_t a, prop_object_t b)
{
	return strcmp(((struct _prop_dictionary_keysym *)a)->pk_name,
	    ((struct _prop_dictionary_keysym *)b)->pk_name) == 0;
}

static const struct prop_ops prop_keysym_ops = {
	prop_keysym_free_obj, prop_keysym_equals_obj, sizeof(struct _prop_dictionary_keysym)
};

static struct _prop_dictionary_keysym *
prop_keysym_create(const char *name)
{
	struct _prop_dictionary_keysym *pk = prop_object_new(PROP_TYPE_DICT_KEYSYM, &prop_keysym_ops);

	if (pk != NULL && (pk->pk_name = prop_strdup(name)) == NULL) {
		prop_free(pk, sizeof(*pk));
		return NULL;
	}
	return pk;
}

const char *
prop_dictionary_keysym_cstring_nocopy(prop_dictionary_keysym_t pk)
{
	return prop_object_is(pk, PROP_TYPE_DICT_KEYSYM) ? pk->pk_name : NULL;
}

bool
prop_dictionary_keysym_equals(prop_dictionary_keysym_t a, prop_dictionary_keysym_t b)
{
	return prop_object_is(a, PROP_TYPE_DICT_KEYSYM) && prop_object_equals(a, b);
}

static void
prop_dictionary_free_obj(prop_object_t obj)
{
	struct _prop_dictionary *pd = obj;
	unsigned int i;

	for (i = 0; i < pd->pd_count; i++) {
		prop_object_release(pd->pd_entries[i].key);
		prop_object_release(pd->pd_entries[i].value);
	}
	prop_free(pd->pd_entries, pd->pd_cap * sizeof(struct prop_dict_entry));
}

static bool
prop_dictionary_equals_obj(prop_object_t a, prop_object_t b)
{
	struct _prop_dictionary *x = a, *y = b;
	unsigned int i;
	bool eq;

	if (x > y) {
		struct _prop_dictionary *t = x; x = y; y = t;
	}
	prop_lock(&x->pd_lock);
	prop_lock(&y->pd_lock);
	/* Both are sorted by key, so equal dictionaries have equal entries at each index. */
	eq = x->pd_count == y->pd_count;
	for (i = 0; eq && i < x->pd_count; i++)
		eq = strcmp(x->pd_entries[i].key->pk_name, y->pd_entries[i].key->pk_name) == 0 &&
		    prop_object_equals(x->pd_entries[i].value, y->pd_entries[i].value);
	prop_unlock(&y->pd_lock);
	prop_unlock(&x->pd_lock);
	return eq;
}

static const struct prop_ops prop_dictionary_ops = {
	prop_dictionary_free_obj, prop_dictionary_equals_obj, sizeof(struct _prop_dictionary)
};

static bool
prop_dictionary_grow(struct _prop_dictionary *pd, unsigned int need)
{
	unsigned int cap = pd->pd_cap ? pd->pd_cap : 8;
	struct prop_dict_entry *e;

	if (need <= pd->pd_cap)
		return true;
	while (cap < need)
		cap *= 2;
	if ((e = prop_zalloc(cap * sizeof(*e))) == NULL)
		return false;
	if (pd->pd_count > 0)
		memcpy(e, pd->pd_entries, pd->pd_count * sizeof(*e));
	prop_free(pd->pd_entries, pd->pd_cap * sizeof(*e));
	pd->pd_entries = e;
	pd->pd_cap = cap;
	return true;
}

/* Index of `key`, or where it would go with *found false. Lock held. */
static unsigned int
prop_dictionary_find(struct _prop_dictionary *pd, const char *key, bool *found)
{
	unsigned int lo = 0, hi = pd->pd_count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		int c = strcmp(key, pd->pd_entries[mid].key->pk_name);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*found = false;
	return lo;
}

prop_dictionary_t
prop_dictionary_create_with_capacity(unsigned int cap)
{
	struct _prop_dictionary *pd = prop_object_new(PROP_TYPE_DICTIONARY, &prop_dictionary_ops);

	if (pd != NULL && !prop_dictionary_grow(pd, cap)) {
		prop_free(pd, sizeof(*pd));
		return NULL;
	}
	return pd;
}

prop_dictionary_t
prop_dictionary_create(void)
{
	return prop_dictionary_create_with_capacity(0);
}

static prop_dictionary_t
prop_dictionary_copy_as(prop_dictionary_t src, bool immutable)
{
	struct _prop_dictionary *pd;
	unsigned int i;

	if (!prop_object_is(src, PROP_TYPE_DICTIONARY))
		return NULL;
	prop_lock(&src->pd_lock);
	if ((pd = prop_dictionary_create_with_capacity(src->pd_count)) != NULL) {
		for (i = 0; i < src->pd_count; i++) {
			pd->pd_entries[i] = src->pd_entries[i];
			prop_object_retain(pd->pd_entries[i].key);
			prop_object_retain(pd->pd_entries[i].value);
		}
		pd->pd_count = src->pd_count;
		pd->pd_immutable = immutable;
	}
	prop_unlock(&src->pd_lock);
	return pd;
}

prop_dictionary_t
prop_dictionary_copy(prop_dictionary_t pd)
{
	return prop_dictionary_copy_as(pd, true);
}

prop_dictionary_t
prop_dictionary_copy_mutable(prop_dictionary_t pd)
{
	return prop_dictionary_copy_as(pd, false);
}

bool
prop_dictionary_ensure_capacity(prop_dictionary_t pd, unsigned int cap)
{
	bool ok;

	if (!prop_object_is(pd, PROP_TYPE_DICTIONARY))
		return false;
	prop_lock(&pd->pd_lock);
	ok = prop_dictionary_grow(pd, cap);
	prop_unlock(&pd->pd_lock);
	return ok;
}

unsigned int
prop_dictionary_count(prop_dictionary_t pd)
{
	return prop_object_is(pd, PROP_TYPE_DICTIONARY) ? pd->pd_count : 0;
}

void
prop_dictionary_make_immutable(prop_dictionary_t pd)
{
	if (prop_object_is(pd, PROP_TYPE_DICTIONARY))
		pd->pd_immutable = true;
}

bool
prop_dictionary_mutable(prop_dictionary_t pd)
{
	return prop_object_is(pd, PROP_TYPE_DICTIONARY) && !pd->pd_immutable;
}

static prop_object_t
prop_dictionary_iter_next(struct _prop_object_iterator *pi)
{
	struct _prop_dictionary *pd = pi->pi_container;
	prop_object_t key = NULL;

	prop_lock(&pd->pd_lock);
	if (pi->pi_idx < pd->pd_count)
		key = pd->pd_entries[pi->pi_idx++].key;
	prop_unlock(&pd->pd_lock);
	return key;
}

prop_object_iterator_t
prop_dictionary_iterator(prop_dictionary_t pd)
{
	if (!prop_object_is(pd, PROP_TYPE_DICTIONARY))
		return NULL;
	return prop_iterator_create(pd, &pd->pd_gen, prop_dictionary_iter_next);
}

prop_array_t
prop_dictionary_all_keys(prop_dictionary_t pd)
{
	prop_array_t keys;
	unsigned int i;

	if (!prop_object_is(pd, PROP_TYPE_DICTIONARY))
		return NULL;
	prop_lock(&pd->pd_lock);
	keys = prop_array_create_with_capacity(pd->pd_count);
	for (i = 0; keys != NULL && i < pd->pd_count; i++) {
		if (!prop_array_add(keys, pd->pd_entries[i].key)) {
			prop_object_release(keys);
			keys = NULL;
		}
	}
	prop_unlock(&pd->pd_lock);
	return keys;
}

prop_object_t
prop_dictionary_get(prop_dictionary_t pd, const char *key)
{
	prop_object_t v = NULL;
	unsigned int i;
	bool found;

	if (!prop_object_is(pd, PROP_TYPE_DICTIONARY) || key == NULL)
		return NULL;
	prop_lock(&pd->pd_lock);
	i = prop_dictionary_find(pd, key, &found);
	if (found)
		v = pd->pd_entries[i].value;
	prop_unlock(&pd->pd_lock);
	return v;
}

bool
prop_dictionary_set(prop_dictionary_t pd, const char *key, prop_object_t value)
{
	struct _prop_dictionary_keysym *pk = NULL;
	prop_object_t old = NULL;
	unsigned int i;
	bool found, ok = false;

	if (!prop_object_is(pd, PROP_TYPE_DICTIONARY) || key == NULL || value == NULL)
		return false;
	/* A dictionary must not contain itself: releasing it could never free it. */
	if (value == (prop_object_t)pd)
		return false;
	prop_lock(&pd->pd_lock);
	if (pd->pd_immutable)
		goto out;
	i = prop_dictionary_find(pd, key, &found);
	if (found) {
		old = pd->pd_entries[i].value;
	} else {
		if (!prop_dictionary_grow(pd, pd->pd_count + 1) || (pk = prop_keysym_create(key)) == NULL)
			goto out;
		memmove(&pd->pd_entries[i + 1], &pd->pd_entries[i],
		    (pd->pd_count - i) * sizeof(struct prop_dict_entry));
		pd->pd_entries[i].key = pk;
		pd->pd_count++;
	}
	prop_object_retain(value);
	pd->pd_entries[i].value = value;
	pd->pd_gen++;
	ok = true;
out:
	prop_unlock(&pd->pd_lock);
	if (old != NULL)
		prop_object_release(old);
	return ok;
}

bool
prop_dictionary_set_and_rel(prop_dictionary_t pd, const char *key, prop_object_t value)
{
	bool ok;

	if (value == NULL)
		return false;
	ok = prop_dictionary_set(pd, key, value);
	prop_object_release(value);
	return ok;
}

void
prop_dictionary_remove(prop_dictionary_t pd, const char *key)
{
	struct prop_dict_entry gone = { NULL, NULL };
	unsigned int i;
	bool found;

	if (!prop_object_is(pd, PROP_TYPE_DICTIONARY) || key == NULL)
		return;
	prop_lock(&pd->pd_lock);
	i = prop_dictionary_find(pd, key, &found);
	if (found && !pd->pd_immutable) {
		gone = pd->pd_entries[i];
		memmove(&pd->pd_entries[i], &pd->pd_entries[i + 1],
		    (pd->pd_count - i - 1) * sizeof(struct prop_dict_entry));
		pd->pd_count--;
		pd->pd_gen++;
	}
	prop_unlock(&pd->pd_lock);
	if (gone.key != NULL) {
		prop_object_release(gone.key);
		prop_object_release(gone.value);
	}
}

prop_object_t
prop_dictionary_get_keysym(prop_dictionary_t pd, prop_dictionary_keysym_t pk)
{
	return prop_dictionary_get(pd, prop_dictionary_keysym_cstring_nocopy(pk));
}

bool
prop_dictionary_set_keysym(prop_dictionary_t pd, prop_dictionary_keysym_t pk, prop_object_t v)
{
	return prop_dictionary_set(pd, prop_dictionary_keysym_cstring_nocopy(pk), v);
}

void
prop_dictionary_remove_keysym(prop_dictionary_t pd, prop_dictionary_keysym_t pk)
{
	prop_dictionary_remove(pd, prop_dictionary_keysym_cstring_nocopy(pk));
}

bool
prop_dictionary_equals(prop_dictionary_t a, prop_dictionary_t b)
{
	return prop_object_is(a, PROP_TYPE_DICTIONARY) && prop_object_equals(a, b);
}

/* Typed helpers: numbers must fit the type, as proplib's do. */
#define PROP_DICT_INT(name, T, isunsigned, smin, max, create)				\
bool prop_dictionary_get_##name(prop_dictionary_t pd, const char *key, T *v)		\
{											\
	int64_t s; uint64_t u;								\
	if (!prop_number_get_ranged(prop_dictionary_get(pd, key), isunsigned, smin, max, &s, &u)) \
		return false;								\
	*v = isunsigned ? (T)u : (T)s;							\
	return true;									\
}											\
bool prop_dictionary_set_##name(prop_dictionary_t pd, const char *key, T v)		\
{											\
	return prop_dictionary_set_and_rel(pd, key, create(v));				\
}
PROP_DICT_INT(int8, int8_t, false, INT8_MIN, INT8_MAX, prop_number_create_integer)
PROP_DICT_INT(uint8, uint8_t, true, 0, UINT8_MAX, prop_number_create_unsigned_integer)
PROP_DICT_INT(int16, int16_t, false, INT16_MIN, INT16_MAX, prop_number_create_integer)
PROP_DICT_INT(uint16, uint16_t, true, 0, UINT16_MAX, prop_number_create_unsigned_integer)
PROP_DICT_INT(int32, int32_t, false, INT32_MIN, INT32_MAX, prop_number_create_integer)
PROP_DICT_INT(uint32, uint32_t, true, 0, UINT32_MAX, prop_number_create_unsigned_integer)
PROP_DICT_INT(int64, int64_t, false, INT64_MIN, INT64_MAX, prop_number_create_integer)
PROP_DICT_INT(uint64, uint64_t, true, 0, UINT64_MAX, prop_number_create_unsigned_integer)

bool
prop_dictionary_get_bool(prop_dictionary_t pd, const char *key, bool *v)
{
	prop_object_t b = prop_dictionary_get(pd, key);

	if (!prop_object_is(b, PROP_TYPE_BOOL))
		return false;
	*v = prop_bool_true(b);
	return true;
}

bool
prop_dictionary_set_bool(prop_dictionary_t pd, const char *key, bool v)
{
	return prop_dictionary_set_and_rel(pd, key, prop_bool_create(v));
}

bool
prop_dictionary_get_dict(prop_dictionary_t pd, const char *key, prop_dictionary_t *v)
{
	prop_object_t d = prop_dictionary_get(pd, key);

	if (!prop_object_is(d, PROP_TYPE_DICTIONARY))
		return false;
	*v = d;
	return true;
}

bool
prop_dictionary_get_cstring_nocopy(prop_dictionary_t pd, const char *key, const char **v)
{
	prop_object_t s = prop_dictionary_get(pd, key);

	if (!prop_object_is(s, PROP_TYPE_STRING))
		return false;
	*v = prop_string_cstring_nocopy(s);
	return true;
}

bool
prop_dictionary_get_cstring(prop_dictionary_t pd, const char *key, char **v)
{
	prop_object_t s = prop_dictionary_get(pd, key);

	if (!prop_object_is(s, PROP_TYPE_STRING))
		return false;
	*v = prop_string_cstring(s);
	return true;
}

bool
prop_dictionary_set_cstring(prop_dictionary_t pd, const char *key, const char *v)
{
	return prop_dictionary_set_and_rel(pd, key, prop_string_create_cstring(v));
}

bool
prop_dictionary_set_cstring_nocopy(prop_dictionary_t pd, const char *key, const char *v)
{
	return prop_dictionary_set_and_rel(pd, key, prop_string_create_cstring_nocopy(v));
}
