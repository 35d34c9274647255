/* test-cloud-exports.c: the export feed, at the level of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ferry-cloud-exports.h"
#include "ferry-cloud-problem.h"
#include "ferry-cloud-store-private.h"
#include "ferry-test-util.h"

typedef struct
{
  char            *dir;
  FerryCloudStore *store;
  gint64           company;
  gint64           other_company;
  gint64           user;
} Fixture;

/* Test JSON is written with ' for " to stay readable. */
static JsonNode *
parse (const char *text)
{
  g_autofree char *json = g_strdup (text);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_strdelimit (json, "'", '"');
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  return node;
}

#define PCCO \
  "{'export_id': 'pcco-1001-007', 'entity': 'export.pcco', 'fields': {" \
  "'contract': '1001', 'change_order': '007', 'description': 'Extra sitework'," \
  "'change_order_date': '2026-11-20', 'status': 'approved', 'amount': '2500.00', 'items': [" \
  "{'item': '1', 'contract_item': '10', 'description': 'Grading', 'amount': '2000.00'}," \
  "{'item': '2', 'description': 'Fence', 'amount': '500.00'}]}}"
#define COMMITMENT \
  "{'entity': 'export.commitment', 'fields': {" \
  "'commitment': 'C-100', 'job': 'J1', 'vendor': 'V1', 'description': 'Concrete'," \
  "'commitment_type': 'subcontract', 'commitment_date': '2026-11-01', 'amount': '10000.00'," \
  "'retainage_percent': '10.0', 'status': 'open', 'items': [" \
  "{'item': '1', 'cost_code': '03-100', 'category': 'S', 'description': 'Footings', " \
  "'amount': '10000.00'}]}}"
#define COMMITMENT_CO \
  "{'entity': 'export.commitment_change_order', 'fields': {" \
  "'commitment': 'C-100', 'change_order': '1', 'description': 'Deeper footings', 'job': 'J1'," \
  "'cost_code': '03-100', 'category': 'S', 'amount': '500.00'," \
  "'change_order_date': '2026-11-21', 'status': 'approved'}}"
#define TIME_ENTRY \
  "{'entity': 'export.time_entry', 'fields': {" \
  "'employee': '1042', 'work_date': '2026-11-20', 'job': 'J1', 'cost_code': '03-100'," \
  "'category': 'L', 'pay_id': 'REG', 'hours': '8.00'}}"
