/* Variable arguments (sys/stdarg.h in NetBSD's API): the compiler's stdarg.h. */
#ifndef _NBSHIM_SYS_STDARG_H_
#define _NBSHIM_SYS_STDARG_H_
#include <stdarg.h>
#endif
