/*
 * autoconf(9): the device tree, driver registration, match/attach/detach (sys/device.h in NetBSD's
 * API). Implemented in subr_autoconf.c. Registration needs no config(1): CFDRIVER_DECL and
 * CFATTACH_DECL* also enter their object into the `nbshim_autoconf` link set, and a module's cfdata
 * table ("ioconf") is entered with NBSHIM_IOCONF (sys/nbshim_ioconf.h).
 */
#ifndef _NBSHIM_SYS_DEVICE_H_
#define _NBSHIM_SYS_DEVICE_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/device_if.h>
#include <sys/evcnt.h>
/* Drivers rely on sys/device.h bringing the locking API, as NetBSD's does (virtio.c). */
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/pmf.h>
#include <prop/proplib.h>

typedef enum devclass {
	DV_DULL,		/* nothing special */
	DV_CPU,
	DV_DISK,
	DV_IFNET,
	DV_TAPE,
	DV_TTY,
	DV_AUDIODEV,
	DV_DISPLAYDEV,
	DV_BUS,
	DV_VIRTUAL,
} devclass_t;

/* What ca_activate is asked to do. */
typedef enum devact {
	DVACT_DEACTIVATE
} devact_t;

typedef enum {
	DVA_SYSTEM,
	DVA_HARDWARE
} devactive_t;

/* Activity (user input, hardware events) told to the handlers registered for `dev` (kern_pmf.c). */
bool	device_active_register(device_t, void (*)(device_t, devactive_t));
void	device_active_deregister(device_t, void (*)(device_t, devactive_t));
void	device_active(device_t, devactive_t);

typedef struct cfdata *cfdata_t;
typedef struct cfdriver *cfdriver_t;
typedef struct cfattach *cfattach_t;

