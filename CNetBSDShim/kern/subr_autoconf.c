/*
 * autoconf(9): the registry of drivers, attachments and configuration tables, the device tree,
 * matching (a module's drivers before built-in ones, then the highest priority), attaching with NetBSD's messages, detaching, and the hooks that
 * run once configuration settles (config_defer, config_interrupts, config_mountroot).
 *
 * Configuration is serialized by one recursive lock: an attach function may find children on the
 * same thread. Hooks queued while configuring run when the outermost configuration call on that
 * thread ends (for the host: at the end of nbk_pci_attach), in the order defer, interrupts,
 * mountroot — what a NetBSD boot does once autoconf finishes and the root file system is mounted.
 * Called outside configuration, config_interrupts and config_mountroot run the hook at once, as
 * NetBSD does after boot.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/device.h>
#include <sys/nbshim_ioconf.h>
#include "kern/init_private.h"
#include "host/nbshim_hypercall.h"
#include "autoconf_impl.h"

/* ---- memory and growable tables ------------------------------------------------------------ */

static void *
ac_zalloc(size_t size)
{
	void *p = nbh_mem_alloc(size, 0);

	if (p == NULL)
		panic("autoconf: out of memory (%zu bytes)", size);
	memset(p, 0, size);
	return p;
}

static void
ac_free(void *p, size_t size)
{
	if (p != NULL)
		nbh_mem_free(p, size);
}

/* Makes room for `need` elements of `elt` bytes in *arr (capacity *cap). */
static void
ac_reserve(void **arr, int *cap, int count, int need, size_t elt)
{
	int ncap = *cap ? *cap : 8;
	void *n;

	if (need <= *cap)
		return;
	while (ncap < need)
		ncap *= 2;
	n = ac_zalloc((size_t)ncap * elt);
	if (count > 0)
		memcpy(n, *arr, (size_t)count * elt);
	ac_free(*arr, (size_t)*cap * elt);
	*arr = n;
	*cap = ncap;
}

/* ---- the registry ----------------------------------------------------------------------------- */

struct ac_attachment {
	const char *driver;		/* NULL: registered by link set, found by ca_name alone */
	struct cfattach *ca;
};

static struct cfdriver **ac_drivers;
static int ac_ndrivers, ac_capdrivers;
static struct ac_attachment *ac_attachments;
static int ac_nattachments, ac_capattachments;
/*
 * Configuration tables, in registration order. `module`: registered after start-up (a module the
 * user loaded, or config_init_component), not from the host image's own link set. A module's
 * driver that matches outranks every built-in one, whatever their match priorities: the user who
 * names a module for a device means that driver (rtk.so over the built-in rtn).
 */
struct ac_table {
	struct cfdata *cf;
	bool module;
};
static struct ac_table *ac_tables;
static int ac_ntables, ac_captables;
static bool ac_loading_builtin;	/* autoconf_init is registering the host image's tables */

struct cfdriver *
config_cfdriver_lookup(const char *name)
{
	int i;

	for (i = 0; i < ac_ndrivers; i++)
		if (strcmp(ac_drivers[i]->cd_name, name) == 0)
			return ac_drivers[i];
	return NULL;
}

int
config_cfdriver_attach(struct cfdriver *cd)
{
	int rv = 0;

	autoconf_enter();
	if (config_cfdriver_lookup(cd->cd_name) != NULL) {
		rv = EEXIST;
	} else {
		ac_reserve((void **)&ac_drivers, &ac_capdrivers, ac_ndrivers, ac_ndrivers + 1,
		    sizeof(*ac_drivers));
		ac_drivers[ac_ndrivers++] = cd;
	}
	autoconf_exit();
	return rv;
}

int
config_cfdriver_detach(struct cfdriver *cd)
{
	int i, rv = ENOENT;

	autoconf_enter();
	for (i = 0; i < cd->cd_ndevs; i++)
		if (cd->cd_devs[i] != NULL)
			rv = EBUSY;
	for (i = 0; rv == ENOENT && i < ac_ndrivers; i++) {
		if (ac_drivers[i] == cd) {
			memmove(&ac_drivers[i], &ac_drivers[i + 1],
			    (size_t)(ac_ndrivers - i - 1) * sizeof(*ac_drivers));
			ac_ndrivers--;
			ac_free(cd->cd_devs, (size_t)cd->cd_ndevs * sizeof(device_t));
			cd->cd_devs = NULL;
			cd->cd_ndevs = 0;
			rv = 0;
		}
	}
	autoconf_exit();
	return rv;
}

static struct ac_attachment *
ac_attachment_find(const char *driver, struct cfattach *ca)
{
	int i;

	for (i = 0; i < ac_nattachments; i++)
		if (ac_attachments[i].ca == ca && (driver == NULL || ac_attachments[i].driver == NULL ||
		    strcmp(ac_attachments[i].driver, driver) == 0))
			return &ac_attachments[i];
	return NULL;
}

