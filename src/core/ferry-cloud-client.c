/* ferry-cloud-client.c: requests to a site of the Ferry cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupSession per client, created with it. libsoup (≥ 3.2) lets any
 * thread send messages on a session, but configure it only on the thread
 * that created it, before the first request: hence the notes on the
 * setters. Each call sends one request, blocking, and either parses the
 * answer (ferry-cloud-client-parse.c) or turns the failure into a
 * FERRY_CLOUD_CLIENT_ERROR (ferry-cloud-client-error.c).
 *
 * Secrets: the password only travels in the login body and the token only
 * in the Authorization header; neither is logged nor put into a message,
 * and both are wiped from memory the client owns once done with.
 */
#define G_LOG_DOMAIN "ferry-cloud-client"

#include "config.h"

#include <string.h>

#include "ferry-cloud-client-private.h"


static void ferry_cloud_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryCloudClient, ferry_cloud_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      ferry_cloud_client_initable_iface_init))

enum
{
  PROP_0,
  PROP_SERVER_URL,
  PROP_SITE,
  PROP_COMPANY,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
ferry_cloud_wipe_string (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

void
ferry_cloud_client_forget_token (FerryCloudClient *self)
{
  g_clear_pointer (&self->token, ferry_cloud_wipe_string);
}

/* ---- The site URL ------------------------------------------------------ */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address != NULL)
    return g_inet_address_get_is_loopback (address);
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0;
}

static gboolean
invalid_url (GError    **error,
             const char *url,
             const char *why)
{
  g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_URL,
               "“%s” is not a usable cloud address: %s. Write it like "
               "https://cloud.example.com/demo (the server, then the site name).", url, why);
  return FALSE;
}

/* Checks @url and parses it into @out_uri. */
static gboolean
parse_url (const char  *url,
           GUri       **out_uri,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  const char *scheme, *host;

  if (uri == NULL)
    return invalid_url (error, url, "it is not a URL");
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    return invalid_url (error, url, "it must start with https://");
  if (host == NULL || *host == '\0')
    return invalid_url (error, url, "it names no server");
  if (g_uri_get_userinfo (uri) != NULL)
    return invalid_url (error, url, "it must not hold a user name or password");
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return invalid_url (error, url, "it must not have a “?” or “#” part");
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host))
    {
      g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_URL,
                   "“%s” uses plain http://, which anyone on the network can read and change. "
                   "Use https://%s instead; plain http:// is only for a server on this computer "
                   "(localhost).", url, host);
      return FALSE;
    }
  *out_uri = g_steal_pointer (&uri);
  return TRUE;
}

static gboolean
site_is_valid (const char *site)
{
  return site != NULL && *site != '\0' && strpbrk (site, "/?#% \t\r\n") == NULL
         && g_utf8_validate (site, -1, NULL);
}

static gboolean
build_api_url (FerryCloudClient  *self,
               GError           **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GString) path = NULL;
  g_autofree char *site = NULL;

  if (!parse_url (self->server_url, &uri, error))
    return FALSE;
  if (!site_is_valid (self->site))
    {
      g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_URL,
                   "“%s” is not a site name. The site is the last part of the site URL, as in "
                   "https://cloud.example.com/demo.", self->site ? self->site : "");
      return FALSE;
    }

  path = g_string_new (g_uri_get_path (uri));
  while (path->len > 0 && path->str[path->len - 1] == '/')
    g_string_truncate (path, path->len - 1);
  site = g_uri_escape_string (self->site, NULL, FALSE);
  g_string_append_printf (path, "/api/v1/sites/%s", site);

  self->host = g_strdup (g_uri_get_host (uri));
  self->api_url = g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                              g_uri_get_host (uri), g_uri_get_port (uri), path->str, NULL, NULL);
  return TRUE;
}

/* ---- GObject ----------------------------------------------------------- */

