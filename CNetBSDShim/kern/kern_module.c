/*
 * module(9) autoloading: modules are loaded by the host (`nbshim attach --module`), never on a
 * driver's request, so an autoload finds nothing (drivers treat that as "not available").
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

int	module_autoload(const char *, int);

int
module_autoload(const char *name, int modclass)
{
	(void)name; (void)modclass;
	return ENOENT;
}
