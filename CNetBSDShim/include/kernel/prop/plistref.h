/*
 * Property lists crossing the user boundary in ioctls (prop/plistref.h in NetBSD's API);
 * common/lib/libprop/prop_kern.c. There is no externalized (XML) form of a plist here, so each of
 * these returns EOPNOTSUPP and says so on the console.
 */
#ifndef _NBSHIM_PROP_PLISTREF_H_
#define _NBSHIM_PROP_PLISTREF_H_

#include <sys/types.h>
#include <prop/prop_array.h>
#include <prop/prop_dictionary.h>

struct plistref {
	void	*pref_plist;
	size_t	pref_len;
};

int	prop_array_copyin_ioctl(const struct plistref *, const u_long, prop_array_t *);
int	prop_array_copyout_ioctl(struct plistref *, const u_long, prop_array_t);
int	prop_dictionary_copyin_ioctl(const struct plistref *, const u_long, prop_dictionary_t *);
int	prop_dictionary_copyout_ioctl(struct plistref *, const u_long, prop_dictionary_t);
int	prop_array_copyin(const struct plistref *, prop_array_t *);
int	prop_array_copyout(struct plistref *, prop_array_t);
int	prop_dictionary_copyin(const struct plistref *, prop_dictionary_t *);
int	prop_dictionary_copyout(struct plistref *, prop_dictionary_t);

#endif
