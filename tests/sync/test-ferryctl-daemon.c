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
#include "daemon-test-util.h"

/* No run follows @run within a few checks (its slot had its run), and the
 * daemon, stopped, logged that @what started and succeeded. */
static void
assert_alone_then_stop (Fixture              *fixture,
                        GSubprocess          *daemon,
                        const FerryLedgerRun *run,
                        const char           *what)
{
  g_autoptr(FerryLedgerRun) still = NULL;
  g_autofree char *started = g_strdup_printf ("automatic %s started", what);
  g_autofree char *succeeded = g_strdup_printf ("automatic %s succeeded", what);
  FerryTestResult r = { 0 };

  g_usleep (2500 * 1000);
  still = last_run (fixture);
  g_assert_nonnull (still);
  g_assert_cmpint (still->id, ==, run->id);
  terminate (daemon, &r);
  g_assert_nonnull (strstr (r.err, started));
  g_assert_nonnull (strstr (r.err, succeeded));
  ferry_test_result_clear (&r);
}

static void
test_scheduled_run (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSubprocess) daemon = spawn_daemon (fixture);
  g_autoptr(FerryLedgerRun) run = wait_for_run (fixture, FERRY_LEDGER_RESULT_SUCCEEDED);

  g_assert_cmpint (run->trigger, ==, FERRY_LEDGER_TRIGGER_AUTOMATIC);
  g_assert_cmpint (run->sync_type, ==, FERRY_LEDGER_SYNC_SHALLOW);
  g_assert_cmpstr (run->program, ==, "ferryctl daemon");
  assert_cloud_equals_source (fixture);

  /* Hourly: the next slot is at the top of the hour, not at the next check. */
  assert_alone_then_stop (fixture, daemon, run, "sync");
}

/* Moves every run of the ledger at @path @hours back in time, as if the
 * connection had last synced then. */
static void
age_runs (const char *path,
          guint       hours)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE runs SET started_at = started_at - %" G_GINT64_FORMAT
                                          ", ended_at = ended_at - %" G_GINT64_FORMAT,
                                          (gint64) hours * G_TIME_SPAN_HOUR,
                                          (gint64) hours * G_TIME_SPAN_HOUR);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* A connection whose deep schedule has a slot due: the daemon's automatic
 * run is a deep sync of everything, and the next one waits for its slot.
 * A first sync by hand, two days back, makes a daily slot come since. */
