/* test-ferryctl-sync.c: `ferryctl sync` end to end: the real binary, a real
 * ferry-cloud on loopback, a demo accounting database, a scratch profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pty.h>
#include <unistd.h>

#include "ferry-secrets.h"
#include "ferryctl-sync-test-util.h"

/* Every member docs/ferryctl.md promises in `sync --json`. */
static void
assert_documented_members (JsonObject *object)
{
  const char * const members[] = {
    "connection", "connection_id", "sync_type", "timeframe", "entities", "dry_run", "result",
    "exit_status", "message", "run_id", "duration_ms", "retries", "counts", "errors_total",
    "errors", "run", NULL
  };
  const char * const counts[] = {
    "sent", "created", "updated", "unchanged", "deleted", "rejected", "waiting", "failed",
    "skipped", NULL
  };

  for (guint i = 0; members[i] != NULL; i++)
    if (!json_object_has_member (object, members[i]))
      g_error ("`sync --json` has no member “%s”", members[i]);
  for (guint i = 0; counts[i] != NULL; i++)
    count_of (object, counts[i]);
  g_assert_cmpuint (json_object_get_size (object), ==, g_strv_length ((GStrv) members));
}

static void
test_deep_twice (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonParser) first = json_parser_new ();
  g_autoptr(JsonParser) second = json_parser_new ();
  g_autoptr(JsonParser) history = json_parser_new ();
  FerryTestResult text = { 0, };
  gint64 total = source_total (fixture);
  JsonObject *run, *again;
  JsonArray *runs;

  run = SYNC_JSON (first, fixture, 0, "--deep");
  assert_documented_members (run);
  g_assert_cmpstr (json_object_get_string_member (run, "connection"), ==, CONNECTION);
  g_assert_cmpstr (json_object_get_string_member (run, "result"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (run, "sync_type"), ==, "deep");
  g_assert_cmpstr (json_object_get_string_member (run, "timeframe"), ==, "all");
  g_assert_false (json_object_get_boolean_member (run, "dry_run"));
  g_assert_cmpint (count_of (run, "sent"), ==, total);
  g_assert_cmpint (count_of (run, "created"), ==, total);
  g_assert_cmpint (json_object_get_int_member (run, "errors_total"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (run, "run_id"), ==,
                   json_object_get_int_member (json_object_get_object_member (run, "run"), "id"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (run, "run"),
                                                  "program"), ==, "ferryctl");
  assert_cloud_counts_match_tables (fixture);
  assert_cloud_equals_source (fixture);

  again = SYNC_JSON (second, fixture, 0, "--deep");
  g_assert_cmpint (count_of (again, "created") + count_of (again, "updated")
                   + count_of (again, "deleted"), ==, 0);
  g_assert_cmpint (count_of (again, "sent"), ==, 0);
  g_assert_cmpint (count_of (again, "skipped"), ==, total);

  /* Without --json and without a terminal: a summary, and no progress bar. */
  RUN_SYNC (&text, fixture, "--deep");
  g_assert_cmpint (text.status, ==, 0);
  assert_says (text.out, "Deep sync of “" CONNECTION "”");
  assert_says (text.out, "succeeded");
  g_assert_null (strchr (text.out, '\r'));
  g_assert_null (strchr (text.out, '\033'));
  ferry_test_result_clear (&text);

  runs = history_runs (history, fixture);
  g_assert_cmpuint (json_array_get_length (runs), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, i),
                                                    "result"), ==, "succeeded");
  g_assert_cmpuint (assert_versions_are_one (fixture), ==, total);
}

