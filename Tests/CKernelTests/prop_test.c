/* proplib: typed get/set with range checks, reference counts, arrays, copies, equality. */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/malloc.h>
#include <prop/proplib.h>
#include "ktest.h"

/* The counted header every object starts with (prop_impl.h): type, then reference count. */
struct kt_prop_head {
	prop_type_t type;
	uint32_t refcnt;
};
#define REFS(o)	(((struct kt_prop_head *)(o))->refcnt)

KTEST(prop_dictionary_types)
{
	prop_dictionary_t d = prop_dictionary_create();
	uint8_t u8; int16_t s16; uint32_t u32; int64_t s64; uint64_t u64; bool b;
	const char *s;
	static const char bytes[] = { 1, 2, 3, 4 };
	prop_object_t o;

	KT_ASSERT(d != NULL && prop_dictionary_count(d) == 0);
	KT_ASSERT(prop_dictionary_set_uint32(d, "u32", 0xdeadbeef));
	KT_ASSERT(prop_dictionary_set_int64(d, "s64", -5));
	KT_ASSERT(prop_dictionary_set_uint64(d, "u64", UINT64_MAX));
	KT_ASSERT(prop_dictionary_set_bool(d, "flag", true));
	KT_ASSERT(prop_dictionary_set_cstring(d, "name", "edu"));
	KT_ASSERT(prop_dictionary_set_cstring_nocopy(d, "const", "fixed"));
	KT_ASSERT(prop_dictionary_set_and_rel(d, "blob", prop_data_create_data(bytes, sizeof(bytes))));
	KT_ASSERT(prop_dictionary_count(d) == 7);

	KT_ASSERT(prop_dictionary_get_uint32(d, "u32", &u32) && u32 == 0xdeadbeef);
	KT_ASSERT(prop_dictionary_get_int64(d, "s64", &s64) && s64 == -5);
	KT_ASSERT(prop_dictionary_get_uint64(d, "u64", &u64) && u64 == UINT64_MAX);
	KT_ASSERT(prop_dictionary_get_bool(d, "flag", &b) && b);
	KT_ASSERT(prop_dictionary_get_cstring_nocopy(d, "name", &s) && strcmp(s, "edu") == 0);
	KT_ASSERT(prop_dictionary_get_cstring_nocopy(d, "const", &s) && strcmp(s, "fixed") == 0);
	{
		char *copy = NULL;
		KT_ASSERT(prop_dictionary_get_cstring(d, "name", &copy) && strcmp(copy, "edu") == 0);
		free(copy, M_TEMP);
	}
	/* What if_wm does with a MAC address property. */
	o = prop_dictionary_get(d, "blob");
	KT_ASSERT(prop_object_type(o) == PROP_TYPE_DATA && prop_data_size(o) == 4);
	KT_ASSERT(memcmp(prop_data_data_nocopy(o), bytes, 4) == 0);
	o = prop_dictionary_get(d, "u32");
	KT_ASSERT(prop_object_type(o) == PROP_TYPE_NUMBER && prop_number_integer_value(o) == 0xdeadbeef);

	/* Range and type checks. */
	KT_ASSERT(!prop_dictionary_get_uint8(d, "u32", &u8), "0xdeadbeef does not fit uint8");
	KT_ASSERT(!prop_dictionary_get_uint32(d, "s64", &u32), "negative into unsigned");
	KT_ASSERT(!prop_dictionary_get_int64(d, "u64", &s64), "UINT64_MAX into int64");
	KT_ASSERT(prop_dictionary_set_int16(d, "s16", -300) && prop_dictionary_get_int16(d, "s16", &s16) &&
	    s16 == -300);
	KT_ASSERT(!prop_dictionary_get_bool(d, "name", &b) && !prop_dictionary_get_uint32(d, "nope", &u32));

	/* Replacing and removing. */
	KT_ASSERT(prop_dictionary_set_uint32(d, "u32", 7) && prop_dictionary_get_uint32(d, "u32", &u32) &&
	    u32 == 7 && prop_dictionary_count(d) == 8);
	prop_dictionary_remove(d, "u32");
	KT_ASSERT(prop_dictionary_get(d, "u32") == NULL && prop_dictionary_count(d) == 7);

	/* Immutable copies refuse changes; the original does not. */
	{
		prop_dictionary_t c = prop_dictionary_copy(d);
		KT_ASSERT(prop_dictionary_equals(c, d));
		KT_ASSERT(!prop_dictionary_set_bool(c, "x", true) && prop_dictionary_set_bool(d, "x", true));
		KT_ASSERT(!prop_dictionary_equals(c, d));
		prop_object_release(c);
	}
	prop_object_release(d);
}

KTEST(prop_reference_counts)
{
	prop_dictionary_t d = prop_dictionary_create();
	prop_number_t n = prop_number_create_unsigned_integer(42);
	prop_array_t a = prop_array_create();

	KT_ASSERT(REFS(n) == 1);
	KT_ASSERT(prop_dictionary_set(d, "n", n) && REFS(n) == 2, "the dictionary holds a reference");
	KT_ASSERT(prop_array_add(a, n) && REFS(n) == 3);
	KT_ASSERT(prop_dictionary_set(d, "n", n) && REFS(n) == 3, "replacing with itself keeps one");
	prop_dictionary_remove(d, "n");
	KT_ASSERT(REFS(n) == 2);
	prop_object_retain(n);
	KT_ASSERT(REFS(n) == 3);
	prop_object_release(n);
	prop_object_release(a);
	KT_ASSERT(REFS(n) == 1, "releasing the array dropped its reference");
	KT_ASSERT(!prop_dictionary_set(d, "self", d), "a dictionary cannot contain itself");
	prop_object_release(n);
	prop_object_release(d);
}

