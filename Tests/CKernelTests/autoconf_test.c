/*
 * autoconf(9) behaviour with small test drivers on a fake bus: "ktroot" roots offer the "ktbus"
 * attribute (locators slot, port); ktgen (generic, priority 1), ktspec (id 0x42, priority 10),
 * ktfix (fixed unit 7, only at slot 3, priority 20) and ktpar (id 0x99, priority 30) attach there;
 * ktpar offers "ktsub", where two ktleaf children attach and queue hooks.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/device.h>
#include <sys/nbshim_ioconf.h>
#include "ktest.h"
#include "host/nbshim_hypercall.h"
#include "host/nbshim_kernel.h"

struct kt_args {
	int id;
	int slot, port;
};

/* What the drivers did, in order: "ktpar0:attach ktleaf0:defer ...". */
static char kt_log[2048];

static void
kt_logf(const char *fmt, ...)
{
	size_t n = strlen(kt_log);
	va_list ap;

	if (n > 0 && n + 1 < sizeof(kt_log))
		kt_log[n++] = ' ';
	va_start(ap, fmt);
	vsnprintf(kt_log + n, sizeof(kt_log) - n, fmt, ap);
	va_end(ap);
}

struct kt_softc {
	device_t sc_dev;
	int sc_id;
	int sc_suspended;
};

static const struct cfiattrdata ktbus_iattr = {
	"ktbus", 2, { { "slot", "-1", -1 }, { "port", "-1", -1 } }
};
static const struct cfiattrdata *const ktroot_attrs[] = { &ktbus_iattr, NULL };
static const struct cfiattrdata ktsub_iattr = { "ktsub", 0, { } };
static const struct cfiattrdata *const ktpar_attrs[] = { &ktsub_iattr, NULL };

CFDRIVER_DECL(ktroot, DV_DULL, ktroot_attrs);
CFDRIVER_DECL(ktgen, DV_DULL, NULL);
CFDRIVER_DECL(ktspec, DV_DULL, NULL);
CFDRIVER_DECL(ktfix, DV_DULL, NULL);
CFDRIVER_DECL(ktpar, DV_DULL, ktpar_attrs);
CFDRIVER_DECL(ktleaf, DV_DULL, NULL);

static int
ktbus_print(void *aux, const char *pnp)
{
	struct kt_args *a = aux;

	if (pnp != NULL)
		aprint_normal("ktdev id %d at %s", a->id, pnp);
	aprint_normal(" slot %d port %d", a->slot, a->port);
	return UNCONF;
}

static int
kt_activate(device_t self, devact_t act)
{
	kt_logf("%s:deactivate", device_xname(self));
	return 0;
}

static int
ktroot_match(device_t parent, cfdata_t cf, void *aux)
{
	return 1;
}

static void
ktroot_attach(device_t parent, device_t self, void *aux)
{
	aprint_normal(": test bus\n");
}

static int
ktroot_detach(device_t self, int flags)
{
	int rv = config_detach_children(self, flags);

	if (rv == 0)
		kt_logf("%s:detach", device_xname(self));
	return rv;
}

CFATTACH_DECL_NEW(ktroot, 0, ktroot_match, ktroot_attach, ktroot_detach, kt_activate);

static void
kt_attach_common(device_t self, void *aux, const char *what)
{
	struct kt_softc *sc = device_private(self);

	sc->sc_dev = self;
	sc->sc_id = ((struct kt_args *)aux)->id;
	aprint_normal(": %s\n", what);
	kt_logf("%s:attach", device_xname(self));
}

static int
kt_detach_common(device_t self, int flags)
{
	kt_logf("%s:detach", device_xname(self));
	return 0;
}

static int
ktgen_match(device_t parent, cfdata_t cf, void *aux)
{
	return ((struct kt_args *)aux)->id != 0;
}

static void ktleaf_mountroot(device_t);

/* With kt_hold_pending, ktgen holds configuration pending on a thread for 50 ms. */
static int kt_hold_pending;
static struct nbh_thread *kt_pending_thread;

static void
kt_release_pending(void *arg)
{
	device_t self = arg;

	nbh_clock_sleep(50000000);
	kt_logf("%s:released", device_xname(self));
	config_pending_decr(self);
}

static void
ktgen_attach(device_t parent, device_t self, void *aux)
{
	kt_attach_common(self, aux, "generic test device");
	if (kt_hold_pending) {
		config_pending_incr(self);
		config_mountroot(self, ktleaf_mountroot);
		if (nbh_thread_create(kt_release_pending, self, "ktpending", &kt_pending_thread) != 0)
			config_pending_decr(self);
	}
}

