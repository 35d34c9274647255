/* ferry-accounting-db.c: placeholder until implemented */
#define G_LOG_DOMAIN "ferry-accounting-db"
#include <glib.h>
