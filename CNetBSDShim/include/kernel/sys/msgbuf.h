/*
 * The kernel message buffer (sys/msgbuf.h in NetBSD's API): a ring of the console output that
 * printf(9) wrote, which drivers replay (vcons_replay_msgbuf). subr_prf.c fills it.
 */
#ifndef _NBSHIM_SYS_MSGBUF_H_
#define _NBSHIM_SYS_MSGBUF_H_

struct kern_msgbuf {
#define	MSG_MAGIC	0x063061
	long	msg_magic;
	long	msg_bufx;	/* next byte written */
	long	msg_bufr;	/* oldest byte kept */
	long	msg_bufs;	/* size of msg_bufc */
	char	msg_bufc[1];
};

extern int msgbufmapped;
extern int msgbufenabled;
extern struct kern_msgbuf *msgbufp;

#endif
