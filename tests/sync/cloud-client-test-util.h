/* cloud-client-test-util.h: helpers for tests of FerryCloudClient
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clients of a ferry-cloud started by cloud-test-server.h, customer type
 * batches (cloud-test-batches.h), a ferry-cloud serving HTTPS with a fresh
 * self-signed certificate, and a fake server for answers ferry-cloud never
 * gives.
 */
#pragma once

#include <string.h>

#include "cloud-test-batches.h"
#include "cloud-test-server.h"
#include "ferry-cloud-client.h"
#include "ferry-record-key.h"

/* The entity of cloud-test-batches.h's type_record (), whose TYPES is its
 * path in the HTTP API. */
#define TYPE_ENTITY "ar.customer_type"

static inline FerryCloudClient *
client_for (CloudTestServer *server,
            const char      *company)
{
  g_autoptr(GError) error = NULL;
  FerryCloudClient *client = ferry_cloud_client_new (server->url, "demo", company, &error);

  g_assert_no_error (error);
  g_assert_nonnull (client);
  return client;
}

static inline FerryCloudClient *
logged_in_client (CloudTestServer *server,
                  const char      *user)
{
  g_autoptr(FerryCloudClient) client = client_for (server, "01");
  g_autoptr(FerryCloudUser) me = NULL;
  g_autoptr(GError) error = NULL;

  me = ferry_cloud_client_login (client, user, CLOUD_TEST_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me->user, ==, user);
  g_assert_true (ferry_cloud_client_is_logged_in (client));
  return g_steal_pointer (&client);
}

/* @text (taken) as bytes: a batch_of () for ferry_cloud_client_push_batch (). */
static inline GBytes *
bytes_of (char *text)
{
  return g_bytes_new_take (text, strlen (text));
}

static inline FerryCloudBatchResult *
push_ok (FerryCloudClient *client,
         const char       *key,
         GBytes           *body)
{
  g_autoptr(GError) error = NULL;
  FerryCloudBatchResult *result = ferry_cloud_client_push_batch (client, TYPE_ENTITY, key, body, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static inline const FerryCloudRecordResult *
record_result_at (FerryCloudBatchResult *batch,
                  guint                  i)
{
  g_assert_cmpuint (i, <, batch->results->len);
  return &g_array_index (batch->results, FerryCloudRecordResult, i);
}

/* Pushes @n customer types T00… and returns the expected digest. */
static inline char *
push_types (FerryCloudClient *client,
            guint             n)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  FerrySha256 digest;
  char hex[FERRY_SHA256_HEX_SIZE];
  GString *body = g_string_new ("{\"records\": [");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FerryCloudBatchResult) result = NULL;

  ferry_sha256_init (&digest);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *code = g_strdup_printf ("T%02u", i);
      g_autofree char *description = g_strdup_printf ("Type %u", i);
      g_autofree char *record = type_record (code, description);
      g_autofree char *key_text = g_strdup_printf ("[\"%s\"]", code);
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, description, -1);

      g_string_append_printf (body, "%s%s", i ? ", " : "", record);
      ferry_record_digest_update (&digest, key_text, hash);
    }
  g_string_append (body, "]}");
  bytes = g_string_free_to_bytes (body);
  result = push_ok (client, "types-1", bytes);
  g_assert_cmpuint (result->counts[FERRY_CLOUD_RESULT_CREATED], ==, n);
  ferry_sha256_finish_hex (&digest, hex);
  return g_strdup (hex);
}

/* Enqueues export item time-1 with the admin command. */
static inline void
enqueue_export (CloudTestServer *server)
{
  g_autofree char *path = g_build_filename (server->dir, "time.json", NULL);
  const char *item =
    "{\"export_id\": \"time-1\", \"entity\": \"export.time_entry\", \"fields\": {"
    "\"employee\": \"1042\", \"work_date\": \"2026-11-20\", \"job\": \"23-104\", \"cost_code\": \"01-100\", "
    "\"category\": \"L\", \"pay_id\": \"REG\", \"hours\": \"8.00\"}}";

  g_assert_true (g_file_set_contents (path, item, -1, NULL));
  g_assert_cmpint (CLOUD_ADMIN (NULL, NULL, "export", "--db", server->db, "--site", "demo",
                                "--company", "01", "add", path), ==, 0);
}

static inline CloudTestServer *
start_tls_server (char **out_cert)
{
  CloudTestServer *server = g_new0 (CloudTestServer, 1);
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  cloud_test_server_prepare (server);
  *out_cert = g_build_filename (server->dir, "cert.pem", NULL);
  key = g_build_filename (server->dir, "key.pem", NULL);
  {
    /* For 127.0.0.1 only, so that "localhost" is the wrong name. */
    const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                           "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                           "-keyout", key, "-out", *out_cert, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                  | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    const char *extra[] = { "--tls-cert", *out_cert, "--tls-key", key, NULL };

    cloud_test_server_launch (server, extra);
  }
  g_assert_true (g_str_has_prefix (server->url, "https://127.0.0.1:"));
  return server;
}


typedef struct
{
  GMainContext *context; /* owned */
  GMainLoop    *loop;    /* owned */
  GThread      *thread;
  char         *url;     /* owned */
  SoupServerCallback handler;
  GMutex        lock;
  GCond         ready;
} FakeServer;


static inline gpointer
fake_server_thread (gpointer data)
{
  FakeServer *fake = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (fake->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, fake->handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);

  g_mutex_lock (&fake->lock);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&fake->ready);
  g_mutex_unlock (&fake->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (fake->loop);
  soup_server_disconnect (server);
  g_clear_object (&server);
  /* Let closed connections finish. */
  while (g_main_context_iteration (fake->context, FALSE))
    ;
  g_main_context_pop_thread_default (fake->context);
  return NULL;
}


/* Starts a SoupServer on 127.0.0.1 answering every request with @handler,
 * on a thread of its own: the client under test blocks the calling one. */
static inline FakeServer *
fake_server_start (SoupServerCallback handler)
{
  FakeServer *fake = g_new0 (FakeServer, 1);

  fake->handler = handler;
  fake->context = g_main_context_new ();
  fake->loop = g_main_loop_new (fake->context, FALSE);
  g_mutex_init (&fake->lock);
  g_cond_init (&fake->ready);
  g_mutex_lock (&fake->lock);
  fake->thread = g_thread_new ("fake-server", fake_server_thread, fake);
  while (fake->url == NULL)
    g_cond_wait (&fake->ready, &fake->lock);
  g_mutex_unlock (&fake->lock);
  return fake;
}

static inline void
fake_server_stop (FakeServer *fake)
{
  g_main_loop_quit (fake->loop);
  g_thread_join (fake->thread);
  g_main_loop_unref (fake->loop);
  g_main_context_unref (fake->context);
  g_free (fake->url);
  g_mutex_clear (&fake->lock);
  g_cond_clear (&fake->ready);
  g_free (fake);
}
