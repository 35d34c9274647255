/* test-cloud-records.c: push batches at the level of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cloud-records-fixture.h"

static void
test_results (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autofree char *fields = NULL;

  first = PUSH (f, "ar.customer_type", TYPE ("COM", "Commercial"), TYPE ("RES", "Residential"),
                TYPE ("IND", "Industrial"));
  assert_summary (first, 3, 0, 0, 0, 0);
  assert_result (first, 0, "created", 1);
  assert_result (first, 2, "created", 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "batch"), >, 0);

  /* The same hash is unchanged whatever the fields say. */
  second = PUSH (f, "ar.customer_type",
                 "{'key': ['COM'], 'hash': 'HASH(Commercial)', 'fields': {'customer_type': 'COM', "
                 "'description': 'Changed but same hash'}}",
                 TYPE ("RES", "Homes"), DELETE ("PUB"), DELETE ("IND"));
  assert_summary (second, 0, 1, 2, 1, 0);
  assert_result (second, 0, "unchanged", 1);
  assert_result (second, 1, "updated", 2);
  assert_result (second, 2, "unchanged", 0);
  assert_result (second, 3, "deleted", 2);
  g_assert_cmpint (query_int (f, "SELECT deleted FROM record WHERE key = '[\"IND\"]'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT fields IS NULL FROM record WHERE key = '[\"IND\"]'"),
                   ==, 1);

  /* Deleting again changes nothing; an upsert brings it back as created. */
  third = PUSH (f, "ar.customer_type", DELETE ("IND"));
  assert_result (third, 0, "unchanged", 2);
  g_clear_pointer (&third, json_node_unref);
  third = PUSH (f, "ar.customer_type", TYPE ("IND", "Industrial"));
  assert_summary (third, 1, 0, 0, 0, 0);
  assert_result (third, 0, "created", 3);
  g_assert_cmpint (query_int (f, "SELECT deleted FROM record WHERE key = '[\"IND\"]'"), ==, 0);

  /* Fields are stored as compact JSON, whatever the spacing of the body. */
  fields = query_text (f, "SELECT fields FROM record WHERE key = '[\"RES\"]'");
  g_assert_cmpstr (fields, ==, "{\"customer_type\":\"RES\",\"description\":\"Homes\"}");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM batch"), ==, 4);
  g_assert_cmpint (query_int (f, "SELECT n_updated + n_unchanged * 10 + n_deleted * 100 FROM batch "
                                 "WHERE id = 2"), ==, 121);
}

