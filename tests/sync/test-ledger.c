/* test-ledger.c: the ledger — schema, runs, acknowledgements in one
 * transaction per batch, key order, interrupted runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/stat.h>

#include "ferry-error.h"
#include "ferry-test-util.h"
#include "ledger-test-util.h"

/* Creating and opening */

static gint64
count_run_errors (FerryLedger *ledger)
{
  return query_int (ferry_ledger_get_handle (ledger), "SELECT count(*) FROM run_errors");
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *lock_path = g_strconcat (fixture->path, ".lock", NULL);
  g_autofree char *key = key_of ("1001", NULL);
  g_autofree char *hash = hash_of ("a");
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(FerryLedgerRecord) record = NULL;
  g_autoptr(Batch) batch = batch_new ();
  g_autoptr(GError) error = NULL;
  sqlite3 *db = ferry_ledger_get_handle (ledger);
  gint64 run_id;
  GStatBuf st;

  g_assert_cmpstr (ferry_ledger_get_path (ledger), ==, fixture->path);
  g_assert_cmpstr (ferry_ledger_get_lock_path (ledger), ==, lock_path);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, FERRY_LEDGER_SCHEMA_VERSION);
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2); /* FULL */
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA busy_timeout"), ==, FERRY_LEDGER_BUSY_TIMEOUT_MS);

  lock = take_lock (ledger, "ferryctl");
  run_id = begin_run (ledger, lock, FERRY_LEDGER_SYNC_SHALLOW);
  batch_add (batch, "customer", key, FERRY_LEDGER_OP_UPSERT, hash, FERRY_LEDGER_OUTCOME_CREATED, 1);
  g_assert_true (batch_apply (ledger, run_id, batch, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_ledger_finish_run (ledger, run_id, NULL, FERRY_LEDGER_RESULT_SUCCEEDED,
                                          NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&ledger);

  /* Reopened, everything is there and nothing is migrated twice. */
  ledger = open_ledger (fixture->path);
  record = lookup (ledger, "customer", key);
  g_assert_nonnull (record);
  g_assert_cmpstr (record->hash, ==, hash);
  g_assert_cmpint (record->version, ==, 1);
  g_assert_cmpint (record->state, ==, FERRY_LEDGER_STATE_SYNCED);
  g_assert_cmpint (record->run_id, ==, run_id);
  g_assert_nonnull (record->updated_at);
  g_assert_cmpint (query_int (ferry_ledger_get_handle (ledger), "PRAGMA user_version"), ==,
                   FERRY_LEDGER_SCHEMA_VERSION);
}

static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(GError) error = NULL;

  g_clear_object (&ledger);
  raw_exec (fixture->path, "PRAGMA user_version = 99");

  ledger = ferry_ledger_open (fixture->path, &error);
  g_assert_null (ledger);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_SCHEMA, fixture->path,
                                "newer version of Ferry", "99", "update Ferry", NULL);
}

static void
assert_not_a_ledger (const char *path,
                     const char *says)
{
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;

  ledger = ferry_ledger_open (path, &error);
  g_assert_null (ledger);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_DATABASE, path, says, NULL);
}

static void
test_not_a_ledger (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *text_path = g_build_filename (fixture->dir, "notes.db", NULL);
  g_autofree char *foreign_path = g_build_filename (fixture->dir, "accounting.db", NULL);
  g_autofree char *app_path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *text = g_strnfill (4096, 'x');
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (text_path, text, -1, &error);
  g_assert_no_error (error);
  assert_not_a_ledger (text_path, "is not a Ferry ledger: it is not an SQLite database");
  /* Left exactly as it was. */
  g_file_get_contents (text_path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, text);

  raw_exec (foreign_path, "CREATE TABLE customers (id TEXT PRIMARY KEY)");
  assert_not_a_ledger (foreign_path, "holds other tables (“customers”)");

  raw_exec (app_path, "PRAGMA application_id = 1234");
  assert_not_a_ledger (app_path, "another program’s SQLite database");

  assert_not_a_ledger (fixture->dir, "is a folder");
}

/* Runs */

