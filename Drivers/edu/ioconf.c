/*
 * edu's configuration, what config(1) would generate from
 *
 *	edu* at pci? dev ? function ?
 */
#include <sys/param.h>
#include <sys/device.h>
#include <sys/nbshim_ioconf.h>

static int edu_loc[] = { -1, -1 };	/* dev ?, function ? */
static const struct cfparent edu_pspec = { "pci", "pci", DVUNIT_ANY };

static struct cfdata edu_cfdata[] = {
	{ "edu", "edu", 0, FSTATE_STAR, edu_loc, 0, &edu_pspec },
	{ NULL }
};

CFDRIVER_DECL(edu, DV_DULL, NULL);
NBSHIM_IOCONF(edu, edu_cfdata);