static void
test_rejections (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) types = PUSH (f, "ar.customer_type", TYPE ("COM", "Commercial"));
  g_autoptr(JsonNode) answer = NULL;

  answer = PUSH (f, "ar.customer",
      "{'key': ['C1', '2'], 'hash': 'HASH(x)', 'fields': {}}",
      "{'key': [''], 'op': 'delete'}",
      "{'hash': 'HASH(x)', 'fields': {}}",
      "{'key': ['C2'], 'hash': 'HASH(x)', 'fields': {'customer': 'C3', 'name': 'A', "
      "'customer_type': 'COM', 'is_active': true}}",
      "{'key': ['C4'], 'op': 'merge'}",
      "{'key': ['C5'], 'hash': 'ABC', 'fields': {}}",
      "{'key': ['C6'], 'hash': 'HASH(x)', 'fields': {'customer': 'C6', 'name': 'A', "
      "'customer_type': 'COM', 'is_active': true, 'colour': 'red'}}",
      "{'key': ['C7'], 'hash': 'HASH(x)', 'fields': {'customer': 'C7', 'customer_type': 'COM', "
      "'is_active': true}}",
      "{'key': ['C8'], 'hash': 'HASH(x)', 'fields': {'customer': 'C8', 'name': 'A', "
      "'customer_type': 'COM', 'is_active': 'yes'}}",
      CUSTOMER ("C9", "NOPE"),
      CUSTOMER ("C10", "COM"),
      CUSTOMER ("C10", "COM"),
      "{'key': [10], 'op': 'delete'}");

  assert_summary (answer, 1, 0, 0, 0, 12);
  assert_rejected (answer, 0, "invalid-key", NULL, "1 non-empty string: customer");
  assert_rejected (answer, 1, "invalid-key", NULL, "non-empty");
  assert_rejected (answer, 2, "invalid-key", NULL, "“key” must be");
  g_assert_true (json_object_get_null_member (result_at (answer, 2), "key"));
  assert_rejected (answer, 3, "key-mismatch", "customer", "“C3” in “fields” but “C2” in the key");
  assert_rejected (answer, 4, "invalid-op", NULL, "“merge”");
  assert_rejected (answer, 5, "invalid-hash", NULL, "64");
  assert_rejected (answer, 6, "unknown-field", "colour", "colour");
  assert_rejected (answer, 7, "missing-field", "name", "required");
  assert_rejected (answer, 8, "invalid-value", "is_active", "true or false");
  assert_rejected (answer, 9, "missing-parent", "customer_type",
                   "Customer Type NOPE has not been synced yet. Sync Customer Type first.");
  assert_result (answer, 10, "created", 1);
  assert_rejected (answer, 11, "duplicate-key", NULL, "Customer C10 is already earlier");
  assert_rejected (answer, 12, "invalid-key", NULL, "non-empty");
  /* The client's key comes back as sent when it is not a valid key. */
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (result_at (answer, 12),
                                                                              "key"), 0), ==, 10);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM record WHERE entity = 'ar.customer'"),
                   ==, 1);
  g_assert_cmpint (query_int (f, "SELECT version FROM record WHERE key = '[\"C10\"]'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT n_rejected FROM batch WHERE id = 2"), ==, 12);
}

#define JOB(code) \
  "{'key': ['" code "'], 'hash': 'HASH(" code ")', 'fields': {'job': '" code "', " \
  "'description': 'Main St', 'customer': 'C1', 'status': 'open', 'is_active': true}}"
#define CHANGE_REQUEST(job, code) \
  "{'key': ['" job "', '" code "'], 'hash': 'HASH(cr)', 'fields': {'job': '" job "', " \
  "'change_request': '" code "', 'description': 'More', 'request_date': '2026-01-05', " \
  "'status': 'open', 'amount': '10.00'}}"
#define CHANGE_ORDER(job, code, request) \
  "{'key': ['" job "', '" code "'], 'hash': 'HASH(co)', 'fields': {'job': '" job "', " \
  "'change_order': '" code "', 'change_request': " request ", 'description': 'More', " \
  "'change_order_date': '2026-01-06', 'status': 'approved', 'amount': '10.00'}}"
#define ESTIMATE \
  "{'key': ['J1', '03-300', 'L'], 'hash': 'HASH(e)', 'fields': {'job': 'J1', " \
  "'cost_code': '03-300', 'category': 'L', 'amount': '100.00'}}"

static void
push_all_created (Fixture            *f,
                  const char         *entity_id,
                  const char * const *records)
{
  g_autoptr(JsonNode) answer = push (f, entity_id, records);
  JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    assert_result (answer, i, "created", 1);
}
#define PUSH_CREATED(f, entity_id, ...) \
  push_all_created (f, entity_id, (const char *[]) { __VA_ARGS__, NULL })

