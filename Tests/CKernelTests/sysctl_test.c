/* sysctl(9): a subtree under hw, read and written by name the way the host does. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/sysctl.h>
#include "host/nbshim_kernel.h"
#include "ktest.h"

static int ktest_knob = 5;
static char ktest_str[16] = "hello";

/* A handler in the usual driver style: copy the node, point it at a local, validate writes. */
static int
ktest_even_handler(SYSCTLFN_ARGS)
{
	struct sysctlnode node = *rnode;
	int val = *(int *)rnode->sysctl_data, error;

	node.sysctl_data = &val;
	error = sysctl_lookup(SYSCTLFN_CALL(&node));
	if (error || newp == NULL)
		return error;
	if (val % 2 != 0)
		return EINVAL;
	*(int *)rnode->sysctl_data = val;
	return 0;
}

KTEST(sysctl_tree)
{
	struct sysctllog *log = NULL;
	const struct sysctlnode *hw = NULL, *dev = NULL, *leaf = NULL;
	static int even = 2;
	int v;
	size_t len;
	char s[16];
	uint64_t q;

	KT_ASSERT(sysctl_createv(&log, 0, NULL, &hw, CTLFLAG_PERMANENT, CTLTYPE_NODE, "hw", NULL,
	    NULL, 0, NULL, 0, CTL_HW, CTL_EOL) == 0);
	KT_ASSERT(hw != NULL && hw->sysctl_num == CTL_HW);
	KT_ASSERT(sysctl_createv(&log, 0, &hw, &dev, 0, CTLTYPE_NODE, "ktest0", SYSCTL_DESCR("test"),
	    NULL, 0, NULL, 0, CTL_CREATE, CTL_EOL) == 0);
	KT_ASSERT(dev->sysctl_num >= CREATE_BASE, "%d", dev->sysctl_num);
	KT_ASSERT(sysctl_createv(&log, 0, &dev, &leaf, CTLFLAG_READWRITE, CTLTYPE_INT, "knob", NULL,
	    NULL, 0, &ktest_knob, 0, CTL_CREATE, CTL_EOL) == 0);
	KT_ASSERT(sysctl_createv(&log, 0, &dev, NULL, CTLFLAG_READONLY, CTLTYPE_STRING, "name", NULL,
	    NULL, 0, ktest_str, sizeof(ktest_str), CTL_CREATE, CTL_EOL) == 0);
	KT_ASSERT(sysctl_createv(&log, 0, &dev, NULL, CTLFLAG_READWRITE, CTLTYPE_INT, "even", NULL,
	    ktest_even_handler, 0, &even, 0, CTL_CREATE, CTL_EOL) == 0);
	KT_ASSERT(sysctl_createv(&log, 0, &dev, NULL, CTLFLAG_READWRITE | CTLFLAG_IMMEDIATE, CTLTYPE_QUAD,
	    "imm", NULL, NULL, 99, NULL, 0, CTL_CREATE, CTL_EOL) == 0);
	KT_ASSERT(sysctl_createv(&log, 0, &dev, NULL, 0, CTLTYPE_INT, "knob", NULL,
	    NULL, 0, &ktest_knob, 0, CTL_CREATE, CTL_EOL) == EEXIST);

	len = sizeof(v);
	KT_ASSERT(nbk_sysctl_read("hw.ktest0.knob", &v, &len) == 0 && v == 5 && len == sizeof(int));
	v = 8;
	KT_ASSERT(nbk_sysctl_write("hw.ktest0.knob", &v, sizeof(v)) == 0 && ktest_knob == 8);
	KT_ASSERT(nbk_sysctl_write("hw.ktest0.knob", &v, 2) == EINVAL, "a short int write was taken");
	len = sizeof(s);
	KT_ASSERT(nbk_sysctl_read("hw.ktest0.name", s, &len) == 0 && strcmp(s, "hello") == 0 && len == 6);
	KT_ASSERT(nbk_sysctl_write("hw.ktest0.name", "x", 2) == EPERM);
	len = 2;
	KT_ASSERT(nbk_sysctl_read("hw.ktest0.name", s, &len) == ENOMEM && len == 6);
	v = 3;
	KT_ASSERT(nbk_sysctl_write("hw.ktest0.even", &v, sizeof(v)) == EINVAL && even == 2);
	v = 4;
	KT_ASSERT(nbk_sysctl_write("hw.ktest0.even", &v, sizeof(v)) == 0 && even == 4);
	len = sizeof(q);
	KT_ASSERT(nbk_sysctl_read("hw.ktest0.imm", &q, &len) == 0 && q == 99);
	KT_ASSERT(nbk_sysctl_type("hw.ktest0") == CTLTYPE_NODE && nbk_sysctl_type("hw.ktest0.nope") == -1);
	len = sizeof(v);
	KT_ASSERT(nbk_sysctl_read("hw.pagesize", &v, &len) == 0 && v == PAGE_SIZE);

	sysctl_teardown(&log);
	KT_ASSERT(log == NULL);
	KT_ASSERT(nbk_sysctl_type("hw.ktest0") == -1, "teardown left the subtree");
	KT_ASSERT(nbk_sysctl_type("hw") == CTLTYPE_NODE, "teardown removed the permanent hw node");
}