static void
test_scheduled_deep_run (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *ledger_path = ferry_connection_store_get_ledger_path (fixture->store, fixture->connection);
  g_autoptr(FerryLedgerRun) first = NULL;
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GSubprocess) daemon = NULL;
  FerryTestResult r = { 0 };

  RUN_SYNC (&r, fixture, "--json");
  g_assert_cmpint (r.status, ==, 0);
  ferry_test_result_clear (&r);
  first = last_run (fixture);
  g_assert_nonnull (first);
  g_assert_cmpint (first->sync_type, ==, FERRY_LEDGER_SYNC_SHALLOW);
  age_runs (ledger_path, 48);
  RUN_CTL (&r, fixture, "connection", "set", CONNECTION, "--deep-schedule", "daily:03:00");
  g_assert_cmpint (r.status, ==, 0);
  ferry_test_result_clear (&r);

  daemon = spawn_daemon (fixture);
  run = wait_for_run_after (fixture, first->id, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpint (run->trigger, ==, FERRY_LEDGER_TRIGGER_AUTOMATIC);
  g_assert_cmpint (run->sync_type, ==, FERRY_LEDGER_SYNC_DEEP);
  g_assert_cmpstr (run->timeframe, ==, "all");
  g_assert_cmpstr (run->program, ==, "ferryctl daemon");
  assert_cloud_equals_source (fixture);

  /* The deep slot had its run: neither a deep nor a shallow one follows
   * before the next slot. */
  assert_alone_then_stop (fixture, daemon, run, "deep sync");
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
  g_assert_nonnull (cancelled);
  g_assert_cmpint (cancelled->id, ==, running->id);
  g_assert_cmpint (cancelled->result, ==, FERRY_LEDGER_RESULT_CANCELLED);

  /* A cancelled run is not a failure; the next one finishes the job. */
  cli_relaunch_cloud (fixture, NULL);
  RUN_SYNC (&r, fixture, "--json");
  g_assert_cmpint (r.status, ==, 0);
  ferry_test_result_clear (&r);
  after = last_run (fixture);
  g_assert_nonnull (after);
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
 * exits as busy; the first goes on, and `ferryctl status` names it. */
static void
test_one_per_profile (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSubprocess) first = spawn_daemon (fixture);
  g_autoptr(FerryLedgerRun) run = wait_for_run (fixture, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_autoptr(GSubprocess) second = spawn_daemon (fixture);
  FerryTestResult r = { 0 };

  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *one, *next;

  cli_finish (second, &r);
  g_assert_cmpint (r.status, ==, 5);
  g_assert_nonnull (strstr (r.err, "already run by ferryctl daemon (pid"));
  ferry_test_result_clear (&r);

  /* `status` says who runs them and when this connection's next run is:
   * hourly, so the top of the next hour. */
  RUN_CTL (&r, fixture, "status");
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "Automatic syncs are run by ferryctl daemon.");
  g_assert_true (g_regex_match_simple ("^" CONNECTION " .* idle +(today|tomorrow) [0-9]{2}:00$",
                                       r.out, G_REGEX_MULTILINE, 0));
  ferry_test_result_clear (&r);
  RUN_CTL (&r, fixture, "status", "--json");
  g_assert_cmpint (r.status, ==, 0);
  root = parse_object (parser, r.out);
  g_assert_cmpstr (json_object_get_string_member (root, "scheduler"), ==, "ferryctl daemon");
  one = json_array_get_object_element (json_object_get_array_member (root, "connections"), 0);
  next = json_object_get_object_member (one, "next_automatic");
  g_assert_cmpstr (json_object_get_string_member (next, "sync_type"), ==, "shallow");
  g_assert_false (json_object_get_boolean_member (next, "backing_off"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (next, "at"), ":00:00Z")
                 || g_str_has_suffix (json_object_get_string_member (next, "at"), ":30:00Z"));
  ferry_test_result_clear (&r);

  terminate (first, &r);
  ferry_test_result_clear (&r);

  /* Stopped: nothing runs them, and status says what to start. */
  RUN_CTL (&r, fixture, "status");
  assert_says (r.out, "Nothing runs the automatic syncs now");
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

/* Runs `ferryctl connection set ARGS…`; it must exit with @status and say
 * @says (on standard output for 0, else on standard error). */
#define RUN_SET(fixture, expected, says, ...) \
  G_STMT_START { \
    FerryTestResult set_result = { 0 }; \
    RUN_CTL (&set_result, (fixture), "connection", "set", __VA_ARGS__); \
    g_assert_cmpint (set_result.status, ==, (expected)); \
    assert_says ((expected) == 0 ? set_result.out : set_result.err, (says)); \
    ferry_test_result_clear (&set_result); \
  } G_STMT_END

/* A sync by hand that goes through ends the daemon's back-off: the daemon
 * reads the ledger at each check, so its next run is the next slot, not
 * twenty minutes on. */
static void
test_backoff_ended_by_hand (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(FerryLedgerRun) manual = NULL;
  g_autoptr(FerryLedgerRun) run = NULL;
  FerryTestResult r = { 0 };

  ferry_connection_set_schedule (fixture->connection, "every:1m");
  cli_save_connection (fixture);
  add_failed_runs (fixture, 4);
  daemon = spawn_daemon (fixture);
  g_usleep (1500 * 1000);
  RUN_SYNC (&r, fixture, NULL);
  g_assert_cmpint (r.status, ==, 0);
  ferry_test_result_clear (&r);
  manual = last_run (fixture);
  g_assert_nonnull (manual);
  g_assert_cmpint (manual->trigger, ==, FERRY_LEDGER_TRIGGER_MANUAL);

  run = wait_for_run_after (fixture, manual->id, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpint (run->trigger, ==, FERRY_LEDGER_TRIGGER_AUTOMATIC);
  terminate (daemon, &r);
  assert_says (r.err, "4 failed runs in a row; backing off until");
  ferry_test_result_clear (&r);
}

/* `ferryctl schedule` with a deep schedule: which runs are deep, and how
 * long failures put the next one off, as the daemon counts them. */
static void
test_schedule_deep (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *ledger_path = ferry_connection_store_get_ledger_path (fixture->store, fixture->connection);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  FerryTestResult r = { 0 };
  JsonObject *root;
  JsonArray *runs;

  RUN_SET (fixture, 0, "deep schedule daily:03:00", CONNECTION, "--schedule", "hourly",
           "--deep-schedule", "daily:03:00");
  /* Never ran: the first run is shallow, at once. */
  RUN_CTL (&r, fixture, "schedule", CONNECTION, "--json", "--count", "25");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  ferry_test_result_clear (&r);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "deep_schedule"), ==, "daily:03:00");
  g_assert_true (json_object_get_boolean_member (root, "due"));
  g_assert_true (json_object_get_null_member (root, "backing_off_until"));
  runs = json_object_get_array_member (root, "next_runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 25);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0),
                                                  "sync_type"), ==, "shallow");
  /* Then hourly for 24 hours: one of them, at 03:00, is deep. */
  {
    guint deep = 0;

    for (guint i = 0; i < json_array_get_length (runs); i++)
      deep += g_str_equal (json_object_get_string_member (json_array_get_object_element (runs, i),
                                                          "sync_type"), "deep");
    g_assert_cmpuint (deep, ==, 1);
  }

  /* A run two days ago: a deep one is due now. */
  add_failed_runs (fixture, 1);
  age_runs (ledger_path, 48);
  RUN_CTL (&r, fixture, "schedule", CONNECTION);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Deep syncs (every record read again, deletions found): "
                                   "every day at 03:00 (daily:03:00)"));
  g_assert_nonnull (strstr (r.out, "one run is due, however many were missed — a deep sync"));
  ferry_test_result_clear (&r);

  /* Eight failures in a row: four hours' wait, and still deep after it. */
  add_failed_runs (fixture, 7);
  RUN_CTL (&r, fixture, "schedule", CONNECTION);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "8 failed runs in a row: backing off until"));
  g_assert_null (strstr (r.out, "one run is due"));
  ferry_test_result_clear (&r);
  RUN_CTL (&r, fixture, "schedule", CONNECTION, "--json");
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  g_assert_no_error (error);
  ferry_test_result_clear (&r);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_get_boolean_member (root, "due"));
  g_assert_cmpint (json_object_get_int_member (root, "failures"), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (root, "backing_off_until"), ==,
                   json_array_get_string_element (json_object_get_array_member (root, "next"), 0));
  runs = json_object_get_array_member (root, "next_runs");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0),
                                                  "sync_type"), ==, "deep");
}