#define INVOICE \
  "{'entity': 'export.subcontractor_invoice', 'fields': {" \
  "'vendor': 'V1', 'invoice': 'INV-1', 'job': 'J1', 'commitment': 'C-100'," \
  "'invoice_date': '2026-11-22', 'amount': '1000.00', 'status': 'approved'}}"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt;
  gint64 site;

  f->dir = g_dir_make_tmp ("ferry-cloud-exports-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "cloud.db", NULL);
  f->store = ferry_cloud_store_open (path, &error);
  g_assert_no_error (error);
  ferry_cloud_store_set_now (f->store, 1795000000);
  site = ferry_cloud_store_add_site (f->store, "demo", &error);
  g_assert_no_error (error);
  f->company = ferry_cloud_store_add_company (f->store, site, "01", "Demo Construction", &error);
  g_assert_no_error (error);
  f->other_company = ferry_cloud_store_add_company (f->store, site, "02", "Other", &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (ferry_cloud_store_get_handle (f->store),
                                       "INSERT INTO user (site_id, name, display_name, role, "
                                       "can_sync, password_hash, created_at) "
                                       "VALUES (?1, 'ada', 'Ada', 'member', 1, 'x', 0)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, site);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  f->user = sqlite3_last_insert_rowid (ferry_cloud_store_get_handle (f->store));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  ferry_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (ferry_cloud_store_get_handle (f->store), sql, -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static JsonNode *
enqueue (Fixture    *f,
         const char *json)
{
  g_autoptr(JsonNode) items = parse (json);
  g_autoptr(GError) error = NULL;
  JsonNode *result = ferry_cloud_exports_enqueue (f->store, f->company, items, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* Enqueueing @json fails with @code, saying @says, and stores nothing. */
static void
assert_enqueue_fails (Fixture    *f,
                      const char *json,
                      int         code,
                      const char *says)
{
  g_autoptr(JsonNode) items = parse (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  gint64 before = count_rows (f, "SELECT count(*) FROM export_item");

  result = ferry_cloud_exports_enqueue (f->store, f->company, items, &error);
  g_assert_null (result);
  ferry_test_assert_error_says (error, FERRY_CLOUD_PROBLEM, code, says, "Nothing was enqueued.", NULL);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM export_item"), ==, before);
}

static JsonNode *
feed (Fixture    *f,
      gint64      after,
      guint       limit,
      const char *entity_id)
{
  FerryCatalog *catalog = ferry_cloud_store_get_catalog (f->store);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  node = ferry_cloud_exports_feed (f->store, f->company, after, limit,
                                   entity_id ? ferry_catalog_lookup (catalog, entity_id) : NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
acknowledge (Fixture    *f,
             const char *json)
{
  g_autoptr(JsonNode) body = parse (json);
  g_autoptr(GError) error = NULL;
  JsonNode *result = ferry_cloud_exports_acknowledge (f->store, f->company, f->user, body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static JsonNode *
list (Fixture    *f,
      const char *status)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result = ferry_cloud_exports_list (f->store, f->company, status, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* Member @name of element @i of the array member @array of @node. */
static JsonObject *
element (JsonNode   *node,
         const char *array,
         guint       i)
{
  JsonArray *elements = json_object_get_array_member (json_node_get_object (node), array);

  g_assert_cmpuint (i, <, json_array_get_length (elements));
  return json_array_get_object_element (elements, i);
}

/* "id id id": the export ids of @member of @node, in order. */
static char *
ids (JsonNode   *node,
     const char *member)
{
  JsonArray *elements = json_object_get_array_member (json_node_get_object (node), member);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (elements); i++)
    g_string_append_printf (text, "%s%s", i ? " " : "",
                            json_object_get_string_member (json_array_get_object_element (elements, i),
                                                           "export_id"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "result result …" of an enqueue or acknowledgement answer. */
static char *
results (JsonNode   *node,
         const char *member)
{
  JsonArray *elements = json_object_get_array_member (json_node_get_object (node), member);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (elements); i++)
    g_string_append_printf (text, "%s%s", i ? " " : "",
                            json_object_get_string_member (json_array_get_object_element (elements, i),
                                                           "result"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_strings(func, node, member, expected) \
  G_STMT_START { \
    g_autofree char *_s = func (node, member); \
    g_assert_cmpstr (_s, ==, expected); \
  } G_STMT_END

/* The item @export_id in the operator's list. */
static JsonObject *
listed (JsonNode   *node,
        const char *export_id)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (node), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "export_id"), export_id))
        return item;
    }
  g_error ("%s is not listed", export_id);
}

static void
test_enqueue_types (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) created = enqueue (f, "[" PCCO "," COMMITMENT "," COMMITMENT_CO ","
                                            TIME_ENTRY "," INVOICE "]");
  g_autoptr(JsonNode) second = enqueue (f, TIME_ENTRY);
  g_autoptr(JsonNode) items = feed (f, 0, 100, NULL);
  g_autoptr(JsonNode) expected = parse (PCCO);
  JsonObject *pcco = element (items, "items", 0);
  gint64 previous = 0;

  assert_strings (ids, created, "items",
                  "pcco-1001-007 commitment-1 commitment_change_order-1 time_entry-1 "
                  "subcontractor_invoice-1");
  assert_strings (results, created, "items", "created created created created created");
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *result = element (created, "items", i);

      g_assert_cmpint (json_object_get_int_member (result, "version"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (result, "sequence"), >, previous);
      previous = json_object_get_int_member (result, "sequence");
    }
  g_assert_cmpstr (json_object_get_string_member (element (created, "items", 1), "entity"), ==,
                   "export.commitment");
  /* One object, not an array, is fine too; generated ids count on. */
  assert_strings (ids, second, "items", "time_entry-2");

  assert_strings (ids, items, "items",
                  "pcco-1001-007 commitment-1 commitment_change_order-1 time_entry-1 "
                  "subcontractor_invoice-1 time_entry-2");
  g_assert_cmpstr (json_object_get_string_member (pcco, "status"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (pcco, "attempts"), ==, 0);
  g_assert_true (json_object_get_null_member (pcco, "last_error"));
  g_assert_cmpstr (json_object_get_string_member (pcco, "created_at"), ==, "2026-11-18T11:06:40Z");
  g_assert_true (json_node_equal (json_object_get_member (pcco, "fields"),
                                  json_object_get_member (json_node_get_object (expected), "fields")));
  g_assert_true (json_object_get_null_member (json_node_get_object (items), "next_after"));

  /* Another company has its own feed. */
  g_clear_pointer (&items, json_node_unref);
  items = ferry_cloud_exports_feed (f->store, f->other_company, 0, 100, NULL, NULL);
  assert_strings (ids, items, "items", "");
}

static void
test_generated_ids (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) first = enqueue (f,
      "{'export_id': 'time_entry-1', 'entity': 'export.time_entry', 'fields': {"
      "'employee': '7', 'work_date': '2026-11-20', 'job': 'J1', 'cost_code': '01'," \
      "'category': 'L', 'pay_id': 'REG', 'hours': '1'}}");
  g_autoptr(JsonNode) mixed = enqueue (f, "[" TIME_ENTRY ","
      "{'export_id': 'time_entry-2', 'entity': 'export.time_entry', 'fields': {"
      "'employee': '8', 'work_date': '2026-11-20', 'job': 'J1', 'cost_code': '01'," \
      "'category': 'L', 'pay_id': 'REG', 'hours': '1'}}]");

  /* time_entry-1 is taken, time_entry-2 named later in the same request. */
  assert_strings (ids, mixed, "items", "time_entry-3 time_entry-2");
  assert_strings (results, mixed, "items", "created created");
}

static void
test_enqueue_invalid (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) kept = NULL;

  assert_enqueue_fails (f, "[" TIME_ENTRY ", {'entity': 'export.nonsense', 'fields': {}}]",
                        FERRY_CLOUD_PROBLEM_UNKNOWN_ENTITY, "Export item 2: “export.nonsense”");
  assert_enqueue_fails (f, "[" TIME_ENTRY ", {'entity': 'cn.contract', 'fields': {}}]",
                        FERRY_CLOUD_PROBLEM_UNKNOWN_ENTITY, "pushed from the accounting system");
  assert_enqueue_fails (f, "[" TIME_ENTRY ", {'entity': 'export.subcontractor_invoice', 'fields': {"
                        "'vendor': 'V1', 'invoice': 'INV-1', 'job': 'J1', 'commitment': 'C-100',"
                        "'invoice_date': '2026-11-22', 'amount': '12.3', 'status': 'approved'}}]",
                        FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "Export item 2 (Subcontractor Invoice): "
                        "Amount (amount) is “12.3”; an amount needs exactly two decimals");
  assert_enqueue_fails (f, "[" TIME_ENTRY ", {'export_id': 'co-9', 'entity': 'export.pcco', 'fields': {"
                        "'contract': '1001', 'change_order': '009', 'description': 'x',"
                        "'change_order_date': '2026-11-20', 'status': 'approved', 'amount': '1.00',"
                        "'items': [{'item': '1', 'description': 'a', 'amount': '1.00'},"
                        "{'item': '2', 'description': 'b'}]}}]",
                        FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                        "Export item 2 (co-9, Prime Contract Change Order): Line item 2: "
                        "Amount (amount) is required");
  assert_enqueue_fails (f, "{'entity': 'export.pcco', 'fields': {"
                        "'contract': '1001', 'change_order': '009', 'description': 'x',"
                        "'change_order_date': '2026-11-20', 'status': 'approved', 'amount': '1.00'}}",
                        FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "fields.items");
  assert_enqueue_fails (f, "{'entity': 'export.pcco', 'fields': {"
                        "'contract': '1001', 'change_order': '009', 'description': 'x',"
                        "'change_order_date': '2026-11-20', 'status': 'approved', 'amount': '1.00',"
                        "'items': [{'item': '1', 'description': 'a', 'amount': '1.00'},"
                        "{'item': '1', 'description': 'b', 'amount': '1.00'}]}}",
                        FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "Line items 1 and 2 have the same item");
  assert_enqueue_fails (f, "{'entity': 'export.time_entry', 'fields': {"
                        "'employee': '1042', 'work_date': '2026-11-20', 'job': 'J1', 'cost_code': '1',"
                        "'category': 'L', 'pay_id': 'REG', 'hours': '8', 'items': []}}",
                        FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "“items” is not a field");
  assert_enqueue_fails (f, "[" PCCO "," PCCO "]", FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                        "Export item 2 (pcco-1001-007, Prime Contract Change Order): "
                        "Export item 1 has the same export_id");
  assert_enqueue_fails (f, "{'exportid': 'x', 'entity': 'export.pcco', 'fields': {}}",
                        FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "“exportid” is not a member");
  assert_enqueue_fails (f, "{'export_id': '', 'entity': 'export.pcco', 'fields': {}}",
                        FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "export_id must be a string");
  assert_enqueue_fails (f, "{'entity': 'export.pcco'}", FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                        "no \"fields\" object");
  assert_enqueue_fails (f, "[" TIME_ENTRY ", 7]", FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
                        "Export item 2: It is not a JSON object");
  assert_enqueue_fails (f, "'pcco'", FERRY_CLOUD_PROBLEM_MALFORMED_JSON, "Send one export item");
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM counter"), ==, 0);

  /* A refusal found inside the transaction rolls back what came before. */
  kept = enqueue (f, PCCO);
  assert_enqueue_fails (f, "[" TIME_ENTRY ", {'export_id': 'pcco-1001-007', "
                        "'entity': 'export.time_entry', 'fields': {"
                        "'employee': '1042', 'work_date': '2026-11-20', 'job': 'J1', 'cost_code': '1',"
                        "'category': 'L', 'pay_id': 'REG', 'hours': '8'}}]",
                        FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "cannot change its entity type");
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM export_item"), ==, 1);
}

static void
test_feed_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) created = enqueue (f, "[" PCCO "," TIME_ENTRY "," COMMITMENT ","
                                            TIME_ENTRY "," INVOICE "]");
  g_autoptr(JsonNode) page1 = feed (f, 0, 2, NULL);
  gint64 next = json_object_get_int_member (json_node_get_object (page1), "next_after");
  g_autoptr(JsonNode) page2 = feed (f, next, 2, NULL);
  gint64 next2 = json_object_get_int_member (json_node_get_object (page2), "next_after");
  g_autoptr(JsonNode) page3 = feed (f, next2, 2, NULL);
  g_autoptr(JsonNode) exact = feed (f, next, 3, NULL);
  g_autoptr(JsonNode) times = feed (f, 0, 1000, "export.time_entry");
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(GError) error = NULL;

  assert_strings (ids, page1, "items", "pcco-1001-007 time_entry-1");
  g_assert_cmpint (next, ==, json_object_get_int_member (element (created, "items", 1), "sequence"));
  assert_strings (ids, page2, "items", "commitment-1 time_entry-2");
  assert_strings (ids, page3, "items", "subcontractor_invoice-1");
  g_assert_true (json_object_get_null_member (json_node_get_object (page3), "next_after"));
  /* A full last page has no next page either. */
  assert_strings (ids, exact, "items", "commitment-1 time_entry-2 subcontractor_invoice-1");
  g_assert_true (json_object_get_null_member (json_node_get_object (exact), "next_after"));
  assert_strings (ids, times, "items", "time_entry-1 time_entry-2");

  none = ferry_cloud_exports_feed (f->store, f->company, 0, 0, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST);
  g_clear_error (&error);
  none = ferry_cloud_exports_feed (f->store, f->company, 0, 1001, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST);
  g_clear_error (&error);
  none = ferry_cloud_exports_feed (f->store, f->company, 0, 10,
                                   ferry_catalog_lookup (ferry_cloud_store_get_catalog (f->store),
                                                         "cn.contract"), &error);
  g_assert_null (none);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNKNOWN_ENTITY);
}

#define FAILED_ACK(message) \
  "{'acknowledgements': [{'export_id': 'time_entry-1', 'version': 1, 'status': 'failed', " \
  "'message': '" message "'}]}"

#define FIRST_ACKS \
  "{'acknowledgements': [" \
  "{'export_id': 'pcco-1001-007', 'version': 1, 'status': 'applied', 'accounting_id': '1001/007'}," \
  "{'export_id': 'time_entry-1', 'version': 1, 'status': 'failed'," \
  " 'message': 'Employee 1042 does not exist.'}," \
  "{'export_id': 'time_entry-9', 'version': 1, 'status': 'applied'}," \
  "{'export_id': 'time_entry-1', 'version': 2, 'status': 'applied'}]}"

static void
test_acknowledge (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) created = enqueue (f, "[" PCCO "," TIME_ENTRY "]");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) items = NULL;
  JsonObject *item;

  answer = acknowledge (f, FIRST_ACKS);
  assert_strings (results, answer, "results", "recorded recorded unknown unknown");
  g_assert_cmpint (json_object_get_int_member (element (answer, "results", 3), "version"), ==, 2);

  items = feed (f, 0, 100, NULL);
  assert_strings (ids, items, "items", "time_entry-1");
  item = element (items, "items", 0);
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "failed");
  g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "last_error"), ==,
                   "Employee 1042 does not exist.");

  /* The same acknowledgements again: answered, but nothing changes. */
  ferry_cloud_store_set_now (f->store, 1795000600);
  g_clear_pointer (&answer, json_node_unref);
  answer = acknowledge (f, FIRST_ACKS);
  assert_strings (results, answer, "results", "recorded recorded unknown unknown");
  g_clear_pointer (&items, json_node_unref);
  items = list (f, NULL);
  item = listed (items, "time_entry-1");
  g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "updated_at"), ==, "2026-11-18T11:06:40Z");
  item = listed (items, "pcco-1001-007");
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (item, "applied_version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "accounting_id"), ==, "1001/007");
  g_assert_cmpstr (json_object_get_string_member (item, "updated_at"), ==, "2026-11-18T11:06:40Z");

  /* Another failure is another attempt; then it goes through. */
  g_clear_pointer (&answer, json_node_unref);
  answer = acknowledge (f, FAILED_ACK ("Job J1 is closed."));
  g_clear_pointer (&items, json_node_unref);
  items = feed (f, 0, 100, NULL);
  item = element (items, "items", 0);
  g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (item, "last_error"), ==, "Job J1 is closed.");

  g_clear_pointer (&answer, json_node_unref);
  answer = acknowledge (f, "{'acknowledgements': [{'export_id': 'time_entry-1', 'version': 1,"
                        " 'status': 'applied'}]}");
  g_clear_pointer (&items, json_node_unref);
  items = feed (f, 0, 100, NULL);
  assert_strings (ids, items, "items", "");
  /* A late failure cannot take an applied version back. */
  g_clear_pointer (&answer, json_node_unref);
  answer = acknowledge (f, FAILED_ACK ("Employee 1042 does not exist."));
  assert_strings (results, answer, "results", "recorded");
  g_clear_pointer (&items, json_node_unref);
  items = feed (f, 0, 100, NULL);
  assert_strings (ids, items, "items", "");

  /* Every acknowledgement of an existing item is kept, with its sender. */
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM export_ack"), ==, 9);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM export_ack WHERE user_id IS NULL"), ==, 0);
}

