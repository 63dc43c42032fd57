/* Socket addresses (sys/socket.h in NetBSD's API): the part interface code reads. */
#ifndef _NBSHIM_SYS_SOCKET_H_
#define _NBSHIM_SYS_SOCKET_H_

#include <sys/types.h>

typedef uint8_t		sa_family_t;
typedef uint32_t	socklen_t;

#define AF_UNSPEC	0
#define AF_LOCAL	1
#define AF_UNIX		AF_LOCAL
#define AF_INET		2
#define AF_NS		6
#define AF_ISO		7
#define AF_APPLETALK	16
#define AF_LINK		18
#define AF_INET6	24
#define AF_ARP		28
#define AF_IEEE80211	32
#define AF_MPLS		33
#define AF_MAX		37

#define PF_UNSPEC	AF_UNSPEC
#define PF_INET		AF_INET
#define PF_LINK		AF_LINK
#define PF_INET6	AF_INET6

/* BSD sockaddrs start with their own length. */
struct sockaddr {
	uint8_t		sa_len;
	sa_family_t	sa_family;
	char		sa_data[14];
};

#define _SS_MAXSIZE	128
struct sockaddr_storage {
	uint8_t		ss_len;
	sa_family_t	ss_family;
	char		__ss_pad1[6];
	int64_t		__ss_align;
	char		__ss_pad2[_SS_MAXSIZE - 16];
};

#define SOCK_STREAM	1
#define SOCK_DGRAM	2
#define SOCK_RAW	3

struct sockaddr	*sockaddr_alloc(sa_family_t, socklen_t, int);
void		sockaddr_free(struct sockaddr *);
int		sockaddr_cmp(const struct sockaddr *, const struct sockaddr *);
struct sockaddr	*sockaddr_copy(struct sockaddr *, socklen_t, const struct sockaddr *);
struct sockaddr	*sockaddr_dup(const struct sockaddr *, int);

#endif
