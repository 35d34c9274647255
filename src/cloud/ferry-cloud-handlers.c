/* ferry-cloud-handlers.c: what each address of the API does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * By the time a handler runs, the server has checked the route, the token,
 * the permission, the site, company and entity, and the content type.
 */
#define G_LOG_DOMAIN "ferry-cloud-handlers"

#include "config.h"

#include <string.h>

#include "ferry-cloud-exports.h"
#include "ferry-cloud-records.h"
#include "ferry-cloud-request.h"
#include "ferry-cloud-throttle.h"

static gboolean
respond_node (FerryCloudRequest *request,
              guint              status,
              JsonNode          *node)
{
  if (node == NULL)
    return FALSE;
  ferry_cloud_request_respond (request, status, node);
  json_node_unref (node);
  return TRUE;
}

gboolean
ferry_cloud_handle_health (FerryCloudRequest  *request,
                           GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "api");
  json_builder_add_int_value (builder, 1);
  json_builder_end_object (builder);

  return respond_node (request, 200, json_builder_get_root (builder));
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
ferry_cloud_handle_login (FerryCloudRequest  *request,
                          GError            **error)
{
  g_autoptr(JsonNode) body = ferry_cloud_request_parse_body (request, error);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(FerryCloudPrincipal) principal = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *throttle_key = NULL;
  g_autofree char *expires = NULL;
  g_autoptr(JsonNode) described = NULL;
  FerryCloudThrottle *throttle = request->throttle;
  gint64 now = ferry_cloud_store_now (request->store);
  const char *user, *password;
  gint64 expires_at, wait;

  if (body == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (body)
      || (user = string_member (json_node_get_object (body), "user")) == NULL
      || (password = string_member (json_node_get_object (body), "password")) == NULL)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
                   "Log in with {\"user\": \"…\", \"password\": \"…\"}.");
      return FALSE;
    }

  throttle_key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", request->site_id, user);
  if ((wait = ferry_cloud_throttle_check (throttle, throttle_key, now)) > 0)
    {
      g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

      ferry_cloud_request_set_header (request, "Retry-After", after);
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_TOO_MANY_REQUESTS,
                   "Too many failed logins for %s. Wait %s seconds, then try again with the "
                   "right password.", user, after);
      return FALSE;
    }

  token = ferry_cloud_auth_login (request->store, request->site_id, user, password,
                                  request->token_lifetime, &expires_at, &principal, &local_error);
  if (token == NULL)
    {
      if (g_error_matches (local_error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_CREDENTIALS))
        ferry_cloud_throttle_record_failure (throttle, throttle_key, now);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ferry_cloud_throttle_reset (throttle, throttle_key);
  if ((described = ferry_cloud_auth_describe (request->store, principal, error)) == NULL)
    return FALSE;

  expires = ferry_cloud_format_time (expires_at);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
  json_builder_set_member_name (builder, "user");
  json_builder_add_value (builder, g_steal_pointer (&described));
  json_builder_end_object (builder);

  memset (token, 0, strlen (token));
  return respond_node (request, 201, json_builder_get_root (builder));
}

gboolean
ferry_cloud_handle_logout (FerryCloudRequest  *request,
                           GError            **error)
{
  if (!ferry_cloud_auth_revoke (request->store, request->token, error))
    return FALSE;
  ferry_cloud_request_respond (request, 204, NULL);
  return TRUE;
}

gboolean
ferry_cloud_handle_me (FerryCloudRequest  *request,
                       GError            **error)
{
  return respond_node (request, 200,
                       ferry_cloud_auth_describe (request->store, request->principal, error));
}

gboolean
ferry_cloud_handle_companies (FerryCloudRequest  *request,
                              GError            **error)
{
  return respond_node (request, 200,
                       ferry_cloud_store_list_companies (request->store, request->site_id, error));
}

gboolean
ferry_cloud_handle_entities (FerryCloudRequest  *request,
                             GError            **error)
{
  FerryCatalog *catalog = ferry_cloud_store_get_catalog (request->store);
  g_autoptr(GPtrArray) ordered = ferry_catalog_sort_by_dependency (catalog, NULL, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ordered->len; i++)
    {
      FerryEntityType *type = g_ptr_array_index (ordered, i);
      const char * const *key = ferry_entity_type_get_key (type);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, ferry_entity_type_get_id (type));
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, ferry_entity_type_get_label (type));
      json_builder_set_member_name (builder, "direction");
      json_builder_add_string_value (builder,
                                     ferry_direction_to_string (ferry_entity_type_get_direction (type)));
      json_builder_set_member_name (builder, "key");
      json_builder_begin_array (builder);
      for (guint k = 0; key[k] != NULL; k++)
        json_builder_add_string_value (builder, key[k]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return respond_node (request, 200, json_builder_get_root (builder));
}

