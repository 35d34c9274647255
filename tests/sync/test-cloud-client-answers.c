/* test-cloud-client-answers.c: FerryCloudClient against a small fake server
 * for answers ferry-cloud never gives, and a port nobody listens on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cloud-client-test-util.h"

/* /CASE/api/v1/sites/demo/…: each case answers in its own wrong way. */
static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  static const struct
  {
    const char *name;
    guint       status;
    const char *type;
    const char *body;
  } cases[] = {
    { "garbage", 201, "application/json", "{\"token\": \"fy1_" },
    { "text", 200, "text/plain", "hello" },
    { "html500", 500, "text/html", "<html><body>Internal Server Error</body></html>" },
    { "html502", 502, "text/html", "<html><body>Bad Gateway</body></html>" },
    { "array", 201, "application/json", "[1, 2, 3]" },
    { "missing", 201, "application/json", "{\"token\": \"fy1_abc\", \"token_type\": \"Bearer\"}" },
    { "redirect", 301, "text/html", "moved" },
    { "problem", 503, "application/problem+json",
      "{\"type\": \"urn:ferry:problem:service-unavailable\", \"title\": \"Service unavailable\", "
      "\"status\": 503, \"detail\": \"The database is locked; try again.\"}" },
  };
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (!g_str_has_prefix (path + 1, cases[i].name) || path[strlen (cases[i].name) + 1] != '/')
        continue;
      if (cases[i].status == 301)
        soup_message_headers_replace (headers, "Location", "https://elsewhere.example.com/");
      if (cases[i].status == 503)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 10);
          g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

          soup_message_headers_replace (headers, "Retry-After", date);
        }
      soup_server_message_set_status (msg, cases[i].status, NULL);
      soup_server_message_set_response (msg, cases[i].type, SOUP_MEMORY_STATIC, cases[i].body,
                                        strlen (cases[i].body));
      return;
    }
  soup_server_message_set_status (msg, 404, NULL);
}

static void
assert_fake_answer (FakeServer            *fake,
                    const char            *name,
                    FerryCloudClientError  code,
                    guint                  status,
                    const char            *says)
{
  g_autofree char *url = g_strconcat (fake->url, "/", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudClient) client = ferry_cloud_client_new (url, "demo", "01", &error);
  g_autoptr(FerryCloudUser) me = NULL;
  g_autofree char *status_text = g_strdup_printf ("HTTP %u", status);

  g_test_message ("case %s", name);
  g_assert_no_error (error);
  me = ferry_cloud_client_login (client, "ada", "not a secret", NULL, &error);
  g_assert_null (me);
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, code, status_text, says, NULL);
  g_assert_cmpuint (ferry_cloud_client_error_get_status (error), ==, status);
  g_assert_false (ferry_cloud_client_is_logged_in (client));
}

/* A cloud that logs in, then answers the export feed with an item the
 * client cannot read. */
static void
feed_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  static const char login[] =
    "{\"token\": \"fy1_abc\", \"token_type\": \"Bearer\", \"expires_at\": \"2030-01-01T00:00:00Z\","
    " \"user\": {\"site\": \"demo\", \"user\": \"ada\", \"display_name\": \"Ada\","
    " \"role\": \"admin\", \"can_sync\": true, \"companies\": []}}";
  static const char feed[] =
    "{\"items\": [{\"export_id\": \"x\", \"entity\": \"export.pcco\", \"version\": 1,"
    " \"sequence\": 1, \"status\": \"applied\", \"attempts\": 0, \"last_error\": null,"
    " \"created_at\": \"2026-01-01T00:00:00Z\", \"updated_at\": \"2026-01-01T00:00:00Z\","
    " \"fields\": {}}], \"next_after\": null}";
  const char *body = g_str_has_suffix (path, "/sessions") ? login : feed;

  soup_server_message_set_status (msg, g_str_has_suffix (path, "/sessions") ? 201 : 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
}

/* An answer the client cannot read is an error that says so, not a crash. */
static void
test_invalid_feed (void)
{
  FakeServer *fake = fake_server_start (feed_handler);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudClient) client = ferry_cloud_client_new (fake->url, "demo", "01", &error);
  g_autoptr(FerryCloudUser) me = NULL;
  g_autoptr(FerryCloudExportPage) page = NULL;

  g_assert_no_error (error);
  me = ferry_cloud_client_login (client, "ada", "not a secret", NULL, &error);
  g_assert_no_error (error);
  page = ferry_cloud_client_get_export_feed (client, 0, 100, NULL, NULL, &error);
  g_assert_null (page);
  g_test_message ("%s", error->message);
  g_assert_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "status"));
  fake_server_stop (fake);
}

static void
test_invalid_responses (void)
{
  FakeServer *fake = fake_server_start (fake_handler);
  g_autoptr(GError) error = NULL;

  assert_fake_answer (fake, "garbage", FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, 201, "malformed");
  assert_fake_answer (fake, "text", FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, 200, "text/plain");
  assert_fake_answer (fake, "html500", FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, 500,
                      "does not understand");
  assert_fake_answer (fake, "array", FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, 201, "not a JSON object");
  assert_fake_answer (fake, "missing", FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, 201, "“user”");
  assert_fake_answer (fake, "redirect", FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, 301, "site URL");
  /* A proxy's gateway error while the cloud restarts is worth retrying. */
  assert_fake_answer (fake, "html502", FERRY_CLOUD_CLIENT_ERROR_RETRYABLE, 502, "Bad Gateway");
  assert_fake_answer (fake, "problem", FERRY_CLOUD_CLIENT_ERROR_RETRYABLE, 503, "database is locked");
  {
    g_autofree char *url = g_strconcat (fake->url, "/problem", NULL);
    g_autoptr(FerryCloudClient) client = ferry_cloud_client_new (url, "demo", "01", NULL);
    guint retry_after;

    g_assert_null (ferry_cloud_client_login (client, "ada", "x", NULL, &error));
    retry_after = ferry_cloud_client_error_get_retry_after (error);
    g_assert_cmpuint (retry_after, >=, 8);
    g_assert_cmpuint (retry_after, <=, 11);
  }

  fake_server_stop (fake);
}

static void
test_connection_refused (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudClient) client = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago, closed again. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = ferry_cloud_client_new (url, "demo", "01", &error);
  g_assert_no_error (error);
  g_assert_null (ferry_cloud_client_login (client, "ada", "x", NULL, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_RETRYABLE,
                                "127.0.0.1", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cloud-client/invalid-responses", test_invalid_responses);
  g_test_add_func ("/cloud-client/invalid-feed", test_invalid_feed);
  g_test_add_func ("/cloud-client/connection-refused", test_connection_refused);

  return g_test_run ();
}
