/* test-cloud-client.c: FerryCloudClient against a real ferry-cloud (the
 * answers it never gives: test-cloud-client-answers.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cloud-client-test-util.h"
#include "ferry-record-key.h"

/* ---- Pure functions ------------------------------------------------------ */

static void
test_retry_delay (void)
{
  for (guint attempt = 0; attempt < FERRY_CLOUD_RETRY_MAX_ATTEMPTS; attempt++)
    {
      gint64 full = MIN ((G_USEC_PER_SEC / 2) << attempt, 30 * G_USEC_PER_SEC);
      gint64 low = G_MAXINT64, high = 0;

      for (guint i = 0; i < 200; i++)
        {
          gint64 delay = ferry_cloud_retry_delay (attempt, 0);

          g_assert_cmpint (delay, >=, full / 2);
          g_assert_cmpint (delay, <=, full);
          low = MIN (low, delay);
          high = MAX (high, delay);
        }
      /* Jitter: two hundred draws are not all the same. */
      g_assert_cmpint (high - low, >, full / 10);
    }
  g_assert_cmpint (ferry_cloud_retry_delay (20, 0), <=, 30 * G_USEC_PER_SEC);

  /* Retry-After wins when it is longer, never when shorter. */
  g_assert_cmpint (ferry_cloud_retry_delay (0, 7), ==, 7 * G_USEC_PER_SEC);
  g_assert_cmpint (ferry_cloud_retry_delay (7, 1), >=, 15 * G_USEC_PER_SEC);
  g_assert_cmpint (ferry_cloud_retry_delay (0, FERRY_CLOUD_RETRY_MAX_WAIT_S), ==,
                   FERRY_CLOUD_RETRY_MAX_WAIT_S * G_USEC_PER_SEC);

  /* Bounded: give up after the last attempt, or when asked to wait too long. */
  g_assert_cmpint (ferry_cloud_retry_delay (FERRY_CLOUD_RETRY_MAX_ATTEMPTS, 0), ==, -1);
  g_assert_cmpint (ferry_cloud_retry_delay (0, FERRY_CLOUD_RETRY_MAX_WAIT_S + 1), ==, -1);
  g_assert_cmpint (ferry_cloud_retry_delay (G_MAXUINT, G_MAXUINT), ==, -1);
}

static void
assert_url_refused (const char *server_url,
                    const char *site,
                    const char *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudClient) client = ferry_cloud_client_new (server_url, site, "01", &error);

  g_test_message ("%s %s", server_url, site);
  g_assert_null (client);
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_URL,
                                says, NULL);
}

static void
assert_api_url (const char *site_url,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudClient) client = ferry_cloud_client_new_for_site_url (site_url, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ferry_cloud_client_get_api_url (client), ==, expected);
}

static void
test_urls (void)
{
  assert_url_refused ("http://cloud.example.com", "demo", "https://cloud.example.com");
  assert_url_refused ("http://10.0.0.5:8080", "demo", "plain http://");
  assert_url_refused ("http://128.0.0.1", "demo", "plain http://");
  assert_url_refused ("ftp://cloud.example.com", "demo", "https://");
  assert_url_refused ("https://ada:secret@cloud.example.com", "demo", "password");
  assert_url_refused ("https://cloud.example.com/?x=1", "demo", "?");
  assert_url_refused ("cloud.example.com", "demo", "cloud.example.com");
  assert_url_refused ("https://cloud.example.com", "", "not a site name");
  assert_url_refused ("https://cloud.example.com", "de/mo", "de/mo");

  /* Plain http:// is fine on loopback; https:// anywhere. */
  assert_api_url ("http://127.0.0.1:8765/demo", "http://127.0.0.1:8765/api/v1/sites/demo");
  assert_api_url ("http://127.3.4.5/demo/", "http://127.3.4.5/api/v1/sites/demo");
  assert_api_url ("http://[::1]:99/demo", "http://[::1]:99/api/v1/sites/demo");
  assert_api_url ("http://LocalHost:99/demo", "http://LocalHost:99/api/v1/sites/demo");
  assert_api_url ("https://cloud.example.com/demo", "https://cloud.example.com/api/v1/sites/demo");
  assert_api_url ("https://example.com:8443/ferry/acme", "https://example.com:8443/ferry/api/v1/sites/acme");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FerryCloudClient) client = ferry_cloud_client_new_for_site_url ("https://cloud.example.com/",
                                                                              "01", &error);

    g_assert_null (client);
    ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_URL,
                                  "site name", NULL);
  }
}

