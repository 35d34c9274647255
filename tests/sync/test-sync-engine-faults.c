/* test-sync-engine-faults.c: the engine against a cloud that misbehaves,
 * two runs at once, cancellation and progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sync-engine-test-util.h"

/* Entity types that need no other: a faulty cloud's tests stay short. */
static const char * const independent[] = {
  "ar.customer_type", "gl.account", "jc.standard_cost_code", "jc.category", NULL
};

static gint64
independent_total (Fixture *fixture)
{
  return query_int (fixture, "SELECT (SELECT count(*) FROM ar_customer_type)"
                             " + (SELECT count(*) FROM gl_account)"
                             " + (SELECT count(*) FROM jc_standard_cost_code)"
                             " + (SELECT count(*) FROM jc_category)");
}

typedef struct
{
  GMainLoop       *loop;        /* owned */
  FerrySyncResult *result;      /* owned, nullable */
  GError          *error;       /* owned, nullable */
  GCancellable    *cancellable; /* owned */
  gint64           cancelled_at;
  gint64           finished_at;
  guint            cancel_after_sent; /* cancel once this many were sent; 0: never */
  guint            n_done;      /* notify::done emissions */
  guint            n_counts;    /* notify::counts emissions */
  FerrySyncJob    *second;      /* borrowed, nullable: run once the first is pushing */
  GError          *second_error;/* owned, nullable */
} AsyncRun;

static void
async_run_clear (AsyncRun *run)
{
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->result, ferry_sync_result_free);
  g_clear_error (&run->error);
  g_clear_error (&run->second_error);
  g_clear_object (&run->cancellable);
}

static void
run_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  AsyncRun *run = data;

  run->result = ferry_sync_job_run_finish (FERRY_SYNC_JOB (source), result, &run->error);
  run->finished_at = g_get_monotonic_time ();
  g_main_loop_quit (run->loop);
}

static void
done_cb (FerrySyncJob *job,
         GParamSpec   *pspec,
         AsyncRun     *run)
{
  run->n_done++;
}

static void
counts_cb (FerrySyncJob *job,
           GParamSpec   *pspec,
           AsyncRun     *run)
{
  FerryLedgerCounts counts;

  run->n_counts++;
  ferry_sync_job_get_counts (job, &counts);
  if (run->cancel_after_sent > 0 && run->cancelled_at == 0 && counts.sent >= run->cancel_after_sent)
    {
      run->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (run->cancellable);
    }
}

static void
phase_cb (FerrySyncJob *job,
          GParamSpec   *pspec,
          AsyncRun     *run)
{
  g_autoptr(FerrySyncResult) refused = NULL;

  if (run->second == NULL || ferry_sync_job_get_phase (job) != FERRY_SYNC_PHASE_PUSHING)
    return;
  refused = ferry_sync_job_run (run->second, NULL, &run->second_error);
  g_assert_null (refused);
  run->second = NULL;
}

/* Runs @job on its worker thread while the main loop turns. */
static void
run_async (FerrySyncJob *job,
           AsyncRun     *run)
{
  run->loop = g_main_loop_new (NULL, FALSE);
  run->cancellable = g_cancellable_new ();
  g_signal_connect (job, "notify::done", G_CALLBACK (done_cb), run);
  g_signal_connect (job, "notify::counts", G_CALLBACK (counts_cb), run);
  g_signal_connect (job, "notify::phase", G_CALLBACK (phase_cb), run);
  ferry_sync_job_run_async (job, run->cancellable, run_cb, run);
  g_main_loop_run (run->loop);
}

