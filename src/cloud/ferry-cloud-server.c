/* ferry-cloud-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-server"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferry-cloud-request.h"
#include "ferry-cloud-server.h"
#include "ferry-cloud-writer.h"
#include "ferry-cloud-throttle.h"

typedef enum
{
  AUTH_NONE,
  AUTH_TOKEN,
  AUTH_CAN_SYNC,
} Auth;

typedef struct
{
  const char        *pattern;  /* after /api/v1/, '*' matches one segment */
  const char        *method;
  Auth               auth;
  gboolean           mutating; /* a fault may drop its answer after the commit */
  FerryCloudHandler  handle;
  gboolean           writer;   /* runs on the writer thread (ferry-cloud-writer.h) */
} Route;

static const Route routes[] = {
  { "health", "GET", AUTH_NONE, FALSE, ferry_cloud_handle_health },
  /* Login derives a key from the password (PBKDF2, a fraction of a second):
   * on the writer thread, so the main loop keeps answering meanwhile. */
  { "sites/*/sessions", "POST", AUTH_NONE, FALSE, ferry_cloud_handle_login, TRUE },
  { "sites/*/sessions/current", "DELETE", AUTH_TOKEN, FALSE, ferry_cloud_handle_logout },
  { "sites/*/me", "GET", AUTH_TOKEN, FALSE, ferry_cloud_handle_me },
  { "sites/*/companies", "GET", AUTH_TOKEN, FALSE, ferry_cloud_handle_companies },
  { "sites/*/entities", "GET", AUTH_TOKEN, FALSE, ferry_cloud_handle_entities },
  { "sites/*/companies/*/summary", "GET", AUTH_CAN_SYNC, FALSE, ferry_cloud_handle_company_summary },
  { "sites/*/companies/*/entities/*/batches", "POST", AUTH_CAN_SYNC, TRUE, ferry_cloud_handle_push,
    TRUE },
  { "sites/*/companies/*/entities/*/records", "GET", AUTH_CAN_SYNC, FALSE, ferry_cloud_handle_records },
  { "sites/*/companies/*/entities/*/summary", "GET", AUTH_CAN_SYNC, FALSE, ferry_cloud_handle_entity_summary },
  { "sites/*/companies/*/exports", "GET", AUTH_CAN_SYNC, FALSE, ferry_cloud_handle_exports },
  { "sites/*/companies/*/exports/acknowledgements", "POST", AUTH_CAN_SYNC, TRUE,
    ferry_cloud_handle_acknowledgements },
};

#define API_PREFIX "/api/v1/"
#define LOGIN_FAILURES 5
#define LOGIN_WINDOW (15 * 60)

struct _FerryCloudServer
{
  GObject             parent_instance;

  SoupServer         *soup;       /* owned */
  FerryCloudStore    *store;      /* owned */
  FerryCloudFaults   *faults;     /* owned */
  FerryCloudThrottle *throttle;   /* owned */
  FerryCloudWriter   *writer;     /* owned */
  gboolean            tls;
  gsize               max_body;
  guint               max_batch;
  gint64              token_lifetime;
};

G_DEFINE_FINAL_TYPE (FerryCloudServer, ferry_cloud_server, G_TYPE_OBJECT)

/* ---- Requests ---------------------------------------------------------- */

static const char *
message_path (SoupServerMessage *msg)
{
  return g_uri_get_path (soup_server_message_get_uri (msg));
}

static void
request_free (FerryCloudRequest *request)
{
  g_clear_object (&request->msg);
  g_strfreev (request->segments);
  g_clear_pointer (&request->query, g_hash_table_unref);
  if (request->token != NULL)
    memset (request->token, 0, strlen (request->token));
  g_free (request->token);
  ferry_cloud_principal_free (request->principal);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->response, g_bytes_unref);
  g_clear_pointer (&request->response_headers, soup_message_headers_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudRequest, request_free)

const char *
ferry_cloud_request_segment (FerryCloudRequest *request,
                             guint              index)
{
  if (index >= g_strv_length (request->segments))
    return NULL;
  return request->segments[index];
}

const char *
ferry_cloud_request_query (FerryCloudRequest *request,
                           const char        *name)
{
  return request->query != NULL ? g_hash_table_lookup (request->query, name) : NULL;
}

