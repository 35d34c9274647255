/* ferry-cloud-client-parse.c: the cloud's JSON answers as C structs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every member is checked for presence and type before it is read, so an
 * answer that does not follow docs/cloud-api.md fails with
 * FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE instead of a critical warning
 * or a half-filled struct. Unknown members are ignored: the API may grow.
 */
#define G_LOG_DOMAIN "ferry-cloud-client"

#include "config.h"

#include <string.h>

#include "ferry-cloud-client-private.h"
#include "ferry-record-key.h"

static const char * const result_names[] = {
  "created", "updated", "unchanged", "deleted", "rejected",
};

G_STATIC_ASSERT (G_N_ELEMENTS (result_names) == FERRY_CLOUD_RESULT_REJECTED + 1);

const char *
ferry_cloud_result_to_string (FerryCloudResult result)
{
  g_return_val_if_fail ((guint) result < G_N_ELEMENTS (result_names), NULL);
  return result_names[result];
}

/* ---- Freeing --------------------------------------------------------- */

static void
company_free (gpointer data)
{
  FerryCloudCompany *company = data;

  g_free (company->code);
  g_free (company->name);
  g_free (company);
}

void
ferry_cloud_user_free (FerryCloudUser *user)
{
  if (user == NULL)
    return;
  g_free (user->site);
  g_free (user->user);
  g_free (user->display_name);
  g_free (user->role);
  g_clear_pointer (&user->companies, g_ptr_array_unref);
  g_free (user);
}

FerryCloudUser *
ferry_cloud_user_copy (const FerryCloudUser *user)
{
  FerryCloudUser *copy;

  g_return_val_if_fail (user != NULL, NULL);

  copy = g_new0 (FerryCloudUser, 1);
  copy->site = g_strdup (user->site);
  copy->user = g_strdup (user->user);
  copy->display_name = g_strdup (user->display_name);
  copy->role = g_strdup (user->role);
  copy->can_sync = user->can_sync;
  copy->companies = g_ptr_array_new_with_free_func (company_free);
  for (guint i = 0; user->companies != NULL && i < user->companies->len; i++)
    {
      const FerryCloudCompany *company = g_ptr_array_index (user->companies, i);
      FerryCloudCompany *dup = g_new0 (FerryCloudCompany, 1);

      dup->code = g_strdup (company->code);
      dup->name = g_strdup (company->name);
      g_ptr_array_add (copy->companies, dup);
    }
  return copy;
}

G_DEFINE_BOXED_TYPE (FerryCloudUser, ferry_cloud_user, ferry_cloud_user_copy, ferry_cloud_user_free)

void
ferry_cloud_summary_free (FerryCloudSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->entity);
  g_free (summary->digest);
  g_free (summary);
}

static void
record_clear (gpointer data)
{
  FerryCloudRecord *record = data;

  g_free (record->key_text);
  g_free (record->hash);
  g_free (record->updated_at);
  g_clear_pointer (&record->fields, json_object_unref);
}

void
ferry_cloud_record_page_free (FerryCloudRecordPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->records, g_array_unref);
  g_free (page->next);
  g_free (page);
}

static void
export_item_clear (gpointer data)
{
  FerryCloudExportItem *item = data;

  g_free (item->export_id);
  g_free (item->entity);
  g_free (item->last_error);
  g_free (item->created_at);
  g_free (item->updated_at);
  g_clear_pointer (&item->fields, json_object_unref);
}

void
ferry_cloud_export_page_free (FerryCloudExportPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->items, g_array_unref);
  g_free (page);
}

static void
ack_outcome_clear (gpointer data)
{
  FerryCloudAckOutcome *outcome = data;

  g_free (outcome->export_id);
}

/* ---- Reading members ------------------------------------------------- */

gboolean
ferry_cloud_invalid (GError    **error,
                     const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE,
                       message);
  return FALSE;
}

/* The member @name holding a value of @type (G_TYPE_STRING, G_TYPE_INT64,
 * G_TYPE_BOOLEAN); NULL in *@out when it is null or absent and @nullable. */
