/* test-demo-data.c: FerryRandom, FerryDemoGenerator and ferryctl demo-data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ferry-accounting-db.h"
#include "ferry-demo-generator.h"
#include "ferry-error.h"
#include "ferry-random.h"
#include "ferry-resources.h"
#include "ferry-test-util.h"

#define SCALE_RECORDS 200000

typedef struct
{
  char *dir; /* owned */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ferry-demo-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ferry_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static FerryDemoGenerator *
generate (const char *path,
          guint64     seed,
          guint64     records)
{
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(GError) error = NULL;

  ferry_demo_generator_set_seed (generator, seed);
  ferry_demo_generator_set_records (generator, records);
  g_assert_true (ferry_demo_generator_run (generator, path, FALSE, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&generator);
}

static FerryAccountingDb *
open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  FerryAccountingDb *db = ferry_accounting_db_open (path, FERRY_ACCOUNTING_DB_READ_ONLY, &error);

  g_assert_no_error (error);
  return db;
}

/* The text of the first column of every row, joined by newlines. */
static char *
query_text (FerryAccountingDb *db,
            const char        *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3_stmt *stmt = ferry_accounting_db_prepare (db, sql, "run a test query", &error);
  int rc;

  g_assert_no_error (error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (text, "%s\n", (const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_query (FerryAccountingDb *db,
              const char        *sql,
              const char        *expected)
{
  g_autofree char *text = query_text (db, sql);

  g_assert_cmpstr (text, ==, expected);
}

static gint64
query_int (FerryAccountingDb *db,
           const char        *sql)
{
  g_autofree char *text = query_text (db, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

/* Rows of every table; checks each is non-empty and agrees with the
 * generator's count. */
static guint64
count_all_rows (FerryAccountingDb  *db,
                FerryDemoGenerator *generator)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tables = ferry_accounting_db_list_tables (db, &error);
  guint64 total = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (tables), ==, 26);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      gint64 count = 0;

      g_assert_true (ferry_accounting_db_count_rows (db, tables[i], &count, &error));
      g_assert_no_error (error);
      if (count == 0)
        g_error ("Table %s is empty", tables[i]);
      g_assert_cmpuint (ferry_demo_generator_get_row_count (generator, tables[i]), ==, count);
      total += count;
    }
  return total;
}

static void
test_random (void)
{
  FerryRandom a, b, c, stream_a, stream_b;
  guint64 first;
  gboolean seen_lo = FALSE, seen_hi = FALSE;
  g_autoptr(GPtrArray) words = g_ptr_array_new ();

  ferry_random_init (&a, 42);
  ferry_random_init (&b, 42);
  ferry_random_init (&c, 43);
  first = ferry_random_next (&a);
  g_assert_cmpuint (first, ==, ferry_random_next (&b));
  g_assert_cmpuint (first, !=, ferry_random_next (&c));
  /* xoshiro256** seeded through splitmix64: fixed across platforms. */
  ferry_random_init (&a, 0);
  g_assert_cmpuint (ferry_random_next (&a), ==, G_GUINT64_CONSTANT (0x99ec5f36cb75f2b4));

  ferry_random_init_stream (&stream_a, 7, "cv_job");
  ferry_random_init_stream (&stream_b, 7, "cv_job");
  g_assert_cmpuint (ferry_random_next (&stream_a), ==, ferry_random_next (&stream_b));
  ferry_random_init_stream (&stream_b, 7, "ar_customer");
  g_assert_cmpuint (ferry_random_next (&stream_a), !=, ferry_random_next (&stream_b));
  ferry_random_init_stream (&stream_b, 8, "cv_job");
  g_assert_cmpuint (ferry_random_next (&stream_a), !=, ferry_random_next (&stream_b));

  g_ptr_array_add (words, (gpointer) "concrete");
  g_ptr_array_add (words, (gpointer) "steel");
  for (int i = 0; i < 10000; i++)
    {
      gint64 value = ferry_random_int_range (&a, -3, 3);
      double u = ferry_random_double (&a);
      const char *word = ferry_random_pick (&a, words);

      g_assert_cmpint (value, >=, -3);
      g_assert_cmpint (value, <=, 3);
      seen_lo |= value == -3;
      seen_hi |= value == 3;
      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      g_assert_true (word == words->pdata[0] || word == words->pdata[1]);
      g_assert_cmpuint (ferry_random_index (&a, 5), <, 5);
    }
  g_assert_true (seen_lo && seen_hi);
  g_assert_false (ferry_random_chance (&a, 0.0));
  g_assert_true (ferry_random_chance (&a, 1.0));
}

static void
test_deterministic (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *one = fixture_path (fixture, "one.db");
  g_autofree char *two = fixture_path (fixture, "two.db");
  g_autofree char *other = fixture_path (fixture, "other.db");
  g_autoptr(FerryDemoGenerator) g1 = generate (one, 7, 5000);
  g_autoptr(FerryDemoGenerator) g2 = generate (two, 7, 5000);
  g_autoptr(FerryDemoGenerator) g3 = generate (other, 8, 5000);
  g_autofree char *bytes_one = NULL, *bytes_two = NULL, *bytes_other = NULL;
  gsize size_one, size_two, size_other;
  g_autoptr(FerryAccountingDb) db_one = NULL;
  g_autoptr(FerryAccountingDb) db_other = NULL;
  g_autofree char *names_one = NULL, *names_other = NULL;

  g_assert_true (g_file_get_contents (one, &bytes_one, &size_one, NULL));
  g_assert_true (g_file_get_contents (two, &bytes_two, &size_two, NULL));
  g_assert_true (g_file_get_contents (other, &bytes_other, &size_other, NULL));
  g_assert_cmpuint (size_one, >, 100000);
  g_assert_cmpmem (bytes_one, size_one, bytes_two, size_two);
  g_assert_false (size_one == size_other && memcmp (bytes_one, bytes_other, size_one) == 0);

  /* A different seed is a different company, not just different bytes. */
  db_one = open_db (one);
  db_other = open_db (other);
  names_one = query_text (db_one, "SELECT name FROM ar_customer ORDER BY customer LIMIT 20");
  names_other = query_text (db_other, "SELECT name FROM ar_customer ORDER BY customer LIMIT 20");
  g_assert_cmpstr (names_one, !=, names_other);
}

static void
test_integrity (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "demo.db");
  g_autoptr(FerryDemoGenerator) generator = generate (path, 1, 20000);
  g_autoptr(FerryAccountingDb) db = open_db (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) natural_key = g_regex_new ("^[0-9]{2}-[0-9]{3}$", 0, 0, NULL);
  g_autofree char *jobs = NULL, *cost_codes = NULL;
  g_auto(GStrv) tables = NULL;

  g_assert_true (ferry_accounting_db_check_foreign_keys (db, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_accounting_db_check_integrity (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_accounting_db_get_schema_version (db, &error), ==, 1);
  g_assert_cmpuint (count_all_rows (db, generator), ==, 20000);
  assert_query (db, "PRAGMA journal_mode", "delete\n");

  /* Natural keys as the accounting system shows them. */
  jobs = query_text (db, "SELECT job FROM cv_job");
  cost_codes = query_text (db, "SELECT cost_code FROM jc_standard_cost_code");
  for (guint k = 0; k < 2; k++)
    {
      g_auto(GStrv) keys = g_strsplit (k == 0 ? jobs : cost_codes, "\n", -1);

      g_assert_cmpuint (g_strv_length (keys), >, 20);
      for (guint i = 0; keys[i][0] != '\0'; i++)
        {
          if (!g_regex_match (natural_key, keys[i], 0, NULL))
            g_error ("“%s” does not look like a job or cost code", keys[i]);
        }
    }
  assert_query (db, "SELECT count(*) FROM pr_employee WHERE employee NOT GLOB '[1-9][0-9][0-9][0-9]*'",
                "0\n");
  assert_query (db, "SELECT group_concat (category, '') FROM "
                "(SELECT category FROM jc_category ORDER BY rowid)", "LMSEO\n");

  /* Money is integer cents, hours exact decimal text. */
  assert_query (db, "SELECT count(*) FROM jc_transaction WHERE typeof (amount) != 'integer'", "0\n");
  assert_query (db, "SELECT count(*) FROM pr_time_entry WHERE hours NOT GLOB '[0-9]*.[0-9][0-9]'",
                "0\n");

  /* The composite reference is all or nothing, and it is used. */
  assert_query (db, "SELECT count(*) FROM jc_transaction "
                "WHERE commitment_change_order IS NOT NULL AND commitment IS NULL", "0\n");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM jc_transaction "
                              "WHERE commitment_change_order IS NOT NULL"), >, 0);

  /* Modification times: the format, several years, none on or after as-of. */
  tables = ferry_accounting_db_list_tables (db, &error);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE modified_at NOT GLOB "
                                              "'20[0-9][0-9]-[01][0-9]-[0-3][0-9]T"
                                              "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z' "
                                              "OR modified_at >= '2026-11-01'", tables[i]);
      assert_query (db, sql, "0\n");
    }
  assert_query (db, "SELECT min (substr (modified_at, 1, 4)) <= '2021' FROM jc_transaction", "1\n");
  assert_query (db, "SELECT max (substr (modified_at, 1, 7)) FROM jc_transaction", "2026-10\n");
  g_assert_cmpint (query_int (db, "SELECT count (DISTINCT substr (modified_at, 1, 4)) "
                              "FROM jc_transaction"), >=, 5);
}

