/*
 * percpu(9): ncpu copies of an object, each aligned for its own cache line. getref blocks
 * interrupts (splhigh) until the matching putref, so the holder has its CPU's copy to itself;
 * nested getrefs on one thread keep the first IPL and restore it at the last putref.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/cpu.h>
#include <sys/intr.h>
#include <sys/percpu.h>

struct percpu {
	size_t pc_size;		/* the caller's size */
	size_t pc_stride;	/* size rounded to a cache line */
	unsigned int pc_ncpu;
	percpu_callback_t pc_dtor;
	void *pc_cookie;
	char *pc_mem;
};

static _Thread_local unsigned int percpu_depth;	/* refs held by this thread */
static _Thread_local int percpu_spl;		/* IPL before the first of them */

static void *
slot(percpu_t *pc, unsigned int i)
{
	return pc->pc_mem + (size_t)i * pc->pc_stride;
}

percpu_t *
percpu_create(size_t size, percpu_callback_t ctor, percpu_callback_t dtor, void *cookie)
{
	percpu_t *pc = kmem_zalloc(sizeof(*pc), KM_SLEEP);
	unsigned int i;

	KASSERTMSG(size > 0, "percpu_alloc: size 0");
	pc->pc_size = size;
	pc->pc_stride = roundup(size, COHERENCY_UNIT);
	pc->pc_ncpu = (unsigned int)ncpu;
	pc->pc_dtor = dtor;
	pc->pc_cookie = cookie;
	pc->pc_mem = kmem_zalloc(pc->pc_stride * pc->pc_ncpu, KM_SLEEP);
	if (ctor != NULL)
		for (i = 0; i < pc->pc_ncpu; i++)
			ctor(slot(pc, i), cookie, cpu_lookup(i));
	return pc;
}

percpu_t *
percpu_alloc(size_t size)
{
	return percpu_create(size, NULL, NULL, NULL);
}

void
percpu_free(percpu_t *pc, size_t size)
{
	unsigned int i;

	if (size != pc->pc_size)
		panic("percpu_free(%p, %zu): allocated with size %zu", pc, size, pc->pc_size);
	if (pc->pc_dtor != NULL)
		for (i = 0; i < pc->pc_ncpu; i++)
			pc->pc_dtor(slot(pc, i), pc->pc_cookie, cpu_lookup(i));
	kmem_free(pc->pc_mem, pc->pc_stride * pc->pc_ncpu);
	kmem_free(pc, sizeof(*pc));
}

void *
percpu_getref(percpu_t *pc)
{
	int s = splhigh();

	if (percpu_depth++ == 0)
		percpu_spl = s;
	return slot(pc, cpu_index(curcpu()));
}

void
percpu_putref(percpu_t *pc)
{
	(void)pc;
	if (percpu_depth == 0)
		panic("percpu_putref: no percpu_getref is outstanding on this thread");
	if (--percpu_depth == 0)
		splx(percpu_spl);
}

void *
percpu_getptr_remote(percpu_t *pc, struct cpu_info *ci)
{
	return slot(pc, cpu_index(ci));
}

void
percpu_foreach(percpu_t *pc, percpu_callback_t cb, void *arg)
{
	unsigned int i;

	for (i = 0; i < pc->pc_ncpu; i++)
		cb(slot(pc, i), arg, cpu_lookup(i));
}

/* A cross call to each CPU in turn: here, the same walk. */
void
percpu_foreach_xcall(percpu_t *pc, u_int flags, percpu_callback_t cb, void *arg)
{
	(void)flags;
	percpu_foreach(pc, cb, arg);
}

/* The CPU set cannot change under a walk here, so there is nothing to hold. */
void percpu_traverse_enter(void) { }
void percpu_traverse_exit(void) { }
void percpu_init(void) { }
