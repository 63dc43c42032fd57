/*
 * Atomic operations and memory barriers (sys/atomic.h, atomic_ops(3) in NetBSD's API), inline over
 * the compiler's __atomic builtins. Every read-modify-write is sequentially consistent, as locked
 * instructions are on amd64 (hence __HAVE_ATOMIC_AS_MEMBAR in machine/types.h).
 */
#ifndef _NBSHIM_SYS_ATOMIC_H_
#define _NBSHIM_SYS_ATOMIC_H_

#include <sys/types.h>

#define __NBA_SC	__ATOMIC_SEQ_CST

/* One family per operand type: add (named for the signed delta: _int, _long), and, or, inc, dec
 * (with _nv forms), cas, swap. */
#define __NBSHIM_ATOMIC_OPS(sfx, addsfx, T, D) \
static __inline void atomic_add_##addsfx(volatile T *p, D v) { (void)__atomic_add_fetch(p, (T)v, __NBA_SC); } \
static __inline T atomic_add_##addsfx##_nv(volatile T *p, D v) { return __atomic_add_fetch(p, (T)v, __NBA_SC); } \
static __inline void atomic_and_##sfx(volatile T *p, T v) { (void)__atomic_and_fetch(p, v, __NBA_SC); } \
static __inline T atomic_and_##sfx##_nv(volatile T *p, T v) { return __atomic_and_fetch(p, v, __NBA_SC); } \
static __inline void atomic_or_##sfx(volatile T *p, T v) { (void)__atomic_or_fetch(p, v, __NBA_SC); } \
static __inline T atomic_or_##sfx##_nv(volatile T *p, T v) { return __atomic_or_fetch(p, v, __NBA_SC); } \
static __inline void atomic_inc_##sfx(volatile T *p) { (void)__atomic_add_fetch(p, 1, __NBA_SC); } \
static __inline T atomic_inc_##sfx##_nv(volatile T *p) { return __atomic_add_fetch(p, 1, __NBA_SC); } \
static __inline void atomic_dec_##sfx(volatile T *p) { (void)__atomic_sub_fetch(p, 1, __NBA_SC); } \
static __inline T atomic_dec_##sfx##_nv(volatile T *p) { return __atomic_sub_fetch(p, 1, __NBA_SC); } \
static __inline T atomic_cas_##sfx(volatile T *p, T expected, T desired) \
{ \
	__atomic_compare_exchange_n(p, &expected, desired, 0, __NBA_SC, __NBA_SC); \
	return expected; \
} \
static __inline T atomic_cas_##sfx##_ni(volatile T *p, T expected, T desired) \
{ \
	return atomic_cas_##sfx(p, expected, desired); \
} \
static __inline T atomic_swap_##sfx(volatile T *p, T v) { return __atomic_exchange_n(p, v, __NBA_SC); }

__NBSHIM_ATOMIC_OPS(32, 32, uint32_t, int32_t)
__NBSHIM_ATOMIC_OPS(64, 64, uint64_t, int64_t)
__NBSHIM_ATOMIC_OPS(uint, int, unsigned int, int)
__NBSHIM_ATOMIC_OPS(ulong, long, unsigned long, long)
#undef __NBSHIM_ATOMIC_OPS

static __inline uint8_t
atomic_cas_8(volatile uint8_t *p, uint8_t expected, uint8_t desired)
{
	__atomic_compare_exchange_n(p, &expected, desired, 0, __NBA_SC, __NBA_SC);
	return expected;
}
static __inline uint16_t
atomic_cas_16(volatile uint16_t *p, uint16_t expected, uint16_t desired)
{
	__atomic_compare_exchange_n(p, &expected, desired, 0, __NBA_SC, __NBA_SC);
	return expected;
}

/* Pointers: the API takes `volatile void *` to a pointer-sized object. */
#define __NBA_PP(p)	((void *volatile *)(p))
static __inline void *
atomic_cas_ptr(volatile void *p, void *expected, void *desired)
{
	__atomic_compare_exchange_n(__NBA_PP(p), &expected, desired, 0, __NBA_SC, __NBA_SC);
	return expected;
}
static __inline void *
atomic_cas_ptr_ni(volatile void *p, void *expected, void *desired)
{
	return atomic_cas_ptr(p, expected, desired);
}
static __inline void *
atomic_swap_ptr(volatile void *p, void *v)
{
	return __atomic_exchange_n(__NBA_PP(p), v, __NBA_SC);
}
static __inline void
atomic_add_ptr(volatile void *p, ssize_t d)
{
	(void)__atomic_add_fetch((volatile uintptr_t *)p, (uintptr_t)d, __NBA_SC);
}
static __inline void *
atomic_add_ptr_nv(volatile void *p, ssize_t d)
{
	return (void *)__atomic_add_fetch((volatile uintptr_t *)p, (uintptr_t)d, __NBA_SC);
}
static __inline void
atomic_inc_ptr(volatile void *p)
{
	atomic_add_ptr(p, 1);
}
static __inline void *
atomic_inc_ptr_nv(volatile void *p)
{
	return atomic_add_ptr_nv(p, 1);
}
static __inline void
atomic_dec_ptr(volatile void *p)
{
	atomic_add_ptr(p, -1);
}
static __inline void *
atomic_dec_ptr_nv(volatile void *p)
{
	return atomic_add_ptr_nv(p, -1);
}
#undef __NBA_PP

/* Memory barriers. */
static __inline void membar_enter(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static __inline void membar_exit(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static __inline void membar_sync(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static __inline void membar_producer(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }
static __inline void membar_consumer(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
static __inline void membar_release(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }
static __inline void membar_acquire(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
static __inline void membar_datadep_consumer(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }

/* Plain loads and stores with ordering (the later atomic_loadstore(9) API). */
#define atomic_load_relaxed(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define atomic_load_acquire(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define atomic_load_consume(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define atomic_store_relaxed(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define atomic_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

#endif
