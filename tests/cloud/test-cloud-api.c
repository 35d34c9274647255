/* test-cloud-api.c: the cloud API over HTTP, against a real ferry-cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cloud-test-batches.h"
#include "ferry-record-key.h"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
test_health_and_login (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autoptr(CloudTestResponse) health = cloud_test_request (server, "GET", "/api/v1/health", NULL, NULL, NULL);
  g_autoptr(CloudTestResponse) wrong = NULL;
  g_autoptr(CloudTestResponse) unknown_site = NULL;
  g_autoptr(CloudTestResponse) me = NULL;
  g_autoptr(CloudTestResponse) companies = NULL;
  g_autoptr(CloudTestResponse) entities = NULL;
  g_autofree char *token = NULL;
  g_autofree char *log = NULL;
  JsonObject *object;

  g_assert_cmpuint (health->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (cloud_test_object (health), "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (cloud_test_object (health), "api"), ==, 1);

  token = cloud_test_login (server, "ada");
  g_assert_true (g_str_has_prefix (token, "fy1_"));

  me = cloud_test_request (server, "GET", "/api/v1/sites/demo/me", token, NULL, NULL);
  g_assert_cmpuint (me->status, ==, 200);
  object = cloud_test_object (me);
  g_assert_cmpstr (json_object_get_string_member (object, "user"), ==, "ada");
  g_assert_cmpstr (json_object_get_string_member (object, "display_name"), ==, "Ada Lovelace");
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "admin");
  g_assert_true (json_object_get_boolean_member (object, "can_sync"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (object, "companies"), 0),
                     "code"), ==, "01");

  /* The login answer describes the user exactly as GET /me does. */
  {
    g_autofree char *body = g_strdup_printf ("{\"user\": \"ada\", \"password\": \"%s\"}",
                                             CLOUD_TEST_PASSWORD);
    g_autoptr(CloudTestResponse) login = cloud_test_request (server, "POST", "/api/v1/sites/demo/sessions",
                                                             NULL, NULL, body);
    JsonNode *user = json_object_get_member (cloud_test_object (login), "user");

    g_assert_cmpuint (login->status, ==, 201);
    g_assert_true (json_node_equal (user, me->json));
  }

  companies = cloud_test_request (server, "GET", "/api/v1/sites/demo/companies", token, NULL, NULL);
  g_assert_cmpuint (companies->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cloud_test_object (companies),
                                                                         "companies")), ==, 1);

  entities = cloud_test_request (server, "GET", "/api/v1/sites/demo/entities", token, NULL, NULL);
  g_assert_cmpuint (entities->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cloud_test_object (entities),
                                                                         "entities")), ==, 30);

  wrong = cloud_test_request (server, "POST", "/api/v1/sites/demo/sessions", NULL, NULL,
                              "{\"user\": \"ada\", \"password\": \"wrong password\"}");
  cloud_test_assert_problem (wrong, 401, "invalid-credentials");

  unknown_site = cloud_test_request (server, "POST", "/api/v1/sites/nowhere/sessions", NULL, NULL,
                                     "{\"user\": \"ada\", \"password\": \"" CLOUD_TEST_PASSWORD "\"}");
  cloud_test_assert_problem (unknown_site, 404, "unknown-site");

  /* The log has one line per request and never a secret. */
  cloud_test_server_terminate (server);
  log = cloud_test_server_read_log (server);
  g_assert_nonnull (strstr (log, "POST /api/v1/sites/demo/sessions 201"));
  g_assert_nonnull (strstr (log, "GET /api/v1/sites/demo/me 200"));
  g_assert_nonnull (strstr (log, " ms\n"));
  g_assert_null (strstr (log, token));
  g_assert_null (strstr (log, CLOUD_TEST_PASSWORD));
  g_assert_null (strstr (log, "wrong password"));
  g_assert_nonnull (strstr (log, "stopped"));
  cloud_test_server_stop (server);
}