GBytes *
ferry_cloud_request_get_body (FerryCloudRequest *request)
{
  if (request->body == NULL)
    request->body = soup_message_body_flatten (soup_server_message_get_request_body (request->msg));
  return g_bytes_ref (request->body);
}

JsonNode *
ferry_cloud_request_parse_body (FerryCloudRequest  *request,
                                GError            **error)
{
  g_autoptr(GBytes) body = ferry_cloud_request_get_body (request);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
                   "The body is not valid JSON%s%s.", local_error ? ": " : "",
                   local_error ? local_error->message : "");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

void
ferry_cloud_request_respond_bytes (FerryCloudRequest *request,
                                   guint              status,
                                   GBytes            *body)
{
  if (request->deferred)
    {
      request->status = status;
      g_clear_pointer (&request->response, g_bytes_unref);
      request->response = body != NULL ? g_bytes_ref (body) : NULL;
      return;
    }

  soup_server_message_set_status (request->msg, status, NULL);
  if (body != NULL)
    {
      SoupMessageBody *response = soup_server_message_get_response_body (request->msg);

      soup_message_headers_set_content_type (soup_server_message_get_response_headers (request->msg),
                                             "application/json", NULL);
      soup_message_body_truncate (response);
      soup_message_body_append_bytes (response, body);
    }
}

void
ferry_cloud_request_respond (FerryCloudRequest *request,
                             guint              status,
                             JsonNode          *body)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      bytes = g_bytes_new_take (text, strlen (text));
    }
  ferry_cloud_request_respond_bytes (request, status, bytes);
}

void
ferry_cloud_request_set_header (FerryCloudRequest *request,
                                const char        *name,
                                const char        *value)
{
  if (!request->deferred)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    name, value);
      return;
    }
  if (request->response_headers == NULL)
    request->response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  soup_message_headers_replace (request->response_headers, name, value);
}

static void
respond_problem (SoupServerMessage *msg,
                 const GError      *error)
{
  FerryCloudProblem problem = ferry_cloud_problem_from_error (error);
  g_autoptr(JsonNode) json = ferry_cloud_problem_to_json (error, message_path (msg));
  char *text = json_to_string (json, FALSE);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (error->domain != FERRY_CLOUD_PROBLEM)
    g_warning ("%s %s: %s", soup_server_message_get_method (msg),
               message_path (msg), error->message);
  if (problem == FERRY_CLOUD_PROBLEM_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate",
                                  "Bearer realm=\"ferry\", error=\"invalid_token\"");
  soup_server_message_set_status (msg, ferry_cloud_problem_get_status (problem), NULL);
  soup_server_message_set_response (msg, "application/problem+json",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

/* ---- Routing ----------------------------------------------------------- */

static gboolean
pattern_matches (const char  *pattern,
                 char       **segments)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "/", -1);

  if (g_strv_length (parts) != g_strv_length (segments))
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_strcmp0 (parts[i], "*") == 0 ? *segments[i] == '\0'
                                          : g_strcmp0 (parts[i], segments[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The route for @method, or NULL with @error saying not found or which
 * methods are allowed (and the Allow header set). */
static const Route *
find_route (SoupServerMessage  *msg,
            char              **segments,
            GError            **error)
{
  g_autoptr(GStrvBuilder) allowed = g_strv_builder_new ();
  g_auto(GStrv) methods = NULL;
  const char *method = soup_server_message_get_method (msg);

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!pattern_matches (routes[i].pattern, segments))
        continue;
      if (g_strcmp0 (routes[i].method, method) == 0)
        return &routes[i];
      g_strv_builder_add (allowed, routes[i].method);
    }

  methods = g_strv_builder_end (allowed);
  if (methods[0] == NULL)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_NOT_FOUND,
                   "There is nothing at %s. The API is described in docs/cloud-api.md.",
                   message_path (msg));
      return NULL;
    }
  {
    g_autofree char *allow = g_strjoinv (", ", methods);

    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
    g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_METHOD_NOT_ALLOWED,
                 "%s is not allowed here; use %s.", method, allow);
  }
  return NULL;
}

/* "/api/v1/sites/demo/me" → {"sites", "demo", "me"}, percent-decoded;
 * NULL outside the API or for an undecodable path. */
