/* Opaque byte-string property objects. */
#ifndef _NBSHIM_PROP_DATA_H_
#define _NBSHIM_PROP_DATA_H_

#include <prop/prop_object.h>

typedef struct _prop_data *prop_data_t;

prop_data_t	prop_data_create_data(const void *, size_t);
prop_data_t	prop_data_create_data_nocopy(const void *, size_t);
prop_data_t	prop_data_copy(prop_data_t);
size_t		prop_data_size(prop_data_t);
void		*prop_data_data(prop_data_t);	/* a copy; free with free(p, M_TEMP) */
const void	*prop_data_data_nocopy(prop_data_t);
bool		prop_data_equals(prop_data_t, prop_data_t);
bool		prop_data_equals_data(prop_data_t, const void *, size_t);

#endif