static void
test_tokens_and_permissions (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autofree char *ada = cloud_test_login (server, "ada");
  g_autofree char *bob = cloud_test_login (server, "bob");
  g_autofree char *batch = batch_of (type_record ("CM", "Commercial"), NULL);
  g_autoptr(CloudTestResponse) none = cloud_test_request (server, "GET", "/api/v1/sites/demo/me", NULL, NULL, NULL);
  g_autoptr(CloudTestResponse) forged = cloud_test_request (server, "GET", "/api/v1/sites/demo/me", "fy1_forged", NULL, NULL);
  g_autoptr(CloudTestResponse) bob_me = cloud_test_request (server, "GET", "/api/v1/sites/demo/me", bob, NULL, NULL);
  g_autoptr(CloudTestResponse) bob_push = push (server, bob, TYPES, "bob-1", batch);
  g_autoptr(CloudTestResponse) bob_feed = cloud_test_request (server, "GET", "/api/v1/sites/demo/companies/01/exports", bob, NULL, NULL);
  g_autoptr(CloudTestResponse) logout = NULL;
  g_autoptr(CloudTestResponse) after_logout = NULL;
  JsonObject *problem;

  problem = cloud_test_assert_problem (none, 401, "unauthorized");
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), "Log in"));
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (none->headers, "WWW-Authenticate"), "Bearer"));
  cloud_test_assert_problem (forged, 401, "unauthorized");

  /* Without Can Sync: who you are, yes; syncing, no, and why. */
  g_assert_cmpuint (bob_me->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (cloud_test_object (bob_me), "can_sync"));
  problem = cloud_test_assert_problem (bob_push, 403, "permission-denied");
  g_assert_cmpstr (json_object_get_string_member (problem, "permission"), ==, "can_sync");
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), "Can Sync"));
  g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), "bob"));
  cloud_test_assert_problem (bob_feed, 403, "permission-denied");

  /* Granted by the administrator: the same token now syncs. */
  g_assert_cmpint (CLOUD_ADMIN (NULL, NULL, "user", "--db", server->db, "--site", "demo",
                                "--can-sync", "set", "bob"), ==, 0);
  {
    g_autoptr(CloudTestResponse) granted = push (server, bob, TYPES, "bob-2", batch);
    g_assert_cmpuint (granted->status, ==, 200);
  }

  logout = cloud_test_request (server, "DELETE", "/api/v1/sites/demo/sessions/current", ada, NULL, NULL);
  g_assert_cmpuint (logout->status, ==, 204);
  after_logout = cloud_test_request (server, "GET", "/api/v1/sites/demo/me", ada, NULL, NULL);
  cloud_test_assert_problem (after_logout, 401, "unauthorized");

  cloud_test_server_stop (server);
}

static void
test_login_throttle (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  const char *wrong = "{\"user\": \"bob\", \"password\": \"not the password\"}";

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(CloudTestResponse) response =
        cloud_test_request (server, "POST", "/api/v1/sites/demo/sessions", NULL, NULL, wrong);
      cloud_test_assert_problem (response, 401, "invalid-credentials");
    }
  {
    /* Even the right password waits now; another user does not. */
    g_autoptr(CloudTestResponse) locked =
      cloud_test_request (server, "POST", "/api/v1/sites/demo/sessions", NULL, NULL,
                          "{\"user\": \"bob\", \"password\": \"" CLOUD_TEST_PASSWORD "\"}");
    g_autofree char *ada = NULL;

    cloud_test_assert_problem (locked, 429, "too-many-requests");
    g_assert_cmpint (atoi (soup_message_headers_get_one (locked->headers, "Retry-After")), >, 800);
    ada = cloud_test_login (server, "ada");
    g_assert_nonnull (ada);
  }
  cloud_test_server_stop (server);
}

