/*
 * Private to the personality: how interrupt delivery (pci_intr.c) runs a handler at its IPL. The
 * host calls the handler on its own thread; wrap the call in
 *	int s = nbshim_intr_enter(ipl, mpsafe); handler(arg); nbshim_intr_exit(s);
 * A non-MPSAFE handler is then serialized against splraise() sections at any level and other
 * non-MPSAFE handlers, softints and callouts; an MPSAFE one runs at IPL_NONE (its own locks do the
 * work; spin mutexes still raise the level). Both make cpu_intr_p() true for the handler.
 */
#ifndef NBSHIM_X86_INTR_PRIVATE_H
#define NBSHIM_X86_INTR_PRIVATE_H

#include <sys/types.h>

int	nbshim_intr_enter(int ipl, bool mpsafe);
void	nbshim_intr_exit(int s);

#endif
