/* ferry-cloud-client-error.c: what went wrong talking to the cloud, and
 * what to do about it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every failure of a call ends up here and leaves with a code a caller acts
 * on (ferry-cloud-client.h) and a message a person acts on. An answer in
 * problem+json is classified by its status; its title and detail go into
 * the message. An answer that is not problem+json did not come from a
 * Ferry cloud (a proxy, a web server at the wrong URL): it is an invalid
 * response, except for the gateway statuses 502, 503 and 504 and for 429,
 * which proxies send while the cloud restarts or sheds load.
 */
#define G_LOG_DOMAIN "ferry-cloud-client"

#include "config.h"

#include <string.h>

#include "ferry-cloud-client-private.h"

#define PROBLEM_PREFIX "urn:ferry:problem:"

typedef struct
{
  guint  status;      /* 0 when there was no answer */
  guint  retry_after; /* seconds, 0 when not said */
  char  *problem;     /* owned, nullable */
} FerryCloudClientErrorPrivate;

static void
ferry_cloud_client_error_private_init (FerryCloudClientErrorPrivate *priv)
{
  /* The generated accessor may return NULL (it never does here). */
  if (priv == NULL)
    return;
  priv->status = 0;
  priv->retry_after = 0;
  priv->problem = NULL;
}

static void
ferry_cloud_client_error_private_copy (const FerryCloudClientErrorPrivate *src,
                                       FerryCloudClientErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;
  dest->status = src->status;
  dest->retry_after = src->retry_after;
  dest->problem = g_strdup (src->problem);
}

static void
ferry_cloud_client_error_private_clear (FerryCloudClientErrorPrivate *priv)
{
  if (priv == NULL)
    return;
  g_clear_pointer (&priv->problem, g_free);
}

G_DEFINE_EXTENDED_ERROR (FerryCloudClientError, ferry_cloud_client_error)

static FerryCloudClientErrorPrivate *
lookup_private (const GError *error)
{
  if (error == NULL || error->domain != FERRY_CLOUD_CLIENT_ERROR)
    return NULL;
  return ferry_cloud_client_error_get_private (error);
}

guint
ferry_cloud_client_error_get_retry_after (const GError *error)
{
  FerryCloudClientErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->retry_after : 0;
}

guint
ferry_cloud_client_error_get_status (const GError *error)
{
  FerryCloudClientErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->status : 0;
}

const char *
ferry_cloud_client_error_get_problem (const GError *error)
{
  FerryCloudClientErrorPrivate *priv = lookup_private (error);

  return priv != NULL ? priv->problem : NULL;
}

GError *
ferry_cloud_error_new (FerryCloudClientError  code,
                       guint                  status,
                       guint                  retry_after,
                       const char            *problem,
                       const char            *format,
                       ...)
{
  FerryCloudClientErrorPrivate *priv;
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (FERRY_CLOUD_CLIENT_ERROR, code, format, args);
  va_end (args);

  priv = ferry_cloud_client_error_get_private (error);
  if (priv != NULL)
    {
      priv->status = status;
      priv->retry_after = retry_after;
      priv->problem = g_strdup (problem);
    }
  return error;
}

/* ---- Retrying -------------------------------------------------------- */

#define RETRY_BASE_US (G_USEC_PER_SEC / 2)
#define RETRY_CAP_US  (30 * G_USEC_PER_SEC)

gint64
ferry_cloud_retry_delay (guint attempt,
                         guint retry_after_seconds)
{
  gint64 backoff = RETRY_CAP_US;
  gint64 delay;

  if (attempt >= FERRY_CLOUD_RETRY_MAX_ATTEMPTS || retry_after_seconds > FERRY_CLOUD_RETRY_MAX_WAIT_S)
    return -1;

  /* 0.5 s × 2^attempt, capped; the shift stays small enough not to overflow. */
  if (attempt < 16)
    backoff = MIN (RETRY_BASE_US << attempt, RETRY_CAP_US);
  /* Equal jitter: clients that failed together do not retry together, and
   * each still waits at least half the backoff. */
  delay = backoff / 2 + (gint64) (g_random_double () * (double) (backoff / 2));

  return MAX (delay, (gint64) retry_after_seconds * G_USEC_PER_SEC);
}

