/* export-test-util.h: what the export pass tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On top of the `ferryctl sync` tests' fixture: the connection with every
 * export type enabled, export items built from real keys of the demo
 * accounting database and put into the cloud with `ferry-cloud export add`
 * (as the cloud portal's approval would), the cloud's own list of them,
 * the accounting database read while another process writes to it, and a
 * sync job run in the background while a test watches and interferes.
 */
#pragma once

#include "ferryctl-sync-test-util.h"

static const char * const export_types[] = {
  "export.pcco", "export.commitment", "export.commitment_change_order", "export.time_entry",
  "export.subcontractor_invoice", NULL
};

/* Real keys of the demo company, all active. */
typedef struct
{
  char *job, *cost_code; /* a job cost code of an active job */
  char *employee, *vendor;
  char *contract, *contract_item; /* an item of that contract */
  char *commitment;
} DemoKeys;

static inline void
demo_keys_clear (DemoKeys *keys)
{
  g_clear_pointer (&keys->job, g_free);
  g_clear_pointer (&keys->cost_code, g_free);
  g_clear_pointer (&keys->employee, g_free);
  g_clear_pointer (&keys->vendor, g_free);
  g_clear_pointer (&keys->contract, g_free);
  g_clear_pointer (&keys->contract_item, g_free);
  g_clear_pointer (&keys->commitment, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoKeys, demo_keys_clear)

static inline void
demo_keys_load (DemoKeys *keys,
                Fixture  *fixture)
{
  const char *job_cost_code = "FROM jc_job_cost_code c JOIN cv_job j USING (job)"
                              " WHERE c.is_active = 1 AND j.is_active = 1 ORDER BY c.job, c.cost_code";
  g_autofree char *job = g_strconcat ("SELECT c.job ", job_cost_code, NULL);
  g_autofree char *cost_code = g_strconcat ("SELECT c.cost_code ", job_cost_code, NULL);

  keys->job = query_text (fixture, job);
  keys->cost_code = query_text (fixture, cost_code);
  keys->employee = query_text (fixture, "SELECT employee FROM pr_employee WHERE is_active = 1 ORDER BY 1");
  keys->vendor = query_text (fixture, "SELECT vendor FROM ap_vendor WHERE is_active = 1 ORDER BY 1");
  keys->contract = query_text (fixture, "SELECT contract FROM cn_contract_item ORDER BY 1, item");
  keys->contract_item = query_text (fixture, "SELECT item FROM cn_contract_item ORDER BY contract, 1");
  keys->commitment = query_text (fixture, "SELECT commitment FROM jc_commitment ORDER BY 1");
  g_assert_nonnull (keys->job);
  g_assert_nonnull (keys->cost_code);
  g_assert_nonnull (keys->employee);
  g_assert_nonnull (keys->vendor);
  g_assert_nonnull (keys->contract_item);
  g_assert_nonnull (keys->commitment);
}

static inline void
enable_exports (Fixture *fixture)
{
  for (guint i = 0; export_types[i] != NULL; i++)
    ferry_connection_set_entity_enabled (fixture->connection, export_types[i], TRUE);
}

/* A time entry of @employee on @job (with the keys' cost code) for
 * @work_date, 8 hours, as the cloud's JSON. */
static inline char *
time_entry_json (const DemoKeys *keys,
                 const char     *export_id,
                 const char     *employee,
                 const char     *job,
                 const char     *work_date)
{
  return g_strdup_printf ("{\"export_id\": \"%s\", \"entity\": \"export.time_entry\", \"fields\": {"
                          "\"employee\": \"%s\", \"work_date\": \"%s\", \"job\": \"%s\","
                          " \"cost_code\": \"%s\", \"category\": \"L\", \"pay_id\": \"REG\","
                          " \"hours\": \"8.00\", \"description\": \"Framing\"}}",
                          export_id, employee, work_date, job, keys->cost_code);
}

/* @n time entries of the keys' employee and job, "PREFIX-0000"…, on
 * distinct days from 2031-01-01 (none of the demo's), as one JSON array. */
static inline char *
time_entries_json (const DemoKeys *keys,
                   const char     *prefix,
                   guint           n)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (2031, 1, 1, 0, 0, 0);
  GString *json = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (first, (int) i);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autofree char *export_id = g_strdup_printf ("%s-%04u", prefix, i);
      g_autofree char *item = time_entry_json (keys, export_id, keys->employee, keys->job, date);

      g_string_append_printf (json, "%s%s", i > 0 ? ",\n" : "", item);
    }
  g_string_append (json, "]");
  return g_string_free (json, FALSE);
}

/* A PCCO of the keys' contract, change order 907, with @items (JSON
 * objects, comma-separated). */
static inline char *
pcco_json (const DemoKeys *keys,
           const char     *amount,
           const char     *items)
{
  return g_strdup_printf ("{\"export_id\": \"pcco-1\", \"entity\": \"export.pcco\", \"fields\": {"
                          "\"contract\": \"%s\", \"change_order\": \"907\", \"description\": \"Added scope\","
                          " \"change_order_date\": \"2026-03-01\", \"status\": \"Approved\","
                          " \"amount\": \"%s\", \"items\": [%s]}}",
                          keys->contract, amount, items);
}