/* Per-module autoconf registration, one link-set entry each (see nbshim_module_register). */
struct nbshim_autoconf_entry {
	int kind;		/* NBSHIM_AC_* */
	void *obj;		/* struct cfdriver *, struct cfattach * or struct nbshim_ioconf * */
};
#define NBSHIM_AC_CFDRIVER	1
#define NBSHIM_AC_CFATTACH	2
#define NBSHIM_AC_IOCONF	3
#define __NBSHIM_AC_ENTRY(kind, sym)	__NBSHIM_AC_ENTRY1(kind, sym)
#define __NBSHIM_AC_ENTRY1(kind, sym) \
	static const struct nbshim_autoconf_entry __nbshim_ac_##sym = { kind, (void *)&sym }; \
	__link_set_add_rodata(nbshim_autoconf, __nbshim_ac_##sym)

struct device {
	devclass_t	dv_class;
	cfdata_t	dv_cfdata;	/* the configuration entry that found it */
	cfdriver_t	dv_cfdriver;
	cfattach_t	dv_cfattach;
	int		dv_unit;
	char		dv_xname[16];	/* driver name + unit, e.g. "edu0" */
	device_t	dv_parent;	/* NULL for the root */
	int		dv_depth;
	int		dv_flags;	/* DVF_* */
	void		*dv_private;	/* the softc, ca_devsize bytes, zeroed */
	int		*dv_locators;	/* copy of the locators it was found at, or NULL */
	int		dv_nlocators;
	prop_dictionary_t dv_properties;

	/* pmf(9) registrations (kern_pmf.c) */
	bool		(*dv_driver_suspend)(device_t, const pmf_qual_t *);
	bool		(*dv_driver_resume)(device_t, const pmf_qual_t *);
	bool		(*dv_driver_shutdown)(device_t, int);
	bool		(*dv_class_suspend)(device_t, const pmf_qual_t *);
	bool		(*dv_class_resume)(device_t, const pmf_qual_t *);
	void		*dv_class_private;
	void		(*dv_activity_handlers[4])(device_t, devactive_t);	/* device_active */

	/* bookkeeping of the shim */
	device_t	dv_next;	/* all devices, in attach order */
	uint64_t	dv_attach_seq;
	int		dv_detaching;
	int		dv_nodetach_all;	/* refused config_detach_all */
};

/* dv_flags */
#define DVF_ACTIVE		0x0001	/* attached and not deactivated */
#define DVF_PRIV_ALLOC		0x0002	/* softc allocated apart from struct device (_NEW) */
#define DVF_POWER_HANDLERS	0x0004	/* pmf handlers registered */
#define DVF_CLASS_SUSPENDED	0x0008
#define DVF_DRIVER_SUSPENDED	0x0010
#define DVF_BUS_SUSPENDED	0x0020
#define DVF_DETACH_SHUTDOWN	0x0080	/* safe to detach at shutdown */

/* A locator of an interface attribute; "?" in a configuration means cld_default. */
struct cflocdesc {
	const char *cld_name;
	const char *cld_defaultstr;	/* NULL: the locator must be given */
	int cld_default;
};

/* An interface attribute a parent driver offers to children ("pci", "mainbus", ...). */
struct cfiattrdata {
	const char *ci_name;
	int ci_loclen;
	const struct cflocdesc ci_locdesc[];
};

/* Where a configuration entry attaches: the attribute, optionally one parent driver and unit. */
struct cfparent {
	const char *cfp_iattr;
	const char *cfp_parent;		/* NULL: any driver offering cfp_iattr */
	int cfp_unit;			/* DVUNIT_ANY or a unit of cfp_parent */
};

/* One configuration line, as config(1) writes it to ioconf.c. */
struct cfdata {
	const char *cf_name;		/* driver */
	const char *cf_atname;		/* attachment */
	short	cf_unit;		/* first unit (STAR) or the fixed unit */
	short	cf_fstate;		/* FSTATE_* */
	int	*cf_loc;		/* locator values, cld_default for "?" */
	int	cf_flags;
	const struct cfparent *cf_pspec;	/* NULL: a root device */
};
#define FSTATE_NOTFOUND		0	/* fixed unit, not attached yet */
#define FSTATE_FOUND		1	/* fixed unit, attached */
#define FSTATE_STAR		2	/* "drv*": any number of units */
#define FSTATE_DSTAR		3	/* disabled */
#define FSTATE_DNOTFOUND	4	/* disabled */

#define DVUNIT_ANY	-1

typedef int (*cfsubmatch_t)(device_t, cfdata_t, const int *, void *);
typedef int (*cfsearch_t)(device_t, cfdata_t, const int *, void *);

/* Print functions: the second argument is NULL when the child attached, else the parent's name. */
typedef int (*cfprint_t)(void *, const char *);
#define QUIET	0
#define UNCONF	1	/* " not configured" */
#define UNSUPP	2	/* " unsupported" */

struct cfattach {
	const char *ca_name;
	size_t	ca_devsize;
	int	ca_flags;
	int	(*ca_match)(device_t, cfdata_t, void *);
	void	(*ca_attach)(device_t, device_t, void *);
	int	(*ca_detach)(device_t, int);
	int	(*ca_activate)(device_t, devact_t);
	int	(*ca_rescan)(device_t, const char *, const int *);
	void	(*ca_childdetached)(device_t, device_t);
};

#define CFATTACH_DECL3_NEW(name, ddsize, matfn, attfn, detfn, actfn, rescanfn, chdetfn, __flags) \
	struct cfattach __CONCAT(name, _ca) = {					\
		.ca_name = ___STRING(name),					\
		.ca_devsize = ddsize,						\
		.ca_flags = (__flags) | DVF_PRIV_ALLOC,				\
		.ca_match = matfn,						\
		.ca_attach = attfn,						\
		.ca_detach = detfn,						\
		.ca_activate = actfn,						\
		.ca_rescan = rescanfn,						\
		.ca_childdetached = chdetfn,					\
	};									\
	__NBSHIM_AC_ENTRY(NBSHIM_AC_CFATTACH, __CONCAT(name, _ca))
#define CFATTACH_DECL2_NEW(name, ddsize, matfn, attfn, detfn, actfn, rescanfn, chdetfn) \
	CFATTACH_DECL3_NEW(name, ddsize, matfn, attfn, detfn, actfn, rescanfn, chdetfn, 0)
#define CFATTACH_DECL_NEW(name, ddsize, matfn, attfn, detfn, actfn) \
	CFATTACH_DECL2_NEW(name, ddsize, matfn, attfn, detfn, actfn, NULL, NULL)

/* config_detach and ca_detach flags */
#define DETACH_FORCE	0x01	/* the hardware is gone */
#define DETACH_QUIET	0x02	/* no "detached" line */
#define DETACH_SHUTDOWN	0x04
#define DETACH_POWEROFF	0x08

struct cfdriver {
	device_t *cd_devs;		/* indexed by unit; NULL where free */
	const char *cd_name;
	enum devclass cd_class;
	int	cd_ndevs;
	const struct cfiattrdata *const *cd_attrs;	/* NULL-terminated, or NULL */
};

#define CFDRIVER_DECL(name, class, attrs)					\
	struct cfdriver __CONCAT(name, _cd) = {					\
		.cd_name = ___STRING(name),					\
		.cd_class = class,						\
		.cd_attrs = attrs,						\
	};									\
	__NBSHIM_AC_ENTRY(NBSHIM_AC_CFDRIVER, __CONCAT(name, _cd))

/* config(1)'s association of a driver with its attachments (ioconf.c). */
struct cfattachinit {
	const char *cfai_name;
	struct cfattach *const *cfai_list;	/* NULL-terminated */
};

/*
 * Arguments of the newer config_found/config_search/config_attach forms:
 * config_found(parent, aux, print, CFARGS(.submatch = f, .iattr = "pci", .locators = locs)).
 */
typedef struct devhandle {
	const void *impl;
	uintptr_t uintptr;
} devhandle_t;
struct cfargs {
	uintptr_t	cfargs_version;
	cfsubmatch_t	submatch;
	cfsearch_t	search;
	const char	*iattr;
	const int	*locators;
	devhandle_t	devhandle;
};
#define CFARGS_VERSION	1
#define CFARGS_NONE	NULL
#define CFARGS(...)	(&(const struct cfargs){ .cfargs_version = CFARGS_VERSION, __VA_ARGS__ })

/* Matching and attaching (2016 forms). */
int	config_match(device_t, cfdata_t, void *);
int	config_stdsubmatch(device_t, cfdata_t, const int *, void *);
cfdata_t config_search_loc(cfsubmatch_t, device_t, const char *, const int *, void *);
cfdata_t config_search_ia(cfsubmatch_t, device_t, const char *, void *);
cfdata_t config_rootsearch(cfsubmatch_t, const char *, void *);
device_t config_found_sm_loc(device_t, const char *, const int *, void *, cfprint_t, cfsubmatch_t);
device_t config_found_ia(device_t, const char *, void *, cfprint_t);
device_t config_rootfound(const char *, void *);
device_t config_attach_loc(device_t, cfdata_t, const int *, void *, cfprint_t);
device_t config_attach_pseudo(cfdata_t);

/*
 * config_found and config_attach exist in two forms: 2016's (parent, aux, print) and
 * (parent, cf, aux, print), and the newer ones with a trailing `const struct cfargs *`.
 * The macros pick by argument count.
 */
device_t nbshim_config_found(device_t, void *, cfprint_t);
device_t nbshim_config_found_cfargs(device_t, void *, cfprint_t, const struct cfargs *);
device_t nbshim_config_attach(device_t, cfdata_t, void *, cfprint_t);
device_t nbshim_config_attach_cfargs(device_t, cfdata_t, void *, cfprint_t, const struct cfargs *);
cfdata_t config_search(device_t, void *, const struct cfargs *);
#define __NBSHIM_PICK4(a, b, c, d, e, ...)	e
#define __NBSHIM_PICK5(a, b, c, d, e, f, ...)	f
#define config_found(...) \
	__NBSHIM_PICK4(__VA_ARGS__, nbshim_config_found_cfargs, nbshim_config_found, \
	    __nbshim_config_found_needs_3_or_4_args, )(__VA_ARGS__)
#define config_attach(...) \
	__NBSHIM_PICK5(__VA_ARGS__, nbshim_config_attach_cfargs, nbshim_config_attach, \
	    __nbshim_config_attach_needs_4_or_5_args, )(__VA_ARGS__)

int	config_detach(device_t, int);
int	config_detach_children(device_t, int);
bool	config_detach_all(int);
int	config_deactivate(device_t);
void	config_defer(device_t, void (*)(device_t));
void	config_interrupts(device_t, void (*)(device_t));
void	config_mountroot(device_t, void (*)(device_t));
void	config_pending_incr(device_t);
void	config_pending_decr(device_t);
int	config_finalize_register(device_t, int (*)(device_t));

int	config_cfdriver_attach(struct cfdriver *);
int	config_cfdriver_detach(struct cfdriver *);
int	config_cfattach_attach(const char *, struct cfattach *);
int	config_cfattach_detach(const char *, struct cfattach *);
int	config_cfdata_attach(cfdata_t, int);
int	config_cfdata_detach(cfdata_t);
int	config_init_component(struct cfdriver *const *, const struct cfattachinit *, struct cfdata *);
int	config_fini_component(struct cfdriver *const *, const struct cfattachinit *, struct cfdata *);
struct cfdriver *config_cfdriver_lookup(const char *);
struct cfattach *config_cfattach_lookup(const char *, const char *);
const struct cfiattrdata *cfiattr_lookup(const char *, const struct cfdriver *);
const char *cfdata_ifattr(const struct cfdata *);
bool	ifattr_match(const char *, const char *);
void	null_childdetached(device_t, device_t);

/* Accessors */
devclass_t	device_class(device_t);
cfdata_t	device_cfdata(device_t);
cfdriver_t	device_cfdriver(device_t);
cfattach_t	device_cfattach(device_t);
int		device_unit(device_t);
const char	*device_xname(device_t);
device_t	device_parent(device_t);
bool		device_is_active(device_t);
bool		device_is_enabled(device_t);
bool		device_has_power(device_t);
int		device_locator(device_t, u_int);
void		*device_private(device_t);
prop_dictionary_t device_properties(device_t);
bool		device_is_a(device_t, const char *);
/* Machine-dependent, before each attach: the platform sets the properties it knows. */
void		device_register(device_t, void *);
device_t	device_lookup(cfdriver_t, int);
void		*device_lookup_private(cfdriver_t, int);
device_t	device_find_by_xname(const char *);
device_t	device_find_by_driver_unit(const char *, int);
bool		device_pmf_is_registered(device_t);
bool		device_pmf_driver_suspend(device_t, const pmf_qual_t *);
bool		device_pmf_driver_resume(device_t, const pmf_qual_t *);

#endif
