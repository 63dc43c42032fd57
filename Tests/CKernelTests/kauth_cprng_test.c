/* kauth(9) decides by the host-is-root rule, sysctl_query lists children, cprng(9) and copy(9). */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/lwp.h>
#include <sys/kauth.h>
#include <sys/cprng.h>
#include <sys/sysctl.h>
#include "ktest.h"

KTEST(kauth_host_is_superuser)
{
	kauth_cred_t cred = kauth_cred_get();

	KT_ASSERT(cred != NULL && cred == curlwp->l_cred && cred == lwp0.l_cred);
	KT_ASSERT(kauth_cred_geteuid(cred) == 0 && kauth_cred_getuid(cred) == 0);
	KT_ASSERT(kauth_authorize_network(cred, KAUTH_NETWORK_INTERFACE,
	    KAUTH_REQ_NETWORK_INTERFACE_SETPRIV, NULL, NULL, NULL) == 0);
	KT_ASSERT(kauth_authorize_generic(cred, KAUTH_GENERIC_ISSUSER, NULL) == 0);
	KT_ASSERT(kauth_authorize_device(NOCRED, KAUTH_DEVICE_RND_SETPRIV, NULL, NULL, NULL, NULL) == 0);
	kauth_cred_hold(cred);
	kauth_cred_free(cred);
}

static int
ktest_query_handler(SYSCTLFN_ARGS)
{
	if (namelen == 1 && name[0] == CTL_QUERY)
		return sysctl_query(SYSCTLFN_CALL(rnode));
	return EINVAL;
}

KTEST(sysctl_query_children)
{
	struct sysctllog *log = NULL;
	const struct sysctlnode *hw = NULL, *dir = NULL;
	struct sysctlnode nodes[3];
	int a = 1, b = 2, q = CTL_QUERY;
	size_t len;

	KT_ASSERT(sysctl_createv(&log, 0, NULL, &hw, 0, CTLTYPE_NODE, "hw", NULL, NULL, 0, NULL, 0,
	    CTL_HW, CTL_EOL) == 0);
	KT_ASSERT(sysctl_createv(&log, 0, &hw, &dir, 0, CTLTYPE_NODE, "ktquery", NULL,
	    ktest_query_handler, 0, NULL, 0, CTL_CREATE, CTL_EOL) == 0);
	KT_ASSERT(sysctl_createv(&log, 0, &dir, NULL, CTLFLAG_READWRITE, CTLTYPE_INT, "first", NULL,
	    NULL, 0, &a, 0, 7, CTL_EOL) == 0);
	KT_ASSERT(sysctl_createv(&log, 0, &dir, NULL, 0, CTLTYPE_INT, "second", NULL,
	    NULL, 0, &b, 0, CTL_CREATE, CTL_EOL) == 0);

	/* Sizing call, then a buffer for one node only, then room for all. */
	len = 0;
	KT_ASSERT(sysctl_query(&q, 1, NULL, &len, NULL, 0, &q, NULL, dir) == 0);
	KT_ASSERT(len == 2 * sizeof(struct sysctlnode), "len %zu", len);
	memset(nodes, 0, sizeof(nodes));
	len = sizeof(nodes[0]);
	KT_ASSERT(sysctl_query(&q, 1, nodes, &len, NULL, 0, &q, NULL, dir) == 0);
	KT_ASSERT(len == 2 * sizeof(struct sysctlnode));
	KT_ASSERT(strcmp(nodes[0].sysctl_name, "first") == 0 && nodes[1].sysctl_name[0] == '\0');
	len = sizeof(nodes);
	KT_ASSERT(dir->sysctl_func(&q, 1, nodes, &len, NULL, 0, &q, NULL, dir) == 0);
	KT_ASSERT(nodes[0].sysctl_num == 7 && strcmp(nodes[1].sysctl_name, "second") == 0);
	KT_ASSERT(nodes[1].sysctl_num >= CREATE_BASE && SYSCTL_TYPE(nodes[1].sysctl_flags) == CTLTYPE_INT);
	KT_ASSERT(nodes[0].sysctl_nbshim_next == NULL);

	/* Not a node, not a query, a wrong version. */
	KT_ASSERT(sysctl_query(&q, 1, NULL, &len, NULL, 0, &q, NULL, dir->sysctl_child) == ENOTDIR);
	KT_ASSERT(sysctl_query(&a, 1, NULL, &len, NULL, 0, &a, NULL, dir) == EINVAL);
	nodes[2] = *dir;
	nodes[2].sysctl_ver = 12345;
	KT_ASSERT(sysctl_query(&q, 1, NULL, &len, &nodes[2], sizeof(nodes[2]), &q, NULL, dir) == EINVAL);
	sysctl_teardown(&log);
}

KTEST(cprng_and_copy)
{
	uint8_t a[64], b[64];
	cprng_strong_t *c;
	char s[8];
	size_t done;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	KT_ASSERT(cprng_fast(a, sizeof(a)) == sizeof(a));
	KT_ASSERT(cprng_fast(b, sizeof(b)) == sizeof(b));
	KT_ASSERT(memcmp(a, b, sizeof(a)) != 0, "two draws of 64 bytes are equal");
	KT_ASSERT(cprng_fast64() != cprng_fast64() || cprng_fast32() != cprng_fast32());
	c = cprng_strong_create("ktest", 0, CPRNG_INIT_ANY);
	KT_ASSERT(cprng_strong(c, a, sizeof(a), 0) == sizeof(a));
	cprng_strong_destroy(c);
	KT_ASSERT(cprng_strong32() != cprng_strong32() || cprng_strong64() != cprng_strong64());

	KT_ASSERT(copyin(a, b, sizeof(a)) == 0 && memcmp(a, b, sizeof(a)) == 0);
	KT_ASSERT(copyout(a, NULL, 4) == EFAULT && copyin(NULL, b, 0) == 0);
	KT_ASSERT(copyinstr("abc", s, sizeof(s), &done) == 0 && done == 4 && strcmp(s, "abc") == 0);
	KT_ASSERT(copystr("abcdefgh", s, 4, &done) == ENAMETOOLONG && done == 4);
}