static int
ac_attachment_add(const char *driver, struct cfattach *ca)
{
	struct ac_attachment *a = ac_attachment_find(NULL, ca);

	if (a != NULL) {
		/* Known from a link set: config(1)'s table now names its driver. */
		if (a->driver == NULL && driver != NULL) {
			a->driver = driver;
			return 0;
		}
		return EEXIST;
	}
	ac_reserve((void **)&ac_attachments, &ac_capattachments, ac_nattachments,
	    ac_nattachments + 1, sizeof(*ac_attachments));
	ac_attachments[ac_nattachments].driver = driver;
	ac_attachments[ac_nattachments].ca = ca;
	ac_nattachments++;
	return 0;
}

int
config_cfattach_attach(const char *driver, struct cfattach *ca)
{
	int rv;

	autoconf_enter();
	rv = config_cfdriver_lookup(driver) == NULL ? ESRCH : ac_attachment_add(driver, ca);
	autoconf_exit();
	return rv;
}

int
config_cfattach_detach(const char *driver, struct cfattach *ca)
{
	struct ac_attachment *a;
	struct cfdriver *cd;
	int i, rv = 0;

	autoconf_enter();
	if ((a = ac_attachment_find(driver, ca)) == NULL) {
		rv = ENOENT;
		goto out;
	}
	if ((cd = config_cfdriver_lookup(driver)) != NULL)
		for (i = 0; i < cd->cd_ndevs; i++)
			if (cd->cd_devs[i] != NULL && cd->cd_devs[i]->dv_cfattach == ca)
				rv = EBUSY;
	if (rv == 0) {
		i = (int)(a - ac_attachments);
		memmove(a, a + 1, (size_t)(ac_nattachments - i - 1) * sizeof(*a));
		ac_nattachments--;
	}
out:
	autoconf_exit();
	return rv;
}

struct cfattach *
config_cfattach_lookup(const char *driver, const char *atname)
{
	struct cfattach *loose = NULL;
	int i;

	for (i = 0; i < ac_nattachments; i++) {
		struct ac_attachment *a = &ac_attachments[i];
		if (strcmp(a->ca->ca_name, atname) != 0)
			continue;
		if (a->driver != NULL && strcmp(a->driver, driver) == 0)
			return a->ca;
		if (a->driver == NULL && loose == NULL)
			loose = a->ca;
	}
	return loose;
}

const struct cfiattrdata *
cfiattr_lookup(const char *name, const struct cfdriver *cd)
{
	const struct cfiattrdata *const *ia;
	int i;

	if (cd != NULL) {
		for (ia = cd->cd_attrs; ia != NULL && *ia != NULL; ia++)
			if (strcmp((*ia)->ci_name, name) == 0)
				return *ia;
		return NULL;
	}
	for (i = 0; i < ac_ndrivers; i++) {
		const struct cfiattrdata *found = cfiattr_lookup(name, ac_drivers[i]);
		if (found != NULL)
			return found;
	}
	return NULL;
}

const char *
cfdata_ifattr(const struct cfdata *cf)
{
	return cf->cf_pspec != NULL ? cf->cf_pspec->cfp_iattr : NULL;
}

bool
ifattr_match(const char *want, const char *have)
{
	return want == NULL || strcmp(want, have) == 0;
}

/* Offers the new table's entries to existing parents that can rescan (ca_rescan). */
static void
ac_rescan_with(struct cfdata *table)
{
	device_t dev, next;
	struct cfdata *cf;

	for (cf = table; cf->cf_name != NULL; cf++) {
		const char *ia = cfdata_ifattr(cf);
		if (ia == NULL)
			continue;
		for (dev = autoconf_alldevs(); dev != NULL; dev = next) {
			next = dev->dv_next;
			if (dev->dv_cfattach->ca_rescan != NULL &&
			    cfiattr_lookup(ia, dev->dv_cfdriver) != NULL)
				(*dev->dv_cfattach->ca_rescan)(dev, ia, cf->cf_loc);
		}
	}
}

int
config_cfdata_attach(cfdata_t table, int scannow)
{
	int i, rv = 0;

	autoconf_enter();
	for (i = 0; i < ac_ntables; i++)
		if (ac_tables[i].cf == table)
			rv = EEXIST;
	if (rv == 0) {
		ac_reserve((void **)&ac_tables, &ac_captables, ac_ntables, ac_ntables + 1,
		    sizeof(*ac_tables));
		ac_tables[ac_ntables].cf = table;
		ac_tables[ac_ntables++].module = !ac_loading_builtin;
		if (scannow)
			ac_rescan_with(table);
	}
	autoconf_exit();
	return rv;
}

