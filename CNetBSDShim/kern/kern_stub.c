/*
 * The trivial entry points of sys/systm.h that tables and default hooks point at: each does
 * exactly what its name says (nothing, or one fixed error).
 */
#include <sys/param.h>
#include <sys/systm.h>

int nullop(void *arg) { return 0; }
void voidop(void) { }
int enodev(void) { return ENODEV; }
int enosys(void) { return ENOSYS; }
int enoioctl(void) { return EPASSTHROUGH; }
int enxio(void) { return ENXIO; }
int eopnotsupp(void) { return EOPNOTSUPP; }
