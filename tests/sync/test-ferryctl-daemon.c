/* test-ferryctl-daemon.c: `ferryctl daemon` runs the schedule against a
 * real ferry-cloud, never overlaps another run, and stops cleanly on
 * SIGTERM, even mid-run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connection that never ran is due at once, so the daemon's first check
 * runs it: no test waits for the clock.
 */
#include <signal.h>

#include "ferry-scheduler.h"
#include "ferryctl-sync-test-util.h"

/* The newest run, or NULL; fails on a ledger error. */
static FerryLedgerRun *
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

/* Waits until the newest run has @result (RUNNING: started). */
static FerryLedgerRun *
wait_for_run (Fixture              *fixture,
              FerryLedgerRunResult  result)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (g_get_monotonic_time () < deadline)
    {
      FerryLedgerRun *run = last_run (fixture);

      if (run != NULL && run->result == result)
        return run;
      g_clear_pointer (&run, ferry_ledger_run_free);
      g_usleep (20 * 1000);
    }
  g_error ("No run became %s in time", ferry_ledger_run_result_to_string (result));
}

static GSubprocess *
spawn_daemon (Fixture *fixture)
{
  g_autofree char *password_file = cli_password_file (fixture);
  g_autofree char *profile = cli_profile (fixture);
  const char *argv[] = { g_getenv ("FERRYCTL"), "--profile", profile, "daemon", "--password-file",
                         password_file, "--check-interval", "1", NULL };
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  return process;
}

/* SIGTERM, then the daemon must exit 0 having said it stopped. */
static void
terminate (GSubprocess     *daemon,
           FerryTestResult *result)
{
  g_subprocess_send_signal (daemon, SIGTERM);
  cli_finish (daemon, result);
  g_assert_cmpint (result->status, ==, 0);
  g_assert_nonnull (strstr (result->err, "Stopped"));
}

static void
test_scheduled_run (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSubprocess) daemon = spawn_daemon (fixture);
  g_autoptr(FerryLedgerRun) run = wait_for_run (fixture, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_autoptr(FerryLedgerRun) still = NULL;
  FerryTestResult r = { 0 };

  g_assert_cmpint (run->trigger, ==, FERRY_LEDGER_TRIGGER_AUTOMATIC);
  g_assert_cmpint (run->sync_type, ==, FERRY_LEDGER_SYNC_SHALLOW);
  g_assert_cmpstr (run->program, ==, "ferryctl daemon");
  assert_cloud_equals_source (fixture);

  /* Hourly: the next slot is at the top of the hour, not at the next check. */
  g_usleep (2500 * 1000);
  still = last_run (fixture);
  g_assert_cmpint (still->id, ==, run->id);
  terminate (daemon, &r);
  g_assert_nonnull (strstr (r.err, "automatic sync started"));
  g_assert_nonnull (strstr (r.err, "automatic sync succeeded"));
  ferry_test_result_clear (&r);
}

/* SIGTERM while a run is going: it is recorded as cancelled, nothing is left
 * running, and the next run finishes the job. */
static void
test_sigterm_mid_run (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *faults[] = { "--fault-latency", "300", NULL };
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(FerryLedgerRun) running = NULL;
  g_autoptr(FerryLedgerRun) cancelled = NULL;
  g_autoptr(FerryLedgerRun) after = NULL;
  FerryTestResult r = { 0 };

  cli_relaunch_cloud (fixture, faults);
  daemon = spawn_daemon (fixture);
  running = wait_for_run (fixture, FERRY_LEDGER_RESULT_RUNNING);
  g_usleep (500 * 1000);
  terminate (daemon, &r);
  g_assert_nonnull (strstr (r.err, "cancelling the runs in progress"));
  ferry_test_result_clear (&r);
  cancelled = last_run (fixture);
  g_assert_cmpint (cancelled->id, ==, running->id);
  g_assert_cmpint (cancelled->result, ==, FERRY_LEDGER_RESULT_CANCELLED);

  /* A cancelled run is not a failure; the next one finishes the job. */
  cli_relaunch_cloud (fixture, NULL);
  RUN_SYNC (&r, fixture, "--json");
  g_assert_cmpint (r.status, ==, 0);
  ferry_test_result_clear (&r);
  after = last_run (fixture);
  g_assert_cmpint (after->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_cloud_equals_source (fixture);
}

/* While another program syncs the connection, the daemon's slot is skipped
 * and logged, not queued and not overlapped. */
static void
test_no_overlap (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *ledger_path = ferry_connection_store_get_ledger_path (fixture->store, fixture->connection);
  g_autofree char *lock_path = ferry_run_lock_path_for_ledger (ledger_path);
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GError) error = NULL;
  FerryTestResult r = { 0 };

  g_assert_true (ferry_connection_store_ensure_ledger_dir (fixture->store, &error));
  lock = ferry_run_lock_try_acquire (lock_path, CONNECTION, "ferry", &error);
  g_assert_no_error (error);
  daemon = spawn_daemon (fixture);
  g_usleep (3000 * 1000);
  terminate (daemon, &r);
  g_assert_nonnull (strstr (r.err, "slot skipped, not queued"));
  g_assert_nonnull (strstr (r.err, "ferry"));
  ferry_test_result_clear (&r);
  run = last_run (fixture);
  g_assert_null (run);
  g_assert_cmpint (cloud_count (fixture, "ar.customer"), ==, 0);
}

/* One program runs a profile's schedules: a second daemon says which and
 * exits as busy; the first goes on. */
