/*
 * The sysctl tree (sys/sysctl.h, sysctl(9) in NetBSD's API); kern_sysctl.c. Nodes are created
 * with sysctl_createv under the top-level nodes (CTL_HW ...), read and written through their
 * handler (sysctl_lookup by default). The host reads and writes nodes by dotted name through
 * host/nbshim_kernel.h.
 */
#ifndef _NBSHIM_SYS_SYSCTL_H_
#define _NBSHIM_SYS_SYSCTL_H_

#include <sys/param.h>
#include <sys/systm.h>

struct lwp;
struct sysctlnode;
struct sysctllog;

#define SYSCTL_NAMELEN	32
#define CREATE_BASE	1024

#define CTLTYPE_NODE	1
#define CTLTYPE_INT	2
#define CTLTYPE_STRING	3
#define CTLTYPE_QUAD	4
#define CTLTYPE_STRUCT	5
#define CTLTYPE_BOOL	6
#define CTLTYPE_LONG	CTLTYPE_QUAD
#define CTLTYPE_MASK	0x0000000f
#define SYSCTL_TYPE(x)	((x) & CTLTYPE_MASK)

#define CTLFLAG_READONLY	0x00000000
#define CTLFLAG_READWRITE	0x00000070
#define CTLFLAG_ANYWRITE	0x00000080
#define CTLFLAG_PRIVATE		0x00000100
#define CTLFLAG_PERMANENT	0x00000200
#define CTLFLAG_OWNDATA		0x00000400
#define CTLFLAG_IMMEDIATE	0x00000800
#define CTLFLAG_HEX		0x00001000
#define CTLFLAG_ROOT		0x00002000
#define CTLFLAG_ANYNUMBER	0x00004000
#define CTLFLAG_HIDDEN		0x00008000
#define CTLFLAG_ALIAS		0x00010000
#define CTLFLAG_MMAP		0x00020000
#define CTLFLAG_OWNDESC		0x00040000
#define CTLFLAG_UNSIGNED	0x00080000
#define CTLFLAG_MASK		0x000fff00
#define SYSCTL_FLAGS(x)		((x) & CTLFLAG_MASK)

#define SYSCTL_VERS_MASK	0xff000000
#define SYSCTL_VERS_0		0x00000000
#define SYSCTL_VERS_1		0x01000000
#define SYSCTL_VERSION		SYSCTL_VERS_1
#define SYSCTL_VERS(f)		((f) & SYSCTL_VERS_MASK)

#define CTL_EOL		(-1)
#define CTL_QUERY	(-2)
#define CTL_CREATE	(-3)
#define CTL_CREATESYM	(-4)
#define CTL_DESTROY	(-5)
#define CTL_MMAP	(-6)
#define CTL_DESCRIBE	(-7)

#define CTL_UNSPEC	0
#define CTL_KERN	1
#define CTL_VM		2
#define CTL_VFS		3
#define CTL_NET		4
#define CTL_DEBUG	5
#define CTL_HW		6
#define CTL_MACHDEP	7
#define CTL_USER	8
#define CTL_DDB		9
#define CTL_PROC	10
#define CTL_VENDOR	11
#define CTL_EMUL	12
#define CTL_SECURITY	13
#define CTL_MAXID	14

#define HW_MACHINE	1
#define HW_MODEL	2
#define HW_NCPU		3
#define HW_BYTEORDER	4
#define HW_PHYSMEM	5
#define HW_USERMEM	6
#define HW_PAGESIZE	7
#define HW_MACHINE_ARCH	10
#define HW_ALIGNBYTES	11

#define SYSCTLFN_PROTO const int *, u_int, void *, size_t *, const void *, size_t, \
	const int *, struct lwp *, const struct sysctlnode *
#define SYSCTLFN_ARGS const int *name, u_int namelen, void *oldp, size_t *oldlenp, \
	const void *newp, size_t newlen, const int *oname, struct lwp *l, \
	const struct sysctlnode *rnode
#define SYSCTLFN_CALL(node) name, namelen, oldp, oldlenp, newp, newlen, oname, l, node

typedef int (*sysctlfn)(SYSCTLFN_PROTO);

struct sysctlnode {
	uint32_t sysctl_flags;			/* type and flags */
	int32_t sysctl_num;
	char sysctl_name[SYSCTL_NAMELEN];
	uint32_t sysctl_ver;
	uint32_t __rsvd;
	union {
		struct {
			uint32_t suc_csize;
			uint32_t suc_clen;	/* number of children */
			struct sysctlnode *suc_child;	/* first child */
		} scu_child;
		struct {
			void *sud_data;
			size_t sud_offset;
		} scu_data;
		int32_t scu_alias;
		int32_t scu_idata;
		u_quad_t scu_qdata;
		bool scu_bdata;
	} sysctl_un;
	size_t sysctl_size;
	sysctlfn sysctl_func;
	struct sysctlnode *sysctl_parent;
	const char *sysctl_desc;
	struct sysctlnode *sysctl_nbshim_next;	/* nbshim: next sibling */
};

#define sysctl_csize	sysctl_un.scu_child.suc_csize
#define sysctl_clen	sysctl_un.scu_child.suc_clen
#define sysctl_child	sysctl_un.scu_child.suc_child
#define sysctl_data	sysctl_un.scu_data.sud_data
#define sysctl_offset	sysctl_un.scu_data.sud_offset
#define sysctl_alias	sysctl_un.scu_alias
#define sysctl_idata	sysctl_un.scu_idata
#define sysctl_qdata	sysctl_un.scu_qdata
#define sysctl_bdata	sysctl_un.scu_bdata

#define SYSCTL_DESCR(s)	s

/* SYSCTL_SETUP functions run at start-up from a link set, with no log. */
#define SYSCTL_SETUP_PROTO(name)	void name(struct sysctllog **)
#define SYSCTL_SETUP(name, desc) \
	static void name(struct sysctllog **); \
	__link_set_add_text(sysctl_funcs, name); \
	static void name(struct sysctllog **clog)

int	sysctl_createv(struct sysctllog **, int, const struct sysctlnode **, const struct sysctlnode **,
	    int, int, const char *, const char *, sysctlfn, u_quad_t, void *, size_t, ...);
int	sysctl_destroyv(struct sysctlnode *, ...);
void	sysctl_teardown(struct sysctllog **);
int	sysctl_lookup(SYSCTLFN_PROTO);
int	sysctl_query(SYSCTLFN_PROTO);
int	sysctl_notavail(SYSCTLFN_PROTO);
int	sysctl_null(SYSCTLFN_PROTO);
void	sysctl_init(void);

#endif