static bool
ac_cfdata_in(cfdata_t cf, cfdata_t table)
{
	cfdata_t t;

	for (t = table; t->cf_name != NULL; t++)
		if (t == cf)
			return true;
	return false;
}

int
config_cfdata_detach(cfdata_t table)
{
	device_t dev;
	int i, rv = ENOENT;

	autoconf_enter();
	/* Devices configured from the table go first, newest first. */
	for (;;) {
		device_t last = NULL;
		for (dev = autoconf_alldevs(); dev != NULL; dev = dev->dv_next)
			if (dev->dv_cfdata != NULL && ac_cfdata_in(dev->dv_cfdata, table))
				last = dev;
		if (last == NULL)
			break;
		if ((rv = config_detach(last, 0)) != 0)
			goto out;
	}
	rv = ENOENT;
	for (i = 0; i < ac_ntables; i++) {
		if (ac_tables[i].cf == table) {
			memmove(&ac_tables[i], &ac_tables[i + 1],
			    (size_t)(ac_ntables - i - 1) * sizeof(*ac_tables));
			ac_ntables--;
			rv = 0;
			break;
		}
	}
out:
	autoconf_exit();
	return rv;
}

int
config_init_component(struct cfdriver *const *cfdrivers, const struct cfattachinit *cfai,
    struct cfdata *cfdata)
{
	struct cfattach *const *ca;
	int rv;

	autoconf_enter();
	for (; cfdrivers != NULL && *cfdrivers != NULL; cfdrivers++) {
		rv = config_cfdriver_attach(*cfdrivers);
		if (rv != 0 && rv != EEXIST)
			goto out;
	}
	for (; cfai != NULL && cfai->cfai_name != NULL; cfai++) {
		for (ca = cfai->cfai_list; *ca != NULL; ca++) {
			rv = config_cfattach_attach(cfai->cfai_name, *ca);
			if (rv != 0 && rv != EEXIST)
				goto out;
		}
	}
	rv = cfdata != NULL ? config_cfdata_attach(cfdata, 1) : 0;
out:
	autoconf_exit();
	return rv;
}

int
config_fini_component(struct cfdriver *const *cfdrivers, const struct cfattachinit *cfai,
    struct cfdata *cfdata)
{
	struct cfattach *const *ca;
	int rv = 0;

	autoconf_enter();
	if (cfdata != NULL && (rv = config_cfdata_detach(cfdata)) != 0)
		goto out;
	for (; cfai != NULL && cfai->cfai_name != NULL; cfai++)
		for (ca = cfai->cfai_list; *ca != NULL; ca++)
			if ((rv = config_cfattach_detach(cfai->cfai_name, *ca)) != 0)
				goto out;
	for (; cfdrivers != NULL && *cfdrivers != NULL; cfdrivers++)
		if ((rv = config_cfdriver_detach(*cfdrivers)) != 0)
			goto out;
out:
	autoconf_exit();
	return rv;
}

/* ---- modules: link sets of CFDRIVER_DECL, CFATTACH_DECL* and NBSHIM_IOCONF entries ---------- */

#define AC_MAX_MODULES	64

static struct {
	const void *const *start, *const *stop;
	bool registered;
} ac_modules[AC_MAX_MODULES];
static int ac_nmodules;
static volatile int ac_started;

static unsigned ac_refused;	/* modules not registered at all (nbk_module_refusals) */

/*
 * Drivers, then attachments, then configuration: a table may name drivers from the same set. A
 * module defining a driver that is already registered (built in, or from another module) is
 * refused whole, as NetBSD's module loader refuses a duplicate driver with EEXIST.
 */
static int
ac_module_load(const void *const *start, const void *const *stop)
{
	const void *const *p;
	int pass, rv, first = 0;

	for (p = start; p < stop; p++) {
		const struct nbshim_autoconf_entry *e = *p;
		struct cfdriver *cd, *known;

		if (e->kind != NBSHIM_AC_CFDRIVER)
			continue;
		cd = e->obj;
		known = config_cfdriver_lookup(cd->cd_name);
		if (known != NULL && known != cd) {
			printf("autoconf: driver \"%s\" is already registered (built in or from another module); "
			    "module not loaded\n", cd->cd_name);
			ac_refused++;
			return EEXIST;
		}
	}
	for (pass = NBSHIM_AC_CFDRIVER; pass <= NBSHIM_AC_IOCONF; pass++) {
		for (p = start; p < stop; p++) {
			const struct nbshim_autoconf_entry *e = *p;
			if (e->kind != pass)
				continue;
			switch (e->kind) {
			case NBSHIM_AC_CFDRIVER: {
				struct cfdriver *cd = e->obj, *known = config_cfdriver_lookup(cd->cd_name);
				rv = known == cd ? 0 : config_cfdriver_attach(cd);
				break;
			}
			case NBSHIM_AC_CFATTACH:
				rv = ac_attachment_add(NULL, e->obj);
				if (rv == EEXIST)
					rv = 0;
				break;
			case NBSHIM_AC_IOCONF: {
				const struct nbshim_ioconf *io = e->obj;
				rv = config_cfdata_attach(io->cfdata, ac_started);
				if (rv == EEXIST)
					rv = 0;
				else if (rv != 0)
					printf("autoconf: configuration \"%s\" not registered: error %d\n",
					    io->name, rv);
				break;
			}
			default:
				printf("autoconf: unknown registration kind %d in a module's link set; "
				    "rebuild the module against these headers\n", e->kind);
				rv = EINVAL;
			}
			if (rv != 0 && first == 0)
				first = rv;
		}
	}
	return first;
}

