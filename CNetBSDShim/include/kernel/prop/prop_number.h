/* Integer property objects: signed or unsigned 64-bit values. */
#ifndef _NBSHIM_PROP_NUMBER_H_
#define _NBSHIM_PROP_NUMBER_H_

#include <prop/prop_object.h>

typedef struct _prop_number *prop_number_t;

prop_number_t	prop_number_create_integer(int64_t);
prop_number_t	prop_number_create_unsigned_integer(uint64_t);
prop_number_t	prop_number_copy(prop_number_t);
int		prop_number_size(prop_number_t);	/* bits needed: 8, 16, 32 or 64 */
bool		prop_number_unsigned(prop_number_t);
int64_t		prop_number_integer_value(prop_number_t);
uint64_t	prop_number_unsigned_integer_value(prop_number_t);
bool		prop_number_equals(prop_number_t, prop_number_t);
bool		prop_number_equals_integer(prop_number_t, int64_t);
bool		prop_number_equals_unsigned_integer(prop_number_t, uint64_t);

#endif
