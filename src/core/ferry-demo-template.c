/* ferry-demo-template.c: text values of the demo company, e.g.
 * "{company_first} {company_second} Builders"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-demo-template"

#include "ferry-demo-spec-private.h"

#include <string.h>

#include "ferry-error.h"

typedef enum
{
  SEGMENT_LITERAL,
  SEGMENT_LIST,        /* a fresh draw from a list */
  SEGMENT_LIST_FIELD,  /* one field of the row's draw from a list */
  SEGMENT_DIGITS,
  SEGMENT_COLUMN,
  SEGMENT_COLUMN_SLUG,
} SegmentKind;

typedef struct
{
  SegmentKind    kind;
  char          *text;       /* owned; literal */
  gsize          len;
  FerryDemoList *list;       /* borrowed from the spec */
  guint          list_index;
  guint          field;
  guint          column;
  guint          n_digits;
} Segment;

struct _FerryDemoTemplate
{
  GArray *segments; /* owned; Segment */
  gsize   max_len;
};

/* 10^n for n ≤ 18 fits in 64 bits. */
#define MAX_DIGITS 18

static void
segment_clear (gpointer data)
{
  Segment *segment = data;

  g_free (segment->text);
}

void
ferry_demo_template_free (FerryDemoTemplate *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->segments);
  g_free (self);
}

void
ferry_demo_list_free (FerryDemoList *list)
{
  if (list == NULL)
    return;
  g_free (list->name);
  g_ptr_array_unref (list->items);
  g_free (list->max_len);
  g_free (list);
}

static gboolean
parse_list (FerryDemoSpec  *spec,
            const char     *name,
            JsonNode       *node,
            GError        **error)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  FerryDemoList *list;

  if (array == NULL || json_array_get_length (array) == 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "List “%s” must be a non-empty list", name);
      return FALSE;
    }
  list = g_new0 (FerryDemoList, 1);
  list->name = g_strdup (name);
  list->items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (spec->lists, list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonArray *fields = JSON_NODE_HOLDS_ARRAY (item) ? json_node_get_array (item) : NULL;
      guint n_fields = fields != NULL ? json_array_get_length (fields) : 1;
      GStrv tuple = g_new0 (char *, n_fields + 1);

      g_ptr_array_add (list->items, tuple);
      if (i == 0)
        {
          list->n_fields = n_fields;
          list->max_len = g_new0 (gsize, n_fields);
        }
      for (guint f = 0; f < n_fields && n_fields == list->n_fields; f++)
        {
          JsonNode *field = fields != NULL ? json_array_get_element (fields, f) : item;

          if (JSON_NODE_HOLDS_VALUE (field) && json_node_get_value_type (field) == G_TYPE_STRING)
            tuple[f] = g_strdup (json_node_get_string (field));
          else
            break;
          list->max_len[f] = MAX (list->max_len[f], strlen (tuple[f]));
        }
      if (n_fields != list->n_fields || g_strv_length (tuple) != n_fields)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "List “%s”, item %u: items are strings, or lists of %u strings "
                       "like the first item", name, i + 1, list->n_fields);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ferry_demo_lists_parse (FerryDemoSpec  *spec,
                        JsonObject     *root,
                        GError        **error)
{
  JsonNode *node = json_object_get_member (root, "lists");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“lists” must be an object of named lists");
      return FALSE;
    }
  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      if (!parse_list (spec, name, value, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_list_token (FerryDemoTemplate  *self,
                  const char         *token,
                  FerryDemoSpec      *spec,
                  Segment            *segment,
                  GError            **error)
{
  g_autofree char *name = g_strdup (token);
  char *dot = strchr (name, '.');
  guint64 field = 0;

  if (dot != NULL)
    {
      *dot = '\0';
      if (!g_ascii_string_to_unsigned (dot + 1, 10, 0, G_MAXUINT, &field, NULL))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“{%s}” needs a field number after the dot", token);
          return FALSE;
        }
    }

  for (guint i = 0; i < spec->lists->len; i++)
    {
      FerryDemoList *list = g_ptr_array_index (spec->lists, i);

      if (!g_str_equal (list->name, name))
        continue;
      if (field >= list->n_fields)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“{%s}”: the items of list “%s” have %u fields, numbered from 0",
                       token, name, list->n_fields);
          return FALSE;
        }
      segment->kind = dot != NULL ? SEGMENT_LIST_FIELD : SEGMENT_LIST;
      segment->list = list;
      segment->list_index = i;
      segment->field = (guint) field;
      self->max_len += list->max_len[field];
      return TRUE;
    }

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "“{%s}” names no list; the lists are under “lists”", token);
  return FALSE;
}