unsigned
nbk_module_refusals(void)
{
	return __atomic_load_n(&ac_refused, __ATOMIC_RELAXED);
}

int
nbshim_module_register(const void *const *start, const void *const *stop)
{
	unsigned refused;
	int i, rv;

	if (start == NULL || start == stop)
		return 0;
	if (start > stop)
		return EINVAL;
	autoconf_enter();
	for (i = 0; i < ac_nmodules; i++) {
		if (ac_modules[i].start == start) {
			autoconf_exit();
			return EEXIST;
		}
	}
	if (ac_nmodules == AC_MAX_MODULES) {
		autoconf_exit();
		printf("autoconf: more than %d modules; raise AC_MAX_MODULES in subr_autoconf.c\n",
		    AC_MAX_MODULES);
		return ENOSPC;
	}
	/* Constructors of the host image run before nbk_init: only record them until then. */
	ac_modules[ac_nmodules].start = start;
	ac_modules[ac_nmodules].stop = stop;
	rv = 0;
	if (ac_started) {
		refused = ac_refused;
		rv = ac_module_load(start, stop);
		ac_modules[ac_nmodules].registered = true;
		if (ac_refused != refused) {	/* the host unloads it: forget it */
			autoconf_exit();
			return rv;
		}
	}
	ac_nmodules++;
	autoconf_exit();
	return rv;
}

__link_set_decl(nbshim_autoconf, const struct nbshim_autoconf_entry);

static int
autoconf_init(void)
{
	int i, rv, first = 0;

	(void)nbshim_module_register((const void *const *)__link_set_start(nbshim_autoconf),
	    (const void *const *)__link_set_end(nbshim_autoconf));
	autoconf_enter();
	ac_started = 1;
	ac_loading_builtin = true;	/* everything queued so far is the host image's */
	for (i = 0; i < ac_nmodules; i++) {
		if (ac_modules[i].registered)
			continue;
		ac_modules[i].registered = true;
		if ((rv = ac_module_load(ac_modules[i].start, ac_modules[i].stop)) != 0 && first == 0)
			first = rv;
	}
	ac_loading_builtin = false;
	autoconf_exit();
	return first;
}
NBSHIM_INIT(autoconf_init, 40);

/* ---- the device tree ------------------------------------------------------------------------- */

static device_t ac_alldevs, ac_lastdev;
static uint64_t ac_seq;

device_t
autoconf_alldevs(void)
{
	return ac_alldevs;
}

static void
ac_devlink(device_t dev)
{
	struct cfdriver *cd = dev->dv_cfdriver;

	if (dev->dv_unit >= cd->cd_ndevs) {
		int n = cd->cd_ndevs;
		ac_reserve((void **)&cd->cd_devs, &n, cd->cd_ndevs, dev->dv_unit + 1, sizeof(device_t));
		cd->cd_ndevs = n;
	}
	cd->cd_devs[dev->dv_unit] = dev;
	dev->dv_attach_seq = ++ac_seq;
	if (ac_lastdev != NULL)
		ac_lastdev->dv_next = dev;
	else
		ac_alldevs = dev;
	ac_lastdev = dev;
}

static void
ac_devunlink(device_t dev)
{
	device_t *pp, prev = NULL;

	for (pp = &ac_alldevs; *pp != NULL; prev = *pp, pp = &(*pp)->dv_next) {
		if (*pp == dev) {
			*pp = dev->dv_next;
			if (ac_lastdev == dev)
				ac_lastdev = prev;
			break;
		}
	}
	dev->dv_cfdriver->cd_devs[dev->dv_unit] = NULL;
}

/* The unit for a new device of `cf`, or -1 when its fixed unit is taken. */
static int
ac_unit(const struct cfdriver *cd, cfdata_t cf)
{
	int unit = cf->cf_unit;

	if (cf->cf_fstate == FSTATE_STAR) {
		while (unit < cd->cd_ndevs && cd->cd_devs[unit] != NULL)
			unit++;
		return unit;
	}
	return unit < cd->cd_ndevs && cd->cd_devs[unit] != NULL ? -1 : unit;
}