static void
test_one_per_profile (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSubprocess) first = spawn_daemon (fixture);
  g_autoptr(FerryLedgerRun) run = wait_for_run (fixture, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_autoptr(GSubprocess) second = spawn_daemon (fixture);
  FerryTestResult r = { 0 };

  cli_finish (second, &r);
  g_assert_cmpint (r.status, ==, 5);
  g_assert_nonnull (strstr (r.err, "already run by ferryctl daemon (pid"));
  ferry_test_result_clear (&r);
  terminate (first, &r);
  ferry_test_result_clear (&r);
}

/* `ferryctl schedule`: the next slots on the wall clock of TZ; one run due
 * at once for a connection that never ran; schedules it cannot read are
 * refused when a connection is added. */
static void
test_schedule (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GError) error = NULL;
  FerryTestResult r = { 0 };
  JsonObject *root;
  JsonArray *next;

  g_assert_nonnull (paris);
  g_setenv ("TZ", "Europe/Paris", TRUE);
  RUN_CTL (&r, fixture, "connection", "add", "Yard", "--location", "yard.db", "--site-url",
           "http://127.0.0.1:8080", "--site", "demo", "--company", "02", "--user", "bob",
           "--schedule", "every:0m");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "every:15m"));
  ferry_test_result_clear (&r);
  ferry_connection_set_schedule (fixture->connection, "daily:02:00");
  cli_save_connection (fixture);

  RUN_CTL (&r, fixture, "schedule", CONNECTION, "--json", "--count", "3");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  ferry_test_result_clear (&r);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "schedule"), ==, "daily:02:00");
  g_assert_true (json_object_get_boolean_member (root, "due"));
  next = json_object_get_array_member (root, "next");
  g_assert_cmpuint (json_array_get_length (next), ==, 3);
  for (guint i = 1; i < 3; i++)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (json_array_get_string_element (next, i), NULL);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, paris);

      g_assert_cmpint (g_date_time_get_hour (local), ==, 2);
      g_assert_cmpint (g_date_time_get_minute (local), ==, 0);
    }

  RUN_CTL (&r, fixture, "schedule", CONNECTION);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "every day at 02:00"));
  g_assert_nonnull (strstr (r.out, "Europe/Paris"));
  g_assert_nonnull (strstr (r.out, "one run is due"));
  ferry_test_result_clear (&r);
  RUN_CTL (&r, fixture, "schedule", CONNECTION, "--count", "0");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--count"));
  ferry_test_result_clear (&r);
  g_unsetenv ("TZ");
}

/* Without a usable password the daemon refuses to start, saying why. */
static void
test_bad_password_file (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *password_file = cli_password_file (fixture);
  FerryTestResult r = { 0 };

  g_assert_cmpint (g_chmod (password_file, 0644), ==, 0);
  RUN_CTL (&r, fixture, "daemon", "--password-file", password_file);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_nonnull (strstr (r.err, "chmod 600"));
  ferry_test_result_clear (&r);
}

typedef struct
{
  GMainLoop       *loop;
  char            *id;
  char            *name;
  FerrySyncResult *result;
  gboolean         failed;
} Finished;

static void
on_run_finished (FerryScheduler        *scheduler,
                 const char            *id,
                 const char            *name,
                 const FerrySyncResult *result,
                 const GError          *error,
                 Finished              *finished)
{
  finished->id = g_strdup (id);
  finished->name = g_strdup (name);
  finished->result = result != NULL ? ferry_sync_result_copy (result) : NULL;
  finished->failed = error != NULL;
  g_main_loop_quit (finished->loop);
}

static void
on_stopped (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_assert_true (ferry_scheduler_stop_finish (FERRY_SCHEDULER (source), result, NULL));
  g_main_loop_quit (user_data);
}

/* In process, as the app runs it: the scheduler says when a run ended. */
static void
test_run_finished_signal (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *profile = cli_profile (fixture);
  g_autofree char *password_file = cli_password_file (fixture);
  g_autoptr(FerryScheduler) scheduler = ferry_scheduler_new (profile, "ferry");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  Finished finished = { loop, NULL, NULL, NULL, FALSE };

  ferry_scheduler_set_password_file (scheduler, password_file);
  g_signal_connect (scheduler, "run-finished", G_CALLBACK (on_run_finished), &finished);
  g_assert_true (ferry_scheduler_start (scheduler, 1, &error));
  g_assert_no_error (error);
  g_main_loop_run (loop);
  g_assert_cmpstr (finished.id, ==, ferry_connection_get_id (fixture->connection));
  g_assert_cmpstr (finished.name, ==, CONNECTION);
  g_assert_false (finished.failed);
  g_assert_nonnull (finished.result);
  g_assert_cmpint (finished.result->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (finished.result->counts.sent, >, 0);
  g_assert_cmpuint (ferry_scheduler_get_n_running (scheduler), ==, 0);
  ferry_scheduler_stop_async (scheduler, on_stopped, loop);
  g_main_loop_run (loop);
  g_free (finished.id);
  g_free (finished.name);
  ferry_sync_result_free (finished.result);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/ferryctl-daemon/" path, Fixture, NULL, cli_set_up, func, fixture_tear_down)
  ADD ("scheduled-run", test_scheduled_run);
  ADD ("sigterm-mid-run", test_sigterm_mid_run);
  ADD ("no-overlap", test_no_overlap);
  ADD ("one-per-profile", test_one_per_profile);
  ADD ("bad-password-file", test_bad_password_file);
  ADD ("schedule", test_schedule);
  ADD ("run-finished-signal", test_run_finished_signal);
#undef ADD

  return g_test_run ();
}