static void
test_result_kinds (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autofree char *token = cloud_test_login (server, "ada");
  g_autofree char *first = batch_of (type_record ("CM", "Commercial"), type_record ("RS", "Residential"), NULL);
  g_autofree char *second = batch_of (type_record ("CM", "Commercial"), type_record ("RS", "Residential homes"),
                                      "{\"key\": [\"GV\"], \"op\": \"delete\"}", NULL);
  g_autofree char *third = batch_of ("{\"key\": [\"CM\"], \"op\": \"delete\"}", NULL);
  g_autofree char *customer = g_strdup_printf (
      "{\"records\": [{\"key\": [\"C-100\"], \"hash\": \"%s\", \"fields\": {\"customer\": \"C-100\", "
      "\"name\": \"Acme\", \"customer_type\": \"CM\", \"is_active\": true}}, "
      "{\"key\": [\"C-101\"], \"hash\": \"%s\", \"fields\": {\"customer\": \"C-101\", "
      "\"name\": \"Birch\", \"customer_type\": \"RS\", \"is_active\": true}}]}",
      g_compute_checksum_for_string (G_CHECKSUM_SHA256, "acme", -1),
      g_compute_checksum_for_string (G_CHECKSUM_SHA256, "birch", -1));
  g_autoptr(CloudTestResponse) r1 = push (server, token, TYPES, "run1-b1", first);
  g_autoptr(CloudTestResponse) r2 = push (server, token, TYPES, "run2-b1", second);
  g_autoptr(CloudTestResponse) r3 = push (server, token, TYPES, "run3-b1", third);
  g_autoptr(CloudTestResponse) r4 = push (server, token, CUSTOMERS, "run3-b2", customer);
  JsonObject *summary, *rejected;

  g_assert_cmpuint (r1->status, ==, 200);
  assert_result (r1, 0, "created", 1);
  assert_result (r1, 1, "created", 1);
  summary = json_object_get_object_member (cloud_test_object (r1), "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "created"), ==, 2);

  g_assert_cmpuint (r2->status, ==, 200);
  assert_result (r2, 0, "unchanged", 1);
  assert_result (r2, 1, "updated", 2);
  assert_result (r2, 2, "unchanged", 0); /* deleting what was never there */

  g_assert_cmpuint (r3->status, ==, 200);
  assert_result (r3, 0, "deleted", 2);

  /* C-100 refers to the deleted type CM: rejected, naming it and the fix;
   * C-101 does not depend on it and goes through. */
  g_assert_cmpuint (r4->status, ==, 200);
  rejected = result_at (r4, 0);
  g_assert_cmpstr (json_object_get_string_member (rejected, "result"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (rejected, "code"), ==, "missing-parent");
  g_assert_cmpstr (json_object_get_string_member (rejected, "field"), ==, "customer_type");
  g_assert_nonnull (strstr (json_object_get_string_member (rejected, "message"), "CM"));
  g_assert_nonnull (strstr (json_object_get_string_member (rejected, "message"), "was deleted"));
  assert_result (r4, 1, "created", 1);

  {
    /* The parent comes back: the same customer now goes through. */
    g_autofree char *again = batch_of (type_record ("CM", "Commercial"), NULL);
    g_autoptr(CloudTestResponse) r5 = push (server, token, TYPES, "run4-b1", again);
    g_autoptr(CloudTestResponse) r6 = push (server, token, CUSTOMERS, "run4-b2", customer);

    assert_result (r5, 0, "created", 3);
    assert_result (r6, 0, "created", 1);
    assert_result (r6, 1, "unchanged", 1);
  }
  cloud_test_server_stop (server);
}

static void
test_idempotent_replay (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autofree char *token = cloud_test_login (server, "ada");
  g_autofree char *body = batch_of (type_record ("CM", "Commercial"), NULL);
  g_autofree char *other = batch_of (type_record ("CM", "Commercial, changed"), NULL);
  g_autoptr(CloudTestResponse) first = push (server, token, TYPES, "k-1", body);
  g_autoptr(CloudTestResponse) replay = push (server, token, TYPES, "k-1", body);
  g_autoptr(CloudTestResponse) reused = push (server, token, TYPES, "k-1", other);
  g_autoptr(CloudTestResponse) list = cloud_test_request (server, "GET", TYPES "/records", token, NULL, NULL);
  JsonObject *record;

  g_assert_cmpuint (first->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotent-Replayed"));
  g_assert_cmpuint (replay->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_bytes_equal (first->body, replay->body));
  assert_result (replay, 0, "created", 1); /* the answer it missed, not "unchanged" */

  cloud_test_assert_problem (reused, 422, "idempotency-key-reused");

  /* Neither the replay nor the refused reuse changed the record. */
  record = json_array_get_object_element (json_object_get_array_member (cloud_test_object (list), "records"), 0);
  g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record, "fields"),
                                                  "description"), ==, "Commercial");
  cloud_test_server_stop (server);
}

