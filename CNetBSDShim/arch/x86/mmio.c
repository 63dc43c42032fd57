/* Emits one external definition of each inline accessor (C99 inline semantics). */
#define NBSHIM_MMIO_INLINE extern inline
#include "host/nbshim_mmio.h"
