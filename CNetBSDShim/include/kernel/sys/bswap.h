/* Byte swapping (sys/bswap.h in NetBSD's API): bswap16/32/64 are sys/endian.h's builtins. */
#ifndef _NBSHIM_SYS_BSWAP_H_
#define _NBSHIM_SYS_BSWAP_H_

#include <sys/endian.h>

#endif
