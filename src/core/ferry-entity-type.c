/* ferry-entity-type.c: placeholder until implemented */
#define G_LOG_DOMAIN "ferry-entity-type"
#include <glib.h>
