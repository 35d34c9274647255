/* test-export-applier.c: export items written into a real accounting
 * database (a demo company from ferryctl), exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "ferry-test-util.h"
#include "ferry-error.h"
#include "ferry-export-applier.h"

typedef struct
{
  char               *dir;     /* owned */
  FerryAccountingDb  *db;      /* owned */
  FerryExportApplier *applier; /* owned */
  /* Real keys of the demo company, all active. */
  char               *job, *cost_code, *employee, *vendor;
  char               *contract, *contract_item, *commitment;
} Fixture;

static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *handle = ferry_accounting_db_get_handle (fixture->db);
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  g_autofree char *text = query_text (fixture, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_accounting_db_exec (fixture->db, sql, "run the test’s SQL", &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  FerryTestResult result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("ferry-export-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "acct.db", NULL);
  ferry_test_run_ferryctl (&result, "demo-data", "--out", path, "--records", "2000", NULL);
  g_assert_cmpint (result.status, ==, 0);
  ferry_test_result_clear (&result);
  fixture->db = ferry_accounting_db_open (path, FERRY_ACCOUNTING_DB_READ_WRITE, &error);
  g_assert_no_error (error);
  fixture->applier = ferry_export_applier_new (fixture->db, ferry_catalog_get_default (), &error);
  g_assert_no_error (error);

  fixture->job = query_text (fixture, "SELECT c.job FROM jc_job_cost_code c JOIN cv_job j USING (job) "
                                      "WHERE c.is_active = 1 AND j.is_active = 1 ORDER BY 1, c.cost_code");
  fixture->cost_code = query_text (fixture, "SELECT c.cost_code FROM jc_job_cost_code c JOIN cv_job j USING (job) "
                                            "WHERE c.is_active = 1 AND j.is_active = 1 ORDER BY c.job, 1");
  fixture->employee = query_text (fixture, "SELECT employee FROM pr_employee WHERE is_active = 1 ORDER BY 1");
  fixture->vendor = query_text (fixture, "SELECT vendor FROM ap_vendor WHERE is_active = 1 ORDER BY 1");
  fixture->contract = query_text (fixture, "SELECT contract FROM cn_contract_item ORDER BY 1, item");
  fixture->contract_item = query_text (fixture, "SELECT item FROM cn_contract_item ORDER BY contract, 1");
  fixture->commitment = query_text (fixture, "SELECT commitment FROM jc_commitment ORDER BY 1");
  g_assert_nonnull (fixture->job);
  g_assert_nonnull (fixture->employee);
  g_assert_nonnull (fixture->vendor);
  g_assert_nonnull (fixture->contract_item);
  g_assert_nonnull (fixture->commitment);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->applier);
  g_assert_true (ferry_accounting_db_close (fixture->db, NULL));
  g_clear_object (&fixture->db);
  ferry_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->job);
  g_free (fixture->cost_code);
  g_free (fixture->employee);
  g_free (fixture->vendor);
  g_free (fixture->contract);
  g_free (fixture->contract_item);
  g_free (fixture->commitment);
}

static gboolean
apply (Fixture             *fixture,
       const char          *json,
       FerryExportOutcome  *out_outcome,
       GError             **error)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autofree char *accounting_id = NULL;
  gboolean ok;

  g_assert_nonnull (node);
  ok = ferry_export_applier_apply (fixture->applier, json_node_get_object (node), out_outcome,
                                   &accounting_id, error);
  g_assert_true (ok == (accounting_id != NULL));
  return ok;
}

