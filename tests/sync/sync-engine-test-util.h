/* sync-engine-test-util.h: what the sync engine tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test gets a scratch profile, a small demo accounting database
 * (`ferryctl demo-data`, modified two months ago), a real ferry-cloud on a
 * loopback port, and a local connection with every push entity type
 * enabled and small batches. Checks compare the cloud with the source
 * itself: same keys and hashes, in the cloud's own digest.
 */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "cloud-test-server.h"
#include "ferry-cloud-client.h"
#include "ferry-connection-store.h"
#include "ferry-error.h"
#include "ferry-ledger.h"
#include "ferry-record-key.h"
#include "ferry-sqlite-source.h"
#include "ferry-sync-job.h"

#define DEMO_RECORDS 600
#define BATCH_SIZE   50

typedef struct
{
  char                 *dir;        /* owned: scratch directory */
  char                 *db;         /* owned: the accounting database */
  FerryConnectionStore *store;      /* owned */
  FerryConnection      *connection; /* owned */
  CloudTestServer      *server;     /* owned, nullable */
} Fixture;

static inline void
engine_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        engine_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
make_demo_db (const char *path,
              guint       records)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) as_of = g_date_time_add_days (now, -60);
  g_autofree char *day = g_date_time_format (as_of, "%Y-%m-%d");
  g_autofree char *n = g_strdup_printf ("%u", records);
  FerryTestResult result = { 0, };

  ferry_test_run_ferryctl (&result, "demo-data", "--out", path, "--records", n, "--as-of", day,
                           NULL);
  if (result.status != 0)
    g_error ("ferryctl demo-data failed: %s", result.err);
  ferry_test_result_clear (&result);
}

/* Starts ferry-cloud with @faults (nullable, NULL-terminated serve options). */
static inline void
fixture_start_cloud (Fixture            *fixture,
                     const char * const *faults)
{
  fixture->server = cloud_test_server_start (faults);
  ferry_connection_set_site_url (fixture->connection, fixture->server->url);
}

static inline void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autoptr(GPtrArray) push = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  fixture->dir = g_dir_make_tmp ("ferry-sync-engine-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db = g_build_filename (fixture->dir, "accounting.db", NULL);
  make_demo_db (fixture->db, DEMO_RECORDS);

  profile = g_build_filename (fixture->dir, "profile", NULL);
  fixture->store = ferry_connection_store_new (profile);
  fixture->connection = ferry_connection_new (NULL, "Main office");
  ferry_connection_set_location (fixture->connection, fixture->db);
  ferry_connection_set_site (fixture->connection, "demo");
  ferry_connection_set_company (fixture->connection, "01");
  ferry_connection_set_user (fixture->connection, "ada");
  ferry_connection_set_batch_size (fixture->connection, BATCH_SIZE);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (ferry_entity_type_is_push (type))
        g_ptr_array_add (push, (gpointer) ferry_entity_type_get_id (type));
    }
  g_ptr_array_add (push, NULL);
  ferry_connection_set_enabled_entities (fixture->connection, (const char * const *) push->pdata);

  /* The tests that want faults stop this one and start their own. */
  fixture_start_cloud (fixture, NULL);
}

static inline void
fixture_restart_cloud (Fixture            *fixture,
                       const char * const *faults)
{
  cloud_test_server_stop (fixture->server);
  fixture_start_cloud (fixture, faults);
}

/* The same cloud database served again, with other faults; the site URL
 * follows the new port. */
static inline void
fixture_relaunch_cloud (Fixture            *fixture,
                        const char * const *faults)
{
  cloud_test_server_terminate (fixture->server);
  cloud_test_server_launch (fixture->server, faults);
  ferry_connection_set_site_url (fixture->connection, fixture->server->url);
}

static inline void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->server != NULL)
    cloud_test_server_stop (fixture->server);
  g_clear_object (&fixture->connection);
  g_clear_object (&fixture->store);
  engine_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
}

static inline FerrySyncJob *
make_job (Fixture          *fixture,
          FerrySyncOptions *options)
{
  FerrySyncJob *job = ferry_sync_job_new (fixture->store, fixture->connection, options);

  ferry_sync_job_set_password (job, CLOUD_TEST_PASSWORD);
  ferry_sync_job_set_program (job, "test-sync-engine");
  return job;
}

static inline FerrySyncOptions *
options_new (FerryLedgerSyncType  sync_type,
             const char          *timeframe)
{
  FerrySyncOptions *options = ferry_sync_options_new ();
  g_autoptr(GError) error = NULL;

  ferry_sync_options_set_sync_type (options, sync_type);
  g_assert_true (ferry_sync_options_set_timeframe_from_string (options, timeframe, &error));
  g_assert_no_error (error);
  return options;
}

/* A blocking run that must finish (with or without record errors). */
static inline FerrySyncResult *
sync_ok (Fixture             *fixture,
         FerryLedgerSyncType  sync_type,
         const char          *timeframe)
{
  g_autoptr(FerrySyncOptions) options = options_new (sync_type, timeframe);
  g_autoptr(FerrySyncJob) job = make_job (fixture, options);
  g_autoptr(GError) error = NULL;
  FerrySyncResult *result = ferry_sync_job_run (job, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->run_id, >, 0);
  return result;
}

