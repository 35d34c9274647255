/* test-accounting-schema.c: the accounting schema and FerryAccountingDb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ferry-accounting-db.h"
#include "ferry-catalog.h"
#include "ferry-error.h"
#include "ferry-test-util.h"

typedef struct
{
  char *dir;  /* owned */
  char *path; /* owned; accounting.db in dir, not created */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ferry-accounting-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "accounting.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ferry_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A connection that bypasses FerryAccountingDb, as another program would. */
static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static void
exec_raw (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static char *
read_schema_sql (void)
{
  g_autoptr(GError) error = NULL;
  char *sql = NULL;

  g_assert_true (g_file_get_contents (g_getenv ("FERRY_SCHEMA_SQL"), &sql, NULL, &error));
  g_assert_no_error (error);
  return sql;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static FerryAccountingDb *
create_db (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  FerryAccountingDb *db = ferry_accounting_db_create (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static void
test_schema_applies (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *sql = read_schema_sql ();
  sqlite3 *raw = open_raw (fixture->path);
  sqlite3_stmt *stmt;

  /* The SQL file itself, as an administrator would run it. */
  exec_raw (raw, sql);
  g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, count_occurrences (sql, "CREATE TABLE "));
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 26);
  sqlite3_finalize (stmt);
  sqlite3_close (raw);
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) db = create_db (fixture);
  g_autoptr(FerryAccountingDb) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = read_schema_sql ();
  g_auto(GStrv) tables = NULL;

  g_assert_cmpstr (ferry_accounting_db_get_path (db), ==, fixture->path);
  g_assert_cmpint (ferry_accounting_db_get_schema_version (db, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (FERRY_ACCOUNTING_DB_SCHEMA_VERSION, ==, 1);

  tables = ferry_accounting_db_list_tables (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (tables), ==, count_occurrences (sql, "CREATE TABLE "));
  g_assert_cmpstr (tables[0], ==, "ar_customer_type");
  g_assert_true (g_strv_contains ((const char * const *) tables, "pr_time_entry"));
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *create = g_strdup_printf ("CREATE TABLE %s (", tables[i]);
      g_assert_nonnull (strstr (sql, create));
    }

  /* An existing database is never overwritten. */
  g_assert_true (ferry_accounting_db_close (db, &error));
  g_assert_no_error (error);
  again = ferry_accounting_db_create (fixture->path, &error);
  g_assert_null (again);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_EXISTS,
                                fixture->path, NULL);
}

static void
test_foreign_keys (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) db = create_db (fixture);
  sqlite3 *handle = ferry_accounting_db_get_handle (db);
  g_autoptr(GError) error = NULL;
  int rc;

  rc = sqlite3_exec (handle, "INSERT INTO cv_job (job, description, customer, status, modified_at) "
                             "VALUES ('23-104', 'School', 'C404', 'In Progress', "
                             "'2026-01-01T00:00:00Z')",
                     NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT_FOREIGNKEY);

  exec_raw (handle, "INSERT INTO ar_customer_type "
                    "VALUES ('PUB', 'Public works', '2026-01-01T00:00:00Z')");
  exec_raw (handle, "INSERT INTO ar_customer (customer, name, customer_type, modified_at) "
                    "VALUES ('C404', 'City of Lakewood', 'PUB', '2026-01-01T00:00:00Z')");
  exec_raw (handle, "INSERT INTO cv_job (job, description, customer, status, modified_at) "
                    "VALUES ('23-104', 'School', 'C404', 'In Progress', '2026-01-01T00:00:00Z')");

  /* Composite keys too: a cost code of a job that does not have it. */
  exec_raw (handle, "INSERT INTO jc_category VALUES ('L', 'Labor', '2026-01-01T00:00:00Z')");
  exec_raw (handle, "INSERT INTO pr_employee (employee, first_name, last_name, modified_at) "
                    "VALUES ('1042', 'Ana', 'Ruiz', '2026-01-01T00:00:00Z')");
  rc = sqlite3_exec (handle, "INSERT INTO pr_time_entry (employee, work_date, job, cost_code, "
                             "category, hours, modified_at) VALUES ('1042', '2026-01-02', "
                             "'23-104', '03-300', 'L', '8.00', '2026-01-02T00:00:00Z')",
                     NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT_FOREIGNKEY);

  /* A commitment change order number without its commitment, which the
   * composite foreign key alone would let through. */
  exec_raw (handle, "INSERT INTO jc_standard_cost_code VALUES ('03-300', 'Concrete', "
                    "'2026-01-01T00:00:00Z')");
  exec_raw (handle, "INSERT INTO jc_job_cost_code (job, cost_code, description, modified_at) "
                    "VALUES ('23-104', '03-300', 'Concrete', '2026-01-01T00:00:00Z')");
  rc = sqlite3_exec (handle, "INSERT INTO jc_transaction (transaction_id, job, cost_code, "
                             "category, transaction_date, transaction_type, amount, "
                             "commitment_change_order, modified_at) VALUES (1, '23-104', "
                             "'03-300', 'L', '2026-01-02', 'AP cost', 100, '001', "
                             "'2026-01-02T00:00:00Z')",
                     NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_CONSTRAINT_CHECK);

  g_assert_true (ferry_accounting_db_check_foreign_keys (db, &error));
  g_assert_no_error (error);
}

