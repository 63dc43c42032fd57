/* Boolean property objects. */
#ifndef _NBSHIM_PROP_BOOL_H_
#define _NBSHIM_PROP_BOOL_H_

#include <prop/prop_object.h>

typedef struct _prop_bool *prop_bool_t;

prop_bool_t	prop_bool_create(bool);
prop_bool_t	prop_bool_copy(prop_bool_t);
bool		prop_bool_true(prop_bool_t);
bool		prop_bool_equals(prop_bool_t, prop_bool_t);

#endif
