/* ferry-cloud-throttle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-throttle"

#include "config.h"

#include "ferry-cloud-throttle.h"

struct _FerryCloudThrottle
{
  GObject     parent_instance;

  guint       max_failures;
  gint64      window;
  GHashTable *failures; /* key → GArray of gint64 times, oldest first; owned */
};

G_DEFINE_FINAL_TYPE (FerryCloudThrottle, ferry_cloud_throttle, G_TYPE_OBJECT)

static void
ferry_cloud_throttle_finalize (GObject *object)
{
  FerryCloudThrottle *self = FERRY_CLOUD_THROTTLE (object);

  g_clear_pointer (&self->failures, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_cloud_throttle_parent_class)->finalize (object);
}

static void
ferry_cloud_throttle_class_init (FerryCloudThrottleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_cloud_throttle_finalize;
}

static void
ferry_cloud_throttle_init (FerryCloudThrottle *self)
{
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_array_unref);
}

FerryCloudThrottle *
ferry_cloud_throttle_new (guint  max_failures,
                          gint64 window)
{
  FerryCloudThrottle *self = g_object_new (FERRY_TYPE_CLOUD_THROTTLE, NULL);

  self->max_failures = MAX (max_failures, 1);
  self->window = window;

  return self;
}

/* Forgets failures older than the window; returns what is left, or NULL. */
static GArray *
recent (FerryCloudThrottle *self,
        const char         *key,
        gint64              now)
{
  GArray *times = g_hash_table_lookup (self->failures, key);
  guint old = 0;

  if (times == NULL)
    return NULL;
  while (old < times->len && g_array_index (times, gint64, old) + self->window <= now)
    old++;
  g_array_remove_range (times, 0, old);
  if (times->len == 0)
    {
      g_hash_table_remove (self->failures, key);
      return NULL;
    }
  return times;
}

gint64
ferry_cloud_throttle_check (FerryCloudThrottle *self,
                            const char         *key,
                            gint64              now)
{
  GArray *times = recent (self, key, now);

  if (times == NULL || times->len < self->max_failures)
    return 0;
  return g_array_index (times, gint64, times->len - self->max_failures) + self->window - now;
}

void
ferry_cloud_throttle_record_failure (FerryCloudThrottle *self,
                                     const char         *key,
                                     gint64              now)
{
  GArray *times = recent (self, key, now);

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->failures, g_strdup (key), times);
    }
  g_array_append_val (times, now);
  /* Only the last max_failures matter. */
  if (times->len > self->max_failures)
    g_array_remove_range (times, 0, times->len - self->max_failures);
}

void
ferry_cloud_throttle_reset (FerryCloudThrottle *self,
                            const char         *key)
{
  g_hash_table_remove (self->failures, key);
}
