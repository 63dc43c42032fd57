/*
 * sysctl(9): a tree of nodes under a root holding the top-level nodes (kern, hw, ...). Creation
 * and destruction take the tree lock as writer; reads and writes by the host take it as reader
 * while the node's handler runs, as NetBSD's dispatch does.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/rwlock.h>
#include <sys/sysctl.h>
#include "kern/init_private.h"
#include "host/nbshim_kernel.h"

/* What a sysctllog records: the nodes a caller created, to destroy them in reverse order. */
struct sysctllog {
	struct sysctlnode **log_nodes;
	unsigned int log_len, log_cap;
};

static struct sysctlnode sysctl_root = {
	.sysctl_flags = SYSCTL_VERSION | CTLFLAG_ROOT | CTLFLAG_READWRITE | CTLTYPE_NODE,
	.sysctl_num = 0,
	.sysctl_name = "(root)",
};
static krwlock_t sysctl_treelock;
static bool sysctl_ready;

typedef void sysctl_setup_t(struct sysctllog **);
__link_set_decl(sysctl_funcs, sysctl_setup_t);

static struct sysctlnode *
child_by_num(struct sysctlnode *parent, int num)
{
	struct sysctlnode *c;

	for (c = parent->sysctl_child; c != NULL; c = c->sysctl_nbshim_next)
		if (c->sysctl_num == num)
			return c;
	return NULL;
}

static struct sysctlnode *
child_by_name(struct sysctlnode *parent, const char *name, size_t len)
{
	struct sysctlnode *c;

	for (c = parent->sysctl_child; c != NULL; c = c->sysctl_nbshim_next)
		if (strlen(c->sysctl_name) == len && strncmp(c->sysctl_name, name, len) == 0)
			return c;
	return NULL;
}

static size_t
type_size(int type)
{
	switch (type) {
	case CTLTYPE_INT: return sizeof(int);
	case CTLTYPE_QUAD: return sizeof(u_quad_t);
	case CTLTYPE_BOOL: return sizeof(bool);
	default: return 0;
	}
}

static void
log_add(struct sysctllog **logp, struct sysctlnode *node)
{
	struct sysctllog *log;

	if (logp == NULL)
		return;
	if ((log = *logp) == NULL)
		log = *logp = kmem_zalloc(sizeof(*log), KM_SLEEP);
	if (log->log_len == log->log_cap) {
		unsigned int cap = log->log_cap ? log->log_cap * 2 : 8;
		struct sysctlnode **n = kmem_alloc(cap * sizeof(*n), KM_SLEEP);
		if (log->log_len > 0)
			memcpy(n, log->log_nodes, log->log_len * sizeof(*n));
		if (log->log_nodes != NULL)
			kmem_free(log->log_nodes, log->log_cap * sizeof(*n));
		log->log_nodes = n;
		log->log_cap = cap;
	}
	log->log_nodes[log->log_len++] = node;
}

