/* ferry-connection-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-connection-test"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-accounting-db.h"
#include "ferry-app-format.h"
#include "ferry-connection-test.h"
#include "ferry-mappings-load.h"

static void
entry_free (FerryConnectionTestEntry *entry)
{
  g_free (entry->entity_id);
  g_free (entry->label);
  g_strfreev (entry->missing);
  g_free (entry);
}

void
ferry_connection_test_result_free (FerryConnectionTestResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_free (result);
}

/* The non-optional columns of @type that @columns (nullable: no table)
 * lacks; NULL when it has them all. */
static GStrv
find_missing (FerryEntityType    *type,
              const char * const *columns)
{
  GListModel *fields = ferry_entity_type_get_fields (type);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n_missing = 0;

  if (columns == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);
      const char *name = ferry_field_get_name (field);

      if (!ferry_field_get_optional (field) && !g_strv_contains (columns, name))
        {
          g_strv_builder_add (builder, name);
          n_missing++;
        }
    }
  return n_missing > 0 ? g_strv_builder_end (builder) : NULL;
}

static FerryConnectionTestEntry *
test_entity (FerryAccountingDb *db,
             GHashTable        *tables,
             FerryEntityType   *type,
             GError           **error)
{
  g_autofree FerryConnectionTestEntry *entry = g_new0 (FerryConnectionTestEntry, 1);
  const char *table = ferry_entity_type_get_table (type);
  const char * const *columns = g_hash_table_lookup (tables, table);

  entry->count = -1;
  if (columns != NULL)
    {
      entry->missing = find_missing (type, columns);
      if (!ferry_accounting_db_count_rows (db, table, &entry->count, error))
        return NULL;
    }
  entry->entity_id = g_strdup (ferry_entity_type_get_id (type));
  entry->label = g_strdup (ferry_entity_type_get_label (type));
  return g_steal_pointer (&entry);
}

static FerryConnectionTestResult *
test_tables (FerryConnection   *connection,
             FerryAccountingDb *db,
             GHashTable        *tables,
             GError           **error)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (connection);
  g_auto(GStrv) enabled = ferry_connection_dup_enabled_entities (connection);
  g_autoptr(FerryConnectionTestResult) result = g_new0 (FerryConnectionTestResult, 1);

  result->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (guint i = 0; enabled[i] != NULL; i++)
    {
      FerryEntityType *type = ferry_catalog_lookup (catalog, enabled[i]);
      FerryConnectionTestEntry *entry;

      if (type == NULL || !ferry_entity_type_is_push (type))
        continue;
      entry = test_entity (db, tables, type, error);
      if (entry == NULL)
        return NULL;
      if (entry->count < 0 || entry->missing != NULL)
        result->n_missing++;
      g_ptr_array_add (result->entries, entry);
    }
  return g_steal_pointer (&result);
}

FerryConnectionTestResult *
ferry_connection_test_run (FerryConnection  *connection,
                           GError          **error)
{
  const char *location = ferry_connection_get_location (connection);
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(GHashTable) tables = NULL;
  FerryConnectionTestResult *result;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);

  if (location == NULL || *location == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The connection has no accounting database. Choose its file in Edit."));
      return NULL;
    }
  db = ferry_accounting_db_open (location, FERRY_ACCOUNTING_DB_READ_ONLY, error);
  if (db == NULL)
    return NULL;
  tables = ferry_mappings_read_tables (db, error);
  result = tables != NULL ? test_tables (connection, db, tables, error) : NULL;
  ferry_accounting_db_close (db, NULL);
  return result;
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  FerryConnectionTestResult *result = ferry_connection_test_run (task_data, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ferry_connection_test_result_free);
}

void
ferry_connection_test_async (FerryConnection     *connection,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  g_task_set_source_tag (task, ferry_connection_test_async);
  /* The connection is not thread-safe: the worker gets a copy. */
  g_task_set_task_data (task, ferry_connection_copy (connection), g_object_unref);
  g_task_run_in_thread (task, test_thread);
}

FerryConnectionTestResult *
ferry_connection_test_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
ferry_connection_test_describe_heading (const FerryConnectionTestResult *result)
{
  gint64 total = 0;
  g_autofree char *records = NULL;

  if (result->n_missing > 0)
    return g_strdup_printf (ngettext ("%u entity type cannot be read",
                                      "%u entity types cannot be read", result->n_missing),
                            result->n_missing);
  for (guint i = 0; i < result->entries->len; i++)
    total += ((FerryConnectionTestEntry *) g_ptr_array_index (result->entries, i))->count;
  records = ferry_format_number ((guint64) total);
  /* Translators: after a successful "Test connection"; %s is a number of records */
  return g_strdup_printf (_("Schema OK: %s records"), records);
}

static char *
describe_entry (const FerryConnectionTestEntry *entry)
{
  g_autofree char *count = NULL;
  g_autofree char *columns = NULL;

  if (entry->count < 0)
    /* Translators: %s is an entity type, e.g. "Customer" */
    return g_strdup_printf (_("%s: its table is missing"), entry->label);
  if (entry->missing != NULL)
    {
      columns = g_strjoinv (", ", entry->missing);
      /* Translators: an entity type, then the columns it lacks */
      return g_strdup_printf (_("%s: missing columns %s"), entry->label, columns);
    }
  count = ferry_format_number ((guint64) entry->count);
  /* Translators: an entity type and how many records its table holds */
  return g_strdup_printf (_("%s: %s records"), entry->label, count);
}

char *
ferry_connection_test_describe_details (const FerryConnectionTestResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* What cannot be read first: that is what the administrator must fix. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < result->entries->len; i++)
      {
        const FerryConnectionTestEntry *entry = g_ptr_array_index (result->entries, i);
        gboolean broken = entry->count < 0 || entry->missing != NULL;
        g_autofree char *line = NULL;

        if (broken != (pass == 0))
          continue;
        line = describe_entry (entry);
        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_string_append (text, line);
      }
  if (text->len == 0)
    g_string_append (text, _("The connection syncs no entity types yet: choose them in Mappings."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
last_run_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(FerryLedger) ledger = NULL;
  FerryLedgerRun *run = NULL;
  GError *error = NULL;

  /* Opening creates the file: a connection that never ran has none. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  ledger = ferry_ledger_open (path, &error);
  if (ledger == NULL || !ferry_ledger_get_last_run (ledger, &run, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, run, (GDestroyNotify) ferry_ledger_run_free);
}

void
ferry_connection_last_run_async (const char          *ledger_path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ferry_connection_last_run_async);
  g_task_set_task_data (task, g_strdup (ledger_path), g_free);
  g_task_run_in_thread (task, last_run_thread);
}

FerryLedgerRun *
ferry_connection_last_run_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
ferry_connection_describe_last_run (const FerryLedgerRun *run)
{
  g_autofree char *counts = NULL;

  if (run == NULL)
    return g_strdup (_("Never synced"));
  counts = ferry_format_run_counts (&run->counts);
  /* Translators: a run's result, e.g. "Succeeded", then its counts */
  return g_strdup_printf (_("%s · %s"), ferry_format_run_result (run->result), counts);
}
