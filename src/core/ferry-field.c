/* ferry-field.c: placeholder until implemented */
#define G_LOG_DOMAIN "ferry-field"
#include <glib.h>