#define PCCO_V2 \
  "{'export_id': 'pcco-1001-007', 'entity': 'export.pcco', 'fields': {" \
  "'contract': '1001', 'change_order': '007', 'description': 'Extra sitework'," \
  "'change_order_date': '2026-11-20', 'status': 'approved', 'amount': '2600.00', 'items': [" \
  "{'item': '1', 'contract_item': '10', 'description': 'Grading', 'amount': '2100.00'}," \
  "{'item': '2', 'description': 'Fence', 'amount': '500.00'}]}}"

static void
test_new_version (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) v1 = enqueue (f, "[" PCCO "," TIME_ENTRY "]");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) v2 = NULL;
  g_autoptr(JsonNode) items = NULL;
  JsonObject *item;
  gint64 first_sequence = json_object_get_int_member (element (v1, "items", 0), "sequence");

  answer = acknowledge (f, "{'acknowledgements': [{'export_id': 'pcco-1001-007', 'version': 1,"
                        " 'status': 'failed', 'message': 'Contract 1001 is closed.'}]}");

  /* The same fields, members in another order: nothing to do. */
  again = enqueue (f, "{'entity': 'export.pcco', 'fields': {"
                   "'change_order': '007', 'contract': '1001', 'description': 'Extra sitework',"
                   "'change_order_date': '2026-11-20', 'status': 'approved', 'amount': '2500.00', 'items': ["
                   "{'item': '1', 'contract_item': '10', 'description': 'Grading', 'amount': '2000.00'},"
                   "{'item': '2', 'description': 'Fence', 'amount': '500.00'}]}, "
                   "'export_id': 'pcco-1001-007'}");
  assert_strings (results, again, "items", "unchanged");
  g_assert_cmpint (json_object_get_int_member (element (again, "items", 0), "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (element (again, "items", 0), "sequence"), ==,
                   first_sequence);

  v2 = enqueue (f, PCCO_V2);
  assert_strings (results, v2, "items", "updated");
  item = element (v2, "items", 0);
  g_assert_cmpint (json_object_get_int_member (item, "version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (item, "sequence"), >,
                   json_object_get_int_member (element (v1, "items", 1), "sequence"));

  /* Back in the feed, after the time entry, pending with no attempts. */
  items = feed (f, 0, 100, NULL);
  assert_strings (ids, items, "items", "time_entry-1 pcco-1001-007");
  item = element (items, "items", 1);
  g_assert_cmpint (json_object_get_int_member (item, "version"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 0);
  g_assert_true (json_object_get_null_member (item, "last_error"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "fields"),
                                                  "amount"), ==, "2600.00");

  /* Version 1 applied late: stale, but remembered; version 2 stays. */
  g_clear_pointer (&answer, json_node_unref);
  answer = acknowledge (f, "{'acknowledgements': ["
                        "{'export_id': 'pcco-1001-007', 'version': 1, 'status': 'applied',"
                        " 'accounting_id': '1001/007'},"
                        "{'export_id': 'pcco-1001-007', 'version': 1, 'status': 'failed',"
                        " 'message': 'late'}]}");
  assert_strings (results, answer, "results", "stale stale");
  g_clear_pointer (&items, json_node_unref);
  items = list (f, NULL);
  item = listed (items, "pcco-1001-007");
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (item, "version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (item, "applied_version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "accounting_id"), ==, "1001/007");
  g_assert_true (json_object_get_null_member (item, "last_error"));
  g_clear_pointer (&items, json_node_unref);
  items = feed (f, 0, 100, "export.pcco");
  assert_strings (ids, items, "items", "pcco-1001-007");

  g_clear_pointer (&answer, json_node_unref);
  answer = acknowledge (f, "{'acknowledgements': [{'export_id': 'pcco-1001-007', 'version': 2,"
                        " 'status': 'applied'}]}");
  assert_strings (results, answer, "results", "recorded");
  g_clear_pointer (&items, json_node_unref);
  items = feed (f, 0, 100, "export.pcco");
  assert_strings (ids, items, "items", "");
  g_clear_pointer (&items, json_node_unref);
  items = list (f, "applied");
  g_assert_cmpint (json_object_get_int_member (listed (items, "pcco-1001-007"), "applied_version"),
                   ==, 2);
}