static void
test_references (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) early = PUSH (f, "ar.customer", CUSTOMER ("C1", "COM"));
  g_autoptr(JsonNode) orders = NULL;
  g_autoptr(JsonNode) estimate = NULL;
  g_autoptr(JsonNode) gone = NULL;

  assert_rejected (early, 0, "missing-parent", "customer_type",
                   "Customer Type COM has not been synced yet. Sync Customer Type first.");
  PUSH_CREATED (f, "ar.customer_type", TYPE ("COM", "Commercial"));
  PUSH_CREATED (f, "ar.customer", CUSTOMER ("C1", "COM"));
  PUSH_CREATED (f, "cv.job", JOB ("J1"));

  /* A reference to a type with two key fields takes the first from the
   * record's field of the same name; an empty optional one needs nothing. */
  orders = PUSH (f, "pj.change_order", CHANGE_ORDER ("J1", "CO1", "'CR1'"),
                 CHANGE_ORDER ("J1", "CO2", "null"), CHANGE_ORDER ("J9", "CO3", "null"));
  assert_rejected (orders, 0, "missing-parent", "change_request",
                   "Contract Change Request (PJ) J1/CR1 has not been synced yet. "
                   "Sync Contract Change Request (PJ) first.");
  assert_result (orders, 1, "created", 1);
  assert_rejected (orders, 2, "missing-parent", "job", "Job (CV) J9 has not been synced yet.");
  PUSH_CREATED (f, "pj.change_request", CHANGE_REQUEST ("J1", "CR1"));
  PUSH_CREATED (f, "pj.change_order", CHANGE_ORDER ("J1", "CO1", "'CR1'"));

  /* A parent named by key fields of the same names: the estimate's job cost code. */
  PUSH_CREATED (f, "jc.standard_cost_code",
                "{'key': ['03-300'], 'hash': 'HASH(c)', 'fields': {'cost_code': '03-300', "
                "'description': 'Concrete'}}");
  PUSH_CREATED (f, "jc.category", "{'key': ['L'], 'hash': 'HASH(l)', 'fields': {'category': 'L', "
                                  "'description': 'Labour'}}");
  estimate = PUSH (f, "jc.estimate", ESTIMATE);
  assert_rejected (estimate, 0, "missing-parent", NULL,
                   "Job Cost Code (JC) J1/03-300 has not been synced yet. "
                   "Sync Job Cost Code (JC) first.");
  PUSH_CREATED (f, "jc.job_cost_code",
                "{'key': ['J1', '03-300'], 'hash': 'HASH(jcc)', 'fields': {'job': 'J1', "
                "'cost_code': '03-300', 'description': 'Concrete', 'is_active': true}}");
  PUSH_CREATED (f, "jc.estimate", ESTIMATE);

  /* A change order item's own item number is not a contract item; the
   * contract_item field is. */
  PUSH_CREATED (f, "cn.contract",
                "{'key': ['K1'], 'hash': 'HASH(k)', 'fields': {'contract': 'K1', 'job': 'J1', "
                "'customer': 'C1', 'description': 'Main St', 'contract_date': '2026-01-02', "
                "'original_amount': '1000.00', 'status': 'open'}}");
  PUSH_CREATED (f, "cn.change_order",
                "{'key': ['K1', '7'], 'hash': 'HASH(co7)', 'fields': {'contract': 'K1', "
                "'change_order': '7', 'description': 'More', 'change_order_date': '2026-01-03', "
                "'status': 'approved', 'amount': '5.00'}}");
  g_clear_pointer (&orders, json_node_unref);
  orders = PUSH (f, "cn.change_order_item",
                 "{'key': ['K1', '7', '5'], 'hash': 'HASH(i5)', 'fields': {'contract': 'K1', "
                 "'change_order': '7', 'item': '5', 'description': 'x', 'amount': '5.00'}}",
                 "{'key': ['K1', '7', '6'], 'hash': 'HASH(i6)', 'fields': {'contract': 'K1', "
                 "'change_order': '7', 'item': '6', 'contract_item': '10', 'description': 'x', "
                 "'amount': '5.00'}}");
  assert_result (orders, 0, "created", 1);
  assert_rejected (orders, 1, "missing-parent", "contract_item",
                   "Contract Item (CN) K1/10 has not been synced yet.");

  /* A deleted record is missing too. */
  g_clear_pointer (&gone, json_node_unref);
  gone = PUSH (f, "ar.customer_type", DELETE ("COM"));
  assert_result (gone, 0, "deleted", 2);
  g_clear_pointer (&gone, json_node_unref);
  gone = PUSH (f, "ar.customer", CUSTOMER ("C2", "COM"));
  assert_rejected (gone, 0, "missing-parent", "customer_type", "Customer Type COM was deleted.");
}

