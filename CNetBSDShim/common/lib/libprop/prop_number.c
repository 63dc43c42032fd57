/* proplib numbers (signed or unsigned 64-bit) and booleans. */
#include "prop_impl.h"

struct _prop_number {
	struct _prop_object	pn_obj;
	bool			pn_unsigned;
	union {
		int64_t		s;
		uint64_t	u;
	} pn_value;
};

struct _prop_bool {
	struct _prop_object	pb_obj;
	bool			pb_value;
};

static void
prop_nothing_to_free(prop_object_t obj)
{
	(void)obj;
}

/* Equal when they denote the same integer, whatever their signedness. */
static bool
prop_number_equals_obj(prop_object_t a, prop_object_t b)
{
	struct _prop_number *na = a, *nb = b;

	if (na->pn_unsigned == nb->pn_unsigned)
		return na->pn_value.u == nb->pn_value.u;
	if (!na->pn_unsigned && na->pn_value.s < 0)
		return false;
	if (!nb->pn_unsigned && nb->pn_value.s < 0)
		return false;
	return na->pn_value.u == nb->pn_value.u;
}

static const struct prop_ops prop_number_ops = {
	prop_nothing_to_free, prop_number_equals_obj, sizeof(struct _prop_number)
};

prop_number_t
prop_number_create_integer(int64_t v)
{
	struct _prop_number *pn = prop_object_new(PROP_TYPE_NUMBER, &prop_number_ops);

	if (pn != NULL)
		pn->pn_value.s = v;
	return pn;
}

prop_number_t
prop_number_create_unsigned_integer(uint64_t v)
{
	struct _prop_number *pn = prop_object_new(PROP_TYPE_NUMBER, &prop_number_ops);

	if (pn != NULL) {
		pn->pn_unsigned = true;
		pn->pn_value.u = v;
	}
	return pn;
}

prop_number_t
prop_number_copy(prop_number_t pn)
{
	if (!prop_object_is(pn, PROP_TYPE_NUMBER))
		return NULL;
	/* Numbers never change: a copy may be the same object. */
	prop_object_retain(pn);
	return pn;
}

bool
prop_number_unsigned(prop_number_t pn)
{
	return prop_object_is(pn, PROP_TYPE_NUMBER) && pn->pn_unsigned;
}

int
prop_number_size(prop_number_t pn)
{
	if (!prop_object_is(pn, PROP_TYPE_NUMBER))
		return 0;
	if (pn->pn_unsigned) {
		uint64_t u = pn->pn_value.u;
		return u <= 0xff ? 8 : u <= 0xffff ? 16 : u <= 0xffffffffULL ? 32 : 64;
	} else {
		int64_t s = pn->pn_value.s;
		if (s >= -0x80 && s <= 0x7f)
			return 8;
		if (s >= -0x8000 && s <= 0x7fff)
			return 16;
		if (s >= -0x80000000LL && s <= 0x7fffffffLL)
			return 32;
		return 64;
	}
}

int64_t
prop_number_integer_value(prop_number_t pn)
{
	return prop_object_is(pn, PROP_TYPE_NUMBER) ? pn->pn_value.s : 0;
}

uint64_t
prop_number_unsigned_integer_value(prop_number_t pn)
{
	return prop_object_is(pn, PROP_TYPE_NUMBER) ? pn->pn_value.u : 0;
}

bool
prop_number_equals(prop_number_t a, prop_number_t b)
{
	return prop_object_is(a, PROP_TYPE_NUMBER) && prop_object_equals(a, b);
}

bool
prop_number_equals_integer(prop_number_t pn, int64_t v)
{
	if (!prop_object_is(pn, PROP_TYPE_NUMBER))
		return false;
	if (pn->pn_unsigned && (v < 0 || pn->pn_value.u > (uint64_t)INT64_MAX))
		return false;
	return pn->pn_value.s == v;
}

bool
prop_number_equals_unsigned_integer(prop_number_t pn, uint64_t v)
{
	if (!prop_object_is(pn, PROP_TYPE_NUMBER))
		return false;
	if (!pn->pn_unsigned && pn->pn_value.s < 0)
		return false;
	return pn->pn_value.u == v;
}

/*
 * The value of `obj` when it is a number within [smin, smax] (signed getters) or [0, umax]
 * (unsigned getters); what the typed dictionary and array getters share.
 */
bool
prop_number_get_ranged(prop_object_t obj, bool want_unsigned, int64_t smin, uint64_t max,
    int64_t *sv, uint64_t *uv)
{
	struct _prop_number *pn = obj;

	if (!prop_object_is(obj, PROP_TYPE_NUMBER))
		return false;
	if (want_unsigned) {
		if (!pn->pn_unsigned && pn->pn_value.s < 0)
			return false;
		if (pn->pn_value.u > max)
			return false;
		*uv = pn->pn_value.u;
	} else {
		if (pn->pn_unsigned ? pn->pn_value.u > max :
		    (pn->pn_value.s < smin || pn->pn_value.s > (int64_t)max))
			return false;
		*sv = pn->pn_value.s;
	}
	return true;
}

static bool
prop_bool_equals_obj(prop_object_t a, prop_object_t b)
{
	return ((struct _prop_bool *)a)->pb_value == ((struct _prop_bool *)b)->pb_value;
}

static const struct prop_ops prop_bool_ops = {
	prop_nothing_to_free, prop_bool_equals_obj, sizeof(struct _prop_bool)
};

prop_bool_t
prop_bool_create(bool v)
{
	struct _prop_bool *pb = prop_object_new(PROP_TYPE_BOOL, &prop_bool_ops);

	if (pb != NULL)
		pb->pb_value = v;
	return pb;
}

prop_bool_t
prop_bool_copy(prop_bool_t pb)
{
	if (!prop_object_is(pb, PROP_TYPE_BOOL))
		return NULL;
	prop_object_retain(pb);
	return pb;
}

bool
prop_bool_true(prop_bool_t pb)
{
	return prop_object_is(pb, PROP_TYPE_BOOL) && pb->pb_value;
}

bool
prop_bool_equals(prop_bool_t a, prop_bool_t b)
{
	return prop_object_is(a, PROP_TYPE_BOOL) && prop_object_equals(a, b);
}
