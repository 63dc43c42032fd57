/*
 * printf(9), log(9), aprint(9), panic(9) and kern_assert: formatted here, written by the host
 * console hypercall, and kept in the message buffer (msgbufp) as NetBSD's are. There is no syslogd
 * in this process, so log(9) and printf_tolog(9) also go to the console.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/syslog.h>
#include <sys/atomic.h>
#include <sys/msgbuf.h>
#include <net/if.h>
#include "host/nbshim_hypercall.h"
#include "kern/init_private.h"

int boothowto = AB_NORMAL;
static volatile unsigned int aprint_errors;

const char *device_xname(device_t);	/* subr_device.c */

const char hexdigits[] = "0123456789abcdef";

#define MSGBUF_SIZE 16384
static union {
	struct kern_msgbuf mb;
	char bytes[__builtin_offsetof(struct kern_msgbuf, msg_bufc) + MSGBUF_SIZE];
} msgbuf = { .mb = { .msg_magic = MSG_MAGIC, .msg_bufs = MSGBUF_SIZE } };
struct kern_msgbuf *msgbufp = &msgbuf.mb;
int msgbufmapped = 1, msgbufenabled = 1;
/* A host lock, not a mutex(9): mutex(9) panics through printf. Interrupt handlers are host
 * threads here, so a printf from one waits for the holder instead of deadlocking on it. */
static struct nbh_mutex *msgbuf_lock;

static int
msgbuf_start(void)
{
	return nbh_mutex_init(&msgbuf_lock, true);
}
NBSHIM_INIT(msgbuf_start, 10);

/* Appends to the ring, dropping the oldest bytes when full, as NetBSD's logputchar does. */
static void
msgbuf_put(const char *s, size_t n)
{
	struct kern_msgbuf *mb = msgbufp;
	struct nbh_mutex *lock = msgbuf_lock;	/* NULL before start-up: one thread */

	if (lock != NULL)
		nbh_mutex_enter(lock);
	for (; n > 0; n--, s++) {
		mb->msg_bufc[mb->msg_bufx++] = *s;
		if (mb->msg_bufx >= mb->msg_bufs)
			mb->msg_bufx = 0;
		if (mb->msg_bufx == mb->msg_bufr && ++mb->msg_bufr >= mb->msg_bufs)
			mb->msg_bufr = 0;
	}
	if (lock != NULL)
		nbh_mutex_exit(lock);
}

/* Formats into one buffer and writes it with one console call, so lines from threads don't mix. */
static int
vcons(const char *prefix, const char *fmt, va_list ap)
{
	char buf[512];
	va_list copy;
	size_t plen = prefix != NULL ? strlen(prefix) : 0;
	int n;

	if (plen > 0 && plen + 3 < sizeof(buf)) {
		memcpy(buf, prefix, plen);
		memcpy(buf + plen, ": ", 2);
		plen += 2;
	} else
		plen = 0;
	va_copy(copy, ap);
	n = vsnprintf(buf + plen, sizeof(buf) - plen, fmt, copy);
	va_end(copy);
	if (n < 0)
		return n;
	if (plen + (size_t)n < sizeof(buf)) {
		nbh_console_write(buf, plen + (size_t)n);
		msgbuf_put(buf, plen + (size_t)n);
	} else {
		/* Longer than the stack buffer: format again into memory of the right size. */
		size_t size = plen + (size_t)n + 1;
		char *big = nbh_mem_alloc(size, 0);
		if (big == NULL)
			panic("printf: no memory for a %zu-byte message", size);
		memcpy(big, buf, plen);
		vsnprintf(big + plen, (size_t)n + 1, fmt, ap);
		nbh_console_write(big, size - 1);
		msgbuf_put(big, size - 1);
		nbh_mem_free(big, size);
	}
	return (int)plen + n;
}

int
nbshim_vprintf(const char *fmt, va_list ap)
{
	return vcons(NULL, fmt, ap);
}

