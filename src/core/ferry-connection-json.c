/* ferry-connection-json.c: connections as JSON, and the rules they follow
 *
 * Every message names the connection and the member (as spelt in
 * connections.json) and says what to do, so an administrator can fix a
 * hand-edited file or a form from the message alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-connection"

#include "ferry-connection.h"

#include <string.h>

#include "ferry-error.h"
#include "ferry-schedule.h"
#include "ferry-json-util.h"

#define MAX_CODE_LENGTH 64
#define MAX_USER_LENGTH 256

/* String settings: the member in JSON and the property it fills. */
static const struct
{
  const char *member;
  const char *property;
} string_members[] = {
  { "name", "name" },
  { "location", "location" },
  { "site_url", "site-url" },
  { "site", "site" },
  { "company", "company" },
  { "user", "user" },
  { "schedule", "schedule" },
  { "deep_schedule", "deep-schedule" },
};

static const char * const known_members[] = {
  "id", "name", "kind", "location", "site_url", "site", "company", "user",
  "entities", "disabled_fields", "schedule", "deep_schedule", "batch_size", "stop_on_error", NULL
};

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return TRUE;
    }
  return FALSE;
}

gboolean
ferry_connection_check_name (const char  *name,
                             GError     **error)
{
  const char *last;

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                           "A connection needs a name, e.g. “Main office”");
      return FALSE;
    }
  if (!g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                           "The connection name is not valid UTF-8 text; type it again");
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > FERRY_CONNECTION_NAME_MAX)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "The connection name “%s” has %ld characters; use at most %d",
                   name, (long) g_utf8_strlen (name, -1), FERRY_CONNECTION_NAME_MAX);
      return FALSE;
    }
  if (strchr (name, '/') != NULL || has_control_chars (name))
    {
      g_autofree char *shown = g_strescape (name, NULL);

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "The connection name “%s” must not contain “/”, tabs or line breaks; "
                   "choose another name", shown);
      return FALSE;
    }
  last = g_utf8_prev_char (name + strlen (name));
  if (g_unichar_isspace (g_utf8_get_char (name)) || g_unichar_isspace (g_utf8_get_char (last)))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "The connection name “%s” must not begin or end with a space", name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
url_error (GError    **error,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static gboolean
url_error (GError    **error,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                                format, args));
  va_end (args);
  return FALSE;
}

gboolean
ferry_connection_check_url (const char  *url,
                            GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;

  if (url == NULL || *url == '\0')
    return url_error (error, "The cloud site URL is empty; enter the address of your "
                      "cloud portal, e.g. https://cloud.example.com");
  if (strstr (url, "://") == NULL && !has_control_chars (url))
    return url_error (error, "“%s” is not a full address; did you mean https://%s ?", url, url);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return url_error (error, "“%s” is not a valid address; enter it as "
                      "https://cloud.example.com", url);

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_uri_get_userinfo (uri) != NULL)
    return url_error (error, "The site URL must not contain a user name or password; "
                      "remove the part before “@” and enter the user name in its own field");
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return url_error (error, "The site URL “%s” must not contain “?” or “#”; "
                      "give just the server address, e.g. https://%s", url, host);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") != 0)
    return url_error (error, "The site URL “%s” uses “%s:”; Ferry talks to the cloud "
                      "over https:// only", url, scheme);
  if (is_loopback_host (host))
    return TRUE;

  return url_error (error, "The site URL “%s” is not encrypted: your password and records "
                    "would cross the network readable by anyone on the way. Use https://%s "
                    "instead; plain http:// is accepted only for this computer (localhost, "
                    "127.0.0.1, ::1), e.g. for tests", url, host);
}

gboolean
ferry_connection_check_schedule (const char  *schedule,
                                 GError     **error)
{
  FerrySchedule parsed;

  return ferry_schedule_parse (schedule, &parsed, error);
}

/* Adds what names the connection and @member to the front of @error. */
static gboolean
prefix_member (GError         **error,
               FerryConnection *self,
               const char      *member)
{
  const char *name = ferry_connection_get_name (self);

  if (ferry_connection_check_name (name, NULL))
    g_prefix_error (error, "Connection “%s”, “%s”: ", name, member);
  else
    g_prefix_error (error, "Connection %s, “%s”: ", ferry_connection_get_id (self), member);
  return FALSE;
}