static void
test_runs (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(FerryLedger) other = open_ledger (fixture->path);
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferryctl");
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(FerryLedgerRun) copy = NULL;
  g_autoptr(GError) error = NULL;
  FerryLedgerCounts counts = { .sent = 7, .created = 3, .updated = 2, .unchanged = 1,
                               .rejected = 1, .skipped = 40 };
  const char * const entities[] = { "customer_type", "customer", NULL };
  gint64 first, second;

  g_assert_true (ferry_ledger_get_last_run (ledger, &run, &error));
  g_assert_null (run);
  first = begin_run (ledger, lock, FERRY_LEDGER_SYNC_SHALLOW);
  run = get_run (ledger, first);
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_RUNNING);
  g_assert_cmpint (run->trigger, ==, FERRY_LEDGER_TRIGGER_MANUAL);
  g_assert_cmpint (run->sync_type, ==, FERRY_LEDGER_SYNC_SHALLOW);
  g_assert_cmpint (run->direction, ==, FERRY_LEDGER_DIRECTION_PUSH);
  g_assert_cmpstr (run->timeframe, ==, "week");
  ferry_test_assert_strv_equal ((const char * const *) run->entities, entities);
  g_assert_cmpstr (run->program, ==, "ferryctl");
  g_assert_cmpint (run->pid, ==, getpid ());
  g_assert_null (run->ended_at);
  g_assert_cmpint (run->duration_ms, ==, -1);
  g_clear_pointer (&run, ferry_ledger_run_free);

  g_usleep (30 * 1000);
  g_assert_true (ferry_ledger_finish_run (ledger, first, &counts, FERRY_LEDGER_RESULT_RECORD_ERRORS,
                                          "1 record was rejected", &error));
  g_assert_no_error (error);

  /* Read from another connection, as the app would. */
  g_assert_true (ferry_ledger_get_last_run (other, &run, &error));
  g_assert_cmpint (run->id, ==, first);
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_RECORD_ERRORS);
  g_assert_cmpstr (run->message, ==, "1 record was rejected");
  g_assert_cmpint (run->duration_ms, >=, 30);
  g_assert_nonnull (run->ended_at);
  g_assert_cmpint (g_date_time_difference (run->ended_at, run->started_at), >=, 30 * 1000);
  g_assert_true (memcmp (&run->counts, &counts, sizeof counts) == 0);
  copy = ferry_ledger_run_copy (run);
  g_assert_cmpstr (copy->timeframe, ==, run->timeframe);
  g_assert_true (g_date_time_equal (copy->ended_at, run->ended_at));
  g_clear_pointer (&run, ferry_ledger_run_free);

  /* Ended once only. */
  g_assert_false (ferry_ledger_finish_run (ledger, first, NULL, FERRY_LEDGER_RESULT_SUCCEEDED,
                                           NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND, "already ended", NULL);
  g_clear_error (&error);

  /* A failed run is the last run, not the last synced one; a run finished
   * by another FerryLedger gets its duration from the stored start. */
  second = begin_run (ledger, lock, FERRY_LEDGER_SYNC_DEEP);
  g_assert_true (ferry_ledger_finish_run (other, second, NULL, FERRY_LEDGER_RESULT_FAILED,
                                          "The cloud could not be reached", &error));
  g_assert_no_error (error);
  g_assert_true (ferry_ledger_get_last_run (ledger, &run, &error));
  g_assert_cmpint (run->id, ==, second);
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_FAILED);
  g_assert_cmpint (run->duration_ms, >=, 0);
  g_clear_pointer (&run, ferry_ledger_run_free);
  g_assert_true (ferry_ledger_get_last_synced_run (ledger, &run, &error));
  g_assert_cmpint (run->id, ==, first);
  g_clear_pointer (&run, ferry_ledger_run_free);

  run = ferry_ledger_get_run (ledger, 999, &error);
  g_assert_null (run);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
}

static void
test_begin_needs_lock (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.db.lock", NULL);
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  const char * const entities[] = { NULL };
  FerryLedgerRunInfo info = { .timeframe = "all", .entities = entities };

  /* Another ledger's lock does not do. */
  lock = ferry_run_lock_try_acquire (other_path, "Other", "ferry", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ferry_ledger_begin_run (ledger, lock, &info, &error), ==, 0);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "without holding its run lock", NULL);
  g_clear_error (&error);
  g_clear_object (&lock);

  /* Nor a released one. */
  lock = take_lock (ledger, "ferry");
  ferry_run_lock_release (lock);
  g_assert_cmpint (ferry_ledger_begin_run (ledger, lock, &info, &error), ==, 0);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (query_int (ferry_ledger_get_handle (ledger), "SELECT count(*) FROM runs"), ==, 0);
}

