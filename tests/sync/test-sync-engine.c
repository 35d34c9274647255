/* test-sync-engine.c: shallow and deep pushes end to end, against ferry-cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real accounting databases, a real ledger and a real ferry-cloud on
 * loopback. Faults, concurrency, cancellation and progress are in
 * test-sync-engine-faults.c.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "ferry-sync-batch.h"
#include "sync-engine-test-util.h"

/* The first deep sync sends everything; the cloud then holds exactly the
 * source; a second deep sync sends nothing. */
static void
test_deep_twice (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FerrySyncResult) first = NULL;
  g_autoptr(FerrySyncResult) second = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = source_total (fixture);

  first = sync_ok (fixture, FERRY_LEDGER_SYNC_DEEP, "all");
  g_assert_cmpint (first->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_null (first->message);
  g_assert_cmpuint (first->counts.sent, ==, total);
  g_assert_cmpuint (first->counts.created, ==, total);
  g_assert_cmpuint (first->counts.rejected + first->counts.waiting + first->counts.failed, ==, 0);
  assert_cloud_equals_source (fixture);

  second = sync_ok (fixture, FERRY_LEDGER_SYNC_DEEP, "all");
  g_assert_cmpint (second->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (second->counts.sent, ==, 0);
  g_assert_cmpuint (second->counts.skipped, ==, total);
  g_assert_cmpint (second->run_id, >, first->run_id);

  /* Both runs are in the ledger, as the history shows them. */
  ledger = open_fixture_ledger (fixture);
  run = ferry_ledger_get_run (ledger, second->run_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpint (run->sync_type, ==, FERRY_LEDGER_SYNC_DEEP);
  g_assert_cmpint (run->trigger, ==, FERRY_LEDGER_TRIGGER_MANUAL);
  g_assert_cmpstr (run->timeframe, ==, "all");
  g_assert_cmpuint (run->counts.skipped, ==, total);
  g_assert_cmpint (run->duration_ms, >=, 0);
  g_assert_true (g_strv_contains ((const char * const *) run->entities, "cn.contract_item"));
  g_assert_cmpstr (run->program, ==, "test-sync-engine");
}

static void
test_shallow_edits (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FerrySyncResult) first = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_autoptr(FerrySyncResult) edited = NULL;
  g_autoptr(FerrySyncResult) again = NULL;
  g_autofree char *now = now_text ();
  g_autofree char *sql = NULL;

  g_assert_cmpint (first->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (first->counts.created, ==, source_total (fixture));

  sql = g_strdup_printf ("UPDATE ar_customer SET name = name || ' Inc.', modified_at = '%s'"
                         " WHERE customer = (SELECT min(customer) FROM ar_customer);"
                         "UPDATE jc_transaction SET description = 'Corrected', modified_at = '%s'"
                         " WHERE transaction_id IN (SELECT transaction_id FROM jc_transaction"
                         " ORDER BY transaction_id LIMIT 2);", now, now);
  exec_sql (fixture, sql);

  edited = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (edited->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (edited->counts.sent, ==, 3);
  g_assert_cmpuint (edited->counts.updated, ==, 3);
  /* Narrowed to what changed since the first run: nothing else was read. */
  g_assert_cmpuint (edited->counts.skipped, ==, 0);
  assert_cloud_equals_source (fixture);

  again = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpuint (again->counts.sent, ==, 0);
}

/* Switching an optional field off changes the hash of every record of the
 * type, modified or not: the next shallow sync reads them all and sends
 * them; the one after that is narrowed again. */
static void
test_shallow_mapping_change (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(FerrySyncResult) first = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_autoptr(FerrySyncResult) switched = NULL;
  g_autoptr(FerrySyncResult) again = NULL;
  gint64 customers = query_int (fixture, "SELECT count(*) FROM ar_customer");

  g_assert_cmpint (first->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  ferry_connection_set_field_enabled (fixture->connection, "ar.customer", "phone", FALSE);

  switched = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (switched->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (switched->counts.sent, ==, customers);
  g_assert_cmpuint (switched->counts.updated, ==, customers);
  assert_cloud_equals_source (fixture);

  again = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpuint (again->counts.sent, ==, 0);
  g_assert_cmpuint (again->counts.skipped, ==, 0);
}

/* A touched record whose content did not change is read but not sent:
 * the hash decides, not the modification time. */
static void
test_shallow_touch (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FerrySyncResult) first = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_autoptr(FerrySyncResult) touched = NULL;
  g_autofree char *now = now_text ();
  g_autofree char *sql = g_strdup_printf ("UPDATE gl_account SET modified_at = '%s'", now);

  exec_sql (fixture, sql);
  touched = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpuint (touched->counts.sent, ==, 0);
  g_assert_cmpuint (touched->counts.skipped, ==, query_int (fixture, "SELECT count(*) FROM gl_account"));
}

static void
test_deep_deletes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(FerrySyncResult) first = sync_ok (fixture, FERRY_LEDGER_SYNC_DEEP, "all");
  g_autoptr(FerrySyncResult) week = NULL;
  g_autoptr(FerrySyncResult) all = NULL;
  g_autoptr(FerryLedgerRecord) record = NULL;
  g_autofree char *entry = query_text (fixture, "SELECT min(transaction_id) FROM jc_transaction");
  g_autofree char *key_text = g_strdup_printf ("[\"%s\"]", entry);
  gint64 before = cloud_count (fixture, "jc.transaction");
  g_autofree char *sql = g_strdup_printf ("DELETE FROM jc_transaction WHERE transaction_id = '%s';"
                                          "DELETE FROM ap_invoice WHERE rowid IN (SELECT rowid"
                                          " FROM ap_invoice LIMIT 2)", entry);

  exec_sql (fixture, sql);

  /* A deep sync of last week reads none of these old records, yet finds
   * that the keys vanished from the table. */
  week = sync_ok (fixture, FERRY_LEDGER_SYNC_DEEP, "last-week");
  g_assert_cmpint (week->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (week->counts.deleted, ==, 3);
  g_assert_cmpuint (week->counts.sent, ==, 3);
  g_assert_cmpint (cloud_count (fixture, "jc.transaction"), ==, before - 1);
  assert_cloud_equals_source (fixture);
  record = ledger_record (fixture, "jc.transaction", key_text);
  g_assert_cmpint (record->state, ==, FERRY_LEDGER_STATE_DELETED);
  g_assert_null (record->hash);

  exec_sql (fixture, "DELETE FROM jc_transaction WHERE rowid = (SELECT max(rowid) FROM jc_transaction)");
  all = sync_ok (fixture, FERRY_LEDGER_SYNC_DEEP, "all");
  g_assert_cmpint (all->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (all->counts.deleted, ==, 1);
  assert_cloud_equals_source (fixture);
}

static void
test_timeframe (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FerrySyncResult) today = NULL;
  g_autoptr(FerrySyncResult) all = NULL;
  g_autofree char *now = now_text ();
  g_autofree char *sql = g_strdup_printf (
    "UPDATE ar_customer_type SET modified_at = '%s' WHERE rowid = (SELECT min(rowid) FROM ar_customer_type);"
    "UPDATE gl_account SET modified_at = '%s' WHERE rowid IN (SELECT rowid FROM gl_account LIMIT 2);",
    now, now);
  gint64 total = source_total (fixture);

  exec_sql (fixture, sql);
  today = sync_ok (fixture, FERRY_LEDGER_SYNC_DEEP, "today");
  g_assert_cmpint (today->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (today->counts.sent, ==, 3);
  g_assert_cmpint (cloud_count (fixture, "ar.customer_type"), ==, 1);
  g_assert_cmpint (cloud_count (fixture, "gl.account"), ==, 2);
  g_assert_cmpint (cloud_count (fixture, "ar.customer"), ==, 0);

  /* The rest, shallow: what the "today" run covered is not needed again
   * but the older records were never seen, so all of them are read. */
  all = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpuint (all->counts.sent, ==, total - 3);
  g_assert_cmpuint (all->counts.skipped, ==, 3);
  assert_cloud_equals_source (fixture);
}

static void
test_selection (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FerrySyncOptions) options = options_new (FERRY_LEDGER_SYNC_SHALLOW, "all");
  const char *wanted[] = { "gl.account", "ar.customer_type", NULL };
  const char *wrong[] = { "ar.customer", "cn.nonsense", "export.pcco", NULL };
  g_autoptr(FerrySyncResult) result = NULL;
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(FerrySyncJob) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryLedgerRun) last = NULL;

  ferry_sync_options_set_entities (options, wanted);
  job = make_job (fixture, options);
  result = ferry_sync_job_run (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->counts.sent, ==,
                    query_int (fixture, "SELECT (SELECT count(*) FROM gl_account)"
                                        " + (SELECT count(*) FROM ar_customer_type)"));
  g_assert_cmpint (cloud_count (fixture, "gl.account"), ==,
                   query_int (fixture, "SELECT count(*) FROM gl_account"));
  g_assert_cmpint (cloud_count (fixture, "ar.customer"), ==, 0);
  g_assert_cmpint (cloud_count (fixture, "cv.job"), ==, 0);

  /* Unknown, export and disabled types are named, and nothing runs. */
  ferry_connection_set_entity_enabled (fixture->connection, "ar.customer", FALSE);
  ferry_sync_options_set_entities (options, wrong);
  refused = make_job (fixture, options);
  g_assert_null (ferry_sync_job_run (refused, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "“cn.nonsense”",
                                "export.pcco", "Customer (ar.customer)", "Advanced Mappings", NULL);
  g_assert_cmpint (ferry_sync_job_get_result (refused)->run_id, ==, 0);
  g_clear_error (&error);
  ledger = open_fixture_ledger (fixture);
  g_assert_true (ferry_ledger_get_last_run (ledger, &last, &error));
  g_assert_cmpint (last->id, ==, result->run_id);
}

/* A reference to an entity type the mappings leave out can never be
 * satisfied: the rejection says to turn the type on or the field off, and
 * switching the field off lets the records through. */
static guint
count_errors_of (Fixture    *fixture,
                 gint64      run_id,
                 const char *entity)
{
  g_autoptr(FerryLedger) ledger = open_fixture_ledger (fixture);
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  errors = ferry_ledger_list_run_errors (ledger, run_id, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < errors->len; i++)
    {
      const FerryLedgerRunError *e = errors->pdata[i];

      if (g_strcmp0 (e->entity, entity) != 0)
        continue;
      /* Every one names the type to turn on and where. */
      g_assert_cmpstr (e->code, ==, "missing-parent");
      g_assert_cmpstr (e->field, ==, "commitment");
      g_assert_nonnull (strstr (e->hint, "Commitment (JC) is not turned on"));
      g_assert_nonnull (strstr (e->hint, "Advanced Mappings"));
      n++;
    }
  return n;
}

/* A reference to an entity type the mappings leave out can never be
 * satisfied: the rejection says to turn the type on or the field off, and
 * switching the field off lets the records through. */
static void
test_off_reference (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *off[] = { "commitment", "commitment_change_order", NULL };
  const char *types[] = { "jc.commitment", "jc.commitment_item", "jc.commitment_change_order", NULL };
  g_autoptr(FerrySyncResult) result = NULL;

  for (guint i = 0; types[i] != NULL; i++)
    ferry_connection_set_entity_enabled (fixture->connection, types[i], FALSE);
  result = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpuint (count_errors_of (fixture, result->run_id, "jc.transaction"), >, 0);

  /* Without the fields, the transactions go; invoices still name it. */
  ferry_connection_set_disabled_fields (fixture->connection, "jc.transaction", off);
  g_clear_pointer (&result, ferry_sync_result_free);
  result = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpuint (count_errors_of (fixture, result->run_id, "jc.transaction"), ==, 0);
  g_assert_cmpuint (count_errors_of (fixture, result->run_id, "ap.invoice"), >, 0);
  g_assert_cmpint (cloud_count (fixture, "jc.transaction"), ==,
                   query_int (fixture, "SELECT count(*) FROM jc_transaction"));
}

/* A job whose customer the source lacks is rejected by the cloud; the
 * records that need that job wait, naming it, and go once it is fixed. */
static void
test_rejected_parent (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *job = query_text (fixture, "SELECT job FROM jc_job_cost_code"
                                              " GROUP BY job ORDER BY count(*) DESC LIMIT 1");
  g_autofree char *good = query_text (fixture, "SELECT min(customer) FROM ar_customer");
  g_autofree char *job_key = g_strdup_printf ("[\"%s\"]", job);
  g_autofree char *cost_code = NULL;
  g_autofree char *child_key = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *now = now_text ();
  g_autofree char *expected = NULL;
  g_autoptr(FerrySyncResult) first = NULL;
  g_autoptr(FerrySyncResult) fixed = NULL;
  g_autoptr(FerryLedgerRecord) parent = NULL;
  g_autoptr(FerryLedgerRecord) child = NULL;
  g_autoptr(FerryLedgerRecord) after = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  gint64 children;
  gboolean named = FALSE;

  sql = g_strdup_printf ("SELECT min(cost_code) FROM jc_job_cost_code WHERE job = '%s'", job);
  cost_code = query_text (fixture, sql);
  child_key = g_strdup_printf ("[\"%s\",\"%s\"]", job, cost_code);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM jc_job_cost_code WHERE job = '%s'", job);
  children = query_int (fixture, sql);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE cv_job SET customer = 'C99999' WHERE job = '%s'", job);
  exec_sql (fixture, sql);

  first = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (first->result, ==, FERRY_LEDGER_RESULT_RECORD_ERRORS);
  g_assert_cmpuint (first->counts.rejected, ==, 1);
  g_assert_cmpuint (first->counts.waiting, >=, children);
  parent = ledger_record (fixture, "cv.job", job_key);
  g_assert_cmpint (parent->state, ==, FERRY_LEDGER_STATE_REJECTED);
  g_assert_cmpstr (parent->error_code, ==, "missing-parent");
  child = ledger_record (fixture, "jc.job_cost_code", child_key);
  g_assert_cmpint (child->state, ==, FERRY_LEDGER_STATE_WAITING);
  expected = g_strdup_printf ("Waiting for Job (CV) %s, which the cloud rejected: ", job);
  g_assert_true (g_str_has_prefix (child->error_message, expected));
  g_assert_nonnull (strstr (child->error_message, "C99999"));
  /* The others went through. */
  g_assert_cmpint (cloud_count (fixture, "jc.job_cost_code"), ==,
                   query_int (fixture, "SELECT count(*) FROM jc_job_cost_code") - children);

  /* The run's errors say it too, with a hint. */
  ledger = open_fixture_ledger (fixture);
  errors = ferry_ledger_list_run_errors (ledger, first->run_id, 1000, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < errors->len; i++)
    {
      FerryLedgerRunError *e = g_ptr_array_index (errors, i);

      if (g_strcmp0 (e->key_text, child_key) == 0)
        {
          g_assert_cmpstr (e->code, ==, FERRY_LEDGER_CODE_PARENT_REJECTED);
          g_assert_nonnull (e->hint);
          named = TRUE;
        }
    }
  g_assert_true (named);

  g_free (sql);
  sql = g_strdup_printf ("UPDATE cv_job SET customer = '%s', modified_at = '%s' WHERE job = '%s'",
                         good, now, job);
  exec_sql (fixture, sql);
  fixed = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (fixed->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (fixed->counts.created, ==, first->counts.rejected + first->counts.waiting);
  after = ledger_record (fixture, "jc.job_cost_code", child_key);
  g_assert_cmpint (after->state, ==, FERRY_LEDGER_STATE_SYNCED);
  assert_cloud_equals_source (fixture);
}

/* With "stop on error", the first rejection ends the run: the batch it
 * came in is recorded, nothing after it is sent. */
static void
test_stop_on_error (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(GError) error = NULL;
  const FerrySyncResult *result;

  exec_sql (fixture, "UPDATE cv_job SET customer = 'C99999' WHERE rowid = (SELECT min(rowid) FROM cv_job)");
  ferry_connection_set_stop_on_error (fixture->connection, TRUE);
  job = make_job (fixture, NULL);
  g_assert_null (ferry_sync_job_run (job, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                                "stopped at the first rejected record", NULL);
  result = ferry_sync_job_get_result (job);
  g_assert_cmpint (result->result, ==, FERRY_LEDGER_RESULT_FAILED);
  g_assert_cmpuint (result->counts.rejected, ==, 1);
  g_assert_cmpint (cloud_count (fixture, "ar.customer"), >, 0);
  g_assert_cmpint (cloud_count (fixture, "jc.job_cost_code"), ==, 0);
}

/* The same when the rejected record is in the run's last entity type: no
 * later type is skipped to say why, the run still says it. */
static void
test_stop_on_error_last (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(FerrySyncOptions) options = options_new (FERRY_LEDGER_SYNC_SHALLOW, "all");
  const char *types[] = { "ar.customer_type", "ar.customer", "cv.job", NULL };
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(GError) error = NULL;

  exec_sql (fixture, "UPDATE cv_job SET customer = 'C99999' WHERE rowid = (SELECT min(rowid) FROM cv_job)");
  ferry_sync_options_set_entities (options, types);
  ferry_sync_options_set_stop_on_error (options, TRUE);
  job = make_job (fixture, options);
  g_assert_null (ferry_sync_job_run (job, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                                "Stopped at the first record that did not go through", NULL);
  g_assert_cmpint (ferry_sync_job_get_result (job)->result, ==, FERRY_LEDGER_RESULT_FAILED);
  g_assert_cmpuint (ferry_sync_job_get_result (job)->counts.rejected, ==, 1);
}

/* Counts what would go, and changes nothing, anywhere. */
static void
test_dry_run (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FerrySyncOptions) options = options_new (FERRY_LEDGER_SYNC_DEEP, "all");
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(FerrySyncResult) result = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryLedgerRun) last = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GError) error = NULL;

  ferry_sync_options_set_dry_run (options, TRUE);
  job = ferry_sync_job_new (fixture->store, fixture->connection, options);
  result = ferry_sync_job_run (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->dry_run);
  g_assert_cmpint (result->run_id, ==, 0);
  g_assert_cmpint (result->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (result->counts.sent, ==, source_total (fixture));
  g_assert_cmpint (cloud_count (fixture, "ar.customer"), ==, 0);

  ledger = open_fixture_ledger (fixture);
  g_assert_true (ferry_ledger_get_last_run (ledger, &last, &error));
  g_assert_null (last);
  counts = ferry_ledger_count_by_entity (ledger, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, ==, 0);
}

/* Someone changed and added records in the cloud behind Ferry's back; the
 * deep sync's reconciliation puts the source's version back. */
static void
test_reconcile_repairs (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(FerrySyncResult) first = sync_ok (fixture, FERRY_LEDGER_SYNC_DEEP, "all");
  g_autoptr(FerrySyncResult) second = NULL;
  g_autoptr(FerryCloudClient) client = cloud_client (fixture);
  g_autoptr(FerryCloudBatchResult) pushed = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = query_text (fixture, "SELECT min(customer_type) FROM ar_customer_type");
  g_autofree char *text = NULL;
  const char *hash = "0000000000000000000000000000000000000000000000000000000000000001";

  text = g_strdup_printf ("{\"records\":[{\"key\":[\"%s\"],\"hash\":\"%s\",\"op\":\"upsert\","
                          "\"fields\":{\"customer_type\":\"%s\",\"description\":\"Changed in the cloud\"}},"
                          "{\"key\":[\"ZZ-STRAY\"],\"hash\":\"%s\",\"op\":\"upsert\",\"fields\":"
                          "{\"customer_type\":\"ZZ-STRAY\",\"description\":\"Not in accounting\"}}]}",
                          code, hash, code, hash);
  body = g_bytes_new (text, strlen (text));
  pushed = ferry_cloud_client_push_batch (client, "ar.customer_type", "behind-ferrys-back", body,
                                          NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pushed->counts[FERRY_CLOUD_RESULT_UPDATED], ==, 1);

  second = sync_ok (fixture, FERRY_LEDGER_SYNC_DEEP, "all");
  g_assert_cmpint (second->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (second->counts.updated, ==, 1);
  g_assert_cmpuint (second->counts.deleted, ==, 1);
  g_assert_nonnull (strstr (second->message, "Customer Type"));
  g_assert_nonnull (strstr (second->message, "2 records repaired"));
  assert_cloud_equals_source (fixture);
}

/* Units: the batch body and its keys. */
static void
test_batch_body (void)
{
  g_autoptr(FerrySyncBatch) batch = ferry_sync_batch_new ("ar.customer_type");
  g_autoptr(FerrySyncBatch) slice = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  JsonArray *records;

  ferry_sync_batch_add_delete (batch, "[\"A\"]");
  ferry_sync_batch_add_delete (batch, "[\"B\\\"q\"]");
  ferry_sync_batch_add_delete (batch, "[\"C\"]");
  body = ferry_sync_batch_get_body (batch);
  again = ferry_sync_batch_get_body (batch);
  g_assert_true (g_bytes_equal (body, again));
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             (gssize) g_bytes_get_size (body), &error));
  g_assert_no_error (error);
  records = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 1), "op"),
                   ==, "delete");

  slice = ferry_sync_batch_slice (batch, 1, 2);
  g_clear_pointer (&body, g_bytes_unref);
  body = ferry_sync_batch_get_body (slice);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_cmpstr (text, ==, "{\"records\":[{\"key\":[\"B\\\"q\"],\"op\":\"delete\"},"
                             "{\"key\":[\"C\"],\"op\":\"delete\"}]}");
  g_assert_cmpstr (ferry_sync_batch_get_record (slice, 0)->key_text, ==, "[\"B\\\"q\"]");

  key = ferry_sync_batch_make_key ("3f6c-aa", 17, "00ff", "cn.contract_item", 4, "ab");
  g_assert_cmpstr (key, ==, "3f6c-aa.17-00ff.cn.contract_item.4-ab");
  g_free (key);
  key = ferry_sync_batch_make_key ("a b/é", 1, "n", "x", 1, NULL);
  g_assert_cmpstr (key, ==, "a_b___.1-n.x.1");
}

static void
test_options_timeframe (void)
{
  g_autoptr(FerrySyncOptions) options = ferry_sync_options_new ();
  g_autoptr(GDateTime) at = g_date_time_new_local (2026, 3, 31, 15, 30, 0);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (ferry_sync_options_get_timeframe_text (options), ==, "all");
  g_assert_true (ferry_sync_options_set_timeframe_from_string (options, "last-week", &error));
  g_assert_cmpstr (ferry_sync_options_get_timeframe_text (options), ==, "week");
  g_assert_true (ferry_sync_options_set_timeframe_from_string (options, "2026-02-28", &error));
  g_assert_cmpstr (ferry_sync_options_get_timeframe_text (options), ==, "2026-02-28");
  g_assert_false (ferry_sync_options_set_timeframe_from_string (options, "2026-02-30", &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "2026-02-30",
                                "last-week", "YYYY-MM-DD", NULL);

  g_assert_true (ferry_sync_timeframe_get_start ("today", at, &start));
  g_assert_cmpint (g_date_time_get_hour (start), ==, 0);
  g_assert_cmpint (g_date_time_get_day_of_month (start), ==, 31);
  g_clear_pointer (&start, g_date_time_unref);
  g_assert_true (ferry_sync_timeframe_get_start ("month", at, &start));
  g_assert_cmpint (g_date_time_get_month (start), ==, 2);
  g_clear_pointer (&start, g_date_time_unref);
  g_assert_true (ferry_sync_timeframe_get_start ("all", at, &start));
  g_assert_null (start);
  g_assert_false (ferry_sync_timeframe_get_start ("fortnight", at, &start));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/sync-engine/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("deep-twice", test_deep_twice);
  ADD ("shallow-edits", test_shallow_edits);
  ADD ("shallow-touch", test_shallow_touch);
  ADD ("shallow-mapping-change", test_shallow_mapping_change);
  ADD ("deep-deletes", test_deep_deletes);
  ADD ("timeframe", test_timeframe);
  ADD ("selection", test_selection);
  ADD ("off-reference", test_off_reference);
  ADD ("rejected-parent", test_rejected_parent);
  ADD ("stop-on-error", test_stop_on_error);
  ADD ("stop-on-error-last", test_stop_on_error_last);
  ADD ("dry-run", test_dry_run);
  ADD ("reconcile-repairs", test_reconcile_repairs);
#undef ADD
  g_test_add_func ("/sync-engine/batch-body", test_batch_body);
  g_test_add_func ("/sync-engine/options-timeframe", test_options_timeframe);

  return g_test_run ();
}
