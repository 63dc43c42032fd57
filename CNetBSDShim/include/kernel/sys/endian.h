/* Byte order and byte swapping (sys/endian.h in NetBSD's API). amd64 is little endian. Kept free
 * of sys/types.h because sys/types.h includes this header through machine/endian.h. */
#ifndef _NBSHIM_SYS_ENDIAN_H_
#define _NBSHIM_SYS_ENDIAN_H_

#include <stdint.h>

#define _LITTLE_ENDIAN	1234
#define _BIG_ENDIAN	4321
#define _PDP_ENDIAN	3412
#define _BYTE_ORDER	_LITTLE_ENDIAN
#define LITTLE_ENDIAN	_LITTLE_ENDIAN
#define BIG_ENDIAN	_BIG_ENDIAN
#define PDP_ENDIAN	_PDP_ENDIAN
#define BYTE_ORDER	_BYTE_ORDER

#define bswap16(x)	((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define bswap32(x)	((uint32_t)__builtin_bswap32((uint32_t)(x)))
#define bswap64(x)	((uint64_t)__builtin_bswap64((uint64_t)(x)))

#define htobe16(x)	bswap16(x)
#define htobe32(x)	bswap32(x)
#define htobe64(x)	bswap64(x)
#define htole16(x)	((uint16_t)(x))
#define htole32(x)	((uint32_t)(x))
#define htole64(x)	((uint64_t)(x))
#define be16toh(x)	bswap16(x)
#define be32toh(x)	bswap32(x)
#define be64toh(x)	bswap64(x)
#define le16toh(x)	((uint16_t)(x))
#define le32toh(x)	((uint32_t)(x))
#define le64toh(x)	((uint64_t)(x))

#define htons(x)	bswap16(x)
#define htonl(x)	bswap32(x)
#define ntohs(x)	bswap16(x)
#define ntohl(x)	bswap32(x)
#define HTONS(x)	((x) = htons((uint16_t)(x)))
#define HTONL(x)	((x) = htonl((uint32_t)(x)))
#define NTOHS(x)	((x) = ntohs((uint16_t)(x)))
#define NTOHL(x)	((x) = ntohl((uint32_t)(x)))

/* Unaligned encode/decode of integers in a given byte order. */
#define __NBSHIM_GEN_ENDIAN(bits, order, swap) \
static __inline __attribute__((__unused__)) void \
order##bits##enc(void *buf, uint##bits##_t v) \
{ \
	v = swap(v); \
	__builtin_memcpy(buf, &v, sizeof(v)); \
} \
static __inline __attribute__((__unused__)) uint##bits##_t \
order##bits##dec(const void *buf) \
{ \
	uint##bits##_t v; \
	__builtin_memcpy(&v, buf, sizeof(v)); \
	return swap(v); \
}
__NBSHIM_GEN_ENDIAN(16, be, htobe16)
__NBSHIM_GEN_ENDIAN(32, be, htobe32)
__NBSHIM_GEN_ENDIAN(64, be, htobe64)
__NBSHIM_GEN_ENDIAN(16, le, htole16)
__NBSHIM_GEN_ENDIAN(32, le, htole32)
__NBSHIM_GEN_ENDIAN(64, le, htole64)
#undef __NBSHIM_GEN_ENDIAN

#endif