static void
assert_ack_fails (Fixture    *f,
                  const char *json,
                  int         code,
                  const char *says)
{
  g_autoptr(JsonNode) body = parse (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  result = ferry_cloud_exports_acknowledge (f->store, f->company, f->user, body, &error);
  g_assert_null (result);
  ferry_test_assert_error_says (error, FERRY_CLOUD_PROBLEM, code, says, NULL);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM export_ack"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM export_item WHERE status != 'pending'"),
                   ==, 0);
}

#define APPLIED_OK "{'export_id': 'time_entry-1', 'version': 1, 'status': 'applied'}"

static void
test_acknowledge_malformed (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) created = enqueue (f, TIME_ENTRY);
  g_autoptr(GString) many = g_string_new ("{'acknowledgements': [");

  assert_ack_fails (f, "[" APPLIED_OK "]", FERRY_CLOUD_PROBLEM_MALFORMED_JSON, "acknowledgements");
  assert_ack_fails (f, "{'acks': [" APPLIED_OK "]}", FERRY_CLOUD_PROBLEM_MALFORMED_JSON, "Send");
  assert_ack_fails (f, "{'acknowledgements': " APPLIED_OK "}", FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
                    "Send");
  assert_ack_fails (f, "{'acknowledgements': [" APPLIED_OK ", 'x']}",
                    FERRY_CLOUD_PROBLEM_MALFORMED_JSON, "Acknowledgement 2 is not a JSON object");
  assert_ack_fails (f, "{'acknowledgements': [" APPLIED_OK ", {'version': 1, 'status': 'applied'}]}",
                    FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "Acknowledgement 2: It needs the export_id");
  assert_ack_fails (f, "{'acknowledgements': [" APPLIED_OK ", {'export_id': 'time_entry-1',"
                    " 'version': '1', 'status': 'applied'}]}",
                    FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "version");
  assert_ack_fails (f, "{'acknowledgements': [" APPLIED_OK ", {'export_id': 'time_entry-1',"
                    " 'version': 1}]}",
                    FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "\"applied\" or \"failed\"");
  assert_ack_fails (f, "{'acknowledgements': [" APPLIED_OK ", {'export_id': 'time_entry-1',"
                    " 'version': 1, 'status': 'done'}]}",
                    FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "\"applied\" or \"failed\"");
  assert_ack_fails (f, "{'acknowledgements': [" APPLIED_OK ", {'export_id': 'time_entry-1',"
                    " 'version': 1, 'status': 'failed'}]}",
                    FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "needs a message");

  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (many, "%s" APPLIED_OK, i ? "," : "");
  g_string_append (many, "]}");
  assert_ack_fails (f, many->str, FERRY_CLOUD_PROBLEM_BATCH_TOO_LARGE, "at most 1000");
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonNode) created = enqueue (f, "[" PCCO "," TIME_ENTRY "," INVOICE "]");
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) pending = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *item;

  answer = acknowledge (f, "{'acknowledgements': ["
                        "{'export_id': 'pcco-1001-007', 'version': 1, 'status': 'applied'},"
                        "{'export_id': 'time_entry-1', 'version': 1, 'status': 'failed',"
                        " 'message': 'No employee 1042.'}]}");
  all = list (f, NULL);
  pending = list (f, "pending");
  failed = list (f, "failed");
  applied = list (f, "applied");

  assert_strings (ids, all, "items", "pcco-1001-007 time_entry-1 subcontractor_invoice-1");
  assert_strings (ids, pending, "items", "subcontractor_invoice-1");
  assert_strings (ids, failed, "items", "time_entry-1");
  assert_strings (ids, applied, "items", "pcco-1001-007");

  item = listed (failed, "time_entry-1");
  g_assert_cmpstr (json_object_get_string_member (item, "entity"), ==, "export.time_entry");
  g_assert_cmpint (json_object_get_int_member (item, "attempts"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "last_error"), ==, "No employee 1042.");
  g_assert_true (json_object_get_null_member (item, "applied_version"));
  g_assert_true (json_object_get_null_member (item, "accounting_id"));
  g_assert_true (json_object_has_member (item, "created_at"));
  g_assert_false (json_object_has_member (item, "fields"));

  bad = ferry_cloud_exports_list (f->store, f->company, "done", &error);
  g_assert_null (bad);
  ferry_test_assert_error_says (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                                "pending, failed or applied", NULL);
}