static gboolean
check_code (const char  *value,
            const char  *what,
            GError     **error)
{
  gsize length = strlen (value);
  gboolean ok = length <= MAX_CODE_LENGTH;

  for (gsize i = 0; ok && i < length; i++)
    ok = g_ascii_isalnum (value[i]) || strchr ("._-", value[i]) != NULL;
  if (ok)
    return TRUE;

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "“%s” is not a %s: use letters, digits, “.”, “-” and “_”, at most %d",
               value, what, MAX_CODE_LENGTH);
  return FALSE;
}

static gboolean
check_location (const char  *location,
                GError     **error)
{
  if (*location == '\0')
    g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                         "no accounting database; give the path of its file");
  else if (!g_path_is_absolute (location) || has_control_chars (location))
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                 "“%s” is not a full path; give it from “/”, e.g. /srv/accounting/company.db",
                 location);
  else
    return TRUE;
  return FALSE;
}

static gboolean
check_user (const char  *user,
            GError     **error)
{
  if (strlen (user) <= MAX_USER_LENGTH && g_utf8_validate (user, -1, NULL)
      && !has_control_chars (user))
    return TRUE;

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "the user name must be text of at most %d bytes without control characters",
               MAX_USER_LENGTH);
  return FALSE;
}

static gboolean
check_entities (FerryConnection  *self,
                GError          **error)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (self);
  g_auto(GStrv) entities = ferry_connection_dup_enabled_entities (self);

  for (guint i = 0; entities[i] != NULL; i++)
    {
      if (ferry_catalog_lookup (catalog, entities[i]) != NULL)
        continue;
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "unknown entity type “%s”; remove it (`ferryctl catalog` lists the ids)",
                   entities[i]);
      return prefix_member (error, self, "entities");
    }
  return TRUE;
}

static gboolean
check_disabled_fields (FerryConnection  *self,
                       GError          **error)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (self);
  g_auto(GStrv) entities = ferry_connection_dup_field_entities (self);

  for (guint i = 0; entities[i] != NULL; i++)
    {
      FerryEntityType *type = ferry_catalog_lookup (catalog, entities[i]);
      g_auto(GStrv) fields = ferry_connection_dup_disabled_fields (self, entities[i]);

      if (type == NULL)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "unknown entity type “%s”; remove it", entities[i]);
          return prefix_member (error, self, "disabled_fields");
        }
      for (guint j = 0; fields[j] != NULL; j++)
        {
          FerryField *field = ferry_entity_type_lookup_field (type, fields[j]);

          if (field == NULL)
            g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                         "entity type “%s” has no field “%s”; remove it",
                         entities[i], fields[j]);
          else if (!ferry_field_get_optional (field))
            g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                         "field “%s” of “%s” (%s) is required and cannot be switched off; "
                         "remove it", fields[j], entities[i], ferry_entity_type_get_label (type));
          else
            continue;
          return prefix_member (error, self, "disabled_fields");
        }
    }
  return TRUE;
}

gboolean
ferry_connection_validate (FerryConnection  *self,
                           GError          **error)
{
  const char *site_url;
  guint batch_size;

  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);

  if (!ferry_connection_check_name (ferry_connection_get_name (self), error))
    return prefix_member (error, self, "name");
  if (!check_location (ferry_connection_get_location (self), error))
    return prefix_member (error, self, "location");
  site_url = ferry_connection_get_site_url (self);
  if (*site_url != '\0' && !ferry_connection_check_url (site_url, error))
    return prefix_member (error, self, "site_url");
  if (!check_code (ferry_connection_get_site (self), "site name", error))
    return prefix_member (error, self, "site");
  if (!check_code (ferry_connection_get_company (self), "company code", error))
    return prefix_member (error, self, "company");
  if (!check_user (ferry_connection_get_user (self), error))
    return prefix_member (error, self, "user");
  if (!ferry_connection_check_schedule (ferry_connection_get_schedule (self), error))
    return prefix_member (error, self, "schedule");
  if (!ferry_connection_check_schedule (ferry_connection_get_deep_schedule (self), error))
    return prefix_member (error, self, "deep_schedule");

  batch_size = ferry_connection_get_batch_size (self);
  if (batch_size < FERRY_CONNECTION_BATCH_MIN || batch_size > FERRY_CONNECTION_BATCH_MAX)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "%u records per batch is out of range; use %d to %d",
                   batch_size, FERRY_CONNECTION_BATCH_MIN, FERRY_CONNECTION_BATCH_MAX);
      return prefix_member (error, self, "batch_size");
    }

  return check_entities (self, error) && check_disabled_fields (self, error);
}

