/* Kernel memory allocator (sys/kmem.h, kmem(9) in NetBSD's API); subr_kmem.c. */
#ifndef _NBSHIM_SYS_KMEM_H_
#define _NBSHIM_SYS_KMEM_H_

#include <sys/types.h>

typedef unsigned int km_flag_t;

#define KM_SLEEP	0x00000001	/* may wait; never returns NULL */
#define KM_NOSLEEP	0x00000002	/* may return NULL */

void	*kmem_alloc(size_t, km_flag_t);
void	*kmem_zalloc(size_t, km_flag_t);
void	kmem_free(void *, size_t);
void	*kmem_intr_alloc(size_t, km_flag_t);
void	*kmem_intr_zalloc(size_t, km_flag_t);
void	kmem_intr_free(void *, size_t);
char	*kmem_asprintf(const char *, ...) __printflike(1, 2);
char	*kmem_strdupsize(const char *, size_t *, km_flag_t);
char	*kmem_strdup(const char *, km_flag_t);
char	*kmem_strndup(const char *, size_t, km_flag_t);
void	kmem_strfree(char *);
void	*kmem_tmpbuf_alloc(size_t, void *, size_t, km_flag_t);
void	kmem_tmpbuf_free(void *, size_t, void *);

#endif