/* Runs SQL on the accounting database, as the accounting system would. */
static inline void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static inline char *
query_text (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open (fixture->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static inline gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  g_autofree char *text = query_text (fixture, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* The current time as the accounting database writes it. */
static inline char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Calls that a faulty cloud may refuse for a while are tried again. */
#define CLOUD_RETRIES 30

static inline gboolean
cloud_should_retry (GError **error,
                    guint    attempt)
{
  if (!g_error_matches (*error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_RETRYABLE)
      || attempt >= CLOUD_RETRIES)
    return FALSE;
  g_usleep (G_USEC_PER_SEC / 5 + ferry_cloud_client_error_get_retry_after (*error) * G_USEC_PER_SEC);
  g_clear_error (error);
  return TRUE;
}

static inline FerryCloudClient *
cloud_client (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudClient) client = ferry_cloud_client_new (fixture->server->url, "demo", "01",
                                                               &error);
  g_autoptr(FerryCloudUser) me = NULL;

  g_assert_no_error (error);
  for (guint attempt = 0; me == NULL; attempt++)
    {
      me = ferry_cloud_client_login (client, "ada", CLOUD_TEST_PASSWORD, NULL, &error);
      if (me == NULL && !cloud_should_retry (&error, attempt))
        break;
    }
  g_assert_no_error (error);
  return g_steal_pointer (&client);
}

static inline FerryCloudSummary *
cloud_summary (FerryCloudClient *client,
               const char       *entity_id)
{
  g_autoptr(GError) error = NULL;
  FerryCloudSummary *summary = NULL;

  for (guint attempt = 0; summary == NULL; attempt++)
    {
      summary = ferry_cloud_client_get_summary (client, entity_id, NULL, &error);
      if (summary == NULL && !cloud_should_retry (&error, attempt))
        break;
    }
  g_assert_no_error (error);
  return summary;
}

/* Count and digest of what the source holds now, as the cloud digests it. */
static inline void
source_summary (Fixture         *fixture,
                FerryEntityType *type,
                gint64          *out_count,
                char           **out_digest)
{
  g_autoptr(FerrySqliteSource) source = ferry_sqlite_source_new (fixture->db);
  g_auto(GStrv) off = ferry_connection_dup_disabled_fields (fixture->connection,
                                                            ferry_entity_type_get_id (type));
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryRecordBuilder) builder = ferry_record_builder_new (type, (const char * const *) off,
                                                                    &error);
  g_autoptr(FerrySourceCursor) cursor = NULL;
  FerrySha256 digest;
  char hex[FERRY_SHA256_HEX_SIZE];
  FerryRecord *record;

  g_assert_no_error (error);
  cursor = ferry_source_open_cursor (FERRY_SOURCE (source), builder, NULL, NULL, &error);
  g_assert_no_error (error);
  *out_count = 0;
  ferry_sha256_init (&digest);
  while (ferry_source_cursor_next (cursor, &record, &error))
    {
      g_assert_null (ferry_record_get_problem (record));
      ferry_record_digest_update (&digest, ferry_record_get_key_text (record), ferry_record_get_hash (record));
      (*out_count)++;
    }
  g_assert_no_error (error);
  ferry_sha256_finish_hex (&digest, hex);
  *out_digest = g_strdup (hex);
}

/* The cloud holds exactly the source's records, entity type by entity
 * type: those of @only (NULL: every push type). */
static inline void
assert_cloud_equals_source_of (Fixture            *fixture,
                               const char * const *only)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autoptr(FerryCloudClient) client = cloud_client (fixture);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autoptr(FerryCloudSummary) cloud = NULL;
      g_autofree char *digest = NULL;
      gint64 count;

      if (!ferry_entity_type_is_push (type)
          || (only != NULL && !g_strv_contains (only, ferry_entity_type_get_id (type))))
        continue;
      source_summary (fixture, type, &count, &digest);
      cloud = cloud_summary (client, ferry_entity_type_get_id (type));
      if (cloud->count != count || g_strcmp0 (cloud->digest, digest) != 0)
        g_error ("%s: the cloud holds %" G_GINT64_FORMAT " records, the source %" G_GINT64_FORMAT,
                 ferry_entity_type_get_id (type), cloud->count, count);
    }
}

static inline void
assert_cloud_equals_source (Fixture *fixture)
{
  assert_cloud_equals_source_of (fixture, NULL);
}

static inline gint64
cloud_count (Fixture    *fixture,
             const char *entity_id)
{
  g_autoptr(FerryCloudClient) client = cloud_client (fixture);
  g_autoptr(FerryCloudSummary) summary = cloud_summary (client, entity_id);

  return summary->count;
}

/* Rows of every push entity type's table. */
static inline gint64
source_total (Fixture *fixture)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  gint64 total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autofree char *sql = NULL;

      if (!ferry_entity_type_is_push (type))
        continue;
      sql = g_strdup_printf ("SELECT count(*) FROM %s", ferry_entity_type_get_table (type));
      total += query_int (fixture, sql);
    }
  return total;
}

static inline FerryLedger *
open_fixture_ledger (Fixture *fixture)
{
  g_autofree char *path = ferry_connection_store_get_ledger_path (fixture->store, fixture->connection);
  g_autoptr(GError) error = NULL;
  FerryLedger *ledger = ferry_ledger_open (path, &error);

  g_assert_no_error (error);
  return ledger;
}

/* The ledger's state of one record; fails if it has none. */
static inline FerryLedgerRecord *
ledger_record (Fixture    *fixture,
               const char *entity_id,
               const char *key_text)
{
  g_autoptr(FerryLedger) ledger = open_fixture_ledger (fixture);
  g_autoptr(GError) error = NULL;
  FerryLedgerRecord *record = NULL;

  g_assert_true (ferry_ledger_lookup (ledger, entity_id, key_text, &record, &error));
  g_assert_no_error (error);
  if (record == NULL)
    g_error ("The ledger has no %s %s", entity_id, key_text);
  return record;
}
