/* The few autoconf types other headers need without all of sys/device.h (sys/device_if.h). */
#ifndef _NBSHIM_SYS_DEVICE_IF_H_
#define _NBSHIM_SYS_DEVICE_IF_H_

#include <sys/types.h>

struct device;
typedef struct device *device_t;

typedef enum devact_level {
	DEVACT_LEVEL_CLASS = 0,
	DEVACT_LEVEL_DRIVER = 1,
	DEVACT_LEVEL_BUS = 2,
} devact_level_t;
#define DEVACT_LEVEL_FULL	DEVACT_LEVEL_CLASS

typedef uint64_t devgen_t;

/* Who asked for a suspension (pmf(9)); compared by address. */
typedef struct device_suspensor {
	const struct device_suspensor *ds_delegator;
	char ds_name[32];
} device_suspensor_t;

#endif
