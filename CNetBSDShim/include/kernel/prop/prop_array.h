/* Ordered arrays of property objects; the array holds a reference to each element. */
#ifndef _NBSHIM_PROP_ARRAY_H_
#define _NBSHIM_PROP_ARRAY_H_

#include <prop/prop_object.h>

typedef struct _prop_array *prop_array_t;

prop_array_t	prop_array_create(void);
prop_array_t	prop_array_create_with_capacity(unsigned int);
prop_array_t	prop_array_copy(prop_array_t);
prop_array_t	prop_array_copy_mutable(prop_array_t);
bool		prop_array_ensure_capacity(prop_array_t, unsigned int);
unsigned int	prop_array_count(prop_array_t);
void		prop_array_make_immutable(prop_array_t);
bool		prop_array_mutable(prop_array_t);
prop_object_iterator_t prop_array_iterator(prop_array_t);
prop_object_t	prop_array_get(prop_array_t, unsigned int);
bool		prop_array_set(prop_array_t, unsigned int, prop_object_t);
bool		prop_array_add(prop_array_t, prop_object_t);
bool		prop_array_add_and_rel(prop_array_t, prop_object_t);
void		prop_array_remove(prop_array_t, unsigned int);
bool		prop_array_equals(prop_array_t, prop_array_t);

#define __NBSHIM_PROP_ARRAY_SCALAR(name, type) \
	bool prop_array_get_##name(prop_array_t, unsigned int, type *); \
	bool prop_array_set_##name(prop_array_t, unsigned int, type); \
	bool prop_array_add_##name(prop_array_t, type);
__NBSHIM_PROP_ARRAY_SCALAR(bool, bool)
__NBSHIM_PROP_ARRAY_SCALAR(int8, int8_t)
__NBSHIM_PROP_ARRAY_SCALAR(uint8, uint8_t)
__NBSHIM_PROP_ARRAY_SCALAR(int16, int16_t)
__NBSHIM_PROP_ARRAY_SCALAR(uint16, uint16_t)
__NBSHIM_PROP_ARRAY_SCALAR(int32, int32_t)
__NBSHIM_PROP_ARRAY_SCALAR(uint32, uint32_t)
__NBSHIM_PROP_ARRAY_SCALAR(int64, int64_t)
__NBSHIM_PROP_ARRAY_SCALAR(uint64, uint64_t)
#undef __NBSHIM_PROP_ARRAY_SCALAR
bool	prop_array_get_cstring(prop_array_t, unsigned int, char **);
bool	prop_array_set_cstring(prop_array_t, unsigned int, const char *);
bool	prop_array_add_cstring(prop_array_t, const char *);
bool	prop_array_get_cstring_nocopy(prop_array_t, unsigned int, const char **);
bool	prop_array_set_cstring_nocopy(prop_array_t, unsigned int, const char *);
bool	prop_array_add_cstring_nocopy(prop_array_t, const char *);

#endif
