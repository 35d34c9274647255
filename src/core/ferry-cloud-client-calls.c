/* ferry-cloud-client-calls.c: the calls of the cloud API, one function each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each builds its request (path, query, body, the words of its error
 * messages) and hands it to ferry_cloud_client_call (), which sends it and
 * parses the answer.
 */
#define G_LOG_DOMAIN "ferry-cloud-client"

#include "config.h"

#include <string.h>

#include "ferry-cloud-client-private.h"

/* The path of @entity's @what ("batches", "records", "summary") in the
 * client's company. */
static char *
entity_path (FerryCloudClient *self,
             const char       *entity,
             const char       *what)
{
  g_autofree char *company = g_uri_escape_string (self->company, NULL, FALSE);
  g_autofree char *escaped = g_uri_escape_string (entity, NULL, FALSE);

  return g_strdup_printf ("/companies/%s/entities/%s/%s", company, escaped, what);
}

static char *
company_path (FerryCloudClient *self,
              const char       *what)
{
  g_autofree char *company = g_uri_escape_string (self->company, NULL, FALSE);

  return g_strdup_printf ("/companies/%s/%s", company, what);
}

/* Sends @request to @path in the words of @doing (both taken), and parses
 * the answer with @parse, as ferry_cloud_client_call () does. */
static gpointer
call_at (FerryCloudClient     *self,
         FerryCloudCall       *request,
         char                 *path,
         char                 *doing,
         FerryCloudParseFunc   parse,
         SoupMessage         **out_msg,
         GCancellable         *cancellable,
         GError              **error)
{
  g_autofree char *owned_path = path;
  g_autofree char *owned_doing = doing;

  request->path = path;
  request->doing = doing;
  return ferry_cloud_client_call (self, request, parse, out_msg, cancellable, error);
}

/* The login body; wiped when freed, as it holds the password. */
static GBytes *
login_body (const char *user,
            const char *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  gsize len = 0;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);

  /* The builder's copy of the password lives in the tree, which is freed
   * with the builder; the text is wiped with the bytes. */
  text = ferry_cloud_builder_to_text (builder, &len);
  return g_bytes_new_with_free_func (text, len, (GDestroyNotify) ferry_cloud_wipe_string, text);
}

FerryCloudUser *
ferry_cloud_client_login (FerryCloudClient  *self,
                          const char        *user,
                          const char        *password,
                          GCancellable      *cancellable,
                          GError           **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *doing = NULL;
  FerryCloudUser *me = NULL;
  char *token = NULL;
  FerryCloudCall request = { "POST", "/sessions", NULL, NULL, NULL, TRUE, NULL };

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (user != NULL && password != NULL, NULL);

  doing = g_strdup_printf ("log in to site %s as %s", self->site, user);
  body = login_body (user, password);
  request.body = body;
  request.doing = doing;
  if (!ferry_cloud_client_send (self, &request, &object, &msg, cancellable, error))
    return NULL;
  if (!ferry_cloud_parse_login (object, &token, &me, &parse_error))
    {
      g_propagate_error (error, ferry_cloud_error_invalid_response (msg, doing, parse_error->message));
      return NULL;
    }

  ferry_cloud_client_forget_token (self);
  self->token = token;
  g_debug ("Logged in to site %s as %s", self->site, user);
  return me;
}

gboolean
ferry_cloud_client_logout (FerryCloudClient  *self,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autofree char *doing = NULL;
  g_autoptr(GError) local_error = NULL;
  FerryCloudCall request = { "DELETE", "/sessions/current", NULL, NULL, NULL, FALSE, NULL };
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), FALSE);

  if (self->token == NULL)
    return TRUE;
  doing = g_strdup_printf ("log out of site %s", self->site);
  request.doing = doing;
  ok = ferry_cloud_client_send (self, &request, NULL, NULL, cancellable, &local_error);
  ferry_cloud_client_forget_token (self);

  /* A token the cloud no longer accepts is as good as revoked. */
  if (ok || g_error_matches (local_error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

FerryCloudUser *
ferry_cloud_client_get_me (FerryCloudClient  *self,
                           GCancellable      *cancellable,
                           GError           **error)
{
  FerryCloudCall request = { .method = "GET" };

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);

  return call_at (self, &request, g_strdup ("/me"),
                  g_strdup_printf ("ask site %s who is logged in", self->site),
                  (FerryCloudParseFunc) ferry_cloud_parse_user, NULL, cancellable, error);
}

FerryCloudBatchResult *
ferry_cloud_client_push_batch (FerryCloudClient  *self,
                               const char        *entity,
                               const char        *idempotency_key,
                               GBytes            *body,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *path = NULL;
  g_autofree char *doing = NULL;
  FerryCloudBatchResult *result;
  const char *replayed;
  FerryCloudCall request = { .method = "POST", .body = body, .idempotency_key = idempotency_key };

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (self->company != NULL, NULL);
  g_return_val_if_fail (entity != NULL && idempotency_key != NULL && body != NULL, NULL);

  request.path = path = entity_path (self, entity, "batches");
  request.doing = doing = g_strdup_printf ("send a batch of %s to company %s", entity,
                                           self->company);
  /* Read in place: a thousand results are too many for a JSON tree. */
  result = ferry_cloud_client_call_text (self, &request,
                                         (FerryCloudReadFunc) ferry_cloud_parse_batch, &msg,
                                         cancellable, error);
  if (result == NULL)
    return NULL;

  replayed = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                           "Idempotent-Replayed");
  result->replayed = g_strcmp0 (replayed, "true") == 0;
  return result;
}