static void
test_list_runs (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferry");
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(Batch) batch = batch_new ();
  g_autoptr(GError) error = NULL;
  gint64 ids[25];
  gint64 run_id;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ids[i] = begin_run (ledger, lock, FERRY_LEDGER_SYNC_SHALLOW);
      g_assert_true (ferry_ledger_finish_run (ledger, ids[i], NULL, FERRY_LEDGER_RESULT_SUCCEEDED,
                                              NULL, &error));
    }

  runs = ferry_ledger_list_runs (ledger, 10, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 10);
  for (guint i = 0; i < runs->len; i++)
    g_assert_cmpint (((FerryLedgerRun *) runs->pdata[i])->id, ==, ids[24 - i]);
  g_clear_pointer (&runs, g_ptr_array_unref);

  runs = ferry_ledger_list_runs (ledger, 10, 20, &error);
  g_assert_cmpuint (runs->len, ==, 5);
  g_assert_cmpint (((FerryLedgerRun *) runs->pdata[4])->id, ==, ids[0]);
  g_clear_pointer (&runs, g_ptr_array_unref);

  runs = ferry_ledger_list_runs (ledger, 0, 0, &error);
  g_assert_cmpuint (runs->len, ==, 25);

  /* Errors of one run, in the order written, a page at a time. */
  run_id = begin_run (ledger, lock, FERRY_LEDGER_SYNC_SHALLOW);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *value = g_strdup_printf ("%04u", i);
      g_autofree char *key = key_of (value, NULL);
      g_autofree char *message = g_strdup_printf ("Customer %s has no name", value);

      batch_add_rejection (batch, "customer", key, NULL, "missing-field", message, "name", NULL);
    }
  g_assert_true (batch_apply (ledger, run_id, batch, &error));
  errors = ferry_ledger_list_run_errors (ledger, run_id, 10, 25, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (errors->len, ==, 5);
  g_assert_cmpstr (((FerryLedgerRunError *) errors->pdata[0])->message, ==,
                   "Customer 0025 has no name");
  g_clear_pointer (&errors, g_ptr_array_unref);
  errors = ferry_ledger_list_run_errors (ledger, ids[0], 0, 0, &error);
  g_assert_cmpuint (errors->len, ==, 0);
}

/* Acknowledgements */