static int
create_locked(struct sysctllog **logp, struct sysctlnode *parent, const struct sysctlnode **cnode,
    int flags, int type, const char *namep, const char *desc, sysctlfn func, u_quad_t qv,
    void *newp, size_t newlen, int num)
{
	struct sysctlnode *node, *prev;
	size_t size;

	if (SYSCTL_TYPE(parent->sysctl_flags) != CTLTYPE_NODE)
		return ENOTDIR;
	if (namep == NULL || namep[0] == '\0' || strlen(namep) >= SYSCTL_NAMELEN || strchr(namep, '.') != NULL)
		return EINVAL;
	if ((node = child_by_name(parent, namep, strlen(namep))) != NULL) {
		/* An existing node of the same name and kind is the one the caller wants. */
		if (type == CTLTYPE_NODE && SYSCTL_TYPE(node->sysctl_flags) == CTLTYPE_NODE &&
		    (num == CTL_CREATE || num == node->sysctl_num)) {
			if (cnode != NULL)
				*cnode = node;
			return 0;
		}
		return EEXIST;
	}
	if (num == CTL_CREATE) {
		num = CREATE_BASE;
		while (child_by_num(parent, num) != NULL)
			num++;
	} else if (num < 0 || child_by_num(parent, num) != NULL)
		return EEXIST;

	size = type_size(type);
	switch (type) {
	case CTLTYPE_NODE:
		break;
	case CTLTYPE_INT:
	case CTLTYPE_QUAD:
	case CTLTYPE_BOOL:
		if (newp == NULL && func == NULL)
			flags |= CTLFLAG_IMMEDIATE;	/* the value lives in the node */
		break;
	case CTLTYPE_STRING:
		if (newlen == 0 && newp != NULL)
			newlen = strlen(newp) + 1;
		size = newlen;
		break;
	case CTLTYPE_STRUCT:
		size = newlen;
		break;
	default:
		return EINVAL;
	}
	if (type != CTLTYPE_NODE && !(flags & CTLFLAG_IMMEDIATE) && newp == NULL && func == NULL)
		return EINVAL;

	node = kmem_zalloc(sizeof(*node), KM_SLEEP);
	node->sysctl_flags = SYSCTL_VERSION | (uint32_t)flags | (uint32_t)type;
	node->sysctl_num = num;
	strlcpy(node->sysctl_name, namep, sizeof(node->sysctl_name));
	node->sysctl_ver = SYSCTL_VERSION;
	node->sysctl_func = func;
	node->sysctl_desc = desc;
	node->sysctl_parent = parent;
	node->sysctl_size = size;
	if (flags & CTLFLAG_IMMEDIATE) {
		if (newp != NULL) {
			/* Immediate data given by address: copy it in. */
			if (type == CTLTYPE_INT)
				node->sysctl_idata = *(int *)newp;
			else if (type == CTLTYPE_BOOL)
				node->sysctl_bdata = *(bool *)newp;
			else
				node->sysctl_qdata = *(u_quad_t *)newp;
		} else if (type == CTLTYPE_INT)
			node->sysctl_idata = (int32_t)qv;
		else if (type == CTLTYPE_BOOL)
			node->sysctl_bdata = qv != 0;
		else
			node->sysctl_qdata = qv;
	} else if (type != CTLTYPE_NODE && (flags & CTLFLAG_OWNDATA) && newp != NULL) {
		node->sysctl_data = kmem_alloc(size, KM_SLEEP);
		memcpy(node->sysctl_data, newp, size);
	} else if (type != CTLTYPE_NODE)
		node->sysctl_data = newp;

	/* Keep children in creation order. */
	if (parent->sysctl_child == NULL)
		parent->sysctl_child = node;
	else {
		for (prev = parent->sysctl_child; prev->sysctl_nbshim_next != NULL; prev = prev->sysctl_nbshim_next)
			continue;
		prev->sysctl_nbshim_next = node;
	}
	parent->sysctl_clen++;
	log_add(logp, node);
	if (cnode != NULL)
		*cnode = node;
	return 0;
}

int
sysctl_createv(struct sysctllog **logp, int cflags, const struct sysctlnode **rnode,
    const struct sysctlnode **cnode, int flags, int type, const char *namep, const char *desc,
    sysctlfn func, u_quad_t qv, void *newp, size_t newlen, ...)
{
	struct sysctlnode *parent;
	va_list ap;
	int num, next, error;

	(void)cflags;
	if (!sysctl_ready)
		panic("sysctl_createv(%s): called before nbk_init", namep);
	rw_enter(&sysctl_treelock, RW_WRITER);
	parent = (rnode != NULL && *rnode != NULL) ? __UNCONST(*rnode) : &sysctl_root;
	/* The path names the new node: parents' numbers, then its own (or CTL_CREATE), then CTL_EOL. */
	va_start(ap, newlen);
	num = va_arg(ap, int);
	error = 0;
	while (num != CTL_EOL && (next = va_arg(ap, int)) != CTL_EOL) {
		if ((parent = child_by_num(parent, num)) == NULL) {
			error = ENOENT;
			break;
		}
		num = next;
	}
	va_end(ap);
	if (error == 0 && num == CTL_EOL)
		error = EINVAL;
	if (error == 0)
		error = create_locked(logp, parent, cnode, flags, type, namep, desc, func, qv, newp, newlen, num);
	rw_exit(&sysctl_treelock);
	if (error != 0 && error != EEXIST)
		printf("sysctl_createv: cannot create \"%s\": error %d\n", namep, error);
	return error;
}

