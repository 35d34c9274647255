/* test-cloud-serve.c: operating ferry-cloud serve: injected faults, TLS,
 * and a database that is not one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cloud-test-batches.h"

static void
test_faults (void)
{
  g_autofree char *body = batch_of (type_record ("CM", "Commercial"), NULL);

  {
    /* Committed, then dropped: the client sees no answer, the record is there,
     * and a retry with the same key returns the answer it missed. */
    const char *extra[] = { "--fault-drop-rate", "1", "--fault-seed", "3", NULL };
    CloudTestServer *server = cloud_test_server_start (extra);
    g_autofree char *token = cloud_test_login (server, "ada");
    g_autoptr(CloudTestResponse) dropped = push (server, token, TYPES, "drop-1", body);
    g_autoptr(CloudTestResponse) summary = cloud_test_request (server, "GET", TYPES "/summary", token, NULL, NULL);
    g_autofree char *log = NULL;

    g_assert_nonnull (dropped->error);
    g_assert_cmpint (json_object_get_int_member (cloud_test_object (summary), "count"), ==, 1);

    cloud_test_server_terminate (server);
    cloud_test_server_launch (server, NULL);
    {
      g_autofree char *token2 = cloud_test_login (server, "ada");
      g_autoptr(CloudTestResponse) retry = push (server, token2, TYPES, "drop-1", body);

      g_assert_cmpuint (retry->status, ==, 200);
      assert_result (retry, 0, "created", 1);
      g_assert_cmpstr (soup_message_headers_get_one (retry->headers, "Idempotent-Replayed"), ==, "true");
    }
    log = cloud_test_server_read_log (server);
    g_assert_nonnull (strstr (log, "injected"));
    cloud_test_server_stop (server);
  }
  {
    const char *extra[] = { "--fault-throttle-rate", "1", "--fault-retry-after", "7", NULL };
    CloudTestServer *server = cloud_test_server_start (extra);
    g_autoptr(CloudTestResponse) health = cloud_test_request (server, "GET", "/api/v1/health", NULL, NULL, NULL);
    g_autoptr(CloudTestResponse) login = cloud_test_request (server, "POST", "/api/v1/sites/demo/sessions", NULL, NULL,
                                                             "{\"user\": \"ada\", \"password\": \"x\"}");

    g_assert_cmpuint (health->status, ==, 200); /* never faulted */
    cloud_test_assert_problem (login, 429, "too-many-requests");
    g_assert_cmpstr (soup_message_headers_get_one (login->headers, "Retry-After"), ==, "7");
    cloud_test_server_stop (server);
  }
  {
    CloudTestServer *server = g_new0 (CloudTestServer, 1);
    const char *extra[] = { "--fault-latency", "300", NULL };

    /* Faults from the environment; the command line adds latency. */
    g_setenv ("FERRY_CLOUD_FAULTS", "error=1,seed=5", TRUE);
    cloud_test_server_prepare (server);
    cloud_test_server_launch (server, extra);
    g_unsetenv ("FERRY_CLOUD_FAULTS");

    {
      g_autoptr(CloudTestResponse) r = cloud_test_request (server, "POST", "/api/v1/sites/demo/sessions", NULL, NULL,
                                                           "{\"user\": \"ada\", \"password\": \"x\"}");
      cloud_test_assert_problem (r, 503, "service-unavailable");
    }
    cloud_test_server_stop (server);
  }
  {
    const char *extra[] = { "--fault-latency", "300", NULL };
    CloudTestServer *server = cloud_test_server_start (extra);
    gint64 started = g_get_monotonic_time ();
    g_autofree char *token = cloud_test_login (server, "ada");

    g_assert_cmpint (g_get_monotonic_time () - started, >=, 300 * 1000);
    g_assert_nonnull (token);
    cloud_test_server_stop (server);
  }
}

static gboolean
accept_any_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  return TRUE;
}

static void
test_tls (void)
{
  CloudTestServer *server = g_new0 (CloudTestServer, 1);
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) reply = NULL;
  int status;

  cloud_test_server_prepare (server);
  cert = g_build_filename (server->dir, "cert.pem", NULL);
  key = g_build_filename (server->dir, "key.pem", NULL);
  {
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                  | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    const char *extra[] = { "--tls-cert", cert, "--tls-key", key, NULL };
    cloud_test_server_launch (server, extra);
  }
  g_assert_true (g_str_has_prefix (server->url, "https://127.0.0.1:"));

  /* Without accepting the self-signed certificate, the client refuses
   * (asked first: a connection accepted below would be reused). */
  {
    g_autoptr(CloudTestResponse) refused = cloud_test_request (server, "GET", "/api/v1/health", NULL, NULL, NULL);
    g_assert_nonnull (refused->error);
  }

  url = g_strconcat (server->url, "/api/v1/health", NULL);
  msg = soup_message_new ("GET", url);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_any_certificate), NULL);
  reply = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (soup_message_get_tls_peer_certificate (msg));

  cloud_test_server_stop (server);
}

