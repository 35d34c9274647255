/* ferry-random.c: placeholder until implemented */
#define G_LOG_DOMAIN "ferry-random"
#include <glib.h>