static void
test_apply (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferry");
  g_autoptr(Batch) first = batch_new ();
  g_autoptr(Batch) second = batch_new ();
  g_autoptr(FerryLedgerRecord) record = NULL;
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *k1 = key_of ("1", NULL);
  g_autofree char *k2 = key_of ("2", NULL);
  g_autofree char *k3 = key_of ("3", NULL);
  g_autofree char *k4 = key_of ("4", NULL);
  g_autofree char *k5 = key_of ("5", "10");
  g_autofree char *h1 = hash_of ("1");
  g_autofree char *h2 = hash_of ("2");
  g_autofree char *h3 = hash_of ("3");
  g_autofree char *h2b = hash_of ("2b");
  g_autofree char *h5 = hash_of ("5");
  g_autofree char *h5b = hash_of ("5b");
  FerryLedgerRunError *run_error;
  const FerryLedgerOutcome *rejection;
  gint64 run_id = begin_run (ledger, lock, FERRY_LEDGER_SYNC_DEEP);

  g_assert_true (ferry_ledger_lookup (ledger, "customer", k1, &record, &error));
  g_assert_null (record);

  batch_add (first, "customer", k1, FERRY_LEDGER_OP_UPSERT, h1, FERRY_LEDGER_OUTCOME_CREATED, 1);
  batch_add (first, "customer", k2, FERRY_LEDGER_OP_UPSERT, h2, FERRY_LEDGER_OUTCOME_CREATED, 1);
  batch_add (first, "customer", k3, FERRY_LEDGER_OP_UPSERT, h3, FERRY_LEDGER_OUTCOME_CREATED, 1);
  batch_add (first, "customer", k5, FERRY_LEDGER_OP_UPSERT, h5, FERRY_LEDGER_OUTCOME_CREATED, 1);
  g_assert_true (batch_apply (ledger, run_id, first, &error));
  g_assert_no_error (error);

  batch_add (second, "customer", k1, FERRY_LEDGER_OP_UPSERT, h1, FERRY_LEDGER_OUTCOME_UNCHANGED, 1);
  batch_add (second, "customer", k2, FERRY_LEDGER_OP_UPSERT, h2b, FERRY_LEDGER_OUTCOME_UPDATED, 2);
  batch_add (second, "customer", k3, FERRY_LEDGER_OP_DELETE, NULL, FERRY_LEDGER_OUTCOME_DELETED, 2);
  batch_add (second, "customer", k4, FERRY_LEDGER_OP_DELETE, NULL, FERRY_LEDGER_OUTCOME_UNCHANGED, 0);
  batch_add_rejection (second, "customer", k5, h5b, "invalid-value",
                       "Credit limit “-3” is negative", "credit_limit",
                       "Correct the credit limit in the accounting system");
  g_assert_true (batch_apply (ledger, run_id, second, &error));
  g_assert_no_error (error);

  assert_record (ledger, "customer", k1, FERRY_LEDGER_STATE_SYNCED, h1, 1, 0, NULL);
  assert_record (ledger, "customer", k2, FERRY_LEDGER_STATE_SYNCED, h2b, 2, 0, NULL);
  assert_record (ledger, "customer", k3, FERRY_LEDGER_STATE_DELETED, NULL, 2, 0, NULL);
  assert_record (ledger, "customer", k4, FERRY_LEDGER_STATE_DELETED, NULL, 0, 0, NULL);
  /* Rejected: the cloud still holds the old hash and version. */
  assert_record (ledger, "customer", k5, FERRY_LEDGER_STATE_REJECTED, h5, 1, 1, "invalid-value");

  errors = ferry_ledger_list_run_errors (ledger, run_id, 0, 0, &error);
  g_assert_cmpuint (errors->len, ==, 1);
  run_error = errors->pdata[0];
  g_assert_cmpint (run_error->run_id, ==, run_id);
  g_assert_cmpstr (run_error->entity, ==, "customer");
  g_assert_cmpstr (run_error->key_text, ==, k5);
  g_assert_cmpstr (run_error->field, ==, "credit_limit");
  g_assert_cmpstr (run_error->code, ==, "invalid-value");
  g_assert_cmpstr (run_error->message, ==, "Credit limit “-3” is negative");
  g_assert_cmpstr (run_error->hint, ==, "Correct the credit limit in the accounting system");

  /* Rejected again, attempts grow; acknowledged, the error is gone. */
  rejection = &g_array_index (second->outcomes, FerryLedgerOutcome, 4);
  g_assert_true (ferry_ledger_apply_batch_results (ledger, run_id, rejection, 1, &error));
  assert_record (ledger, "customer", k5, FERRY_LEDGER_STATE_REJECTED, h5, 1, 2, "invalid-value");
  g_array_set_size (first->outcomes, 0);
  batch_add (first, "customer", k5, FERRY_LEDGER_OP_UPSERT, h5, FERRY_LEDGER_OUTCOME_UPDATED, 2);
  g_assert_true (batch_apply (ledger, run_id, first, &error));
  assert_record (ledger, "customer", k5, FERRY_LEDGER_STATE_SYNCED, h5, 2, 0, NULL);

  /* Tallies: 4 + 5 + 1 + 1 sent. */
  run = get_run (ledger, run_id);
  g_assert_cmpuint (run->counts.sent, ==, 11);
  g_assert_cmpuint (run->counts.created, ==, 4);
  g_assert_cmpuint (run->counts.updated, ==, 2);
  g_assert_cmpuint (run->counts.unchanged, ==, 2);
  g_assert_cmpuint (run->counts.deleted, ==, 1);
  g_assert_cmpuint (run->counts.rejected, ==, 2);
}

