/*
 * rtn's configuration, what config(1) would generate from
 *
 *	rtn* at pci? dev ? function ?
 */
#include <sys/param.h>
#include <sys/device.h>
#include <sys/nbshim_ioconf.h>

static int rtn_loc[] = { -1, -1 };	/* dev ?, function ? */
static const struct cfparent rtn_pspec = { "pci", "pci", DVUNIT_ANY };

static struct cfdata rtn_cfdata[] = {
	{ "rtn", "rtn", 0, FSTATE_STAR, rtn_loc, 0, &rtn_pspec },
	{ NULL }
};

CFDRIVER_DECL(rtn, DV_IFNET, NULL);
NBSHIM_IOCONF(rtn, rtn_cfdata);