CFATTACH_DECL_NEW(ktgen, sizeof(struct kt_softc), ktgen_match, ktgen_attach, kt_detach_common,
    kt_activate);

static int
ktspec_match(device_t parent, cfdata_t cf, void *aux)
{
	return ((struct kt_args *)aux)->id == 0x42 ? 10 : 0;
}

static void
ktspec_attach(device_t parent, device_t self, void *aux)
{
	kt_attach_common(self, aux, "specific test device");
}

CFATTACH_DECL_NEW(ktspec, sizeof(struct kt_softc), ktspec_match, ktspec_attach,
    kt_detach_common, NULL);

static int
ktfix_match(device_t parent, cfdata_t cf, void *aux)
{
	return ((struct kt_args *)aux)->id != 0 ? 20 : 0;
}

static void
ktfix_attach(device_t parent, device_t self, void *aux)
{
	kt_attach_common(self, aux, "fixed test device");
}

CFATTACH_DECL_NEW(ktfix, sizeof(struct kt_softc), ktfix_match, ktfix_attach, kt_detach_common,
    NULL);

static void
ktleaf_defer(device_t self)
{
	kt_logf("%s:defer", device_xname(self));
}

static void
ktleaf_interrupts(device_t self)
{
	kt_logf("%s:interrupts", device_xname(self));
}

static void
ktleaf_mountroot(device_t self)
{
	kt_logf("%s:mountroot", device_xname(self));
}

static int
ktpar_match(device_t parent, cfdata_t cf, void *aux)
{
	return ((struct kt_args *)aux)->id == 0x99 ? 30 : 0;
}

static void
ktpar_attach(device_t parent, device_t self, void *aux)
{
	struct kt_args child = { 0, -1, -1 };

	kt_attach_common(self, aux, "parent test device");
	for (child.id = 1; child.id <= 2; child.id++)
		config_found_ia(self, "ktsub", &child, NULL);
	kt_logf("%s:attach-end", device_xname(self));
}

static int
ktpar_detach(device_t self, int flags)
{
	int rv = config_detach_children(self, flags);

	if (rv == 0)
		kt_logf("%s:detach", device_xname(self));
	return rv;
}

CFATTACH_DECL_NEW(ktpar, sizeof(struct kt_softc), ktpar_match, ktpar_attach, ktpar_detach,
    kt_activate);

static int
ktleaf_match(device_t parent, cfdata_t cf, void *aux)
{
	return 1;
}

static void
ktleaf_attach(device_t parent, device_t self, void *aux)
{
	kt_attach_common(self, aux, "leaf");
	config_defer(self, ktleaf_defer);
	config_interrupts(self, ktleaf_interrupts);
	config_mountroot(self, ktleaf_mountroot);
}

CFATTACH_DECL_NEW(ktleaf, sizeof(struct kt_softc), ktleaf_match, ktleaf_attach,
    kt_detach_common, kt_activate);

/* The test configuration, as config(1) would write it. */
static int kt_loc_any[] = { -1, -1 };
static int kt_loc_slot3[] = { 3, -1 };
static const struct cfparent kt_pspec_ktbus = { "ktbus", "ktroot", DVUNIT_ANY };
static const struct cfparent kt_pspec_ktsub = { "ktsub", NULL, DVUNIT_ANY };
static struct cfdata kt_cfdata[] = {
	{ "ktroot", "ktroot", 0, FSTATE_STAR, NULL, 0, NULL },
	{ "ktgen", "ktgen", 0, FSTATE_STAR, kt_loc_any, 0, &kt_pspec_ktbus },
	{ "ktspec", "ktspec", 0, FSTATE_STAR, kt_loc_any, 0, &kt_pspec_ktbus },
	{ "ktfix", "ktfix", 7, FSTATE_NOTFOUND, kt_loc_slot3, 0, &kt_pspec_ktbus },
	{ "ktpar", "ktpar", 0, FSTATE_STAR, kt_loc_any, 0, &kt_pspec_ktbus },
	{ "ktleaf", "ktleaf", 0, FSTATE_STAR, NULL, 0, &kt_pspec_ktsub },
	{ NULL }
};
NBSHIM_IOCONF(ktest, kt_cfdata);

