/* The bridged API differences as a 7.99.34 (2016 tree) driver writes them. */
#define __NetBSD_Version__	799003400
#define GEN			799
#include "api_generation_body.h"
