/* cloud-test-server.h: a real ferry-cloud on a random loopback port, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test starts its own `ferry-cloud serve --listen 127.0.0.1:0` on a
 * fresh database made with the admin commands: site "demo", company "01",
 * users "ada" (admin, Can Sync) and "bob" (member, no Can Sync), both with
 * the password CLOUD_TEST_PASSWORD. Requests go through a libsoup client.
 */
#pragma once

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "ferry-test-util.h"

#define CLOUD_TEST_PASSWORD "correct horse battery"

typedef struct
{
  char        *dir;      /* owned, removed at stop */
  char        *db;       /* owned */
  char        *log;      /* owned: the server's stderr */
  char        *url;      /* owned: http://127.0.0.1:PORT */
  GSubprocess *process;  /* owned */
  SoupSession *session;  /* owned */
} CloudTestServer;

typedef struct
{
  guint               status;
  GBytes             *body;     /* owned */
  JsonNode           *json;     /* owned, nullable */
  SoupMessageHeaders *headers;  /* owned */
  GError             *error;    /* owned, nullable: no answer at all */
} CloudTestResponse;

/* Runs `ferry-cloud ARGS…` with @input on stdin; returns its exit status. */
static inline int
cloud_test_admin (const char         *input,
                  char              **out_stdout,
                  const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FERRY_CLOUD"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("ferry-cloud %s: %s", args[0], err);
  if (out_stdout != NULL)
    *out_stdout = g_strconcat (out ? out : "", err ? err : "", NULL);
  return g_subprocess_get_exit_status (process);
}

#define CLOUD_ADMIN(input, out, ...) \
  cloud_test_admin ((input), (out), (const char * const[]) { __VA_ARGS__, NULL })

static inline void
cloud_test_server_prepare (CloudTestServer *server)
{
  g_autoptr(GError) error = NULL;
  const char *db;

  server->dir = g_dir_make_tmp ("ferry-cloud-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->db = g_build_filename (server->dir, "cloud.db", NULL);
  server->log = g_build_filename (server->dir, "server.log", NULL);
  db = server->db;

  g_assert_cmpint (CLOUD_ADMIN (NULL, NULL, "site", "--db", db, "add", "demo"), ==, 0);
  g_assert_cmpint (CLOUD_ADMIN (NULL, NULL, "company", "--db", db, "--site", "demo",
                                "add", "01", "Demo Construction"), ==, 0);
  g_assert_cmpint (CLOUD_ADMIN (CLOUD_TEST_PASSWORD "\n", NULL, "user", "--db", db, "--site", "demo",
                                "--role", "admin", "--can-sync", "--kdf-iterations", "100000",
                                "--display-name", "Ada Lovelace", "add", "ada"), ==, 0);
  g_assert_cmpint (CLOUD_ADMIN (CLOUD_TEST_PASSWORD "\n", NULL, "user", "--db", db, "--site", "demo",
                                "--kdf-iterations", "100000", "add", "bob"), ==, 0);
}

/* In the child before exec: a test that aborts (a failed assertion, a
 * timeout) takes its server with it instead of leaving it running. */
static inline void
cloud_test_server_die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts the server on the prepared database with extra serve options. */
static inline void
cloud_test_server_launch (CloudTestServer    *server,
                          const char * const *extra)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FERRY_CLOUD"));
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, server->db);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1:0");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_stderr_file_path (launcher, server->log);
  g_subprocess_launcher_set_child_setup (launcher, cloud_test_server_die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "ferry-cloud: listening on "))
    {
      g_autofree char *log = NULL;

      g_file_get_contents (server->log, &log, NULL, NULL);
      g_error ("ferry-cloud did not start: %s", log ? log : "(no log)");
    }
  server->url = g_strdup (line + strlen ("ferry-cloud: listening on "));
  server->session = soup_session_new_with_options ("timeout", 30, NULL);
}

static inline CloudTestServer *
cloud_test_server_start (const char * const *extra)
{
  CloudTestServer *server = g_new0 (CloudTestServer, 1);

  cloud_test_server_prepare (server);
  cloud_test_server_launch (server, extra);
  return server;
}

/* SIGTERM, and the server must exit 0 within the test's time. */
static inline void
cloud_test_server_terminate (CloudTestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
  g_clear_object (&server->session);
  g_clear_pointer (&server->url, g_free);
}

static inline char *
cloud_test_server_read_log (CloudTestServer *server)
{
  char *log = NULL;

  g_assert_true (g_file_get_contents (server->log, &log, NULL, NULL));
  return log;
}

static inline void
cloud_test_server_stop (CloudTestServer *server)
{
  cloud_test_server_terminate (server);
  ferry_test_remove_dir (server->dir);
  g_free (server->dir);
  g_free (server->db);
  g_free (server->log);
  g_free (server);
}

static inline void
cloud_test_response_free (CloudTestResponse *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_error (&response->error);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CloudTestResponse, cloud_test_response_free)

/* Sends one request; @path is relative to the server ("/api/v1/…").
 * @token, @idempotency_key and @body may be NULL. */
static inline CloudTestResponse *
cloud_test_send (SoupSession *session,
                 const char  *base_url,
                 const char  *method,
                 const char  *path,
                 const char  *token,
                 const char  *idempotency_key,
                 const char  *body)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  CloudTestResponse *response = g_new0 (CloudTestResponse, 1);
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  response->body = soup_session_send_and_read (session, msg, NULL, &response->error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (response->body != NULL && g_bytes_get_size (response->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len;
      const char *data = g_bytes_get_data (response->body, &len);

      if (json_parser_load_from_data (parser, data, (gssize) len, NULL))
        response->json = json_node_ref (json_parser_get_root (parser));
    }
  return response;
}

static inline CloudTestResponse *
cloud_test_request (CloudTestServer *server,
                    const char      *method,
                    const char      *path,
                    const char      *token,
                    const char      *idempotency_key,
                    const char      *body)
{
  return cloud_test_send (server->session, server->url, method, path, token, idempotency_key, body);
}

static inline JsonObject *
cloud_test_object (CloudTestResponse *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

/* Asserts a problem+json answer with @status and type urn:ferry:problem:@name. */
static inline JsonObject *
cloud_test_assert_problem (CloudTestResponse *response,
                           guint              status,
                           const char        *name)
{
  g_autofree char *type = g_strconcat ("urn:ferry:problem:", name, NULL);
  JsonObject *problem;

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/problem+json");
  problem = cloud_test_object (response);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
  g_assert_cmpuint (strlen (json_object_get_string_member (problem, "detail")), >, 10);
  return problem;
}

static inline char *
cloud_test_login (CloudTestServer *server,
                  const char      *user)
{
  g_autofree char *body = g_strdup_printf ("{\"user\": \"%s\", \"password\": \"%s\"}",
                                           user, CLOUD_TEST_PASSWORD);
  g_autoptr(CloudTestResponse) response =
    cloud_test_request (server, "POST", "/api/v1/sites/demo/sessions", NULL, NULL, body);

  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 201);
  return g_strdup (json_object_get_string_member (cloud_test_object (response), "token"));
}