static char *
expected_digest (GPtrArray *keys,
                 GPtrArray *hashes)
{
  FerrySha256 digest;
  char hex[FERRY_SHA256_HEX_SIZE];

  ferry_sha256_init (&digest);
  for (guint i = 0; i < keys->len; i++)
    ferry_record_digest_update (&digest, keys->pdata[i], hashes->pdata[i]);
  ferry_sha256_finish_hex (&digest, hex);
  return g_strdup (hex);
}

static void
test_read_back_and_digest (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autofree char *token = cloud_test_login (server, "ada");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) body = g_string_new ("{\"records\": [");
  g_autofree char *cursor = NULL;
  g_autofree char *digest = NULL;
  guint seen = 0, pages = 0;

  /* Codes chosen so that key-text order is not insertion order. */
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *code = g_strdup_printf ("T%02u", (i * 7) % 25);
      g_autofree char *description = g_strdup_printf ("Type %u", i);
      const char *key[] = { code, NULL };

      g_string_append_printf (body, "%s%s", i ? ", " : "", type_record (code, description));
      g_ptr_array_add (keys, ferry_record_key_to_text (key));
      g_ptr_array_add (hashes, g_compute_checksum_for_string (G_CHECKSUM_SHA256, description, -1));
    }
  g_string_append (body, "]}");
  {
    g_autoptr(CloudTestResponse) pushed = push (server, token, TYPES, "digest-1", body->str);
    g_assert_cmpuint (pushed->status, ==, 200);
  }

  /* Pages of 10 give every record once, in key-text order. */
  do
    {
      g_autofree char *path = g_strdup_printf (TYPES "/records?limit=10&fields=false%s%s",
                                               cursor ? "&after=" : "", cursor ? cursor : "");
      g_autoptr(CloudTestResponse) page = cloud_test_request (server, "GET", path, token, NULL, NULL);
      JsonArray *items = json_object_get_array_member (cloud_test_object (page), "records");
      JsonNode *next = json_object_get_member (cloud_test_object (page), "next");

      g_assert_cmpuint (page->status, ==, 200);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          g_autofree char *code = g_strdup_printf ("T%02u", seen++);

          g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (item, "key"), 0), ==, code);
          g_assert_false (json_object_has_member (item, "fields"));
        }
      g_clear_pointer (&cursor, g_free);
      if (next != NULL && !JSON_NODE_HOLDS_NULL (next))
        cursor = g_uri_escape_string (json_node_get_string (next), NULL, FALSE);
      pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (seen, ==, 25);
  g_assert_cmpuint (pages, ==, 3);

  /* The digest a client computes over what it sent equals the cloud's. */
  g_ptr_array_sort (keys, compare_strings);
  {
    g_autoptr(GPtrArray) sorted_hashes = g_ptr_array_new ();
    g_autoptr(CloudTestResponse) summary = cloud_test_request (server, "GET", TYPES "/summary", token, NULL, NULL);
    g_autoptr(CloudTestResponse) company = cloud_test_request (server, "GET",
                                                               "/api/v1/sites/demo/companies/01/summary",
                                                               token, NULL, NULL);

    for (guint i = 0; i < 25; i++)
      {
        /* key T%02u n came from description "Type i" with i*7 % 25 == n */
        for (guint j = 0; j < 25; j++)
          {
            g_autofree char *code = g_strdup_printf ("[\"T%02u\"]", (j * 7) % 25);
            if (g_strcmp0 (code, keys->pdata[i]) == 0)
              g_ptr_array_add (sorted_hashes, hashes->pdata[j]);
          }
      }
    digest = expected_digest (keys, sorted_hashes);
    g_assert_cmpuint (summary->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (cloud_test_object (summary), "count"), ==, 25);
    g_assert_cmpint (json_object_get_int_member (cloud_test_object (summary), "deleted"), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (cloud_test_object (summary), "digest"), ==, digest);
    g_assert_cmpuint (company->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cloud_test_object (company),
                                                                           "entities")), ==, 1);
  }

  {
    /* A deletion changes count and digest. */
    g_autoptr(CloudTestResponse) deleted = push (server, token, TYPES, "digest-2",
                                                 "{\"records\": [{\"key\": [\"T03\"], \"op\": \"delete\"}]}");
    g_autoptr(CloudTestResponse) summary = cloud_test_request (server, "GET", TYPES "/summary", token, NULL, NULL);

    assert_result (deleted, 0, "deleted", 2);
    g_assert_cmpint (json_object_get_int_member (cloud_test_object (summary), "count"), ==, 24);
    g_assert_cmpint (json_object_get_int_member (cloud_test_object (summary), "deleted"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (cloud_test_object (summary), "digest"), !=, digest);
  }
  cloud_test_server_stop (server);
}

