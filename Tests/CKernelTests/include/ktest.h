/*
 * Kernel-side tests: C functions written against the NetBSD kernel API, registered with KTEST()
 * in a link set and run by name from Swift (Tests/NBKernelTests). A failed KT_ASSERT ends the test
 * with the file, line and condition in `msg`.
 */
#ifndef NBSHIM_KTEST_H
#define NBSHIM_KTEST_H

#include <stddef.h>

/* Runs the test `name`: 0 when it passed, -1 when there is no such test, 1 with `msg` filled. */
int ktest_run(const char *name, char *msg, size_t msglen);

#ifdef _KERNEL
struct ktest_ctx;
struct ktest {
	const char *name;
	void (*fn)(struct ktest_ctx *);
};
void ktest_fail(struct ktest_ctx *, const char *file, int line, const char *cond, const char *fmt, ...)
    __attribute__((__format__(__printf__, 5, 6)));

#define KTEST(n) \
	static void ktest_fn_##n(struct ktest_ctx *); \
	static const struct ktest ktest_##n = { #n, ktest_fn_##n }; \
	__link_set_add_rodata(nbshim_ktests, ktest_##n); \
	static void ktest_fn_##n(struct ktest_ctx *kt)

/* Ends the test when `cond` is false; optional printf-style detail follows the condition. */
#define KT_ASSERT(cond, ...) do { \
	if (!(cond)) { ktest_fail(kt, __FILE__, __LINE__, #cond, "" __VA_ARGS__); return; } \
} while (0)
#endif

#endif