/* ---- Answers --------------------------------------------------------- */

/* Seconds of a Retry-After header: a number, or an HTTP date. */
static guint
parse_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  guint64 seconds = 0;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) seconds;
  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    GTimeSpan wait;

    if (when == NULL)
      return 0;
    wait = g_date_time_difference (when, now);
    return wait > 0 ? (guint) MIN ((wait + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, G_MAXUINT) : 0;
  }
}

static gboolean
content_type_is (SoupMessage *msg,
                 const char  *expected)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                            NULL);

  return type != NULL && g_ascii_strcasecmp (type, expected) == 0;
}

/* The string member @name of a JSON object, or NULL. */
static const char *
problem_string (JsonObject *problem,
                const char *name)
{
  JsonNode *node = json_object_get_member (problem, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The problem object of a problem+json answer, or NULL. */
static JsonNode *
parse_problem (SoupMessage *msg,
               GBytes      *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  JsonNode *root;

  if (!content_type_is (msg, "application/problem+json") || data == NULL
      || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || problem_string (json_node_get_object (root), "detail") == NULL)
    return NULL;
  return json_node_ref (root);
}

static FerryCloudClientError
code_for_status (guint       status,
                 const char *problem)
{
  if (status == 401)
    return FERRY_CLOUD_CLIENT_ERROR_AUTH;
  if (status == 403)
    return FERRY_CLOUD_CLIENT_ERROR_PERMISSION;
  if (status == 404)
    return FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND;
  if (status == 413)
    return FERRY_CLOUD_CLIENT_ERROR_TOO_LARGE;
  if (status == 422 && g_strcmp0 (problem, "idempotency-key-reused") == 0)
    return FERRY_CLOUD_CLIENT_ERROR_IDEMPOTENCY;
  if (status == 429 || (status >= 500 && status < 600))
    return FERRY_CLOUD_CLIENT_ERROR_RETRYABLE;
  if (status >= 400 && status < 500)
    return FERRY_CLOUD_CLIENT_ERROR_BAD_REQUEST;
  return FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE;
}

/* What a person does next, when the cloud's detail does not say it. */
static const char *
hint_for_code (FerryCloudClientError  code,
               const char            *detail)
{
  g_autofree char *lower = g_ascii_strdown (detail, -1);

  if (code == FERRY_CLOUD_CLIENT_ERROR_AUTH && strstr (lower, "log in again") == NULL)
    return " Log in again.";
  if (code == FERRY_CLOUD_CLIENT_ERROR_IDEMPOTENCY)
    return " This is a bug in Ferry; please report it.";
  if (code == FERRY_CLOUD_CLIENT_ERROR_RETRYABLE && strstr (lower, "try again") == NULL)
    return " Try again later.";
  return "";
}

GError *
ferry_cloud_error_from_answer (SoupMessage *msg,
                               GBytes      *body,
                               const char  *doing)
{
  guint status = soup_message_get_status (msg);
  guint retry_after = parse_retry_after (msg);
  g_autoptr(JsonNode) root = parse_problem (msg, body);
  JsonObject *problem;
  const char *type, *title, *detail;
  FerryCloudClientError code;

  if (root == NULL)
    {
      if (status == 429 || status == 502 || status == 503 || status == 504)
        return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_RETRYABLE, status, retry_after, NULL,
                                      "Could not %s: the cloud is not available at the moment "
                                      "(HTTP %u %s). Try again later.", doing, status,
                                      soup_status_get_phrase (status));
      if (SOUP_STATUS_IS_REDIRECTION (status))
        {
          const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                "Location");
          g_autofree char *what = g_strdup_printf ("it sends Ferry to %s",
                                                   location != NULL ? location : "another address");

          return ferry_cloud_error_invalid_response (msg, doing, what);
        }
      return ferry_cloud_error_invalid_response (msg, doing, "it is not a Ferry cloud error");
    }

  problem = json_node_get_object (root);
  type = problem_string (problem, "type");
  if (type != NULL && g_str_has_prefix (type, PROBLEM_PREFIX))
    type += strlen (PROBLEM_PREFIX);
  title = problem_string (problem, "title");
  if (title == NULL)
    title = soup_status_get_phrase (status);
  detail = problem_string (problem, "detail");
  code = code_for_status (status, type);

  return ferry_cloud_error_new (code, status, retry_after, type, "Could not %s: %s (HTTP %u). %s%s",
                                doing, title, status, detail, hint_for_code (code, detail));
}

