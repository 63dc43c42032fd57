/*
 * The console of cons(9) as drivers see it: cnputc writes to the host console, as printf(9)
 * does; cn_tab is the console device a display driver may install (wsdisplay_cnattach), none
 * at start since the host owns the terminal.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include "host/nbshim_hypercall.h"

struct consdev;
struct consdev *cn_tab;

void	cnputc(int);

void
cnputc(int c)
{
	char ch = (char)c;

	nbh_console_write(&ch, 1);
}
