/* ferry-preset.c: placeholder until implemented */
#define G_LOG_DOMAIN "ferry-preset"
#include <glib.h>
