/* cloud-records-fixture.h: a store with one company and user, and pushes
 * written compactly, for the store-level record tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "ferry-cloud-problem.h"
#include "ferry-cloud-records.h"
#include "ferry-cloud-store-private.h"
#include "ferry-record-key.h"
#include "ferry-test-util.h"
#include "cloud-test-results.h"

#define NOW 1795000000
#define DAY (24 * 3600)
#define MAX_BATCH 1000
#define HASH64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

typedef struct
{
  char            *dir;
  FerryCloudStore *store;
  gint64           company;
  gint64           user;
  guint            n_keys;  /* for fresh idempotency keys */
} Fixture;

/* Store errors are logged as warnings, which tests make fatal: the tests
 * that cause one on purpose count them here instead. */
static guint expected_store_warnings;

static inline GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields && expected_store_warnings > 0; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && (level & G_LOG_LEVEL_WARNING)
          && g_strcmp0 (fields[i].value, "ferry-cloud-store") == 0)
        {
          expected_store_warnings--;
          return G_LOG_WRITER_HANDLED;
        }
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static inline void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 site;

  f->dir = g_dir_make_tmp ("ferry-cloud-records-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "cloud.db", NULL);
  f->store = ferry_cloud_store_open (path, &error);
  g_assert_no_error (error);
  ferry_cloud_store_set_now (f->store, NOW);
  site = ferry_cloud_store_add_site (f->store, "demo", &error);
  g_assert_no_error (error);
  f->company = ferry_cloud_store_add_company (f->store, site, "01", "Demo Construction", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (ferry_cloud_store_get_handle (f->store),
                                 "INSERT INTO user (site_id, name, display_name, role, can_sync, "
                                 "password_hash, created_at) VALUES (1, 'ada', 'Ada', 'admin', 1, "
                                 "'x', 0)", NULL, NULL, NULL), ==, SQLITE_OK);
  f->user = sqlite3_last_insert_rowid (ferry_cloud_store_get_handle (f->store));
}

static inline void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  ferry_test_remove_dir (f->dir);
  g_free (f->dir);
}

static inline gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (ferry_cloud_store_get_handle (f->store), sql, -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static inline char *
query_text (Fixture    *f,
            const char *sql)
{
  sqlite3_stmt *stmt;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (ferry_cloud_store_get_handle (f->store), sql, -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static inline FerryEntityType *
entity (const char *id)
{
  FerryEntityType *type = ferry_catalog_lookup (ferry_catalog_get_default (), id);

  g_assert_nonnull (type);
  return type;
}

/* A valid hash that differs with @seed. */
static inline char *
hash_of (const char *seed)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
}

/* {"records": [the records]}; records are written with ' for ", and
 * HASH(x) stands for hash_of ("x"). */
static inline GBytes *
body_of (const char * const *records)
{
  GString *body = g_string_new ("{\"records\": [");

  for (guint i = 0; records[i] != NULL; i++)
    {
      const char *p = records[i];
      const char *mark;

      if (i > 0)
        g_string_append (body, ", ");
      while ((mark = strstr (p, "HASH(")) != NULL)
        {
          const char *end = strchr (mark, ')');
          g_autofree char *seed = g_strndup (mark + 5, (gsize) (end - mark - 5));
          g_autofree char *hash = hash_of (seed);

          g_string_append_len (body, p, mark - p);
          g_string_append (body, hash);
          p = end + 1;
        }
      g_string_append (body, p);
    }
  g_string_append (body, "]}");
  g_strdelimit (body->str, "'", '"');
  return g_string_free_to_bytes (body);
}

static inline GBytes *
push_bytes (Fixture     *f,
            const char  *entity_id,
            const char  *idempotency_key,
            GBytes      *body,
            gboolean    *out_replayed,
            GError     **error)
{
  return ferry_cloud_records_push (f->store, f->company, f->user, entity (entity_id),
                                   idempotency_key, body, MAX_BATCH, out_replayed, error);
}

/* Pushes the records under a fresh idempotency key; returns the answer. */
#define PUSH(f, entity_id, ...) push (f, entity_id, (const char *[]) { __VA_ARGS__, NULL })
static inline JsonNode *
push (Fixture            *f,
      const char         *entity_id,
      const char * const *records)
{
  g_autoptr(GBytes) body = body_of (records);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("test-%u", ++f->n_keys);
  g_autofree char *text = NULL;
  gboolean replayed = TRUE;
  JsonNode *node;

  answer = push_bytes (f, entity_id, key, body, &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "entity"), ==,
                   entity_id);
  return node;
}

#define result_at cloud_test_result_at
#define assert_result cloud_test_assert_result

static inline void
assert_rejected (JsonNode   *answer,
                 guint       i,
                 const char *code,
                 const char *field,
                 const char *says)
{
  JsonObject *object = result_at (answer, i);

  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, code);
  if (field == NULL)
    g_assert_true (json_object_get_null_member (object, "field"));
  else
    g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, field);
  if (strstr (json_object_get_string_member (object, "message"), says) == NULL)
    g_error ("“%s” does not say “%s”", json_object_get_string_member (object, "message"), says);
}

static inline void
assert_summary (JsonNode *answer,
                gint64    created,
                gint64    updated,
                gint64    unchanged,
                gint64    deleted,
                gint64    rejected)
{
  JsonObject *summary = json_object_get_object_member (json_node_get_object (answer), "summary");

  g_assert_cmpint (json_object_get_int_member (summary, "created"), ==, created);
  g_assert_cmpint (json_object_get_int_member (summary, "updated"), ==, updated);
  g_assert_cmpint (json_object_get_int_member (summary, "unchanged"), ==, unchanged);
  g_assert_cmpint (json_object_get_int_member (summary, "deleted"), ==, deleted);
  g_assert_cmpint (json_object_get_int_member (summary, "rejected"), ==, rejected);
}

#define TYPE(code, seed) \
  "{'key': ['" code "'], 'hash': 'HASH(" seed ")', 'fields': {'customer_type': '" code "', " \
  "'description': '" seed "'}}"
#define DELETE(code) "{'key': ['" code "'], 'op': 'delete'}"
#define CUSTOMER(code, type) \
  "{'key': ['" code "'], 'hash': 'HASH(" code ")', 'fields': {'customer': '" code "', " \
  "'name': 'Acme', 'customer_type': '" type "', 'is_active': true}}"

/* The tests' main () starts with this, then adds each test with ADD. */
#define RECORDS_TEST_INIT(argc, argv) \
  G_STMT_START { \
    g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL); \
    g_log_set_writer_func (log_writer, NULL, NULL); \
  } G_STMT_END
#define ADD(path, func) \
  g_test_add ("/cloud/records/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
