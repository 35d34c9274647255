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
  app_model_test_write_ledger (fixture->ledger_path, "ar.customer", 3);
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