static void
test_apply_refuses_bad_input (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferry");
  g_autoptr(Batch) batch = batch_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *k1 = key_of ("1", NULL);
  g_autofree char *k2 = key_of ("2", NULL);
  g_autofree char *h1 = hash_of ("1");
  gint64 run_id = begin_run (ledger, lock, FERRY_LEDGER_SYNC_SHALLOW);

  batch_add (batch, "customer", k1, FERRY_LEDGER_OP_UPSERT, h1, FERRY_LEDGER_OUTCOME_CREATED, 1);
  batch_add (batch, "customer", k2, FERRY_LEDGER_OP_UPSERT, "not-a-hash",
             FERRY_LEDGER_OUTCOME_CREATED, 1);
  g_assert_false (batch_apply (ledger, run_id, batch, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "Result 2 of the batch", k2, "nothing was recorded", NULL);
  g_clear_error (&error);
  g_assert_cmpint (count_records (ledger), ==, 0);

  /* A deletion cannot come back "created". */
  g_array_set_size (batch->outcomes, 0);
  batch_add (batch, "customer", k1, FERRY_LEDGER_OP_DELETE, NULL, FERRY_LEDGER_OUTCOME_CREATED, 1);
  g_assert_false (batch_apply (ledger, run_id, batch, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Nothing is written for a run that has ended. */
  g_array_set_size (batch->outcomes, 0);
  batch_add (batch, "customer", k1, FERRY_LEDGER_OP_UPSERT, h1, FERRY_LEDGER_OUTCOME_CREATED, 1);
  g_assert_true (ferry_ledger_finish_run (ledger, run_id, NULL, FERRY_LEDGER_RESULT_CANCELLED,
                                          NULL, &error));
  g_assert_false (batch_apply (ledger, run_id, batch, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "has already ended (cancelled)", NULL);
  g_assert_cmpint (count_records (ledger), ==, 0);
}

/* A failure in the middle of a batch (here a trigger another program put in
 * the file) leaves nothing of the batch behind. */
static void
test_atomic_batch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferry");
  g_autoptr(Batch) before = batch_new ();
  g_autoptr(Batch) batch = batch_new ();
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_key = key_of ("0000", NULL);
  g_autofree char *boom_key = key_of ("boom", NULL);
  g_autofree char *old_hash = hash_of ("old");
  g_autofree char *new_hash = hash_of ("new");
  gint64 run_id = begin_run (ledger, lock, FERRY_LEDGER_SYNC_SHALLOW);

  batch_add (before, "customer", first_key, FERRY_LEDGER_OP_UPSERT, old_hash,
             FERRY_LEDGER_OUTCOME_CREATED, 1);
  g_assert_true (batch_apply (ledger, run_id, before, &error));

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *value = g_strdup_printf ("%04u", i);
      g_autofree char *key = i == 500 ? g_strdup (boom_key) : key_of (value, NULL);

      if (i % 7 == 3)
        batch_add_rejection (batch, "customer", key, new_hash, "invalid-value", "bad", NULL, NULL);
      else
        batch_add (batch, "customer", key, FERRY_LEDGER_OP_UPSERT, new_hash,
                   i == 0 ? FERRY_LEDGER_OUTCOME_UPDATED : FERRY_LEDGER_OUTCOME_CREATED, 2);
    }
  raw_exec (fixture->path,
            "CREATE TRIGGER boom BEFORE INSERT ON records WHEN NEW.key = '[\"boom\"]'"
            " BEGIN SELECT RAISE (ABORT, 'boom'); END");

  g_assert_false (batch_apply (ledger, run_id, batch, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_DATABASE, "boom", NULL);
  g_clear_error (&error);

  g_assert_cmpint (count_records (ledger), ==, 1);
  assert_record (ledger, "customer", first_key, FERRY_LEDGER_STATE_SYNCED, old_hash, 1, 0, NULL);
  g_assert_cmpint (count_run_errors (ledger), ==, 0);
  run = get_run (ledger, run_id);
  g_assert_cmpuint (run->counts.sent, ==, 1);
  g_clear_pointer (&run, ferry_ledger_run_free);

  /* The same batch once the obstacle is gone: all of it. */
  raw_exec (fixture->path, "DROP TRIGGER boom");
  g_assert_true (batch_apply (ledger, run_id, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_records (ledger), ==, 1000);
  assert_record (ledger, "customer", first_key, FERRY_LEDGER_STATE_SYNCED, new_hash, 2, 0, NULL);
  run = get_run (ledger, run_id);
  g_assert_cmpuint (run->counts.sent, ==, 1001);
  g_assert_cmpuint (run->counts.rejected, ==, 143);
  g_assert_cmpint (count_run_errors (ledger), ==, 143);
}

static void
test_killed_mid_batch (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_autofree char *out = NULL;
  g_autofree char *pid = NULL;

  g_assert_no_error (error);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, "--apply-and-die", fixture->path, NULL);
  g_assert_no_error (error);
  pid = g_strdup_printf ("ferryctl (pid %s)", g_subprocess_get_identifier (child));
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
  g_assert_cmpstr (out, ==, "");

  /* The committed batch is whole, the killed one absent; the run that was
   * left "running" is shown as interrupted, with what it did. */
  ledger = open_ledger (fixture->path);
  g_assert_cmpint (count_records (ledger), ==, 100);
  counts = ferry_ledger_count_by_entity (ledger, &error);
  g_assert_cmpuint (counts->len, ==, 1);
  g_assert_cmpuint (((FerryLedgerEntityCounts *) counts->pdata[0])->synced, ==, 100);
  g_assert_true (ferry_ledger_get_last_run (ledger, &run, &error));
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_INTERRUPTED);
  g_assert_cmpuint (run->counts.sent, ==, 100);
  g_assert_nonnull (run->ended_at);
  g_assert_cmpint (run->duration_ms, >=, 0);
  g_assert_true (g_str_has_prefix (run->message, "Stopped before it finished: "));
  g_assert_nonnull (strstr (run->message, pid));
}

static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(FerryLedger) viewer = NULL;
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferry");
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first = begin_run (ledger, lock, FERRY_LEDGER_SYNC_SHALLOW);
  gint64 second;

  /* While the lock is held, a running run is running, whoever looks. */
  viewer = open_ledger (fixture->path);
  g_assert_true (ferry_ledger_get_last_run (viewer, &run, &error));
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_RUNNING);
  g_clear_pointer (&run, ferry_ledger_run_free);

  /* The holder goes away without finishing: the next look says interrupted. */
  g_clear_object (&lock);
  g_assert_true (ferry_ledger_get_last_run (viewer, &run, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run->id, ==, first);
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_INTERRUPTED);
  g_assert_nonnull (run->ended_at);
  g_clear_pointer (&run, ferry_ledger_run_free);
  g_assert_false (ferry_ledger_finish_run (ledger, first, NULL, FERRY_LEDGER_RESULT_SUCCEEDED,
                                           NULL, &error));
  g_clear_error (&error);

  /* A new run marks what its lock proves dead, even before anyone looks. */
  lock = take_lock (ledger, "ferry");
  raw_exec (fixture->path, "UPDATE runs SET result = 'running', ended_at = NULL");
  second = begin_run (ledger, lock, FERRY_LEDGER_SYNC_SHALLOW);
  runs = ferry_ledger_list_runs (viewer, 0, 0, &error);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_cmpint (((FerryLedgerRun *) runs->pdata[0])->id, ==, second);
  g_assert_cmpint (((FerryLedgerRun *) runs->pdata[0])->result, ==, FERRY_LEDGER_RESULT_RUNNING);
  g_assert_cmpint (((FerryLedgerRun *) runs->pdata[1])->result, ==, FERRY_LEDGER_RESULT_INTERRUPTED);
}

