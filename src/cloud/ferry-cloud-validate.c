/* ferry-cloud-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-validate"

#include "config.h"

#include <string.h>

#include "ferry-canonical.h"
#include "ferry-cloud-validate.h"

void
ferry_cloud_rejection_clear (FerryCloudRejection *rejection)
{
  g_clear_pointer (&rejection->field, g_free);
  g_clear_pointer (&rejection->message, g_free);
  rejection->code = NULL;
}

G_GNUC_PRINTF (4, 5)
static gboolean
reject (FerryCloudRejection *rejection,
        const char          *code,
        const char          *field,
        const char          *format,
        ...)
{
  va_list args;

  ferry_cloud_rejection_clear (rejection);
  rejection->code = code;
  rejection->field = g_strdup (field);
  va_start (args, format);
  rejection->message = g_strdup_vprintf (format, args);
  va_end (args);

  return FALSE;
}

/* -?digits, then '.' and exactly @decimals digits (-1: any number, or none) */
static gboolean
is_number_text (const char *text,
                int         decimals)
{
  const char *p = text;
  const char *dot;
  gsize int_digits = 0;

  if (*p == '-')
    p++;
  while (g_ascii_isdigit (*p))
    {
      p++;
      int_digits++;
    }
  if (int_digits == 0 || int_digits > 18)
    return FALSE;
  if (*p == '\0')
    return decimals <= 0;
  if (*p != '.')
    return FALSE;
  dot = p++;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p != '\0' || p == dot + 1)
    return FALSE;
  return decimals < 0 || p - dot - 1 == decimals;
}

/* The first ten characters are a valid YYYY-MM-DD. */
static gboolean
is_date_text_prefix (const char *text)
{
  char date[11];

  if (strlen (text) < 10)
    return FALSE;
  memcpy (date, text, 10);
  date[10] = '\0';
  return ferry_canonical_is_date (date);
}

static gboolean
is_timestamp_text (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (strlen (text) != 20 || text[10] != 'T' || text[19] != 'Z' || !is_date_text_prefix (text))
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt != NULL;
}

static gboolean
holds (JsonNode *value,
       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == type;
}

static FerryCloudValueKind
kind_of (JsonNode    *value,
         const char **out_string)
{
  *out_string = NULL;
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return FERRY_CLOUD_VALUE_ABSENT;
  if (holds (value, G_TYPE_BOOLEAN))
    return FERRY_CLOUD_VALUE_BOOLEAN;
  if (holds (value, G_TYPE_INT64))
    return FERRY_CLOUD_VALUE_INTEGER;
  if (!holds (value, G_TYPE_STRING))
    return FERRY_CLOUD_VALUE_OTHER;
  *out_string = json_node_get_string (value);
  return FERRY_CLOUD_VALUE_STRING;
}

gboolean
ferry_cloud_validate_value (FerryField          *field,
                            JsonNode            *value,
                            FerryCloudRejection *rejection)
{
  const char *string;
  FerryCloudValueKind kind = kind_of (value, &string);

  return ferry_cloud_validate_kind (field, kind, string, rejection);
}

gboolean
ferry_cloud_validate_kind (FerryField          *field,
                           FerryCloudValueKind  kind,
                           const char          *text,
                           FerryCloudRejection *rejection)
{
  FerryFieldType type = ferry_field_get_field_type (field);
  const char *name = ferry_field_get_name (field);
  const char *label = ferry_field_get_label (field);

  if (kind == FERRY_CLOUD_VALUE_ABSENT)
    {
      if (ferry_field_get_optional (field))
        return TRUE;
      return reject (rejection, "missing-field", name,
                     "%s (%s) is required and has no value.", label, name);
    }

  switch (type)
    {
    case FERRY_FIELD_INTEGER:
      if (kind == FERRY_CLOUD_VALUE_INTEGER)
        return TRUE;
      return reject (rejection, "invalid-value", name,
                     "%s (%s) must be a whole number.", label, name);

    case FERRY_FIELD_BOOLEAN:
      if (kind == FERRY_CLOUD_VALUE_BOOLEAN)
        return TRUE;
      return reject (rejection, "invalid-value", name,
                     "%s (%s) must be true or false.", label, name);

    case FERRY_FIELD_STRING:
    case FERRY_FIELD_MONEY:
    case FERRY_FIELD_DECIMAL:
    case FERRY_FIELD_DATE:
    case FERRY_FIELD_TIMESTAMP:
    default:
      break;
    }

  if (kind != FERRY_CLOUD_VALUE_STRING)
    return reject (rejection, "invalid-value", name,
                   "%s (%s) must be a JSON string.", label, name);

  switch (type)
    {
    case FERRY_FIELD_MONEY:
      if (is_number_text (text, 2))
        return TRUE;
      return reject (rejection, "invalid-value", name,
                     "%s (%s) is “%s”; an amount needs exactly two decimals, e.g. \"1234.50\".",
                     label, name, text);
    case FERRY_FIELD_DECIMAL:
      if (is_number_text (text, -1))
        return TRUE;
      return reject (rejection, "invalid-value", name,
                     "%s (%s) is “%s”, which is not a decimal number such as \"12.500\".",
                     label, name, text);
    case FERRY_FIELD_DATE:
      if (ferry_canonical_is_date (text))
        return TRUE;
      return reject (rejection, "invalid-value", name,
                     "%s (%s) is “%s”, which is not a calendar date written YYYY-MM-DD.",
                     label, name, text);
    case FERRY_FIELD_TIMESTAMP:
      if (is_timestamp_text (text))
        return TRUE;
      return reject (rejection, "invalid-value", name,
                     "%s (%s) is “%s”, which is not a UTC time written YYYY-MM-DDTHH:MM:SSZ.",
                     label, name, text);
    case FERRY_FIELD_STRING:
    case FERRY_FIELD_INTEGER:
    case FERRY_FIELD_BOOLEAN:
    default:
      return TRUE;
    }
}

gboolean
ferry_cloud_validate_fields (GListModel          *catalog_fields,
                             JsonObject          *fields,
                             const char * const  *ignore,
                             FerryCloudRejection *rejection)
{
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (catalog_fields);
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (catalog_fields, i);

      g_hash_table_add (known, (gpointer) ferry_field_get_name (field));
      if (!ferry_cloud_validate_value (field,
                                       json_object_get_member (fields, ferry_field_get_name (field)),
                                       rejection))
        return FALSE;
    }

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (ignore != NULL && g_strv_contains (ignore, member))
        continue;
      if (!g_hash_table_contains (known, member))
        return reject (rejection, "unknown-field", member,
                       "“%s” is not a field of this entity type.", member);
    }

  return TRUE;
}

char *
ferry_cloud_value_to_key_text (JsonNode *value)
{
  if (value == NULL)
    return NULL;
  if (holds (value, G_TYPE_STRING))
    return g_strdup (json_node_get_string (value));
  if (holds (value, G_TYPE_INT64))
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
  return NULL;
}
