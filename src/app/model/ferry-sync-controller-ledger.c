/* ferry-sync-controller-ledger.c: what the Sync page reads from a ledger,
 * off the main thread, and the texts made of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-controller"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-app-format.h"
#include "ferry-sync-controller-private.h"
#include "ferry-schedule.h"
#include "ferry-sync-frequency.h"

void
ferry_sync_ledger_view_free (FerrySyncLedgerView *view)
{
  if (view == NULL)
    return;
  g_clear_pointer (&view->last_run, ferry_ledger_run_free);
  g_clear_pointer (&view->last_synced, ferry_ledger_run_free);
  g_clear_pointer (&view->errors, g_ptr_array_unref);
  ferry_schedule_state_clear (&view->schedule_state);
  g_free (view);
}

/* NULL without an error when the ledger does not exist yet: opening it
 * would create it, and a connection never synced has nothing to show. */
static FerryLedger *
open_existing (const char  *path,
               GError     **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return ferry_ledger_open (path, error);
}

static void
read_view_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr(FerrySyncLedgerView) view = g_new0 (FerrySyncLedgerView, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryLedger) ledger = open_existing (task_data, &error);

  if (ledger != NULL &&
      ferry_ledger_get_last_run (ledger, &view->last_run, &error) &&
      ferry_ledger_get_last_synced_run (ledger, &view->last_synced, &error) &&
      view->last_run != NULL)
    {
      view->errors = ferry_ledger_list_run_errors (ledger, view->last_run->id,
                                                   FERRY_SYNC_CONTROLLER_MAX_ERRORS, 0, &error);
    }
  if (ledger != NULL && error == NULL)
    ferry_schedule_state_read (&view->schedule_state, ledger, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&view),
                           (GDestroyNotify) ferry_sync_ledger_view_free);
}

void
ferry_sync_ledger_view_read_async (const char          *ledger_path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ferry_sync_ledger_view_read_async);
  g_task_set_task_data (task, g_strdup (ledger_path), g_free);
  g_task_run_in_thread (task, read_view_thread);
}

FerrySyncLedgerView *
ferry_sync_ledger_view_read_finish (GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

GListModel *
ferry_sync_error_items_new (FerryCatalog *catalog,
                            GPtrArray    *errors)
{
  GListStore *store = g_list_store_new (FERRY_TYPE_SYNC_ERROR_ITEM);

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      const FerryLedgerRunError *run_error = g_ptr_array_index (errors, i);
      FerryEntityType *type = ferry_catalog_lookup (catalog, run_error->entity);
      g_autoptr(FerrySyncErrorItem) item =
        ferry_sync_error_item_new (run_error, type != NULL ? ferry_entity_type_get_label (type) : NULL);

      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}

static void
estimate_free (gpointer data)
{
  FerryLedgerEstimate *estimate = data;

  ferry_ledger_estimate_clear (estimate);
  g_free (estimate);
}

static void
estimate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  char **data = task_data; /* path, then the entity ids */
  FerryLedgerEstimate *estimate = g_new0 (FerryLedgerEstimate, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryLedger) ledger = open_existing (data[0], &error);

  estimate->last_deep_duration_ms = -1;
  if (ledger != NULL)
    ferry_ledger_estimate_deep_sync (ledger, data[1] != NULL ? (const char * const *) data + 1 : NULL,
                                     estimate, &error);
  if (error != NULL)
    {
      estimate_free (estimate);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, estimate, estimate_free);
}

void
ferry_sync_controller_estimate_async (FerrySyncController *self,
                                      const char * const  *entities,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *path = ferry_sync_controller_dup_ledger_path (self);

  g_task_set_source_tag (task, ferry_sync_controller_estimate_async);
  g_strv_builder_add (builder, path);
  if (entities != NULL)
    g_strv_builder_addv (builder, (const char **) entities);
  g_task_set_task_data (task, g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, estimate_thread);
}

gboolean
ferry_sync_controller_estimate_finish (FerrySyncController  *self,
                                       GAsyncResult         *result,
                                       FerryLedgerEstimate  *out_estimate,
                                       GError              **error)
{
  FerryLedgerEstimate *estimate;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (out_estimate != NULL, FALSE);

  estimate = g_task_propagate_pointer (G_TASK (result), error);
  if (estimate == NULL)
    return FALSE;
  *out_estimate = *estimate;
  g_free (estimate);
  return TRUE;
}

char *
ferry_sync_describe_estimate (const FerryLedgerEstimate *estimate)
{
  g_autofree char *records = NULL;
  g_autofree char *duration = NULL;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (estimate != NULL, NULL);

  if (estimate->records == 0)
    g_string_append (text, _("No record has been synced yet: a deep sync reads every record of "
                             "the accounting database in the timeframe."));
  else
    {
      records = ferry_format_number (estimate->records);
      g_string_append_printf (text, ngettext ("About %s record will be read again and compared "
                                              "with the cloud.",
                                              "About %s records will be read again and compared "
                                              "with the cloud.",
                                              (gulong) MIN (estimate->records, G_MAXULONG)),
                              records);
    }
  g_string_append_c (text, ' ');
  if (estimate->last_deep_duration_ms >= 0)
    {
      duration = ferry_format_duration (estimate->last_deep_duration_ms);
      g_string_append_printf (text, _("The last deep sync took %s."), duration);
    }
  else
    g_string_append (text, _("No deep sync has finished yet, so how long it takes is not known."));
  return g_string_free (text, FALSE);
}

char *
ferry_sync_describe_next_sync (const FerryScheduleState *state,
                               const char               *schedule,
                               const char               *deep_schedule,
                               GDateTime                *now)
{
  FerrySchedule shallow, deep;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *when = NULL;
  g_autofree char *described = NULL;
  GString *text;
  gboolean is_deep = FALSE, backing_off = FALSE;

  g_return_val_if_fail (state != NULL && now != NULL, NULL);

  if (!ferry_schedule_parse (schedule != NULL ? schedule : FERRY_SCHEDULE_DEFAULT, &shallow, NULL))
    {
      described = ferry_sync_frequency_describe (schedule);
      /* Translators: %s is a schedule, e.g. “Every 15 minutes” */
      return g_strdup_printf (_("Automatic sync: %s"), described);
    }
  if (!ferry_schedule_parse (deep_schedule != NULL ? deep_schedule : "manual", &deep, NULL))
    deep.kind = FERRY_SCHEDULE_MANUAL;
  next = ferry_schedule_state_next_run (state, &shallow, &deep, now, g_date_time_get_timezone (now),
                                        &is_deep, &backing_off);
  if (next == NULL)
    return g_strdup (deep.kind == FERRY_SCHEDULE_MANUAL
                     ? _("Automatic sync: off")
                     : _("Automatic deep syncs begin after a first sync"));
  when = g_date_time_compare (next, now) <= 0 ? g_strdup (_("now"))
                                              : ferry_format_relative_time (next, now);
  text = g_string_new (NULL);
  if (is_deep)
    /* Translators: %s is e.g. “in 12 minutes” or “Sunday at 02:00” */
    g_string_printf (text, _("Next automatic sync: %s, a deep sync"), when);
  else
    /* Translators: %s is e.g. “in 12 minutes” or “today at 15:00” */
    g_string_printf (text, _("Next automatic sync: %s"), when);
  if (backing_off)
    g_string_append_printf (text, ngettext (" — put off after %u failed sync in a row",
                                            " — put off after %u failed syncs in a row",
                                            state->failures), state->failures);
  return g_string_free (text, FALSE);
}