/* Offers a device with `id` at slot/port of `root`, the way a bus driver does. */
static device_t
kt_offer(device_t root, int id, int slot, int port)
{
	struct kt_args a = { id, slot, port };
	int locs[2] = { slot, port };

	return config_found_sm_loc(root, "ktbus", locs, &a, ktbus_print, config_stdsubmatch);
}

static device_t
kt_root(void)
{
	kt_log[0] = '\0';
	return config_rootfound("ktroot", NULL);
}

KTEST(autoconf_priority_wins)
{
	device_t root = kt_root(), a, b, c;

	KT_ASSERT(root != NULL && device_is_a(root, "ktroot"));
	a = kt_offer(root, 0x42, 1, 0);
	b = kt_offer(root, 5, 2, 0);
	c = kt_offer(root, 5, 4, 0);
	KT_ASSERT(a != NULL && strcmp(device_xname(a), "ktspec0") == 0, "got %s",
	    a ? device_xname(a) : "nothing");
	KT_ASSERT(b != NULL && strcmp(device_xname(b), "ktgen0") == 0);
	KT_ASSERT(c != NULL && strcmp(device_xname(c), "ktgen1") == 0);
	KT_ASSERT(kt_offer(root, 0, 5, 0) == NULL, "id 0 matches nothing");
	KT_ASSERT(device_parent(b) == root && device_unit(c) == 1);
	KT_ASSERT(((struct kt_softc *)device_private(b))->sc_id == 5);
	/* The lowest free unit is reused. */
	KT_ASSERT(config_detach(b, 0) == 0);
	b = kt_offer(root, 7, 2, 0);
	KT_ASSERT(b != NULL && device_unit(b) == 0, "reattached as %s", device_xname(b));
	KT_ASSERT(device_lookup(&ktgen_cd, 1) == c && device_lookup_private(&ktgen_cd, 0) ==
	    device_private(b));
	KT_ASSERT(device_find_by_xname("ktgen1") == c);
	KT_ASSERT(config_detach(root, 0) == 0);
	KT_ASSERT(device_lookup(&ktgen_cd, 0) == NULL && device_find_by_xname("ktspec0") == NULL);
}

KTEST(autoconf_locators)
{
	device_t root = kt_root(), f, g, again;

	f = kt_offer(root, 5, 3, 1);
	KT_ASSERT(f != NULL && strcmp(device_xname(f), "ktfix7") == 0, "got %s",
	    f ? device_xname(f) : "nothing");
	KT_ASSERT(device_locator(f, 0) == 3 && device_locator(f, 1) == 1);
	/* The fixed unit is taken: the next device at slot 3 gets the generic driver. */
	g = kt_offer(root, 5, 3, 2);
	KT_ASSERT(g != NULL && device_is_a(g, "ktgen"));
	/* Elsewhere ktfix never matches, despite its priority. */
	again = kt_offer(root, 5, 4, 0);
	KT_ASSERT(again != NULL && device_is_a(again, "ktgen"));
	KT_ASSERT(config_detach(f, 0) == 0);
	f = kt_offer(root, 5, 3, 0);
	KT_ASSERT(f != NULL && strcmp(device_xname(f), "ktfix7") == 0, "fixed unit free again");
	KT_ASSERT(config_detach(root, 0) == 0);
}

static int
kt_no_ktspec(device_t parent, cfdata_t cf, const int *locs, void *aux)
{
	if (strcmp(cf->cf_name, "ktspec") == 0)
		return 0;
	return config_stdsubmatch(parent, cf, locs, aux);
}

static int
kt_reject_all(device_t parent, cfdata_t cf, const int *locs, void *aux)
{
	return 0;
}

KTEST(autoconf_submatch)
{
	device_t root = kt_root(), d;
	struct kt_args a = { 0x42, 1, 0 };
	int locs[2] = { 1, 0 };

	d = config_found_sm_loc(root, "ktbus", locs, &a, ktbus_print, kt_no_ktspec);
	KT_ASSERT(d != NULL && device_is_a(d, "ktgen"), "submatch vetoed ktspec");
	d = config_found_sm_loc(root, "ktbus", locs, &a, ktbus_print, kt_reject_all);
	KT_ASSERT(d == NULL);
	KT_ASSERT(config_search_loc(kt_no_ktspec, root, "ktbus", locs, &a) == &kt_cfdata[1]);
	KT_ASSERT(config_search_loc(NULL, root, "nosuchattr", locs, &a) == NULL);
	KT_ASSERT(config_detach(root, 0) == 0);
}

