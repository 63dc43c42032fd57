/* proplib(3) in the kernel: property lists of dictionaries, arrays, numbers, booleans, strings
 * and data, reference counted (prop/proplib.h). Implemented in prop_object.c and friends. No
 * XML externalization. */
#ifndef _NBSHIM_PROP_PROPLIB_H_
#define _NBSHIM_PROP_PROPLIB_H_

#include <prop/prop_object.h>
#include <prop/prop_array.h>
#include <prop/prop_bool.h>
#include <prop/prop_data.h>
#include <prop/prop_dictionary.h>
#include <prop/prop_number.h>
#include <prop/prop_string.h>

#endif