static void
assert_applies (Fixture            *fixture,
                const char         *json,
                FerryExportOutcome  expected)
{
  g_autoptr(GError) error = NULL;
  FerryExportOutcome outcome;

  g_assert_true (apply (fixture, json, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_export_outcome_to_string (outcome), ==, ferry_export_outcome_to_string (expected));
}

static char *
pcco_json (Fixture    *fixture,
           int         version,
           const char *amount,
           const char *item_amount)
{
  return g_strdup_printf ("{\"export_id\": \"pcco-1\", \"entity\": \"export.pcco\", \"version\": %d,"
                          " \"fields\": {\"contract\": \"%s\", \"change_order\": \"907\","
                          " \"description\": \"Added scope\", \"change_order_date\": \"2026-03-01\","
                          " \"status\": \"Approved\", \"amount\": \"%s\", \"items\": ["
                          " {\"item\": \"1\", \"contract_item\": \"%s\", \"description\": \"Rough-in\", \"amount\": \"%s\"},"
                          " {\"item\": \"2\", \"contract_item\": null, \"description\": \"Credit\", \"amount\": \"-0.05\"}]}}",
                          version, fixture->contract, amount, fixture->contract_item, item_amount);
}

static char *
time_entry_json (Fixture    *fixture,
                 const char *export_id,
                 const char *employee,
                 const char *job)
{
  return g_strdup_printf ("{\"export_id\": \"%s\", \"entity\": \"export.time_entry\", \"version\": 1,"
                          " \"fields\": {\"employee\": \"%s\", \"work_date\": \"2026-02-02\", \"job\": \"%s\","
                          " \"cost_code\": \"%s\", \"category\": \"L\", \"pay_id\": \"REG\", \"hours\": \"8.50\","
                          " \"description\": \"Framing\"}}",
                          export_id, employee, job, fixture->cost_code);
}

static char *
commitment_json (Fixture    *fixture,
                 int         version,
                 const char *amount,
                 const char *items)
{
  return g_strdup_printf ("{\"export_id\": \"sub-1\", \"entity\": \"export.commitment\", \"version\": %d,"
                          " \"fields\": {\"commitment\": \"EXP-001\", \"job\": \"%s\", \"vendor\": \"%s\","
                          " \"description\": \"Drywall\", \"commitment_type\": \"Subcontract\","
                          " \"commitment_date\": \"2026-01-15\", \"amount\": \"%s\", \"retainage_percent\": \"5.00\","
                          " \"status\": \"Open\", \"items\": [%s]}}",
                          version, fixture->job, fixture->vendor, amount, items);
}

static char *
commitment_item (Fixture    *fixture,
                 const char *item,
                 const char *amount)
{
  return g_strdup_printf ("{\"item\": \"%s\", \"cost_code\": \"%s\", \"category\": \"L\","
                          " \"description\": \"Labor\", \"amount\": \"%s\"}",
                          item, fixture->cost_code, amount);
}

static gint64
count (Fixture    *fixture,
       const char *table,
       const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", table, where);

  return query_int (fixture, sql);
}

static void
test_each_type (Fixture       *fixture,
                gconstpointer  data)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autofree char *item = commitment_item (fixture, "001", "1000.00");
  char *json[] = {
    pcco_json (fixture, 1, "1234.50", "1234.55"),
    commitment_json (fixture, 1, "1000.00", item),
    g_strdup_printf ("{\"export_id\": \"cco-1\", \"entity\": \"export.commitment_change_order\", \"version\": 1,"
                     " \"fields\": {\"commitment\": \"%s\", \"change_order\": \"950\", \"description\": \"Extra\","
                     " \"job\": \"%s\", \"cost_code\": \"%s\", \"category\": \"L\", \"amount\": \"250.00\","
                     " \"change_order_date\": \"2026-02-01\", \"status\": \"Approved\"}}",
                     fixture->commitment, fixture->job, fixture->cost_code),
    time_entry_json (fixture, "time-1", fixture->employee, fixture->job),
    g_strdup_printf ("{\"export_id\": \"inv-1\", \"entity\": \"export.subcontractor_invoice\", \"version\": 1,"
                     " \"fields\": {\"vendor\": \"%s\", \"invoice\": \"PA-0001\", \"job\": \"%s\","
                     " \"commitment\": \"%s\", \"description\": null, \"invoice_date\": \"2026-02-28\","
                     " \"amount\": \"5000.00\", \"retainage\": \"250.00\", \"status\": \"Open\"}}",
                     fixture->vendor, fixture->job, fixture->commitment),
  };
  const char *types[][3] = {
    { "export.pcco", "cn_change_order", "pcco-1" },
    { "export.commitment", "jc_commitment", "sub-1" },
    { "export.commitment_change_order", "jc_commitment_change_order", "cco-1" },
    { "export.time_entry", "pr_time_entry", "time-1" },
    { "export.subcontractor_invoice", "ap_invoice", "inv-1" },
  };
  guint n_export = 0;

  for (guint i = 0; i < ferry_catalog_get_n_entity_types (catalog); i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      n_export += ferry_entity_type_is_export (type);
    }
  g_assert_cmpuint (n_export, ==, G_N_ELEMENTS (types));

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *where = g_strdup_printf ("cloud_id = '%s'", types[i][2]);
      gint64 rows;

      g_assert_nonnull (ferry_catalog_lookup (catalog, types[i][0]));
      assert_applies (fixture, json[i], FERRY_EXPORT_APPLIED);
      g_assert_cmpint (count (fixture, types[i][1], where), ==, 1);
      rows = count (fixture, types[i][1], "1");
      /* A redelivery writes nothing. */
      assert_applies (fixture, json[i], FERRY_EXPORT_ALREADY_APPLIED);
      g_assert_cmpint (count (fixture, types[i][1], "1"), ==, rows);
    }
  g_assert_cmpint (count (fixture, "cn_change_order_item", "cloud_id LIKE 'pcco-1/%'"), ==, 2);
  g_assert_cmpint (count (fixture, "jc_commitment_item", "cloud_id LIKE 'sub-1/%'"), ==, 1);
  g_assert_cmpint (count (fixture, "jc_commitment_item", "commitment = 'EXP-001'"), ==, 1);
  g_assert_cmpint (count (fixture, "ferry_applied", "1"), ==, G_N_ELEMENTS (types));
  g_assert_cmpint (query_int (fixture, "SELECT retainage FROM ap_invoice WHERE cloud_id = 'inv-1'"), ==, 25000);
  for (guint i = 0; i < G_N_ELEMENTS (json); i++)
    g_free (json[i]);
}