static void
test_verify_columns (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) db = create_db (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  const char * const good[] = { "job", "customer", "modified_at", NULL };
  const char * const one_missing[] = { "job", "foreman", NULL };
  const char * const two_missing[] = { "foreman", "job", "budget", NULL };
  FerryAccountingColumn *column;

  g_assert_true (ferry_accounting_db_verify_columns (db, "cv_job", good, &error));
  g_assert_no_error (error);

  g_assert_false (ferry_accounting_db_verify_columns (db, "cv_jobs", good, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
                                "no table “cv_jobs”", fixture->path, NULL);
  g_clear_error (&error);

  g_assert_false (ferry_accounting_db_verify_columns (db, "cv_job", one_missing, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
                                "no column “foreman”", "“cv_job”", fixture->path, NULL);
  g_assert_null (strstr (error->message, "“job”"));
  g_clear_error (&error);

  g_assert_false (ferry_accounting_db_verify_columns (db, "cv_job", two_missing, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
                                "no columns “foreman”, “budget”", NULL);
  g_clear_error (&error);

  columns = ferry_accounting_db_list_columns (db, "jc_transaction", &error);
  g_assert_no_error (error);
  column = g_ptr_array_index (columns, 0);
  g_assert_cmpstr (column->name, ==, "transaction_id");
  g_assert_cmpint (column->primary_key, ==, 1);
  column = g_ptr_array_index (columns, columns->len - 1);
  g_assert_cmpstr (column->name, ==, "modified_at");
  g_assert_true (column->not_null);
  g_assert_false (column->has_default);
}

/* What "Test connection" will check: every table and field of the catalog
 * exists in the reference schema. */
static void
test_catalog_matches_schema (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) db = create_db (fixture);
  GListModel *catalog = G_LIST_MODEL (ferry_catalog_get_default ());

  g_assert_cmpuint (g_list_model_get_n_items (catalog), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (catalog); i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (catalog, i);
      GListModel *models[] = { ferry_entity_type_get_fields (type),
                               ferry_entity_type_get_item_fields (type) };
      const char *tables[] = { ferry_entity_type_get_table (type),
                               ferry_entity_type_get_items_table (type) };

      for (guint m = 0; m < G_N_ELEMENTS (models); m++)
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new ();
          g_autoptr(GError) error = NULL;

          if (tables[m] == NULL)
            continue;
          for (guint f = 0; f < g_list_model_get_n_items (models[m]); f++)
            {
              g_autoptr(FerryField) field = g_list_model_get_item (models[m], f);
              g_ptr_array_add (names, (gpointer) ferry_field_get_name (field));
            }
          g_ptr_array_add (names, NULL);
          ferry_accounting_db_verify_columns (db, tables[m], (const char * const *) names->pdata,
                                              &error);
          g_assert_no_error (error);
        }
    }
}

static void
test_count_rows (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) db = create_db (fixture);
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  g_assert_true (ferry_accounting_db_count_rows (db, "jc_category", &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 0);

  exec_raw (ferry_accounting_db_get_handle (db),
            "INSERT INTO jc_category VALUES ('L', 'Labor', '2026-01-01T00:00:00Z'),"
            " ('M', 'Material', '2026-01-01T00:00:00Z')");
  g_assert_true (ferry_accounting_db_count_rows (db, "jc_category", &count, &error));
  g_assert_cmpint (count, ==, 2);

  /* Names are never pasted into SQL unchecked. */
  g_assert_false (ferry_accounting_db_count_rows (db, "jc_category; DROP TABLE cv_job", &count, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_SCHEMA);
  g_assert_true (ferry_accounting_db_has_table (db, "cv_job", NULL));
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(GError) error = NULL;

  db = ferry_accounting_db_open (fixture->path, FERRY_ACCOUNTING_DB_READ_WRITE, &error);
  g_assert_null (db);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                                fixture->path, "does not exist", NULL);
  /* Opening must not create it. */
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  g_clear_error (&error);
  db = ferry_accounting_db_open (fixture->dir, FERRY_ACCOUNTING_DB_READ_ONLY, &error);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                                "folder", NULL);
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (8192, 'x');

  g_assert_true (g_file_set_contents (fixture->path, text, -1, &error));
  db = ferry_accounting_db_open (fixture->path, FERRY_ACCOUNTING_DB_READ_ONLY, &error);
  g_assert_null (db);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                                fixture->path, "not an SQLite database", NULL);
}