static gboolean
read_value (JsonObject  *object,
            const char  *name,
            GType        type,
            gboolean     nullable,
            JsonNode   **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (nullable)
        return TRUE;
      return ferry_cloud_invalid (error, "the member “%s” is missing", name);
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return ferry_cloud_invalid (error, "the member “%s” is not %s", name,
                                type == G_TYPE_STRING ? "text"
                                : type == G_TYPE_INT64 ? "a whole number" : "true or false");
  *out = node;
  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *name,
             gboolean     nullable,
             char       **out,
             GError     **error)
{
  JsonNode *node;

  if (!read_value (object, name, G_TYPE_STRING, nullable, &node, error))
    return FALSE;
  *out = node != NULL ? json_node_dup_string (node) : NULL;
  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *name,
          gboolean     nullable,
          gint64      *out,
          GError     **error)
{
  JsonNode *node;

  if (!read_value (object, name, G_TYPE_INT64, nullable, &node, error))
    return FALSE;
  *out = node != NULL ? json_node_get_int (node) : 0;
  return TRUE;
}

static gboolean
read_boolean (JsonObject  *object,
              const char  *name,
              gboolean    *out,
              GError     **error)
{
  JsonNode *node;

  if (!read_value (object, name, G_TYPE_BOOLEAN, FALSE, &node, error))
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_array (JsonObject  *object,
            const char  *name,
            JsonArray  **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return ferry_cloud_invalid (error, "the member “%s” is not a list", name);
  *out = json_node_get_array (node);
  return TRUE;
}

/* An owned reference to the object member @name, or NULL when null/absent
 * and @nullable. */
static gboolean
read_object (JsonObject  *object,
             const char  *name,
             gboolean     nullable,
             JsonObject **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && nullable)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return ferry_cloud_invalid (error, "the member “%s” is not an object", name);
  *out = json_object_ref (json_node_get_object (node));
  return TRUE;
}

/* Element @i of @array as an object, or an error naming @what. */
static JsonObject *
element_object (JsonArray   *array,
                guint        i,
                const char  *what,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ferry_cloud_invalid (error, "%s %u is not an object", what, i + 1);
      return NULL;
    }
  return json_node_get_object (node);
}

/* The canonical key text of the key array in @node, or NULL if it is not
 * an array of strings. */
static char *
key_text_of (JsonNode *node)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return NULL;
      g_ptr_array_add (values, (gpointer) json_node_get_string (element));
    }
  g_ptr_array_add (values, NULL);
  return ferry_record_key_to_text ((const char * const *) values->pdata);
}

/* ---- Answers ----------------------------------------------------------- */

