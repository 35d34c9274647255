/* sync-test-util.h: a demo company, its cloud and a connection ready to
 * sync, for the tests of the Sync page and its controller
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "account-test-util.h"
#include "ferry-accounting-db.h"
#include "ferry-app-state.h"
#include "ferry-demo-generator.h"
#include "ferry-demo-session.h"
#include "ferry-ledger.h"

G_BEGIN_DECLS

typedef struct
{
  char             *dir;     /* owned */
  FerryDemoSession *session; /* owned */
  FerryAppState    *state;   /* owned */
} SyncTestDemo;

/* The generator's smallest company, or @at_least records. */
static inline guint64
sync_test_records (guint64 at_least)
{
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(GError) error = NULL;
  guint64 min = ferry_demo_generator_get_min_records (generator, &error);

  g_assert_no_error (error);
  return MAX (min, at_least);
}

/* Starts the embedded demo (a real ferry-cloud on loopback) with @records. */
static inline SyncTestDemo *
sync_test_demo_start (guint64 records)
{
  SyncTestDemo *demo = g_new0 (SyncTestDemo, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  demo->dir = g_dir_make_tmp ("ferry-sync-demo-XXXXXX", NULL);
  demo->session = ferry_demo_session_new (demo->dir);
  ferry_demo_session_set_records (demo->session, records);
  demo->state = ferry_app_state_new_demo (ferry_demo_session_get_profile_dir (demo->session));
  ferry_demo_session_start_async (demo->session, demo->state, NULL, account_test_on_done, &result);
  ferry_demo_session_start_finish (demo->session, account_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_true (ferry_app_state_get_can_sync (demo->state));
  return demo;
}

/* The same with a cloud that answers every request @latency_ms late (its
 * FERRY_CLOUD_FAULTS), so that a run lasts long enough to cancel. */
static inline SyncTestDemo *
sync_test_demo_start_slow (guint64 records,
                           guint   latency_ms)
{
  g_autofree char *faults = g_strdup_printf ("latency=%u", latency_ms);
  SyncTestDemo *demo;

  g_setenv ("FERRY_CLOUD_FAULTS", faults, TRUE);
  demo = sync_test_demo_start (records);
  g_unsetenv ("FERRY_CLOUD_FAULTS");
  return demo;
}

static inline void
sync_test_demo_stop (SyncTestDemo *demo)
{
  ferry_demo_session_stop (demo->session);
  g_clear_object (&demo->state);
  g_clear_object (&demo->session);
  account_test_remove_tree (demo->dir);
  g_free (demo->dir);
  g_free (demo);
}

static inline FerryConnection *
sync_test_demo_connection (SyncTestDemo *demo)
{
  FerryConnection *connection =
    ferry_connection_store_lookup (ferry_app_state_get_store (demo->state), FERRY_DEMO_CONNECTION_NAME);

  g_assert_nonnull (connection);
  return connection;
}

/* Runs @sql on the demo's accounting database. */
static inline void
sync_test_demo_exec (SyncTestDemo *demo,
                     const char   *sql)
{
  g_autoptr(GError) error = NULL;
  FerryConnection *connection = sync_test_demo_connection (demo);
  g_autoptr(FerryAccountingDb) db = ferry_accounting_db_open (ferry_connection_get_location (connection),
                                                              FERRY_ACCOUNTING_DB_READ_WRITE, &error);

  g_assert_no_error (error);
  ferry_accounting_db_exec (db, sql, "change the demo database", &error);
  g_assert_no_error (error);
  ferry_accounting_db_close (db, NULL);
}

/* Gives one job a customer that does not exist: the cloud rejects it. */
static inline void
sync_test_demo_break_a_job (SyncTestDemo *demo)
{
  sync_test_demo_exec (demo, "PRAGMA foreign_keys = OFF; UPDATE cv_job SET customer = 'C99999' WHERE rowid = (SELECT min(rowid) FROM cv_job)");
}

/* The runs the ledger of the demo connection holds, newest first. */
static inline GPtrArray *
sync_test_demo_runs (SyncTestDemo *demo)
{
  FerryConnectionStore *store = ferry_app_state_get_store (demo->state);
  g_autofree char *path = ferry_connection_store_get_ledger_path (store, sync_test_demo_connection (demo));
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryLedger) ledger = ferry_ledger_open (path, &error);
  GPtrArray *runs;

  g_assert_no_error (error);
  runs = ferry_ledger_list_runs (ledger, 100, 0, &error);
  g_assert_no_error (error);
  return runs;
}

G_END_DECLS
