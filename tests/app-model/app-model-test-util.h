/* app-model-test-util.h: what the tests of src/app/model share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-accounting-db.h"
#include "ferry-connection.h"
#include "ferry-ledger.h"
#include "ferry-record-key.h"
#include "ferry-run-lock.h"

G_BEGIN_DECLS

/* data/catalog.json, as the tests' environment names it. */
static inline FerryCatalog *
app_model_test_load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  FerryCatalog *catalog;

  g_assert_nonnull (g_getenv ("FERRY_CATALOG_JSON"));
  catalog = ferry_catalog_new_from_file (g_getenv ("FERRY_CATALOG_JSON"), &error);
  g_assert_no_error (error);
  return catalog;
}

/* A new connection with the defaults, and @preset_id (nullable) applied. */
static inline FerryConnection *
app_model_test_new_connection (FerryCatalog *catalog,
                               const char   *preset_id)
{
  FerryConnection *connection = ferry_connection_new (catalog, "Main office");

  if (preset_id != NULL)
    {
      FerryPreset *preset = ferry_catalog_lookup_preset (catalog, preset_id);

      g_assert_nonnull (preset);
      ferry_connection_apply_preset (connection, preset);
    }
  return connection;
}

/* The ids of the catalog's entity types with these labels, in the order
 * given (NULL-terminated labels). */
static inline GStrv
app_model_test_ids_of_labels (FerryCatalog       *catalog,
                              const char * const *labels)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; labels[i] != NULL; i++)
    {
      FerryEntityType *type = ferry_catalog_lookup_by_label (catalog, labels[i]);

      if (type == NULL)
        g_error ("The catalog has no entity type labelled “%s”", labels[i]);
      g_strv_builder_add (builder, ferry_entity_type_get_id (type));
    }
  return g_strv_builder_end (builder);
}

/* Creates <@dir>/acct.db with the built-in schema, then runs @sql
 * (nullable) on it, e.g. to drop a table. Returns: (transfer full) its path. */
static inline char *
app_model_test_create_accounting_db (const char *dir,
                                     const char *sql)
{
  g_autofree char *path = g_build_filename (dir, "acct.db", NULL);
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(GError) error = NULL;

  db = ferry_accounting_db_create (path, &error);
  g_assert_no_error (error);
  if (sql != NULL)
    ferry_accounting_db_exec (db, sql, "change the test database", &error);
  g_assert_no_error (error);
  ferry_accounting_db_close (db, NULL);
  return g_steal_pointer (&path);
}

/* A ledger in which @n records of @entity are synced. */
static inline void
app_model_test_write_ledger (const char *path,
                             const char *entity,
                             guint       n)
{
  const char * const entities[] = { entity, NULL };
  FerryLedgerRunInfo info = { FERRY_LEDGER_TRIGGER_MANUAL, FERRY_LEDGER_SYNC_DEEP,
                              FERRY_LEDGER_DIRECTION_PUSH, "all", entities };
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryLedger) ledger = ferry_ledger_open (path, &error);
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GArray) outcomes = g_array_new (FALSE, TRUE, sizeof (FerryLedgerOutcome));
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gint64 run_id;

  g_assert_no_error (error);
  lock = ferry_run_lock_try_acquire (ferry_ledger_get_lock_path (ledger), "Main office", "test", &error);
  g_assert_no_error (error);
  run_id = ferry_ledger_begin_run (ledger, lock, &info, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      FerryLedgerOutcome outcome = { 0 };
      g_autofree char *value = g_strdup_printf ("C%03u", i);

      g_ptr_array_add (keys, ferry_record_key_to_text ((const char * const[]) { value, NULL }));
      outcome.entity = entity;
      outcome.key_text = g_ptr_array_index (keys, i);
      outcome.op = FERRY_LEDGER_OP_UPSERT;
      outcome.hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
      outcome.kind = FERRY_LEDGER_OUTCOME_CREATED;
      outcome.version = 1;
      g_array_append_val (outcomes, outcome);
    }
  ferry_ledger_apply_batch_results (ledger, run_id, (FerryLedgerOutcome *) outcomes->data,
                                    outcomes->len, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_ledger_finish_run (ledger, run_id, NULL, FERRY_LEDGER_RESULT_SUCCEEDED, NULL, &error));
  g_assert_no_error (error);
}

G_END_DECLS