/* Which referenced records are stored is remembered from batch to batch,
 * but not past a write by another connection, nor past a batch that was
 * rolled back. */
static void
test_known (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "cloud.db", NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other;

  PUSH_CREATED (f, "ar.customer_type", TYPE ("COM", "Commercial"));
  PUSH_CREATED (f, "ar.customer", CUSTOMER ("C1", "COM"));
  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "UPDATE record SET deleted = 1 WHERE key = '[\"COM\"]'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  answer = PUSH (f, "ar.customer", CUSTOMER ("C2", "COM"));
  assert_rejected (answer, 0, "missing-parent", "customer_type", "Customer Type COM was deleted.");

  /* The batch that stores RES fails at its batch row (no such user). */
  g_clear_pointer (&answer, json_node_unref);
  answer = PUSH (f, "ar.customer", CUSTOMER ("C3", "RES"));
  assert_rejected (answer, 0, "missing-parent", "customer_type", "has not been synced yet.");
  body = body_of ((const char *[]) { TYPE ("RES", "Residential"), NULL });
  expected_store_warnings = 1;
  none = ferry_cloud_records_push (f->store, f->company, 999, entity ("ar.customer_type"),
                                   "rolled-back", body, MAX_BATCH, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INTERNAL_ERROR);
  g_assert_cmpuint (expected_store_warnings, ==, 0);
  g_clear_pointer (&answer, json_node_unref);
  answer = PUSH (f, "ar.customer", CUSTOMER ("C4", "RES"));
  assert_rejected (answer, 0, "missing-parent", "customer_type",
                   "Customer Type RES has not been synced yet.");
}

