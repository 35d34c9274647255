/* ferry-record-key.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-record-key"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ferry-error.h"
#include "ferry-record-key.h"

void
ferry_record_append_json_string (GString    *out,
                                 const char *value)
{
  const char *run = value;
  const char *p;

  g_string_append_c (out, '"');
  /* Bytes that need no escape are copied in runs: record fields go through
   * here, so this is on the path of every byte a sync sends. */
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else
        g_string_append_printf (out, "\\u%04x", c);
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

void
ferry_record_key_append_text (GString            *out,
                              const char * const *values)
{
  g_return_if_fail (out != NULL && values != NULL);

  g_string_append_c (out, '[');
  for (guint i = 0; values[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      ferry_record_append_json_string (out, values[i]);
    }
  g_string_append_c (out, ']');
}

char *
ferry_record_key_to_text (const char * const *values)
{
  GString *out;

  g_return_val_if_fail (values != NULL, NULL);

  out = g_string_sized_new (32);
  ferry_record_key_append_text (out, values);
  return g_string_free (out, FALSE);
}

char **
ferry_record_key_from_text (const char  *text,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    goto invalid;

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root))
    goto invalid;

  array = json_node_get_array (root);
  if (json_array_get_length (array) == 0)
    goto invalid;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *value;

      if (!JSON_NODE_HOLDS_VALUE (element)
          || json_node_get_value_type (element) != G_TYPE_STRING)
        goto invalid;
      value = json_node_get_string (element);
      if (value == NULL || *value == '\0')
        goto invalid;
      g_strv_builder_add (builder, value);
    }

  return g_strv_builder_end (builder);

invalid:
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "“%s” is not a record key: expected a JSON array of non-empty strings",
               text);
  return NULL;
}

char *
ferry_record_key_display (const char * const *values)
{
  g_return_val_if_fail (values != NULL, NULL);

  return g_strjoinv ("/", (char **) values);
}

void
ferry_record_digest_update (FerrySha256 *digest,
                            const char  *key_text,
                            const char  *hash)
{
  ferry_sha256_update (digest, key_text, strlen (key_text));
  ferry_sha256_update (digest, "\n", 1);
  ferry_sha256_update (digest, hash, strlen (hash));
  ferry_sha256_update (digest, "\n", 1);
}

gboolean
ferry_record_hash_is_valid (const char *hash)
{
  if (hash == NULL)
    return FALSE;

  /* A NUL before 64 digits fails the test, so this never reads past it. */
  for (guint i = 0; i < 64; i++)
    {
      char c = hash[i];

      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        return FALSE;
    }

  return hash[64] == '\0';
}