static char **
split_path (const char *path)
{
  g_auto(GStrv) raw = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!g_str_has_prefix (path, API_PREFIX))
    return NULL;
  raw = g_strsplit (path + strlen (API_PREFIX), "/", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      g_autofree char *segment = g_uri_unescape_string (raw[i], "/");

      if (segment == NULL)
        return NULL;
      g_strv_builder_add (builder, segment);
    }
  return g_strv_builder_end (builder);
}

/* ---- Resolving site, user, company and entity -------------------------- */

static gboolean
has_segment (const Route *route,
             const char  *name)
{
  g_autofree char *needle = g_strconcat (name, "/*", NULL);

  return strstr (route->pattern, needle) != NULL;
}

static char *
bearer_token (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  header += 7;
  while (*header == ' ')
    header++;
  return g_strdup (header);
}

static gboolean
resolve_entity (FerryCloudRequest  *request,
                GError            **error)
{
  const char *id = ferry_cloud_request_segment (request, 5);
  FerryCatalog *catalog = ferry_cloud_store_get_catalog (request->store);

  request->entity = ferry_catalog_lookup (catalog, id);
  if (request->entity != NULL && ferry_entity_type_is_push (request->entity))
    return TRUE;

  g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNKNOWN_ENTITY,
               request->entity == NULL
               ? "The cloud does not accept records of entity type “%s”: it is not in the catalog."
               : "“%s” is an export type: its items come from the export feed and cannot be pushed.",
               id);
  return FALSE;
}