static void
test_replay (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) body = body_of ((const char *[]) { TYPE ("COM", "a"), DELETE ("RES"), NULL });
  g_autoptr(GBytes) other = body_of ((const char *[]) { TYPE ("COM", "b"), NULL });
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) later = NULL;
  gboolean replayed = TRUE;

  first = push_bytes (f, "ar.customer_type", "run1-batch1", body, &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);

  /* The record changes after the batch; a replay still answers as then and
   * touches nothing. */
  later = PUSH (f, "ar.customer_type", TYPE ("COM", "c"));
  ferry_cloud_store_set_now (f->store, NOW + 60);
  again = push_bytes (f, "ar.customer_type", "run1-batch1", body, &replayed, &error);
  g_assert_no_error (error);
  g_assert_true (replayed);
  g_assert_true (g_bytes_equal (first, again));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM batch"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT version FROM record WHERE key = '[\"COM\"]'"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT updated_at FROM record WHERE key = '[\"COM\"]'"), ==, NOW);

  /* The same key with another body, or for another entity type. */
  none = push_bytes (f, "ar.customer_type", "run1-batch1", other, &replayed, &error);
  g_assert_null (none);
  ferry_test_assert_error_says (error, FERRY_CLOUD_PROBLEM,
                                FERRY_CLOUD_PROBLEM_IDEMPOTENCY_KEY_REUSED, "run1-batch1", NULL);
  g_assert_cmpuint (ferry_cloud_problem_get_status (ferry_cloud_problem_from_error (error)), ==, 422);
  g_clear_error (&error);
  none = push_bytes (f, "gl.account", "run1-batch1", body, &replayed, &error);
  g_assert_null (none);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_IDEMPOTENCY_KEY_REUSED);
  g_assert_cmpint (query_int (f, "SELECT version FROM record WHERE key = '[\"COM\"]'"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM batch"), ==, 2);
}

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GBytes) body = body_of ((const char *[]) { TYPE ("COM", "a"), NULL });
  g_autoptr(GBytes) other = body_of ((const char *[]) { TYPE ("COM", "b"), NULL });
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) filler = NULL;
  gboolean replayed;

  answer = push_bytes (f, "ar.customer_type", "old", body, &replayed, &error);
  g_assert_no_error (error);
  g_clear_pointer (&answer, g_bytes_unref);

  /* Six days on the answer is still kept. */
  ferry_cloud_store_set_now (f->store, NOW + 6 * DAY);
  filler = PUSH (f, "ar.customer_type", TYPE ("RES", "r"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM batch"), ==, 2);

  /* After seven days the key is forgotten: a new body under it is a new batch. */
  ferry_cloud_store_set_now (f->store, NOW + 7 * DAY + 1);
  answer = push_bytes (f, "ar.customer_type", "old", other, &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM batch WHERE idempotency_key = 'old'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT version FROM record WHERE key = '[\"COM\"]'"), ==, 2);

  /* Pruning runs at most once an hour; a key that expired in between is
   * forgotten all the same. The filler of day 6 was "test-1". */
  ferry_cloud_store_set_now (f->store, NOW + 13 * DAY - 600);
  g_clear_pointer (&filler, json_node_unref);
  filler = PUSH (f, "ar.customer_type", TYPE ("RES", "s"));
  ferry_cloud_store_set_now (f->store, NOW + 13 * DAY + 600);
  g_clear_pointer (&filler, json_node_unref);
  filler = PUSH (f, "ar.customer_type", TYPE ("RES", "t"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM batch WHERE idempotency_key = 'test-1'"),
                   ==, 1);
  g_clear_pointer (&answer, g_bytes_unref);
  answer = push_bytes (f, "ar.customer_type", "test-1", other, &replayed, &error);
  g_assert_no_error (error);
  g_assert_false (replayed);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM batch WHERE idempotency_key = 'test-1' "
                                 "AND received_at = " G_STRINGIFY (NOW) " + 6 * 86400"), ==, 0);
}

static void
assert_push_fails (Fixture    *f,
                   gint64      company,
                   gint64      user,
                   const char *body_text,
                   guint       max,
                   int         code)
{
  g_autoptr(GBytes) body = g_bytes_new (body_text, strlen (body_text));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean replayed;

  answer = ferry_cloud_records_push (f->store, company, user, entity ("ar.customer_type"),
                                     "k", body, max, &replayed, &error);
  g_assert_null (answer);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, code);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM record"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM batch"), ==, 0);
}

static void
test_failures (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) body = body_of ((const char *[]) { TYPE ("A", "a"), TYPE ("B", "b"),
                                                       TYPE ("C", "c"), NULL });
  const char *text = g_bytes_get_data (body, NULL);
  g_autofree char *tail = g_strdup_printf ("%.*s, 7]}", (int) g_bytes_get_size (body) - 2, text);

  assert_push_fails (f, f->company, f->user, text, 2, FERRY_CLOUD_PROBLEM_BATCH_TOO_LARGE);
  g_assert_cmpuint (ferry_cloud_problem_get_status (FERRY_CLOUD_PROBLEM_BATCH_TOO_LARGE), ==, 413);
  assert_push_fails (f, f->company, f->user, "not json", 10, FERRY_CLOUD_PROBLEM_MALFORMED_JSON);
  assert_push_fails (f, f->company, f->user, "", 10, FERRY_CLOUD_PROBLEM_MALFORMED_JSON);
  assert_push_fails (f, f->company, f->user, "[]", 10, FERRY_CLOUD_PROBLEM_MALFORMED_JSON);
  assert_push_fails (f, f->company, f->user, "{\"records\": {}}", 10,
                     FERRY_CLOUD_PROBLEM_MALFORMED_JSON);
  assert_push_fails (f, f->company, f->user, tail, 10, FERRY_CLOUD_PROBLEM_MALFORMED_JSON);

  /* The batch row fails last (no such user), after every record was
   * written: none of them stays. */
  expected_store_warnings = 1;
  assert_push_fails (f, f->company, 999, text, 10, FERRY_CLOUD_PROBLEM_INTERNAL_ERROR);
  g_assert_cmpuint (expected_store_warnings, ==, 0);
  /* The first record cannot be written (no such company). */
  expected_store_warnings = 1;
  assert_push_fails (f, 999, f->user, text, 10, FERRY_CLOUD_PROBLEM_INTERNAL_ERROR);
  g_assert_cmpuint (expected_store_warnings, ==, 0);
}