FerryCloudSummary *
ferry_cloud_client_get_summary (FerryCloudClient  *self,
                                const char        *entity,
                                GCancellable      *cancellable,
                                GError           **error)
{
  FerryCloudCall request = { .method = "GET" };

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (self->company != NULL && entity != NULL, NULL);

  return call_at (self, &request, entity_path (self, entity, "summary"),
                  g_strdup_printf ("read the summary of %s in company %s", entity, self->company),
                  (FerryCloudParseFunc) ferry_cloud_parse_summary, NULL, cancellable, error);
}

GPtrArray *
ferry_cloud_client_get_company_summary (FerryCloudClient  *self,
                                        GCancellable      *cancellable,
                                        GError           **error)
{
  FerryCloudCall request = { .method = "GET" };

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (self->company != NULL, NULL);

  return call_at (self, &request, company_path (self, "summary"),
                  g_strdup_printf ("read the summary of company %s", self->company),
                  (FerryCloudParseFunc) ferry_cloud_parse_summaries, NULL, cancellable, error);
}

FerryCloudRecordPage *
ferry_cloud_client_list_records (FerryCloudClient     *self,
                                 const char           *entity,
                                 const char           *after,
                                 guint                 limit,
                                 FerryCloudListFlags   flags,
                                 GCancellable         *cancellable,
                                 GError              **error)
{
  g_autofree char *query = NULL;
  g_autofree char *cursor = NULL;
  FerryCloudCall request = { .method = "GET" };

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (self->company != NULL && entity != NULL, NULL);
  g_return_val_if_fail (limit >= 1 && limit <= 5000, NULL);

  cursor = after != NULL ? g_uri_escape_string (after, NULL, FALSE) : NULL;
  query = g_strdup_printf ("limit=%u&fields=%s&include_deleted=%s%s%s", limit,
                           (flags & FERRY_CLOUD_LIST_FIELDS) ? "true" : "false",
                           (flags & FERRY_CLOUD_LIST_INCLUDE_DELETED) ? "true" : "false",
                           cursor != NULL ? "&after=" : "", cursor != NULL ? cursor : "");
  request.query = query;
  return call_at (self, &request, entity_path (self, entity, "records"),
                  g_strdup_printf ("read the records of %s in company %s", entity, self->company),
                  (FerryCloudParseFunc) ferry_cloud_parse_record_page, NULL, cancellable, error);
}

FerryCloudExportPage *
ferry_cloud_client_get_export_feed (FerryCloudClient  *self,
                                    gint64             after,
                                    guint              limit,
                                    const char        *entity,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  g_autofree char *query = NULL;
  g_autofree char *escaped = NULL;
  FerryCloudCall request = { .method = "GET" };

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (self->company != NULL && after >= 0, NULL);
  g_return_val_if_fail (limit >= 1 && limit <= 1000, NULL);

  escaped = entity != NULL ? g_uri_escape_string (entity, NULL, FALSE) : NULL;
  query = g_strdup_printf ("after=%" G_GINT64_FORMAT "&limit=%u%s%s", after, limit,
                           escaped != NULL ? "&entity=" : "", escaped != NULL ? escaped : "");
  request.query = query;
  return call_at (self, &request, company_path (self, "exports"),
                  g_strdup_printf ("read the export feed of company %s", self->company),
                  (FerryCloudParseFunc) ferry_cloud_parse_export_page, NULL, cancellable, error);
}

GArray *
ferry_cloud_client_acknowledge (FerryCloudClient                *self,
                                const FerryCloudAcknowledgement *acks,
                                guint                            n,
                                const char                      *idempotency_key,
                                GCancellable                    *cancellable,
                                GError                         **error)
{
  g_autoptr(GBytes) body = NULL;
  FerryCloudCall request = { .method = "POST", .idempotency_key = idempotency_key };

  g_return_val_if_fail (FERRY_IS_CLOUD_CLIENT (self), NULL);
  g_return_val_if_fail (self->company != NULL, NULL);
  g_return_val_if_fail (acks != NULL || n == 0, NULL);

  body = ferry_cloud_build_acknowledgements (acks, n);
  request.body = body;
  return call_at (self, &request, company_path (self, "exports/acknowledgements"),
                  g_strdup_printf ("acknowledge export items in company %s", self->company),
                  (FerryCloudParseFunc) ferry_cloud_parse_ack_outcomes, NULL, cancellable, error);
}