/* Every record of @entity_id stored once: version 1. */
static void
assert_versions_one (Fixture    *fixture,
                     const char *entity_id)
{
  g_autoptr(FerryCloudClient) client = cloud_client (fixture);
  g_autoptr(FerryCloudRecordPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = ferry_cloud_client_list_records (client, entity_id, NULL, 5000, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (page->next);
  g_assert_cmpuint (page->records->len, >, 0);
  for (guint i = 0; i < page->records->len; i++)
    g_assert_cmpint (g_array_index (page->records, FerryCloudRecord, i).version, ==, 1);
}

/* The cloud stores half the batches and drops the connection before it
 * answers: each retry gets the stored answer, nothing is stored twice. */
static void
test_dropped_answers (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *faults[] = { "--fault-drop-rate", "0.5", "--fault-seed", "7", NULL };
  g_autoptr(FerrySyncOptions) options = options_new (FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(FerrySyncJob) again = NULL;
  g_autoptr(FerrySyncResult) first = NULL;
  g_autoptr(FerrySyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  fixture_restart_cloud (fixture, faults);
  ferry_sync_options_set_entities (options, independent);
  ferry_sync_options_set_batch_size (options, 20);
  job = make_job (fixture, options);
  first = ferry_sync_job_run (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (first->retries, >, 0);
  g_assert_cmpuint (first->counts.created, ==, independent_total (fixture));
  log = cloud_test_server_read_log (fixture->server);
  g_assert_nonnull (strstr (log, "dropped the connection after committing"));

  assert_versions_one (fixture, "gl.account");
  assert_versions_one (fixture, "jc.standard_cost_code");
  assert_cloud_equals_source_of (fixture, independent);

  ferry_sync_options_set_sync_type (options, FERRY_LEDGER_SYNC_DEEP);
  again = make_job (fixture, options);
  second = ferry_sync_job_run (again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (second->counts.sent, ==, 0);
  assert_versions_one (fixture, "gl.account");
}

/* Batches of @entity_id the cloud stored: one row per idempotency key. */
static gint64
cloud_batches (Fixture    *fixture,
               const char *entity_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (fixture->server->db, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM batch WHERE entity = ?1", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* A type of many batches, two of them in flight at once (the cloud is slow
 * enough for that), while the cloud drops answers after committing: every
 * batch is stored once, under its one key, and every record once. */
static void
test_dropped_answers_in_flight (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *faults[] = { "--fault-drop-rate", "0.25", "--fault-latency", "30",
                           "--fault-seed", "3", NULL };
  const char * const types[] = { "jc.standard_cost_code", NULL };
  const char * const tables[] = { "jc_standard_cost_code", NULL };
  g_autoptr(FerrySyncOptions) options = options_new (FERRY_LEDGER_SYNC_DEEP, "all");
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(FerrySyncJob) again = NULL;
  g_autoptr(FerrySyncResult) first = NULL;
  g_autoptr(FerrySyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  fixture_restart_cloud (fixture, faults);
  ferry_sync_options_set_entities (options, types);
  ferry_sync_options_set_batch_size (options, 4);
  job = make_job (fixture, options);
  first = ferry_sync_job_run (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_null (first->message);
  g_assert_cmpuint (first->retries, >, 0);
  for (guint i = 0; types[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      gint64 n = query_int (fixture, sql);

      g_assert_cmpint (n, >, 8);
      g_assert_cmpint (cloud_batches (fixture, types[i]), ==, (n + 3) / 4);
      assert_versions_one (fixture, types[i]);
      total += n;
    }
  g_assert_cmpuint (first->counts.created, ==, total);
  assert_cloud_equals_source_of (fixture, types);

  again = make_job (fixture, options);
  second = ferry_sync_job_run (again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (second->counts.sent, ==, 0);
}

/* 503s and 429s with Retry-After: waited out, and everything arrives. */
static void
test_unavailable_and_throttled (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *faults[] = { "--fault-error-rate", "0.25", "--fault-throttle-rate", "0.1",
                           "--fault-retry-after", "1", "--fault-seed", "11", NULL };
  g_autoptr(FerrySyncOptions) options = options_new (FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(FerrySyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture_restart_cloud (fixture, faults);
  ferry_sync_options_set_entities (options, independent);
  ferry_sync_options_set_batch_size (options, 20);
  job = make_job (fixture, options);
  result = ferry_sync_job_run (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (result->retries, >, 0);
  g_assert_cmpuint (result->counts.created, ==, independent_total (fixture));
  g_assert_cmpuint (result->counts.failed, ==, 0);
  fixture_relaunch_cloud (fixture, NULL);
  assert_cloud_equals_source_of (fixture, independent);
}

/* A cloud that takes at most 7 records a batch: batches are split. */
static void
test_split_batches (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *limits[] = { "--max-batch", "7", NULL };
  g_autoptr(FerrySyncResult) result = NULL;

  fixture_restart_cloud (fixture, limits);
  result = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (result->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (result->counts.created, ==, source_total (fixture));
  assert_cloud_equals_source (fixture);
}

/* A cloud that refuses every customer (each is over its body limit even
 * alone): the customers are recorded as failed, the types depending on
 * them are not synced, the others are; the run fails and says so. */
static void
test_entity_fails (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *limits[] = { "--max-body", "1024", NULL };
  const char *some[] = { "ar.customer_type", "ar.customer", "cv.job", "gl.account", "jc.category",
                         NULL };
  const char *cheap[] = { "ar.customer_type", "gl.account", "jc.category", NULL };
  g_autoptr(FerrySyncOptions) options = options_new (FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(FerrySyncJob) again = NULL;
  g_autoptr(FerryLedgerRecord) customer = NULL;
  g_autoptr(FerrySyncResult) retried = NULL;
  g_autofree char *first = query_text (fixture, "SELECT min(customer) FROM ar_customer");
  g_autofree char *key_text = g_strdup_printf ("[\"%s\"]", first);
  g_autoptr(GError) error = NULL;
  const FerrySyncResult *failed;

  exec_sql (fixture, "UPDATE ar_customer SET address = printf('%.1500c', 'x')");
  fixture_restart_cloud (fixture, limits);
  ferry_sync_options_set_entities (options, some);
  job = make_job (fixture, options);
  g_assert_null (ferry_sync_job_run (job, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_TOO_LARGE,
                                "Customer:", "Job (CV): not synced, as it depends on Customer",
                                NULL);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  failed = ferry_sync_job_get_result (job);
  g_assert_cmpint (failed->result, ==, FERRY_LEDGER_RESULT_FAILED);
  g_assert_cmpuint (failed->counts.failed, ==, query_int (fixture, "SELECT count(*) FROM ar_customer"));
  g_assert_cmpint (failed->run_id, >, 0);

  customer = ledger_record (fixture, "ar.customer", key_text);
  g_assert_cmpint (customer->state, ==, FERRY_LEDGER_STATE_FAILED);
  g_assert_cmpstr (customer->error_code, ==, "send-failed");
  g_assert_cmpint (cloud_count (fixture, "cv.job"), ==, 0);
  assert_cloud_equals_source_of (fixture, cheap);

  fixture_relaunch_cloud (fixture, NULL);
  again = make_job (fixture, options);
  retried = ferry_sync_job_run (again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retried->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_cloud_equals_source_of (fixture, some);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FerrySyncJob) job = ferry_sync_job_new (fixture->store, fixture->connection, NULL);
  g_autoptr(FerrySyncJob) member = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryLedgerRun) last = NULL;
  g_autoptr(GError) error = NULL;

  ferry_sync_job_set_password (job, "not the password");
  g_assert_null (ferry_sync_job_run (job, NULL, &error));
  g_assert_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH);
  g_assert_null (strstr (error->message, "not the password"));
  g_clear_error (&error);

  ledger = open_fixture_ledger (fixture);
  g_assert_true (ferry_ledger_get_last_run (ledger, &last, &error));
  g_assert_cmpint (last->result, ==, FERRY_LEDGER_RESULT_FAILED);
  g_assert_nonnull (last->message);

  /* A user without Can Sync is told why, before anything is sent. */
  ferry_connection_set_user (fixture->connection, "bob");
  member = make_job (fixture, NULL);
  g_assert_null (ferry_sync_job_run (member, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_PERMISSION,
                                "bob", "Can Sync", "administrator", NULL);
  g_assert_cmpint (cloud_count (fixture, "ar.customer_type"), ==, 0);
}

/* While one run pushes, a second run of the same connection is refused
 * at once, naming the first; the first is not disturbed. */
static void
test_concurrent_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *faults[] = { "--fault-latency", "50", NULL };
  g_autoptr(FerrySyncJob) first = NULL;
  g_autoptr(FerrySyncJob) second = NULL;
  AsyncRun run = { 0, };

  fixture_restart_cloud (fixture, faults);
  first = make_job (fixture, NULL);
  second = make_job (fixture, NULL);
  run.second = second;
  run_async (first, &run);

  ferry_test_assert_error_says (run.second_error, FERRY_ERROR, FERRY_ERROR_BUSY, "Main office",
                                "test-sync-engine", NULL);
  g_assert_cmpint (ferry_sync_job_get_result (second)->run_id, ==, 0);
  g_assert_no_error (run.error);
  g_assert_cmpint (run.result->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_cloud_equals_source (fixture);
  async_run_clear (&run);
}

/* Cancel in the middle: the run ends within a second or so, is recorded
 * as cancelled, and the next run completes the work without duplicates. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  const char *faults[] = { "--fault-latency", "100", NULL };
  g_autoptr(FerrySyncOptions) options = options_new (FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(FerrySyncResult) after = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryLedgerRun) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  AsyncRun run = { 0, };

  fixture_restart_cloud (fixture, faults);
  ferry_sync_options_set_batch_size (options, 10);
  job = make_job (fixture, options);
  run.cancel_after_sent = 30;
  run_async (job, &run);

  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (run.cancelled_at, >, 0);
  g_test_message ("Cancelled in %" G_GINT64_FORMAT " ms", (run.finished_at - run.cancelled_at) / 1000);
  g_assert_cmpint (run.finished_at - run.cancelled_at, <, 3 * G_USEC_PER_SEC);
  g_assert_false (ferry_sync_job_get_running (job));
  g_assert_cmpint (ferry_sync_job_get_result (job)->result, ==, FERRY_LEDGER_RESULT_CANCELLED);

  ledger = open_fixture_ledger (fixture);
  g_assert_true (ferry_ledger_get_last_run (ledger, &cancelled, &error));
  g_assert_cmpint (cancelled->result, ==, FERRY_LEDGER_RESULT_CANCELLED);
  g_assert_cmpuint (cancelled->counts.sent, >=, 30);
  g_assert_cmpuint (cancelled->counts.sent, <, source_total (fixture));

  after = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (after->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  /* A batch cancelled in flight may have been stored: then it is unchanged. */
  g_assert_cmpuint (after->counts.created + after->counts.unchanged + cancelled->counts.created, ==,
                    source_total (fixture));
  assert_cloud_equals_source (fixture);
  async_run_clear (&run);
}

/* Progress arrives on the main context, at most ten times a second, and
 * the last update says it all. */
static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  const char *faults[] = { "--fault-latency", "20", NULL };
  g_autoptr(FerrySyncOptions) options = options_new (FERRY_LEDGER_SYNC_DEEP, "all");
  g_autoptr(FerrySyncJob) job = NULL;
  FerryLedgerCounts counts;
  AsyncRun run = { 0, };
  gint64 started = g_get_monotonic_time ();
  double seconds;
  guint limit;

  fixture_restart_cloud (fixture, faults);
  ferry_sync_options_set_batch_size (options, 5);
  job = make_job (fixture, options);
  run_async (job, &run);
  g_assert_no_error (run.error);

  seconds = (double) (run.finished_at - started) / G_USEC_PER_SEC;
  limit = (guint) (seconds * 10) + 3;
  g_test_message ("%.2f s: %u updates of done, %u of counts", seconds, run.n_done, run.n_counts);
  g_assert_cmpfloat (seconds, >, 1.0);
  g_assert_cmpuint (run.n_done, >=, 3);
  g_assert_cmpuint (run.n_done, <=, limit);
  g_assert_cmpuint (run.n_counts, <=, limit);

  g_assert_cmpint (ferry_sync_job_get_phase (job), ==, FERRY_SYNC_PHASE_DONE);
  g_assert_cmpfloat (ferry_sync_job_get_fraction (job), ==, 1.0);
  g_assert_cmpuint (ferry_sync_job_get_done (job), ==, ferry_sync_job_get_total (job));
  g_assert_cmpuint (ferry_sync_job_get_total (job), ==, source_total (fixture));
  ferry_sync_job_get_counts (job, &counts);
  g_assert_cmpuint (counts.sent, ==, run.result->counts.sent);
  g_assert_cmpuint (counts.created, ==, source_total (fixture));
  async_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/sync-engine/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("dropped-answers", test_dropped_answers);
  ADD ("dropped-answers-in-flight", test_dropped_answers_in_flight);
  ADD ("unavailable-and-throttled", test_unavailable_and_throttled);
  ADD ("split-batches", test_split_batches);
  ADD ("entity-fails", test_entity_fails);
  ADD ("wrong-password", test_wrong_password);
  ADD ("concurrent-refused", test_concurrent_refused);
  ADD ("cancel", test_cancel);
  ADD ("progress", test_progress);
#undef ADD

  return g_test_run ();
}
