/* bool (sys/stdbool.h in NetBSD's API): the compiler's stdbool.h. */
#ifndef _NBSHIM_SYS_STDBOOL_H_
#define _NBSHIM_SYS_STDBOOL_H_
#include <stdbool.h>
#endif
