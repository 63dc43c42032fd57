/*
 * Device switch tables: block and character majors, each with its driver's switch, and the name
 * each major pair was first registered under (kept after detach, so a driver that comes back gets
 * the same majors, as in NetBSD). Majors a caller leaves at -1 are the lowest free ones.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/mutex.h>
#include <sys/conf.h>
#include "kern/init_private.h"

#define NMAJOR	256

kmutex_t device_lock;

static const struct bdevsw *bdevsw[NMAJOR];
static const struct cdevsw *cdevsw[NMAJOR];
static struct devsw_name {
	char		name[16];
	devmajor_t	bmajor, cmajor;
} names[NMAJOR];
static int nnames;

static struct devsw_name *
find_name(const char *name)
{
	int i;

	for (i = 0; i < nnames; i++)
		if (strcmp(names[i].name, name) == 0)
			return &names[i];
	return NULL;
}

/* Claims *major in `table` (the lowest free one when it is negative); EEXIST when taken. */
static int
claim(const void **table, const void *sw, devmajor_t *major)
{
	devmajor_t m;

	if (*major < 0) {
		for (m = 0; m < NMAJOR && table[m] != NULL; m++)
			continue;
		if (m == NMAJOR)
			return ENOMEM;
		*major = m;
	} else if (*major >= NMAJOR)
		return EINVAL;
	else if (table[*major] != NULL && table[*major] != sw)
		return EEXIST;
	table[*major] = sw;
	return 0;
}

int
devsw_attach(const char *name, const struct bdevsw *bdev, devmajor_t *bmajor,
    const struct cdevsw *cdev, devmajor_t *cmajor)
{
	struct devsw_name *n;
	devmajor_t bm = bmajor != NULL ? *bmajor : NODEVMAJOR, cm = *cmajor;
	int error;

	if (cdev == NULL || strlen(name) >= sizeof(names[0].name))
		return EINVAL;
	mutex_enter(&device_lock);
	if ((n = find_name(name)) != NULL) {
		if ((bm >= 0 && bm != n->bmajor) || (cm >= 0 && cm != n->cmajor)) {
			mutex_exit(&device_lock);
			return EEXIST;
		}
		bm = bdev != NULL ? n->bmajor : NODEVMAJOR;
		cm = n->cmajor;
	}
	if (bdev != NULL && (error = claim((const void **)bdevsw, bdev, &bm)) != 0) {
		mutex_exit(&device_lock);
		return error;
	}
	if ((error = claim((const void **)cdevsw, cdev, &cm)) != 0) {
		if (bdev != NULL)
			bdevsw[bm] = NULL;
		mutex_exit(&device_lock);
		return error;
	}
	if (n == NULL) {
		if (nnames == NMAJOR)
			panic("devsw_attach: %s: more than %d driver names", name, NMAJOR);
		n = &names[nnames++];
		strlcpy(n->name, name, sizeof(n->name));
		n->bmajor = bm;
		n->cmajor = cm;
	} else if (n->bmajor < 0)
		n->bmajor = bm;
	mutex_exit(&device_lock);
	if (bmajor != NULL)
		*bmajor = bm;
	*cmajor = cm;
	return 0;
}

int
devsw_detach(const struct bdevsw *bdev, const struct cdevsw *cdev)
{
	int m;

	mutex_enter(&device_lock);
	for (m = 0; m < NMAJOR; m++) {
		if (bdev != NULL && bdevsw[m] == bdev)
			bdevsw[m] = NULL;
		if (cdev != NULL && cdevsw[m] == cdev)
			cdevsw[m] = NULL;
	}
	mutex_exit(&device_lock);
	return 0;
}

const struct bdevsw *
bdevsw_lookup(dev_t dev)
{
	devmajor_t m = major(dev);

	return dev != NODEV && m >= 0 && m < NMAJOR ? bdevsw[m] : NULL;
}

const struct cdevsw *
cdevsw_lookup(dev_t dev)
{
	devmajor_t m = major(dev);

	return dev != NODEV && m >= 0 && m < NMAJOR ? cdevsw[m] : NULL;
}

devmajor_t
bdevsw_lookup_major(const struct bdevsw *bdev)
{
	devmajor_t m;

	for (m = 0; m < NMAJOR; m++)
		if (bdevsw[m] == bdev)
			return m;
	return NODEVMAJOR;
}

devmajor_t
cdevsw_lookup_major(const struct cdevsw *cdev)
{
	devmajor_t m;

	for (m = 0; m < NMAJOR; m++)
		if (cdevsw[m] == cdev)
			return m;
	return NODEVMAJOR;
}

static const char *
name_of(devmajor_t major, bool block)
{
	int i;

	for (i = 0; i < nnames; i++)
		if ((block ? names[i].bmajor : names[i].cmajor) == major && major >= 0)
			return names[i].name;
	return NULL;
}

const char *bdevsw_getname(devmajor_t major) { return name_of(major, true); }
const char *cdevsw_getname(devmajor_t major) { return name_of(major, false); }

/* A device name such as "wd0a": the driver name followed by a unit number. */
static devmajor_t
name2major(const char *dev, char *devname, size_t len, bool block)
{
	int i;

	for (i = 0; i < nnames; i++) {
		size_t n = strlen(names[i].name);
		devmajor_t m = block ? names[i].bmajor : names[i].cmajor;

		if (m >= 0 && strncmp(dev, names[i].name, n) == 0 && dev[n] >= '0' && dev[n] <= '9') {
			if (devname != NULL)
				strlcpy(devname, names[i].name, len);
			return m;
		}
	}
	return NODEVMAJOR;
}

devmajor_t devsw_name2blk(const char *n, char *d, size_t l) { return name2major(n, d, l, true); }
devmajor_t devsw_name2chr(const char *n, char *d, size_t l) { return name2major(n, d, l, false); }

static dev_t
convert(dev_t dev, bool toblock)
{
	int i;

	if (dev == NODEV)
		return NODEV;
	for (i = 0; i < nnames; i++) {
		devmajor_t from = toblock ? names[i].cmajor : names[i].bmajor;
		devmajor_t to = toblock ? names[i].bmajor : names[i].cmajor;

		if (from >= 0 && from == major(dev) && to >= 0)
			return makedev(to, minor(dev));
	}
	return NODEV;
}

dev_t devsw_chr2blk(dev_t dev) { return convert(dev, true); }
dev_t devsw_blk2chr(dev_t dev) { return convert(dev, false); }

/* No vnodes exist here, so none of the device's can be left to revoke. (enum vtype is an int.) */
void	vdevgone(int, int, int, int);
void
vdevgone(int maj, int minl, int minh, int type)
{
	(void)maj; (void)minl; (void)minh; (void)type;
}

static int
devsw_start(void)
{
	mutex_init(&device_lock, MUTEX_DEFAULT, IPL_NONE);
	return 0;
}
NBSHIM_INIT(devsw_start, 10);
