/* libkern: the C library subset the kernel has (lib/libkern/libkern.h in NetBSD's API). Functions
 * whose semantics equal the host C library's resolve to it at link time; strlcpy and strlcat
 * (which glibc before 2.38 lacks) come from libbsd; the rest (popcount, snprintb, strnvisx,
 * kern_assert) are in CNetBSDShim. */
#ifndef _NBSHIM_LIBKERN_H_
#define _NBSHIM_LIBKERN_H_

#include <sys/types.h>
#include <sys/inttypes.h>
#include <sys/null.h>

static __inline int imax(int a, int b) { return a > b ? a : b; }
static __inline int imin(int a, int b) { return a < b ? a : b; }
static __inline long lmax(long a, long b) { return a > b ? a : b; }
static __inline long lmin(long a, long b) { return a < b ? a : b; }
static __inline u_int max(u_int a, u_int b) { return a > b ? a : b; }
static __inline u_int min(u_int a, u_int b) { return a < b ? a : b; }
static __inline u_long ulmax(u_long a, u_long b) { return a > b ? a : b; }
static __inline u_long ulmin(u_long a, u_long b) { return a < b ? a : b; }
static __inline u_int uimax(u_int a, u_int b) { return a > b ? a : b; }
static __inline u_int uimin(u_int a, u_int b) { return a < b ? a : b; }
static __inline int abs(int j) { return j < 0 ? -j : j; }
static __inline long labs(long j) { return j < 0 ? -j : j; }
static __inline long long llabs(long long j) { return j < 0 ? -j : j; }
static __inline intmax_t imaxabs(intmax_t j) { return j < 0 ? -j : j; }