static GSubprocess *
spawn_on_terminal (Fixture    *fixture,
                   int         terminal,
                   const char *first_arg,
                   ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  va_list args;

  va_start (args, first_arg);
  argv = cli_argv (fixture, TRUE, first_arg, args);
  va_end (args);
  g_subprocess_launcher_take_stdout_fd (launcher, terminal);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* On a terminal, a one-line progress bar, redrawn in place and erased
 * before the summary. */
static void
test_progress_bar (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  const char *summary;
  char buffer[4096];
  ssize_t n;
  int master, slave;

  cli_relaunch_cloud (fixture, (const char * const[]) { "--fault-latency", "100", NULL });
  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  process = spawn_on_terminal (fixture, slave, "--deep", NULL);
  /* Until the program's end closes the terminal. */
  while ((n = read (master, buffer, sizeof buffer)) > 0)
    g_string_append_len (out, buffer, n);
  close (master);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  assert_says (out->str, "\r[");
  assert_says (out->str, "%  ");
  assert_says (out->str, "\033[K");
  summary = strstr (out->str, "Deep sync of “" CONNECTION "”");
  g_assert_nonnull (summary);
  /* The bar is erased, and never drawn over the summary. */
  before = g_strndup (out->str, summary - out->str);
  g_assert_true (g_str_has_suffix (before, "\r\033[K"));
  g_assert_null (strchr (summary, '['));
  assert_cloud_equals_source (fixture);
}

/* Three edited records: a shallow sync sends those three, a dry run before
 * it says so and sends nothing. */
static void
test_shallow_and_dry_run (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) dry_parser = json_parser_new ();
  g_autofree char *now = now_text ();
  g_autofree char *sql = NULL;
  JsonObject *dry, *run;

  SYNC_JSON (parser, fixture, 0, "--deep");
  sql = g_strdup_printf ("UPDATE gl_account SET description = description || ' (renamed)', "
                         "modified_at = '%s' WHERE account IN "
                         "(SELECT account FROM gl_account ORDER BY account LIMIT 3)", now);
  exec_sql (fixture, sql);

  dry = SYNC_JSON (dry_parser, fixture, 0, "--dry-run");
  g_assert_true (json_object_get_boolean_member (dry, "dry_run"));
  g_assert_cmpint (count_of (dry, "sent"), ==, 3);
  g_assert_true (json_object_get_null_member (dry, "run"));
  g_assert_true (json_object_get_null_member (dry, "run_id"));

  run = SYNC_JSON (parser, fixture, 0, "--since", "today");
  g_assert_cmpstr (json_object_get_string_member (run, "sync_type"), ==, "shallow");
  g_assert_cmpstr (json_object_get_string_member (run, "timeframe"), ==, "today");
  g_assert_cmpint (count_of (run, "sent"), ==, 3);
  g_assert_cmpint (count_of (run, "updated"), ==, 3);
  assert_cloud_equals_source (fixture);

  /* An entity selection limits the run to it. */
  run = SYNC_JSON (parser, fixture, 0, "--deep", "--entities", "gl.account, ar.customer");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (run, "entities")), ==, 2);
  g_assert_cmpint (count_of (run, "skipped"), ==,
                   query_int (fixture, "SELECT (SELECT count(*) FROM gl_account) "
                                       "+ (SELECT count(*) FROM ar_customer)"));
}

static void
expect_status (Fixture    *fixture,
               int         status,
               const char *says,
               const char *first_arg,
               ...)
{
  FerryTestResult result = { 0, };
  va_list args;

  va_start (args, first_arg);
  cli_expect_valist (&result, fixture, FALSE, status, first_arg, args);
  va_end (args);
  assert_says (result.err, says);
  ferry_test_result_clear (&result);
}

#define EXPECT_STATUS(fixture, status, says, ...) \
  expect_status ((fixture), (status), (says), __VA_ARGS__, NULL)

