/* The kernel's clock interface (sys/timevar.h in NetBSD's API) is all in sys/time.h here. */
#ifndef _NBSHIM_SYS_TIMEVAR_H_
#define _NBSHIM_SYS_TIMEVAR_H_

#include <sys/time.h>

#endif
