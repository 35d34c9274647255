/* ferry-catalog-json.c: reading and writing the members of catalog.json
 *
 * Every reader says which entry and which member is wrong, and how, so an
 * administrator editing a catalog can fix it from the message alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-catalog-json"

#include "ferry-catalog-private.h"
#include "ferry-error.h"
#include "ferry-json-util.h"

/* A node "holds" a kind when it is a value of that GType, or an array or
 * object for JSON_TYPE_ARRAY and JSON_TYPE_OBJECT. Strings must not be
 * empty: an empty id or label is always a mistake. */
static gboolean
node_holds (JsonNode *node,
            GType     kind)
{
  if (!ferry_json_node_holds (node, kind))
    return FALSE;

  return kind != G_TYPE_STRING || *json_node_get_string (node) != '\0';
}

static gboolean
wrong_type (const char *context,
            const char *member,
            const char *expected,
            GError    **error)
{
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
               "%s: member “%s” must be %s", context, member, expected);
  return FALSE;
}

/* *out is the member's node, or NULL when it is absent and not @required.
 * @expected describes @kind for the message, e.g. "true or false". */
static gboolean
get_member (JsonObject *object,
            const char *context,
            const char *member,
            gboolean    required,
            GType       kind,
            const char *expected,
            JsonNode  **out,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL && required)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
                   "%s: member “%s” is missing; add it", context, member);
      return FALSE;
    }
  if (node != NULL && !node_holds (node, kind))
    return wrong_type (context, member, expected, error);

  *out = node;
  return TRUE;
}

gboolean
ferry_catalog_json_get_string (JsonObject  *object,
                               const char  *context,
                               const char  *member,
                               gboolean     required,
                               const char **out,
                               GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (object, context, member, required, G_TYPE_STRING, "a non-empty string",
                   &node, error))
    return FALSE;

  *out = node != NULL ? json_node_get_string (node) : NULL;
  return TRUE;
}

gboolean
ferry_catalog_json_get_boolean (JsonObject *object,
                                const char *context,
                                const char *member,
                                gboolean    required,
                                gboolean    fallback,
                                gboolean   *out,
                                GError    **error)
{
  JsonNode *node;

  *out = fallback;
  if (!get_member (object, context, member, required, G_TYPE_BOOLEAN, "true or false",
                   &node, error))
    return FALSE;

  *out = node != NULL ? json_node_get_boolean (node) : fallback;
  return TRUE;
}

gboolean
ferry_catalog_json_get_int (JsonObject *object,
                            const char *context,
                            const char *member,
                            gint64     *out,
                            GError    **error)
{
  JsonNode *node;

  if (!get_member (object, context, member, TRUE, G_TYPE_INT64, "a whole number", &node,
                   error))
    return FALSE;

  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
ferry_catalog_json_get_strv (JsonObject *object,
                             const char *context,
                             const char *member,
                             GStrv      *out,
                             GError    **error)
{
  static const char *expected = "an array of non-empty strings";
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  JsonNode *node;

  if (!get_member (object, context, member, TRUE, JSON_TYPE_ARRAY, expected, &node, error))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_holds (element, G_TYPE_STRING))
        return wrong_type (context, member, expected, error);
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
ferry_catalog_json_get_object (JsonObject  *object,
                               const char  *context,
                               const char  *member,
                               gboolean     required,
                               JsonObject **out,
                               GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (object, context, member, required, JSON_TYPE_OBJECT, "an object", &node,
                   error))
    return FALSE;

  *out = node != NULL ? json_node_get_object (node) : NULL;
  return TRUE;
}

gboolean
ferry_catalog_json_get_objects (JsonObject *object,
                                const char *context,
                                const char *member,
                                const char *what,
                                JsonArray **out,
                                GError    **error)
{
  JsonNode *node;

  *out = NULL;
  if (!get_member (object, context, member, TRUE, JSON_TYPE_ARRAY, "an array", &node, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (node), i)))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
                       "%s #%u must be a JSON object ({ … })", what, i + 1);
          return FALSE;
        }
    }

  *out = json_node_get_array (node);
  return TRUE;
}

GPtrArray *
ferry_catalog_json_get_entries (JsonObject            *object,
                                const char            *context,
                                const char            *member,
                                const char            *what,
                                FerryCatalogReadEntry  read,
                                GError               **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (!ferry_catalog_json_get_objects (object, context, member, what, &array, error))
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      GObject *entry = read (json_array_get_object_element (array, i), context, i, error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

int
ferry_catalog_name_index (const char * const *names,
                          const char         *name)
{
  for (int i = 0; names[i] != NULL; i++)
    {
      if (g_strcmp0 (names[i], name) == 0)
        return i;
    }

  return -1;
}

static char *
describe_names (const char * const *names)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (text, names[i + 1] != NULL ? ", " : " or ");
      g_string_append (text, names[i]);
    }

  return g_string_free (text, FALSE);
}

gboolean
ferry_catalog_json_get_choice (JsonObject         *object,
                               const char         *context,
                               const char         *member,
                               const char * const *choices,
                               int                *out_index,
                               GError            **error)
{
  g_autofree char *allowed = NULL;
  const char *value;

  if (!ferry_catalog_json_get_string (object, context, member, TRUE, &value, error))
    return FALSE;

  *out_index = ferry_catalog_name_index (choices, value);
  if (*out_index >= 0)
    return TRUE;

  allowed = describe_names (choices);
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
               "%s: %s “%s” is not valid; use %s", context, member, value, allowed);
  return FALSE;
}

void
ferry_catalog_json_add_strv (JsonBuilder        *builder,
                             const char         *member,
                             const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

void
ferry_catalog_json_add_string (JsonBuilder *builder,
                               const char  *member,
                               const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}
