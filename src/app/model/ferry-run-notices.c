/* ferry-run-notices.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-run-notices"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-run-notices.h"

struct _FerryRunNotices
{
  GObject     parent_instance;

  GHashTable *told; /* connection id (owned) → records not accepted when last told, +1 for a failure */
};

G_DEFINE_FINAL_TYPE (FerryRunNotices, ferry_run_notices, G_TYPE_OBJECT)

/* What a failed run is remembered as in told: no count of records is. */
#define TOLD_FAILURE G_MAXUINT

static void
ferry_run_notices_finalize (GObject *object)
{
  FerryRunNotices *self = FERRY_RUN_NOTICES (object);

  g_hash_table_unref (self->told);

  G_OBJECT_CLASS (ferry_run_notices_parent_class)->finalize (object);
}

static void
ferry_run_notices_class_init (FerryRunNoticesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_run_notices_finalize;
}

static void
ferry_run_notices_init (FerryRunNotices *self)
{
  self->told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FerryRunNotices *
ferry_run_notices_new (void)
{
  return g_object_new (FERRY_TYPE_RUN_NOTICES, NULL);
}

char *
ferry_run_notices_dup_id (const char *connection_id)
{
  return g_strconcat ("automatic-sync-", connection_id, NULL);
}

static guint
not_accepted (const FerrySyncResult *result)
{
  return result->counts.rejected + result->counts.failed + result->counts.export_failed;
}

/* Whether @value differs from what was last told of the connection; then
 * remembers it. */
static gboolean
is_news (FerryRunNotices *self,
         const char      *connection_id,
         guint            value)
{
  gpointer told;

  if (g_hash_table_lookup_extended (self->told, connection_id, NULL, &told)
      && GPOINTER_TO_UINT (told) == value)
    return FALSE;
  g_hash_table_insert (self->told, g_strdup (connection_id), GUINT_TO_POINTER (value));
  return TRUE;
}

FerryRunNoticeAction
ferry_run_notices_run_ended (FerryRunNotices       *self,
                             const char            *connection_id,
                             const char            *connection_name,
                             const FerrySyncResult *result,
                             const GError          *error,
                             char                 **out_title,
                             char                 **out_body)
{
  guint count;

  g_return_val_if_fail (FERRY_IS_RUN_NOTICES (self), FERRY_RUN_NOTICE_NONE);
  g_return_val_if_fail (connection_id != NULL && connection_name != NULL, FERRY_RUN_NOTICE_NONE);
  g_return_val_if_fail (out_title != NULL && out_body != NULL, FERRY_RUN_NOTICE_NONE);
  g_return_val_if_fail ((result == NULL) != (error == NULL), FERRY_RUN_NOTICE_NONE);

  *out_title = NULL;
  *out_body = NULL;
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || g_error_matches (error, FERRY_ERROR, FERRY_ERROR_BUSY))
        return FERRY_RUN_NOTICE_NONE;
      /* Each failure is told: its message may have changed, and it is urgent. */
      g_hash_table_insert (self->told, g_strdup (connection_id), GUINT_TO_POINTER (TOLD_FAILURE));
      /* Translators: %s is a local connection's name */
      *out_title = g_strdup_printf (_("Automatic sync of “%s” failed"), connection_name);
      *out_body = g_strdup (error->message);
      return FERRY_RUN_NOTICE_SEND;
    }

  count = not_accepted (result);
  if (count == 0)
    return g_hash_table_remove (self->told, connection_id) ? FERRY_RUN_NOTICE_WITHDRAW
                                                           : FERRY_RUN_NOTICE_NONE;
  if (!is_news (self, connection_id, count))
    return FERRY_RUN_NOTICE_NONE;
  *out_title = g_strdup_printf (ngettext ("Automatic sync of “%s”: %u record not accepted",
                                          "Automatic sync of “%s”: %u records not accepted", count),
                                connection_name, count);
  *out_body = g_strdup (_("Everything else went through. Open the details to see each record and "
                          "how to fix it."));
  return FERRY_RUN_NOTICE_SEND;
}