static gboolean
parse_token (FerryDemoTemplate  *self,
             const char         *token,
             FerryDemoSpec      *spec,
             FerryDemoTable     *table,
             GError            **error)
{
  Segment segment = { 0 };

  if (token[0] == '#')
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (token + 1, 10, 1, MAX_DIGITS, &n, NULL))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“{%s}” needs a number of digits from 1 to %d", token, MAX_DIGITS);
          return FALSE;
        }
      segment.kind = SEGMENT_DIGITS;
      segment.n_digits = (guint) n;
      self->max_len += n;
    }
  else if (token[0] == '=')
    {
      g_autofree char *name = g_strdup (token + 1);
      char *bar = strchr (name, '|');
      int column;

      if (bar != NULL)
        {
          if (!g_str_equal (bar, "|slug"))
            {
              g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                           "“{%s}”: the only filter is “|slug”", token);
              return FALSE;
            }
          *bar = '\0';
        }
      column = ferry_demo_table_lookup_column (table, name);
      if (column < 0)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“{%s}” names no column generated before this one", token);
          return FALSE;
        }
      segment.kind = bar != NULL ? SEGMENT_COLUMN_SLUG : SEGMENT_COLUMN;
      segment.column = (guint) column;
      self->max_len += ((FerryDemoColumn *) g_ptr_array_index (table->columns, column))->max_len;
    }
  else if (!parse_list_token (self, token, spec, &segment, error))
    {
      return FALSE;
    }

  g_array_append_val (self->segments, segment);
  return TRUE;
}

static void
append_literal (FerryDemoTemplate *self,
                const char        *text,
                gsize              len)
{
  Segment segment = { SEGMENT_LITERAL, g_strndup (text, len), len };

  if (len == 0)
    {
      g_free (segment.text);
      return;
    }
  g_array_append_val (self->segments, segment);
  self->max_len += len;
}

FerryDemoTemplate *
ferry_demo_template_new (const char      *text,
                         FerryDemoSpec   *spec,
                         FerryDemoTable  *table,
                         GError         **error)
{
  FerryDemoTemplate *self = g_new0 (FerryDemoTemplate, 1);
  const char *p = text;

  self->segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  g_array_set_clear_func (self->segments, segment_clear);

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close;
      g_autofree char *token = NULL;

      if (open == NULL)
        {
          append_literal (self, p, strlen (p));
          break;
        }
      append_literal (self, p, (gsize) (open - p));
      close = strchr (open, '}');
      if (close == NULL)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "Template “%s” has a “{” without “}”", text);
          ferry_demo_template_free (self);
          return NULL;
        }
      token = g_strndup (open + 1, (gsize) (close - open - 1));
      if (!parse_token (self, token, spec, table, error))
        {
          g_prefix_error (error, "Template “%s”: ", text);
          ferry_demo_template_free (self);
          return NULL;
        }
      p = close + 1;
    }

  if (self->max_len > FERRY_DEMO_VALUE_MAX)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Template “%s” can produce %" G_GSIZE_FORMAT " bytes, more than %d",
                   text, self->max_len, FERRY_DEMO_VALUE_MAX);
      ferry_demo_template_free (self);
      return NULL;
    }

  return self;
}

gsize
ferry_demo_template_get_max_len (FerryDemoTemplate *self)
{
  return self->max_len;
}

static char *
render_digits (char        *out,
               guint        n_digits,
               FerryRandom *rng)
{
  guint64 value = ferry_random_next (rng);

  for (guint i = 0; i < n_digits; i++)
    {
      out[n_digits - 1 - i] = (char) ('0' + value % 10);
      value /= 10;
    }
  return out + n_digits;
}

static char *
render_column (char                 *out,
               const FerryDemoValue *value,
               gboolean              slug)
{
  if (value->type == FERRY_DEMO_VALUE_INTEGER)
    return out + g_snprintf (out, 24, "%" G_GINT64_FORMAT, value->number);
  if (value->type != FERRY_DEMO_VALUE_TEXT)
    return out;
  if (!slug)
    {
      memcpy (out, value->text, value->len);
      return out + value->len;
    }
  for (gsize i = 0; i < value->len; i++)
    {
      if (g_ascii_isalnum (value->text[i]))
        *out++ = g_ascii_tolower (value->text[i]);
    }
  return out;
}

static const char *
list_field (const Segment *segment,
            FerryDemoRow  *row)
{
  GPtrArray *items = segment->list->items;
  gsize index;

  if (segment->kind == SEGMENT_LIST)
    return ((char **) g_ptr_array_index (items, ferry_random_index (row->rng, items->len)))[0];

  if (row->drawn[segment->list_index] == 0)
    row->drawn[segment->list_index] = 1 + (guint32) ferry_random_index (row->rng, items->len);
  index = row->drawn[segment->list_index] - 1;
  return ((char **) g_ptr_array_index (items, index))[segment->field];
}

gsize
ferry_demo_template_render (FerryDemoTemplate *self,
                            FerryDemoRow      *row,
                            char              *out)
{
  char *p = out;

  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);
      const char *text;
      gsize len;

      switch (segment->kind)
        {
        case SEGMENT_LITERAL:
          memcpy (p, segment->text, segment->len);
          p += segment->len;
          break;
        case SEGMENT_LIST:
        case SEGMENT_LIST_FIELD:
          text = list_field (segment, row);
          len = strlen (text);
          memcpy (p, text, len);
          p += len;
          break;
        case SEGMENT_DIGITS:
          p = render_digits (p, segment->n_digits, row->rng);
          break;
        case SEGMENT_COLUMN:
        case SEGMENT_COLUMN_SLUG:
          p = render_column (p, &row->values[segment->column],
                             segment->kind == SEGMENT_COLUMN_SLUG);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  *p = '\0';
  return (gsize) (p - out);
}