static void
test_as_of (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "demo.db");
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(FerryAccountingDb) db = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (ferry_demo_generator_set_as_of_string (generator, "2024-02-30", &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (ferry_demo_generator_set_as_of_string (generator, "2024-03-15", &error));
  ferry_demo_generator_set_records (generator, 3000);
  g_assert_true (ferry_demo_generator_run (generator, path, FALSE, NULL, &error));
  g_assert_no_error (error);

  db = open_db (path);
  assert_query (db, "SELECT max (modified_at) < '2024-03-15' FROM jc_transaction", "1\n");
  assert_query (db, "SELECT min (modified_at) >= '2018-03-15' FROM jc_transaction", "1\n");
}

static void
test_scale (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "scale.db");
  g_autoptr(FerryDemoGenerator) generator = generate (path, 3, SCALE_RECORDS);
  g_autoptr(FerryAccountingDb) db = open_db (path);
  g_autoptr(GError) error = NULL;
  guint64 transactions = ferry_demo_generator_get_row_count (generator, "jc_transaction");
  guint64 jobs = ferry_demo_generator_get_row_count (generator, "cv_job");

  g_assert_cmpuint (count_all_rows (db, generator), ==, SCALE_RECORDS);
  g_assert_true (ferry_accounting_db_check_foreign_keys (db, &error));
  g_assert_no_error (error);
  /* The shape asked for: transactions most, jobs about one in a hundred. */
  g_assert_cmpuint (transactions, >, SCALE_RECORDS / 2);
  g_assert_cmpuint (jobs, >, SCALE_RECORDS / 200);
  g_assert_cmpuint (jobs, <, SCALE_RECORDS / 50);
}

