/* ferry-catalog.c: placeholder until implemented */
#define G_LOG_DOMAIN "ferry-catalog"
#include <glib.h>
