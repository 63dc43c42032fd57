/*
 * A module's configuration table: what config(1) writes to ioconf.c, registered without config(1).
 * The build tool generates one per driver module from its config fragment; by hand it reads:
 *
 *	#include <sys/device.h>
 *	#include <sys/nbshim_ioconf.h>
 *
 *	// `edu* at pci? dev ? function ?`: "?" is the locator's default (-1 for pci's dev/function)
 *	static int edu_loc[] = { -1, -1 };
 *	static const struct cfparent edu_pspec = { "pci", "pci", DVUNIT_ANY };
 *	static struct cfdata edu_cfdata[] = {
 *		{ "edu", "edu", 0, FSTATE_STAR, edu_loc, 0, &edu_pspec },
 *		{ NULL }
 *	};
 *	CFDRIVER_DECL(edu, DV_DULL, NULL);	// in ioconf.c, as config(1) does; or in the driver
 *	NBSHIM_IOCONF(edu, edu_cfdata);
 *
 * The driver itself declares `CFATTACH_DECL_NEW(edu, ...)`. cf_fstate FSTATE_STAR numbers units
 * from cf_unit up (lowest free); FSTATE_NOTFOUND is one fixed unit (`edu2 at pci0 dev 4 ...`).
 * cfp_parent NULL accepts any driver offering cfp_iattr; cfp_unit DVUNIT_ANY any parent unit.
 * Attachments are found by cf_atname among the registered CFATTACH_DECL*s (ca_name), drivers by
 * cf_name among the CFDRIVER_DECLs.
 *
 * Loading: CFDRIVER_DECL, CFATTACH_DECL* and NBSHIM_IOCONF each put an entry in the object's
 * `nbshim_autoconf` link set. NBSHIM_IOCONF also adds a constructor that hands that link set's
 * bounds to nbshim_module_register, so a shared object loaded with dlopen registers its drivers and
 * configuration by being loaded; the personality's own image is registered by nbk_init.
 * NBSHIM_IOCONF also stamps the object with the ABI version of these headers (an ELF note, see
 * host/nbshim_abi.h), which the host checks before it loads a module.
 */
#ifndef _NBSHIM_SYS_NBSHIM_IOCONF_H_
#define _NBSHIM_SYS_NBSHIM_IOCONF_H_

#include <sys/device.h>
#include <host/nbshim_abi.h>

struct nbshim_ioconf {
	const char *name;	/* for messages: the module or driver */
	struct cfdata *cfdata;	/* terminated by an entry with cf_name NULL */
};

/*
 * Registers the autoconf entries between start and stop (a `nbshim_autoconf` link set: pointers
 * to struct nbshim_autoconf_entry). Before nbk_init they are queued; afterwards the drivers are
 * added, then the attachments, then the cfdata. 0, EEXIST when that link set is already known,
 * ENOSPC past the module table, or EINVAL for a malformed entry (printed).
 */
int nbshim_module_register(const void *const *start, const void *const *stop);

/* The ABI stamp: an ELF note, kept by the linker in the object's PT_NOTE segment. */
struct nbshim_abi_note {
	uint32_t namesz, descsz, type;
	char name[8];
	uint32_t version;
};

#define NBSHIM_IOCONF(name, cfdata_table)						\
	__attribute__((__section__(".note.nbshim"), __aligned__(4), __used__))		\
	static const struct nbshim_abi_note __nbshim_abi_##name = {			\
		sizeof(NBSHIM_ABI_NOTE_OWNER), 4, NBSHIM_ABI_NOTE_TYPE,			\
		NBSHIM_ABI_NOTE_OWNER, NBSHIM_ABI_VERSION };				\
	static const struct nbshim_ioconf __nbshim_ioconf_##name = { #name, cfdata_table };	\
	__NBSHIM_AC_ENTRY(NBSHIM_AC_IOCONF, __nbshim_ioconf_##name);			\
	__link_set_decl(nbshim_autoconf, const struct nbshim_autoconf_entry);		\
	__attribute__((__constructor__)) static void __nbshim_ioconf_register_##name(void)	\
	{										\
		(void)nbshim_module_register((const void *const *)__link_set_start(nbshim_autoconf), \
		    (const void *const *)__link_set_end(nbshim_autoconf));		\
	}

#endif