static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) created = create_db (fixture);
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(FerryAccountingDb) opened = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other;
  gint64 count;

  g_assert_true (ferry_accounting_db_close (created, &error));
  opened = ferry_accounting_db_open_full (fixture->path, FERRY_ACCOUNTING_DB_READ_WRITE, 50, &error);
  g_assert_no_error (error);

  /* Another program writing: it holds the database exclusively. */
  other = open_raw (fixture->path);
  exec_raw (other, "BEGIN EXCLUSIVE");

  db = ferry_accounting_db_open_full (fixture->path, FERRY_ACCOUNTING_DB_READ_ONLY, 50, &error);
  g_assert_null (db);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_BUSY,
                                "is locked by another program; close it and try again",
                                fixture->path, NULL);
  g_clear_error (&error);

  /* And on a connection opened before the lock. */
  g_assert_false (ferry_accounting_db_count_rows (opened, "cv_job", &count, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_BUSY);
  g_clear_error (&error);

  exec_raw (other, "ROLLBACK");
  sqlite3_close (other);
  g_assert_true (ferry_accounting_db_count_rows (opened, "cv_job", &count, &error));
  g_assert_no_error (error);
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) created = create_db (fixture);
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_assert_true (ferry_accounting_db_close (created, &error));
  db = ferry_accounting_db_open (fixture->path, FERRY_ACCOUNTING_DB_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ferry_accounting_db_get_schema_version (db, &error), ==, 1);

  stmt = ferry_accounting_db_prepare (db, "INSERT INTO jc_category VALUES (?1, ?2, ?3)",
                                      "add a category", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, "L", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, "Labor", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, "2026-01-01T00:00:00Z", -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  g_assert_false (ferry_accounting_db_fail (db, rc, "add a category", &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                                "Could not add a category", "read-only", NULL);
}

static void
test_foreign_key_check (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) created = create_db (fixture);
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other;

  g_assert_true (ferry_accounting_db_close (created, &error));

  /* Another program that does not enforce foreign keys. */
  other = open_raw (fixture->path);
  exec_raw (other, "PRAGMA foreign_keys = OFF;"
                   "INSERT INTO cv_job (job, description, customer, status, modified_at) "
                   "VALUES ('23-104', 'School', 'C404', 'Open', '2026-01-01T00:00:00Z')");
  sqlite3_close (other);

  db = ferry_accounting_db_open (fixture->path, FERRY_ACCOUNTING_DB_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_accounting_db_check_integrity (db, &error));
  g_assert_no_error (error);
  g_assert_false (ferry_accounting_db_check_foreign_keys (db, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                                "1 row whose references point nowhere",
                                "“cv_job” refers to a missing row of “ar_customer”", NULL);
}

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FerryAccountingDb) created = create_db (fixture);
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize size;
  sqlite3_stmt *stmt;

  /* Enough rows for several pages of one table and its index. */
  stmt = ferry_accounting_db_prepare (created, "INSERT INTO jc_standard_cost_code VALUES "
                                      "(printf ('%05d', ?1), 'Cost code with a long description', "
                                      "'2026-01-01T00:00:00Z')", "add cost codes", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 3000; i++)
    {
      sqlite3_bind_int (stmt, 1, i);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_true (ferry_accounting_db_close (created, &error));

  g_assert_true (g_file_get_contents (fixture->path, &bytes, &size, &error));
  g_assert_cmpuint (size, >, 40 * 4096);
  memset (bytes + size - 3 * 4096 + 100, 0xff, 300);
  g_assert_true (g_file_set_contents (fixture->path, bytes, (gssize) size, &error));

  db = ferry_accounting_db_open (fixture->path, FERRY_ACCOUNTING_DB_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (ferry_accounting_db_check_integrity (db, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                                "is damaged", "restore it from a backup", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/accounting-db/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("schema-applies", test_schema_applies);
  ADD ("create", test_create);
  ADD ("foreign-keys", test_foreign_keys);
  ADD ("verify-columns", test_verify_columns);
  ADD ("catalog-matches-schema", test_catalog_matches_schema);
  ADD ("count-rows", test_count_rows);
  ADD ("missing-file", test_missing_file);
  ADD ("not-a-database", test_not_a_database);
  ADD ("locked", test_locked);
  ADD ("read-only", test_read_only);
  ADD ("foreign-key-check", test_foreign_key_check);
  ADD ("damaged", test_damaged);
#undef ADD

  return g_test_run ();
}
