/* plistref(3) ioctl transfers: refused, since plists have no externalized form here. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <prop/plistref.h>

static int
refuse(const char *fn)
{
	printf("%s: property lists cannot be copied in or out in nbshim (no externalized form)\n", fn);
	return EOPNOTSUPP;
}

int prop_array_copyin_ioctl(const struct plistref *p, const u_long c, prop_array_t *a) { return refuse(__func__); }
int prop_array_copyout_ioctl(struct plistref *p, const u_long c, prop_array_t a) { return refuse(__func__); }
int prop_dictionary_copyin_ioctl(const struct plistref *p, const u_long c, prop_dictionary_t *d) { return refuse(__func__); }
int prop_dictionary_copyout_ioctl(struct plistref *p, const u_long c, prop_dictionary_t d) { return refuse(__func__); }
int prop_array_copyin(const struct plistref *p, prop_array_t *a) { return refuse(__func__); }
int prop_array_copyout(struct plistref *p, prop_array_t a) { return refuse(__func__); }
int prop_dictionary_copyin(const struct plistref *p, prop_dictionary_t *d) { return refuse(__func__); }
int prop_dictionary_copyout(struct plistref *p, prop_dictionary_t d) { return refuse(__func__); }
