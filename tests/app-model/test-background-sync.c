/* test-background-sync.c: the app runs the automatic syncs, or leaves them
 * to the daemon, and never runs one connection twice at once with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real thing on both sides: FerryBackgroundSync (what the app runs)
 * in this process, the real `ferryctl daemon` and `ferryctl sync` as other
 * processes, one profile, one real ferry-cloud on loopback, the password
 * in the session's keyring (run under build-aux/test-session.sh). A
 * connection that never ran is due at once, so no test waits for a slot.
 */
#include "ferry-background-sync.h"
#include "ferry-run-notices.h"
#include "ferry-secrets.h"
#include "ferry-sync-controller.h"
#include "daemon-test-util.h"

typedef struct
{
  guint            count;
  FerrySyncResult *result; /* owned, nullable: of the last */
  GError          *error;  /* owned, nullable: of the last */
} Finished;

static void
on_run_finished (FerryBackgroundSync   *background,
                 const char            *connection_id,
                 const char            *connection_name,
                 const FerrySyncResult *result,
                 const GError          *error,
                 Finished              *finished)
{
  finished->count++;
  g_clear_pointer (&finished->result, ferry_sync_result_free);
  g_clear_error (&finished->error);
  finished->result = result != NULL ? ferry_sync_result_copy (result) : NULL;
  finished->error = error != NULL ? g_error_copy (error) : NULL;
}

static void
finished_clear (Finished *finished)
{
  g_clear_pointer (&finished->result, ferry_sync_result_free);
  g_clear_error (&finished->error);
}

typedef gboolean (*Condition) (gpointer data);

/* Runs this thread's main context (the scheduler's) until @condition. */
static void
iterate_until (Condition condition,
               gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    }
  g_assert_true (condition (data));
}

static gboolean
has_finished (gpointer data)
{
  return ((Finished *) data)->count > 0;
}

static gboolean
is_running_here (gpointer data)
{
  return ferry_background_sync_get_status (data) == FERRY_BACKGROUND_SYNC_RUNNING;
}

static gboolean
is_stopped (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
controller_idle (gpointer data)
{
  return !ferry_sync_controller_get_running (data);
}

/* A sync started by hand in the app while the app's own automatic run
 * goes on: refused, saying so in the app's words. */
static void
assert_manual_refused (Fixture *fixture)
{
  g_autofree char *profile = cli_profile (fixture);
  g_autoptr(FerryAppState) state = ferry_app_state_new (profile);
  g_autoptr(FerrySyncController) controller = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_app_state_load (state, &error));
  g_assert_no_error (error);
  controller = ferry_sync_controller_new (state, ferry_connection_store_lookup (ferry_app_state_get_store (state),
                                                                                CONNECTION));
  g_assert_true (ferry_sync_controller_start (controller, NULL));
  iterate_until (controller_idle, controller);
  g_assert_cmpstr (ferry_sync_controller_get_result_text (controller), ==, "Not started");
  assert_says (ferry_sync_controller_get_message (controller), "An automatic sync has been running since");
  assert_says (ferry_sync_controller_get_message (controller), "Start another sync after it ends");
  assert_says (ferry_sync_controller_get_busy_text (controller), "An automatic sync has been running since");
}

static GPtrArray *
list_runs (Fixture *fixture)
{
  g_autofree char *path = ferry_connection_store_get_ledger_path (fixture->store, fixture->connection);
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *runs;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_ptr_array_new ();
  ledger = ferry_ledger_open (path, &error);
  g_assert_no_error (error);
  runs = ferry_ledger_list_runs (ledger, 100, 0, &error);
  g_assert_no_error (error);
  return runs;
}

typedef struct
{
  Fixture              *fixture;
  FerryLedgerRunResult  result;
} RunWanted;

static gboolean
newest_run_is (gpointer data)
{
  RunWanted *wanted = data;
  g_autoptr(GPtrArray) runs = list_runs (wanted->fixture);

  return runs->len > 0 && ((FerryLedgerRun *) runs->pdata[0])->result == wanted->result;
}

/* No two runs of the connection ever overlapped: each began after the one
 * before it ended. */
static void
assert_no_overlap (Fixture *fixture)
{
  g_autoptr(GPtrArray) runs = list_runs (fixture);

  for (guint i = 0; i + 1 < runs->len; i++)
    {
      const FerryLedgerRun *newer = runs->pdata[i];
      const FerryLedgerRun *older = runs->pdata[i + 1];

      g_assert_nonnull (older->ended_at);
      g_assert_cmpint (g_date_time_compare (newer->started_at, older->ended_at), >=, 0);
    }
}

