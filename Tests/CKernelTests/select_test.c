/* select(9) basics (selrecord, selnotify, knotes, seltrue) and the device switch tables. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kthread.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/poll.h>
#include <sys/select.h>
#include <sys/conf.h>
#include "ktest.h"

static struct selinfo sel;
static kmutex_t sel_mtx;
static volatile int sel_ready;
static long knote_hint;

static void
notifier(void *arg)
{
	delay(20000);
	mutex_enter(&sel_mtx);
	sel_ready = 1;
	selnotify(&sel, POLLIN, 7);
	mutex_exit(&sel_mtx);
	kthread_exit(0);
}

static int
filt_count(struct knote *kn, long hint)
{
	knote_hint = hint;
	return hint == 7;
}
static const struct filterops count_filtops = { 1, NULL, NULL, filt_count };

/* A poller that recorded itself sleeps on the selinfo until selnotify; the knotes see the hint. */
KTEST(select_selnotify_wakes_recorded_poller)
{
	struct knote kn = { .kn_fop = &count_filtops };
	struct lwp *l;
	int error = 0;

	selinit(&sel);
	mutex_init(&sel_mtx, MUTEX_DEFAULT, IPL_NONE);
	SLIST_INSERT_HEAD(&sel.sel_klist, &kn, kn_selnext);
	sel_ready = 0;
	knote_hint = 0;
	mutex_enter(&sel_mtx);
	selrecord(curlwp, &sel);
	KT_ASSERT(sel.sel_lwp == curlwp);
	KT_ASSERT(kthread_create(PRI_NONE, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL, notifier, NULL, &l,
	    "selnotify") == 0);
	while (!sel_ready && error == 0)
		error = mtsleep(&sel, PRIBIO, "seltest", 5 * hz, &sel_mtx);
	mutex_exit(&sel_mtx);
	kthread_join(l);
	KT_ASSERT(error == 0 && sel_ready, "error %d", error);
	KT_ASSERT(sel.sel_lwp == NULL);
	KT_ASSERT(knote_hint == 7 && (kn.kn_status & KN_ACTIVE));
	SLIST_REMOVE_HEAD(&sel.sel_klist, kn_selnext);
	seldestroy(&sel);
	mutex_destroy(&sel_mtx);
	KT_ASSERT(seltrue(0, POLLIN | POLLPRI | POLLWRNORM, curlwp) == (POLLIN | POLLWRNORM));
}

static dev_type_open(t_open);
static int t_open(dev_t d, int f, int m, struct lwp *l) { return 0; }
static const struct cdevsw t_cdevsw = { .d_open = t_open, .d_close = noclose, .d_read = noread,
	.d_write = nowrite, .d_ioctl = noioctl, .d_stop = nostop, .d_tty = notty, .d_poll = nopoll,
	.d_mmap = nommap, .d_kqfilter = nokqfilter, .d_discard = nodiscard, .d_flag = D_OTHER };
static const struct cdevsw t2_cdevsw = { .d_open = nullopen, .d_flag = D_OTHER };
static const struct bdevsw t_bdevsw = { .d_open = t_open, .d_flag = D_DISK };

KTEST(devsw_attach_lookup_detach)
{
	devmajor_t bmaj = -1, cmaj = -1, cmaj2 = -1, again_b = -1, again_c = -1, taken;
	char name[16];

	KT_ASSERT(devsw_attach("ktdisk", &t_bdevsw, &bmaj, &t_cdevsw, &cmaj) == 0);
	KT_ASSERT(bmaj >= 0 && cmaj >= 0);
	KT_ASSERT(bdevsw_lookup(makedev(bmaj, 3)) == &t_bdevsw && cdevsw_lookup(makedev(cmaj, 3)) == &t_cdevsw);
	KT_ASSERT(cdevsw_lookup_major(&t_cdevsw) == cmaj && bdevsw_lookup_major(&t_bdevsw) == bmaj);
	KT_ASSERT(strcmp(cdevsw_getname(cmaj), "ktdisk") == 0);
	KT_ASSERT(devsw_name2chr("ktdisk0a", name, sizeof(name)) == cmaj && strcmp(name, "ktdisk") == 0);
	KT_ASSERT(devsw_chr2blk(makedev(cmaj, 5)) == makedev(bmaj, 5));
	taken = cmaj;
	KT_ASSERT(devsw_attach("ktother", NULL, NULL, &t2_cdevsw, &taken) == EEXIST);
	KT_ASSERT(devsw_attach("ktother", NULL, NULL, &t2_cdevsw, &cmaj2) == 0 && cmaj2 != cmaj);
	KT_ASSERT(cdevsw_lookup(makedev(cmaj, 0))->d_poll(0, POLLIN, curlwp) == POLLIN);
	KT_ASSERT(cdevsw_lookup(makedev(cmaj, 0))->d_read(0, NULL, 0) == ENODEV);

	KT_ASSERT(devsw_detach(&t_bdevsw, &t_cdevsw) == 0);
	KT_ASSERT(cdevsw_lookup(makedev(cmaj, 0)) == NULL && cdevsw_lookup_major(&t_cdevsw) == NODEVMAJOR);
	KT_ASSERT(devsw_attach("ktdisk", &t_bdevsw, &again_b, &t_cdevsw, &again_c) == 0);
	KT_ASSERT(again_b == bmaj && again_c == cmaj, "a returning driver gets its majors back");
	devsw_detach(&t_bdevsw, &t_cdevsw);
	devsw_detach(NULL, &t2_cdevsw);
}
