/* libkern: the C library subset the kernel has (lib/libkern/libkern.h in NetBSD's API). Functions
 * whose semantics equal the host C library's resolve to it at link time. */
#ifndef _NBSHIM_LIBKERN_H_
#define _NBSHIM_LIBKERN_H_

#include <sys/types.h>

void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);
size_t strlen(const char *);
int strcmp(const char *, const char *);
int strncmp(const char *, const char *, size_t);

#endif
