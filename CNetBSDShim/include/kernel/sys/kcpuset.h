/* Sets of CPUs (kcpuset(9)); with one virtual CPU, index 0 is the only valid member. */
#ifndef _NBSHIM_SYS_KCPUSET_H_
#define _NBSHIM_SYS_KCPUSET_H_

#include <sys/types.h>

typedef struct kcpuset kcpuset_t;

void	kcpuset_create(kcpuset_t **, bool);
void	kcpuset_destroy(kcpuset_t *);
void	kcpuset_copy(kcpuset_t *, const kcpuset_t *);
void	kcpuset_zero(kcpuset_t *);
void	kcpuset_fill(kcpuset_t *);
void	kcpuset_set(kcpuset_t *, cpuid_t);
void	kcpuset_clear(kcpuset_t *, cpuid_t);
bool	kcpuset_isset(const kcpuset_t *, cpuid_t);
bool	kcpuset_iszero(const kcpuset_t *);
bool	kcpuset_match(const kcpuset_t *, const kcpuset_t *);
int	kcpuset_countset(const kcpuset_t *);
cpuid_t	kcpuset_ffs(const kcpuset_t *);

#endif
