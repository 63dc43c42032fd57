/*
 * The driver-module ABI: which version of the kernel personality's interface (the structures and
 * functions of include/kernel) a module was compiled against. Every module carries it in an ELF
 * note (NBSHIM_IOCONF in sys/nbshim_ioconf.h writes one), and the host reads the note before it
 * loads a module, refusing one built for another version or carrying none: such a module would
 * load and then misread kmutex_t, ifnet or the autoconf tables.
 *
 * Raise NBSHIM_ABI_VERSION with any change a module built before it would get wrong: a structure
 * drivers see changes layout, a function or macro they use changes meaning, one is removed.
 */
#ifndef NBSHIM_ABI_H
#define NBSHIM_ABI_H

#define NBSHIM_ABI_VERSION	1

/* The note: owner "NBSHIM" (namesz 7), type NBSHIM_ABI_NOTE_TYPE, a 4-byte version. */
#define NBSHIM_ABI_NOTE_OWNER	"NBSHIM"
#define NBSHIM_ABI_NOTE_TYPE	1

#endif
