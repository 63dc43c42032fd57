/* Kernel services every driver reaches for (sys/systm.h in NetBSD's API). */
#ifndef _NBSHIM_SYS_SYSTM_H_
#define _NBSHIM_SYS_SYSTM_H_

#include <machine/endian.h>
#include <sys/types.h>

struct device;
typedef struct device *device_t;	/* sys/device.h has the structure */
struct ifnet;
struct uio;

extern int ncpu;		/* CPUs the personality presents (kern_cpu.c) */
extern int boothowto;
extern int cold;
extern const char ostype[];
extern const char osrelease[];
extern const char version[];
extern int physmem;

/*
 * Console output (subr_prf.c). Kernel printf/log go to the host console (nbh_console_write), not
 * to stdio; the names that collide with the host C library are renamed here.
 */
/* printf and vprintf keep their names for drivers (some #undef a printf macro or take its
 * address) while the symbols are the personality's, never the host C library's. */
int	printf(const char *, ...) __asm__("nbshim_printf") __printflike(1, 2);
int	vprintf(const char *, va_list) __asm__("nbshim_vprintf") __printflike(1, 0);
#define log(...)	nbshim_log(__VA_ARGS__)
#define vlog(l, f, ap)	nbshim_vlog(l, f, ap)
int	nbshim_printf(const char *, ...) __printflike(1, 2);
int	nbshim_vprintf(const char *, va_list) __printflike(1, 0);
void	nbshim_log(int, const char *, ...) __printflike(2, 3);
void	nbshim_vlog(int, const char *, va_list) __printflike(2, 0);
void	printf_nolog(const char *, ...) __printflike(1, 2);
void	printf_tolog(const char *, ...) __printflike(1, 2);
void	uprintf(const char *, ...) __printflike(1, 2);
void	uprintf_locked(const char *, ...) __printflike(1, 2);
int	snprintf(char *, size_t, const char *, ...) __printflike(3, 4);
int	vsnprintf(char *, size_t, const char *, va_list) __printflike(3, 0);
void	tablefull(const char *, const char *);

/* Autoconfiguration messages: AB_QUIET/AB_VERBOSE/AB_DEBUG in boothowto choose what is shown. */
void	aprint_normal(const char *, ...) __printflike(1, 2);
void	aprint_error(const char *, ...) __printflike(1, 2);
void	aprint_naive(const char *, ...) __printflike(1, 2);
void	aprint_verbose(const char *, ...) __printflike(1, 2);
void	aprint_debug(const char *, ...) __printflike(1, 2);
void	aprint_normal_dev(device_t, const char *, ...) __printflike(2, 3);
void	aprint_error_dev(device_t, const char *, ...) __printflike(2, 3);
void	aprint_naive_dev(device_t, const char *, ...) __printflike(2, 3);
void	aprint_verbose_dev(device_t, const char *, ...) __printflike(2, 3);
void	aprint_debug_dev(device_t, const char *, ...) __printflike(2, 3);
void	aprint_normal_ifnet(struct ifnet *, const char *, ...) __printflike(2, 3);
void	aprint_error_ifnet(struct ifnet *, const char *, ...) __printflike(2, 3);
void	aprint_naive_ifnet(struct ifnet *, const char *, ...) __printflike(2, 3);
void	aprint_verbose_ifnet(struct ifnet *, const char *, ...) __printflike(2, 3);
void	aprint_debug_ifnet(struct ifnet *, const char *, ...) __printflike(2, 3);
int	aprint_get_error_count(void);

void	panic(const char *, ...) __dead __printflike(1, 2);
void	assert_sleepable(void);
#define	ASSERT_SLEEPABLE()	assert_sleepable()
void	vpanic(const char *, va_list) __dead __printflike(1, 0);