gboolean
ferry_connection_check_cloud (FerryConnection  *self,
                              GError          **error)
{
  static const struct { const char *property; const char *what; } needed[] = {
    { "site-url", "cloud site URL" },
    { "site", "site" },
    { "company", "company" },
    { "user", "user name" },
  };

  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      g_autofree char *value = NULL;

      g_object_get (self, needed[i].property, &value, NULL);
      if (*value != '\0')
        continue;

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Connection “%s” has no %s; set it in the connection's settings "
                   "before syncing", ferry_connection_get_name (self), needed[i].what);
      return FALSE;
    }
  return ferry_connection_check_url (ferry_connection_get_site_url (self), error)
         || prefix_member (error, self, "site_url");
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_mappings (FerryConnection *self,
              JsonBuilder     *builder)
{
  g_auto(GStrv) entities = ferry_connection_dup_enabled_entities (self);
  g_auto(GStrv) field_entities = ferry_connection_dup_field_entities (self);

  add_strv (builder, "entities", (const char * const *) entities);
  json_builder_set_member_name (builder, "disabled_fields");
  json_builder_begin_object (builder);
  for (guint i = 0; field_entities[i] != NULL; i++)
    {
      g_auto(GStrv) fields = ferry_connection_dup_disabled_fields (self, field_entities[i]);

      add_strv (builder, field_entities[i], (const char * const *) fields);
    }
  json_builder_end_object (builder);
}

JsonNode *
ferry_connection_to_json (FerryConnection *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, ferry_connection_get_id (self));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder,
                                 ferry_accounting_kind_to_string (ferry_connection_get_kind (self)));
  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    {
      g_autofree char *value = NULL;

      g_object_get (self, string_members[i].property, &value, NULL);
      json_builder_set_member_name (builder, string_members[i].member);
      json_builder_add_string_value (builder, value);
    }
  json_builder_set_member_name (builder, "batch_size");
  json_builder_add_int_value (builder, ferry_connection_get_batch_size (self));
  json_builder_set_member_name (builder, "stop_on_error");
  json_builder_add_boolean_value (builder, ferry_connection_get_stop_on_error (self));
  add_mappings (self, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Before the connection's name is known, messages name it by position. */
static gboolean
member_error (GError     **error,
              const char  *context,
              const char  *member,
              const char  *problem)
{
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "%s, “%s”: %s", context, member, problem);
  return FALSE;
}

/* A member holding a value of @type (G_TYPE_STRING, G_TYPE_INT64,
 * G_TYPE_BOOLEAN), an array or an object; *out is NULL when it is absent
 * and not @required. */
static gboolean
get_member (JsonObject  *object,
            const char  *context,
            const char  *member,
            GType        type,
            gboolean     required,
            JsonNode   **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return !required || member_error (error, context, member, "missing; add it");

  if (!ferry_json_node_holds (node, type))
    {
      const char *expected = type == G_TYPE_STRING ? "must be a string"
                             : type == G_TYPE_INT64 ? "must be a whole number"
                             : type == G_TYPE_BOOLEAN ? "must be true or false"
                             : type == JSON_TYPE_ARRAY ? "must be an array of strings"
                             : "must be an object";

      return member_error (error, context, member, expected);
    }

  *out = node;
  return TRUE;
}