static inline char *
pcco_item_json (const DemoKeys *keys,
                const char     *item,
                gboolean        with_contract_item,
                const char     *amount)
{
  g_autofree char *contract_item = with_contract_item
    ? g_strdup_printf ("\"%s\"", keys->contract_item) : g_strdup ("null");

  return g_strdup_printf ("{\"item\": \"%s\", \"contract_item\": %s, \"description\": \"Line %s\","
                          " \"amount\": \"%s\"}", item, contract_item, item, amount);
}

/* Commitment @commitment of the keys' job for @vendor, with two items. */
static inline char *
commitment_json (const DemoKeys *keys,
                 const char     *export_id,
                 const char     *commitment,
                 const char     *vendor)
{
  return g_strdup_printf ("{\"export_id\": \"%s\", \"entity\": \"export.commitment\", \"fields\": {"
                          "\"commitment\": \"%s\", \"job\": \"%s\", \"vendor\": \"%s\","
                          " \"description\": \"Drywall\", \"commitment_type\": \"Subcontract\","
                          " \"commitment_date\": \"2026-01-15\", \"amount\": \"1500.00\","
                          " \"retainage_percent\": \"5.00\", \"status\": \"Open\", \"items\": ["
                          "{\"item\": \"001\", \"cost_code\": \"%s\", \"category\": \"L\","
                          " \"description\": \"Labor\", \"amount\": \"1000.00\"},"
                          " {\"item\": \"002\", \"cost_code\": \"%s\", \"category\": \"M\","
                          " \"description\": \"Board\", \"amount\": \"500.00\"}]}}",
                          export_id, commitment, keys->job, vendor, keys->cost_code, keys->cost_code);
}

static inline char *
commitment_change_order_json (const DemoKeys *keys,
                              const char     *export_id,
                              const char     *commitment)
{
  return g_strdup_printf ("{\"export_id\": \"%s\", \"entity\": \"export.commitment_change_order\","
                          " \"fields\": {\"commitment\": \"%s\", \"change_order\": \"950\","
                          " \"description\": \"Extra\", \"job\": \"%s\", \"cost_code\": \"%s\","
                          " \"category\": \"L\", \"amount\": \"250.00\","
                          " \"change_order_date\": \"2026-02-01\", \"status\": \"Approved\"}}",
                          export_id, commitment, keys->job, keys->cost_code);
}

static inline char *
invoice_json (const DemoKeys *keys,
              const char     *export_id,
              const char     *commitment)
{
  return g_strdup_printf ("{\"export_id\": \"%s\", \"entity\": \"export.subcontractor_invoice\","
                          " \"fields\": {\"vendor\": \"%s\", \"invoice\": \"PA-0001\", \"job\": \"%s\","
                          " \"commitment\": \"%s\", \"description\": null,"
                          " \"invoice_date\": \"2026-02-28\", \"amount\": \"5000.00\","
                          " \"retainage\": \"250.00\", \"status\": \"Open\"}}",
                          export_id, keys->vendor, keys->job, commitment);
}

/* A JSON array of the items given (taken), up to NULL. */
G_GNUC_NULL_TERMINATED static inline char *
json_items_take (char *first,
                 ...)
{
  GString *json = g_string_new ("[");
  va_list args;

  va_start (args, first);
  for (char *item = first; item != NULL; item = va_arg (args, char *))
    {
      g_string_append_printf (json, "%s%s", json->len > 1 ? ",\n" : "", item);
      g_free (item);
    }
  va_end (args);
  g_string_append (json, "]");
  return g_string_free (json, FALSE);
}

/* Puts @json (one item or an array) into the cloud's export feed. */
static inline void
export_add (Fixture    *fixture,
            const char *json)
{
  g_autofree char *path = g_build_filename (fixture->dir, "export-items.json", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, json, -1, &error));
  g_assert_no_error (error);
  if (CLOUD_ADMIN (NULL, &out, "export", "--db", fixture->server->db, "--site", "demo",
                   "--company", "01", "add", path) != 0)
    g_error ("ferry-cloud export add: %s", out);
}

/* The cloud's list of export items (`ferry-cloud export list`), owned by
 * @parser. */
static inline JsonArray *
cloud_exports (JsonParser *parser,
               Fixture    *fixture)
{
  g_autofree char *out = NULL;

  if (CLOUD_ADMIN (NULL, &out, "export", "--db", fixture->server->db, "--site", "demo",
                   "--company", "01", "list") != 0)
    g_error ("ferry-cloud export list: %s", out);
  return json_object_get_array_member (parse_object (parser, out), "items");
}

static inline JsonObject *
cloud_export (JsonArray  *items,
              const char *export_id)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "export_id"), export_id))
        return item;
    }
  g_error ("The cloud does not list export item %s", export_id);
}

static inline const char *
cloud_export_status (JsonArray  *items,
                     const char *export_id)
{
  return json_object_get_string_member (cloud_export (items, export_id), "status");
}

