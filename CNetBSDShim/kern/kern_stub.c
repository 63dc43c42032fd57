/* The trivial entries of device switches and operation tables: each returns its errno. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

int nullop(void *v) { (void)v; return 0; }
void voidop(void) { }
int enodev(void) { return ENODEV; }
int enosys(void) { return ENOSYS; }
int enoioctl(void) { return EPASSTHROUGH; }
int enxio(void) { return ENXIO; }
int eopnotsupp(void) { return EOPNOTSUPP; }