static void
test_export_feed (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autofree char *token = cloud_test_login (server, "ada");
  g_autofree char *item_path = g_build_filename (server->dir, "time.json", NULL);
  g_autofree char *listed = NULL;
  const char *item =
    "{\"export_id\": \"time-1\", \"entity\": \"export.time_entry\", \"fields\": {"
    "\"employee\": \"1042\", \"work_date\": \"2026-11-20\", \"job\": \"23-104\", \"cost_code\": \"01-100\", "
    "\"category\": \"L\", \"pay_id\": \"REG\", \"hours\": \"8.00\"}}";
  const char *feed_path = "/api/v1/sites/demo/companies/01/exports";
  const char *ack_path = "/api/v1/sites/demo/companies/01/exports/acknowledgements";

  g_assert_true (g_file_set_contents (item_path, item, -1, NULL));
  g_assert_cmpint (CLOUD_ADMIN (NULL, NULL, "export", "--db", server->db, "--site", "demo",
                                "--company", "01", "add", item_path), ==, 0);
  {
    g_autoptr(CloudTestResponse) feed = cloud_test_request (server, "GET", feed_path, token, NULL, NULL);
    JsonArray *items = json_object_get_array_member (cloud_test_object (feed), "items");
    JsonObject *first;

    g_assert_cmpuint (feed->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    first = json_array_get_object_element (items, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "export_id"), ==, "time-1");
    g_assert_cmpstr (json_object_get_string_member (first, "entity"), ==, "export.time_entry");
    g_assert_cmpint (json_object_get_int_member (first, "version"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "pending");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "fields"),
                                                    "hours"), ==, "8.00");
  }
  {
    /* A failure keeps it in the feed with the message as its error. */
    g_autoptr(CloudTestResponse) ack = cloud_test_request (server, "POST", ack_path, token, NULL,
        "{\"acknowledgements\": [{\"export_id\": \"time-1\", \"version\": 1, \"status\": \"failed\", "
        "\"message\": \"Employee 1042 does not exist in the accounting system.\"}]}");
    g_autoptr(CloudTestResponse) feed = cloud_test_request (server, "GET", feed_path, token, NULL, NULL);
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (cloud_test_object (feed), "items"), 0);

    g_assert_cmpuint (ack->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (json_object_get_array_member (cloud_test_object (ack), "results"), 0),
                       "result"), ==, "recorded");
    g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "failed");
    g_assert_nonnull (strstr (json_object_get_string_member (first, "last_error"), "Employee 1042"));
  }
  {
    g_autoptr(CloudTestResponse) ack = cloud_test_request (server, "POST", ack_path, token, NULL,
        "{\"acknowledgements\": [{\"export_id\": \"time-1\", \"version\": 1, \"status\": \"applied\"}]}");
    g_autoptr(CloudTestResponse) feed = cloud_test_request (server, "GET", feed_path, token, NULL, NULL);

    g_assert_cmpuint (ack->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cloud_test_object (feed), "items")), ==, 0);
  }

  g_assert_cmpint (CLOUD_ADMIN (NULL, &listed, "export", "--db", server->db, "--site", "demo",
                                "--company", "01", "list"), ==, 0);
  g_assert_nonnull (strstr (listed, "applied"));
  cloud_test_server_stop (server);
}

