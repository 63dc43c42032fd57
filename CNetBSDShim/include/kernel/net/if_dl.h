/* Link-level socket addresses (net/if_dl.h in NetBSD's API): interface name then address bytes. */
#ifndef _NBSHIM_NET_IF_DL_H_
#define _NBSHIM_NET_IF_DL_H_

#include <sys/types.h>
#include <sys/socket.h>

struct dl_addr {
	uint8_t	dl_type;	/* IFT_* */
	uint8_t	dl_nlen;	/* name length */
	uint8_t	dl_alen;	/* address length */
	uint8_t	dl_slen;	/* selector length */
	char	dl_data[24];	/* name, then address, then selector */
};

struct sockaddr_dl {
	uint8_t		sdl_len;
	sa_family_t	sdl_family;	/* AF_LINK */
	uint16_t	sdl_index;
	struct dl_addr	sdl_addr;
#define sdl_type	sdl_addr.dl_type
#define sdl_nlen	sdl_addr.dl_nlen
#define sdl_alen	sdl_addr.dl_alen
#define sdl_slen	sdl_addr.dl_slen
#define sdl_data	sdl_addr.dl_data
};

#define satosdl(sa)	((struct sockaddr_dl *)(sa))
#define satocsdl(sa)	((const struct sockaddr_dl *)(sa))
#define LLADDR(s)	((char *)((s)->sdl_data + (s)->sdl_nlen))
#define CLLADDR(s)	((const char *)((s)->sdl_data + (s)->sdl_nlen))

uint8_t			sockaddr_dl_measure(uint8_t, uint8_t);
struct sockaddr		*sockaddr_dl_alloc(uint16_t, uint8_t, const void *, uint8_t, const void *,
			    uint8_t, int);
struct sockaddr_dl	*sockaddr_dl_init(struct sockaddr_dl *, socklen_t, uint16_t, uint8_t,
			    const void *, uint8_t, const void *, uint8_t);
struct sockaddr_dl	*sockaddr_dl_setaddr(struct sockaddr_dl *, socklen_t, const void *, uint8_t);

#endif
