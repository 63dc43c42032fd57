/* String property objects. */
#ifndef _NBSHIM_PROP_STRING_H_
#define _NBSHIM_PROP_STRING_H_

#include <prop/prop_object.h>

typedef struct _prop_string *prop_string_t;

prop_string_t	prop_string_create(void);
prop_string_t	prop_string_create_cstring(const char *);
prop_string_t	prop_string_create_cstring_nocopy(const char *);
prop_string_t	prop_string_copy(prop_string_t);
prop_string_t	prop_string_copy_mutable(prop_string_t);
size_t		prop_string_size(prop_string_t);
bool		prop_string_mutable(prop_string_t);
char		*prop_string_cstring(prop_string_t);	/* a copy; free with free(p, M_TEMP) */
const char	*prop_string_cstring_nocopy(prop_string_t);
bool		prop_string_append(prop_string_t, prop_string_t);
bool		prop_string_append_cstring(prop_string_t, const char *);
bool		prop_string_equals(prop_string_t, prop_string_t);
bool		prop_string_equals_cstring(prop_string_t, const char *);

#endif