static void
test_overwrite (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "demo.db");
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "keep me", -1, &error));
  ferry_demo_generator_set_records (generator, 1000);
  g_assert_false (ferry_demo_generator_run (generator, path, FALSE, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_EXISTS, path, NULL);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  g_assert_cmpuint (ferry_test_count_files (fixture->dir), ==, 1);

  g_assert_true (ferry_demo_generator_run (generator, path, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_test_count_files (fixture->dir), ==, 1);
  {
    g_autoptr(FerryAccountingDb) db = open_db (path);
    g_assert_cmpuint (count_all_rows (db, generator), ==, 1000);
  }
}

static void
test_too_few (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "demo.db");
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *min_text = NULL;
  guint64 min = ferry_demo_generator_get_min_records (generator, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (min, >, 26);
  g_assert_cmpuint (min, <, 1000);
  min_text = g_strdup_printf ("at least %" G_GUINT64_FORMAT " records", min);

  ferry_demo_generator_set_records (generator, min - 1);
  g_assert_false (ferry_demo_generator_run (generator, path, FALSE, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, min_text, NULL);
  g_assert_cmpuint (ferry_test_count_files (fixture->dir), ==, 0);
  g_clear_error (&error);

  /* The minimum itself works: one row of every weighted table. */
  ferry_demo_generator_set_records (generator, min);
  g_assert_true (ferry_demo_generator_run (generator, path, FALSE, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(FerryAccountingDb) db = open_db (path);
    g_assert_cmpuint (count_all_rows (db, generator), ==, min);
    g_assert_true (ferry_accounting_db_check_foreign_keys (db, &error));
    g_assert_no_error (error);
  }
}

typedef struct
{
  GCancellable *cancellable;
  guint         n_updates;
  guint64       last_done;
  guint64       cancel_after;
} ProgressLog;

static void
on_progress (FerryDemoGenerator *generator,
             const char         *table,
             guint64             done,
             guint64             total,
             gpointer            user_data)
{
  ProgressLog *log = user_data;

  g_assert_cmpuint (done, >=, log->last_done);
  g_assert_cmpuint (done, <=, total);
  log->last_done = done;
  log->n_updates++;
  if (log->cancellable != NULL && done >= log->cancel_after)
    g_cancellable_cancel (log->cancellable);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "demo.db");
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  ProgressLog log = { cancellable, 0, 0, 1 };

  ferry_demo_generator_set_records (generator, 100000);
  g_signal_connect (generator, "progress", G_CALLBACK (on_progress), &log);
  /* Cancelled at the first update after some rows are written. */
  g_assert_false (ferry_demo_generator_run (generator, path, FALSE, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (log.last_done, >, 0);
  g_assert_cmpuint (log.last_done, <, 100000);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (ferry_test_count_files (fixture->dir), ==, 0);
  g_assert_cmpuint (ferry_demo_generator_get_row_count (generator, "cv_job"), ==, 0);

  /* Uncancelled, the updates end at the total. */
  log = (ProgressLog) { NULL, 0, 0, 0 };
  g_clear_error (&error);
  g_assert_true (ferry_demo_generator_run (generator, path, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.last_done, ==, 100000);
  g_assert_cmpuint (log.n_updates, >=, 2);
}

/* The built-in description, edited by @edit, loaded into a generator. */
static gboolean
load_edited_spec (FerryDemoGenerator  *generator,
                  void               (*edit) (JsonObject *root),
                  GError             **error)
{
  g_autoptr(GBytes) bytes = ferry_resources_lookup ("demo-company.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) json = json_generator_new ();
  g_autoptr(GBytes) edited = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             (gssize) g_bytes_get_size (bytes), NULL));
  edit (json_node_get_object (json_parser_get_root (parser)));
  json_generator_set_root (json, json_parser_get_root (parser));
  text = json_generator_to_data (json, &length);
  edited = g_bytes_new_take (g_steal_pointer (&text), length);
  return ferry_demo_generator_load_spec (generator, edited, error);
}

static JsonObject *
spec_table (JsonObject *root,
            const char *name)
{
  JsonArray *tables = json_object_get_array_member (root, "tables");

  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      if (g_str_equal (json_object_get_string_member (table, "table"), name))
        return table;
    }
  g_assert_not_reached ();
}

static void
edit_nothing (JsonObject *root)
{
}

static void
edit_unknown_table (JsonObject *root)
{
  json_object_set_string_member (spec_table (root, "jc_extra"), "table", "jc_extras");
}

static void
edit_unknown_column (JsonObject *root)
{
  JsonObject *columns = json_object_get_object_member (spec_table (root, "cv_job"), "columns");

  json_object_set_member (columns, "foreman", json_node_ref (json_object_get_member (columns, "city")));
}

static void
edit_later_reference (JsonObject *root)
{
  JsonArray *tables = json_object_get_array_member (root, "tables");

  /* Jobs moved to the end: job cost codes now refer to a later table. */
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      if (json_array_get_object_element (tables, i) == spec_table (root, "cv_job"))
        {
          JsonNode *job = json_node_ref (json_array_get_element (tables, i));

          json_array_remove_element (tables, i);
          json_array_add_element (tables, job);
          break;
        }
    }
}

static void
edit_missing_table (JsonObject *root)
{
  JsonArray *tables = json_object_get_array_member (root, "tables");

  json_array_remove_element (tables, json_array_get_length (tables) - 1);
}

static void
edit_unknown_list (JsonObject *root)
{
  JsonObject *columns = json_object_get_object_member (spec_table (root, "cv_job"), "columns");
  JsonObject *city = json_object_new ();

  json_object_set_string_member (city, "template", "{towns}");
  json_object_set_object_member (columns, "city", city);
}

static void
edit_nullable_not_null (JsonObject *root)
{
  JsonObject *columns = json_object_get_object_member (spec_table (root, "cv_job"), "columns");

  json_object_set_double_member (json_object_get_object_member (columns, "status"),
                                 "null_probability", 0.5);
}

static void
test_spec_errors (void)
{
  static const struct
  {
    void      (*edit) (JsonObject *root);
    const char *expected[2];
  } cases[] = {
    { edit_unknown_table, { "“jc_extras” is not a table of the accounting schema" } },
    { edit_unknown_column, { "table “cv_job”", "no column “foreman”" } },
    { edit_later_reference,
      { "table “jc_job_cost_code”", "reference to “cv_job”, which is generated later" } },
    { edit_missing_table, { "table “pr_time_entry” of the accounting schema is missing" } },
    { edit_unknown_list, { "column “city”", "“{towns}” names no list" } },
    { edit_nullable_not_null, { "column “status” is NOT NULL but has a null_probability" } },
  };
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (load_edited_spec (generator, edit_nothing, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_demo_generator_get_tables (generator)[0], ==, "ar_customer_type");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (load_edited_spec (generator, cases[i].edit, &error));
      ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                    cases[i].expected[0], cases[i].expected[1], NULL);
      g_clear_error (&error);
    }
}

/* Two digits of year and one of sequence: 9 jobs a year, 900 in all. */
static void
edit_narrow_jobs (JsonObject *root)
{
  JsonObject *columns = json_object_get_object_member (spec_table (root, "cv_job"), "columns");
  JsonObject *sequence = json_object_get_object_member (json_object_get_object_member (columns, "job"),
                                                        "year_sequence");

  json_object_set_int_member (sequence, "width", 1);
  json_object_set_int_member (sequence, "start", 1);
}

static void
test_failed_run_keeps_file (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "demo.db");
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (load_edited_spec (generator, edit_narrow_jobs, &error));
  g_assert_true (g_file_set_contents (path, "the database of yesterday", -1, &error));

  ferry_demo_generator_set_records (generator, 150000);
  g_assert_false (ferry_demo_generator_run (generator, path, TRUE, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "ran out of numbers", NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the database of yesterday");
  g_assert_cmpuint (ferry_test_count_files (fixture->dir), ==, 1);
}

/* How many lines of the summary name @table in their table column. */
static guint
summary_lines_for (const char *summary,
                   const char *table)
{
  g_auto(GStrv) lines = g_strsplit (summary, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_regex_split_simple ("\\s{2,}", lines[i], 0, 0);

      n += g_strv_length (words) == 3 && g_str_equal (words[1], table);
    }
  return n;
}

static void
test_ferryctl (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = fixture_path (fixture, "demo.db");
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  const char * const *tables = NULL;
  FerryTestResult r = { 0 };

  ferry_test_run_ferryctl (&r, "demo-data", "--out", path, "--records", "5000", "--seed", "3", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "Transaction (JC)"));
  g_assert_true (g_regex_match_simple ("^Total\\s+5000$", r.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("records/s", r.out, 0, 0));
  /* Each table once; an export's table under its push type, a table only
   * an export writes under the export. */
  g_assert_true (ferry_demo_generator_load_spec (generator, NULL, NULL));
  tables = ferry_demo_generator_get_tables (generator);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      if (summary_lines_for (r.out, tables[i]) != 1)
        g_error ("Table %s is not listed once in:\n%s", tables[i], r.out);
    }
  g_assert_nonnull (strstr (r.out, "Contract Change Order (CN)"));
  g_assert_null (strstr (r.out, "Prime Contract Change Order"));
  g_assert_true (g_regex_match_simple ("^Time Entry\\s+pr_time_entry\\s+[0-9]+$", r.out,
                                       G_REGEX_MULTILINE, 0));
  ferry_test_result_clear (&r);

  /* Same again: refused without --force, one line that says what to do. */
  ferry_test_run_ferryctl (&r, "demo-data", "--out", path, "--records", "5000", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "already exists; use --force"));
  g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
  ferry_test_result_clear (&r);
  ferry_test_run_ferryctl (&r, "demo-data", "--out", path, "--records", "5000", "--force", NULL);
  g_assert_cmpint (r.status, ==, 0);
  ferry_test_result_clear (&r);

  ferry_test_run_ferryctl (&r, "demo-data", "--out", path, "--records", "10", "--force", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "needs at least"));
  ferry_test_result_clear (&r);
}