/* boothowto bits that select autoconfiguration verbosity (sys/reboot.h values). */
#define AB_NORMAL	0x00000000
#define AB_QUIET	0x00010000
#define AB_VERBOSE	0x00020000
#define AB_SILENT	0x00040000
#define AB_DEBUG	0x00080000
#define bootverbose	(boothowto & AB_VERBOSE)
#define bootquiet	(boothowto & AB_QUIET)

/* Power transitions of the old powerhook(9) interface (drivers' switch cases; pmf(9) replaced it). */
#define PWR_RESUME	0
#define PWR_SUSPEND	1
#define PWR_STANDBY	2
#define PWR_SOFTRESUME	3
#define PWR_SOFTSUSPEND	4
#define PWR_SOFTSTANDBY	5

/* Printing with the device's name in front (device_printf, NetBSD 7 and later). */
struct device;
void	device_printf(struct device *, const char *, ...) __printflike(2, 3);

/* Hooks run once when the process ends, before drivers detach (kern_subr.c), as at halt. */
void	*shutdownhook_establish(void (*)(void *), void *);
void	shutdownhook_disestablish(void *);
void	doshutdownhooks(void);

/* The power states powerhook(9) passed; drivers still keep them (uhci's sc_suspend). */
#define	PWR_RESUME	0
#define	PWR_SUSPEND	1
#define	PWR_STANDBY	2
#define	PWR_SOFTRESUME	3
#define	PWR_SOFTSUSPEND	4
#define	PWR_SOFTSTANDBY	5
#define	PWR_NAMES	"resume", "suspend", "standby", "softresume", "softsuspend", "softstandby"

/* Hash tables of list heads (kern/subr_hash.c). */
enum hashtype { HASH_LIST, HASH_SLIST, HASH_TAILQ, HASH_PSLIST };
void	*hashinit(u_int, enum hashtype, bool, u_long *);
void	hashdone(void *, enum hashtype, u_long);

/* Sizes for people (kern/subr_humanize.c): "512", "12 MB"; -1 when len leaves no room. */
int	humanize_number(char *, size_t, uint64_t, const char *, int);
int	format_bytes(char *, size_t, uint64_t);

extern const char hexdigits[];	/* "0123456789abcdef" (subr_prf.c) */

/* Trivial device-switch entries. */
int	nullop(void *);
void	voidop(void);
int	enodev(void);
int	enosys(void);
int	enoioctl(void);
int	enxio(void);
int	eopnotsupp(void);
/* The poll routine of a device that is always ready (kern/sys_select.c). */
int	seltrue(dev_t, int, struct lwp *);
struct knote;
/* Its kqueue filter (sys/conf.h's nokqfilter): an always-true knote. */
int	seltrue_kqfilter(dev_t, struct knote *);

#define bcopy(src, dst, len)	memcpy((dst), (src), (len))
#define bzero(p, len)		memset((p), 0, (len))
#define bcmp(a, b, len)		memcmp((a), (b), (len))

/* User and kernel share this process's address space, so these are bounded copies. */
typedef int (*copyin_t)(const void *, void *, size_t);
typedef int (*copyout_t)(const void *, void *, size_t);
int	copyin(const void *, void *, size_t);
int	copyout(const void *, void *, size_t);
int	copystr(const void *, void *, size_t, size_t *);
int	copyinstr(const void *, void *, size_t, size_t *);
int	copyoutstr(const void *, void *, size_t, size_t *);
int	kcopy(const void *, void *, size_t);

/* The big kernel lock: drivers here are run MP-safe or under spl; see sys/intr.h. */
#define KERNEL_LOCK(count, lwp)		do { (void)(count); (void)(lwp); } while (0)
#define KERNEL_UNLOCK_ONE(lwp)		do { (void)(lwp); } while (0)
#define KERNEL_UNLOCK_ALL(lwp, p)	do { (void)(lwp); (void)(p); } while (0)
#define KERNEL_UNLOCK_LAST(lwp)		do { (void)(lwp); } while (0)
#define KERNEL_LOCKED_P()		(true)

#include <lib/libkern/libkern.h>

#endif