static int
destroy_locked(struct sysctlnode *node)
{
	struct sysctlnode *parent = node->sysctl_parent, **pp;

	if (node == &sysctl_root || parent == NULL)
		return EPERM;
	if (SYSCTL_TYPE(node->sysctl_flags) == CTLTYPE_NODE && node->sysctl_child != NULL)
		return ENOTEMPTY;
	for (pp = &parent->sysctl_child; *pp != node; pp = &(*pp)->sysctl_nbshim_next)
		if (*pp == NULL)
			return ENOENT;
	*pp = node->sysctl_nbshim_next;
	parent->sysctl_clen--;
	if ((node->sysctl_flags & CTLFLAG_OWNDATA) && node->sysctl_data != NULL)
		kmem_free(node->sysctl_data, node->sysctl_size);
	kmem_free(node, sizeof(*node));
	return 0;
}

int
sysctl_destroyv(struct sysctlnode *rnode, ...)
{
	struct sysctlnode *node = rnode != NULL ? rnode : &sysctl_root;
	va_list ap;
	int num, error;

	rw_enter(&sysctl_treelock, RW_WRITER);
	va_start(ap, rnode);
	while ((num = va_arg(ap, int)) != CTL_EOL && node != NULL)
		node = child_by_num(node, num);
	va_end(ap);
	error = node != NULL ? destroy_locked(node) : ENOENT;
	rw_exit(&sysctl_treelock);
	return error;
}

/* Destroys what the log recorded, newest first; nodes that still have children stay. */
void
sysctl_teardown(struct sysctllog **logp)
{
	struct sysctllog *log;

	if (logp == NULL || (log = *logp) == NULL)
		return;
	rw_enter(&sysctl_treelock, RW_WRITER);
	while (log->log_len > 0) {
		struct sysctlnode *node = log->log_nodes[--log->log_len];
		int error = destroy_locked(node);
		if (error != 0)
			printf("sysctl_teardown: %s stays: error %d\n", node->sysctl_name, error);
	}
	rw_exit(&sysctl_treelock);
	if (log->log_nodes != NULL)
		kmem_free(log->log_nodes, log->log_cap * sizeof(*log->log_nodes));
	kmem_free(log, sizeof(*log));
	*logp = NULL;
}

/*
 * The default leaf handler: copies the node's value out to oldp (at most *oldlenp bytes; ENOMEM
 * when it does not fit) and, when newp is given, the new value in. *oldlenp becomes the size.
 */