/* An array of strings as a new vector. */
static gboolean
read_strv (JsonNode    *node,
           const char  *context,
           const char  *member,
           GStrv       *out,
           GError     **error)
{
  JsonArray *array = json_node_get_array (node);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return member_error (error, context, member, "must be an array of strings");
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_mappings (FerryConnection  *self,
               JsonObject       *object,
               const char       *context,
               GError          **error)
{
  g_auto(GStrv) defaults = ferry_connection_dup_field_entities (self);
  JsonObjectIter iter;
  const char *entity_id;
  JsonNode *node;

  if (!get_member (object, context, "entities", JSON_TYPE_ARRAY, FALSE, &node, error))
    return FALSE;
  if (node != NULL)
    {
      g_auto(GStrv) entities = NULL;

      if (!read_strv (node, context, "entities", &entities, error))
        return FALSE;
      ferry_connection_set_enabled_entities (self, (const char * const *) entities);
    }

  if (!get_member (object, context, "disabled_fields", JSON_TYPE_OBJECT, FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  /* The file lists every switched-off field: none of the defaults stay. */
  for (guint i = 0; defaults[i] != NULL; i++)
    ferry_connection_set_disabled_fields (self, defaults[i], NULL);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &entity_id, &node))
    {
      g_autofree char *where = g_strdup_printf ("%s, “disabled_fields”", context);
      g_auto(GStrv) fields = NULL;

      if (ferry_catalog_lookup (ferry_connection_get_catalog (self), entity_id) == NULL)
        return member_error (error, where, entity_id, "unknown entity type; remove it");
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return member_error (error, where, entity_id, "must be an array of field names");
      if (!read_strv (node, where, entity_id, &fields, error))
        return FALSE;
      ferry_connection_set_disabled_fields (self, entity_id, (const char * const *) fields);
    }
  return TRUE;
}

static gboolean
check_members (JsonObject  *object,
               const char  *context,
               GError     **error)
{
  JsonObjectIter iter;
  const char *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    {
      if (!g_strv_contains (known_members, member))
        return member_error (error, context, member,
                             "unknown member (a typo, or a file from a newer Ferry?); remove it");
    }
  return TRUE;
}

static gboolean
read_settings (FerryConnection  *self,
               JsonObject       *object,
               const char       *context,
               GError          **error)
{
  JsonNode *node;

  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    {
      const char *member = string_members[i].member;
      gboolean required = g_str_equal (member, "name") || g_str_equal (member, "location");

      if (!get_member (object, context, member, G_TYPE_STRING, required, &node, error))
        return FALSE;
      if (node != NULL)
        g_object_set (self, string_members[i].property, json_node_get_string (node), NULL);
    }

  if (!get_member (object, context, "batch_size", G_TYPE_INT64, FALSE, &node, error))
    return FALSE;
  if (node != NULL)
    {
      gint64 size = json_node_get_int (node);

      if (size < FERRY_CONNECTION_BATCH_MIN || size > FERRY_CONNECTION_BATCH_MAX)
        return member_error (error, context, "batch_size", "must be from 1 to 1000");
      ferry_connection_set_batch_size (self, (guint) size);
    }

  if (!get_member (object, context, "stop_on_error", G_TYPE_BOOLEAN, FALSE, &node, error))
    return FALSE;
  if (node != NULL)
    ferry_connection_set_stop_on_error (self, json_node_get_boolean (node));

  return read_mappings (self, object, context, error);
}

FerryConnection *
ferry_connection_new_from_json (FerryCatalog  *catalog,
                                JsonNode      *node,
                                GError       **error)
{
  g_autoptr(FerryConnection) self = NULL;
  g_autofree char *context = NULL;
  FerryAccountingKind kind;
  JsonObject *object;
  JsonNode *member;

  g_return_val_if_fail (catalog == NULL || FERRY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                           "A connection must be a JSON object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_member (object, "Connection", "id", G_TYPE_STRING, TRUE, &member, error))
    return NULL;
  if (!g_uuid_string_is_valid (json_node_get_string (member)))
    {
      member_error (error, "Connection", "id", "must be a UUID; restore the id it had");
      return NULL;
    }
  context = g_strdup_printf ("Connection %s", json_node_get_string (member));
  self = g_object_new (FERRY_TYPE_CONNECTION,
                       "catalog", catalog,
                       "id", json_node_get_string (member),
                       NULL);

  if (!get_member (object, context, "name", G_TYPE_STRING, TRUE, &member, error))
    return NULL;
  if (ferry_connection_check_name (json_node_get_string (member), NULL))
    {
      g_free (context);
      context = g_strdup_printf ("Connection “%s”", json_node_get_string (member));
    }

  if (!check_members (object, context, error)
      || !get_member (object, context, "kind", G_TYPE_STRING, TRUE, &member, error))
    return NULL;
  if (!ferry_accounting_kind_from_string (json_node_get_string (member), &kind))
    {
      member_error (error, context, "kind", "unknown accounting system; Ferry knows: sqlite");
      return NULL;
    }
  ferry_connection_set_kind (self, kind);

  if (!read_settings (self, object, context, error) || !ferry_connection_validate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}