/* Nullable: null members read as NULL. */
static inline const char *
cloud_export_text (JsonArray  *items,
                   const char *export_id,
                   const char *member)
{
  return json_object_get_string_member_with_default (cloud_export (items, export_id), member, NULL);
}

static inline guint
cloud_exports_with_status (JsonArray  *items,
                           const char *status)
{
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    n += g_str_equal (json_object_get_string_member (json_array_get_object_element (items, i),
                                                     "status"), status);
  return n;
}

/* An integer from the accounting database while another process may be
 * writing to it (it waits for the writer's lock), or after one was killed
 * (read-write, so that SQLite may roll back the journal it left); 0 when
 * @sql reads a table that does not exist yet, such as the marker table
 * before the first export. */
static inline gint64
acct_int (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (fixture->db, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        g_error ("%s: %s", sql, sqlite3_errmsg (db));
      n = sqlite3_column_int64 (stmt, 0);
    }
  else if (strstr (sqlite3_errmsg (db), "no such table") == NULL)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static inline gint64
markers (Fixture *fixture)
{
  return acct_int (fixture, "SELECT count(*) FROM ferry_applied");
}

/* The same while a sync writes item after item: -1 when the writer holds
 * the lock this instant, rather than waiting in SQLite's busy handler,
 * whose sleeps grow long enough to miss a point in the middle of a page. */
static inline gint64
markers_now (Fixture *fixture)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (fixture->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM ferry_applied", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else if (strstr (sqlite3_errmsg (db), "no such table") != NULL)
    n = 0;
  else if (rc != SQLITE_BUSY)
    g_error ("Reading the markers: %s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static inline gint64
count_where (Fixture    *fixture,
             const char *table,
             const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", table, where);

  return query_int (fixture, sql);
}

static inline gint64
rows_of (Fixture    *fixture,
         const char *table,
         const char *cloud_id)
{
  g_autofree char *where = g_strdup_printf ("cloud_id = '%s'", cloud_id);

  return count_where (fixture, table, where);
}

static inline gint64
markers_of (Fixture    *fixture,
            const char *export_id)
{
  g_autofree char *where = g_strdup_printf ("export_id = '%s'", export_id);

  return count_where (fixture, "ferry_applied", where);
}

/* The per-item errors the ledger holds for @run_id, in the order written. */
static inline GPtrArray *
run_errors (Fixture *fixture,
            gint64   run_id)
{
  g_autoptr(FerryLedger) ledger = open_fixture_ledger (fixture);
  g_autoptr(GError) error = NULL;
  GPtrArray *errors = ferry_ledger_list_run_errors (ledger, run_id, 100, 0, &error);

  g_assert_no_error (error);
  return errors;
}

static inline void
assert_counts (const FerrySyncResult *result,
               guint                  exported,
               guint                  export_updated,
               guint                  export_failed)
{
  g_assert_cmpuint (result->counts.exported, ==, exported);
  g_assert_cmpuint (result->counts.export_updated, ==, export_updated);
  g_assert_cmpuint (result->counts.export_failed, ==, export_failed);
}

/* Item @export_id is still in the cloud's feed, never acknowledged. */
static inline void
assert_untouched (JsonArray  *items,
                  const char *export_id)
{
  g_assert_cmpstr (cloud_export_status (items, export_id), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (cloud_export (items, export_id), "attempts"), ==, 0);
  g_assert_null (cloud_export_text (items, export_id, "last_error"));
}

/* A job running on its worker thread while the test watches. */
typedef struct
{
  FerrySyncJob    *job;         /* owned */
  GCancellable    *cancellable; /* owned */
  FerrySyncResult *result;      /* owned, nullable */
  GError          *error;       /* owned, nullable */
  gboolean         done;
} Background;

static inline void
background_clear (Background *run)
{
  g_clear_object (&run->job);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->result, ferry_sync_result_free);
  g_clear_error (&run->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Background, background_clear)

static inline void
background_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Background *run = data;

  run->result = ferry_sync_job_run_finish (FERRY_SYNC_JOB (source), result, &run->error);
  run->done = TRUE;
}

static inline void
background_start (Background       *run,
                  Fixture          *fixture,
                  FerrySyncOptions *options)
{
  run->job = make_job (fixture, options);
  run->cancellable = g_cancellable_new ();
  ferry_sync_job_run_async (run->job, run->cancellable, background_cb, run);
}

/* Turns the main context for about a millisecond. */
static inline void
background_turn (Background *run)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (run->done);
  g_usleep (1000);
}

static inline void
background_wait (Background *run)
{
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
}

/* The cloud, on the same port so that the running job finds it again,
 * served again without faults. */
static inline void
relaunch_on_same_port (Fixture *fixture)
{
  g_autoptr(GUri) uri = g_uri_parse (fixture->server->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *was = g_strdup (fixture->server->url);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  const char *extra[] = { "--listen", listen, NULL };

  cloud_test_server_terminate (fixture->server);
  cloud_test_server_launch (fixture->server, extra);
  g_assert_cmpstr (fixture->server->url, ==, was);
}