static gboolean
ferry_cloud_client_initable_init (GInitable     *initable,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  FerryCloudClient *self = FERRY_CLOUD_CLIENT (initable);

  if (self->server_url == NULL)
    return invalid_url (error, "", "it is empty");
  if (!build_api_url (self, error))
    return FALSE;

  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "user-agent", "Ferry/" PACKAGE_VERSION " ",
                                                 NULL);
  return TRUE;
}

static void
ferry_cloud_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = ferry_cloud_client_initable_init;
}

static void
ferry_cloud_client_finalize (GObject *object)
{
  FerryCloudClient *self = FERRY_CLOUD_CLIENT (object);

  ferry_cloud_client_forget_token (self);
  g_clear_object (&self->session);
  g_clear_object (&self->extra_ca);
  g_free (self->server_url);
  g_free (self->site);
  g_free (self->company);
  g_free (self->api_url);
  g_free (self->host);

  G_OBJECT_CLASS (ferry_cloud_client_parent_class)->finalize (object);
}

static void
ferry_cloud_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryCloudClient *self = FERRY_CLOUD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_SITE:
      g_value_set_string (value, self->site);
      break;
    case PROP_COMPANY:
      g_value_set_string (value, self->company);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_cloud_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FerryCloudClient *self = FERRY_CLOUD_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;
    case PROP_SITE:
      self->site = g_value_dup_string (value);
      break;
    case PROP_COMPANY:
      self->company = g_value_dup_string (value);
      break;
    case PROP_TIMEOUT:
      ferry_cloud_client_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_cloud_client_class_init (FerryCloudClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_cloud_client_finalize;
  object_class->get_property = ferry_cloud_client_get_property;
  object_class->set_property = ferry_cloud_client_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SITE] =
    g_param_spec_string ("site", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPANY] =
    g_param_spec_string ("company", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, FERRY_CLOUD_CLIENT_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_cloud_client_init (FerryCloudClient *self)
{
  self->timeout = FERRY_CLOUD_CLIENT_DEFAULT_TIMEOUT;
}

FerryCloudClient *
ferry_cloud_client_new (const char  *server_url,
                        const char  *site,
                        const char  *company,
                        GError     **error)
{
  return g_initable_new (FERRY_TYPE_CLOUD_CLIENT, NULL, error,
                         "server-url", server_url,
                         "site", site,
                         "company", company,
                         NULL);
}

FerryCloudClient *
ferry_cloud_client_new_for_site_url (const char  *site_url,
                                     const char  *company,
                                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) server = NULL;
  g_autofree char *path = NULL;
  g_autofree char *site = NULL;
  g_autofree char *server_url = NULL;
  char *slash;

  g_return_val_if_fail (site_url != NULL, NULL);

  if (!parse_url (site_url, &uri, error))
    return NULL;
  path = g_strdup (g_uri_get_path (uri));
  g_strchomp (path);
  while (*path != '\0' && path[strlen (path) - 1] == '/')
    path[strlen (path) - 1] = '\0';
  slash = strrchr (path, '/');
  if (slash == NULL || slash[1] == '\0')
    {
      invalid_url (error, site_url, "it does not end with the site name");
      return NULL;
    }
  site = g_uri_unescape_string (slash + 1, NULL);
  *slash = '\0';
  server = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                        g_uri_get_port (uri), path, NULL, NULL);
  server_url = g_uri_to_string (server);

  return ferry_cloud_client_new (server_url, site, company, error);
}

FerryCloudClient *
ferry_cloud_client_dup (FerryCloudClient *self)
{
  FerryCloudClient *copy;

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);

  /* Cannot fail: @self was made from the same address. */
  copy = g_initable_new (FERRY_TYPE_CLOUD_CLIENT, NULL, NULL,
                         "server-url", self->server_url,
                         "site", self->site,
                         "company", self->company,
                         "timeout", self->timeout,
                         NULL);
  g_set_object (&copy->extra_ca, self->extra_ca);
  copy->token = g_strdup (self->token);
  return copy;
}

const char *
ferry_cloud_client_get_site (FerryCloudClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  return self->site;
}

const char *
ferry_cloud_client_get_company (FerryCloudClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  return self->company;
}