/* ---- matching -------------------------------------------------------------------------------- */

int
config_match(device_t parent, cfdata_t cf, void *aux)
{
	struct cfattach *ca = config_cfattach_lookup(cf->cf_name, cf->cf_atname);

	if (ca == NULL) {
		printf("autoconf: no attachment \"%s\" for driver \"%s\"; is its module loaded?\n",
		    cf->cf_atname, cf->cf_name);
		return 0;
	}
	return (*ca->ca_match)(parent, cf, aux);
}

int
config_stdsubmatch(device_t parent, cfdata_t cf, const int *locs, void *aux)
{
	const struct cfiattrdata *ci;
	int i;

	ci = cfiattr_lookup(cfdata_ifattr(cf), parent != NULL ? parent->dv_cfdriver : NULL);
	if (locs != NULL && ci != NULL && cf->cf_loc != NULL) {
		for (i = 0; i < ci->ci_loclen; i++)
			if (cf->cf_loc[i] != ci->ci_locdesc[i].cld_default && cf->cf_loc[i] != locs[i])
				return 0;
	}
	return config_match(parent, cf, aux);
}

/* Whether `cf` may attach below `parent` (NULL: the root). */
static bool
ac_parent_match(device_t parent, cfdata_t cf)
{
	const struct cfparent *p = cf->cf_pspec;

	if (p == NULL || parent == NULL)
		return p == NULL && parent == NULL;
	if (cfiattr_lookup(p->cfp_iattr, parent->dv_cfdriver) == NULL)
		return false;
	if (p->cfp_parent != NULL && strcmp(p->cfp_parent, parent->dv_cfdriver->cd_name) != 0)
		return false;
	return p->cfp_unit == DVUNIT_ANY || p->cfp_unit == parent->dv_unit;
}

/*
 * When a module's driver and built-in ones matched, or drivers tied on priority, one line naming
 * the winner, the others and why. Priority among drivers of one origin (a specific PHY over
 * ukphy) is NetBSD's own rule and stays silent, as there.
 */
#define AC_RIVALS	8

struct ac_candidate {
	cfdata_t cf;
	int pri;
	bool module;
};

static void
ac_explain(device_t parent, const struct ac_candidate *best, const struct ac_candidate *c, int n)
{
	char others[160];
	size_t len = 0;
	bool mixed = false, tie = false;
	int i, j;

	others[0] = '\0';
	for (i = 0; i < n; i++) {
		if (strcmp(c[i].cf->cf_name, best->cf->cf_name) == 0)
			continue;
		for (j = 0; j < i && strcmp(c[j].cf->cf_name, c[i].cf->cf_name) != 0; j++)
			;
		if (j < i)
			continue;	/* that driver is listed already */
		mixed |= c[i].module != best->module;	/* then best is the module's */
		tie |= c[i].module == best->module && c[i].pri == best->pri;
		if (len < sizeof(others))
			len += (size_t)snprintf(others + len, sizeof(others) - len, "%s%s (%s, match %d)",
			    len ? ", " : "", c[i].cf->cf_name, c[i].module ? "module" : "built in", c[i].pri);
	}
	if (!mixed && !tie)
		return;
	printf("autoconf: at %s, %s (%s, match %d) chosen over %s: %s\n",
	    parent != NULL ? device_xname(parent) : "the root", best->cf->cf_name,
	    best->module ? "module" : "built in", best->pri, others,
	    mixed ? "a module's driver outranks built-in ones" :
	    "equal match priority, the first registered wins");
}

/*
 * The best candidate below `parent` at interface attribute `ia` (NULL: any the parent offers):
 * a module's driver before built-in ones, then the highest priority, then the first registered.
 * `fn` scores a candidate (submatch); NULL means config_match. A search function that attaches
 * by itself and returns 0 sees every candidate.
 */
static cfdata_t
ac_search(cfsubmatch_t fn, device_t parent, const char *ia, const int *locs, void *aux)
{
	struct ac_candidate c[AC_RIVALS], best = { NULL, 0, false };
	cfdata_t cf;
	int i, pri, n = 0;

	autoconf_enter();
	for (i = 0; i < ac_ntables; i++) {
		for (cf = ac_tables[i].cf; cf->cf_name != NULL; cf++) {
			if (cf->cf_fstate == FSTATE_FOUND || cf->cf_fstate == FSTATE_DSTAR ||
			    cf->cf_fstate == FSTATE_DNOTFOUND)
				continue;
			if (!ac_parent_match(parent, cf))
				continue;
			if (ia != NULL && !ifattr_match(ia, cfdata_ifattr(cf)))
				continue;
			pri = fn != NULL ? (*fn)(parent, cf, locs, aux) : config_match(parent, cf, aux);
			if (pri <= 0)
				continue;
			if (n < AC_RIVALS)
				c[n++] = (struct ac_candidate){ cf, pri, ac_tables[i].module };
			if (best.cf == NULL || (ac_tables[i].module && !best.module) ||
			    (ac_tables[i].module == best.module && pri > best.pri))
				best = (struct ac_candidate){ cf, pri, ac_tables[i].module };
		}
	}
	if (n > 1)
		ac_explain(parent, &best, c, n);
	autoconf_exit();
	return best.cf;
}