static gboolean
resolve (FerryCloudRequest  *request,
         const Route        *route,
         GError            **error)
{
  if (has_segment (route, "sites")
      && !ferry_cloud_store_lookup_site (request->store, request->segments[1],
                                         &request->site_id, error))
    return FALSE;

  if (route->auth != AUTH_NONE)
    {
      request->token = bearer_token (request->msg);
      request->principal = ferry_cloud_auth_check_token (request->store, request->site_id,
                                                         request->token, error);
      if (request->principal == NULL)
        return FALSE;
    }
  if (route->auth == AUTH_CAN_SYNC && !request->principal->can_sync)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_PERMISSION_DENIED,
                   "The user %s does not have the Can Sync permission. Ask an administrator "
                   "of site %s to grant it.", request->principal->user, request->principal->site);
      return FALSE;
    }

  if (has_segment (route, "companies")
      && !ferry_cloud_store_lookup_company (request->store, request->site_id,
                                            request->segments[3], &request->company_id, error))
    return FALSE;
  if (has_segment (route, "entities") && !resolve_entity (request, error))
    return FALSE;

  if (g_strcmp0 (route->method, "POST") == 0)
    {
      const char *type = soup_message_headers_get_content_type (
          soup_server_message_get_request_headers (request->msg), NULL);

      if (g_strcmp0 (type, "application/json") != 0)
        {
          g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
                       "The body must be application/json, not %s.", type ? type : "untyped");
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- Handling ---------------------------------------------------------- */

static void
drop_connection (FerryCloudRequest *request)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (request->msg);

  g_printerr ("%s dropped the connection after committing (injected fault)\n",
              message_path (request->msg));
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
finish (FerryCloudRequest *request,
        const GError      *error)
{
  if (error != NULL)
    respond_problem (request->msg, error);
  else if (request->fault == FERRY_CLOUD_FAULT_DROP)
    drop_connection (request);
}

static void
writer_done_cb (FerryCloudRequest *request,
                const GError      *error,
                gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  if (request->response_headers != NULL)
    {
      soup_message_headers_iter_init (&iter, request->response_headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        soup_message_headers_replace (headers, name, value);
    }
  if (error == NULL)
    ferry_cloud_request_respond_bytes (request, request->status, request->response);
  finish (request, error);
  if (request->fault != FERRY_CLOUD_FAULT_DROP)
    soup_server_message_unpause (request->msg);
}

/* Takes @request. FALSE when the writer answers it later: the message
 * stays paused until then. */
static gboolean
handle (FerryCloudServer  *self,
        FerryCloudRequest *request,
        const Route       *route)
{
  g_autoptr(GError) error = NULL;

  if (resolve (request, route, &error) && route->writer)
    {
      g_autoptr(GBytes) body = ferry_cloud_request_get_body (request);

      soup_server_message_pause (request->msg);
      ferry_cloud_writer_run (self->writer, request, route->handle, writer_done_cb,
                              (GDestroyNotify) request_free, NULL);
      return FALSE;
    }
  if (error == NULL)
    route->handle (request, &error);
  finish (request, error);
  request_free (request);
  return TRUE;
}

typedef struct
{
  FerryCloudServer  *server;  /* owned */
  FerryCloudRequest *request; /* owned */
  const Route       *route;
} Delayed;

static gboolean
delayed_cb (gpointer data)
{
  Delayed *delayed = data;
  SoupServerMessage *msg = g_object_ref (delayed->request->msg);
  gboolean dropped = delayed->request->fault == FERRY_CLOUD_FAULT_DROP;

  if (handle (delayed->server, delayed->request, delayed->route) && !dropped)
    soup_server_message_unpause (msg);
  g_object_unref (msg);
  g_object_unref (delayed->server);
  g_free (delayed);

  return G_SOURCE_REMOVE;
}

static gboolean
inject_fault (FerryCloudServer  *self,
              FerryCloudRequest *request,
              const Route       *route)
{
  g_autoptr(GError) error = NULL;

  if (self->faults == NULL || route->handle == ferry_cloud_handle_health)
    return FALSE;

  request->fault = ferry_cloud_faults_draw (self->faults, route->mutating);
  if (request->fault == FERRY_CLOUD_FAULT_ERROR)
    {
      g_set_error (&error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_SERVICE_UNAVAILABLE,
                   "Injected fault: the service is unavailable. Nothing was done; try again.");
      respond_problem (request->msg, error);
      return TRUE;
    }
  if (request->fault == FERRY_CLOUD_FAULT_THROTTLE)
    {
      g_autofree char *after = g_strdup_printf ("%u", ferry_cloud_faults_get_retry_after (self->faults));

      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Retry-After", after);
      g_set_error (&error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_TOO_MANY_REQUESTS,
                   "Injected fault: too many requests. Nothing was done; try again after %s s.",
                   after);
      respond_problem (request->msg, error);
      return TRUE;
    }
  return FALSE;
}

static void
api_handler (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FerryCloudServer *self = user_data;
  g_autoptr(FerryCloudRequest) request = g_new0 (FerryCloudRequest, 1);
  g_autoptr(GError) error = NULL;
  const Route *route;
  guint latency;

  request->store = self->store;
  request->msg = g_object_ref (msg);
  request->query = query ? g_hash_table_ref (query) : NULL;
  request->max_batch = self->max_batch;
  request->token_lifetime = self->token_lifetime;
  request->throttle = self->throttle;
  request->segments = split_path (path);

  if (request->segments == NULL)
    {
      g_set_error (&error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_NOT_FOUND,
                   "There is nothing at %s. The API is under /api/v1/.", path);
      respond_problem (msg, error);
      return;
    }
  if ((route = find_route (msg, request->segments, &error)) == NULL)
    {
      respond_problem (msg, error);
      return;
    }
  if (inject_fault (self, request, route))
    return;

  latency = self->faults != NULL && route->handle != ferry_cloud_handle_health
            ? ferry_cloud_faults_get_latency (self->faults) : 0;
  if (latency > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->server = g_object_ref (self);
      delayed->request = g_steal_pointer (&request);
      delayed->route = route;
      soup_server_message_pause (msg);
      g_timeout_add (latency, delayed_cb, delayed);
      return;
    }

  handle (self, g_steal_pointer (&request), route);
}

/* Before the body is read: refuse what is too big or has no length. */
static void
early_handler (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FerryCloudServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GError) error = NULL;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    g_set_error (&error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_LENGTH_REQUIRED,
                 "Send the body with a Content-Length, not chunked.");
  else if ((gsize) soup_message_headers_get_content_length (headers) > self->max_body)
    g_set_error (&error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_BODY_TOO_LARGE,
                 "The body has %" G_GOFFSET_FORMAT " bytes; this server takes at most %"
                 G_GSIZE_FORMAT ". Send smaller batches.",
                 soup_message_headers_get_content_length (headers), self->max_body);
  if (error == NULL)
    return;

  respond_problem (msg, error);
  /* The unread body makes the connection unusable for another request. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
}

/* ---- The request log --------------------------------------------------- */

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  gint64 *started = g_new (gint64, 1);

  *started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "ferry-started", started, g_free);
}