int
sysctl_lookup(SYSCTLFN_ARGS)
{
	void *data;
	size_t size;
	int type = SYSCTL_TYPE(rnode->sysctl_flags);
	int error = 0;

	(void)name; (void)oname; (void)l;
	if (namelen != 0)
		return ENOTDIR;
	if (type == CTLTYPE_NODE)
		return EISDIR;
	if (rnode->sysctl_flags & CTLFLAG_IMMEDIATE) {
		struct sysctlnode *w = __UNCONST(rnode);
		data = type == CTLTYPE_INT ? (void *)&w->sysctl_idata :
		    type == CTLTYPE_BOOL ? (void *)&w->sysctl_bdata : (void *)&w->sysctl_qdata;
	} else
		data = rnode->sysctl_data;
	if (data == NULL)
		return EOPNOTSUPP;
	size = type == CTLTYPE_STRING ? strnlen(data, rnode->sysctl_size) + 1 : rnode->sysctl_size;
	if (type == CTLTYPE_STRING && size > rnode->sysctl_size)
		size = rnode->sysctl_size;

	if (oldlenp != NULL) {
		if (oldp != NULL) {
			size_t n = *oldlenp < size ? *oldlenp : size;
			memcpy(oldp, data, n);
			if (n < size)
				error = ENOMEM;
		}
		*oldlenp = size;
	}
	if (error != 0 || newp == NULL)
		return error;

	if ((rnode->sysctl_flags & CTLFLAG_READWRITE) != CTLFLAG_READWRITE)
		return EPERM;
	switch (type) {
	case CTLTYPE_INT:
	case CTLTYPE_QUAD:
	case CTLTYPE_BOOL:
	case CTLTYPE_STRUCT:
		if (newlen != rnode->sysctl_size)
			return EINVAL;
		memcpy(data, newp, newlen);
		break;
	case CTLTYPE_STRING:
		/* The new string must fit with its terminator. */
		if (strnlen(newp, newlen) >= rnode->sysctl_size)
			return EINVAL;
		memcpy(data, newp, strnlen(newp, newlen));
		((char *)data)[strnlen(newp, newlen)] = '\0';
		break;
	}
	return 0;
}

/*
 * CTL_QUERY on a node: copies its children, in order, into oldp as an array of struct
 * sysctlnode, as many as fit in *oldlenp; *oldlenp becomes the size all of them need (a caller
 * sizes its buffer with a first call, as with NetBSD's). A query node in newp may name the
 * version it expects. Handlers call it with the tree lock held, as the dispatch does.
 */
int
sysctl_query(SYSCTLFN_ARGS)
{
	const struct sysctlnode *c;
	struct sysctlnode out;
	size_t left, needed = 0;

	(void)oname; (void)l;
	if (SYSCTL_TYPE(rnode->sysctl_flags) != CTLTYPE_NODE)
		return ENOTDIR;
	if (namelen != 1 || name[0] != CTL_QUERY)
		return EINVAL;
	if (newp != NULL) {
		const struct sysctlnode *q = newp;
		if (newlen != sizeof(*q) || SYSCTL_VERS(q->sysctl_flags) != SYSCTL_VERSION)
			return EINVAL;
		if (q->sysctl_ver != 0 && q->sysctl_ver != rnode->sysctl_ver)
			return EINVAL;
	}
	left = oldlenp != NULL ? *oldlenp : 0;
	for (c = rnode->sysctl_child; c != NULL; c = c->sysctl_nbshim_next) {
		if (oldp != NULL && left >= sizeof(out)) {
			out = *c;
			out.sysctl_nbshim_next = NULL;	/* the personality's linkage, not the caller's */
			memcpy((char *)oldp + needed, &out, sizeof(out));
			left -= sizeof(out);
		}
		needed += sizeof(out);
	}
	if (oldlenp != NULL)
		*oldlenp = needed;
	return 0;
}

int
sysctl_notavail(SYSCTLFN_ARGS)
{
	(void)name; (void)namelen; (void)oldp; (void)oldlenp; (void)newp; (void)newlen;
	(void)oname; (void)l; (void)rnode;
	return EOPNOTSUPP;
}

int
sysctl_null(SYSCTLFN_ARGS)
{
	(void)name; (void)namelen; (void)oldp; (void)newp; (void)newlen; (void)oname; (void)l; (void)rnode;
	if (oldlenp != NULL)
		*oldlenp = 0;
	return 0;
}

/* Finds a node by dotted name ("hw.edu0.count"); called with the tree lock held. */
static struct sysctlnode *
node_by_name(const char *path)
{
	struct sysctlnode *node = &sysctl_root;
	const char *dot;

	while (node != NULL && *path != '\0') {
		dot = strchr(path, '.');
		node = child_by_name(node, path, dot != NULL ? (size_t)(dot - path) : strlen(path));
		path = dot != NULL ? dot + 1 : "";
	}
	return node;
}

