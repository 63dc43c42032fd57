/* Fixed-width integers (sys/stdint.h in NetBSD's API): the compiler's freestanding stdint.h. */
#ifndef _NBSHIM_SYS_STDINT_H_
#define _NBSHIM_SYS_STDINT_H_
#include <stdint.h>
#endif
