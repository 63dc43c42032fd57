/*
 * module_hook(9) (sys/module_hook.h in NetBSD 9's API): the core calls into an optional module
 * (compat code) through a hook the module sets. The kernel core that defines the hooks
 * (compat_stub.c) is not here, so each hook is a weak reference: one nobody defines is never
 * set, and MODULE_HOOK_CALL runs the default, as NetBSD does with the module not loaded.
 */
#ifndef _NBSHIM_SYS_MODULE_HOOK_H_
#define _NBSHIM_SYS_MODULE_HOOK_H_

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/atomic.h>

/* Ends in its own semicolon, as NetBSD's (compat_stub.h has uses without one). */
#define MODULE_HOOK(hook, type, args) \
	extern struct hook##_t { volatile bool hooked; type (*f)args; } hook __weak;

#define _NBSHIM_HOOK_SET(hook)	(&(hook) != NULL && (hook).hooked)

#define MODULE_HOOK_SET(hook, waitchan, func) do {				\
	if (&(hook) == NULL)							\
		panic("MODULE_HOOK_SET(%s): the hook is defined nowhere", #hook); \
	(hook).f = (func);							\
	membar_producer();							\
	(hook).hooked = true;							\
} while (0)

/* Unsetting must wait for the callers inside the hook (localcount(9) in NetBSD). */
#define MODULE_HOOK_UNSET(hook) \
	panic("MODULE_HOOK_UNSET(%s): not implemented in nbshim", #hook)

#define MODULE_HOOK_CALL(hook, args, default, retval) do {			\
	if (_NBSHIM_HOOK_SET(hook))						\
		(retval) = (hook).f args;					\
	else									\
		(retval) = (default);						\
} while (0)

#define MODULE_HOOK_CALL_VOID(hook, args, default) do {			\
	if (_NBSHIM_HOOK_SET(hook))						\
		(hook).f args;							\
	else									\
		default;							\
} while (0)

#endif