cfdata_t
config_search_loc(cfsubmatch_t fn, device_t parent, const char *ia, const int *locs, void *aux)
{
	return ac_search(fn, parent, ia, locs, aux);
}

cfdata_t
config_search_ia(cfsubmatch_t fn, device_t parent, const char *ia, void *aux)
{
	return ac_search(fn, parent, ia, NULL, aux);
}

cfdata_t
config_rootsearch(cfsubmatch_t fn, const char *rootname, void *aux)
{
	cfdata_t cf, best = NULL;
	int i, pri, bestpri = 0;

	autoconf_enter();
	for (i = 0; i < ac_ntables; i++) {
		for (cf = ac_tables[i].cf; cf->cf_name != NULL; cf++) {
			if (cf->cf_pspec != NULL || strcmp(cf->cf_name, rootname) != 0 ||
			    cf->cf_fstate == FSTATE_FOUND)
				continue;
			pri = fn != NULL ? (*fn)(NULL, cf, NULL, aux) : config_match(NULL, cf, aux);
			if (pri > bestpri) {
				best = cf;
				bestpri = pri;
			}
		}
	}
	autoconf_exit();
	return best;
}

cfdata_t
config_search(device_t parent, void *aux, const struct cfargs *args)
{
	cfdata_t cf;
	int i;

	if (args != NULL && args->search != NULL) {
		/* Indirect configuration: the search function attaches what it wants. */
		autoconf_enter();
		for (i = 0; i < ac_ntables; i++)
			for (cf = ac_tables[i].cf; cf->cf_name != NULL; cf++)
				if (cf->cf_fstate != FSTATE_FOUND && ac_parent_match(parent, cf) &&
				    (args->iattr == NULL || ifattr_match(args->iattr, cfdata_ifattr(cf))))
					(void)(*args->search)(parent, cf, args->locators, aux);
		autoconf_exit();
		return NULL;
	}
	return ac_search(args ? args->submatch : NULL, parent, args ? args->iattr : NULL,
	    args ? args->locators : NULL, aux);
}

/* ---- attaching ------------------------------------------------------------------------------- */

device_t
config_attach_loc(device_t parent, cfdata_t cf, const int *locs, void *aux, cfprint_t print)
{
	struct cfdriver *cd;
	struct cfattach *ca;
	const struct cfiattrdata *ci;
	device_t dev;
	int unit, n;

	autoconf_enter();
	cd = config_cfdriver_lookup(cf->cf_name);
	ca = config_cfattach_lookup(cf->cf_name, cf->cf_atname);
	dev = NULL;
	if (cd == NULL || ca == NULL) {
		printf("autoconf: %s \"%s\" is not registered; is its module loaded?\n",
		    cd == NULL ? "driver" : "attachment", cd == NULL ? cf->cf_name : cf->cf_atname);
		goto out;
	}
	if ((ca->ca_flags & DVF_PRIV_ALLOC) == 0) {
		printf("autoconf: %s uses the old CFATTACH_DECL (softc containing struct device); "
		    "only the _NEW forms are supported\n", cf->cf_atname);
		goto out;
	}
	if ((unit = ac_unit(cd, cf)) < 0) {
		printf("autoconf: %s%d is already attached\n", cd->cd_name, cf->cf_unit);
		goto out;
	}
	dev = ac_zalloc(sizeof(*dev));
	n = snprintf(dev->dv_xname, sizeof(dev->dv_xname), "%s%d", cd->cd_name, unit);
	if (n < 0 || (size_t)n >= sizeof(dev->dv_xname)) {
		printf("autoconf: device name %s%d is longer than %zu characters\n", cd->cd_name,
		    unit, sizeof(dev->dv_xname) - 1);
		ac_free(dev, sizeof(*dev));
		dev = NULL;
		goto out;
	}
	dev->dv_class = cd->cd_class;
	dev->dv_cfdata = cf;
	dev->dv_cfdriver = cd;
	dev->dv_cfattach = ca;
	dev->dv_unit = unit;
	dev->dv_parent = parent;
	dev->dv_depth = parent != NULL ? parent->dv_depth + 1 : 0;
	dev->dv_flags = DVF_ACTIVE | (ca->ca_flags & DVF_DETACH_SHUTDOWN) | DVF_PRIV_ALLOC;
	if (ca->ca_devsize > 0)
		dev->dv_private = ac_zalloc(ca->ca_devsize);
	ci = cfdata_ifattr(cf) != NULL ?
	    cfiattr_lookup(cfdata_ifattr(cf), parent != NULL ? parent->dv_cfdriver : NULL) : NULL;
	if (locs != NULL && ci != NULL && ci->ci_loclen > 0) {
		dev->dv_nlocators = ci->ci_loclen;
		dev->dv_locators = ac_zalloc((size_t)ci->ci_loclen * sizeof(int));
		memcpy(dev->dv_locators, locs, (size_t)ci->ci_loclen * sizeof(int));
	}
	dev->dv_properties = prop_dictionary_create();
	if (cf->cf_fstate == FSTATE_NOTFOUND)
		cf->cf_fstate = FSTATE_FOUND;
	ac_devlink(dev);

	/* "edu0 at pci0", the parent's print function adds " dev 4 function 0", attach ": ...\n". */
	if (parent == NULL) {
		aprint_normal("%s (root)", dev->dv_xname);
	} else {
		aprint_normal("%s at %s", dev->dv_xname, parent->dv_xname);
		if (print != NULL)
			(void)(*print)(aux, NULL);
	}
	device_register(dev, aux);	/* machine-dependent: properties the platform knows */
	(*ca->ca_attach)(parent, dev, aux);
	autoconf_run_deferred(dev);
out:
	autoconf_exit();
	return dev;
}