static void
test_request_errors (void)
{
  const char *extra[] = { "--max-body", "4096", "--max-batch", "3", NULL };
  CloudTestServer *server = cloud_test_server_start (extra);
  g_autofree char *token = cloud_test_login (server, "ada");
  g_autofree char *big = NULL;
  g_autofree char *four = batch_of (type_record ("A", "a"), type_record ("B", "b"),
                                    type_record ("C", "c"), type_record ("D", "d"), NULL);
  g_autofree char *one = batch_of (type_record ("A", "a"), NULL);
  GString *padding = g_string_new ("{\"records\": [], \"padding\": \"");

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (padding, 'x');
  g_string_append (padding, "\"}");
  big = g_string_free (padding, FALSE);

  {
    g_autoptr(CloudTestResponse) r = push (server, token, TYPES, "e-1", "{\"records\": [");
    cloud_test_assert_problem (r, 400, "malformed-json");
  }
  {
    g_autoptr(CloudTestResponse) r = push (server, token, TYPES, "e-2", "[1, 2, 3]");
    cloud_test_assert_problem (r, 400, "malformed-json");
  }
  {
    g_autoptr(CloudTestResponse) r = push (server, token, TYPES, NULL, one);
    cloud_test_assert_problem (r, 400, "missing-idempotency-key");
  }
  {
    g_autoptr(CloudTestResponse) r = push (server, token, TYPES, "has space", one);
    cloud_test_assert_problem (r, 400, "missing-idempotency-key");
  }
  {
    g_autoptr(CloudTestResponse) r = push (server, token, TYPES, "e-3", big);
    cloud_test_assert_problem (r, 413, "body-too-large");
  }
  {
    g_autoptr(CloudTestResponse) r = push (server, token, TYPES, "e-4", four);
    cloud_test_assert_problem (r, 413, "batch-too-large");
  }
  {
    g_autoptr(CloudTestResponse) r = push (server, token,
                                           "/api/v1/sites/demo/companies/01/entities/cn.nonsense", "e-5", one);
    cloud_test_assert_problem (r, 404, "unknown-entity");
  }
  {
    g_autoptr(CloudTestResponse) r = push (server, token,
                                           "/api/v1/sites/demo/companies/01/entities/export.pcco", "e-6", one);
    JsonObject *problem = cloud_test_assert_problem (r, 404, "unknown-entity");
    g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"), "export"));
  }
  {
    g_autoptr(CloudTestResponse) r = push (server, token,
                                           "/api/v1/sites/demo/companies/99/entities/ar.customer_type", "e-7", one);
    cloud_test_assert_problem (r, 404, "unknown-company");
  }
  {
    g_autoptr(CloudTestResponse) r = cloud_test_request (server, "GET", TYPES "/batches", token, NULL, NULL);
    cloud_test_assert_problem (r, 405, "method-not-allowed");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Allow"), ==, "POST");
  }
  {
    g_autoptr(CloudTestResponse) r = cloud_test_request (server, "GET", "/api/v1/nothing/here", token, NULL, NULL);
    cloud_test_assert_problem (r, 404, "not-found");
  }
  {
    g_autoptr(CloudTestResponse) r = cloud_test_request (server, "GET", "/index.html", NULL, NULL, NULL);
    cloud_test_assert_problem (r, 404, "not-found");
  }
  {
    g_autoptr(CloudTestResponse) r = cloud_test_request (server, "GET", TYPES "/records?limit=0", token, NULL, NULL);
    cloud_test_assert_problem (r, 400, "invalid-request");
  }
  {
    /* A text body: 415. A chunked body: 411. */
    g_autofree char *url = g_strconcat (server->url, TYPES "/batches", NULL);
    g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
    g_autoptr(SoupMessage) text = soup_message_new ("POST", url);
    g_autoptr(SoupMessage) chunked = soup_message_new ("POST", url);
    g_autoptr(GBytes) bytes = g_bytes_new_static (one, strlen (one));
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
    g_autoptr(GBytes) reply1 = NULL;
    g_autoptr(GBytes) reply2 = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (text), "Authorization", auth);
    soup_message_headers_replace (soup_message_get_request_headers (text), "Idempotency-Key", "e-8");
    soup_message_set_request_body_from_bytes (text, "text/plain", bytes);
    reply1 = soup_session_send_and_read (server->session, text, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (text), ==, 415);

    soup_message_headers_replace (soup_message_get_request_headers (chunked), "Authorization", auth);
    soup_message_headers_replace (soup_message_get_request_headers (chunked), "Idempotency-Key", "e-9");
    soup_message_set_request_body (chunked, "application/json", stream, -1);
    reply2 = soup_session_send_and_read (server->session, chunked, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (chunked), ==, 411);
  }
  {
    /* None of that stored anything, and the server is still up. */
    g_autoptr(CloudTestResponse) summary = cloud_test_request (server, "GET", TYPES "/summary", token, NULL, NULL);
    g_assert_cmpuint (summary->status, ==, 200);
    g_assert_cmpint (json_object_get_int_member (cloud_test_object (summary), "count"), ==, 0);
  }
  cloud_test_server_stop (server);
}