gboolean
ferry_cloud_handle_company_summary (FerryCloudRequest  *request,
                                    GError            **error)
{
  return respond_node (request, 200,
                       ferry_cloud_records_company_summary (request->store, request->company_id, error));
}

static gboolean
is_valid_idempotency_key (const char *key)
{
  gsize len = key != NULL ? strlen (key) : 0;

  if (len == 0 || len > 128)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (key[i]) && strchr ("._:-", key[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
ferry_cloud_handle_push (FerryCloudRequest  *request,
                         GError            **error)
{
  const char *key = soup_message_headers_get_one (
      soup_server_message_get_request_headers (request->msg), "Idempotency-Key");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) response = NULL;
  gboolean replayed = FALSE;

  if (!is_valid_idempotency_key (key))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MISSING_IDEMPOTENCY_KEY,
                   "A batch needs an Idempotency-Key header of 1 to 128 characters from "
                   "A-Z a-z 0-9 . _ : - so that it can be retried safely.");
      return FALSE;
    }

  body = ferry_cloud_request_get_body (request);
  response = ferry_cloud_records_push (request->store, request->company_id,
                                       request->principal->user_id, request->entity, key,
                                       body, request->max_batch, &replayed, error);
  if (response == NULL)
    return FALSE;
  if (replayed)
    ferry_cloud_request_set_header (request, "Idempotent-Replayed", "true");
  ferry_cloud_request_respond_bytes (request, 200, response);
  return TRUE;
}

/* An unsigned query parameter in [min, max], or @fallback when absent. */
static gboolean
query_number (FerryCloudRequest  *request,
              const char         *name,
              guint64             min,
              guint64             max,
              guint64             fallback,
              guint64            *out_value,
              GError            **error)
{
  const char *text = ferry_cloud_request_query (request, name);

  if (text == NULL)
    {
      *out_value = fallback;
      return TRUE;
    }
  if (g_ascii_string_to_unsigned (text, 10, min, max, out_value, NULL))
    return TRUE;
  g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
               "The query parameter %s is “%s”; it must be a whole number from %"
               G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT ".", name, text, min, max);
  return FALSE;
}

static gboolean
query_boolean (FerryCloudRequest  *request,
               const char         *name,
               gboolean            fallback,
               gboolean           *out_value,
               GError            **error)
{
  const char *text = ferry_cloud_request_query (request, name);

  if (text == NULL)
    *out_value = fallback;
  else if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
    *out_value = TRUE;
  else if (g_strcmp0 (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
    *out_value = FALSE;
  else
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "The query parameter %s is “%s”; use true or false.", name, text);
      return FALSE;
    }
  return TRUE;
}

gboolean
ferry_cloud_handle_records (FerryCloudRequest  *request,
                            GError            **error)
{
  guint64 limit;
  gboolean with_fields, include_deleted;

  if (!query_number (request, "limit", 1, 5000, 500, &limit, error)
      || !query_boolean (request, "fields", TRUE, &with_fields, error)
      || !query_boolean (request, "include_deleted", FALSE, &include_deleted, error))
    return FALSE;

  return respond_node (request, 200,
                       ferry_cloud_records_list (request->store, request->company_id, request->entity,
                                                 ferry_cloud_request_query (request, "after"),
                                                 (guint) limit, with_fields, include_deleted, error));
}

gboolean
ferry_cloud_handle_entity_summary (FerryCloudRequest  *request,
                                   GError            **error)
{
  return respond_node (request, 200,
                       ferry_cloud_records_summary (request->store, request->company_id,
                                                    request->entity, error));
}

gboolean
ferry_cloud_handle_exports (FerryCloudRequest  *request,
                            GError            **error)
{
  const char *entity_id = ferry_cloud_request_query (request, "entity");
  FerryEntityType *entity = NULL;
  guint64 after, limit;

  if (!query_number (request, "after", 0, G_MAXINT64, 0, &after, error)
      || !query_number (request, "limit", 1, 1000, 100, &limit, error))
    return FALSE;
  if (entity_id != NULL)
    {
      entity = ferry_catalog_lookup (ferry_cloud_store_get_catalog (request->store), entity_id);
      if (entity == NULL || !ferry_entity_type_is_export (entity))
        {
          g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNKNOWN_ENTITY,
                       "“%s” is not an export entity type of the catalog.", entity_id);
          return FALSE;
        }
    }

  return respond_node (request, 200,
                       ferry_cloud_exports_feed (request->store, request->company_id,
                                                 (gint64) after, (guint) limit, entity, error));
}

gboolean
ferry_cloud_handle_acknowledgements (FerryCloudRequest  *request,
                                     GError            **error)
{
  g_autoptr(JsonNode) body = ferry_cloud_request_parse_body (request, error);

  if (body == NULL)
    return FALSE;
  return respond_node (request, 200,
                       ferry_cloud_exports_acknowledge (request->store, request->company_id,
                                                        request->principal->user_id, body, error));
}