static void
test_ferryctl_bad_arguments (void)
{
  const char *cases[][4] = {
    { "--records", "5000", NULL },
    { "--out", "x.db", "--records", "many" },
    { "--out", "x.db", "--records", "0" },
    { "--out", "x.db", "--seed", "-1" },
    { "--out", "x.db", "--as-of", "2026-13-01" },
    { "--out", "x.db", "extra", NULL },
  };
  FerryTestResult r = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ferry_test_run_ferryctl (&r, "demo-data", cases[i][0], cases[i][1], cases[i][2],
                               cases[i][3], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_true (g_str_has_prefix (r.err, "ferryctl demo-data: "));
      g_assert_true (strchr (r.err, '\n') == r.err + strlen (r.err) - 1);
      ferry_test_result_clear (&r);
    }
  g_assert_false (g_file_test ("x.db", G_FILE_TEST_EXISTS));

  ferry_test_run_ferryctl (&r, "demo-data", "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--records"));
  ferry_test_result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/random/deterministic", test_random);
  g_test_add_func ("/demo-data/spec-errors", test_spec_errors);
  g_test_add_func ("/ferryctl/demo-data/bad-arguments", test_ferryctl_bad_arguments);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/demo-data/deterministic", test_deterministic);
  ADD ("/demo-data/integrity", test_integrity);
  ADD ("/demo-data/as-of", test_as_of);
  ADD ("/demo-data/overwrite", test_overwrite);
  ADD ("/demo-data/too-few", test_too_few);
  ADD ("/demo-data/cancel", test_cancel);
  ADD ("/demo-data/failed-run-keeps-file", test_failed_run_keeps_file);
  ADD ("/demo-data/scale", test_scale);
  ADD ("/ferryctl/demo-data", test_ferryctl);
#undef ADD

  return g_test_run ();
}
