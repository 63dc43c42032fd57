/* Drivers that include <machine/bus.h> get the whole bus_space(9)/bus_dma(9) API. */
#include <sys/bus.h>