/* The batch reader: escapes, spacing, members it ignores, and what it refuses. */
static void
test_reader (Fixture       *f,
             gconstpointer  data)
{
  const char *text = "{ \"note\" : [1, {\"a\": null}], \"records\" : [ { \"extra\": {\"b\": [true]},\n"
                     "  \"key\" : [ \"\\u00e9\\\"x\\/\" ], \"hash\": \"" HASH64 "\", \"op\": \"upsert\",\n"
                     "  \"fields\": { \"description\" : \"tab\\there \\ud83d\\ude00\", "
                     "\"customer_type\": \"\\u00e9\\\"x/\" } } ] }";
  const char *bad[] = {
    "{\"records\": [{\"key\": [\"A\"]}]} x",
    "{\"records\": [{\"key\": [\"\\ud800\"]}]}",
    "{\"records\": [{\"key\": [\"\\u0000\"]}]}",
    "{\"records\": [{\"key\": [\"a\x01\"]}]}",
    "{\"records\": [{\"key\": [\"\xff\"]}]}",
    "{\"records\": [{\"key\": [\"A\" \"B\"]}]}",
    "{\"records\": [{\"key\": [01]}]}",
    "{\"records\": [{\"key\": [1.]}]}",
    "{\"records\": [{\"key\": tru}]}",
    "{\"records\": [{\"key\": [\"A\"],}]}",
    "{\"records\": [{key: [\"A\"]}]}",
    "{\"records\": [\"A\"]}",
    "{\"other\": []}",
    "{\"records\": [{\"key\": [\"A\"]}]",
    "{\"records\": [{\"x\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}",
  };
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *key = NULL;
  gboolean replayed;

  answer = push_bytes (f, "ar.customer_type", "reader", body, &replayed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (answer, NULL),
                            "{\"key\":[\"\xc3\xa9\\\"x/\"],\"result\":\"created\",\"version\":1}"));
  key = query_text (f, "SELECT key FROM record");
  g_assert_cmpstr (key, ==, "[\"\xc3\xa9\\\"x/\"]");
  /* Values are stored as the client wrote them, without the spacing. */
  fields = query_text (f, "SELECT fields FROM record");
  g_assert_cmpstr (fields, ==, "{\"customer_type\":\"\\u00e9\\\"x/\","
                               "\"description\":\"tab\\there \\ud83d\\ude00\"}");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) wrong = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GBytes) none = NULL;

      g_clear_error (&error);
      none = push_bytes (f, "ar.customer_type", "bad", wrong, &replayed, &error);
      g_assert_null (none);
      g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MALFORMED_JSON);
    }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM record"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM batch"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  RECORDS_TEST_INIT (&argc, &argv);
  ADD ("push/results", test_results);
  ADD ("push/rejections", test_rejections);
  ADD ("push/references", test_references);
  ADD ("push/known", test_known);
  ADD ("push/replay", test_replay);
  ADD ("push/expiry", test_expiry);
  ADD ("push/failures", test_failures);
  ADD ("push/reader", test_reader);

  return g_test_run ();
}
