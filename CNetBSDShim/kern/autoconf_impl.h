/* Private to subr_autoconf*.c, kern_pmf.c and mainbus.c: the configuration lock and the hooks. */
#ifndef _NBSHIM_AUTOCONF_IMPL_H_
#define _NBSHIM_AUTOCONF_IMPL_H_

#include <sys/device.h>

/* The recursive configuration lock; leaving the outermost level runs the queued hooks. */
void	autoconf_enter(void);
void	autoconf_exit(void);
bool	autoconf_configuring(void);	/* this thread holds the lock */
int	autoconf_release(void);		/* gives the lock up entirely; returns the depth */
void	autoconf_reacquire(int depth);

/* All devices in attach order (lock held). */
device_t autoconf_alldevs(void);

/* subr_autoconf_hooks.c */
void	autoconf_run_deferred(device_t parent);	/* config_defer hooks of parent's children */
void	autoconf_run_hooks(void);		/* everything queued, until nothing is */
void	autoconf_forget_hooks(device_t);	/* the device is going away */

#endif