static void
test_exit_statuses (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *wrong = g_build_filename (fixture->dir, "wrong-password", NULL);
  g_autofree char *open = g_build_filename (fixture->dir, "readable-password", NULL);
  g_autofree char *good = cli_password_file (fixture);
  FerryTestResult result = { 0, };

  write_secret_file (wrong, "not the password\n", 0600);
  write_secret_file (open, CLOUD_TEST_PASSWORD "\n", 0644);

  EXPECT_STATUS (fixture, 2, "connection list", "sync", "Nowhere", "--password-file", good);
  EXPECT_STATUS (fixture, 2, "last-week", "sync", CONNECTION, "--since", "yesterday");
  EXPECT_STATUS (fixture, 2, "nope.nothing", "sync", CONNECTION, "--entities", "nope.nothing");
  EXPECT_STATUS (fixture, 2, "--entities", "sync", CONNECTION, "--entities", " , ");
  EXPECT_STATUS (fixture, 2, "CONNECTION", "sync");
  EXPECT_STATUS (fixture, 2, "600", "sync", CONNECTION, "--password-file", open);
  EXPECT_STATUS (fixture, 3, "ferryctl login", "sync", CONNECTION, "--password-file", wrong);

  /* Neither a kept password nor a file: the message names both ways. */
  RUN_CTL (&result, fixture, "sync", CONNECTION);
  g_assert_true (result.status == 2 || result.status == 6);
  assert_says (result.err, "--password-file");
  if (result.status == 2)
    assert_says (result.err, "ferryctl login");
  ferry_test_result_clear (&result);

  /* A user without Can Sync: the cloud refuses, and says why. */
  ferry_connection_set_user (fixture->connection, "bob");
  cli_save_connection (fixture);
  EXPECT_STATUS (fixture, 3, "Can Sync", "sync", CONNECTION, "--password-file", good);
  ferry_connection_set_user (fixture->connection, "ada");
  cli_save_connection (fixture);

  /* Nothing above reached the cloud's records. */
  g_assert_cmpint (cloud_count (fixture, "gl.account"), ==, 0);
}

/* A sync without --password-file uses the password kept in the Secret
 * Service, where `ferryctl login` keeps it. */
static void
test_secret_service (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FerryTestResult result = { 0, };

  if (!ferry_secrets_store (fixture->connection, CLOUD_TEST_PASSWORD, NULL, &error))
    {
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NO_SECRET_SERVICE);
      g_test_skip ("No Secret Service in this session (run under build-aux/test-session.sh)");
      return;
    }
  RUN_CTL (&result, fixture, "sync", CONNECTION, "--deep");
  g_assert_cmpint (result.status, ==, 0);
  ferry_test_result_clear (&result);
  assert_cloud_equals_source (fixture);
  g_assert_true (ferry_secrets_clear (fixture->connection, NULL, &error));
  g_assert_no_error (error);
}

/* The set-up docs/ferryctl.md describes: `connection add` with the
 * server's address and the site apart, `login` keeping the password in the
 * Secret Service, then `sync` with no password option. */
static void
test_documented_setup (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *password_file = cli_password_file (fixture);
  FerryTestResult result = { 0, };
  JsonObject *object;

  RUN_CTL (&result, fixture, "connection", "add", "Documented", "--location", fixture->db,
           "--site-url", fixture->server->url, "--site", "demo", "--company", "01",
           "--user", "ada", "--entities", "ar.customer_type,ar.customer");
  g_assert_cmpint (result.status, ==, 0);
  ferry_test_result_clear (&result);
  RUN_CTL (&result, fixture, "login", "Documented", "--password-file", password_file);
  if (result.status == 6) /* a local failure: no keyring here */
    {
      g_test_skip ("No Secret Service in this session (run under build-aux/test-session.sh)");
      ferry_test_result_clear (&result);
      return;
    }
  g_assert_cmpint (result.status, ==, 0);
  ferry_test_result_clear (&result);

  RUN_CTL (&result, fixture, "sync", "Documented", "--deep", "--json");
  g_assert_cmpint (result.status, ==, 0);
  object = parse_object (parser, result.out);
  g_assert_cmpint (count_of (object, "created"), >, 0);
  g_assert_cmpint (count_of (object, "rejected"), ==, 0);
  ferry_test_result_clear (&result);
  RUN_CTL (&result, fixture, "connection", "remove", "Documented", "--yes");
  g_assert_cmpint (result.status, ==, 0);
  ferry_test_result_clear (&result);
}

/* Sets the customer of the first @n jobs to one that does not exist. */
static void
break_jobs (Fixture *fixture,
            guint    n)
{
  g_autofree char *now = now_text ();
  g_autofree char *sql = NULL;

  exec_sql (fixture, "CREATE TABLE saved_customer AS SELECT job, customer FROM cv_job");
  sql = g_strdup_printf ("UPDATE cv_job SET customer = 'NO-SUCH-CUSTOMER', modified_at = '%s' "
                         "WHERE job IN (SELECT job FROM cv_job ORDER BY job LIMIT %u)", now, n);
  exec_sql (fixture, sql);
}

