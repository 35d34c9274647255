/* ferry-demo-generator.c: placeholder until implemented */
#define G_LOG_DOMAIN "ferry-demo-generator"
#include <glib.h>
