/* pmf(9): power management registration of devices (sys/pmf.h). Implemented in kern_pmf.c. */
#ifndef _NBSHIM_SYS_PMF_H_
#define _NBSHIM_SYS_PMF_H_

#include <sys/device_if.h>

typedef enum {
	PMFE_DISPLAY_ON,
	PMFE_DISPLAY_REDUCED,
	PMFE_DISPLAY_STANDBY,
	PMFE_DISPLAY_SUSPEND,
	PMFE_DISPLAY_OFF,
	PMFE_DISPLAY_BRIGHTNESS_UP,
	PMFE_DISPLAY_BRIGHTNESS_DOWN,
	PMFE_AUDIO_VOLUME_UP,
	PMFE_AUDIO_VOLUME_DOWN,
	PMFE_AUDIO_VOLUME_TOGGLE,
	PMFE_CHASSIS_LID_CLOSE,
	PMFE_CHASSIS_LID_OPEN,
	PMFE_RADIO_ON,
	PMFE_RADIO_OFF,
	PMFE_RADIO_TOGGLE,
	PMFE_POWER_CHANGED,
	PMFE_SPEED_CHANGED
} pmf_generic_event_t;

typedef struct pmf_qual {
	const device_suspensor_t *pq_suspensor;
	devact_level_t pq_actlvl;
} pmf_qual_t;

extern const pmf_qual_t *const PMF_Q_NONE;
extern const pmf_qual_t *const PMF_Q_SELF;
extern const pmf_qual_t *const PMF_Q_DRVCTL;
extern const device_suspensor_t *const device_suspensor_self;
extern const device_suspensor_t *const device_suspensor_system;
extern const device_suspensor_t *const device_suspensor_drvctl;

struct ifnet;

bool	pmf_device_register1(device_t, bool (*)(device_t, const pmf_qual_t *),
	    bool (*)(device_t, const pmf_qual_t *), bool (*)(device_t, int));
#define pmf_device_register(d, s, r)	pmf_device_register1((d), (s), (r), NULL)
void	pmf_device_deregister(device_t);
bool	pmf_device_suspend(device_t, const pmf_qual_t *);
bool	pmf_device_resume(device_t, const pmf_qual_t *);
bool	pmf_device_recursive_suspend(device_t, const pmf_qual_t *);
bool	pmf_device_recursive_resume(device_t, const pmf_qual_t *);
bool	pmf_device_subtree_resume(device_t, const pmf_qual_t *);
bool	device_activation(device_t, devact_level_t);
void	pmf_self_suspensor_init(device_t, device_suspensor_t *, pmf_qual_t *);
/* Generic events (display, volume, lid ...): handlers run on the pmf event thread, for `dev`'s
 * own events or, with `global`, for everyone's. */
bool	pmf_event_register(device_t, pmf_generic_event_t, void (*)(device_t), bool);
void	pmf_event_deregister(device_t, pmf_generic_event_t, void (*)(device_t), bool);
bool	pmf_event_inject(device_t, pmf_generic_event_t);
void	pmf_class_network_register(device_t, struct ifnet *);

static inline const device_suspensor_t *
pmf_qual_suspension(const pmf_qual_t *pq)
{
	return pq->pq_suspensor;
}

static inline devact_level_t
pmf_qual_depth(const pmf_qual_t *pq)
{
	return pq->pq_actlvl;
}

static inline bool
pmf_qual_descend_ok(const pmf_qual_t *pq)
{
	return pq->pq_actlvl == DEVACT_LEVEL_FULL;
}

#endif
