/* test-sync-export.c: the export pass of the sync engine, against a real
 * ferry-cloud and a demo accounting database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export items are put into the cloud as its portal would, a FerrySyncJob
 * writes them into the accounting database, and each test checks both
 * sides: the rows and Ferry's markers there, the cloud's own list of the
 * items (applied, failed with which message, still pending), and the run
 * in the ledger.
 */
#include "config.h"

#include "export-test-util.h"

static void
export_set_up (Fixture       *fixture,
               gconstpointer  data)
{
  fixture_set_up (fixture, data);
  enable_exports (fixture);
}

static FerrySyncOptions *
direction_options (FerryLedgerDirection direction)
{
  FerrySyncOptions *options = options_new (FERRY_LEDGER_SYNC_SHALLOW, "all");

  ferry_sync_options_set_direction (options, direction);
  return options;
}

/* A run with @options that must finish (with or without record errors). */
static FerrySyncResult *
run_ok (Fixture          *fixture,
        FerrySyncOptions *options)
{
  g_autoptr(FerrySyncJob) job = make_job (fixture, options);
  g_autoptr(GError) error = NULL;
  FerrySyncResult *result = ferry_sync_job_run (job, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static FerrySyncResult *
sync_direction (Fixture              *fixture,
                FerryLedgerDirection  direction)
{
  g_autoptr(FerrySyncOptions) options = direction_options (direction);

  return run_ok (fixture, options);
}

/* The run's one error: @export_id of @entity, with @code; its message. */
static char *
assert_one_error (Fixture    *fixture,
                  gint64      run_id,
                  const char *entity,
                  const char *export_id,
                  const char *code)
{
  g_autoptr(GPtrArray) errors = run_errors (fixture, run_id);
  FerryLedgerRunError *row;

  g_assert_cmpuint (errors->len, ==, 1);
  row = g_ptr_array_index (errors, 0);
  g_assert_cmpstr (row->entity, ==, entity);
  g_assert_cmpstr (row->key_text, ==, export_id);
  g_assert_cmpstr (row->code, ==, code);
  g_test_message ("%s: %s", export_id, row->message);
  return g_strdup (row->message);
}

/* (a) Each export type lands once */

typedef struct
{
  const char *table;
  const char *export_id;
} Landed;

static const Landed landed[] = {
  { "jc_commitment", "sub-1" },
  { "jc_commitment_change_order", "cco-1" },
  { "ap_invoice", "inv-1" },
  { "cn_change_order", "pcco-1" },
  { "pr_time_entry", "time-1" },
  { "pr_time_entry", "time-2" },
};

static void
count_tables (Fixture *fixture,
              gint64   counts[G_N_ELEMENTS (landed)])
{
  for (guint i = 0; i < G_N_ELEMENTS (landed); i++)
    counts[i] = count_where (fixture, landed[i].table, "1");
}

/* Written once, as the accounting system reads it, and applied in the cloud
 * with the accounting id the marker keeps. */
static void
assert_landed (Fixture *fixture,
               gint64   before[G_N_ELEMENTS (landed)])
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *items = cloud_exports (parser, fixture);
  gint64 after[G_N_ELEMENTS (landed)];

  count_tables (fixture, after);
  for (guint i = 0; i < G_N_ELEMENTS (landed); i++)
    {
      const char *id = landed[i].export_id;
      g_autofree char *sql = g_strdup_printf ("SELECT accounting_id FROM ferry_applied WHERE export_id = '%s'", id);
      g_autofree char *accounting_id = query_text (fixture, sql);
      gint64 same_table = 0;

      for (guint j = 0; j < G_N_ELEMENTS (landed); j++)
        same_table += g_str_equal (landed[j].table, landed[i].table);
      g_assert_cmpint (rows_of (fixture, landed[i].table, id), ==, 1);
      g_assert_cmpint (after[i] - before[i], ==, same_table);
      g_assert_cmpint (markers_of (fixture, id), ==, 1);
      g_assert_cmpstr (cloud_export_status (items, id), ==, "applied");
      g_assert_cmpint (json_object_get_int_member (cloud_export (items, id), "applied_version"), ==, 1);
      g_assert_nonnull (accounting_id);
      g_assert_cmpstr (cloud_export_text (items, id, "accounting_id"), ==, accounting_id);
    }
  g_assert_cmpuint (json_array_get_length (items), ==, G_N_ELEMENTS (landed));
  g_assert_cmpint (count_where (fixture, "ferry_applied", "version = 1"), ==, G_N_ELEMENTS (landed));
  g_assert_cmpint (count_where (fixture, "cn_change_order_item", "cloud_id LIKE 'pcco-1/%'"), ==, 2);
  g_assert_cmpint (count_where (fixture, "jc_commitment_item", "commitment = 'EXP-001'"), ==, 2);
  g_assert_cmpint (count_where (fixture, "jc_commitment_item", "cloud_id LIKE 'sub-1/%'"), ==, 2);
}

/* PCCO pcco-1, version 1: items 1 (1234.55) and 2 (-0.05). */
static char *
pcco_v1_json (const DemoKeys *keys)
{
  g_autofree char *one = pcco_item_json (keys, "1", TRUE, "1234.55");
  g_autofree char *two = pcco_item_json (keys, "2", FALSE, "-0.05");
  g_autofree char *items = g_strconcat (one, ", ", two, NULL);

  return pcco_json (keys, "1234.50", items);
}

static void
test_each_type (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(DemoKeys) keys = { 0, };
  g_autofree char *json = NULL;
  g_autoptr(FerrySyncResult) first = NULL;
  g_autoptr(FerrySyncResult) second = NULL;
  g_autofree char *pcco_id = NULL;
  g_autofree char *pcco_accounting_id = NULL;
  gint64 before[G_N_ELEMENTS (landed)];
  gint64 after[G_N_ELEMENTS (landed)];
  gint64 again[G_N_ELEMENTS (landed)];

  demo_keys_load (&keys, fixture);
  /* The change order and the invoice come first in the feed, but refer to
   * the commitment after them: the types go in dependency order. */
  json = json_items_take (invoice_json (&keys, "inv-1", "EXP-001"),
                          commitment_change_order_json (&keys, "cco-1", "EXP-001"),
                          time_entry_json (&keys, "time-1", keys.employee, keys.job, "2031-03-02"),
                          time_entry_json (&keys, "time-2", keys.employee, keys.job, "2031-03-03"),
                          pcco_v1_json (&keys),
                          commitment_json (&keys, "sub-1", "EXP-001", keys.vendor),
                          NULL);
  export_add (fixture, json);

  count_tables (fixture, before);
  first = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (first->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_counts (first, G_N_ELEMENTS (landed), 0, 0);
  g_assert_cmpuint (first->counts.created, >, 0); /* it pushed first */
  assert_landed (fixture, before);
  pcco_id = g_strdup_printf ("%s/907", keys.contract);
  pcco_accounting_id = query_text (fixture, "SELECT accounting_id FROM ferry_applied WHERE export_id = 'pcco-1'");
  g_assert_cmpstr (pcco_accounting_id, ==, pcco_id);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM cn_change_order WHERE cloud_id = 'pcco-1'"), ==, 123450);

  /* Nothing is written twice: the feed is empty, the tables stay. */
  count_tables (fixture, after);
  second = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (second->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_counts (second, 0, 0, 0);
  count_tables (fixture, again);
  for (guint i = 0; i < G_N_ELEMENTS (landed); i++)
    g_assert_cmpint (again[i], ==, after[i]);
  g_assert_cmpint (markers (fixture), ==, G_N_ELEMENTS (landed));
  assert_landed (fixture, before);
}

/* (b) A failed validation, on both sides, then fixed */

typedef struct
{
  const char *name;
  const char *employee; /* NULL: the keys' */
  const char *job;      /* NULL: the keys' */
  const char *says;
} Missing;

static const Missing missing_job = {
  "job", NULL, "99-999", "Job 99-999 does not exist in the accounting system"
};
static const Missing missing_employee = {
  "employee", "9042", NULL,
  "Employee 9042 does not exist in the accounting system. Add the employee there, then sync again."
};

static void
add_missing (Fixture        *fixture,
             const DemoKeys *keys,
             const Missing  *missing)
{
  g_autofree char *now = now_text ();
  g_autofree char *sql = NULL;

  if (missing->employee != NULL)
    sql = g_strdup_printf ("INSERT INTO pr_employee (employee, first_name, last_name, is_active, modified_at)"
                           " VALUES ('%s', 'Ada', 'Nolan', 1, '%s')", missing->employee, now);
  else
    sql = g_strdup_printf ("INSERT INTO cv_job (job, description, customer, status, modified_at)"
                           " SELECT '%s', 'New job', customer, 'Open', '%s' FROM cv_job WHERE job = '%s';"
                           " INSERT INTO jc_job_cost_code (job, cost_code, description, modified_at)"
                           " VALUES ('%s', '%s', 'Framing', '%s')",
                           missing->job, now, keys->job, missing->job, keys->cost_code, now);
  exec_sql (fixture, sql);
}

static void
test_missing_reference (Fixture       *fixture,
                        gconstpointer  data)
{
  const Missing *missing = data;
  g_auto(DemoKeys) keys = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FerrySyncResult) first = NULL;
  g_autoptr(FerrySyncResult) fixed = NULL;
  g_autoptr(FerrySyncResult) again = NULL;
  g_autofree char *message = NULL;
  g_autofree char *json = NULL;
  JsonArray *items;

  demo_keys_load (&keys, fixture);
  json = json_items_take (time_entry_json (&keys, "time-1", keys.employee, keys.job, "2031-02-01"),
                          time_entry_json (&keys, "time-bad",
                                           missing->employee ? missing->employee : keys.employee,
                                           missing->job ? missing->job : keys.job, "2031-02-02"),
                          time_entry_json (&keys, "time-3", keys.employee, keys.job, "2031-02-03"),
                          NULL);
  export_add (fixture, json);

  first = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (first->result, ==, FERRY_LEDGER_RESULT_RECORD_ERRORS);
  assert_counts (first, 2, 0, 1);
  /* The run: one error row, for the item, with the applier's message. */
  message = assert_one_error (fixture, first->run_id, "export.time_entry", "time-bad",
                              "reference-missing");
  assert_says (message, missing->says);
  assert_says (message, "then sync again");
  /* The accounting database: the others written, not this one. */
  g_assert_cmpint (rows_of (fixture, "pr_time_entry", "time-1"), ==, 1);
  g_assert_cmpint (rows_of (fixture, "pr_time_entry", "time-3"), ==, 1);
  g_assert_cmpint (rows_of (fixture, "pr_time_entry", "time-bad"), ==, 0);
  g_assert_cmpint (markers_of (fixture, "time-bad"), ==, 0);
  /* The cloud: failed, with the same message; the others applied. */
  items = cloud_exports (parser, fixture);
  g_assert_cmpstr (cloud_export_status (items, "time-bad"), ==, "failed");
  g_assert_cmpstr (cloud_export_text (items, "time-bad", "last_error"), ==, message);
  g_assert_cmpint (json_object_get_int_member (cloud_export (items, "time-bad"), "attempts"), ==, 1);
  g_assert_cmpstr (cloud_export_status (items, "time-1"), ==, "applied");
  g_assert_cmpstr (cloud_export_status (items, "time-3"), ==, "applied");

  /* Added in the accounting system, the next sync writes it. */
  add_missing (fixture, &keys, missing);
  fixed = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (fixed->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_counts (fixed, 1, 0, 0);
  g_assert_cmpint (rows_of (fixture, "pr_time_entry", "time-bad"), ==, 1);
  g_assert_cmpint (markers_of (fixture, "time-bad"), ==, 1);
  items = cloud_exports (parser, fixture);
  g_assert_cmpuint (cloud_exports_with_status (items, "applied"), ==, 3);

  /* Exactly once. */
  again = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  assert_counts (again, 0, 0, 0);
  g_assert_cmpint (rows_of (fixture, "pr_time_entry", "time-bad"), ==, 1);
  g_assert_cmpint (markers (fixture), ==, 3);
}

/* (c) Stop on error */

typedef struct
{
  const char *name;
  gboolean    via_connection; /* else via the run's options */
} StopVia;

static const StopVia stop_via_options = { "options", FALSE };
static const StopVia stop_via_connection = { "connection", TRUE };

/* Runs an export that must stop at a failure: the error, and the result. */
static const FerrySyncResult *
run_stopping (FerrySyncJob *job)
{
  g_autoptr(FerrySyncResult) none = NULL;
  g_autoptr(GError) error = NULL;
  const FerrySyncResult *result;

  none = ferry_sync_job_run (job, NULL, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_test_message ("The run said: %s", error->message);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_FAILED);
  result = ferry_sync_job_get_result (job);
  g_assert_nonnull (result);
  g_assert_cmpint (result->result, ==, FERRY_LEDGER_RESULT_FAILED);
  return result;
}

/* Commitments sub-1 … sub-4 (sub-2 for a vendor that does not exist), three
 * a page, and an invoice (a later type) against a commitment of the demo. */
static void
test_stop_on_error (Fixture       *fixture,
                    gconstpointer  data)
{
  const StopVia *via = data;
  g_auto(DemoKeys) keys = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FerrySyncOptions) options = direction_options (FERRY_LEDGER_DIRECTION_EXPORT);
  g_autoptr(FerrySyncJob) job = NULL;
  g_autofree char *message = NULL;
  g_autofree char *json = NULL;
  const FerrySyncResult *result;
  JsonArray *items;

  demo_keys_load (&keys, fixture);
  json = json_items_take (commitment_json (&keys, "sub-1", "EXP-001", keys.vendor),
                          commitment_json (&keys, "sub-2", "EXP-002", "V99999"),
                          commitment_json (&keys, "sub-3", "EXP-003", keys.vendor),
                          commitment_json (&keys, "sub-4", "EXP-004", keys.vendor),
                          invoice_json (&keys, "inv-1", keys.commitment),
                          NULL);
  export_add (fixture, json);
  ferry_sync_options_set_batch_size (options, 3);
  if (via->via_connection)
    ferry_connection_set_stop_on_error (fixture->connection, TRUE);
  else
    ferry_sync_options_set_stop_on_error (options, TRUE);

  job = make_job (fixture, options);
  result = run_stopping (job);
  assert_counts (result, 1, 0, 1);
  message = assert_one_error (fixture, result->run_id, "export.commitment", "sub-2", "reference-missing");
  assert_says (message, "V99999");
  assert_says (result->message, "stopped at the first failure");

  /* Before the failure: written and applied; the failure: reported. */
  g_assert_cmpint (rows_of (fixture, "jc_commitment", "sub-1"), ==, 1);
  items = cloud_exports (parser, fixture);
  g_assert_cmpstr (cloud_export_status (items, "sub-1"), ==, "applied");
  g_assert_cmpstr (cloud_export_status (items, "sub-2"), ==, "failed");
  g_assert_cmpstr (cloud_export_text (items, "sub-2", "last_error"), ==, message);
  /* After it, on its page, on the next page, of the next type: neither
   * written nor acknowledged. */
  g_assert_cmpint (rows_of (fixture, "jc_commitment", "sub-3"), ==, 0);
  g_assert_cmpint (rows_of (fixture, "jc_commitment", "sub-4"), ==, 0);
  g_assert_cmpint (rows_of (fixture, "ap_invoice", "inv-1"), ==, 0);
  g_assert_cmpint (markers (fixture), ==, 1);
  assert_untouched (items, "sub-3");
  assert_untouched (items, "sub-4");
  assert_untouched (items, "inv-1");

  if (!via->via_connection)
    {
      /* Without the option, the others go on past the same failure. */
      g_autoptr(FerrySyncOptions) on = direction_options (FERRY_LEDGER_DIRECTION_EXPORT);
      g_autoptr(FerrySyncResult) rest = NULL;

      ferry_sync_options_set_batch_size (on, 3);
      rest = run_ok (fixture, on);
      g_assert_cmpint (rest->result, ==, FERRY_LEDGER_RESULT_RECORD_ERRORS);
      assert_counts (rest, 3, 0, 1);
      g_assert_cmpint (rows_of (fixture, "jc_commitment", "sub-4"), ==, 1);
      g_assert_cmpint (rows_of (fixture, "ap_invoice", "inv-1"), ==, 1);
      g_assert_cmpint (markers (fixture), ==, 4);
    }
}

/* The failure in the last (and only) type of the run: it still fails, and
 * says why, and the item after it waits. */
static void
test_stop_on_error_last_type (Fixture       *fixture,
                              gconstpointer  data)
{
  const char * const only[] = { "export.time_entry", NULL };
  g_auto(DemoKeys) keys = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FerrySyncOptions) options = direction_options (FERRY_LEDGER_DIRECTION_EXPORT);
  g_autoptr(FerrySyncJob) job = NULL;
  g_autofree char *json = NULL;
  const FerrySyncResult *result;
  JsonArray *items;

  demo_keys_load (&keys, fixture);
  json = json_items_take (time_entry_json (&keys, "time-1", keys.employee, keys.job, "2031-02-01"),
                          time_entry_json (&keys, "time-bad", "9042", keys.job, "2031-02-02"),
                          time_entry_json (&keys, "time-3", keys.employee, keys.job, "2031-02-03"),
                          NULL);
  export_add (fixture, json);
  ferry_sync_options_set_entities (options, only);
  ferry_sync_options_set_stop_on_error (options, TRUE);
  job = make_job (fixture, options);
  result = run_stopping (job);
  assert_counts (result, 1, 0, 1);
  assert_says (result->message, "Time Entry: stopped at its first item that could not be written");
  g_assert_cmpint (rows_of (fixture, "pr_time_entry", "time-3"), ==, 0);
  items = cloud_exports (parser, fixture);
  g_assert_cmpstr (cloud_export_status (items, "time-1"), ==, "applied");
  g_assert_cmpstr (cloud_export_status (items, "time-bad"), ==, "failed");
  assert_untouched (items, "time-3");
}

/* (d, e) A second version */

static void
export_pcco_v1 (Fixture        *fixture,
                const DemoKeys *keys)
{
  g_autofree char *json = pcco_v1_json (keys);
  g_autoptr(FerrySyncResult) result = NULL;

  export_add (fixture, json);
  result = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (result->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_counts (result, 1, 0, 0);
}

/* Version 2: another amount; item 1 changed, 2 gone, 3 new. */
static void
export_pcco_v2 (Fixture        *fixture,
                const DemoKeys *keys)
{
  g_autofree char *one = pcco_item_json (keys, "1", TRUE, "2000.05");
  g_autofree char *three = pcco_item_json (keys, "3", FALSE, "10.00");
  g_autofree char *items = g_strconcat (one, ", ", three, NULL);
  g_autofree char *json = pcco_json (keys, "2000.00", items);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *listed;

  export_add (fixture, json);
  listed = cloud_exports (parser, fixture);
  g_assert_cmpint (json_object_get_int_member (cloud_export (listed, "pcco-1"), "version"), ==, 2);
  g_assert_cmpstr (cloud_export_status (listed, "pcco-1"), ==, "pending");
}

/* "ITEM=CENTS …" of change order 907, by item. */
static char *
pcco_lines (Fixture *fixture)
{
  return query_text (fixture, "SELECT group_concat(item || '=' || amount, ' ') FROM"
                              " (SELECT item, amount FROM cn_change_order_item"
                              "  WHERE change_order = '907' ORDER BY item)");
}

static void
test_second_version (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(DemoKeys) keys = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FerrySyncResult) update = NULL;
  g_autoptr(FerrySyncResult) again = NULL;
  g_autofree char *lines = NULL;
  gint64 change_orders;
  JsonArray *items;

  demo_keys_load (&keys, fixture);
  export_pcco_v1 (fixture, &keys);
  change_orders = count_where (fixture, "cn_change_order", "1");
  export_pcco_v2 (fixture, &keys);

  update = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (update->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_counts (update, 0, 1, 0);
  /* The same change order, not a second one; its items replaced. */
  g_assert_cmpint (count_where (fixture, "cn_change_order", "1"), ==, change_orders);
  g_assert_cmpint (count_where (fixture, "cn_change_order", "change_order = '907'"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM cn_change_order WHERE cloud_id = 'pcco-1'"), ==, 200000);
  lines = pcco_lines (fixture);
  g_assert_cmpstr (lines, ==, "1=200005 3=1000");
  g_assert_cmpint (markers_of (fixture, "pcco-1"), ==, 2);
  g_assert_cmpint (count_where (fixture, "ferry_applied", "export_id = 'pcco-1' AND version = 2"), ==, 1);
  items = cloud_exports (parser, fixture);
  g_assert_cmpstr (cloud_export_status (items, "pcco-1"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (cloud_export (items, "pcco-1"), "applied_version"), ==, 2);

  again = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  assert_counts (again, 0, 0, 0);
  g_assert_cmpint (markers_of (fixture, "pcco-1"), ==, 2);
}

static void
test_local_edit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(DemoKeys) keys = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FerrySyncResult) result = NULL;
  g_autofree char *message = NULL;
  g_autofree char *lines = NULL;
  JsonArray *items;

  demo_keys_load (&keys, fixture);
  export_pcco_v1 (fixture, &keys);
  exec_sql (fixture, "UPDATE cn_change_order SET amount = 130000 WHERE cloud_id = 'pcco-1'");
  export_pcco_v2 (fixture, &keys);

  result = sync_ok (fixture, FERRY_LEDGER_SYNC_SHALLOW, "all");
  g_assert_cmpint (result->result, ==, FERRY_LEDGER_RESULT_RECORD_ERRORS);
  assert_counts (result, 0, 0, 1);
  message = assert_one_error (fixture, result->run_id, "export.pcco", "pcco-1", "conflict");
  assert_says (message, "was changed in the accounting system");
  assert_says (message, "amount of the header is \"1300.00\" there, Ferry wrote \"1234.50\"");
  /* Nothing overwritten. */
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM cn_change_order WHERE cloud_id = 'pcco-1'"), ==, 130000);
  lines = pcco_lines (fixture);
  g_assert_cmpstr (lines, ==, "1=123455 2=-5");
  g_assert_cmpint (markers_of (fixture, "pcco-1"), ==, 1);
  /* The cloud holds version 1 as applied, version 2 as failed, with why. */
  items = cloud_exports (parser, fixture);
  g_assert_cmpstr (cloud_export_status (items, "pcco-1"), ==, "failed");
  g_assert_cmpstr (cloud_export_text (items, "pcco-1", "last_error"), ==, message);
  g_assert_cmpint (json_object_get_int_member (cloud_export (items, "pcco-1"), "applied_version"), ==, 1);
}

/* (f) Directions */

static void
test_directions (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(DemoKeys) keys = { 0, };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FerrySyncResult) push = NULL;
  g_autoptr(FerrySyncResult) export = NULL;
  g_autofree char *json = NULL;
  guint batches;
  gint64 in_cloud;
  JsonArray *items;

  demo_keys_load (&keys, fixture);
  json = time_entry_json (&keys, "time-1", keys.employee, keys.job, "2031-02-01");
  export_add (fixture, json);

  /* Push: the feed is not read, the accounting database not written. */
  push = sync_direction (fixture, FERRY_LEDGER_DIRECTION_PUSH);
  g_assert_cmpint (push->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (push->counts.created, >, 0);
  assert_counts (push, 0, 0, 0);
  g_assert_cmpuint (count_log_lines (fixture->server, "/exports"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM sqlite_master WHERE name = 'ferry_applied'"), ==, 0);
  g_assert_cmpint (rows_of (fixture, "pr_time_entry", "time-1"), ==, 0);
  items = cloud_exports (parser, fixture);
  assert_untouched (items, "time-1");
  in_cloud = cloud_total (fixture);
  g_assert_cmpint (in_cloud, ==, push->counts.created);

  /* Export: nothing is pushed, even what changed since. */
  exec_sql (fixture, "UPDATE ar_customer SET name = name || ' (new)', modified_at = '2099-01-01T00:00:00Z'");
  batches = count_log_lines (fixture->server, "/batches ");
  export = sync_direction (fixture, FERRY_LEDGER_DIRECTION_EXPORT);
  g_assert_cmpint (export->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_counts (export, 1, 0, 0);
  g_assert_cmpuint (export->counts.sent + export->counts.created + export->counts.updated, ==, 0);
  g_assert_cmpuint (count_log_lines (fixture->server, "/batches "), ==, batches);
  g_assert_cmpint (cloud_total (fixture), ==, in_cloud);
  g_assert_cmpint (rows_of (fixture, "pr_time_entry", "time-1"), ==, 1);
  items = cloud_exports (parser, fixture);
  g_assert_cmpstr (cloud_export_status (items, "time-1"), ==, "applied");
}

/* (g) Acknowledgements lost */

/* @n items of "PREFIX-…", each written once and applied in the cloud. */
static void
assert_applied_once (Fixture    *fixture,
                     const char *prefix,
                     guint       n)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *like = g_strdup_printf ("cloud_id LIKE '%s-%%'", prefix);
  g_autofree char *distinct = g_strdup_printf ("SELECT count(DISTINCT cloud_id) FROM pr_time_entry WHERE %s", like);
  JsonArray *items = cloud_exports (parser, fixture);

  g_assert_cmpint (count_where (fixture, "pr_time_entry", like), ==, n);
  g_assert_cmpint (query_int (fixture, distinct), ==, n);
  g_assert_cmpint (markers (fixture), ==, n);
  g_assert_cmpint (query_int (fixture, "SELECT count(DISTINCT export_id) FROM ferry_applied WHERE version = 1"), ==, n);
  g_assert_cmpuint (json_array_get_length (items), ==, n);
  g_assert_cmpuint (cloud_exports_with_status (items, "applied"), ==, n);
}

/* The cloud commits each acknowledgement and drops the connection before
 * answering, for a while; then it answers again. The job's retries find
 * the acknowledgements stored; nothing is written twice. */
static void
test_ack_answers_dropped (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *faults[] = { "--fault-drop-rate", "1", NULL };
  g_auto(DemoKeys) keys = { 0, };
  g_auto(Background) run = { NULL, };
  g_autoptr(FerrySyncOptions) options = direction_options (FERRY_LEDGER_DIRECTION_EXPORT);
  g_autoptr(FerrySyncResult) again = NULL;
  g_autofree char *json = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  demo_keys_load (&keys, fixture);
  fixture_relaunch_cloud (fixture, faults);
  json = time_entries_json (&keys, "drop", 10);
  export_add (fixture, json);
  ferry_sync_options_set_batch_size (options, 4);

  background_start (&run, fixture, options);
  while (count_log_lines (fixture->server, "acknowledgements dropped the connection") < 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      background_turn (&run);
    }
  g_test_message ("%" G_GINT64_FORMAT " items written when the cloud came back", markers (fixture));
  relaunch_on_same_port (fixture);
  background_wait (&run);
  g_assert_no_error (run.error);
  g_assert_cmpint (run.result->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  g_assert_cmpuint (run.result->retries, >, 0);
  assert_counts (run.result, 10, 0, 0);
  assert_applied_once (fixture, "drop", 10);

  again = sync_direction (fixture, FERRY_LEDGER_DIRECTION_EXPORT);
  g_assert_cmpint (again->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_counts (again, 0, 0, 0);
  assert_applied_once (fixture, "drop", 10);
}

/* The cloud dies with the acknowledgement in flight (held by latency,
 * before it is stored): the items are written, the cloud does not know.
 * The next sync finds them in the feed again and acknowledges them without
 * writing them a second time. */
static void
test_ack_lost (Fixture       *fixture,
               gconstpointer  data)
{
  const char *faults[] = { "--fault-latency", "1500", NULL };
  g_auto(DemoKeys) keys = { 0, };
  g_auto(Background) run = { NULL, };
  g_autoptr(FerrySyncOptions) options = direction_options (FERRY_LEDGER_DIRECTION_EXPORT);
  g_autoptr(FerrySyncResult) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  demo_keys_load (&keys, fixture);
  fixture_relaunch_cloud (fixture, faults);
  json = time_entries_json (&keys, "lost", 10);
  export_add (fixture, json);

  background_start (&run, fixture, options);
  while (markers_now (fixture) < 10)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      background_turn (&run);
    }
  g_subprocess_force_exit (fixture->server->process);
  g_subprocess_wait (fixture->server->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->server->process);
  g_cancellable_cancel (run.cancellable);
  background_wait (&run);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  fixture_relaunch_cloud (fixture, NULL);
  g_assert_cmpuint (cloud_exports_with_status (cloud_exports (parser, fixture), "pending"), ==, 10);
  g_assert_cmpint (count_where (fixture, "pr_time_entry", "cloud_id LIKE 'lost-%'"), ==, 10);

  again = sync_direction (fixture, FERRY_LEDGER_DIRECTION_EXPORT);
  g_assert_cmpint (again->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);
  assert_counts (again, 0, 0, 0);
  assert_says (again->message, "10 Time Entry export items written by an earlier sync were acknowledged now.");
  assert_applied_once (fixture, "lost", 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, data, func) \
  g_test_add ("/sync-export/" path, Fixture, data, export_set_up, func, fixture_tear_down)
  ADD ("each-type", NULL, test_each_type);
  ADD ("missing-reference/job", &missing_job, test_missing_reference);
  ADD ("missing-reference/employee", &missing_employee, test_missing_reference);
  ADD ("stop-on-error/options", &stop_via_options, test_stop_on_error);
  ADD ("stop-on-error/connection", &stop_via_connection, test_stop_on_error);
  ADD ("stop-on-error/last-type", NULL, test_stop_on_error_last_type);
  ADD ("second-version", NULL, test_second_version);
  ADD ("local-edit", NULL, test_local_edit);
  ADD ("directions", NULL, test_directions);
  ADD ("ack-answers-dropped", NULL, test_ack_answers_dropped);
  ADD ("ack-lost", NULL, test_ack_lost);
#undef ADD

  return g_test_run ();
}