static void
test_bad_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-cloud-bad-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "not-a-db", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (path, "hello, this is not SQLite at all, not even close", -1, NULL));
  g_assert_cmpint (CLOUD_ADMIN (NULL, &out, "site", "--db", path, "list"), ==, 1);
  g_assert_nonnull (strstr (out, "not a ferry-cloud database"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (CLOUD_ADMIN (NULL, &out, "serve", "--db", path, "--listen", "127.0.0.1:0"), ==, 1);
  g_assert_nonnull (strstr (out, "not a ferry-cloud database"));
  g_clear_pointer (&out, g_free);

  g_unsetenv ("FERRY_CLOUD_DB");
  g_assert_cmpint (CLOUD_ADMIN (NULL, &out, "site", "list"), ==, 1);
  g_assert_nonnull (strstr (out, "--db"));
  ferry_test_remove_dir (dir);
}

typedef struct
{
  const char        *url;
  const char        *token;
  const char        *body;
  CloudTestResponse *response;  /* owned, set by the thread */
} KilledPush;

static gpointer
killed_push_thread (gpointer data)
{
  KilledPush *push = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);

  push->response = cloud_test_send (session, push->url, "POST", TYPES "/batches", push->token,
                                    "killed-1", push->body);
  return NULL;
}

/* SIGKILL while a batch of 1000 is being stored: after a restart the
 * batch is there entirely or not at all, and entirely if it was answered;
 * the retry with the same key then stores it once. */
static void
test_killed_mid_batch (void)
{
  g_autoptr(GString) body = g_string_new ("{\"records\": [");

  for (guint r = 0; r < 1000; r++)
    {
      g_autofree char *code = g_strdup_printf ("K%04u", r);
      g_autofree char *record = type_record (code, "killed while stored");

      g_string_append_printf (body, "%s%s", r ? ", " : "", record);
    }
  g_string_append (body, "]}");

  for (guint delay_ms = 0; delay_ms <= 14; delay_ms++)
    {
      CloudTestServer *server = cloud_test_server_start (NULL);
      g_autofree char *token = cloud_test_login (server, "ada");
      KilledPush job = { server->url, token, body->str, NULL };
      GThread *thread = g_thread_new ("push", killed_push_thread, &job);
      gint64 count;
      gboolean answered;

      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (server->process);
      g_thread_join (thread);
      answered = job.response->error == NULL && job.response->status == 200;
      g_clear_pointer (&job.response, cloud_test_response_free);
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
      g_clear_object (&server->session);
      g_clear_pointer (&server->url, g_free);

      cloud_test_server_launch (server, NULL);
      g_free (token);
      token = cloud_test_login (server, "ada");
      {
        g_autoptr(CloudTestResponse) summary = cloud_test_request (server, "GET", TYPES "/summary",
                                                                   token, NULL, NULL);
        g_autoptr(CloudTestResponse) retry = push (server, token, TYPES, "killed-1", body->str);

        count = json_object_get_int_member (cloud_test_object (summary), "count");
        g_test_message ("killed after %u ms: %" G_GINT64_FORMAT " records stored%s", delay_ms,
                        count, answered ? ", answered" : "");
        g_assert_true (count == 0 || count == 1000);
        g_assert_true (!answered || count == 1000);
        g_assert_cmpuint (retry->status, ==, 200);
        assert_result (retry, 999, "created", 1);
        g_assert_cmpstr (soup_message_headers_get_one (retry->headers, "Idempotent-Replayed"), ==,
                         count == 1000 ? "true" : NULL);
      }
      cloud_test_server_stop (server);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cloud/serve/faults", test_faults);
  g_test_add_func ("/cloud/serve/tls", test_tls);
  g_test_add_func ("/cloud/serve/bad-database", test_bad_database);
  g_test_add_func ("/cloud/serve/killed-mid-batch", test_killed_mid_batch);

  return g_test_run ();
}