const char *
ferry_cloud_client_get_api_url (FerryCloudClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  return self->api_url;
}

guint
ferry_cloud_client_get_timeout (FerryCloudClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), 0);
  return self->timeout;
}

void
ferry_cloud_client_set_timeout (FerryCloudClient *self,
                                guint             seconds)
{
  g_return_if_fail (FERRY_IS_CLOUD_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  if (self->session != NULL)
    g_object_set (self->session, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

gboolean
ferry_cloud_client_is_logged_in (FerryCloudClient *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), FALSE);
  return self->token != NULL;
}

gboolean
ferry_cloud_client_set_extra_ca_file (FerryCloudClient  *self,
                                      const char        *path,
                                      GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  GTlsDatabase *database;

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  database = g_tls_file_database_new (path, &local_error);
  if (database == NULL)
    {
      g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_TLS,
                   "Could not read the certificate authorities in %s: %s. The file must hold "
                   "PEM certificates.", path, local_error->message);
      return FALSE;
    }
  g_clear_object (&self->extra_ca);
  self->extra_ca = database;
  return TRUE;
}

/* ---- Sending ------------------------------------------------------------- */

typedef struct
{
  FerryCloudClient     *self;
  GTlsCertificateFlags  errors; /* what verification found */
} TlsCheck;

/* Called when the system's authorities do not vouch for the server's
 * certificate: the extra authorities may, after the same full check. */
static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  TlsCheck *check = user_data;
  GUri *uri = soup_message_get_uri (msg);
  g_autoptr(GSocketConnectable) identity = NULL;
  int port = g_uri_get_port (uri);

  check->errors = errors;
  if (check->self->extra_ca == NULL)
    return FALSE;

  identity = g_network_address_new (g_uri_get_host (uri), port > 0 ? (guint16) port : 443);
  check->errors = g_tls_database_verify_chain (check->self->extra_ca, certificate,
                                               G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                               identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                               NULL, NULL);
  return check->errors == 0;
}

static SoupMessage *
new_message (FerryCloudClient      *self,
             const FerryCloudCall  *request,
             GError               **error)
{
  g_autofree char *url = g_strconcat (self->api_url, request->path,
                                      request->query ? "?" : "", request->query, NULL);
  SoupMessage *msg = soup_message_new (request->method, url);
  SoupMessageHeaders *headers;

  if (msg == NULL)
    {
      g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_FAILED,
                   "Could not %s: %s is not a valid address.", request->doing, url);
      return NULL;
    }
  /* A redirect would be the wrong site URL (or http→https): say so instead
   * of following it with the token. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json, application/problem+json");
  if (!request->anonymous)
    {
      char *value = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
      ferry_cloud_wipe_string (value);
    }
  if (request->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", request->idempotency_key);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", request->body);
  return msg;
}

/* FALSE with @error set unless @msg's answer says it is JSON. */
static gboolean
check_json (SoupMessage           *msg,
            const FerryCloudCall  *request,
            GError               **error)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                            NULL);

  if (type != NULL && g_ascii_strcasecmp (type, "application/json") == 0)
    return TRUE;
  g_propagate_error (error, ferry_cloud_error_invalid_response (msg, request->doing,
                                                                "it is not JSON"));
  return FALSE;
}