static gboolean
parse_companies (JsonObject *object,
                 GPtrArray  *out,
                 GError    **error)
{
  JsonArray *companies = NULL;

  /* The login answer's user has no companies; /me has them. */
  if (!json_object_has_member (object, "companies"))
    return TRUE;
  if (!read_array (object, "companies", &companies, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (companies); i++)
    {
      JsonObject *element = element_object (companies, i, "company", error);
      FerryCloudCompany *company;

      if (element == NULL)
        return FALSE;
      company = g_new0 (FerryCloudCompany, 1);
      g_ptr_array_add (out, company);
      if (!read_string (element, "code", FALSE, &company->code, error)
          || !read_string (element, "name", FALSE, &company->name, error))
        return FALSE;
    }
  return TRUE;
}

FerryCloudUser *
ferry_cloud_parse_user (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(FerryCloudUser) user = g_new0 (FerryCloudUser, 1);

  user->companies = g_ptr_array_new_with_free_func (company_free);
  if (!read_string (object, "site", FALSE, &user->site, error)
      || !read_string (object, "user", FALSE, &user->user, error)
      || !read_string (object, "display_name", TRUE, &user->display_name, error)
      || !read_string (object, "role", FALSE, &user->role, error)
      || !read_boolean (object, "can_sync", &user->can_sync, error)
      || !parse_companies (object, user->companies, error))
    return NULL;
  if (user->display_name == NULL)
    user->display_name = g_strdup (user->user);
  return g_steal_pointer (&user);
}

gboolean
ferry_cloud_parse_login (JsonObject      *object,
                         char           **out_token,
                         FerryCloudUser **out_user,
                         GError         **error)
{
  g_autoptr(JsonObject) user_object = NULL;
  g_autoptr(FerryCloudUser) user = NULL;
  char *token = NULL;

  if (!read_object (object, "user", FALSE, &user_object, error)
      || (user = ferry_cloud_parse_user (user_object, error)) == NULL
      || !read_string (object, "token", FALSE, &token, error))
    return FALSE;
  if (token == NULL || *token == '\0' || strpbrk (token, " \t\r\n") != NULL)
    {
      g_free (token);
      return ferry_cloud_invalid (error, "the token is not usable in a header");
    }
  *out_token = token;
  *out_user = g_steal_pointer (&user);
  return TRUE;
}

FerryCloudSummary *
ferry_cloud_parse_summary (JsonObject  *object,
                           GError     **error)
{
  g_autoptr(FerryCloudSummary) summary = g_new0 (FerryCloudSummary, 1);

  if (!read_string (object, "entity", FALSE, &summary->entity, error)
      || !read_int (object, "count", FALSE, &summary->count, error)
      || !read_int (object, "deleted", FALSE, &summary->deleted, error)
      || !read_string (object, "digest", FALSE, &summary->digest, error))
    return NULL;
  if (!ferry_record_hash_is_valid (summary->digest))
    {
      ferry_cloud_invalid (error, "the digest “%s” is not 64 hex digits", summary->digest);
      return NULL;
    }
  return g_steal_pointer (&summary);
}

GPtrArray *
ferry_cloud_parse_summaries (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(GPtrArray) summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_cloud_summary_free);
  JsonArray *entities = NULL;

  if (!read_array (object, "entities", &entities, error))
    return NULL;
  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      JsonObject *element = element_object (entities, i, "summary", error);
      FerryCloudSummary *summary;

      if (element == NULL || (summary = ferry_cloud_parse_summary (element, error)) == NULL)
        return NULL;
      g_ptr_array_add (summaries, summary);
    }
  return g_steal_pointer (&summaries);
}

static gboolean
parse_record (JsonObject       *object,
              FerryCloudRecord *out,
              GError          **error)
{
  out->key_text = key_text_of (json_object_get_member (object, "key"));
  if (out->key_text == NULL)
    return ferry_cloud_invalid (error, "the member “key” is not a list of text");
  return read_string (object, "hash", TRUE, &out->hash, error)
         && read_int (object, "version", FALSE, &out->version, error)
         && read_boolean (object, "deleted", &out->deleted, error)
         && read_string (object, "updated_at", FALSE, &out->updated_at, error)
         && read_object (object, "fields", TRUE, &out->fields, error);
}

FerryCloudRecordPage *
ferry_cloud_parse_record_page (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(FerryCloudRecordPage) page = g_new0 (FerryCloudRecordPage, 1);
  JsonArray *records = NULL;
  guint n;

  if (!read_array (object, "records", &records, error)
      || !read_string (object, "next", TRUE, &page->next, error))
    return NULL;

  n = json_array_get_length (records);
  page->records = g_array_sized_new (FALSE, TRUE, sizeof (FerryCloudRecord), n);
  g_array_set_clear_func (page->records, record_clear);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *element = element_object (records, i, "record", error);

      if (element == NULL)
        return NULL;
      g_array_set_size (page->records, i + 1);
      if (!parse_record (element, &g_array_index (page->records, FerryCloudRecord, i), error))
        {
          g_prefix_error (error, "record %u: ", i + 1);
          return NULL;
        }
    }
  return g_steal_pointer (&page);
}

static gboolean
parse_export_item (JsonObject           *object,
                   FerryCloudExportItem *out,
                   GError              **error)
{
  g_autofree char *status = NULL;

  if (!read_string (object, "export_id", FALSE, &out->export_id, error)
      || !read_string (object, "entity", FALSE, &out->entity, error)
      || !read_int (object, "version", FALSE, &out->version, error)
      || !read_int (object, "sequence", FALSE, &out->sequence, error)
      || !read_string (object, "status", FALSE, &status, error)
      || !read_int (object, "attempts", TRUE, &out->attempts, error)
      || !read_string (object, "last_error", TRUE, &out->last_error, error)
      || !read_string (object, "created_at", FALSE, &out->created_at, error)
      || !read_string (object, "updated_at", FALSE, &out->updated_at, error)
      || !read_object (object, "fields", FALSE, &out->fields, error))
    return FALSE;
  if (g_str_equal (status, "pending"))
    out->status = FERRY_CLOUD_EXPORT_PENDING;
  else if (g_str_equal (status, "failed"))
    out->status = FERRY_CLOUD_EXPORT_FAILED;
  else
    return ferry_cloud_invalid (error, "“%s” is not an export status Ferry knows", status);
  return TRUE;
}