static void
mend_jobs (Fixture *fixture)
{
  g_autofree char *now = now_text ();
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("UPDATE cv_job SET customer = (SELECT customer FROM saved_customer s "
                         "WHERE s.job = cv_job.job), modified_at = '%s' "
                         "WHERE customer = 'NO-SUCH-CUSTOMER'", now);
  exec_sql (fixture, sql);
  exec_sql (fixture, "DROP TABLE saved_customer");
}

static JsonObject *
find_error (JsonArray  *errors,
            const char *entity,
            const char *code)
{
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *error = json_array_get_object_element (errors, i);

      if (g_str_equal (json_object_get_string_member (error, "entity"), entity)
          && g_str_equal (json_object_get_string_member (error, "code"), code))
        return error;
    }
  g_error ("No %s error of %s", code, entity);
}

static void
test_record_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) listed = json_parser_new ();
  g_autofree char *run_id = NULL;
  FerryTestResult result = { 0, };
  JsonObject *run, *rejected, *waiting;
  JsonArray *errors;
  gint64 n_errors;

  break_jobs (fixture, 2);
  run = SYNC_JSON (parser, fixture, 1, "--deep");
  g_assert_cmpstr (json_object_get_string_member (run, "result"), ==, "record-errors");
  g_assert_cmpint (count_of (run, "rejected"), ==, 2);
  g_assert_cmpint (count_of (run, "waiting"), >, 0);
  n_errors = count_of (run, "rejected") + count_of (run, "waiting") + count_of (run, "failed");
  g_assert_cmpint (json_object_get_int_member (run, "errors_total"), ==, n_errors);
  errors = json_object_get_array_member (run, "errors");
  g_assert_cmpint (json_array_get_length (errors), ==, MIN (n_errors, 100));

  rejected = find_error (errors, "cv.job", "missing-parent");
  g_assert_cmpstr (json_object_get_string_member (rejected, "field"), ==, "customer");
  g_assert_cmpstr (json_object_get_string_member (rejected, "entity_label"), ==, "Job (CV)");
  assert_says (json_object_get_string_member (rejected, "message"), "NO-SUCH-CUSTOMER");
  g_assert_nonnull (json_object_get_string_member (rejected, "hint"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (rejected, "key"), "[\""));
  waiting = find_error (errors, "jc.job_cost_code", "parent-rejected");
  g_assert_nonnull (json_object_get_string_member (waiting, "message"));

  /* The same errors in words: a few of them, and where the rest are. */
  run_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (run, "run_id") + 1);
  RUN_SYNC (&result, fixture, NULL);
  g_assert_cmpint (result.status, ==, 1);
  assert_says (result.out, "record-errors");
  assert_says (result.out, "NO-SUCH-CUSTOMER");
  assert_says (result.out, "Fix: ");
  if (n_errors > 10)
    {
      g_autofree char *pointer = g_strdup_printf ("`ferryctl history \"%s\" --errors %s`",
                                                  CONNECTION, run_id);

      assert_says (result.out, pointer);
    }
  ferry_test_result_clear (&result);
  RUN_CTL (&result, fixture, "history", CONNECTION, "--errors", run_id, "--json");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (parse_object (listed,
                                                                                      result.out),
                                                                        "errors")), ==, n_errors);
  ferry_test_result_clear (&result);

  /* Corrected in the accounting system, everything goes through. */
  mend_jobs (fixture);
  run = SYNC_JSON (parser, fixture, 0, NULL);
  g_assert_cmpint (count_of (run, "rejected") + count_of (run, "waiting"), ==, 0);
  assert_cloud_equals_source (fixture);
}

/* Two syncs of one connection at once: the second is refused, naming the
 * first, and the first is not disturbed. */
