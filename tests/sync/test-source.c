/* test-source.c: FerrySqliteSource — key-text order, timeframes, keys,
 * schema errors, locks, cancellation, a demo company; -m perf scans one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "ferry-demo-generator.h"
#include "ferry-error.h"
#include "ferry-record-key.h"
#include "ferry-sqlite-source.h"
#include "ferry-test-util.h"
#include "test-source-catalog.h"

/* The tables of the catalog of test-source-catalog.h. */
static const char test_schema_sql[] =
  "CREATE TABLE kind (code TEXT PRIMARY KEY, s TEXT, n INTEGER, m INTEGER, d TEXT,"
  "  day TEXT, at TEXT, ok INTEGER, req TEXT, modified_at TEXT NOT NULL);"
  "CREATE TABLE pair (a TEXT, b TEXT, v TEXT, modified_at TEXT NOT NULL, PRIMARY KEY (a, b));"
  "CREATE TABLE numbered (id INTEGER PRIMARY KEY, v TEXT, modified_at TEXT NOT NULL);"
  "CREATE INDEX pair_modified ON pair (modified_at);";

static char *
sha256_of (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* ---- The SQLite source ---- */

typedef struct
{
  char    *dir;  /* owned */
  char    *path; /* owned */
  sqlite3 *db;   /* owned: a writer, as the accounting system would be */
} Fixture;

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (fixture->db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ferry-source-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "accounting.db", NULL);
  g_assert_cmpint (sqlite3_open (fixture->path, &fixture->db), ==, SQLITE_OK);
  exec_sql (fixture, test_schema_sql);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  sqlite3_close (fixture->db);
  ferry_test_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Inserts into a table of two or three text columns and modified_at. */
static void
insert (Fixture    *fixture,
        const char *sql,
        const char *a,
        const char *b,
        const char *modified_at)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (fixture->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, b, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, modified_at, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* Key texts the source yields, each on its own line. */
static char *
read_keys (FerrySource        *source,
           FerryRecordBuilder *builder,
           gboolean            keys_only,
           GDateTime          *since)
{
  g_autoptr(FerrySourceCursor) cursor = NULL;
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  FerryRecord *record;

  if (keys_only)
    cursor = ferry_source_open_key_cursor (source, ferry_record_builder_get_entity_type (builder),
                                           NULL, &error);
  else
    cursor = ferry_source_open_cursor (source, builder, since, NULL, &error);
  g_assert_no_error (error);
  while (ferry_source_cursor_next (cursor, &record, &error))
    {
      g_assert_true (keys_only || ferry_record_get_problem (record) != NULL
                     || ferry_record_get_hash (record) != NULL);
      g_string_append_printf (keys, "%s\n", ferry_record_get_key_text (record));
    }
  g_assert_no_error (error);
  g_assert_null (record);
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static int
compare_texts (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The key texts of @keys (pairs of values if @pairs) sorted with strcmp():
 * what the source must give, worked out without it. */
static char *
expected_order (const char * const *keys,
                gboolean            pairs)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; keys[i] != NULL; i += pairs ? 2 : 1)
    {
      const char *values[] = { keys[i], pairs ? keys[i + 1] : NULL, NULL };

      g_ptr_array_add (texts, ferry_record_key_to_text (values));
    }
  g_ptr_array_sort (texts, compare_texts);
  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (texts, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char * const tricky[] = {
  "1", "10", "1a", "1 0", "1!", "1\"", "1\\", "1\x01", "1\x1f", "2", "é", "Z", "a\"b", "a", NULL
};
static const char * const tricky_pairs[] = {
  "1", "10", "10", "1", "1", "1", "1", "1 0", "1 0", "x", "1", "10a", "1\"", "z", "1", "1\\", NULL
};

static void
test_sqlite_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FerrySqliteSource) source = ferry_sqlite_source_new (fixture->path);
  g_autoptr(FerryRecordBuilder) kinds = builder_for ("m.kind", NULL);
  g_autoptr(FerryRecordBuilder) pairs = builder_for ("m.pair", NULL);
  g_autoptr(FerryRecordBuilder) numbered = builder_for ("m.numbered", NULL);
  g_autofree char *kind_keys = NULL, *kind_expected = expected_order (tricky, FALSE);
  g_autofree char *pair_keys = NULL, *pair_expected = expected_order (tricky_pairs, TRUE);
  g_autofree char *numbered_keys = NULL;

  for (guint i = 0; tricky[i] != NULL; i++)
    insert (fixture, "INSERT INTO kind (code, req, modified_at) VALUES (?1, ?2, ?3)",
            tricky[i], "r", "2026-01-01T00:00:00Z");
  for (guint i = 0; tricky_pairs[i] != NULL; i += 2)
    insert (fixture, "INSERT INTO pair (a, b, modified_at) VALUES (?1, ?2, ?3)",
            tricky_pairs[i], tricky_pairs[i + 1], "2026-01-01T00:00:00Z");
  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO numbered VALUES (%u, 'v', '2026')", i);
      exec_sql (fixture, sql);
    }

  /* The order of the columns is not the order of the key text. */
  kind_keys = read_keys (FERRY_SOURCE (source), kinds, FALSE, NULL);
  g_assert_cmpstr (kind_keys, ==, kind_expected);
  /* ' ' and '!' sort before the closing '"', escapes after the digits. */
  g_assert_true (g_str_has_prefix (kind_keys, "[\"1 0\"]\n[\"1!\"]\n[\"1\"]\n[\"10\"]\n"
                                              "[\"1\\\"\"]\n[\"1\\\\\"]\n[\"1\\u0001\"]\n"
                                              "[\"1\\u001f\"]\n[\"1a\"]\n"));
  pair_keys = read_keys (FERRY_SOURCE (source), pairs, FALSE, NULL);
  g_assert_cmpstr (pair_keys, ==, pair_expected);
  g_assert_true (g_str_has_prefix (pair_keys, "[\"1 0\",\"x\"]\n[\"1\",\"1 0\"]\n"
                                              "[\"1\",\"1\"]\n[\"1\",\"10\"]\n"));
  numbered_keys = read_keys (FERRY_SOURCE (source), numbered, FALSE, NULL);
  g_assert_cmpstr (numbered_keys, ==, "[\"1\"]\n[\"10\"]\n[\"11\"]\n[\"12\"]\n[\"2\"]\n[\"3\"]\n"
                                      "[\"4\"]\n[\"5\"]\n[\"6\"]\n[\"7\"]\n[\"8\"]\n[\"9\"]\n");

  /* Key cursors give the same order. */
  g_clear_pointer (&pair_keys, g_free);
  pair_keys = read_keys (FERRY_SOURCE (source), pairs, TRUE, NULL);
  g_assert_cmpstr (pair_keys, ==, pair_expected);
}

static void
test_sqlite_timeframe (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(FerrySqliteSource) source = ferry_sqlite_source_new (fixture->path);
  g_autoptr(FerryRecordBuilder) pairs = builder_for ("m.pair", NULL);
  FerryEntityType *pair = ferry_record_builder_get_entity_type (pairs);
  g_autoptr(GTimeZone) plus_two = g_time_zone_new_offset (2 * 3600);
  /* 2026-03-01T10:00:00Z, written in another zone. */
  g_autoptr(GDateTime) since = g_date_time_new (plus_two, 2026, 3, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *recent = NULL, *all_keys = NULL;
  gint64 count = -1;
  gboolean exists = FALSE;

  insert (fixture, "INSERT INTO pair (a, b, modified_at) VALUES (?1, ?2, ?3)", "b", "1",
          "2026-03-01T09:59:59Z");
  insert (fixture, "INSERT INTO pair (a, b, modified_at) VALUES (?1, ?2, ?3)", "c", "1",
          "2026-03-01T10:00:00Z");
  insert (fixture, "INSERT INTO pair (a, b, modified_at) VALUES (?1, ?2, ?3)", "a", "2",
          "2026-05-01T00:00:00Z");
  insert (fixture, "INSERT INTO pair (a, b, modified_at) VALUES (?1, ?2, ?3)", "a", "1",
          "2025-01-01T00:00:00Z");

  g_assert_true (ferry_source_count (FERRY_SOURCE (source), pair, NULL, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 4);
  g_assert_true (ferry_source_count (FERRY_SOURCE (source), pair, since, &count, &error));
  g_assert_cmpint (count, ==, 2);

  recent = read_keys (FERRY_SOURCE (source), pairs, FALSE, since);
  g_assert_cmpstr (recent, ==, "[\"a\",\"2\"]\n[\"c\",\"1\"]\n");
  /* The keys of the whole table, for deletions, whatever the timeframe. */
  all_keys = read_keys (FERRY_SOURCE (source), pairs, TRUE, NULL);
  g_assert_cmpstr (all_keys, ==, "[\"a\",\"1\"]\n[\"a\",\"2\"]\n[\"b\",\"1\"]\n[\"c\",\"1\"]\n");

  g_assert_true (ferry_source_has_key (FERRY_SOURCE (source), pair,
                                       (const char *[]) { "b", "1", NULL }, &exists, &error));
  g_assert_true (exists);
  g_assert_true (ferry_source_has_key (FERRY_SOURCE (source), pair,
                                       (const char *[]) { "b", "2", NULL }, &exists, &error));
  g_assert_false (exists);
  g_assert_no_error (error);
}

static void
test_sqlite_records (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FerrySqliteSource) source = ferry_sqlite_source_new (fixture->path);
  g_autoptr(FerryRecordBuilder) kinds = builder_for ("m.kind", (const char *[]) { "at", NULL });
  FerryEntityType *numbered = ferry_catalog_lookup (test_catalog (), "m.numbered");
  g_autoptr(FerrySourceCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  FerryRecord *record;
  gboolean exists = TRUE;

  exec_sql (fixture,
            "INSERT INTO kind VALUES ('a', 'x', 3, 1999, '0.50', '2026-11-20', NULL, 0, 'r', 'm');"
            "INSERT INTO kind VALUES ('b', 'y', NULL, NULL, NULL, '2026-02-30', NULL, 1, 'r', 'm');"
            "INSERT INTO kind VALUES ('c', 'z', NULL, 5, NULL, NULL, NULL, 1, 'r', 'm');"
            "INSERT INTO numbered VALUES (7, 'v', 'm');");
  cursor = ferry_source_open_cursor (FERRY_SOURCE (source), kinds, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_cmpstr (ferry_record_get_fields_json (record, NULL), ==,
                   "{\"code\":\"a\",\"d\":\"0.50\",\"day\":\"2026-11-20\",\"m\":\"19.99\","
                   "\"n\":3,\"ok\":false,\"req\":\"r\",\"s\":\"x\"}");
  /* A record with a problem comes in its place, and the next one is fine. */
  g_assert_true (ferry_source_cursor_next (cursor, &record, &error));
  ferry_test_assert_error_says (ferry_record_get_problem (record), FERRY_ERROR,
                                FERRY_ERROR_INVALID_ARGUMENT, "Kind (M) b", "Day (day)", NULL);
  g_assert_true (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_cmpstr (ferry_record_get_key_text (record), ==, "[\"c\"]");
  g_assert_null (ferry_record_get_problem (record));
  g_assert_false (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_source_cursor_get_n_read (cursor), ==, 3);
  /* After the end it stays at the end. */
  g_assert_false (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_no_error (error);

  /* An integer key is looked up by its text, and only by its exact text. */
  g_assert_true (ferry_source_has_key (FERRY_SOURCE (source), numbered,
                                       (const char *[]) { "7", NULL }, &exists, &error));
  g_assert_true (exists);
  g_assert_true (ferry_source_has_key (FERRY_SOURCE (source), numbered,
                                       (const char *[]) { "07", NULL }, &exists, &error));
  g_assert_false (exists);
  g_assert_no_error (error);
}

static void
test_sqlite_duplicates (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FerrySqliteSource) source = ferry_sqlite_source_new (fixture->path);
  g_autoptr(FerryRecordBuilder) numbered = builder_for ("m.numbered", NULL);
  g_autoptr(FerrySourceCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  FerryRecord *record;

  /* Another accounting system may lack the unique key; 2 and '2' collide. */
  exec_sql (fixture, "DROP TABLE numbered;"
            "CREATE TABLE numbered (id, v TEXT, modified_at TEXT);"
            "INSERT INTO numbered VALUES (2, 'a', 'm'), ('2', 'b', 'm'), (1, 'c', 'm');");
  cursor = ferry_source_open_cursor (FERRY_SOURCE (source), numbered, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_cmpstr (ferry_record_get_key_text (record), ==, "[\"1\"]");
  g_assert_true (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_null (ferry_record_get_problem (record));
  g_assert_true (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_cmpstr (ferry_record_get_key_text (record), ==, "[\"2\"]");
  ferry_test_assert_error_says (ferry_record_get_problem (record), FERRY_ERROR,
                                FERRY_ERROR_INVALID_ARGUMENT, "Numbered (M) 2",
                                "more than once", NULL);
  g_assert_false (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_no_error (error);
}

static void
test_sqlite_schema (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FerrySqliteSource) source = ferry_sqlite_source_new (fixture->path);
  g_autoptr(FerrySqliteSource) nowhere = NULL;
  g_autoptr(FerryRecordBuilder) gone = builder_for ("m.gone", NULL);
  g_autoptr(FerryRecordBuilder) kinds = builder_for ("m.kind", NULL);
  g_autoptr(FerryRecordBuilder) without = builder_for ("m.kind",
                                                       (const char *[]) { "s", "d", NULL });
  g_autoptr(FerryRecordBuilder) back = builder_for ("m.back", NULL);
  g_autoptr(FerrySourceCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  gint64 count;

  exec_sql (fixture, "ALTER TABLE kind DROP COLUMN s; ALTER TABLE kind DROP COLUMN d;");

  g_assert_false (ferry_source_check (FERRY_SOURCE (source), gone, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_SCHEMA, "“gone”", NULL);
  g_clear_error (&error);
  g_assert_null (ferry_source_open_cursor (FERRY_SOURCE (source), gone, NULL, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_SCHEMA, "“gone”", NULL);
  g_clear_error (&error);
  g_assert_false (ferry_source_count (FERRY_SOURCE (source),
                                      ferry_record_builder_get_entity_type (gone), NULL,
                                      &count, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_SCHEMA, "“gone”", NULL);
  g_clear_error (&error);

  g_assert_false (ferry_source_check (FERRY_SOURCE (source), kinds, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_SCHEMA, "“kind”", "“s”",
                                "“d”", NULL);
  g_clear_error (&error);

  /* Switched off, a missing column is no longer needed. */
  g_assert_true (ferry_source_check (FERRY_SOURCE (source), without, &error));
  g_assert_no_error (error);
  cursor = ferry_source_open_cursor (FERRY_SOURCE (source), without, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&cursor);

  g_assert_null (ferry_source_open_cursor (FERRY_SOURCE (source), back, NULL, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "Back (M)", "not pushed", NULL);
  g_clear_error (&error);

  nowhere = ferry_sqlite_source_new (missing);
  g_assert_false (ferry_source_open (FERRY_SOURCE (nowhere), &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND, "missing.db", NULL);
}

static gpointer
release_lock_later (gpointer data)
{
  Fixture *fixture = data;

  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  exec_sql (fixture, "COMMIT");
  return NULL;
}

static void
test_sqlite_busy (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FerrySqliteSource) source = ferry_sqlite_source_new (fixture->path);
  g_autoptr(FerryRecordBuilder) pairs = builder_for ("m.pair", NULL);
  g_autoptr(FerrySourceCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  gint64 start;
  FerryRecord *record;

  exec_sql (fixture, "INSERT INTO pair VALUES ('a', '1', NULL, 'm'), ('b', '1', NULL, 'm')");
  ferry_sqlite_source_set_busy_timeout (source, 200);
  g_assert_true (ferry_source_open (FERRY_SOURCE (source), &error));

  /* A writer holding the database: wait for the timeout, then say so. */
  exec_sql (fixture, "BEGIN EXCLUSIVE");
  start = g_get_monotonic_time ();
  g_assert_null (ferry_source_open_cursor (FERRY_SOURCE (source), pairs, NULL, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_BUSY, "locked by another program",
                                NULL);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * G_TIME_SPAN_MILLISECOND);
  g_clear_error (&error);

  /* Released within the timeout: the cursor just waited. */
  ferry_sqlite_source_set_busy_timeout (source, 10000);
  thread = g_thread_new ("writer", release_lock_later, fixture);
  cursor = ferry_source_open_cursor (FERRY_SOURCE (source), pairs, NULL, NULL, &error);
  g_thread_join (thread);
  g_assert_no_error (error);

  /* While the cursor reads, a writer cannot commit half a change under it. */
  g_assert_true (ferry_source_cursor_next (cursor, &record, &error));
  sqlite3_busy_timeout (fixture->db, 0);
  g_assert_cmpint (sqlite3_exec (fixture->db, "UPDATE pair SET v = 'x'", NULL, NULL, NULL), ==,
                   SQLITE_BUSY);
  g_assert_true (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_cmpstr (ferry_record_get_key_text (record), ==, "[\"b\",\"1\"]");
  ferry_source_cursor_close (cursor);
  exec_sql (fixture, "UPDATE pair SET v = 'x'");
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (5 * G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_sqlite_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FerrySqliteSource) source = ferry_sqlite_source_new (fixture->path);
  g_autoptr(FerryRecordBuilder) numbered = builder_for ("m.numbered", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FerrySourceCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  FerryRecord *record;
  GThread *thread;

  exec_sql (fixture, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
            "WHERE i < 20000) INSERT INTO numbered SELECT i, 'v', 'm' FROM n");
  cursor = ferry_source_open_cursor (FERRY_SOURCE (source), numbered, NULL, cancellable, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_source_cursor_next (cursor, &record, &error));
  g_cancellable_cancel (cancellable);
  g_assert_false (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&cursor);

  /* Cancelled while SQLite still sorts, before the first row comes. */
  exec_sql (fixture, "WITH RECURSIVE n (i) AS (SELECT 20001 UNION ALL SELECT i + 1 FROM n "
            "WHERE i < 300000) INSERT INTO numbered SELECT i, 'v', 'm' FROM n");
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  cursor = ferry_source_open_cursor (FERRY_SOURCE (source), numbered, NULL, cancellable, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("canceller", cancel_soon, cancellable);
  g_assert_false (ferry_source_cursor_next (cursor, &record, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (ferry_source_cursor_get_n_read (cursor), ==, 0);
  g_thread_join (thread);
}

/* ---- A demo company, with the real catalog ---- */

/* What docs/cloud-api.md allows for each field type. */
static void
assert_cloud_format (FerryField *field,
                     JsonNode   *value)
{
  static const char * const patterns[] = {
    [FERRY_FIELD_MONEY] = "^-?[0-9]{1,18}\\.[0-9]{2}$",
    [FERRY_FIELD_DECIMAL] = "^-?[0-9]{1,18}(\\.[0-9]+)?$",
    [FERRY_FIELD_DATE] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    [FERRY_FIELD_TIMESTAMP] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
  };
  FerryFieldType type = ferry_field_get_field_type (field);

  g_assert_nonnull (value);
  if (JSON_NODE_HOLDS_NULL (value))
    {
      g_assert_true (ferry_field_get_optional (field));
      return;
    }
  if (type == FERRY_FIELD_INTEGER || type == FERRY_FIELD_BOOLEAN)
    {
      g_assert_cmpint (json_node_get_value_type (value), ==,
                       type == FERRY_FIELD_INTEGER ? G_TYPE_INT64 : G_TYPE_BOOLEAN);
      return;
    }
  g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_STRING);
  if (type != FERRY_FIELD_STRING
      && !g_regex_match_simple (patterns[type], json_node_get_string (value), 0, 0))
    g_error ("%s is “%s”", ferry_field_get_name (field), json_node_get_string (value));
}

static void
check_demo_type (FerrySource     *source,
                 FerryEntityType *entity_type)
{
  g_autoptr(FerryRecordBuilder) builder = ferry_record_builder_new (entity_type, NULL, NULL);
  g_autoptr(FerrySourceCursor) cursor = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *previous = NULL;
  GListModel *fields = ferry_entity_type_get_fields (entity_type);
  FerryRecord *record;
  gint64 count = 0;

  g_assert_true (ferry_source_check (source, builder, &error));
  g_assert_true (ferry_source_count (source, entity_type, NULL, &count, &error));
  g_assert_no_error (error);
  cursor = ferry_source_open_cursor (source, builder, NULL, NULL, &error);
  while (ferry_source_cursor_next (cursor, &record, &error))
    {
      const char *json = ferry_record_get_fields_json (record, NULL);
      g_autofree char *hash = NULL;
      JsonObject *object;

      g_assert_no_error (ferry_record_get_problem (record));
      g_assert_true (previous == NULL || strcmp (previous, ferry_record_get_key_text (record)) < 0);
      g_free (previous);
      previous = g_strdup (ferry_record_get_key_text (record));
      hash = sha256_of (json);
      g_assert_cmpstr (ferry_record_get_hash (record), ==, hash);

      json_parser_load_from_data (parser, json, -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpuint (json_object_get_size (object), ==, g_list_model_get_n_items (fields));
      for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
        {
          g_autoptr(FerryField) field = g_list_model_get_item (fields, i);
          const char *name = ferry_field_get_name (field);

          assert_cloud_format (field, json_object_get_member (object, name));
        }
    }
  g_assert_no_error (error);
  g_assert_cmpint ((gint64) ferry_source_cursor_get_n_read (cursor), ==, count);
}

static void
test_demo_company (void)
{
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(FerrySqliteSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-source-demo-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  FerryCatalog *catalog = ferry_catalog_get_default ();

  ferry_demo_generator_set_records (generator, 5000);
  g_assert_true (ferry_demo_generator_run (generator, path, FALSE, NULL, &error));
  g_assert_no_error (error);
  source = ferry_sqlite_source_new (path);
  for (guint i = 0; i < ferry_catalog_get_n_entity_types (catalog); i++)
    {
      g_autoptr(FerryEntityType) entity_type = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (ferry_entity_type_is_push (entity_type))
        check_demo_type (FERRY_SOURCE (source), entity_type);
    }
  g_clear_object (&source);
  ferry_test_remove_dir (dir);
}

/* -m perf: reads and hashes every push record of a demo database, the one
 * at $FERRY_SOURCE_BENCH_DB or a new one of 1,000,000 records. */
static void
test_perf_scan (void)
{
  const char *given = g_getenv ("FERRY_SOURCE_BENCH_DB");
  g_autofree char *dir = NULL, *path = NULL;
  g_autoptr(FerrySqliteSource) source = NULL;
  g_autoptr(GError) error = NULL;
  FerryCatalog *catalog = ferry_catalog_get_default ();
  guint64 n_records = 0, n_bytes = 0;
  gdouble seconds;

  if (given == NULL)
    {
      g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();

      dir = g_dir_make_tmp ("ferry-source-perf-XXXXXX", &error);
      path = g_build_filename (dir, "demo.db", NULL);
      ferry_demo_generator_set_records (generator, 1000000);
      g_assert_true (ferry_demo_generator_run (generator, path, FALSE, NULL, &error));
    }
  source = ferry_sqlite_source_new (given != NULL ? given : path);
  g_test_timer_start ();
  for (guint i = 0; i < ferry_catalog_get_n_entity_types (catalog); i++)
    {
      g_autoptr(FerryEntityType) entity_type = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autoptr(FerryRecordBuilder) builder = ferry_record_builder_new (entity_type, NULL, NULL);
      g_autoptr(FerrySourceCursor) cursor = NULL;
      FerryRecord *record;
      gsize length;

      if (!ferry_entity_type_is_push (entity_type))
        continue;
      cursor = ferry_source_open_cursor (FERRY_SOURCE (source), builder, NULL, NULL, &error);
      while (ferry_source_cursor_next (cursor, &record, &error))
        {
          n_bytes += ferry_record_get_fields_json (record, &length) != NULL ? length : 0;
          n_records++;
        }
      g_assert_no_error (error);
    }
  seconds = g_test_timer_elapsed ();
  g_test_message ("%" G_GUINT64_FORMAT " records (%" G_GUINT64_FORMAT " bytes of JSON) read and "
                  "hashed in %.2f s: %.0f records/s", n_records, n_bytes, seconds,
                  n_records / seconds);
  g_test_minimized_result (seconds, "scan %.2f s", seconds);
  g_clear_object (&source);
  if (dir != NULL)
    ferry_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/source/sqlite/order", test_sqlite_order);
  ADD ("/source/sqlite/timeframe", test_sqlite_timeframe);
  ADD ("/source/sqlite/records", test_sqlite_records);
  ADD ("/source/sqlite/duplicates", test_sqlite_duplicates);
  ADD ("/source/sqlite/schema", test_sqlite_schema);
  ADD ("/source/sqlite/busy", test_sqlite_busy);
  ADD ("/source/sqlite/cancel", test_sqlite_cancel);
#undef ADD
  g_test_add_func ("/source/demo-company", test_demo_company);
  if (g_test_perf ())
    g_test_add_func ("/source/perf/scan", test_perf_scan);

  return g_test_run ();
}