static void
test_values (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *pcco = pcco_json (fixture, 1, "1234.50", "1234.55");
  g_autofree char *time = time_entry_json (fixture, "time-1", fixture->employee, fixture->job);
  g_autofree char *hours = NULL, *date = NULL;

  assert_applies (fixture, pcco, FERRY_EXPORT_APPLIED);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM cn_change_order WHERE cloud_id = 'pcco-1'"), ==, 123450);
  g_assert_cmpint (query_int (fixture, "SELECT typeof(amount) = 'integer' FROM cn_change_order WHERE cloud_id = 'pcco-1'"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM cn_change_order_item WHERE cloud_id = 'pcco-1/1'"), ==, 123455);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM cn_change_order_item WHERE cloud_id = 'pcco-1/2'"), ==, -5);
  g_assert_cmpint (count (fixture, "cn_change_order_item", "cloud_id = 'pcco-1/2' AND contract_item IS NULL"), ==, 1);

  assert_applies (fixture, time, FERRY_EXPORT_APPLIED);
  hours = query_text (fixture, "SELECT hours FROM pr_time_entry WHERE cloud_id = 'time-1'");
  date = query_text (fixture, "SELECT work_date FROM pr_time_entry WHERE cloud_id = 'time-1'");
  g_assert_cmpstr (hours, ==, "8.50");
  g_assert_cmpstr (date, ==, "2026-02-02");
}

