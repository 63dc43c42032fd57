/* tsleep/mtsleep/wakeup/wakeup_one on wait channels, and kpause durations. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/mutex.h>
#include "sync_helpers.h"
#include "ktest.h"

struct sleeper {
	wchan_t		chan;
	int		timo;
	kmutex_t	*mtx;
	int		pri;
	volatile int	asleep;
	volatile int	rc;
	volatile int	done;
	volatile int	owned_after;
};

static void
sleep_once(void *arg)
{
	struct sleeper *s = arg;

	if (s->mtx != NULL) {
		mutex_enter(s->mtx);
		s->asleep = 1;
		s->rc = mtsleep(s->chan, s->pri, "ktmts", s->timo, s->mtx);
		s->owned_after = mutex_owned(s->mtx);
		if (s->owned_after)
			mutex_exit(s->mtx);
	} else {
		s->asleep = 1;
		s->rc = tsleep(s->chan, PWAIT, "ktts", s->timo);
	}
	__atomic_store_n(&s->done, 1, __ATOMIC_RELEASE);
}

KTEST(tsleep_wakeup)
{
	int chan = 0, other = 0;
	struct sleeper s = { .chan = &chan, .timo = 0, .rc = -1 };
	struct lwp *l = ksync_spawn(sleep_once, &s, "ktsleep");

	KT_ASSERT(ksync_wait_for(&s.asleep, 1, 2000));
	kpause("ktts", false, 5, NULL);
	wakeup(&other);
	kpause("ktts", false, 5, NULL);
	KT_ASSERT(!s.done, "a wakeup on another channel woke the sleeper");
	wakeup(&chan);
	KT_ASSERT(ksync_wait_for(&s.done, 1, 2000), "wakeup did not wake the sleeper");
	KT_ASSERT(s.rc == 0, "tsleep returned %d", s.rc);
	ksync_join(l);
}

KTEST(tsleep_times_out)
{
	int chan = 0;
	struct sleeper s = { .chan = &chan, .timo = 3, .rc = -1 };
	uint64_t t0 = ksync_ms();

	sleep_once(&s);
	KT_ASSERT(s.rc == EWOULDBLOCK, "tsleep returned %d", s.rc);
	KT_ASSERT(ksync_ms() - t0 >= 30, "woke after %llu ms", (unsigned long long)(ksync_ms() - t0));
}

KTEST(wakeup_one_wakes_one)
{
	int chan = 0;
	struct sleeper a = { .chan = &chan, .timo = 0 }, b = a;
	struct lwp *la = ksync_spawn(sleep_once, &a, "ktsleepa");
	struct lwp *lb = ksync_spawn(sleep_once, &b, "ktsleepb");

	KT_ASSERT(ksync_wait_for(&a.asleep, 1, 2000) && ksync_wait_for(&b.asleep, 1, 2000));
	kpause("ktts", false, 5, NULL);
	wakeup_one(&chan);
	kpause("ktts", false, 10, NULL);
	KT_ASSERT(a.done + b.done == 1, "wakeup_one woke %d sleepers", a.done + b.done);
	wakeup(&chan);
	KT_ASSERT(ksync_wait_for(&a.done, 1, 2000) && ksync_wait_for(&b.done, 1, 2000));
	ksync_join(la);
	ksync_join(lb);
}

KTEST(mtsleep_releases_mutex)
{
	int chan = 0;
	kmutex_t m;
	struct sleeper s = { .chan = &chan, .timo = 0, .mtx = &m, .rc = -1 };
	struct lwp *l;

	mutex_init(&m, MUTEX_DEFAULT, IPL_NONE);
	l = ksync_spawn(sleep_once, &s, "ktmtsleep");
	KT_ASSERT(ksync_wait_for(&s.asleep, 1, 2000));
	mutex_enter(&m);	/* only possible once mtsleep let go of it */
	KT_ASSERT(!s.done);
	wakeup(&chan);
	mutex_exit(&m);
	KT_ASSERT(ksync_wait_for(&s.done, 1, 2000));
	KT_ASSERT(s.rc == 0 && s.owned_after, "rc %d, owned %d", s.rc, s.owned_after);
	ksync_join(l);

	s = (struct sleeper){ .chan = &chan, .timo = 2, .mtx = &m, .pri = PNORELOCK, .rc = -1 };
	sleep_once(&s);
	KT_ASSERT(s.rc == EWOULDBLOCK && !s.owned_after, "PNORELOCK: rc %d, owned %d", s.rc,
	    s.owned_after);
	mutex_destroy(&m);
}

KTEST(kpause_duration)
{
	uint64_t t0 = ksync_ms(), waited;
	int rc = kpause("ktpause", false, 5, NULL);

	waited = ksync_ms() - t0;
	KT_ASSERT(rc == EWOULDBLOCK, "kpause returned %d", rc);
	KT_ASSERT(waited >= 50 && waited < 1000, "5 ticks took %llu ms", (unsigned long long)waited);
}
