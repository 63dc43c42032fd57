/* Event counters (sys/evcnt.h, evcnt(9) in NetBSD's API); subr_evcnt.c keeps the list of all of
 * them, which the host can print (nbk_evcnt_list in host/nbshim_kernel.h). */
#ifndef _NBSHIM_SYS_EVCNT_H_
#define _NBSHIM_SYS_EVCNT_H_

#include <sys/types.h>
#include <sys/queue.h>

struct evcnt {
	uint64_t	ev_count;
	struct {			/* laid out as TAILQ_ENTRY(evcnt) */
		struct evcnt *tqe_next;
		struct evcnt **tqe_prev;
	} ev_list;
	unsigned char	ev_type;
	unsigned char	ev_grouplen;
	unsigned char	ev_namelen;
	char		ev_pad1;
	const struct evcnt *ev_parent;
	const char	*ev_group;
	const char	*ev_name;
};

#define EVCNT_STRING_MAX	255

#define EVCNT_TYPE_ANY		-1
#define EVCNT_TYPE_MISC		0
#define EVCNT_TYPE_INTR		1
#define EVCNT_TYPE_TRAP		2

#define EVCNT_INITIALIZER(type, parent, group, name) \
	{ .ev_type = type, .ev_parent = parent, .ev_group = group, .ev_name = name }

/* Static counters are attached at start-up from a link set. */
#define EVCNT_ATTACH_STATIC(ev)		__link_set_add_data(evcnts, ev)

void	evcnt_init(void);
void	evcnt_attach_static(struct evcnt *);
void	evcnt_attach_dynamic_nozero(struct evcnt *, int, const struct evcnt *, const char *, const char *);
void	evcnt_attach_dynamic(struct evcnt *, int, const struct evcnt *, const char *, const char *);
void	evcnt_detach(struct evcnt *);

#endif
