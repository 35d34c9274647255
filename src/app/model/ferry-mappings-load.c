/* ferry-mappings-load.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-mappings-load"

#include "config.h"

#include "ferry-ledger.h"
#include "ferry-mappings-load.h"

GHashTable *
ferry_mappings_read_tables (FerryAccountingDb  *db,
                            GError            **error)
{
  g_autoptr(GHashTable) tables = NULL;
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (db), NULL);

  names = ferry_accounting_db_list_tables (db, error);
  if (names == NULL)
    return NULL;

  tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) columns = ferry_accounting_db_list_columns (db, names[i], error);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      if (columns == NULL)
        return NULL;
      for (guint j = 0; j < columns->len; j++)
        g_strv_builder_add (builder, ((FerryAccountingColumn *) g_ptr_array_index (columns, j))->name);
      g_hash_table_insert (tables, g_strdup (names[i]), g_strv_builder_end (builder));
    }
  return g_steal_pointer (&tables);
}

GHashTable *
ferry_mappings_count_synced (GPtrArray *ledger_counts)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; ledger_counts != NULL && i < ledger_counts->len; i++)
    {
      const FerryLedgerEntityCounts *entity = g_ptr_array_index (ledger_counts, i);

      g_hash_table_insert (counts, g_strdup (entity->entity), GUINT_TO_POINTER (entity->synced));
    }
  return counts;
}

typedef struct
{
  char       *location;      /* owned */
  char       *ledger_path;   /* owned, nullable */
  GHashTable *tables;        /* owned, nullable: the result */
  GHashTable *synced_counts; /* owned, nullable: the result */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->location);
  g_free (data->ledger_path);
  g_clear_pointer (&data->tables, g_hash_table_unref);
  g_clear_pointer (&data->synced_counts, g_hash_table_unref);
  g_free (data);
}

static GHashTable *
read_location (const char  *location,
               GError     **error)
{
  g_autoptr(FerryAccountingDb) db = ferry_accounting_db_open (location, FERRY_ACCOUNTING_DB_READ_ONLY,
                                                              error);
  GHashTable *tables;

  if (db == NULL)
    return NULL;
  tables = ferry_mappings_read_tables (db, error);
  ferry_accounting_db_close (db, NULL);
  return tables;
}

static GHashTable *
read_ledger (const char  *ledger_path,
             GError     **error)
{
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(GPtrArray) counts = NULL;

  /* Opening creates the file: a connection that never ran has none. */
  if (ledger_path == NULL || !g_file_test (ledger_path, G_FILE_TEST_IS_REGULAR))
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ledger = ferry_ledger_open (ledger_path, error);
  if (ledger == NULL)
    return NULL;
  counts = ferry_ledger_count_by_entity (ledger, error);
  return counts != NULL ? ferry_mappings_count_synced (counts) : NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) tables_error = NULL;
  g_autoptr(GError) ledger_error = NULL;

  data->tables = read_location (data->location, &tables_error);
  if (!g_cancellable_is_cancelled (cancellable))
    data->synced_counts = read_ledger (data->ledger_path, &ledger_error);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (tables_error != NULL)
    g_task_return_error (task, g_steal_pointer (&tables_error));
  else if (ledger_error != NULL)
    g_task_return_error (task, g_steal_pointer (&ledger_error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ferry_mappings_load_async (FerryConnection     *connection,
                           const char          *ledger_path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  /* The connection is not thread-safe: the worker gets copies. */
  data = g_new0 (LoadData, 1);
  data->location = g_strdup (ferry_connection_get_location (connection));
  data->ledger_path = g_strdup (ledger_path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_mappings_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
ferry_mappings_load_finish (GAsyncResult  *result,
                            GHashTable   **out_tables,
                            GHashTable   **out_synced_counts,
                            GError       **error)
{
  LoadData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_mappings_load_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_tables != NULL)
    *out_tables = g_steal_pointer (&data->tables);
  if (out_synced_counts != NULL)
    *out_synced_counts = g_steal_pointer (&data->synced_counts);
  return g_task_propagate_boolean (G_TASK (result), error);
}