/* Daily at a time twelve hours away: after its first run the connection
 * is not due again while a test lasts. */
static void
set_far_schedule (Fixture *fixture)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *schedule = g_strdup_printf ("daily:%02d:00", (g_date_time_get_hour (now) + 12) % 24);

  ferry_connection_set_schedule (fixture->connection, schedule);
  cli_save_connection (fixture);
}

static gboolean
store_password (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_secrets_store (fixture->connection, CLOUD_TEST_PASSWORD, NULL, &error))
    {
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NO_SECRET_SERVICE);
      g_test_fail_printf ("No Secret Service in this session: run under build-aux/test-session.sh");
      return FALSE;
    }
  return TRUE;
}

static FerryBackgroundSync *
new_background (Fixture  *fixture,
                Finished *finished)
{
  g_autofree char *profile = cli_profile (fixture);
  FerryBackgroundSync *background = ferry_background_sync_new (profile);

  ferry_background_sync_set_intervals (background, 1, 1);
  g_signal_connect (background, "run-finished", G_CALLBACK (on_run_finished), finished);
  return background;
}

static void
on_stopped (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_background_sync_stop_finish (FERRY_BACKGROUND_SYNC (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
stop (FerryBackgroundSync *background)
{
  gboolean stopped = FALSE;

  ferry_background_sync_stop_async (background, on_stopped, &stopped);
  iterate_until (is_stopped, &stopped);
  g_assert_cmpint (ferry_background_sync_get_status (background), ==, FERRY_BACKGROUND_SYNC_STOPPED);
}

/* The app runs the schedules: the connection's first automatic run is
 * the app's. While it goes on, a sync by hand in the app and `ferryctl
 * sync` of the same connection are refused, naming it, and a daemon on the
 * profile will not start. */
static void
test_app_runs_schedules (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *faults[] = { "--fault-latency", "400", NULL };
  g_autoptr(FerryBackgroundSync) background = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  RunWanted running = { fixture, FERRY_LEDGER_RESULT_RUNNING };
  Finished finished = { 0 };
  FerryTestResult r = { 0 };
  const FerryLedgerRun *run;

  /* Slow answers: the run lasts while the other programs try. */
  cli_relaunch_cloud (fixture, faults);
  set_far_schedule (fixture);
  if (!store_password (fixture))
    return;
  background = new_background (fixture, &finished);
  ferry_background_sync_start (background);
  g_assert_cmpint (ferry_background_sync_get_status (background), ==, FERRY_BACKGROUND_SYNC_RUNNING);
  g_assert_nonnull (strstr (ferry_background_sync_get_status_text (background), "Ferry runs"));
  iterate_until (newest_run_is, &running);

  assert_manual_refused (fixture);
  RUN_SYNC (&r, fixture, NULL);
  g_assert_cmpint (r.status, ==, 5);
  assert_says (r.err, "is running (ferry, pid");
  ferry_test_result_clear (&r);
  daemon = spawn_daemon (fixture);
  cli_finish (daemon, &r);
  g_assert_cmpint (r.status, ==, 5);
  assert_says (r.err, "already run by ferry (pid");
  ferry_test_result_clear (&r);

  iterate_until (has_finished, &finished);
  g_assert_no_error (finished.error);
  g_assert_cmpint (finished.result->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  runs = list_runs (fixture);
  g_assert_cmpuint (runs->len, ==, 1);
  run = runs->pdata[0];
  g_assert_cmpint (run->trigger, ==, FERRY_LEDGER_TRIGGER_AUTOMATIC);
  g_assert_cmpstr (run->program, ==, FERRY_PROGRAM_NAME);
  assert_cloud_equals_source (fixture);
  stop (background);
  finished_clear (&finished);
  ferry_secrets_clear (fixture->connection, NULL, NULL);
}

/* The daemon runs the schedules: the app does not, says so, shows the
 * daemon's runs, tells of the ones that fail, and takes over once the
 * daemon stops. Across the whole hand-over no two runs of the connection
 * overlap. */
static void
test_daemon_first (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(FerryBackgroundSync) background = NULL;
  g_autoptr(FerrySyncController) controller = NULL;
  g_autoptr(FerryAppState) state = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *profile = cli_profile (fixture);
  RunWanted succeeded = { fixture, FERRY_LEDGER_RESULT_SUCCEEDED };
  Finished finished = { 0 };
  FerryTestResult r = { 0 };
  g_autoptr(GError) error = NULL;

  if (!store_password (fixture))
    return;
  set_far_schedule (fixture);
  daemon = spawn_daemon (fixture);
  iterate_until (newest_run_is, &succeeded);
  background = new_background (fixture, &finished);
  ferry_background_sync_start (background);
  g_assert_cmpint (ferry_background_sync_get_status (background), ==, FERRY_BACKGROUND_SYNC_ELSEWHERE);
  assert_says (ferry_background_sync_get_status_text (background), "ferryctl daemon runs");

  /* The Sync tab says who runs them. */
  state = ferry_app_state_new (profile);
  g_assert_true (ferry_app_state_load (state, &error));
  g_assert_no_error (error);
  controller = ferry_sync_controller_new (state, ferry_connection_store_lookup (ferry_app_state_get_store (state),
                                                                                CONNECTION));
  now = g_date_time_new_now_local ();
  ferry_sync_controller_update_times (controller, now);
  assert_says (ferry_sync_controller_get_next_sync_text (controller), "(run by ferryctl daemon)");

  /* A few checks of both: neither runs the connection again (its slot is
   * at the top of the hour), and the app stays out. */
  for (guint i = 0; i < 150; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
  g_assert_cmpint (ferry_background_sync_get_status (background), ==, FERRY_BACKGROUND_SYNC_ELSEWHERE);
  g_assert_cmpuint (finished.count, ==, 0);

  /* An automatic run of the daemon's fails (written here as the daemon
   * would): the app, which watches the ledgers, tells of it. */
  add_failed_runs (fixture, 1);
  iterate_until (has_finished, &finished);
  g_assert_null (finished.result);
  g_assert_error (finished.error, FERRY_ERROR, FERRY_ERROR_FAILED);
  g_assert_cmpstr (finished.error->message, ==, "the cloud is down");

  g_subprocess_send_signal (daemon, SIGTERM);
  cli_finish (daemon, &r);
  g_assert_cmpint (r.status, ==, 0);
  ferry_test_result_clear (&r);
  iterate_until (is_running_here, background);
  ferry_sync_controller_update_times (controller, now);
  g_assert_null (strstr (ferry_sync_controller_get_next_sync_text (controller), "run by"));

  runs = list_runs (fixture);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_cmpstr (((FerryLedgerRun *) runs->pdata[1])->program, ==, "ferryctl daemon");
  assert_no_overlap (fixture);
  stop (background);
  finished_clear (&finished);
  ferry_secrets_clear (fixture->connection, NULL, NULL);
}

/* An automatic run of the app without a password anywhere fails, is
 * recorded as failed with what to do, is told through run-finished, and
 * is told as a failure by the notices. */
static void
test_failure_told (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FerryBackgroundSync) background = NULL;
  g_autoptr(FerryRunNotices) notices = ferry_run_notices_new ();
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  const FerryLedgerRun *run;
  Finished finished = { 0 };

  ferry_secrets_clear (fixture->connection, NULL, NULL);
  background = new_background (fixture, &finished);
  ferry_background_sync_start (background);
  iterate_until (has_finished, &finished);
  g_assert_null (finished.result);
  g_assert_nonnull (finished.error);
  g_assert_cmpint (ferry_run_notices_run_ended (notices, ferry_connection_get_id (fixture->connection),
                                                CONNECTION, finished.result, finished.error,
                                                &title, &body),
                   ==, FERRY_RUN_NOTICE_SEND);
  g_assert_cmpstr (title, ==, "Automatic sync of “Main office” failed");
  g_assert_cmpstr (body, ==, finished.error->message);
  assert_says (body, "No password is kept");

  /* History has it, with what to do. */
  runs = list_runs (fixture);
  g_assert_cmpuint (runs->len, ==, 1);
  run = runs->pdata[0];
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_FAILED);
  g_assert_cmpint (run->trigger, ==, FERRY_LEDGER_TRIGGER_AUTOMATIC);
  assert_says (run->message, "log in again");
  stop (background);
  finished_clear (&finished);
}

static gboolean
schedule_changed (gpointer data)
{
  return g_strcmp0 (ferry_connection_get_schedule (data), "daily:06:30") == 0;
}

/* What the window shows of a connection follows `ferryctl connection set`,
 * so that saving a dialog afterwards does not put the old schedule back. */
static void
test_state_follows_file (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *profile = cli_profile (fixture);
  g_autoptr(FerryAppState) state = ferry_app_state_new (profile);
  g_autoptr(GError) error = NULL;
  FerryConnection *connection;
  FerryTestResult r = { 0 };

  g_assert_true (ferry_app_state_load (state, &error));
  g_assert_no_error (error);
  connection = ferry_connection_store_lookup (ferry_app_state_get_store (state), CONNECTION);
  g_assert_cmpstr (ferry_connection_get_schedule (connection), ==, "hourly");
  RUN_CTL (&r, fixture, "connection", "set", CONNECTION, "--schedule", "daily:06:30",
           "--deep-schedule", "weekly:sun:02:00");
  g_assert_cmpint (r.status, ==, 0);
  ferry_test_result_clear (&r);
  iterate_until (schedule_changed, connection);
  g_assert_cmpstr (ferry_connection_get_deep_schedule (connection), ==, "weekly:sun:02:00");
  g_assert_true (connection == ferry_connection_store_lookup (ferry_app_state_get_store (state),
                                                              CONNECTION));
}

static FerryRunNoticeAction
ended (FerryRunNotices       *notices,
       const char            *id,
       const char            *name,
       const FerrySyncResult *result,
       const GError          *error,
       char                 **title,
       char                 **body)
{
  g_clear_pointer (title, g_free);
  g_clear_pointer (body, g_free);
  return ferry_run_notices_run_ended (notices, id, name, result, error, title, body);
}

/* What is told, and not told again, as automatic runs of two connections
 * end. */
static void
test_notices (void)
{
  g_autoptr(FerryRunNotices) notices = ferry_run_notices_new ();
  g_autoptr(GError) failure = g_error_new_literal (FERRY_ERROR, FERRY_ERROR_FAILED,
                                                   "The cloud refused the password");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  g_autoptr(GError) busy = g_error_new_literal (FERRY_ERROR, FERRY_ERROR_BUSY, "Another sync");
  FerrySyncResult clean = { 0 };
  FerrySyncResult rejected = { 0 };
  char *title = NULL, *body = NULL;

  clean.result = FERRY_LEDGER_RESULT_SUCCEEDED;
  rejected.result = FERRY_LEDGER_RESULT_RECORD_ERRORS;
  rejected.counts.rejected = 2;
  rejected.counts.export_failed = 1;

#define ENDED(id, result, error) \
  ended (notices, id, "Yard " id, result, error, &title, &body)

  /* Nothing to withdraw before anything was told. */
  g_assert_cmpint (ENDED ("a", &clean, NULL), ==, FERRY_RUN_NOTICE_NONE);
  g_assert_cmpint (ENDED ("a", NULL, failure), ==, FERRY_RUN_NOTICE_SEND);
  g_assert_cmpstr (title, ==, "Automatic sync of “Yard a” failed");
  g_assert_cmpstr (body, ==, "The cloud refused the password");
  /* Every failure is told; quitting and skipped slots are not. */
  g_assert_cmpint (ENDED ("a", NULL, failure), ==, FERRY_RUN_NOTICE_SEND);
  g_assert_cmpint (ENDED ("a", NULL, cancelled), ==, FERRY_RUN_NOTICE_NONE);
  g_assert_cmpint (ENDED ("a", NULL, busy), ==, FERRY_RUN_NOTICE_NONE);
  g_assert_null (title);
  /* Records not accepted: told once while their count stays. */
  g_assert_cmpint (ENDED ("a", &rejected, NULL), ==, FERRY_RUN_NOTICE_SEND);
  g_assert_cmpstr (title, ==, "Automatic sync of “Yard a”: 3 records not accepted");
  g_assert_cmpint (ENDED ("a", &rejected, NULL), ==, FERRY_RUN_NOTICE_NONE);
  /* Another connection is told of its own. */
  g_assert_cmpint (ENDED ("b", &rejected, NULL), ==, FERRY_RUN_NOTICE_SEND);
  rejected.counts.rejected = 0;
  g_assert_cmpint (ENDED ("a", &rejected, NULL), ==, FERRY_RUN_NOTICE_SEND);
  g_assert_cmpstr (title, ==, "Automatic sync of “Yard a”: 1 record not accepted");
  /* All through: the notice is stale. */
  g_assert_cmpint (ENDED ("a", &clean, NULL), ==, FERRY_RUN_NOTICE_WITHDRAW);
  g_assert_cmpint (ENDED ("a", &clean, NULL), ==, FERRY_RUN_NOTICE_NONE);
  g_assert_cmpint (ENDED ("a", &rejected, NULL), ==, FERRY_RUN_NOTICE_SEND);
#undef ENDED
  g_free (title);
  g_free (body);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The scheduler warns of failed runs, as it should; only criticals are
   * bugs here. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

#define ADD(path, func) \
  g_test_add ("/background-sync/" path, Fixture, NULL, cli_set_up, func, fixture_tear_down)
  ADD ("app-runs-schedules", test_app_runs_schedules);
  ADD ("daemon-first", test_daemon_first);
  ADD ("failure-told", test_failure_told);
  ADD ("state-follows-file", test_state_follows_file);
#undef ADD
  g_test_add_func ("/background-sync/notices", test_notices);

  return g_test_run ();
}
