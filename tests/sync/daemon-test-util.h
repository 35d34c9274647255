/* daemon-test-util.h: what the tests of `ferryctl daemon` and of the app's
 * automatic syncs share: the daemon as a real process on the fixture's
 * profile, and the connection's runs as its ledger has them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <signal.h>

#include "ferryctl-sync-test-util.h"

G_BEGIN_DECLS

/* The newest run, or NULL; fails on a ledger error. */
static inline FerryLedgerRun *
last_run (Fixture *fixture)
{
  g_autofree char *path = ferry_connection_store_get_ledger_path (fixture->store, fixture->connection);
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  FerryLedgerRun *run = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  ledger = ferry_ledger_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_ledger_get_last_run (ledger, &run, &error));
  g_assert_no_error (error);
  return run;
}

/* Waits until the newest run is newer than run @after_id and has @result
 * (RUNNING: started). */
static inline FerryLedgerRun *
wait_for_run_after (Fixture              *fixture,
                    gint64                after_id,
                    FerryLedgerRunResult  result)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (g_get_monotonic_time () < deadline)
    {
      FerryLedgerRun *run = last_run (fixture);

      if (run != NULL && run->id > after_id && run->result == result)
        return run;
      g_clear_pointer (&run, ferry_ledger_run_free);
      g_usleep (20 * 1000);
    }
  g_error ("No run became %s in time", ferry_ledger_run_result_to_string (result));
}

static inline FerryLedgerRun *
wait_for_run (Fixture              *fixture,
              FerryLedgerRunResult  result)
{
  return wait_for_run_after (fixture, 0, result);
}

static inline GSubprocess *
spawn_daemon (Fixture *fixture)
{
  g_autofree char *password_file = cli_password_file (fixture);
  g_autofree char *profile = cli_profile (fixture);
  const char *argv[] = { g_getenv ("FERRYCTL"), "--profile", profile, "daemon", "--password-file",
                         password_file, "--check-interval", "1", NULL };
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  /* A test that aborts takes its daemon with it (cloud-test-server.h). */
  g_subprocess_launcher_set_child_setup (launcher, cloud_test_server_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

/* SIGTERM, then the daemon must exit 0 having said it stopped. */
static inline void
terminate (GSubprocess     *daemon,
           FerryTestResult *result)
{
  g_subprocess_send_signal (daemon, SIGTERM);
  cli_finish (daemon, result);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->err, "Stopped"));
}

/* Records @n failed automatic runs in the connection's ledger. */
static inline void
add_failed_runs (Fixture *fixture,
                 guint    n)
{
  g_autofree char *path = ferry_connection_store_get_ledger_path (fixture->store, fixture->connection);
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  FerryLedgerRunInfo info = { FERRY_LEDGER_TRIGGER_AUTOMATIC, FERRY_LEDGER_SYNC_SHALLOW,
                              FERRY_LEDGER_DIRECTION_BOTH, "all",
                              (const char * const[]) { "ar.customer", NULL } };

  g_assert_true (ferry_connection_store_ensure_ledger_dir (fixture->store, &error));
  ledger = ferry_ledger_open (path, &error);
  g_assert_no_error (error);
  lock = ferry_run_lock_try_acquire (ferry_ledger_get_lock_path (ledger), CONNECTION, "test",
                                     &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = ferry_ledger_begin_run (ledger, lock, &info, &error);

      g_assert_no_error (error);
      g_assert_true (ferry_ledger_finish_run (ledger, id, NULL, FERRY_LEDGER_RESULT_FAILED,
                                              "the cloud is down", &error));
      g_assert_no_error (error);
    }
}

G_END_DECLS
