/* proplib strings and data: owned copies, or borrowed ("nocopy") buffers the caller keeps alive. */
#include "prop_impl.h"
#include <sys/malloc.h>

struct _prop_string {
	struct _prop_object	ps_obj;
	char			*ps_str;	/* NUL-terminated */
	size_t			ps_size;	/* strlen */
	bool			ps_owned;	/* ps_str is ours, ps_size + 1 bytes */
	bool			ps_mutable;
};

struct _prop_data {
	struct _prop_object	pd_obj;
	void			*pd_bytes;
	size_t			pd_size;
	bool			pd_owned;
};

static void
prop_string_free_obj(prop_object_t obj)
{
	struct _prop_string *ps = obj;

	if (ps->ps_owned)
		prop_free(ps->ps_str, ps->ps_size + 1);
}

static bool
prop_string_equals_obj(prop_object_t a, prop_object_t b)
{
	return strcmp(((struct _prop_string *)a)->ps_str, ((struct _prop_string *)b)->ps_str) == 0;
}

static const struct prop_ops prop_string_ops = {
	prop_string_free_obj, prop_string_equals_obj, sizeof(struct _prop_string)
};

static prop_string_t
prop_string_make(const char *s, bool copy, bool mutable)
{
	struct _prop_string *ps = prop_object_new(PROP_TYPE_STRING, &prop_string_ops);

	if (ps == NULL)
		return NULL;
	ps->ps_size = strlen(s);
	ps->ps_mutable = mutable;
	if (copy) {
		if ((ps->ps_str = prop_strdup(s)) == NULL) {
			prop_free(ps, sizeof(*ps));
			return NULL;
		}
		ps->ps_owned = true;
	} else {
		ps->ps_str = __UNCONST(s);
	}
	return ps;
}

prop_string_t
prop_string_create(void)
{
	return prop_string_make("", true, true);
}

prop_string_t
prop_string_create_cstring(const char *s)
{
	return prop_string_make(s, true, true);
}

prop_string_t
prop_string_create_cstring_nocopy(const char *s)
{
	return prop_string_make(s, false, false);
}

prop_string_t
prop_string_copy(prop_string_t ps)
{
	return prop_object_is(ps, PROP_TYPE_STRING) ?
	    prop_string_make(ps->ps_str, ps->ps_owned, false) : NULL;
}

prop_string_t
prop_string_copy_mutable(prop_string_t ps)
{
	return prop_object_is(ps, PROP_TYPE_STRING) ? prop_string_make(ps->ps_str, true, true) : NULL;
}

size_t
prop_string_size(prop_string_t ps)
{
	return prop_object_is(ps, PROP_TYPE_STRING) ? ps->ps_size : 0;
}

bool
prop_string_mutable(prop_string_t ps)
{
	return prop_object_is(ps, PROP_TYPE_STRING) && ps->ps_mutable;
}

const char *
prop_string_cstring_nocopy(prop_string_t ps)
{
	return prop_object_is(ps, PROP_TYPE_STRING) ? ps->ps_str : NULL;
}

/* Copies for the caller, who frees them with free(p, M_TEMP), as with NetBSD's proplib. */
char *
prop_string_cstring(prop_string_t ps)
{
	char *copy;

	if (!prop_object_is(ps, PROP_TYPE_STRING))
		return NULL;
	copy = malloc(ps->ps_size + 1, M_TEMP, M_WAITOK);
	memcpy(copy, ps->ps_str, ps->ps_size + 1);
	return copy;
}

bool
prop_string_append_cstring(prop_string_t ps, const char *s)
{
	size_t n;
	char *joined;

	if (!prop_object_is(ps, PROP_TYPE_STRING) || !ps->ps_mutable || s == NULL)
		return false;
	n = strlen(s);
	if ((joined = prop_zalloc(ps->ps_size + n + 1)) == NULL)
		return false;
	memcpy(joined, ps->ps_str, ps->ps_size);
	memcpy(joined + ps->ps_size, s, n + 1);
	if (ps->ps_owned)
		prop_free(ps->ps_str, ps->ps_size + 1);
	ps->ps_str = joined;
	ps->ps_size += n;
	ps->ps_owned = true;
	return true;
}

bool
prop_string_append(prop_string_t ps, prop_string_t tail)
{
	return prop_object_is(tail, PROP_TYPE_STRING) && prop_string_append_cstring(ps, tail->ps_str);
}

bool
prop_string_equals(prop_string_t a, prop_string_t b)
{
	return prop_object_is(a, PROP_TYPE_STRING) && prop_object_equals(a, b);
}

bool
prop_string_equals_cstring(prop_string_t ps, const char *s)
{
	return prop_object_is(ps, PROP_TYPE_STRING) && strcmp(ps->ps_str, s) == 0;
}

static void
prop_data_free_obj(prop_object_t obj)
{
	struct _prop_data *pd = obj;

	if (pd->pd_owned)
		prop_free(pd->pd_bytes, pd->pd_size);
}

static bool
prop_data_equals_obj(prop_object_t a, prop_object_t b)
{
	struct _prop_data *da = a, *db = b;

	return da->pd_size == db->pd_size && memcmp(da->pd_bytes, db->pd_bytes, da->pd_size) == 0;
}

static const struct prop_ops prop_data_ops = {
	prop_data_free_obj, prop_data_equals_obj, sizeof(struct _prop_data)
};

static prop_data_t
prop_data_make(const void *bytes, size_t size, bool copy)
{
	struct _prop_data *pd = prop_object_new(PROP_TYPE_DATA, &prop_data_ops);

	if (pd == NULL)
		return NULL;
	pd->pd_size = size;
	if (copy && size > 0) {
		if ((pd->pd_bytes = prop_zalloc(size)) == NULL) {
			prop_free(pd, sizeof(*pd));
			return NULL;
		}
		memcpy(pd->pd_bytes, bytes, size);
		pd->pd_owned = true;
	} else {
		pd->pd_bytes = __UNCONST(bytes);
	}
	return pd;
}

prop_data_t
prop_data_create_data(const void *bytes, size_t size)
{
	return prop_data_make(bytes, size, true);
}

prop_data_t
prop_data_create_data_nocopy(const void *bytes, size_t size)
{
	return prop_data_make(bytes, size, false);
}

prop_data_t
prop_data_copy(prop_data_t pd)
{
	return prop_object_is(pd, PROP_TYPE_DATA) ?
	    prop_data_make(pd->pd_bytes, pd->pd_size, pd->pd_owned) : NULL;
}

size_t
prop_data_size(prop_data_t pd)
{
	return prop_object_is(pd, PROP_TYPE_DATA) ? pd->pd_size : 0;
}

void *
prop_data_data(prop_data_t pd)
{
	void *copy;

	if (!prop_object_is(pd, PROP_TYPE_DATA) || pd->pd_size == 0)
		return NULL;
	copy = malloc(pd->pd_size, M_TEMP, M_WAITOK);
	memcpy(copy, pd->pd_bytes, pd->pd_size);
	return copy;
}

const void *
prop_data_data_nocopy(prop_data_t pd)
{
	return prop_object_is(pd, PROP_TYPE_DATA) ? pd->pd_bytes : NULL;
}

bool
prop_data_equals(prop_data_t a, prop_data_t b)
{
	return prop_object_is(a, PROP_TYPE_DATA) && prop_object_equals(a, b);
}

bool
prop_data_equals_data(prop_data_t pd, const void *bytes, size_t size)
{
	return prop_object_is(pd, PROP_TYPE_DATA) && pd->pd_size == size &&
	    (size == 0 || memcmp(pd->pd_bytes, bytes, size) == 0);
}