typedef struct
{
  const char *url;
  const char *token;
  guint       client;
  guint       failures;
} PushJob;

/* 20 batches of 50: keys shared by both clients (S…) and own keys (Cn…). */
static gpointer
push_thread (gpointer data)
{
  PushJob *job = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);

  for (guint b = 0; b < 20; b++)
    {
      g_autoptr(GString) body = g_string_new ("{\"records\": [");
      g_autofree char *key = g_strdup_printf ("client%u-batch%u", job->client, b);
      g_autofree char *path = g_strdup_printf ("%s/batches", TYPES);
      g_autoptr(CloudTestResponse) response = NULL;

      for (guint r = 0; r < 50; r++)
        {
          g_autofree char *code = r % 2 ? g_strdup_printf ("S%02u-%02u", b, r)
                                        : g_strdup_printf ("C%u-%02u-%02u", job->client, b, r);
          g_autofree char *record = type_record (code, "same content from both");

          g_string_append_printf (body, "%s%s", r ? ", " : "", record);
        }
      g_string_append (body, "]}");
      response = cloud_test_send (session, job->url, "POST", path, job->token, key, body->str);
      if (response->status != 200)
        job->failures++;
    }
  return NULL;
}

static void
test_concurrent_clients (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autofree char *token = cloud_test_login (server, "ada");
  PushJob jobs[2] = { { server->url, token, 1, 0 }, { server->url, token, 2, 0 } };
  GThread *threads[2];
  g_autoptr(CloudTestResponse) summary = NULL;

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("client", push_thread, &jobs[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (jobs[0].failures + jobs[1].failures, ==, 0);

  /* 2 × 20 × 25 own keys + 20 × 25 shared keys, each stored once. */
  summary = cloud_test_request (server, "GET", TYPES "/summary", token, NULL, NULL);
  g_assert_cmpint (json_object_get_int_member (cloud_test_object (summary), "count"), ==, 1000 + 500);
  cloud_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cloud/api/health-and-login", test_health_and_login);
  g_test_add_func ("/cloud/api/tokens-and-permissions", test_tokens_and_permissions);
  g_test_add_func ("/cloud/api/login-throttle", test_login_throttle);
  g_test_add_func ("/cloud/api/result-kinds", test_result_kinds);
  g_test_add_func ("/cloud/api/idempotent-replay", test_idempotent_replay);
  g_test_add_func ("/cloud/api/read-back-and-digest", test_read_back_and_digest);
  g_test_add_func ("/cloud/api/export-feed", test_export_feed);
  g_test_add_func ("/cloud/api/request-errors", test_request_errors);
  g_test_add_func ("/cloud/api/concurrent-clients", test_concurrent_clients);

  return g_test_run ();
}