static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *holder = NULL;
  FerryTestResult result = { 0, };
  JsonObject *busy;

  cli_relaunch_cloud (fixture, (const char * const[]) { "--fault-latency", "200", NULL });
  first = cli_spawn_sync (fixture, "--deep", NULL);
  /* The run lock is taken before logging in. */
  wait_for_log (fixture->server, "/sessions ", 1);

  holder = g_strdup_printf ("ferryctl, pid %s", g_subprocess_get_identifier (first));
  RUN_SYNC (&result, fixture, NULL);
  g_assert_cmpint (result.status, ==, 5);
  assert_says (result.err, holder);
  ferry_test_result_clear (&result);

  busy = SYNC_JSON (parser, fixture, 5, "--deep");
  g_assert_cmpstr (json_object_get_string_member (busy, "result"), ==, "busy");
  assert_says (json_object_get_string_member (busy, "message"), holder);
  g_assert_true (json_object_get_null_member (busy, "run"));

  cli_finish (first, &result);
  g_assert_cmpint (result.status, ==, 0);
  ferry_test_result_clear (&result);
  assert_cloud_equals_source (fixture);
}

/* Ctrl-C or SIGTERM mid-run: exit 4 once the run is recorded as cancelled;
 * the next sync completes the job. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  int signum = GPOINTER_TO_INT (data);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) history = json_parser_new ();
  FerryTestResult result = { 0, };
  JsonObject *cancelled, *last;

  cli_relaunch_cloud (fixture, (const char * const[]) { "--fault-latency", "100", NULL });
  process = cli_spawn_sync (fixture, "--deep", "--json", NULL);
  wait_for_log (fixture->server, "/batches ", 2);
  g_subprocess_send_signal (process, signum);
  cli_finish (process, &result);
  g_assert_cmpint (result.status, ==, 4);
  cancelled = parse_object (parser, result.out);
  g_assert_cmpstr (json_object_get_string_member (cancelled, "result"), ==, "cancelled");
  /* The first batch's answer was in the ledger before the second was sent. */
  g_assert_cmpint (count_of (cancelled, "created"), >, 0);
  g_assert_cmpint (count_of (cancelled, "created"), <, source_total (fixture));
  ferry_test_result_clear (&result);

  last = json_array_get_object_element (history_runs (history, fixture), 0);
  g_assert_cmpstr (json_object_get_string_member (last, "result"), ==, "cancelled");
  g_assert_false (json_object_get_null_member (last, "ended_at"));

  cli_relaunch_cloud (fixture, NULL);
  SYNC_JSON (parser, fixture, 0, "--deep");
  assert_cloud_equals_source (fixture);
  g_assert_cmpint (assert_versions_are_one (fixture), ==, source_total (fixture));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/ferryctl/sync/deep-twice", Fixture, NULL, cli_set_up, test_deep_twice,
              fixture_tear_down);
  g_test_add ("/ferryctl/sync/progress-bar", Fixture, NULL, cli_set_up, test_progress_bar,
              fixture_tear_down);
  g_test_add ("/ferryctl/sync/shallow-and-dry-run", Fixture, NULL, cli_set_up,
              test_shallow_and_dry_run, fixture_tear_down);
  g_test_add ("/ferryctl/sync/exit-statuses", Fixture, NULL, cli_set_up, test_exit_statuses,
              fixture_tear_down);
  g_test_add ("/ferryctl/sync/secret-service", Fixture, NULL, cli_set_up, test_secret_service,
              fixture_tear_down);
  g_test_add ("/ferryctl/sync/record-errors", Fixture, NULL, cli_set_up, test_record_errors,
              fixture_tear_down);
  g_test_add ("/ferryctl/sync/documented-setup", Fixture, NULL, cli_set_up, test_documented_setup,
              fixture_tear_down);
  g_test_add ("/ferryctl/sync/busy", Fixture, NULL, cli_set_up, test_busy, fixture_tear_down);
  g_test_add ("/ferryctl/sync/sigint", Fixture, GINT_TO_POINTER (SIGINT), cli_set_up,
              test_cancel, fixture_tear_down);
  g_test_add ("/ferryctl/sync/sigterm", Fixture, GINT_TO_POINTER (SIGTERM), cli_set_up,
              test_cancel, fixture_tear_down);

  return g_test_run ();
}
