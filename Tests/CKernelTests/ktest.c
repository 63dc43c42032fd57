/* Finds KTEST() entries in the nbshim_ktests link set and runs one, collecting its failure. */
#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/systm.h>
#include "ktest.h"

struct ktest_ctx {
	char *msg;
	size_t msglen;
	int failed;
};

__link_set_decl(nbshim_ktests, const struct ktest);

void
ktest_fail(struct ktest_ctx *kt, const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (kt->failed++)
		return;
	n = (size_t)snprintf(kt->msg, kt->msglen, "%s:%d: %s", file, line, cond);
	if (fmt[0] != '\0' && n + 2 < kt->msglen) {
		snprintf(kt->msg + n, kt->msglen - n, ": ");
		va_start(ap, fmt);
		vsnprintf(kt->msg + n + 2, kt->msglen - n - 2, fmt, ap);
		va_end(ap);
	}
}

int
ktest_run(const char *name, char *msg, size_t msglen)
{
	const struct ktest *const *t;
	struct ktest_ctx kt = { msg, msglen, 0 };

	__link_set_foreach(t, nbshim_ktests) {
		if (strcmp((*t)->name, name) == 0) {
			(*t)->fn(&kt);
			return kt.failed ? 1 : 0;
		}
	}
	return -1;
}
