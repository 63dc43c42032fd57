/* amd64 byte order (machine/endian.h in NetBSD's API): little endian. */
#ifndef _NBSHIM_MACHINE_ENDIAN_H_
#define _NBSHIM_MACHINE_ENDIAN_H_

#include <sys/endian.h>

#endif