int
nbshim_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vcons(NULL, fmt, ap);
	va_end(ap);
	return n;
}

#define VCONS_FN(name, proto, prefix) \
void name proto { va_list ap; va_start(ap, fmt); vcons(prefix, fmt, ap); va_end(ap); }
VCONS_FN(printf_nolog, (const char *fmt, ...), NULL)
VCONS_FN(printf_tolog, (const char *fmt, ...), NULL)
VCONS_FN(uprintf, (const char *fmt, ...), NULL)
VCONS_FN(uprintf_locked, (const char *fmt, ...), NULL)

void
nbshim_vlog(int level, const char *fmt, va_list ap)
{
	(void)level;
	vcons(NULL, fmt, ap);
}

void
nbshim_log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nbshim_vlog(level, fmt, ap);
	va_end(ap);
}

void
tablefull(const char *tab, const char *hint)
{
	if (hint != NULL)
		log(LOG_ERR, "%s: table is full - %s\n", tab, hint);
	else
		log(LOG_ERR, "%s: table is full\n", tab);
}

/*
 * aprint(9): which messages show depends on boothowto, as on NetBSD: normal unless quiet or
 * silent, naive only when quiet, verbose and debug only when asked for, errors always.
 */
enum aprint_kind { AP_NORMAL, AP_NAIVE, AP_VERBOSE, AP_DEBUG, AP_ERROR };

static bool
aprint_shown(enum aprint_kind kind)
{
	switch (kind) {
	case AP_NORMAL:  return (boothowto & (AB_QUIET | AB_SILENT)) == 0 || (boothowto & AB_VERBOSE);
	case AP_NAIVE:   return (boothowto & (AB_QUIET | AB_VERBOSE)) == AB_QUIET;
	case AP_VERBOSE: return (boothowto & AB_VERBOSE) != 0;
	case AP_DEBUG:   return (boothowto & AB_DEBUG) != 0;
	case AP_ERROR:   return true;
	}
	return true;
}

static void
vaprint(enum aprint_kind kind, const char *prefix, const char *fmt, va_list ap)
{
	if (kind == AP_ERROR)
		atomic_inc_uint(&aprint_errors);
	if (aprint_shown(kind))
		vcons(prefix, fmt, ap);
}

static const char *
aprint_devname(device_t dev)
{
	if (dev == NULL)
		panic("aprint_*_dev: NULL device");
	return device_xname(dev);
}

#define APRINT_FNS(sfx, kind) \
void aprint_##sfx(const char *fmt, ...) \
{ va_list ap; va_start(ap, fmt); vaprint(kind, NULL, fmt, ap); va_end(ap); } \
void aprint_##sfx##_dev(device_t dev, const char *fmt, ...) \
{ va_list ap; va_start(ap, fmt); vaprint(kind, aprint_devname(dev), fmt, ap); va_end(ap); } \
void aprint_##sfx##_ifnet(struct ifnet *ifp, const char *fmt, ...) \
{ va_list ap; va_start(ap, fmt); vaprint(kind, ifp->if_xname, fmt, ap); va_end(ap); }
APRINT_FNS(normal, AP_NORMAL)
APRINT_FNS(naive, AP_NAIVE)
APRINT_FNS(verbose, AP_VERBOSE)
APRINT_FNS(debug, AP_DEBUG)
APRINT_FNS(error, AP_ERROR)

/* Returns the number of aprint_error* messages since the last call, and restarts the count. */
int
aprint_get_error_count(void)
{
	return (int)atomic_swap_uint(&aprint_errors, 0);
}

void
vpanic(const char *fmt, va_list ap)
{
	char buf[512];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	nbh_panic(buf);
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(fmt, ap);
}

void
kern_assert(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(fmt, ap);
}

/* printf(9) with "xname: " in front, always shown (not an autoconfiguration message). */
void
device_printf(device_t dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcons(aprint_devname(dev), fmt, ap);
	va_end(ap);
}
