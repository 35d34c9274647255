/* test-ferryctl-export-kill.c: `ferryctl sync --direction export` killed
 * with SIGKILL at several points, then run again: every export item is in
 * the accounting database exactly once, and applied in the cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The points are found in the cloud's request log and in Ferry's marker
 * table, with faults that hold the run there: latency keeps the feed or an
 * acknowledgement in flight, a dropped answer leaves an acknowledgement
 * stored in the cloud but unknown to Ferry. Where exactly a kill lands is
 * reported, not asserted: the outcome must be the same wherever it lands.
 */
#include "export-test-util.h"

typedef struct
{
  const char *name;
  const char *what;        /* for people */
  const char *faults[4];   /* serve options while the killed run runs */
  guint       batch_size;  /* items a page */
  guint       n_items;
  const char *needle;      /* kill once the request log shows this … */
  guint       n;           /* … this many times, */
  guint       markers;     /* or once this many items are written */
} KillPoint;

static const KillPoint kill_points[] = {
  { "before-write", "logged in, the first page of the feed in flight",
    { "--fault-latency", "300", NULL }, 100, 200, "/me ", 1, 0 },
  { "after-commit", "a page written, its acknowledgement in flight",
    { "--fault-latency", "300", NULL }, 100, 200, NULL, 0, 100 },
  { "ack-dropped", "a page's acknowledgement stored in the cloud, its answer lost",
    { "--fault-drop-rate", "1", NULL }, 100, 200, "acknowledgements dropped the connection", 1, 0 },
  { "mid-page", "in the middle of a page of 1,000 items",
    { NULL }, 1000, 1000, NULL, 0, 100 },
};

#define PREFIX "kill"

static void
kill_set_up (Fixture       *fixture,
             gconstpointer  data)
{
  const KillPoint *point = data;
  g_auto(DemoKeys) keys = { 0, };
  g_autofree char *json = NULL;

  cli_set_up (fixture, data);
  demo_keys_load (&keys, fixture);
  ferry_connection_set_entity_enabled (fixture->connection, "export.time_entry", TRUE);
  ferry_connection_set_batch_size (fixture->connection, point->batch_size);
  cli_relaunch_cloud (fixture, point->faults[0] != NULL ? point->faults : NULL);
  json = time_entries_json (&keys, PREFIX, point->n_items);
  export_add (fixture, json);
}

/* Starts the export and kills it at @point. */
static void
kill_at (Fixture         *fixture,
         const KillPoint *point)
{
  g_autoptr(GSubprocess) process = cli_spawn_sync (fixture, "--direction", "export", NULL);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  if (point->needle != NULL)
    wait_for_log (fixture->server, point->needle, point->n);
  else
    while (markers_now (fixture) < point->markers)
      {
        if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (process) == NULL)
          g_error ("%s: the run never had %u items written", point->name, point->markers);
        g_usleep (100);
      }
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  /* Killed, not finished: the point came before the end of the run. */
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
}

/* The run that was killed is shown as interrupted. */
static void
assert_interrupted (Fixture *fixture)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *runs = history_runs (parser, fixture);

  g_assert_cmpuint (json_array_get_length (runs), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0),
                                                  "result"), ==, "interrupted");
}

/* Every item once: one row per natural key, the one of its own item; one
 * marker per export id; all applied in the cloud, with the row's key. */
static void
assert_each_once (Fixture         *fixture,
                  const KillPoint *point)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *items = cloud_exports (parser, fixture);
  gint64 n = point->n_items;

  g_assert_cmpint (acct_int (fixture, "SELECT count(*) FROM pr_time_entry WHERE cloud_id LIKE '" PREFIX "-%'"), ==, n);
  g_assert_cmpint (acct_int (fixture, "SELECT count(*) FROM (SELECT 1 FROM pr_time_entry"
                                      " GROUP BY employee, work_date, job, cost_code, category, pay_id"
                                      " HAVING count(*) > 1)"), ==, 0);
  /* Item PREFIX-i is day i from 2031-01-01: its row has its natural key. */
  g_assert_cmpint (acct_int (fixture, "SELECT count(*) FROM pr_time_entry WHERE cloud_id ="
                                      " printf('" PREFIX "-%04d', julianday(work_date) - julianday('2031-01-01'))"),
                   ==, n);
  g_assert_cmpint (markers (fixture), ==, n);
  g_assert_cmpint (acct_int (fixture, "SELECT count(DISTINCT export_id) FROM ferry_applied WHERE version = 1"), ==, n);
  g_assert_cmpuint (json_array_get_length (items), ==, n);
  g_assert_cmpuint (cloud_exports_with_status (items, "applied"), ==, n);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_assert_cmpint (json_object_get_int_member (item, "applied_version"), ==, 1);
      g_assert_nonnull (json_object_get_string_member_with_default (item, "accounting_id", NULL));
    }
}

static void
test_kill (Fixture       *fixture,
           gconstpointer  data)
{
  const KillPoint *point = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) cloud_parser = json_parser_new ();
  gint64 written, rows, applied;
  JsonObject *recovery, *again;

  kill_at (fixture, point);
  assert_interrupted (fixture);

  /* What the kill left: each item written with its marker or not at all,
   * and none acknowledged before it was written. */
  written = markers (fixture);
  rows = acct_int (fixture, "SELECT count(*) FROM pr_time_entry WHERE cloud_id LIKE '" PREFIX "-%'");
  applied = cloud_exports_with_status (cloud_exports (cloud_parser, fixture), "applied");
  g_test_message ("kill point %s (%s): %" G_GINT64_FORMAT " of %u items written, %" G_GINT64_FORMAT
                  " acknowledged in the cloud; %u feed pages and %u acknowledgements answered",
                  point->name, point->what, written, point->n_items, applied,
                  count_log_lines (fixture->server, "/exports 200 "),
                  count_log_lines (fixture->server, "/acknowledgements 200 "));
  g_assert_cmpint (rows, ==, written);
  g_assert_cmpint (applied, <=, written);

  /* Run again without faults: the rest is written, nothing twice. */
  cli_relaunch_cloud (fixture, NULL);
  recovery = SYNC_JSON (parser, fixture, 0, "--direction", "export");
  g_assert_cmpstr (json_object_get_string_member (recovery, "result"), ==, "succeeded");
  g_assert_cmpint (count_of (recovery, "exported"), ==, point->n_items - written);
  g_assert_cmpint (count_of (recovery, "export_updated"), ==, 0);
  g_assert_cmpint (count_of (recovery, "export_failed"), ==, 0);
  if (written > applied)
    assert_says (json_object_get_string_member (recovery, "message"), "written by an earlier sync");
  g_test_message ("kill point %s: the next sync wrote %" G_GINT64_FORMAT ", acknowledged %"
                  G_GINT64_FORMAT " written before", point->name, count_of (recovery, "exported"),
                  written - applied);
  assert_each_once (fixture, point);

  /* And nothing is left to do. */
  again = SYNC_JSON (parser, fixture, 0, "--direction", "export");
  g_assert_cmpint (count_of (again, "exported") + count_of (again, "export_updated")
                   + count_of (again, "export_failed"), ==, 0);
  g_assert_true (json_object_get_null_member (again, "message"));
  assert_each_once (fixture, point);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kill_points); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ferryctl/export/kill/%s", kill_points[i].name);

      g_test_add (path, Fixture, &kill_points[i], kill_set_up, test_kill, fixture_tear_down);
    }
  return g_test_run ();
}
