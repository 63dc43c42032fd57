/* Receive-side scaling (net/rss_config.h in NetBSD 9's API): the one Toeplitz key every NIC
 * driver programs, so a flow hashes alike on all of them. net/rss_config.c. */
#ifndef _NBSHIM_NET_RSS_CONFIG_H_
#define _NBSHIM_NET_RSS_CONFIG_H_

#include <sys/types.h>

#define RSS_KEYSIZE	40

void	rss_getkey(uint8_t *);

#endif