/* The connection as saved in the profile now. */
static FerryConnection *
saved_connection (Fixture *fixture)
{
  g_autofree char *profile = cli_profile (fixture);
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (profile);
  g_autoptr(GError) error = NULL;
  FerryConnection *connection;

  g_assert_true (ferry_connection_store_load (store, &error));
  g_assert_no_error (error);
  connection = ferry_connection_store_lookup (store, CONNECTION);
  g_assert_nonnull (connection);
  return g_object_ref (connection);
}

/* `ferryctl connection set` changes when a connection syncs and keeps the
 * rest; a schedule it cannot read, an unknown connection or nothing to
 * change are refused (status 2) and change nothing. */
static void
test_connection_set (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FerryConnection) saved = NULL;
  FerryTestResult r = { 0 };

  RUN_SET (fixture, 0, "deep schedule weekly:sun:02:00", "main office", "--schedule", "every:15m",
           "--deep-schedule", "weekly:sun:02:00", "--stop-on-error", "yes");
  saved = saved_connection (fixture);
  g_assert_cmpstr (ferry_connection_get_schedule (saved), ==, "every:15m");
  g_assert_cmpstr (ferry_connection_get_deep_schedule (saved), ==, "weekly:sun:02:00");
  g_assert_true (ferry_connection_get_stop_on_error (saved));
  g_assert_cmpstr (ferry_connection_get_user (saved), ==,
                   ferry_connection_get_user (fixture->connection));
  RUN_CTL (&r, fixture, "connection", "show", CONNECTION);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "deep schedule      weekly:sun:02:00"));
  ferry_test_result_clear (&r);
  RUN_CTL (&r, fixture, "connection", "list");
  g_assert_nonnull (strstr (r.out, "every:15m, deep weekly:sun:02:00"));
  ferry_test_result_clear (&r);

  /* One setting: the others stay. */
  RUN_SET (fixture, 0, "on a failure go on", CONNECTION, "--stop-on-error", "no");
  g_clear_object (&saved);
  saved = saved_connection (fixture);
  g_assert_false (ferry_connection_get_stop_on_error (saved));
  g_assert_cmpstr (ferry_connection_get_schedule (saved), ==, "every:15m");
  g_assert_cmpstr (ferry_connection_get_deep_schedule (saved), ==, "weekly:sun:02:00");

  RUN_SET (fixture, 2, "weekly:sat,sun:02:00", CONNECTION, "--deep-schedule",
           "weekly:sunday:02:00");
  RUN_SET (fixture, 2, "--schedule", CONNECTION, "--schedule", "every:0m");
  RUN_SET (fixture, 2, "every:15m", CONNECTION, "--schedule", "every:0m");
  RUN_SET (fixture, 2, "yes or no", CONNECTION, "--stop-on-error", "maybe");
  RUN_SET (fixture, 2, "nothing to change", CONNECTION);
  RUN_SET (fixture, 2, "no connection “Yard”", "Yard", "--schedule", "hourly");
  g_clear_object (&saved);
  saved = saved_connection (fixture);
  g_assert_cmpstr (ferry_connection_get_schedule (saved), ==, "every:15m");
  g_assert_cmpstr (ferry_connection_get_deep_schedule (saved), ==, "weekly:sun:02:00");
  g_assert_false (ferry_connection_get_stop_on_error (saved));
}