static int
sysctl_access(const char *path, void *oldp, size_t *oldlenp, const void *newp, size_t newlen)
{
	struct sysctlnode *node;
	int error;

	if (!sysctl_ready)
		return ENXIO;
	rw_enter(&sysctl_treelock, RW_READER);
	if ((node = node_by_name(path)) == NULL)
		error = ENOENT;
	else if (node->sysctl_func != NULL)
		error = node->sysctl_func(NULL, 0, oldp, oldlenp, newp, newlen, NULL, NULL, node);
	else
		error = sysctl_lookup(NULL, 0, oldp, oldlenp, newp, newlen, NULL, NULL, node);
	rw_exit(&sysctl_treelock);
	return error;
}

int
nbk_sysctl_read(const char *path, void *buf, size_t *len)
{
	return sysctl_access(path, buf, len, NULL, 0);
}

int
nbk_sysctl_write(const char *path, const void *buf, size_t len)
{
	return sysctl_access(path, NULL, NULL, buf, len);
}

int
nbk_sysctl_type(const char *path)
{
	struct sysctlnode *node;
	int type;

	if (!sysctl_ready)
		return -1;
	rw_enter(&sysctl_treelock, RW_READER);
	node = node_by_name(path);
	type = node != NULL ? (int)SYSCTL_TYPE(node->sysctl_flags) : -1;
	rw_exit(&sysctl_treelock);
	return type;
}

void
sysctl_init(void)
{
	static const char *const top[CTL_MAXID] = {
		NULL, "kern", "vm", "vfs", "net", "debug", "hw", "machdep", "user", "ddb", "proc",
		"vendor", "emul", "security",
	};
	static int pagesize = PAGE_SIZE;
	sysctl_setup_t *const *fn;
	const struct sysctlnode *hw = NULL;
	int i;

	rw_init(&sysctl_treelock);
	sysctl_ready = true;
	for (i = 1; i < CTL_MAXID; i++)
		sysctl_createv(NULL, 0, NULL, NULL, CTLFLAG_PERMANENT, CTLTYPE_NODE, top[i], NULL,
		    NULL, 0, NULL, 0, i, CTL_EOL);
	sysctl_createv(NULL, 0, NULL, &hw, CTLFLAG_PERMANENT, CTLTYPE_NODE, "hw", NULL,
	    NULL, 0, NULL, 0, CTL_HW, CTL_EOL);
	sysctl_createv(NULL, 0, &hw, NULL, CTLFLAG_PERMANENT, CTLTYPE_STRING, "machine", NULL,
	    NULL, 0, __UNCONST(MACHINE), 0, HW_MACHINE, CTL_EOL);
	sysctl_createv(NULL, 0, &hw, NULL, CTLFLAG_PERMANENT, CTLTYPE_STRING, "machine_arch", NULL,
	    NULL, 0, __UNCONST(MACHINE_ARCH), 0, HW_MACHINE_ARCH, CTL_EOL);
	sysctl_createv(NULL, 0, &hw, NULL, CTLFLAG_PERMANENT, CTLTYPE_INT, "ncpu", NULL,
	    NULL, 0, &ncpu, 0, HW_NCPU, CTL_EOL);
	sysctl_createv(NULL, 0, &hw, NULL, CTLFLAG_PERMANENT, CTLTYPE_INT, "pagesize", NULL,
	    NULL, 0, &pagesize, 0, HW_PAGESIZE, CTL_EOL);
	__link_set_foreach(fn, sysctl_funcs)
		(**fn)(NULL);
}

static int
sysctl_start(void)
{
	sysctl_init();
	return 0;
}
NBSHIM_INIT(sysctl_start, 30);