KTEST(autoconf_cfargs_and_2016_forms)
{
	device_t root = kt_root(), d;
	struct kt_args a = { 0x42, 3, 0 };
	int locs[2] = { 3, 0 };

	/* Newer form: iattr, locators and submatch travel in CFARGS. */
	d = config_found(root, &a, ktbus_print,
	    CFARGS(.submatch = config_stdsubmatch, .iattr = "ktbus", .locators = locs));
	KT_ASSERT(d != NULL && strcmp(device_xname(d), "ktfix7") == 0);
	d = config_found(root, &a, ktbus_print, CFARGS(.submatch = kt_no_ktspec, .iattr = "ktbus",
	    .locators = kt_loc_any + 0));
	KT_ASSERT(d != NULL && device_is_a(d, "ktgen"), "CFARGS submatch honoured");
	/* 2016 form: no locators, so every candidate's match decides. */
	a.id = 0x99;
	d = config_found(root, &a, ktbus_print);
	KT_ASSERT(d != NULL && device_is_a(d, "ktpar"));
	KT_ASSERT(config_search(root, &a, CFARGS(.iattr = "ktbus")) == &kt_cfdata[4]);
	KT_ASSERT(config_search(root, &a, CFARGS_NONE) == &kt_cfdata[4]);
	KT_ASSERT(config_detach(root, 0) == 0);
}

KTEST(autoconf_hooks_and_detach_order)
{
	device_t root = kt_root(), par;
	const char *want_attach = "ktpar0:attach ktleaf0:attach ktleaf1:attach ktpar0:attach-end "
	    "ktleaf0:defer ktleaf1:defer ktleaf0:interrupts ktleaf1:interrupts "
	    "ktleaf0:mountroot ktleaf1:mountroot";
	const char *want_detach = "ktleaf1:detach ktleaf0:detach ktpar0:detach ktroot";

	par = kt_offer(root, 0x99, 1, 0);
	KT_ASSERT(par != NULL && strcmp(device_xname(par), "ktpar0") == 0);
	KT_ASSERT(strcmp(kt_log, want_attach) == 0, "log: %s", kt_log);
	KT_ASSERT(device_parent(device_find_by_xname("ktleaf1")) == par);

	/* After configuration, interrupts and root are available: the hook runs at once. */
	kt_log[0] = '\0';
	config_interrupts(par, ktleaf_interrupts);
	config_mountroot(par, ktleaf_mountroot);
	KT_ASSERT(strcmp(kt_log, "ktpar0:interrupts ktpar0:mountroot") == 0, "log: %s", kt_log);

	kt_log[0] = '\0';
	KT_ASSERT(config_deactivate(par) == 0);
	KT_ASSERT(strcmp(kt_log, "ktpar0:deactivate ktleaf0:deactivate ktleaf1:deactivate") == 0,
	    "log: %s", kt_log);
	KT_ASSERT(!device_is_active(par) && device_is_active(root));

	kt_log[0] = '\0';
	KT_ASSERT(config_detach(root, 0) == 0);
	KT_ASSERT(strncmp(kt_log, want_detach, strlen(want_detach)) == 0, "log: %s", kt_log);
	KT_ASSERT(device_find_by_xname("ktleaf0") == NULL && device_find_by_xname("ktpar0") == NULL);
}

KTEST(autoconf_pending_holds_mountroot)
{
	device_t root = kt_root(), g;

	kt_hold_pending = 1;
	g = kt_offer(root, 5, 1, 0);
	kt_hold_pending = 0;
	KT_ASSERT(g != NULL && kt_pending_thread != NULL);
	nbh_thread_join(kt_pending_thread);
	kt_pending_thread = NULL;
	KT_ASSERT(strcmp(kt_log, "ktgen0:attach ktgen0:released ktgen0:mountroot") == 0,
	    "log: %s", kt_log);
	KT_ASSERT(config_detach(root, 0) == 0);
}

KTEST(autoconf_detach_refusal)
{
	device_t root = kt_root(), s;
	struct cfattach *ca = &ktspec_ca;
	int (*saved)(device_t, int) = ca->ca_detach;

	s = kt_offer(root, 0x42, 1, 0);
	KT_ASSERT(s != NULL);
	ca->ca_detach = NULL;
	KT_ASSERT(config_detach(s, 0) == EOPNOTSUPP);
	KT_ASSERT(config_detach(root, 0) == EOPNOTSUPP, "a child that cannot detach keeps its parent");
	KT_ASSERT(device_find_by_xname("ktspec0") == s);
	ca->ca_detach = saved;
	KT_ASSERT(config_detach(root, 0) == 0);
}