GError *
ferry_cloud_error_invalid_response (SoupMessage *msg,
                                    const char  *doing,
                                    const char  *what)
{
  guint status = soup_message_get_status (msg);
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                            NULL);
  GUri *uri = soup_message_get_uri (msg);

  return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, status, 0, NULL,
                                "Could not %s: the server at %s answered something Ferry does not "
                                "understand (HTTP %u %s, %s): %s. Check the site URL; if it is "
                                "right, tell the administrator of the cloud service.",
                                doing, g_uri_get_host (uri), status, soup_status_get_phrase (status),
                                type != NULL ? type : "no content type", what);
}

/* ---- No answer ------------------------------------------------------- */

static const char *
describe_certificate_errors (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return "it is not signed by an authority this computer trusts";
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return "it was issued for another host name";
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return "it has expired";
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return "it is not valid yet; check this computer's clock";
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return "it has been revoked";
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return "it uses an insecure algorithm";
  return "it could not be verified";
}

static GError *
tls_error (GError               *error,
           const char           *host,
           GTlsCertificateFlags  tls_errors,
           const char           *doing)
{
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) || tls_errors != 0)
    return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_TLS, 0, 0, NULL,
                                  "Could not %s: the certificate of %s is not trusted: %s. Ferry "
                                  "only talks to a cloud it can verify. Check the site URL; if the "
                                  "cloud uses its own certificate authority, add that authority "
                                  "to this computer's trusted certificates (on Debian, copy it "
                                  "into /usr/local/share/ca-certificates and run "
                                  "update-ca-certificates).",
                                  doing, host, describe_certificate_errors (tls_errors));
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_MISC))
    return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_RETRYABLE, 0, 0, NULL,
                                  "Could not %s: the secure connection to %s was interrupted (%s). "
                                  "Try again later.", doing, host, error->message);
  return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_TLS, 0, 0, NULL,
                                "Could not %s: no secure connection to %s (%s). Check the site URL "
                                "and that the server speaks HTTPS.", doing, host, error->message);
}

GError *
ferry_cloud_error_from_transport (GError               *error,
                                  const char           *host,
                                  GTlsCertificateFlags  tls_errors,
                                  const char           *doing)
{
  g_autoptr(GError) owned = error;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_steal_pointer (&owned);
  if (error->domain == G_TLS_ERROR || tls_errors != 0)
    return tls_error (error, host, tls_errors, doing);
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND, 0, 0, NULL,
                                  "Could not %s: there is no host %s. Check the site URL.",
                                  doing, host);
  if (error->domain == SOUP_SESSION_ERROR)
    return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE, 0, 0, NULL,
                                  "Could not %s: the server at %s answered something Ferry does "
                                  "not understand (%s). Check the site URL.",
                                  doing, host, error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_RETRYABLE, 0, 0, NULL,
                                  "Could not %s: %s did not answer in time. Try again later.",
                                  doing, host);
  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_RETRYABLE, 0, 0, NULL,
                                  "Could not %s: the connection to %s failed (%s). Try again "
                                  "later.", doing, host, error->message);
  return ferry_cloud_error_new (FERRY_CLOUD_CLIENT_ERROR_FAILED, 0, 0, NULL,
                                "Could not %s: %s", doing, error->message);
}