/* Waiting and failed records */

static void
test_waiting_and_failures (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferry");
  g_autoptr(Batch) batch = batch_new ();
  g_autoptr(FerryLedgerRecord) record = NULL;
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(FerryLedgerCursor) cursor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = key_of ("1001", NULL);
  g_autofree char *child1 = key_of ("1001", "01");
  g_autofree char *child2 = key_of ("1001", "02");
  g_autofree char *other = key_of ("2002", "01");
  g_autofree char *h = hash_of ("x");
  FerryLedgerProblem waiting[] = {
    { "job", child1, NULL, "Waiting for customer 1001, which the cloud rejected", NULL },
    { "job", child2, NULL, "Waiting for customer 1001, which the cloud rejected", "Fix 1001" },
  };
  FerryLedgerProblem failed[] = {
    { "job", other, "timeout", "The cloud did not answer within 60 seconds", NULL },
  };
  gint64 run_id = begin_run (ledger, lock, FERRY_LEDGER_SYNC_SHALLOW);

  batch_add (batch, "job", other, FERRY_LEDGER_OP_UPSERT, h, FERRY_LEDGER_OUTCOME_CREATED, 3);
  batch_add_rejection (batch, "customer", parent, h, "invalid-value", "No name", "name", NULL);
  g_assert_true (batch_apply (ledger, run_id, batch, &error));
  g_assert_true (ferry_ledger_mark_waiting (ledger, run_id, waiting, 2, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_ledger_record_failures (ledger, run_id, failed, 1, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_ledger_record_failures (ledger, run_id, failed, 1, &error));

  record = lookup (ledger, "job", child2);
  g_assert_cmpstr (record->error_message, ==, "Waiting for customer 1001, which the cloud rejected");
  assert_record (ledger, "job", child2, FERRY_LEDGER_STATE_WAITING, NULL, 0, 0,
                 FERRY_LEDGER_CODE_PARENT_REJECTED);
  /* A failed send keeps what the cloud acknowledged before. */
  assert_record (ledger, "job", other, FERRY_LEDGER_STATE_FAILED, h, 3, 2, "timeout");

  errors = ferry_ledger_list_run_errors (ledger, run_id, 0, 0, &error);
  g_assert_cmpuint (errors->len, ==, 5);
  g_assert_cmpstr (((FerryLedgerRunError *) errors->pdata[2])->key_text, ==, child2);
  g_assert_cmpstr (((FerryLedgerRunError *) errors->pdata[2])->hint, ==, "Fix 1001");
  g_assert_cmpstr (((FerryLedgerRunError *) errors->pdata[2])->code, ==, "parent-rejected");

  run = get_run (ledger, run_id);
  g_assert_cmpuint (run->counts.sent, ==, 2);
  g_assert_cmpuint (run->counts.waiting, ==, 2);
  g_assert_cmpuint (run->counts.failed, ==, 2);

  counts = ferry_ledger_count_by_entity (ledger, &error);
  g_assert_cmpuint (counts->len, ==, 2);
  g_assert_cmpstr (((FerryLedgerEntityCounts *) counts->pdata[0])->entity, ==, "customer");
  g_assert_cmpuint (((FerryLedgerEntityCounts *) counts->pdata[0])->rejected, ==, 1);
  g_assert_cmpstr (((FerryLedgerEntityCounts *) counts->pdata[1])->entity, ==, "job");
  g_assert_cmpuint (((FerryLedgerEntityCounts *) counts->pdata[1])->waiting, ==, 2);
  g_assert_cmpuint (((FerryLedgerEntityCounts *) counts->pdata[1])->failed, ==, 1);
  g_assert_cmpuint (((FerryLedgerEntityCounts *) counts->pdata[1])->synced, ==, 0);

  /* What a shallow sync retries. */
  cursor = ferry_ledger_iterate (ledger, "job", FERRY_LEDGER_FILTER_PENDING);
  g_assert_true (ferry_ledger_cursor_next (cursor, &error));
  g_assert_cmpstr (ferry_ledger_cursor_get_key_text (cursor), ==, child1);
  g_assert_cmpint (ferry_ledger_cursor_get_state (cursor), ==, FERRY_LEDGER_STATE_WAITING);
  g_assert_true (ferry_ledger_cursor_next (cursor, &error));
  g_assert_cmpstr (ferry_ledger_cursor_get_key_text (cursor), ==, child2);
  g_assert_true (ferry_ledger_cursor_next (cursor, &error));
  g_assert_cmpstr (ferry_ledger_cursor_get_key_text (cursor), ==, other);
  g_assert_cmpstr (ferry_ledger_cursor_get_hash (cursor), ==, h);
  g_assert_cmpuint (ferry_ledger_cursor_get_attempts (cursor), ==, 2);
  g_assert_false (ferry_ledger_cursor_next (cursor, &error));
  g_assert_no_error (error);
}

/* Order */

static void
test_iterate_order (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const odd_values[] = {
    "10", "9", "a", "A", "Z", "é", "Ω", "日本", "~", " ", "z\"q", "back\\slash", "tab\tin",
    "\x01", "1001", "a b", "ab", "ä", "0", "-1", "[", "}",
  };
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferry");
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Batch) batch = batch_new ();
  g_autoptr(Batch) noise = batch_new ();
  g_autoptr(FerryLedgerCursor) cursor = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  g_autofree char *h = hash_of ("h");
  gint64 run_id = begin_run (ledger, lock, FERRY_LEDGER_SYNC_DEEP);
  guint n = 0;

  /* Odd single and pair keys, and enough plain ones to fill several pages. */
  for (guint i = 0; i < G_N_ELEMENTS (odd_values); i++)
    {
      g_ptr_array_add (keys, key_of (odd_values[i], NULL));
      for (guint j = 0; j < G_N_ELEMENTS (odd_values); j += 5)
        g_ptr_array_add (keys, key_of (odd_values[i], odd_values[j]));
    }
  for (guint i = 0; i < 2500; i++)
    {
      g_autofree char *value = g_strdup_printf ("%u", g_rand_int (rand));

      g_ptr_array_add (keys, key_of (value, i % 2 ? "x" : NULL));
    }
  /* Shuffled for writing, sorted by bytes for comparing. */
  shuffle (keys, rand);
  for (guint i = 0; i < keys->len; i++)
    {
      batch_add (batch, "customer", keys->pdata[i], FERRY_LEDGER_OP_UPSERT, h,
                 FERRY_LEDGER_OUTCOME_CREATED, 1);
      batch_add (noise, i % 2 ? "customer_type" : "job", keys->pdata[i], FERRY_LEDGER_OP_UPSERT,
                 h, FERRY_LEDGER_OUTCOME_CREATED, 1);
    }
  g_assert_true (batch_apply (ledger, run_id, noise, &error));
  g_assert_true (batch_apply (ledger, run_id, batch, &error));
  g_assert_no_error (error);
  /* Duplicates (random values repeating) were written once. */
  sort_unique (keys);

  cursor = ferry_ledger_iterate (ledger, "customer", FERRY_LEDGER_FILTER_ALL);
  while (ferry_ledger_cursor_next (cursor, &error))
    {
      g_assert_cmpuint (n, <, keys->len);
      g_assert_cmpstr (ferry_ledger_cursor_get_key_text (cursor), ==, keys->pdata[n]);
      g_assert_cmpstr (ferry_ledger_cursor_get_hash (cursor), ==, h);
      g_assert_cmpint (ferry_ledger_cursor_get_version (cursor), ==, 1);
      if (n < keys->len - 1)
        g_assert_cmpint (ferry_ledger_cursor_get_state (cursor), ==, FERRY_LEDGER_STATE_SYNCED);

      /* Writing while a cursor is open: a row ahead is seen as it is then. */
      if (n == 1500)
        {
          FerryLedgerProblem last = { "customer", keys->pdata[keys->len - 1], NULL, "Wait", NULL };

          g_assert_true (ferry_ledger_mark_waiting (ledger, run_id, &last, 1, &error));
          g_assert_no_error (error);
        }
      if (n == keys->len - 1)
        g_assert_cmpint (ferry_ledger_cursor_get_state (cursor), ==, FERRY_LEDGER_STATE_WAITING);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, keys->len);
  g_assert_cmpuint (n, >, 2000);
  g_assert_false (ferry_ledger_cursor_next (cursor, &error));
  g_assert_no_error (error);
}

/* Size */

static void
test_large_batch (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FerryLedger) ledger = open_ledger (fixture->path);
  g_autoptr(FerryRunLock) lock = take_lock (ledger, "ferry");
  g_autoptr(Batch) batch = numbered_batch (0, 100000);
  g_autoptr(FerryLedgerCursor) cursor = NULL;
  g_autoptr(FerryLedgerRun) run = NULL;
  g_auto(FerryLedgerEstimate) estimate = { 0, };
  g_autoptr(GError) error = NULL;
  const char * const customers[] = { "customer", NULL };
  const char * const jobs[] = { "job", NULL };
  gint64 run_id = begin_run (ledger, lock, FERRY_LEDGER_SYNC_DEEP);
  guint commits = 0;

  g_assert_true (ferry_ledger_estimate_deep_sync (ledger, NULL, &estimate, &error));
  g_assert_cmpuint (estimate.records, ==, 0);
  g_assert_cmpint (estimate.last_deep_duration_ms, ==, -1);
  g_assert_null (estimate.last_deep_started_at);

  /* One batch, one transaction, one commit. */
  sqlite3_commit_hook (ferry_ledger_get_handle (ledger), count_commit, &commits);
  g_assert_true (batch_apply (ledger, run_id, batch, &error));
  g_assert_no_error (error);
  sqlite3_commit_hook (ferry_ledger_get_handle (ledger), NULL, NULL);
  g_assert_cmpuint (commits, ==, 1);
  g_assert_cmpint (count_records (ledger), ==, 100000);

  cursor = ferry_ledger_iterate (ledger, "customer", FERRY_LEDGER_FILTER_ALL);
  g_assert_cmpuint (count_ascending (cursor), ==, 100000);

  g_assert_true (ferry_ledger_finish_run (ledger, run_id, NULL, FERRY_LEDGER_RESULT_SUCCEEDED,
                                          NULL, &error));
  run = get_run (ledger, run_id);
  g_assert_cmpuint (run->counts.sent, ==, 100000);
  g_assert_cmpuint (run->counts.created, ==, 100000);

  g_assert_true (ferry_ledger_estimate_deep_sync (ledger, NULL, &estimate, &error));
  g_assert_cmpuint (estimate.records, ==, 100000);
  g_assert_cmpint (estimate.last_deep_duration_ms, ==, run->duration_ms);
  g_assert_true (g_date_time_equal (estimate.last_deep_started_at, run->started_at));
  ferry_ledger_estimate_clear (&estimate);
  g_assert_true (ferry_ledger_estimate_deep_sync (ledger, jobs, &estimate, &error));
  g_assert_cmpuint (estimate.records, ==, 0);
  ferry_ledger_estimate_clear (&estimate);
  g_assert_true (ferry_ledger_estimate_deep_sync (ledger, customers, &estimate, &error));
  g_assert_cmpuint (estimate.records, ==, 100000);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--apply-and-die"))
    return apply_and_die (argv[2]);

  g_test_init (&argc, &argv, NULL);

  add_test ("/ledger/create", test_create);
  add_test ("/ledger/newer-schema", test_newer_schema);
  add_test ("/ledger/not-a-ledger", test_not_a_ledger);
  add_test ("/ledger/runs", test_runs);
  add_test ("/ledger/begin-needs-lock", test_begin_needs_lock);
  add_test ("/ledger/list-runs", test_list_runs);
  add_test ("/ledger/apply", test_apply);
  add_test ("/ledger/apply-refuses-bad-input", test_apply_refuses_bad_input);
  add_test ("/ledger/atomic-batch", test_atomic_batch);
  add_test ("/ledger/killed-mid-batch", test_killed_mid_batch);
  add_test ("/ledger/interrupted", test_interrupted);
  add_test ("/ledger/waiting-and-failures", test_waiting_and_failures);
  add_test ("/ledger/iterate-order", test_iterate_order);
  add_test ("/ledger/large-batch", test_large_batch);

  return g_test_run ();
}