/* Many items in one request; with -m perf as many as the benchmark sends. */
static void
test_enqueue_many (Fixture       *f,
                   gconstpointer  data)
{
  guint n = g_test_perf () ? 100000 : 5000;
  g_autoptr(JsonNode) template = parse (TIME_ENTRY);
  g_autoptr(JsonArray) array = json_array_sized_new (n);
  g_autoptr(JsonNode) items = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_node_copy (template);
      JsonObject *fields = json_object_get_object_member (json_node_get_object (item), "fields");
      g_autofree char *employee = g_strdup_printf ("%u", i);

      json_object_set_string_member (fields, "employee", employee);
      json_array_add_element (array, item);
    }
  json_node_set_array (items, array);

  timer = g_timer_new ();
  result = ferry_cloud_exports_enqueue (f->store, f->company, items, &error);
  g_assert_no_error (error);
  g_test_minimized_result (g_timer_elapsed (timer, NULL), "enqueued %u export items in %.2f s",
                           n, g_timer_elapsed (timer, NULL));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM export_item"), ==, n);

  page = feed (f, 0, 1000, NULL);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (page),
                                                                        "items")), ==, 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/cloud/exports/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("enqueue/types", test_enqueue_types);
  ADD ("enqueue/generated-ids", test_generated_ids);
  ADD ("enqueue/invalid", test_enqueue_invalid);
  ADD ("enqueue/many", test_enqueue_many);
  ADD ("feed/paging", test_feed_paging);
  ADD ("acknowledge/results", test_acknowledge);
  ADD ("acknowledge/new-version", test_new_version);
  ADD ("acknowledge/malformed", test_acknowledge_malformed);
  ADD ("list", test_list);
#undef ADD

  return g_test_run ();
}