static __inline int isascii(int c) { return (c & ~0x7f) == 0; }
static __inline int isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static __inline int isupper(int c) { return c >= 'A' && c <= 'Z'; }
static __inline int islower(int c) { return c >= 'a' && c <= 'z'; }
static __inline int isalpha(int c) { return isupper(c) || islower(c); }
static __inline int isdigit(int c) { return c >= '0' && c <= '9'; }
static __inline int isalnum(int c) { return isalpha(c) || isdigit(c); }
static __inline int isxdigit(int c)
{
	return isdigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
static __inline int iscntrl(int c) { return (c >= 0 && c < 0x20) || c == 0x7f; }
static __inline int isgraph(int c) { return c > 0x20 && c < 0x7f; }
static __inline int isprint(int c) { return c >= 0x20 && c < 0x7f; }
static __inline int ispunct(int c) { return isgraph(c) && !isalnum(c); }
static __inline int toupper(int c) { return islower(c) ? c - 0x20 : c; }
static __inline int tolower(int c) { return isupper(c) ? c + 0x20 : c; }

/* Binary-coded decimal. */
static __inline unsigned int bcdtobin(unsigned int bcd) { return ((bcd >> 4) & 0x0f) * 10 + (bcd & 0x0f); }
static __inline unsigned int bintobcd(unsigned int bin) { return ((bin / 10) << 4) | (bin % 10); }

#ifndef offsetof
#define offsetof(type, member)	__builtin_offsetof(type, member)
#endif
#define container_of(ptr, type, field) \
	((type *)(void *)((char *)(ptr) - offsetof(type, field)))
#define const_container_of(ptr, type, field) \
	((const type *)(const void *)((const char *)(ptr) - offsetof(type, field)))

/*
 * Assertions. DIAGNOSTIC is on: KASSERT and KASSERTMSG always check and panic with the condition,
 * file and line. KDASSERT and KDASSERTMSG check only under DEBUG, as NetBSD's: their conditions
 * may name objects that exist only in drivers' DEBUG code (usb_mem.c's usb_blk_fraglist).
 */
#ifndef DIAGNOSTIC
#define DIAGNOSTIC
#endif
#define __KASSERTSTR	"kernel %sassertion \"%s\" failed: file \"%s\", line %d "
void	kern_assert(const char *, ...) __dead __printflike(1, 2);
#define KASSERTMSG(e, msg, ...) (__predict_true((e)) ? (void)0 : \
	kern_assert(__KASSERTSTR msg, "diagnostic ", #e, __FILE__, __LINE__, ##__VA_ARGS__))
#define KASSERT(e) (__predict_true((e)) ? (void)0 : \
	kern_assert(__KASSERTSTR, "diagnostic ", #e, __FILE__, __LINE__))
/* (sip(4)'s KDASSERTs likewise name a variable it declares nowhere.) */
#ifdef DEBUG
#define KDASSERTMSG(e, msg, ...) (__predict_true((e)) ? (void)0 : \
	kern_assert(__KASSERTSTR msg, "debugging ", #e, __FILE__, __LINE__, ##__VA_ARGS__))
#define KDASSERT(e) (__predict_true((e)) ? (void)0 : \
	kern_assert(__KASSERTSTR, "debugging ", #e, __FILE__, __LINE__))
#else
#define KDASSERTMSG(e, msg, ...) ((void)0)
#define KDASSERT(e) ((void)0)
#endif
#define assert(e) (__predict_true((e)) ? (void)0 : \
	kern_assert(__KASSERTSTR, "", #e, __FILE__, __LINE__))
#define CTASSERT(x)		__CTASSERT(x)
#define CTASSERT_SIGNED(x)	__CTASSERT(((__typeof__(x))-1) < 0)
#define CTASSERT_UNSIGNED(x)	__CTASSERT(((__typeof__(x))-1) >= 0)
#define __NULL_STMT		do { } while (0)

/* Memory and strings: the host C library's. */
void	*memcpy(void *, const void *, size_t);
void	*memmove(void *, const void *, size_t);
void	*memset(void *, int, size_t);
int	memcmp(const void *, const void *, size_t);
void	*memchr(const void *, int, size_t);
char	*strcpy(char *, const char *);
char	*strncpy(char *, const char *, size_t);
char	*strcat(char *, const char *);
char	*strncat(char *, const char *, size_t);
int	strcmp(const char *, const char *);
int	strncmp(const char *, const char *, size_t);
int	strcasecmp(const char *, const char *);
int	strncasecmp(const char *, const char *, size_t);
size_t	strlen(const char *);
size_t	strnlen(const char *, size_t);
char	*strchr(const char *, int);
char	*strrchr(const char *, int);
char	*strstr(const char *, const char *);
char	*strpbrk(const char *, const char *);
size_t	strspn(const char *, const char *);
size_t	strcspn(const char *, const char *);
char	*strsep(char **, const char *);
unsigned long	strtoul(const char *, char **, int);
long long	strtoll(const char *, char **, int);
unsigned long long	strtoull(const char *, char **, int);
intmax_t	strtoimax(const char *, char **, int);
uintmax_t	strtoumax(const char *, char **, int);
long	random(void);
void	srandom(unsigned int);

/* From libbsd, which the host links (glibc before 2.38 has neither); NetBSD's semantics. */
size_t	strlcpy(char *, const char *, size_t);
size_t	strlcat(char *, const char *, size_t);

/* Ours (libkern.c). */
int	snprintb(char *, size_t, const char *, uint64_t);
int	strnvisx(char *, size_t, const char *, size_t, int);
#define VIS_OCTAL	0x01
#define VIS_SAFE	0x20
#define VIS_TRIM	0x40
int	snprintb_m(char *, size_t, const char *, uint64_t, size_t);

#define ffs(x)		__builtin_ffs(x)
#define ffs32(x)	__builtin_ffs((int)(x))
#define ffs64(x)	__builtin_ffsll((long long)(x))
#define popcount(x)	((unsigned int)__builtin_popcount(x))
#define popcountl(x)	((unsigned int)__builtin_popcountl(x))
#define popcountll(x)	((unsigned int)__builtin_popcountll(x))
#define popcount32(x)	((unsigned int)__builtin_popcount((uint32_t)(x)))
#define popcount64(x)	((unsigned int)__builtin_popcountll((uint64_t)(x)))
#define alloca(s)	__builtin_alloca(s)

#endif