/* A connections.json from before deep schedules, without "deep_schedule":
 * its connections have none, and keep their other settings. */
static void
test_old_connections_file (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *file = ferry_connection_store_get_file (fixture->store);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(FerryConnection) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  FerryTestResult r = { 0 };
  JsonArray *connections;

  RUN_SET (fixture, 0, "deep schedule daily:03:00", CONNECTION, "--schedule", "every:15m",
           "--deep-schedule", "daily:03:00");
  g_assert_true (json_parser_load_from_file (parser, file, &error));
  g_assert_no_error (error);
  connections = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                              "connections");
  for (guint i = 0; i < json_array_get_length (connections); i++)
    json_object_remove_member (json_array_get_object_element (connections, i), "deep_schedule");
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, NULL);
  g_assert_null (strstr (text, "deep_schedule"));
  g_assert_true (g_file_set_contents_full (file, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                           &error));
  g_assert_no_error (error);

  saved = saved_connection (fixture);
  g_assert_cmpstr (ferry_connection_get_deep_schedule (saved), ==, "manual");
  g_assert_cmpstr (ferry_connection_get_schedule (saved), ==, "every:15m");
  RUN_CTL (&r, fixture, "connection", "show", CONNECTION);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "deep schedule      manual"));
  ferry_test_result_clear (&r);
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
  ADD ("scheduled-deep-run", test_scheduled_deep_run);
  ADD ("sigterm-mid-run", test_sigterm_mid_run);
  ADD ("no-overlap", test_no_overlap);
  ADD ("one-per-profile", test_one_per_profile);
  ADD ("backoff-ended-by-hand", test_backoff_ended_by_hand);
  ADD ("bad-password-file", test_bad_password_file);
  ADD ("schedule", test_schedule);
  ADD ("connection-set", test_connection_set);
  ADD ("old-connections-file", test_old_connections_file);
  ADD ("schedule-deep", test_schedule_deep);
  ADD ("run-finished-signal", test_run_finished_signal);
#undef ADD

  return g_test_run ();
}
