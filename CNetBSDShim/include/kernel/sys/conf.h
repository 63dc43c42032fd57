/*
 * Device switches (sys/conf.h in NetBSD's API); kern/subr_devsw.c. devsw_attach registers a
 * driver's block and character entry points under majors (chosen when the caller passes -1),
 * the lookups find them again. Nothing opens device nodes from outside yet: the table is what
 * drivers and subsystems (audio, scsipi, ld) consult about each other.
 */
#ifndef _NBSHIM_SYS_CONF_H_
#define _NBSHIM_SYS_CONF_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/device_if.h>
#include <sys/mutex.h>

struct buf;
struct knote;
struct lwp;
struct tty;
struct uio;
struct vnode;

#define D_OTHER		0x0000
#define D_TAPE		0x0001
#define D_DISK		0x0002
#define D_TTY		0x0003
#define D_TYPEMASK	0x00ff
#define D_MPSAFE	0x0100
#define D_NEGOFFSAFE	0x0200

struct bdevsw {
	int	(*d_open)(dev_t, int, int, struct lwp *);
	int	(*d_close)(dev_t, int, int, struct lwp *);
	void	(*d_strategy)(struct buf *);
	int	(*d_ioctl)(dev_t, u_long, void *, int, struct lwp *);
	int	(*d_dump)(dev_t, daddr_t, void *, size_t);
	int	(*d_psize)(dev_t);
	int	(*d_discard)(dev_t, off_t, off_t);
	int	d_flag;
};

struct cdevsw {
	int	(*d_open)(dev_t, int, int, struct lwp *);
	int	(*d_close)(dev_t, int, int, struct lwp *);
	int	(*d_read)(dev_t, struct uio *, int);
	int	(*d_write)(dev_t, struct uio *, int);
	int	(*d_ioctl)(dev_t, u_long, void *, int, struct lwp *);
	void	(*d_stop)(struct tty *, int);
	struct tty *(*d_tty)(dev_t);
	int	(*d_poll)(dev_t, int, struct lwp *);
	paddr_t	(*d_mmap)(dev_t, off_t, int);
	int	(*d_kqfilter)(dev_t, struct knote *);
	int	(*d_discard)(dev_t, off_t, off_t);
	int	d_flag;
};

extern kmutex_t device_lock;

/* 0, EEXIST when a major is taken by another driver or the switch is registered, ENOMEM. */
int	devsw_attach(const char *, const struct bdevsw *, devmajor_t *, const struct cdevsw *, devmajor_t *);
int	devsw_detach(const struct bdevsw *, const struct cdevsw *);
const struct bdevsw *bdevsw_lookup(dev_t);
const struct cdevsw *cdevsw_lookup(dev_t);
/* The major a switch is registered under, or NODEVMAJOR. */
devmajor_t bdevsw_lookup_major(const struct bdevsw *);
devmajor_t cdevsw_lookup_major(const struct cdevsw *);
const char *cdevsw_getname(devmajor_t);
const char *bdevsw_getname(devmajor_t);
devmajor_t devsw_name2blk(const char *, char *, size_t);
devmajor_t devsw_name2chr(const char *, char *, size_t);
dev_t	devsw_chr2blk(dev_t);
dev_t	devsw_blk2chr(dev_t);

#define NODEVMAJOR	(-1)

#define dev_type_open(n)	int n (dev_t, int, int, struct lwp *)
#define dev_type_close(n)	int n (dev_t, int, int, struct lwp *)
#define dev_type_read(n)	int n (dev_t, struct uio *, int)
#define dev_type_write(n)	int n (dev_t, struct uio *, int)
#define dev_type_ioctl(n)	int n (dev_t, u_long, void *, int, struct lwp *)
#define dev_type_stop(n)	void n (struct tty *, int)
#define dev_type_tty(n)		struct tty * n (dev_t)
#define dev_type_poll(n)	int n (dev_t, int, struct lwp *)
#define dev_type_mmap(n)	paddr_t n (dev_t, off_t, int)
#define dev_type_strategy(n)	void n (struct buf *)
#define dev_type_dump(n)	int n (dev_t, daddr_t, void *, size_t)
#define dev_type_size(n)	int n (dev_t)
#define dev_type_kqfilter(n)	int n (dev_t, struct knote *)
#define dev_type_discard(n)	int n (dev_t, off_t, off_t)

#define noopen		((dev_type_open((*)))enodev)
#define noclose		((dev_type_close((*)))enodev)
#define noread		((dev_type_read((*)))enodev)
#define nowrite		((dev_type_write((*)))enodev)
#define noioctl		((dev_type_ioctl((*)))enodev)
#define nostop		((dev_type_stop((*)))enodev)
#define notty		NULL
#define nopoll		seltrue
#define nommap		((dev_type_mmap((*)))enodev)
#define nodump		((dev_type_dump((*)))enodev)
#define nosize		NULL
#define nokqfilter	seltrue_kqfilter
#define nodiscard	((dev_type_discard((*)))enodev)

#define nullopen	((dev_type_open((*)))nullop)
#define nullclose	((dev_type_close((*)))nullop)
#define nullread	((dev_type_read((*)))nullop)
#define nullwrite	((dev_type_write((*)))nullop)
#define nullioctl	((dev_type_ioctl((*)))nullop)
#define nullstop	((dev_type_stop((*)))nullop)
#define nullpoll	((dev_type_poll((*)))nullop)
#define nullmmap	((dev_type_mmap((*)))nullop)
#define nulldump	((dev_type_dump((*)))nullop)
#define nullkqfilter	((dev_type_kqfilter((*)))eopnotsupp)
#define nulldiscard	((dev_type_discard((*)))nullop)

/* Line disciplines: the table exists in NetBSD's tty layer, which nbshim does not have. */
struct linesw {
	const char *l_name;
	LIST_ENTRY(linesw) l_list;
	u_int	l_refcnt;
	int	l_no;
	int	(*l_open)(dev_t, struct tty *);
	int	(*l_close)(struct tty *, int);
	int	(*l_read)(struct tty *, struct uio *, int);
	int	(*l_write)(struct tty *, struct uio *, int);
	int	(*l_ioctl)(struct tty *, u_long, void *, int, struct lwp *);
	int	(*l_rint)(int, struct tty *);
	int	(*l_start)(struct tty *);
	int	(*l_modem)(struct tty *, int);
	int	(*l_poll)(struct tty *, int, struct lwp *);
};

#define ttynodisc	((int (*)(dev_t, struct tty *))enodev)
#define ttyerrclose	((int (*)(struct tty *, int))enodev)
#define ttyerrio	((int (*)(struct tty *, struct uio *, int))enodev)
#define ttyerrinput	((int (*)(int, struct tty *))enodev)
#define ttyerrstart	((int (*)(struct tty *))enodev)

#endif
