/* test-connection-test.c: "Test connection" on real SQLite files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "app-model-test-util.h"
#include "ferry-connection-test.h"

typedef struct
{
  FerryCatalog    *catalog;
  FerryConnection *connection;
  char            *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->catalog = app_model_test_load_catalog ();
  fixture->connection = app_model_test_new_connection (fixture->catalog, NULL);
  fixture->dir = g_dir_make_tmp ("ferry-connection-test-XXXXXX", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "acct.db", NULL);

  g_remove (path);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_clear_object (&fixture->connection);
  g_clear_object (&fixture->catalog);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static FerryConnectionTestResult *
run_test (Fixture  *fixture,
          GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_connection_test_async (fixture->connection, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ferry_connection_test_finish (result, error);
}

/* Tests a connection on a new database changed by @sql. */
static FerryConnectionTestResult *
test_database (Fixture    *fixture,
               const char *sql)
{
  g_autofree char *path = app_model_test_create_accounting_db (fixture->dir, sql);
  g_autoptr(GError) error = NULL;
  FerryConnectionTestResult *result;

  ferry_connection_set_location (fixture->connection, path);
  result = run_test (fixture, &error);
  g_assert_no_error (error);
  return result;
}

static void
test_schema_ok (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FerryConnectionTestResult) result =
    test_database (fixture, "INSERT INTO ar_customer_type VALUES ('A', 'a', '2026-01-01');");
  g_autofree char *heading = ferry_connection_test_describe_heading (result);
  g_autofree char *details = ferry_connection_test_describe_details (result);

  g_assert_cmpuint (result->n_missing, ==, 0);
  g_assert_cmpuint (result->entries->len, >, 0);
  g_assert_cmpstr (heading, ==, "Schema OK: 1 records");
  g_assert_nonnull (strstr (details, "Customer Type: 1 records"));
  g_assert_nonnull (strstr (details, "Customer: 0 records"));
}

static void
test_missing_table (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FerryConnectionTestResult) result = test_database (fixture, "DROP TABLE ar_customer;");
  g_autofree char *heading = ferry_connection_test_describe_heading (result);
  g_autofree char *details = ferry_connection_test_describe_details (result);

  g_assert_cmpuint (result->n_missing, ==, 1);
  g_assert_cmpstr (heading, ==, "1 entity type cannot be read");
  g_assert_true (g_str_has_prefix (details, "Customer: its table is missing\n"));
}

static void
test_no_database (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "nothing.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryConnectionTestResult) result = NULL;

  ferry_connection_set_location (fixture->connection, path);
  result = run_test (fixture, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
}

static void
test_last_run_never (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *ledger = g_build_filename (fixture->dir, "ledger.db", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ferry_connection_last_run_async (ledger, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (ferry_connection_last_run_finish (result, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (ledger, G_FILE_TEST_EXISTS));
  text = ferry_connection_describe_last_run (NULL);
  g_assert_cmpstr (text, ==, "Never synced");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/app/connection-test/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("schema-ok", test_schema_ok);
  ADD ("missing-table", test_missing_table);
  ADD ("no-database", test_no_database);
  ADD ("last-run-never", test_last_run_never);
#undef ADD

  return g_test_run ();
}