device_t
nbshim_config_attach(device_t parent, cfdata_t cf, void *aux, cfprint_t print)
{
	return config_attach_loc(parent, cf, NULL, aux, print);
}

device_t
nbshim_config_attach_cfargs(device_t parent, cfdata_t cf, void *aux, cfprint_t print,
    const struct cfargs *args)
{
	return config_attach_loc(parent, cf, args != NULL ? args->locators : NULL, aux, print);
}

device_t
config_attach_pseudo(cfdata_t cf)
{
	return config_attach_loc(NULL, cf, NULL, NULL, NULL);
}

static const char *const ac_unconf_msgs[] = { "", " not configured\n", " unsupported\n" };

device_t
config_found_sm_loc(device_t parent, const char *ia, const int *locs, void *aux, cfprint_t print,
    cfsubmatch_t submatch)
{
	cfdata_t cf;
	device_t dev = NULL;
	int how;

	autoconf_enter();
	if ((cf = config_search_loc(submatch, parent, ia, locs, aux)) != NULL) {
		dev = config_attach_loc(parent, cf, locs, aux, print);
	} else if (print != NULL) {
		how = (*print)(aux, parent->dv_xname);
		if (how >= 0 && how < (int)__arraycount(ac_unconf_msgs))
			aprint_normal("%s", ac_unconf_msgs[how]);
	}
	autoconf_exit();
	return dev;
}

device_t
config_found_ia(device_t parent, const char *ia, void *aux, cfprint_t print)
{
	return config_found_sm_loc(parent, ia, NULL, aux, print, NULL);
}

device_t
nbshim_config_found(device_t parent, void *aux, cfprint_t print)
{
	return config_found_sm_loc(parent, NULL, NULL, aux, print, NULL);
}

device_t
nbshim_config_found_cfargs(device_t parent, void *aux, cfprint_t print, const struct cfargs *args)
{
	if (args != NULL && args->search != NULL) {
		printf("config_found: a CFARGS search function belongs to config_search\n");
		return NULL;
	}
	return config_found_sm_loc(parent, args ? args->iattr : NULL, args ? args->locators : NULL,
	    aux, print, args ? args->submatch : NULL);
}

device_t
config_rootfound(const char *rootname, void *aux)
{
	cfdata_t cf;
	device_t dev = NULL;

	autoconf_enter();
	if ((cf = config_rootsearch(NULL, rootname, aux)) != NULL)
		dev = config_attach_loc(NULL, cf, NULL, aux, NULL);
	else
		aprint_error("root device %s not configured\n", rootname);
	autoconf_exit();
	return dev;
}

/* ---- detaching ------------------------------------------------------------------------------- */

static void
ac_devfree(device_t dev)
{
	if (dev->dv_properties != NULL)
		prop_object_release(dev->dv_properties);
	ac_free(dev->dv_locators, (size_t)dev->dv_nlocators * sizeof(int));
	ac_free(dev->dv_private, dev->dv_cfattach->ca_devsize);
	ac_free(dev, sizeof(*dev));
}

static device_t
ac_last_child(device_t parent)
{
	device_t d, last = NULL;

	for (d = ac_alldevs; d != NULL; d = d->dv_next)
		if (d->dv_parent == parent)
			last = d;
	return last;
}