KTEST(prop_arrays_and_iterators)
{
	prop_array_t a = prop_array_create();
	prop_dictionary_t d = prop_dictionary_create();
	prop_object_iterator_t it;
	prop_object_t o;
	uint32_t v;
	const char *s;
	int i;
	char keys[64] = "";

	for (i = 0; i < 20; i++)
		KT_ASSERT(prop_array_add_uint32(a, (uint32_t)i * 3));
	KT_ASSERT(prop_array_count(a) == 20);
	KT_ASSERT(prop_array_get_uint32(a, 19, &v) && v == 57);
	prop_array_remove(a, 0);
	KT_ASSERT(prop_array_count(a) == 19 && prop_array_get_uint32(a, 0, &v) && v == 3);
	KT_ASSERT(prop_array_add_cstring(a, "tail") && prop_array_get_cstring_nocopy(a, 19, &s) &&
	    strcmp(s, "tail") == 0);
	KT_ASSERT(prop_array_get(a, 20) == NULL);

	it = prop_array_iterator(a);
	for (i = 0; (o = prop_object_iterator_next(it)) != NULL; i++)
		continue;
	KT_ASSERT(i == 20, "iterated %d", i);
	prop_object_iterator_reset(it);
	KT_ASSERT(prop_object_iterator_next(it) != NULL);
	prop_array_add_bool(a, false);
	KT_ASSERT(prop_object_iterator_next(it) == NULL, "a changed array ends the walk");
	prop_object_iterator_release(it);

	/* Dictionary iteration yields keys in sorted order. */
	prop_dictionary_set_bool(d, "b", true);
	prop_dictionary_set_bool(d, "c", true);
	prop_dictionary_set_bool(d, "a", true);
	it = prop_dictionary_iterator(d);
	while ((o = prop_object_iterator_next(it)) != NULL) {
		KT_ASSERT(prop_object_type(o) == PROP_TYPE_DICT_KEYSYM);
		s = prop_dictionary_keysym_cstring_nocopy(o);
		KT_ASSERT(strlen(keys) + strlen(s) < sizeof(keys));
		memcpy(keys + strlen(keys), s, strlen(s) + 1);
		KT_ASSERT(prop_dictionary_get_keysym(d, o) != NULL);
	}
	prop_object_iterator_release(it);
	KT_ASSERT(strcmp(keys, "abc") == 0, "keys %s", keys);

	KT_ASSERT(prop_dictionary_set(d, "list", a));
	{
		prop_array_t b = prop_array_copy_mutable(a);
		KT_ASSERT(prop_array_equals(a, b) && prop_object_equals(a, b));
		prop_array_remove(b, 3);
		KT_ASSERT(!prop_array_equals(a, b));
		prop_object_release(b);
	}
	prop_object_release(a);
	KT_ASSERT(prop_object_type(prop_dictionary_get(d, "list")) == PROP_TYPE_ARRAY);
	prop_object_release(d);
}

KTEST(prop_numbers_strings_data)
{
	prop_number_t s = prop_number_create_integer(-1), u = prop_number_create_unsigned_integer(1);
	prop_number_t one = prop_number_create_integer(1);
	prop_string_t str = prop_string_create_cstring("ab");
	char buf[4] = { 'x', 'y', 'z', 0 };
	prop_data_t nocopy = prop_data_create_data_nocopy(buf, 3);

	KT_ASSERT(!prop_number_equals(s, u) && prop_number_equals(u, one));
	KT_ASSERT(prop_number_unsigned(u) && !prop_number_unsigned(s));
	KT_ASSERT(prop_number_size(s) == 8 && prop_number_equals_integer(s, -1));
	KT_ASSERT(prop_string_append_cstring(str, "cd") && prop_string_equals_cstring(str, "abcd"));
	KT_ASSERT(prop_string_size(str) == 4);
	{
		char *copy = prop_string_cstring(str);
		void *bytes = prop_data_data(nocopy);
		KT_ASSERT(copy != NULL && strcmp(copy, "abcd") == 0 && copy != prop_string_cstring_nocopy(str));
		KT_ASSERT(bytes != NULL && memcmp(bytes, "xyz", 3) == 0 && bytes != (void *)buf);
		free(copy, M_TEMP);
		free(bytes, M_TEMP);
	}
	buf[0] = 'q';
	KT_ASSERT(((const char *)prop_data_data_nocopy(nocopy))[0] == 'q', "nocopy shares the buffer");
	KT_ASSERT(prop_data_equals_data(nocopy, "qyz", 3));
	{
		prop_bool_t t = prop_bool_create(true), f = prop_bool_create(false);
		KT_ASSERT(prop_bool_true(t) && !prop_bool_true(f) && !prop_bool_equals(t, f));
		prop_object_release(t);
		prop_object_release(f);
	}
	prop_object_release(s);
	prop_object_release(u);
	prop_object_release(one);
	prop_object_release(str);
	prop_object_release(nocopy);
}