static bool
kt_suspend(device_t self, const pmf_qual_t *q)
{
	struct kt_softc *sc = device_private(self);

	sc->sc_suspended = 1;
	kt_logf("%s:suspend", device_xname(self));
	return true;
}

static bool
kt_resume(device_t self, const pmf_qual_t *q)
{
	struct kt_softc *sc = device_private(self);

	sc->sc_suspended = 0;
	kt_logf("%s:resume", device_xname(self));
	return true;
}

KTEST(autoconf_pmf)
{
	device_t root = kt_root(), g;

	g = kt_offer(root, 5, 1, 0);
	KT_ASSERT(g != NULL);
	KT_ASSERT(nbk_device_suspend("ktgen0") == EOPNOTSUPP, "no handlers registered yet");
	KT_ASSERT(pmf_device_register(g, kt_suspend, kt_resume));
	KT_ASSERT(nbk_device_suspend("nosuchdev0") == ENXIO);
	kt_log[0] = '\0';
	KT_ASSERT(nbk_device_suspend("ktgen0") == 0);
	KT_ASSERT(((struct kt_softc *)device_private(g))->sc_suspended == 1 && !device_is_active(g));
	KT_ASSERT(nbk_device_resume("ktgen0") == 0);
	KT_ASSERT(device_is_active(g) && strcmp(kt_log, "ktgen0:suspend ktgen0:resume") == 0,
	    "log: %s", kt_log);
	/* Network class handlers need ifnet: suspension fails and the device keeps running. */
	pmf_class_network_register(g, NULL);
	KT_ASSERT(nbk_device_suspend("ktgen0") == EIO);
	KT_ASSERT(device_is_active(g));
	pmf_device_deregister(g);
	KT_ASSERT(!device_pmf_is_registered(g));
	KT_ASSERT(config_detach(root, 0) == 0);
}

KTEST(autoconf_properties)
{
	device_t root = kt_root(), g;
	uint32_t v = 0;

	g = kt_offer(root, 5, 1, 0);
	KT_ASSERT(g != NULL && device_properties(g) != NULL);
	KT_ASSERT(prop_dictionary_set_uint32(device_properties(g), "mtu", 9000));
	KT_ASSERT(prop_dictionary_get_uint32(device_properties(g), "mtu", &v) && v == 9000);
	KT_ASSERT(device_class(g) == DV_DULL && device_cfdata(g) == &kt_cfdata[1]);
	KT_ASSERT(device_cfattach(g) == &ktgen_ca && device_cfdriver(g) == &ktgen_cd);
	KT_ASSERT(config_detach(root, 0) == 0);
}

/* A module's link set built by hand: a driver, its attachment and its configuration. */
CFDRIVER_DECL(ktmod, DV_DULL, NULL);
static int ktmod_match(device_t p, cfdata_t cf, void *aux) { return 50; }
static void ktmod_attach(device_t p, device_t self, void *aux) { aprint_normal("\n"); }
static struct cfattach ktmod_ca_mod = {
	.ca_name = "ktmod", .ca_devsize = 0, .ca_flags = DVF_PRIV_ALLOC,
	.ca_match = ktmod_match, .ca_attach = ktmod_attach, .ca_detach = kt_detach_common,
};
static struct cfdata ktmod_cfdata[] = {
	{ "ktmod", "ktmod", 0, FSTATE_STAR, kt_loc_any, 0, &kt_pspec_ktbus },
	{ NULL }
};
static const struct nbshim_ioconf ktmod_ioconf = { "ktmod", ktmod_cfdata };
static const struct nbshim_autoconf_entry ktmod_e1 = { NBSHIM_AC_CFDRIVER, &ktmod_cd };
static const struct nbshim_autoconf_entry ktmod_e2 = { NBSHIM_AC_CFATTACH, &ktmod_ca_mod };
static const struct nbshim_autoconf_entry ktmod_e3 = { NBSHIM_AC_IOCONF, (void *)&ktmod_ioconf };
static const void *const ktmod_set[] = { &ktmod_e3, &ktmod_e2, &ktmod_e1 };

