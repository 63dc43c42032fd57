/* The bridged API differences as a NetBSD 9.1 driver writes them. */
#define __NetBSD_Version__	901000000
#define GEN			91
#include "api_generation_body.h"
