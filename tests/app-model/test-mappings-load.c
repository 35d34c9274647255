/* test-mappings-load.c: what the Mappings dialog reads off the main
 * thread — the accounting database's tables, the ledger's counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "app-model-test-util.h"
#include "ferry-error.h"
#include "ferry-ledger.h"
#include "ferry-mappings-editor.h"
#include "ferry-mappings-load.h"
#include "ferry-record-key.h"
#include "ferry-test-util.h"

typedef struct
{
  FerryCatalog    *catalog;
  FerryConnection *connection;
  char            *dir;
  char            *ledger_path; /* a ledger with 3 customers synced */
  char            *no_ledger;   /* never written */
} Fixture;

/* A ledger in which @n records of @entity are synced. */
static void
write_ledger (const char *path,
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

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
load (FerryConnection  *connection,
      const char       *ledger_path,
      GHashTable      **out_tables,
      GHashTable      **out_counts,
      GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_mappings_load_async (connection, ledger_path, NULL, on_loaded, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ferry_mappings_load_finish (result, out_tables, out_counts, error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->catalog = app_model_test_load_catalog ();
  fixture->connection = app_model_test_new_connection (fixture->catalog, NULL);
  fixture->dir = g_dir_make_tmp ("ferry-mappings-load-XXXXXX", &error);
  g_assert_no_error (error);
  path = app_model_test_create_accounting_db (fixture->dir, "DROP TABLE pr_time_entry;");
  ferry_connection_set_location (fixture->connection, path);
  fixture->ledger_path = g_build_filename (fixture->dir, "ledger.db", NULL);
  fixture->no_ledger = g_build_filename (fixture->dir, "none.db", NULL);
  write_ledger (fixture->ledger_path, "ar.customer", 3);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->connection);
  g_clear_object (&fixture->catalog);
  ferry_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->ledger_path);
  g_free (fixture->no_ledger);
}

/* Both read, and the editor takes them. */
static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryMappingsEditor) editor = NULL;
  g_autofree char *question = NULL;

  g_assert_true (load (fixture->connection, fixture->ledger_path, &tables, &counts, &error));
  g_assert_no_error (error);
  g_assert_false (g_hash_table_contains (tables, "pr_time_entry"));
  g_assert_true (g_strv_contains (g_hash_table_lookup (tables, "cv_job"), "start_date"));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "ar.customer")), ==, 3);

  editor = ferry_mappings_editor_new (fixture->connection, tables, counts);
  g_assert_false (ferry_mappings_toggle_get_sensitive (
    FERRY_MAPPINGS_TOGGLE (ferry_mappings_editor_lookup_entity (editor, "export.time_entry"))));
  question = ferry_mappings_editor_confirmation_for_disable (editor,
    ferry_mappings_editor_lookup_entity (editor, "ar.customer"));
  g_assert_nonnull (strstr (question, "3 Customer records are in the cloud."));
}

/* A connection that never ran has no ledger, and reading makes none. */
static void
test_no_ledger (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (load (fixture->connection, fixture->no_ledger, &tables, &counts, &error));
  g_assert_no_error (error);
  g_assert_nonnull (tables);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
  g_assert_false (g_file_test (fixture->no_ledger, G_FILE_TEST_EXISTS));
}

/* No accounting database: an error, and the counts all the same. */
static void
test_no_database (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;

  ferry_connection_set_location (fixture->connection, fixture->no_ledger);
  g_assert_false (load (fixture->connection, fixture->ledger_path, &tables, &counts, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_assert_null (tables);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "ar.customer")), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/mappings-load/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("load", test_load);
  ADD ("no-ledger", test_no_ledger);
  ADD ("no-database", test_no_database);
#undef ADD

  return g_test_run ();
}
