/* Timecounters drivers register (sys/timetc.h in NetBSD's API). The host clock keeps time here
 * (kern_tc.c): registered counters are listed, never chosen. */
#ifndef _NBSHIM_SYS_TIMETC_H_
#define _NBSHIM_SYS_TIMETC_H_

#include <sys/types.h>

struct timecounter;
typedef u_int timecounter_get_t(struct timecounter *);
typedef void timecounter_pps_t(struct timecounter *);

struct timecounter {
	timecounter_get_t	*tc_get_timecount;
	timecounter_pps_t	*tc_poll_pps;
	u_int			tc_counter_mask;
	uint64_t		tc_frequency;
	const char		*tc_name;
	int			tc_quality;
	void			*tc_priv;
	struct timecounter	*tc_next;
};

void	tc_init(struct timecounter *);
/* 0, or ESRCH when the counter was not registered. */
int	tc_detach(struct timecounter *);

#endif
