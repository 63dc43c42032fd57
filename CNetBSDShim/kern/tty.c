/*
 * tty(9): the terminal layer serial and display drivers attach their ports to. nbshim has no
 * terminal devices (nothing in this process opens /dev/tty*, and struct tty with its termios
 * belongs to the tree's headers), so each entry panics with its name when called; what drivers
 * only refer to (tty_lock, ttclos) is real.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include "kern/init_private.h"

struct tty;
struct clist;
struct knote;
struct lwp;
struct uio;
struct termios;
struct kcondvar;

kmutex_t tty_lock;
const char ttclos[] = "ttycls";

static int
tty_start(void)
{
	mutex_init(&tty_lock, MUTEX_DEFAULT, IPL_VM);
	return 0;
}
NBSHIM_INIT(tty_start, 10);

#define TTY_UNSUPPORTED(name) \
	panic("%s: tty(9) is not supported in nbshim (no terminal devices in this process)", name)

struct tty *tty_alloc(void);
void	tty_free(struct tty *);
void	tty_attach(struct tty *);
void	tty_detach(struct tty *);
void	ttychars(struct tty *);
void	ttsetwater(struct tty *);
int	ttioctl(struct tty *, u_long, void *, int, struct lwp *);
int	ttyopen(struct tty *, int, int);
int	ttyclose(struct tty *);
int	ttykqfilter(dev_t, struct knote *);
int	ttypull(struct tty *);
int	ttysleep(struct tty *, struct kcondvar *, bool, int);
void	ttwakeup(struct tty *);
int	ttyinput(int, struct tty *);
int	ttyinput_wlock(int, struct tty *);
void	ndflush(struct clist *, int);
int	ndqb(struct clist *, int);

struct tty *tty_alloc(void) { TTY_UNSUPPORTED("tty_alloc"); }
void tty_free(struct tty *tp) { (void)tp; TTY_UNSUPPORTED("tty_free"); }
void tty_attach(struct tty *tp) { (void)tp; TTY_UNSUPPORTED("tty_attach"); }
void tty_detach(struct tty *tp) { (void)tp; TTY_UNSUPPORTED("tty_detach"); }
void ttychars(struct tty *tp) { (void)tp; TTY_UNSUPPORTED("ttychars"); }
void ttsetwater(struct tty *tp) { (void)tp; TTY_UNSUPPORTED("ttsetwater"); }
int ttioctl(struct tty *tp, u_long cmd, void *data, int flag, struct lwp *l)
{ (void)tp; (void)cmd; (void)data; (void)flag; (void)l; TTY_UNSUPPORTED("ttioctl"); }
int ttyopen(struct tty *tp, int dialout, int nonblock)
{ (void)tp; (void)dialout; (void)nonblock; TTY_UNSUPPORTED("ttyopen"); }
int ttyclose(struct tty *tp) { (void)tp; TTY_UNSUPPORTED("ttyclose"); }
int ttykqfilter(dev_t dev, struct knote *kn) { (void)dev; (void)kn; TTY_UNSUPPORTED("ttykqfilter"); }
int ttypull(struct tty *tp) { (void)tp; TTY_UNSUPPORTED("ttypull"); }
int ttysleep(struct tty *tp, struct kcondvar *cv, bool sig, int timo)
{ (void)tp; (void)cv; (void)sig; (void)timo; TTY_UNSUPPORTED("ttysleep"); }
void ttwakeup(struct tty *tp) { (void)tp; TTY_UNSUPPORTED("ttwakeup"); }
int ttyinput(int c, struct tty *tp) { (void)c; (void)tp; TTY_UNSUPPORTED("ttyinput"); }
int ttyinput_wlock(int c, struct tty *tp) { (void)c; (void)tp; TTY_UNSUPPORTED("ttyinput_wlock"); }
void ndflush(struct clist *q, int cc) { (void)q; (void)cc; TTY_UNSUPPORTED("ndflush"); }
int ndqb(struct clist *q, int flag) { (void)q; (void)flag; TTY_UNSUPPORTED("ndqb"); }
