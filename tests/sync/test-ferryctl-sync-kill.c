/* test-ferryctl-sync-kill.c: `ferryctl sync` killed with SIGKILL at several
 * points, then run again: the cloud ends up equal to the source, each key
 * once, and no record stored twice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The points are found in the cloud's request log, with faults that hold
 * the run at them: latency keeps a request in flight, a dropped answer
 * leaves a batch committed in the cloud but unknown to the ledger. Where
 * exactly a kill lands is reported, not asserted: the outcome must be the
 * same wherever it lands.
 */
#include "ferryctl-sync-test-util.h"

#define KILL_RECORDS 10000

typedef struct
{
  const char *name;
  const char *what;        /* for people */
  const char *faults[4];   /* serve options while the killed run runs */
  guint       batch_size;
  const char *needle;      /* kill once the request log shows this … */
  guint       n;           /* … this many times … */
  guint       delay_us;    /* … and this long after */
} KillPoint;

static const KillPoint kill_points[] = {
  { "before-send", "logged in, before any batch was sent",
    { "--fault-latency", "150", NULL }, 100, "/sessions ", 1, 0 },
  { "mid-batch", "with a batch in flight, before the cloud stored it",
    { "--fault-latency", "150", NULL }, 100, "/batches 200 ", 5, 0 },
  { "after-commit", "after the cloud stored a batch, before its answer arrived",
    { "--fault-drop-rate", "1", NULL }, 100, "dropped the connection after committing", 1, 0 },
  { "ledger-write", "as the answer to a 1,000-record batch reached the ledger",
    { NULL }, 1000, "/entities/jc.transaction/batches 200 ", 2, 0 },
  { "ledger-write-1ms", "1 ms after the answer to a 1,000-record batch arrived",
    { NULL }, 1000, "/entities/jc.transaction/batches 200 ", 2, 1000 },
  { "ledger-write-3ms", "3 ms after the answer to a 1,000-record batch arrived",
    { NULL }, 1000, "/entities/jc.transaction/batches 200 ", 3, 3000 },
  { "reconcile", "while comparing with the cloud after the push",
    { "--fault-latency", "50", NULL }, 500, "/summary ", 1, 0 },
};

static void
kill_set_up (Fixture       *fixture,
             gconstpointer  data)
{
  const KillPoint *point = data;

  cli_set_up (fixture, data);
  cli_replace_source (fixture, KILL_RECORDS);
  ferry_connection_set_batch_size (fixture->connection, point->batch_size);
  cli_relaunch_cloud (fixture, point->faults[0] != NULL ? point->faults : NULL);
}

/* Records the ledger knows the cloud holds. */
static gint64
ledger_total (Fixture *fixture)
{
  g_autoptr(FerryLedger) ledger = open_fixture_ledger (fixture);
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  counts = ferry_ledger_count_by_entity (ledger, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < counts->len; i++)
    total += ((FerryLedgerEntityCounts *) g_ptr_array_index (counts, i))->synced;
  return total;
}

/* Starts a deep sync and kills it at @point; says where it landed. */
static void
kill_at (Fixture         *fixture,
         const KillPoint *point)
{
  g_autoptr(GSubprocess) process = cli_spawn_sync (fixture, "--deep", NULL);
  g_autoptr(GError) error = NULL;
  guint batches;

  wait_for_log (fixture->server, point->needle, point->n);
  if (point->delay_us > 0)
    g_usleep (point->delay_us);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  /* Killed, not finished: the point came before the end of the run. */
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);

  batches = count_log_lines (fixture->server, "/batches 200 ");
  g_test_message ("kill point %s (%s): killed after %u × “%s” + %u µs; %u batches answered",
                  point->name, point->what, point->n, point->needle, point->delay_us, batches);
}

/* The run that was killed is shown as interrupted once the lock is free. */
static void
assert_interrupted (Fixture *fixture)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *runs = history_runs (parser, fixture);

  g_assert_cmpuint (json_array_get_length (runs), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0),
                                                  "result"), ==, "interrupted");
}

static void
test_kill (Fixture       *fixture,
           gconstpointer  data)
{
  const KillPoint *point = data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 total = source_total (fixture);
  gint64 in_cloud, in_ledger;
  JsonObject *recovery, *again;

  kill_at (fixture, point);
  assert_interrupted (fixture);

  /* What the kill left behind: the cloud may hold more than the ledger
   * knows (the batch stored, its answer lost), never the other way. */
  cli_relaunch_cloud (fixture, NULL);
  in_cloud = cloud_total (fixture);
  in_ledger = ledger_total (fixture);
  g_test_message ("kill point %s: the cloud held %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                  " records, the ledger knew of %" G_GINT64_FORMAT, point->name, in_cloud,
                  total, in_ledger);
  g_assert_cmpint (in_ledger, <=, in_cloud);
  g_assert_cmpint (in_cloud, <=, total);

  /* Run again without faults: everything arrives, nothing twice. */
  recovery = SYNC_JSON (parser, fixture, 0, "--deep");
  g_assert_cmpstr (json_object_get_string_member (recovery, "result"), ==, "succeeded");
  g_assert_cmpint (count_of (recovery, "created"), ==, total - in_cloud);
  g_assert_cmpint (count_of (recovery, "updated") + count_of (recovery, "deleted"), ==, 0);
  g_test_message ("kill point %s: the next sync created %" G_GINT64_FORMAT ", found %"
                  G_GINT64_FORMAT " already stored", point->name,
                  count_of (recovery, "created"), count_of (recovery, "unchanged"));
  assert_cloud_equals_source (fixture);
  assert_cloud_counts_match_tables (fixture);
  g_assert_cmpint (assert_versions_are_one (fixture), ==, total);

  /* And the ledger agrees with the cloud: a deep sync finds nothing to do. */
  again = SYNC_JSON (parser, fixture, 0, "--deep");
  g_assert_cmpint (count_of (again, "sent"), ==, 0);
  g_assert_cmpint (count_of (again, "skipped"), ==, total);
  g_assert_true (json_object_get_null_member (again, "message"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kill_points); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ferryctl/sync/kill/%s", kill_points[i].name);

      g_test_add (path, Fixture, &kill_points[i], kill_set_up, test_kill, fixture_tear_down);
    }
  return g_test_run ();
}