KTEST(autoconf_module_register)
{
	device_t root = kt_root(), d;

	d = kt_offer(root, 5, 1, 0);
	KT_ASSERT(d != NULL && device_is_a(d, "ktgen"), "before the module loads");
	KT_ASSERT(nbshim_module_register(ktmod_set, ktmod_set + 3) == 0);
	KT_ASSERT(nbshim_module_register(ktmod_set, ktmod_set + 3) == EEXIST);
	d = kt_offer(root, 5, 2, 0);
	KT_ASSERT(d != NULL && device_is_a(d, "ktmod"), "got %s", d ? device_xname(d) : "nothing");
	/* Taking the configuration away detaches what it configured. */
	KT_ASSERT(config_cfdata_detach(ktmod_cfdata) == 0);
	KT_ASSERT(device_find_by_xname("ktmod0") == NULL);
	d = kt_offer(root, 5, 4, 0);
	KT_ASSERT(d != NULL && device_is_a(d, "ktgen"));
	KT_ASSERT(config_detach(root, 0) == 0);
}

/*
 * A module's driver outranks built-in ones that match the same device, even with a lower match
 * priority (rtk.so over the built-in rtn): ktlow matches id 0x42 at 1, where the built-in ktspec
 * says 10 and ktgen 1. Among built-in drivers the priority decides, silently.
 */
CFDRIVER_DECL(ktlow, DV_DULL, NULL);
static int ktlow_match(device_t p, cfdata_t cf, void *aux) { return ((struct kt_args *)aux)->id == 0x42; }
static void ktlow_attach(device_t p, device_t self, void *aux) { aprint_normal(": module driver\n"); }
static struct cfattach ktlow_ca = {
	.ca_name = "ktlow", .ca_devsize = 0, .ca_flags = DVF_PRIV_ALLOC,
	.ca_match = ktlow_match, .ca_attach = ktlow_attach, .ca_detach = kt_detach_common,
};
static struct cfdata ktlow_cfdata[] = {
	{ "ktlow", "ktlow", 0, FSTATE_STAR, kt_loc_any, 0, &kt_pspec_ktbus },
	{ NULL }
};
static const struct nbshim_ioconf ktlow_ioconf = { "ktlow", ktlow_cfdata };
static const struct nbshim_autoconf_entry ktlow_e1 = { NBSHIM_AC_CFDRIVER, &ktlow_cd };
static const struct nbshim_autoconf_entry ktlow_e2 = { NBSHIM_AC_CFATTACH, &ktlow_ca };
static const struct nbshim_autoconf_entry ktlow_e3 = { NBSHIM_AC_IOCONF, (void *)&ktlow_ioconf };
static const void *const ktlow_set[] = { &ktlow_e1, &ktlow_e2, &ktlow_e3 };

KTEST(autoconf_module_outranks_builtin)
{
	device_t root = kt_root(), d;
	char first[16], low[16], other[16];
	int rv;

	d = kt_offer(root, 0x42, 1, 0);
	strlcpy(first, d ? device_xname(d) : "nothing", sizeof(first));
	rv = nbshim_module_register(ktlow_set, ktlow_set + 3);
	if (rv == EEXIST)	/* an earlier run registered the set; its table was detached */
		rv = config_cfdata_attach(ktlow_cfdata, 0);
	d = kt_offer(root, 0x42, 2, 0);
	strlcpy(low, d ? device_xname(d) : "nothing", sizeof(low));
	d = kt_offer(root, 5, 4, 0);
	strlcpy(other, d ? device_xname(d) : "nothing", sizeof(other));
	/* Taken away before asserting, so that no other test sees ktlow. */
	KT_ASSERT(config_cfdata_detach(ktlow_cfdata) == 0 && rv == 0, "registered: %d", rv);
	KT_ASSERT(config_detach(root, 0) == 0);
	KT_ASSERT(strcmp(first, "ktspec0") == 0, "built in only, the priority decides: got %s", first);
	KT_ASSERT(strcmp(low, "ktlow0") == 0, "the module's driver wins: got %s", low);
	KT_ASSERT(strcmp(other, "ktgen0") == 0, "ktlow does not match id 5: got %s", other);
}

/* Prints the attach, "not configured" and detach lines; NBKernelTests checks the console. */
KTEST(autoconf_messages)
{
	device_t root = kt_root(), d;

	d = kt_offer(root, 5, 1, 2);
	KT_ASSERT(d != NULL);
	KT_ASSERT(kt_offer(root, 0, 4, 0) == NULL);
	KT_ASSERT(config_detach(root, 0) == 0);
}