static void
log_request (SoupServerMessage *msg,
             const char        *outcome)
{
  gint64 *started = g_object_get_data (G_OBJECT (msg), "ferry-started");
  double ms = started ? (double) (g_get_monotonic_time () - *started) / 1000.0 : 0.0;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  const char *remote = soup_server_message_get_remote_host (msg);
  g_autofree char *status = NULL;

  if (outcome == NULL)
    outcome = status = g_strdup_printf ("%u", soup_server_message_get_status (msg));

  /* Method, path, status and time only: never headers, query or body. */
  fprintf (stderr, "%s %s %s %s %s %.1f ms\n", stamp, remote ? remote : "-",
           soup_server_message_get_method (msg), message_path (msg),
           outcome, ms);
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  log_request (msg, NULL);
}

static void
request_aborted_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  log_request (msg, "aborted");
}

/* ---- The object -------------------------------------------------------- */

static void
ferry_cloud_server_dispose (GObject *object)
{
  FerryCloudServer *self = FERRY_CLOUD_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->faults);
  g_clear_object (&self->throttle);
  g_clear_pointer (&self->writer, ferry_cloud_writer_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ferry_cloud_server_parent_class)->dispose (object);
}

static void
ferry_cloud_server_class_init (FerryCloudServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ferry_cloud_server_dispose;
}

static void
ferry_cloud_server_init (FerryCloudServer *self)
{
  self->max_body = FERRY_CLOUD_DEFAULT_MAX_BODY;
  self->max_batch = FERRY_CLOUD_DEFAULT_MAX_BATCH;
  self->token_lifetime = FERRY_CLOUD_DEFAULT_TOKEN_LIFETIME;
  self->throttle = ferry_cloud_throttle_new (LOGIN_FAILURES, LOGIN_WINDOW);
}

FerryCloudServer *
ferry_cloud_server_new (FerryCloudStore  *store,
                        FerryCloudFaults *faults,
                        GTlsCertificate  *tls_certificate)
{
  FerryCloudServer *self = g_object_new (FERRY_TYPE_CLOUD_SERVER, NULL);

  self->store = g_object_ref (store);
  self->faults = faults ? g_object_ref (faults) : NULL;
  self->tls = tls_certificate != NULL;
  self->soup = soup_server_new ("server-header", "ferry-cloud/" PACKAGE_VERSION " ",
                                "tls-certificate", tls_certificate,
                                NULL);

  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, api_handler, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted_cb), self);

  return self;
}

void
ferry_cloud_server_set_max_body (FerryCloudServer *self,
                                 gsize             max_body)
{
  self->max_body = max_body;
}

void
ferry_cloud_server_set_max_batch (FerryCloudServer *self,
                                  guint             max_batch)
{
  self->max_batch = max_batch;
}

void
ferry_cloud_server_set_token_lifetime (FerryCloudServer *self,
                                       gint64            seconds)
{
  self->token_lifetime = seconds;
}

gboolean
ferry_cloud_server_listen (FerryCloudServer  *self,
                           const char        *address,
                           GError           **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) enumerator = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) local_error = NULL;

  connectable = g_network_address_parse (address, 0, &local_error);
  if (connectable != NULL)
    {
      enumerator = g_socket_connectable_enumerate (connectable);
      socket_address = g_socket_address_enumerator_next (enumerator, NULL, &local_error);
    }
  if (socket_address == NULL)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "Cannot listen on “%s”: %s. Use HOST:PORT, e.g. 127.0.0.1:8765.",
                   address, local_error ? local_error->message : "no address");
      return FALSE;
    }

  if (self->writer == NULL
      && (self->writer = ferry_cloud_writer_new (ferry_cloud_store_get_path (self->store),
                                                 error)) == NULL)
    return FALSE;
  if (!soup_server_listen (self->soup, socket_address,
                           self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, &local_error))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "Cannot listen on %s: %s.", address, local_error->message);
      return FALSE;
    }
  return TRUE;
}

char *
ferry_cloud_server_get_url (FerryCloudServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  char *url = NULL;

  if (uris != NULL)
    {
      g_autofree char *text = g_uri_to_string (uris->data);

      url = g_strdup (text);
      if (g_str_has_suffix (url, "/"))
        url[strlen (url) - 1] = '\0';
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

void
ferry_cloud_server_stop (FerryCloudServer *self)
{
  soup_server_disconnect (self->soup);
}
