/* history-test-util.h: ledgers with runs in them, for History's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs are written as ferryctl writes them: through a FerryLedger of the
 * test's own, holding the run lock.
 */
#pragma once

#include "ferry-connection-store.h"
#include "ferry-ledger.h"

G_BEGIN_DECLS

/* A store of a new temporary profile; (transfer full) its folder in @out_dir. */
static inline FerryConnectionStore *
history_test_new_store (char **out_dir)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ferry-history-XXXXXX", &error);
  FerryConnectionStore *store;

  g_assert_no_error (error);
  store = ferry_connection_store_new (dir);
  ferry_connection_store_load (store, &error);
  g_assert_no_error (error);
  *out_dir = dir;
  return store;
}

/* Adds a connection named @name. Returns: (transfer none) */
static inline FerryConnection *
history_test_add_connection (FerryConnectionStore *store,
                             const char           *name)
{
  g_autoptr(FerryConnection) connection = ferry_connection_new (NULL, name);
  g_autoptr(GError) error = NULL;

  ferry_connection_set_location (connection, "/srv/accounting/company.db");
  ferry_connection_set_site_url (connection, "https://cloud.example.com");
  ferry_connection_set_site (connection, "demo");
  ferry_connection_set_company (connection, "01");
  ferry_connection_set_user (connection, "ada");
  ferry_connection_store_add (store, connection, &error);
  g_assert_no_error (error);
  return ferry_connection_store_lookup (store, name);
}

/* Opens (creating) @connection's ledger. */
static inline FerryLedger *
history_test_open_ledger (FerryConnectionStore *store,
                          FerryConnection      *connection)
{
  g_autofree char *path = ferry_connection_store_get_ledger_path (store, connection);
  g_autoptr(GError) error = NULL;
  FerryLedger *ledger;

  ferry_connection_store_ensure_ledger_dir (store, &error);
  g_assert_no_error (error);
  ledger = ferry_ledger_open (path, &error);
  g_assert_no_error (error);
  return ledger;
}

/* Records a finished run with @counts and @result; one rejected record
 * with a hint when @rejection is set. Returns: the run id. */
static inline gint64
history_test_add_run (FerryLedger             *ledger,
                      FerryLedgerSyncType      sync_type,
                      const FerryLedgerCounts *counts,
                      FerryLedgerRunResult     result,
                      gboolean                 rejection)
{
  const char *entities[] = { "ap.vendor", NULL };
  FerryLedgerRunInfo info = {
    .trigger = FERRY_LEDGER_TRIGGER_MANUAL, .sync_type = sync_type,
    .direction = FERRY_LEDGER_DIRECTION_PUSH, .timeframe = "week", .entities = entities,
  };
  FerryLedgerOutcome outcome = {
    .entity = "ap.vendor", .key_text = "[\"V-100\"]", .op = FERRY_LEDGER_OP_UPSERT,
    .hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    .kind = FERRY_LEDGER_OUTCOME_REJECTED, .error_code = "invalid-field",
    .error_message = "Tax ID is not valid", .error_field = "tax_id",
    .error_hint = "Correct the vendor's Tax ID in the accounting system",
  };
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  gint64 run_id;

  lock = ferry_run_lock_try_acquire (ferry_ledger_get_lock_path (ledger), "test", "test", &error);
  g_assert_no_error (error);
  run_id = ferry_ledger_begin_run (ledger, lock, &info, &error);
  g_assert_no_error (error);
  if (rejection)
    ferry_ledger_apply_batch_results (ledger, run_id, &outcome, 1, &error);
  g_assert_no_error (error);
  ferry_ledger_finish_run (ledger, run_id, counts, result,
                           rejection ? "1 record was rejected" : NULL, &error);
  g_assert_no_error (error);
  ferry_run_lock_release (lock);
  return run_id;
}

G_END_DECLS