int
config_detach(device_t dev, int flags)
{
	struct cfattach *ca = dev->dv_cfattach;
	device_t parent = dev->dv_parent, child;
	cfdata_t cf = dev->dv_cfdata;
	int rv;

	autoconf_enter();
	if (dev->dv_detaching) {
		rv = EBUSY;
		goto out;
	}
	if (ca->ca_detach == NULL) {
		rv = EOPNOTSUPP;
	} else {
		dev->dv_detaching = 1;
		rv = (*ca->ca_detach)(dev, flags);
		dev->dv_detaching = 0;
	}
	if (rv != 0) {
		if (flags & DETACH_FORCE)
			panic("config_detach: forced detach of %s failed (%d)", dev->dv_xname, rv);
		goto out;
	}
	/* A detach function must detach its children (config_detach_children); NetBSD panics. */
	while ((child = ac_last_child(dev)) != NULL) {
		printf("config_detach: %s left its child %s attached; detaching it now\n",
		    dev->dv_xname, child->dv_xname);
		if (config_detach(child, flags | DETACH_FORCE) != 0)
			break;
	}
	if (parent != NULL && parent->dv_cfattach->ca_childdetached != NULL)
		(*parent->dv_cfattach->ca_childdetached)(parent, dev);
	if ((flags & DETACH_QUIET) == 0)
		aprint_normal_dev(dev, "detached\n");
	autoconf_forget_hooks(dev);
	ac_devunlink(dev);
	if (cf != NULL && cf->cf_fstate == FSTATE_FOUND && cf->cf_unit == dev->dv_unit)
		cf->cf_fstate = FSTATE_NOTFOUND;
	ac_devfree(dev);
out:
	autoconf_exit();
	return rv;
}

int
config_detach_children(device_t parent, int flags)
{
	device_t child;
	int rv = 0;

	autoconf_enter();
	while ((child = ac_last_child(parent)) != NULL)
		if ((rv = config_detach(child, flags)) != 0)
			break;
	autoconf_exit();
	return rv;
}

bool
config_detach_all(int how)
{
	device_t d, leaf;
	bool progress = false;

	autoconf_enter();
	/* Leaves first, newest first; a device that refuses keeps its ancestors attached. */
	for (;;) {
		leaf = NULL;
		for (d = ac_alldevs; d != NULL; d = d->dv_next)
			if (ac_last_child(d) == NULL && !d->dv_detaching && d->dv_nodetach_all == 0)
				leaf = d;
		if (leaf == NULL)
			break;
		if (config_detach(leaf, how) == 0) {
			progress = true;
		} else {
			leaf->dv_nodetach_all = 1;
		}
	}
	for (d = ac_alldevs; d != NULL; d = d->dv_next)
		d->dv_nodetach_all = 0;
	autoconf_exit();
	return progress;
}

int
config_deactivate(device_t dev)
{
	device_t d;
	int rv = 0, r;

	autoconf_enter();
	/* The device and its descendants, in attach order. */
	for (d = ac_alldevs; d != NULL; d = d->dv_next) {
		device_t a;
		for (a = d; a != NULL && a != dev; a = a->dv_parent)
			continue;
		if (a == NULL || (d->dv_flags & DVF_ACTIVE) == 0)
			continue;
		if (d->dv_cfattach->ca_activate != NULL &&
		    (r = (*d->dv_cfattach->ca_activate)(d, DVACT_DEACTIVATE)) != 0) {
			if (rv == 0)
				rv = r;
			continue;
		}
		d->dv_flags &= ~DVF_ACTIVE;
	}
	autoconf_exit();
	return rv;
}

void
null_childdetached(device_t self, device_t child)
{
	(void)self;
	(void)child;
}

/* ---- accessors ------------------------------------------------------------------------------- */

int
device_locator(device_t d, u_int i)
{
	if (d->dv_locators == NULL || i >= (u_int)d->dv_nlocators)
		panic("device_locator: %s has no locator %u", d->dv_xname, i);
	return d->dv_locators[i];
}

device_t
device_lookup(cfdriver_t cd, int unit)
{
	return unit >= 0 && unit < cd->cd_ndevs ? cd->cd_devs[unit] : NULL;
}

void *
device_lookup_private(cfdriver_t cd, int unit)
{
	return device_private(device_lookup(cd, unit));
}

device_t
device_find_by_xname(const char *name)
{
	device_t d;

	for (d = ac_alldevs; d != NULL; d = d->dv_next)
		if (strcmp(d->dv_xname, name) == 0)
			return d;
	return NULL;
}

device_t
device_find_by_driver_unit(const char *driver, int unit)
{
	struct cfdriver *cd = config_cfdriver_lookup(driver);

	return cd != NULL ? device_lookup(cd, unit) : NULL;
}