static void
test_update_items (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *v1 = pcco_json (fixture, 1, "1234.50", "1234.55");
  g_autofree char *v2 = pcco_json (fixture, 2, "2000.00", "2000.05");

  assert_applies (fixture, v1, FERRY_EXPORT_APPLIED);
  assert_applies (fixture, v2, FERRY_EXPORT_UPDATED);
  assert_applies (fixture, v2, FERRY_EXPORT_ALREADY_APPLIED);
  g_assert_cmpint (count (fixture, "cn_change_order", "change_order = '907'"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM cn_change_order WHERE cloud_id = 'pcco-1'"), ==, 200000);
  g_assert_cmpint (count (fixture, "cn_change_order_item", "change_order = '907'"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM cn_change_order_item WHERE cloud_id = 'pcco-1/1'"), ==, 200005);
  g_assert_cmpint (count (fixture, "ferry_applied", "export_id = 'pcco-1'"), ==, 2);
}

static void
test_bad_amount (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *three = pcco_json (fixture, 1, "12.345", "1.00");
  g_autoptr(GError) error = NULL;

  g_assert_false (apply (fixture, three, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "Amount (amount)", "12.345", NULL);
  g_assert_cmpint (count (fixture, "ferry_applied", "1"), ==, 0);
}

static void
test_missing_reference (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *no_employee = time_entry_json (fixture, "time-1", "9042", fixture->job);
  g_autofree char *no_job = time_entry_json (fixture, "time-2", fixture->employee, "99-999");
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (apply (fixture, no_employee, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_REFERENCE_MISSING,
                                "Employee 9042 does not exist in the accounting system. "
                                "Add the employee there, then sync again.", NULL);
  g_clear_error (&error);
  g_assert_false (apply (fixture, no_job, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_REFERENCE_MISSING,
                                "Job 99-999 does not exist", "Add the job there", NULL);
  g_clear_error (&error);
  g_assert_cmpint (count (fixture, "pr_time_entry", "cloud_id IS NOT NULL"), ==, 0);
  g_assert_cmpint (count (fixture, "ferry_applied", "1"), ==, 0);

  /* Inactive is as good as missing. */
  exec_sql (fixture, "INSERT INTO pr_employee (employee, first_name, last_name, is_active, modified_at)"
                     " VALUES ('9042', 'Ada', 'Nolan', 0, '2026-01-01T00:00:00Z')");
  g_assert_false (apply (fixture, no_employee, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_REFERENCE_MISSING,
                                "Employee 9042 is inactive", NULL);
  g_clear_error (&error);

  exec_sql (fixture, "UPDATE pr_employee SET is_active = 1 WHERE employee = '9042'");
  assert_applies (fixture, no_employee, FERRY_EXPORT_APPLIED);
  g_assert_cmpint (count (fixture, "pr_time_entry", "cloud_id = 'time-1' AND employee = '9042'"), ==, 1);

  /* A job cost code the catalog does not name but the schema requires. */
  sql = g_strdup_printf ("INSERT INTO cv_job (job, description, customer, status, modified_at)"
                         " SELECT '99-999', 'New job', customer, 'Open', modified_at FROM cv_job WHERE job = '%s'",
                         fixture->job);
  exec_sql (fixture, sql);
  g_assert_false (apply (fixture, no_job, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_REFERENCE_MISSING,
                                "Job Cost Code 99-999/", "does not exist", NULL);
  g_clear_error (&error);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO jc_job_cost_code (job, cost_code, description, modified_at)"
                         " VALUES ('99-999', '%s', 'Framing', '2026-01-01T00:00:00Z')", fixture->cost_code);
  exec_sql (fixture, sql);
  assert_applies (fixture, no_job, FERRY_EXPORT_APPLIED);
}

static void
test_update_and_conflict (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *item_1 = commitment_item (fixture, "001", "1000.00");
  g_autofree char *item_2 = commitment_item (fixture, "002", "500.00");
  g_autofree char *items = g_strconcat (item_1, ", ", item_2, NULL);
  g_autofree char *v1 = commitment_json (fixture, 1, "1000.00", item_1);
  g_autofree char *v2 = commitment_json (fixture, 2, "1500.00", items);
  g_autofree char *v3 = commitment_json (fixture, 3, "1700.00", items);
  g_autoptr(GError) error = NULL;

  assert_applies (fixture, v1, FERRY_EXPORT_APPLIED);
  assert_applies (fixture, v2, FERRY_EXPORT_UPDATED);
  g_assert_cmpint (count (fixture, "jc_commitment", "commitment = 'EXP-001'"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM jc_commitment WHERE cloud_id = 'sub-1'"), ==, 150000);
  g_assert_cmpint (count (fixture, "jc_commitment_item", "commitment = 'EXP-001'"), ==, 2);
  /* An older version arriving late changes nothing. */
  assert_applies (fixture, v1, FERRY_EXPORT_ALREADY_APPLIED);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM jc_commitment WHERE cloud_id = 'sub-1'"), ==, 150000);

  exec_sql (fixture, "UPDATE jc_commitment SET amount = 160000 WHERE commitment = 'EXP-001'");
  g_assert_false (apply (fixture, v3, NULL, &error));
  g_test_message ("%s", error->message);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_CONFLICT,
                                "Commitment EXP-001 was changed in the accounting system",
                                "amount of the header is \"1600.00\" there, Ferry wrote \"1500.00\"", NULL);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT amount FROM jc_commitment WHERE cloud_id = 'sub-1'"), ==, 160000);
  g_assert_cmpint (count (fixture, "ferry_applied", "export_id = 'sub-1' AND version = 3"), ==, 0);

  /* An item typed in under Ferry's commitment is a change too. */
  exec_sql (fixture, "UPDATE jc_commitment SET amount = 150000 WHERE commitment = 'EXP-001'");
  exec_sql (fixture, "DELETE FROM jc_commitment_item WHERE cloud_id = 'sub-1/002'");
  g_assert_false (apply (fixture, v3, NULL, &error));
  g_test_message ("%s", error->message);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_CONFLICT, "the item 002 was deleted there", NULL);
  g_clear_error (&error);
}

static void
test_typed_in (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *pcco = pcco_json (fixture, 1, "1234.50", "1.00");
  g_autofree char *sql = g_strdup_printf ("INSERT INTO cn_change_order (contract, change_order, description,"
                                          " change_order_date, status, amount, modified_at) VALUES"
                                          " ('%s', '907', 'By hand', '2026-03-01', 'Approved', 100,"
                                          " '2026-03-01T00:00:00Z')", fixture->contract);
  g_autofree char *message = g_strdup_printf ("Prime Contract Change Order %s/907 already exists in the "
                                              "accounting system but was not written by Ferry",
                                              fixture->contract);
  g_autoptr(GError) error = NULL;

  exec_sql (fixture, sql);
  g_assert_false (apply (fixture, pcco, NULL, &error));
  g_test_message ("%s", error->message);
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_CONFLICT, message, NULL);
  g_assert_cmpint (count (fixture, "cn_change_order", "change_order = '907'"), ==, 1);
  g_assert_cmpint (count (fixture, "cn_change_order_item", "change_order = '907'"), ==, 0);
  g_assert_cmpint (count (fixture, "ferry_applied", "1"), ==, 0);
}

static void
test_failure_midway (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *item = commitment_item (fixture, "001", "1.00");
  g_autofree char *items = g_strconcat (item, ", ", item, NULL);
  g_autofree char *json = commitment_json (fixture, 1, "2.00", items);
  g_autoptr(GError) error = NULL;

  g_assert_false (apply (fixture, json, NULL, &error));
  g_test_message ("%s", error->message);
  /* The item's values, not the database: an item problem, told to the cloud. */
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (count (fixture, "jc_commitment", "commitment = 'EXP-001'"), ==, 0);
  g_assert_cmpint (count (fixture, "jc_commitment_item", "commitment = 'EXP-001'"), ==, 0);
  g_assert_cmpint (count (fixture, "ferry_applied", "1"), ==, 0);
}

/* In a group, an item that fails leaves nothing and the others stand; the
 * group is written by its commit, or not at all. */
static void
test_group (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *good = time_entry_json (fixture, "time-1", fixture->employee, fixture->job);
  g_autofree char *bad = time_entry_json (fixture, "time-2", "9999", fixture->job);
  g_autofree char *same_day = time_entry_json (fixture, "time-3", fixture->employee, fixture->job);
  g_auto(GStrv) parts = g_strsplit (same_day, "2026-02-02", 2);
  g_autofree char *later = g_strjoinv ("2026-02-03", parts);
  g_autofree char *line = commitment_item (fixture, "001", "1.00");
  g_autofree char *lines = g_strconcat (line, ", ", line, NULL);
  g_autofree char *halfway = commitment_json (fixture, 1, "2.00", lines);
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_export_applier_begin_group (fixture->applier, &error));
  g_assert_no_error (error);
  assert_applies (fixture, good, FERRY_EXPORT_APPLIED);
  g_assert_false (apply (fixture, bad, NULL, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_REFERENCE_MISSING);
  g_clear_error (&error);
  /* Fails at its second line, after its header was written. */
  g_assert_false (apply (fixture, halfway, NULL, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (ferry_export_applier_commit_group (fixture->applier, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fixture, "jc_commitment", "commitment = 'EXP-001'"), ==, 0);
  g_assert_cmpint (count (fixture, "ferry_applied", "1"), ==, 1);
  g_assert_cmpint (count (fixture, "pr_time_entry", "cloud_id = 'time-1'"), ==, 1);
  g_assert_cmpint (count (fixture, "pr_time_entry", "cloud_id = 'time-2'"), ==, 0);

  /* Rolled back: as if never applied; applying it again writes it. */
  g_assert_true (ferry_export_applier_begin_group (fixture->applier, &error));
  assert_applies (fixture, later, FERRY_EXPORT_APPLIED);
  ferry_export_applier_rollback_group (fixture->applier);
  g_assert_cmpint (count (fixture, "ferry_applied", "export_id = 'time-3'"), ==, 0);
  g_assert_cmpint (count (fixture, "pr_time_entry", "cloud_id = 'time-3'"), ==, 0);
  assert_applies (fixture, later, FERRY_EXPORT_APPLIED);
  g_assert_cmpint (count (fixture, "pr_time_entry", "cloud_id = 'time-3'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/export-applier/each-type", test_each_type);
  ADD ("/export-applier/values", test_values);
  ADD ("/export-applier/update-items", test_update_items);
  ADD ("/export-applier/bad-amount", test_bad_amount);
  ADD ("/export-applier/missing-reference", test_missing_reference);
  ADD ("/export-applier/update-and-conflict", test_update_and_conflict);
  ADD ("/export-applier/typed-in", test_typed_in);
  ADD ("/export-applier/failure-midway", test_failure_midway);
  ADD ("/export-applier/group", test_group);
#undef ADD

  return g_test_run ();
}