FerryCloudExportPage *
ferry_cloud_parse_export_page (JsonObject  *object,
                               GError     **error)
{
  g_autoptr(FerryCloudExportPage) page = g_new0 (FerryCloudExportPage, 1);
  JsonArray *items = NULL;
  JsonNode *next;
  guint n;

  if (!read_array (object, "items", &items, error)
      || !read_value (object, "next_after", G_TYPE_INT64, TRUE, &next, error))
    return NULL;
  page->next_after = next != NULL ? json_node_get_int (next) : -1;

  n = json_array_get_length (items);
  page->items = g_array_sized_new (FALSE, TRUE, sizeof (FerryCloudExportItem), n);
  g_array_set_clear_func (page->items, export_item_clear);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *element = element_object (items, i, "export item", error);

      if (element == NULL)
        return NULL;
      g_array_set_size (page->items, i + 1);
      if (!parse_export_item (element, &g_array_index (page->items, FerryCloudExportItem, i), error))
        {
          g_prefix_error (error, "export item %u: ", i + 1);
          return NULL;
        }
    }
  return g_steal_pointer (&page);
}

static gboolean
parse_ack_outcome (JsonObject           *object,
                   FerryCloudAckOutcome *out,
                   GError              **error)
{
  g_autofree char *result = NULL;

  if (!read_string (object, "export_id", FALSE, &out->export_id, error)
      || !read_int (object, "version", FALSE, &out->version, error)
      || !read_string (object, "result", FALSE, &result, error))
    return FALSE;
  if (g_str_equal (result, "recorded"))
    out->result = FERRY_CLOUD_ACK_RECORDED;
  else if (g_str_equal (result, "stale"))
    out->result = FERRY_CLOUD_ACK_STALE;
  else if (g_str_equal (result, "unknown"))
    out->result = FERRY_CLOUD_ACK_UNKNOWN;
  else
    return ferry_cloud_invalid (error, "“%s” is not an acknowledgement result Ferry knows",
                                result);
  return TRUE;
}

GArray *
ferry_cloud_parse_ack_outcomes (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(GArray) outcomes = NULL;
  JsonArray *results = NULL;
  guint n;

  if (!read_array (object, "results", &results, error))
    return NULL;
  n = json_array_get_length (results);
  outcomes = g_array_sized_new (FALSE, TRUE, sizeof (FerryCloudAckOutcome), n);
  g_array_set_clear_func (outcomes, ack_outcome_clear);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *element = element_object (results, i, "result", error);

      if (element == NULL)
        return NULL;
      g_array_set_size (outcomes, i + 1);
      if (!parse_ack_outcome (element, &g_array_index (outcomes, FerryCloudAckOutcome, i), error))
        {
          g_prefix_error (error, "result %u: ", i + 1);
          return NULL;
        }
    }
  return g_steal_pointer (&outcomes);
}

GBytes *
ferry_cloud_build_acknowledgements (const FerryCloudAcknowledgement *acks,
                                    guint                            n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  gsize len = 0;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "acknowledgements");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "export_id");
      json_builder_add_string_value (builder, acks[i].export_id);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, acks[i].version);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, acks[i].applied ? "applied" : "failed");
      if (acks[i].accounting_id != NULL)
        {
          json_builder_set_member_name (builder, "accounting_id");
          json_builder_add_string_value (builder, acks[i].accounting_id);
        }
      if (acks[i].message != NULL)
        {
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, acks[i].message);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  text = ferry_cloud_builder_to_text (builder, &len);
  return g_bytes_new_take (text, len);
}

char *
ferry_cloud_builder_to_text (JsonBuilder *builder,
                             gsize       *out_length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, out_length);
}