/* The answer's JSON object, or NULL with @error set. */
static JsonObject *
parse_body (SoupMessage           *msg,
            GBytes                *body,
            const FerryCloudCall  *request,
            GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) json_error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;

  if (!check_json (msg, request, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) len, &json_error))
    {
      g_autofree char *what = g_strdup_printf ("the JSON is malformed (%s)", json_error->message);

      g_propagate_error (error, ferry_cloud_error_invalid_response (msg, request->doing, what));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, ferry_cloud_error_invalid_response (msg, request->doing,
                                                                    "it is not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* Sends @request: on a 2xx answer, its body, with the message in
 * *@out_msg; otherwise NULL with @error set. */
static GBytes *
exchange (FerryCloudClient      *self,
          const FerryCloudCall  *request,
          SoupMessage          **out_msg,
          GCancellable          *cancellable,
          GError               **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *local_error = NULL;
  GError *failure = NULL;
  TlsCheck check = { self, 0 };
  gint64 started;
  gulong handler;
  guint status;

  if (!request->anonymous && self->token == NULL)
    {
      g_set_error (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH,
                   "Could not %s: Ferry is not logged in to site %s. Log in first.",
                   request->doing, self->site);
      return NULL;
    }
  if ((msg = new_message (self, request, error)) == NULL)
    return NULL;

  handler = g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), &check);
  started = g_get_monotonic_time ();
  body = soup_session_send_and_read (self->session, msg, cancellable, &local_error);
  g_signal_handler_disconnect (msg, handler);
  status = soup_message_get_status (msg);
  g_debug ("%s %s%s: %u in %" G_GINT64_FORMAT " ms", request->method, self->api_url, request->path,
           status, (g_get_monotonic_time () - started) / 1000);

  if (body == NULL)
    failure = ferry_cloud_error_from_transport (local_error, self->host, check.errors, request->doing);
  else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    failure = ferry_cloud_error_from_answer (msg, body, request->doing);
  else
    {
      *out_msg = g_steal_pointer (&msg);
      return g_steal_pointer (&body);
    }

  /* The cloud no longer knows the token: forget it, so that the caller
   * sees it has to log in again. */
  if (!request->anonymous && g_error_matches (failure, FERRY_CLOUD_CLIENT_ERROR,
                                              FERRY_CLOUD_CLIENT_ERROR_AUTH))
    ferry_cloud_client_forget_token (self);
  g_propagate_error (error, failure);
  return NULL;
}

gboolean
ferry_cloud_client_send (FerryCloudClient      *self,
                         const FerryCloudCall  *request,
                         JsonObject           **out_object,
                         SoupMessage          **out_msg,
                         GCancellable          *cancellable,
                         GError               **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = exchange (self, request, &msg, cancellable, error);

  if (body == NULL)
    return FALSE;
  if (out_object != NULL && (*out_object = parse_body (msg, body, request, error)) == NULL)
    return FALSE;
  if (out_msg != NULL)
    *out_msg = g_steal_pointer (&msg);
  return TRUE;
}

/* @result from parsing @msg's answer, or NULL with @error saying what was
 * wrong with it, from @parse_error. */
static gpointer
parsed (SoupMessage           *msg,
        const FerryCloudCall  *request,
        gpointer               result,
        GError                *parse_error,
        SoupMessage          **out_msg,
        GError               **error)
{
  if (result == NULL)
    {
      g_propagate_error (error, ferry_cloud_error_invalid_response (msg, request->doing,
                                                                    parse_error->message));
      return NULL;
    }
  if (out_msg != NULL)
    *out_msg = g_object_ref (msg);
  return result;
}

gpointer
ferry_cloud_client_call (FerryCloudClient      *self,
                         const FerryCloudCall  *request,
                         FerryCloudParseFunc    parse,
                         SoupMessage          **out_msg,
                         GCancellable          *cancellable,
                         GError               **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) parse_error = NULL;
  gpointer result;

  if (!ferry_cloud_client_send (self, request, &object, &msg, cancellable, error))
    return NULL;
  /* Parsed first: C leaves the order of evaluation of arguments open. */
  result = parse (object, &parse_error);
  return parsed (msg, request, result, parse_error, out_msg, error);
}

gpointer
ferry_cloud_client_call_text (FerryCloudClient      *self,
                              const FerryCloudCall  *request,
                              FerryCloudReadFunc     read,
                              SoupMessage          **out_msg,
                              GCancellable          *cancellable,
                              GError               **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = exchange (self, request, &msg, cancellable, error);
  g_autoptr(GError) parse_error = NULL;
  gpointer result;

  if (body == NULL || !check_json (msg, request, error))
    return NULL;
  result = read (body, &parse_error);
  return parsed (msg, request, result, parse_error, out_msg, error);
}