/* ---- Against ferry-cloud ------------------------------------------------ */

static void
test_login (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autoptr(FerryCloudClient) ada = client_for (server, "01");
  g_autoptr(FerryCloudClient) bob = logged_in_client (server, "bob");
  g_autoptr(FerryCloudUser) me = NULL;
  g_autoptr(FerryCloudUser) bob_me = NULL;
  g_autoptr(GError) error = NULL;
  const FerryCloudCompany *company;

  /* Not logged in yet: no request, a message that says what to do. */
  g_assert_null (ferry_cloud_client_get_me (ada, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH,
                                "Log in", NULL);
  g_clear_error (&error);

  g_assert_null (ferry_cloud_client_login (ada, "ada", "wrong password", NULL, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH,
                                "log in to site demo as ada", "HTTP 401", "password is wrong",
                                "Log in again", NULL);
  g_assert_null (strstr (error->message, "wrong password"));
  g_assert_cmpuint (ferry_cloud_client_error_get_status (error), ==, 401);
  g_assert_cmpstr (ferry_cloud_client_error_get_problem (error), ==, "invalid-credentials");
  g_assert_false (ferry_cloud_client_is_logged_in (ada));
  g_clear_error (&error);

  g_clear_pointer (&me, ferry_cloud_user_free);
  me = ferry_cloud_client_login (ada, "ada", CLOUD_TEST_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&me, ferry_cloud_user_free);
  me = ferry_cloud_client_get_me (ada, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me->site, ==, "demo");
  g_assert_cmpstr (me->user, ==, "ada");
  g_assert_cmpstr (me->display_name, ==, "Ada Lovelace");
  g_assert_cmpstr (me->role, ==, "admin");
  g_assert_true (me->can_sync);
  g_assert_cmpuint (me->companies->len, ==, 1);
  company = g_ptr_array_index (me->companies, 0);
  g_assert_cmpstr (company->code, ==, "01");
  g_assert_cmpstr (company->name, ==, "Demo Construction");

  bob_me = ferry_cloud_client_get_me (bob, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (bob_me->can_sync);
  g_assert_cmpstr (bob_me->role, ==, "member");
  {
    g_autoptr(FerryCloudUser) copy = ferry_cloud_user_copy (bob_me);

    g_assert_cmpstr (copy->display_name, ==, bob_me->display_name);
    g_assert_cmpuint (copy->companies->len, ==, 1);
  }

  /* Logging out revokes the token; the client then knows it is logged out. */
  g_assert_true (ferry_cloud_client_logout (ada, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ferry_cloud_client_is_logged_in (ada));
  g_assert_null (ferry_cloud_client_get_me (ada, NULL, &error));
  g_assert_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH);
  g_assert_true (ferry_cloud_client_logout (ada, NULL, NULL));
  cloud_test_server_stop (server);
}

static void
test_not_found (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudClient) nowhere = ferry_cloud_client_new (server->url, "nowhere", "01", &error);
  g_autoptr(FerryCloudClient) ada = NULL;
  g_autoptr(FerryCloudClient) other = NULL;

  g_assert_no_error (error);
  g_assert_null (ferry_cloud_client_login (nowhere, "ada", CLOUD_TEST_PASSWORD, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND,
                                "Unknown site", "HTTP 404", NULL);
  g_clear_error (&error);

  ada = logged_in_client (server, "ada");
  g_assert_null (ferry_cloud_client_get_summary (ada, "cn.nonsense", NULL, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND,
                                "cn.nonsense", NULL);
  g_clear_error (&error);
  /* Still logged in: only AUTH forgets the token. */
  g_assert_true (ferry_cloud_client_is_logged_in (ada));

  other = client_for (server, "99");
  {
    g_autoptr(FerryCloudUser) me = ferry_cloud_client_login (other, "ada", CLOUD_TEST_PASSWORD, NULL, NULL);

    g_assert_nonnull (me);
  }
  g_assert_null (ferry_cloud_client_get_summary (other, TYPE_ENTITY, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND,
                                "99", NULL);
  cloud_test_server_stop (server);
}

static void
test_push (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autoptr(FerryCloudClient) ada = logged_in_client (server, "ada");
  g_autofree char *cm = type_record ("CM", "Commercial");
  g_autofree char *gv = type_record ("GV", "Government");
  g_autoptr(GBytes) first = bytes_of (batch_of (cm, NULL));
  g_autoptr(GBytes) second = bytes_of (batch_of (
    gv, cm, "{\"key\": [\"XX\"], \"op\": \"delete\"}",
    "{\"key\": [\"BAD\"], \"hash\": \"" "0123456789abcdef0123456789abcdef"
    "0123456789abcdef0123456789abcdef\", \"fields\": {\"customer_type\": "
    "\"BAD\", \"description\": \"x\", \"colour\": \"red\"}}",
    "{\"key\": 42}", NULL));
  g_autoptr(FerryCloudBatchResult) r1 = push_ok (ada, "client-test-1", first);
  g_autoptr(FerryCloudBatchResult) r2 = push_ok (ada, "client-test-2", second);
  g_autoptr(FerryCloudBatchResult) replay = NULL;
  const FerryCloudRecordResult *rejected;

  g_assert_cmpstr (r1->entity, ==, TYPE_ENTITY);
  g_assert_cmpint (r1->batch, >, 0);
  g_assert_false (r1->replayed);
  g_assert_cmpuint (r1->results->len, ==, 1);
  g_assert_cmpstr (record_result_at (r1, 0)->key_text, ==, "[\"CM\"]");
  g_assert_cmpint (record_result_at (r1, 0)->result, ==, FERRY_CLOUD_RESULT_CREATED);
  g_assert_cmpint (record_result_at (r1, 0)->version, ==, 1);
  g_assert_cmpuint (r1->counts[FERRY_CLOUD_RESULT_CREATED], ==, 1);

  g_assert_cmpuint (r2->results->len, ==, 5);
  g_assert_cmpint (record_result_at (r2, 0)->result, ==, FERRY_CLOUD_RESULT_CREATED);
  g_assert_cmpint (record_result_at (r2, 1)->result, ==, FERRY_CLOUD_RESULT_UNCHANGED);
  g_assert_cmpint (record_result_at (r2, 1)->version, ==, 1);
  g_assert_cmpint (record_result_at (r2, 2)->result, ==, FERRY_CLOUD_RESULT_UNCHANGED);
  g_assert_cmpint (record_result_at (r2, 2)->version, ==, 0);
  rejected = record_result_at (r2, 3);
  g_assert_cmpint (rejected->result, ==, FERRY_CLOUD_RESULT_REJECTED);
  g_assert_cmpstr (rejected->key_text, ==, "[\"BAD\"]");
  g_assert_cmpstr (rejected->code, ==, "unknown-field");
  g_assert_cmpstr (rejected->field, ==, "colour");
  g_assert_nonnull (strstr (rejected->message, "colour"));
  /* A key that is no key is echoed as sent: no key text. */
  g_assert_cmpint (record_result_at (r2, 4)->result, ==, FERRY_CLOUD_RESULT_REJECTED);
  g_assert_null (record_result_at (r2, 4)->key_text);
  g_assert_cmpstr (record_result_at (r2, 4)->code, ==, "invalid-key");
  g_assert_cmpuint (r2->counts[FERRY_CLOUD_RESULT_CREATED], ==, 1);
  g_assert_cmpuint (r2->counts[FERRY_CLOUD_RESULT_UNCHANGED], ==, 2);
  g_assert_cmpuint (r2->counts[FERRY_CLOUD_RESULT_REJECTED], ==, 2);
  g_assert_cmpstr (ferry_cloud_result_to_string (rejected->result), ==, "rejected");

  /* The same key and body again: the stored answer, marked as a replay. */
  replay = push_ok (ada, "client-test-2", second);
  g_assert_true (replay->replayed);
  g_assert_cmpint (replay->batch, ==, r2->batch);
  g_assert_cmpuint (replay->results->len, ==, 5);
  g_assert_cmpint (record_result_at (replay, 0)->result, ==, FERRY_CLOUD_RESULT_CREATED);
  g_assert_cmpint (record_result_at (replay, 0)->version, ==, 1);

  /* The same key with another body is a bug, not something to retry. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FerryCloudBatchResult) reused = ferry_cloud_client_push_batch (ada, TYPE_ENTITY, "client-test-2",
                                                                             first, NULL, &error);

    g_assert_null (reused);
    ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_IDEMPOTENCY,
                                  "HTTP 422", "bug", NULL);
    g_assert_cmpstr (ferry_cloud_client_error_get_problem (error), ==, "idempotency-key-reused");
    g_assert_cmpuint (ferry_cloud_client_error_get_status (error), ==, 422);
  }
  cloud_test_server_stop (server);
}

static void
test_permission (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autoptr(FerryCloudClient) bob = logged_in_client (server, "bob");
  g_autofree char *cm = type_record ("CM", "Commercial");
  g_autoptr(GBytes) body = bytes_of (batch_of (cm, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudBatchResult) result = ferry_cloud_client_push_batch (bob, TYPE_ENTITY, "bob-1", body,
                                                                           NULL, &error);

  g_assert_null (result);
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_PERMISSION,
                                "HTTP 403", "bob", "Can Sync", "administrator", NULL);
  g_assert_cmpstr (ferry_cloud_client_error_get_problem (error), ==, "permission-denied");
  g_assert_cmpuint (ferry_cloud_client_error_get_retry_after (error), ==, 0);
  /* A permission is not a login problem: bob stays logged in. */
  g_assert_true (ferry_cloud_client_is_logged_in (bob));
  cloud_test_server_stop (server);
}

static void
test_throttled_and_unavailable (void)
{
  {
    const char *extra[] = { "--fault-throttle-rate", "1", "--fault-retry-after", "7", NULL };
    CloudTestServer *server = cloud_test_server_start (extra);
    g_autoptr(FerryCloudClient) client = client_for (server, "01");
    g_autoptr(GError) error = NULL;

    g_assert_null (ferry_cloud_client_login (client, "ada", CLOUD_TEST_PASSWORD, NULL, &error));
    ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_RETRYABLE,
                                  "HTTP 429", NULL);
    g_assert_cmpuint (ferry_cloud_client_error_get_retry_after (error), ==, 7);
    g_assert_cmpint (ferry_cloud_retry_delay (0, ferry_cloud_client_error_get_retry_after (error)), ==,
                     7 * G_USEC_PER_SEC);
    cloud_test_server_stop (server);
  }
  {
    const char *extra[] = { "--fault-error-rate", "1", NULL };
    CloudTestServer *server = cloud_test_server_start (extra);
    g_autoptr(FerryCloudClient) client = client_for (server, "01");
    g_autoptr(GError) error = NULL;

    g_assert_null (ferry_cloud_client_login (client, "ada", CLOUD_TEST_PASSWORD, NULL, &error));
    ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_RETRYABLE,
                                  "HTTP 503", "Service unavailable", NULL);
    g_assert_cmpstr (ferry_cloud_client_error_get_problem (error), ==, "service-unavailable");
    g_assert_cmpuint (ferry_cloud_client_error_get_retry_after (error), ==, 0);
    cloud_test_server_stop (server);
  }
}

static void
test_dropped (void)
{
  const char *extra[] = { "--fault-drop-rate", "1", "--fault-seed", "3", NULL };
  CloudTestServer *server = cloud_test_server_start (extra);
  g_autofree char *cm = type_record ("CM", "Commercial");
  g_autoptr(GBytes) body = bytes_of (batch_of (cm, NULL));
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(FerryCloudClient) ada = logged_in_client (server, "ada");
    g_autoptr(FerryCloudBatchResult) lost = ferry_cloud_client_push_batch (ada, TYPE_ENTITY, "drop-1", body,
                                                                           NULL, &error);

    g_assert_null (lost);
    g_test_message ("dropped: %s", error->message);
    ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_RETRYABLE,
                                  "127.0.0.1", NULL);
    g_assert_cmpuint (ferry_cloud_client_error_get_status (error), ==, 0);
    g_assert_true (ferry_cloud_client_is_logged_in (ada));
  }

  /* The cloud committed; the resend gets the answer that was lost. */
  cloud_test_server_terminate (server);
  cloud_test_server_launch (server, NULL);
  {
    g_autoptr(FerryCloudClient) ada = logged_in_client (server, "ada");
    g_autoptr(FerryCloudBatchResult) resent = push_ok (ada, "drop-1", body);
    g_autoptr(FerryCloudSummary) summary = ferry_cloud_client_get_summary (ada, TYPE_ENTITY, NULL, NULL);

    g_assert_true (resent->replayed);
    g_assert_cmpint (record_result_at (resent, 0)->result, ==, FERRY_CLOUD_RESULT_CREATED);
    g_assert_cmpint (record_result_at (resent, 0)->version, ==, 1);
    g_assert_cmpint (summary->count, ==, 1);
  }
  cloud_test_server_stop (server);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_timeout_and_cancel (void)
{
  const char *extra[] = { "--fault-latency", "5000", NULL };
  CloudTestServer *server = cloud_test_server_start (extra);
  g_autoptr(FerryCloudClient) client = client_for (server, "01");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GThread *canceller;
  gint64 started;

  canceller = g_thread_new ("cancel", cancel_later, cancellable);
  started = g_get_monotonic_time ();
  g_assert_null (ferry_cloud_client_login (client, "ada", CLOUD_TEST_PASSWORD, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - started) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);
  g_thread_join (canceller);
  g_clear_error (&error);

  /* No answer within the timeout: worth retrying. */
  g_clear_object (&client);
  client = client_for (server, "01");
  ferry_cloud_client_set_timeout (client, 1);
  g_assert_cmpuint (ferry_cloud_client_get_timeout (client), ==, 1);
  started = g_get_monotonic_time ();
  g_assert_null (ferry_cloud_client_login (client, "ada", CLOUD_TEST_PASSWORD, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_RETRYABLE,
                                "in time", NULL);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 4 * G_USEC_PER_SEC);
  cloud_test_server_stop (server);
}

static void
test_summary_and_paging (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autoptr(FerryCloudClient) ada = logged_in_client (server, "ada");
  g_autofree char *digest = push_types (ada, 5);
  g_autoptr(FerryCloudSummary) summary = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  guint pages = 0, seen = 0;

  summary = ferry_cloud_client_get_summary (ada, TYPE_ENTITY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->entity, ==, TYPE_ENTITY);
  g_assert_cmpint (summary->count, ==, 5);
  g_assert_cmpint (summary->deleted, ==, 0);
  g_assert_cmpstr (summary->digest, ==, digest);

  all = ferry_cloud_client_get_company_summary (ada, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpstr (((FerryCloudSummary *) g_ptr_array_index (all, 0))->digest, ==, digest);

  /* Pages of two, in key-text order, with fields; NULL after the last. */
  do
    {
      g_autoptr(FerryCloudRecordPage) page = ferry_cloud_client_list_records (ada, TYPE_ENTITY, cursor, 2,
                                                                              FERRY_CLOUD_LIST_FIELDS,
                                                                              NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->records->len; i++, seen++)
        {
          FerryCloudRecord *record = &g_array_index (page->records, FerryCloudRecord, i);
          g_autofree char *key_text = g_strdup_printf ("[\"T%02u\"]", seen);

          g_assert_cmpstr (record->key_text, ==, key_text);
          g_assert_cmpint (record->version, ==, 1);
          g_assert_false (record->deleted);
          g_assert_true (ferry_record_hash_is_valid (record->hash));
          g_assert_true (g_str_has_suffix (record->updated_at, "Z"));
          g_assert_nonnull (record->fields);
          g_assert_true (json_object_has_member (record->fields, "description"));
        }
      g_clear_pointer (&cursor, g_free);
      cursor = g_strdup (page->next);
      pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen, ==, 5);

  /* A deletion: out of the count, in the tombstones, listed on request. */
  {
    g_autoptr(GBytes) body = bytes_of (batch_of ("{\"key\": [\"T03\"], \"op\": \"delete\"}", NULL));
    g_autoptr(FerryCloudBatchResult) deleted = push_ok (ada, "types-2", body);
    g_autoptr(FerryCloudSummary) after = ferry_cloud_client_get_summary (ada, TYPE_ENTITY, NULL, &error);
    g_autoptr(FerryCloudRecordPage) live = ferry_cloud_client_list_records (ada, TYPE_ENTITY, NULL, 100, 0, NULL, &error);
    g_autoptr(FerryCloudRecordPage) every = ferry_cloud_client_list_records (
        ada, TYPE_ENTITY, NULL, 100, FERRY_CLOUD_LIST_INCLUDE_DELETED, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (record_result_at (deleted, 0)->result, ==, FERRY_CLOUD_RESULT_DELETED);
    g_assert_cmpint (record_result_at (deleted, 0)->version, ==, 2);
    g_assert_cmpint (after->count, ==, 4);
    g_assert_cmpint (after->deleted, ==, 1);
    g_assert_cmpstr (after->digest, !=, digest);
    g_assert_cmpuint (live->records->len, ==, 4);
    g_assert_null (g_array_index (live->records, FerryCloudRecord, 0).fields);
    g_assert_null (live->next);
    g_assert_cmpuint (every->records->len, ==, 5);
    g_assert_true (g_array_index (every->records, FerryCloudRecord, 3).deleted);
  }
  cloud_test_server_stop (server);
}

static FerryCloudExportPage *
feed (FerryCloudClient *client)
{
  g_autoptr(GError) error = NULL;
  FerryCloudExportPage *page = ferry_cloud_client_get_export_feed (client, 0, 100, NULL, NULL, &error);

  g_assert_no_error (error);
  return page;
}

static void
acknowledge_one (FerryCloudClient          *client,
                 FerryCloudAcknowledgement *ack,
                 FerryCloudAckResult        expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) outcomes = ferry_cloud_client_acknowledge (client, ack, 1, NULL, NULL, &error);
  FerryCloudAckOutcome *outcome;

  g_assert_no_error (error);
  g_assert_cmpuint (outcomes->len, ==, 1);
  outcome = &g_array_index (outcomes, FerryCloudAckOutcome, 0);
  g_assert_cmpstr (outcome->export_id, ==, ack->export_id);
  g_assert_cmpint (outcome->version, ==, ack->version);
  g_assert_cmpint (outcome->result, ==, expected);
}

static void
test_exports (void)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autoptr(FerryCloudClient) ada = logged_in_client (server, "ada");
  FerryCloudAcknowledgement failed = { "time-1", 1, FALSE, NULL,
                                       "Employee 1042 does not exist in the accounting system." };
  FerryCloudAcknowledgement applied = { "time-1", 1, TRUE, "T-88121", NULL };
  FerryCloudAcknowledgement unknown = { "time-404", 1, TRUE, NULL, NULL };
  FerryCloudExportItem *item;

  enqueue_export (server);
  {
    g_autoptr(FerryCloudExportPage) page = feed (ada);

    g_assert_cmpuint (page->items->len, ==, 1);
    g_assert_cmpint (page->next_after, ==, -1);
    item = &g_array_index (page->items, FerryCloudExportItem, 0);
    g_assert_cmpstr (item->export_id, ==, "time-1");
    g_assert_cmpstr (item->entity, ==, "export.time_entry");
    g_assert_cmpint (item->version, ==, 1);
    g_assert_cmpint (item->sequence, >, 0);
    g_assert_cmpint (item->status, ==, FERRY_CLOUD_EXPORT_PENDING);
    g_assert_null (item->last_error);
    g_assert_cmpstr (json_object_get_string_member (item->fields, "hours"), ==, "8.00");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FerryCloudExportPage) none = ferry_cloud_client_get_export_feed (ada, 0, 10, "export.pcco",
                                                                               NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->items->len, ==, 0);
  }

  acknowledge_one (ada, &failed, FERRY_CLOUD_ACK_RECORDED);
  {
    g_autoptr(FerryCloudExportPage) page = feed (ada);

    item = &g_array_index (page->items, FerryCloudExportItem, 0);
    g_assert_cmpint (item->status, ==, FERRY_CLOUD_EXPORT_FAILED);
    g_assert_nonnull (strstr (item->last_error, "Employee 1042"));
  }
  acknowledge_one (ada, &applied, FERRY_CLOUD_ACK_RECORDED);
  acknowledge_one (ada, &applied, FERRY_CLOUD_ACK_RECORDED); /* idempotent */
  acknowledge_one (ada, &unknown, FERRY_CLOUD_ACK_UNKNOWN);
  {
    g_autoptr(FerryCloudExportPage) page = feed (ada);

    g_assert_cmpuint (page->items->len, ==, 0);
  }
  cloud_test_server_stop (server);
}

/* ---- TLS --------------------------------------------------------------- */

static void
test_tls (void)
{
  g_autofree char *cert = NULL;
  CloudTestServer *server = start_tls_server (&cert);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudUser) me = NULL;

  /* Self-signed and not trusted: refused, with a way out. */
  {
    g_autoptr(FerryCloudClient) client = client_for (server, "01");

    g_assert_null (ferry_cloud_client_login (client, "ada", CLOUD_TEST_PASSWORD, NULL, &error));
    ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_TLS,
                                  "127.0.0.1", "not trusted", "authority", "update-ca-certificates", NULL);
    g_clear_error (&error);
  }
  /* Trusted through the extra authority, and still verified in full. */
  {
    g_autoptr(FerryCloudClient) client = client_for (server, "01");

    g_assert_true (ferry_cloud_client_set_extra_ca_file (client, cert, &error));
    g_assert_no_error (error);
    me = ferry_cloud_client_login (client, "ada", CLOUD_TEST_PASSWORD, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (me->can_sync);
  }
  {
    g_autofree char *port = g_strdup (strrchr (server->url, ':') + 1);
    g_autofree char *url = g_strconcat ("https://localhost:", port, NULL);
    g_autoptr(FerryCloudClient) client = ferry_cloud_client_new (url, "demo", "01", &error);

    g_assert_no_error (error);
    g_assert_true (ferry_cloud_client_set_extra_ca_file (client, cert, &error));
    g_assert_null (ferry_cloud_client_login (client, "ada", CLOUD_TEST_PASSWORD, NULL, &error));
    ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_TLS,
                                  "localhost", "another host name", NULL);
    g_clear_error (&error);
  }
  {
    g_autoptr(FerryCloudClient) client = client_for (server, "01");

    g_assert_false (ferry_cloud_client_set_extra_ca_file (client, "/nonexistent/ca.pem", &error));
    ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_TLS,
                                  "/nonexistent/ca.pem", NULL);
  }
  cloud_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cloud-client/retry-delay", test_retry_delay);
  g_test_add_func ("/cloud-client/urls", test_urls);
  g_test_add_func ("/cloud-client/login", test_login);
  g_test_add_func ("/cloud-client/not-found", test_not_found);
  g_test_add_func ("/cloud-client/push", test_push);
  g_test_add_func ("/cloud-client/permission", test_permission);
  g_test_add_func ("/cloud-client/throttled-and-unavailable", test_throttled_and_unavailable);
  g_test_add_func ("/cloud-client/dropped", test_dropped);
  g_test_add_func ("/cloud-client/timeout-and-cancel", test_timeout_and_cancel);
  g_test_add_func ("/cloud-client/summary-and-paging", test_summary_and_paging);
  g_test_add_func ("/cloud-client/exports", test_exports);
  g_test_add_func ("/cloud-client/tls", test_tls);

  return g_test_run ();
}
