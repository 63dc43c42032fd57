/* Dictionaries: string keys to property objects; the dictionary holds a reference to each value. */
#ifndef _NBSHIM_PROP_DICTIONARY_H_
#define _NBSHIM_PROP_DICTIONARY_H_

#include <prop/prop_object.h>
#include <prop/prop_array.h>

typedef struct _prop_dictionary *prop_dictionary_t;
typedef struct _prop_dictionary_keysym *prop_dictionary_keysym_t;

prop_dictionary_t prop_dictionary_create(void);
prop_dictionary_t prop_dictionary_create_with_capacity(unsigned int);
prop_dictionary_t prop_dictionary_copy(prop_dictionary_t);
prop_dictionary_t prop_dictionary_copy_mutable(prop_dictionary_t);
bool		prop_dictionary_ensure_capacity(prop_dictionary_t, unsigned int);
unsigned int	prop_dictionary_count(prop_dictionary_t);
void		prop_dictionary_make_immutable(prop_dictionary_t);
bool		prop_dictionary_mutable(prop_dictionary_t);
prop_object_iterator_t prop_dictionary_iterator(prop_dictionary_t);	/* yields keysyms */
prop_array_t	prop_dictionary_all_keys(prop_dictionary_t);
prop_object_t	prop_dictionary_get(prop_dictionary_t, const char *);
bool		prop_dictionary_set(prop_dictionary_t, const char *, prop_object_t);
bool		prop_dictionary_set_and_rel(prop_dictionary_t, const char *, prop_object_t);
void		prop_dictionary_remove(prop_dictionary_t, const char *);
prop_object_t	prop_dictionary_get_keysym(prop_dictionary_t, prop_dictionary_keysym_t);
bool		prop_dictionary_set_keysym(prop_dictionary_t, prop_dictionary_keysym_t, prop_object_t);
void		prop_dictionary_remove_keysym(prop_dictionary_t, prop_dictionary_keysym_t);
bool		prop_dictionary_equals(prop_dictionary_t, prop_dictionary_t);
const char	*prop_dictionary_keysym_cstring_nocopy(prop_dictionary_keysym_t);
bool		prop_dictionary_keysym_equals(prop_dictionary_keysym_t, prop_dictionary_keysym_t);

bool	prop_dictionary_get_dict(prop_dictionary_t, const char *, prop_dictionary_t *);
#define __NBSHIM_PROP_DICT_SCALAR(name, type) \
	bool prop_dictionary_get_##name(prop_dictionary_t, const char *, type *); \
	bool prop_dictionary_set_##name(prop_dictionary_t, const char *, type);
__NBSHIM_PROP_DICT_SCALAR(bool, bool)
__NBSHIM_PROP_DICT_SCALAR(int8, int8_t)
__NBSHIM_PROP_DICT_SCALAR(uint8, uint8_t)
__NBSHIM_PROP_DICT_SCALAR(int16, int16_t)
__NBSHIM_PROP_DICT_SCALAR(uint16, uint16_t)
__NBSHIM_PROP_DICT_SCALAR(int32, int32_t)
__NBSHIM_PROP_DICT_SCALAR(uint32, uint32_t)
__NBSHIM_PROP_DICT_SCALAR(int64, int64_t)
__NBSHIM_PROP_DICT_SCALAR(uint64, uint64_t)
#undef __NBSHIM_PROP_DICT_SCALAR
bool	prop_dictionary_get_cstring(prop_dictionary_t, const char *, char **);
bool	prop_dictionary_set_cstring(prop_dictionary_t, const char *, const char *);
bool	prop_dictionary_get_cstring_nocopy(prop_dictionary_t, const char *, const char **);
bool	prop_dictionary_set_cstring_nocopy(prop_dictionary_t, const char *, const char *);

#endif
