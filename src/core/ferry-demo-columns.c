/* ferry-demo-columns.c: the value kinds of demo-company.json columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-demo-columns"

#include "ferry-demo-spec-private.h"

#include <string.h>

#include "ferry-error.h"

/* Longest decimal rendering of a gint64, with sign. */
#define INTEGER_MAX_LEN 20

static gint64
power_of_ten (guint n)
{
  gint64 value = 1;

  while (n-- > 0)
    value *= 10;
  return value;
}

void
ferry_demo_literal_free (FerryDemoLiteral *literal)
{
  if (literal == NULL)
    return;
  g_free (literal->text);
  g_free (literal);
}

FerryDemoLiteral *
ferry_demo_literal_new (JsonNode  *node,
                        GError   **error)
{
  g_autofree FerryDemoLiteral *literal = g_new0 (FerryDemoLiteral, 1);
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (JSON_NODE_HOLDS_NULL (node))
    literal->type = FERRY_DEMO_VALUE_NULL;
  else if (type == G_TYPE_STRING)
    {
      literal->type = FERRY_DEMO_VALUE_TEXT;
      literal->text = g_strdup (json_node_get_string (node));
      literal->len = strlen (literal->text);
      if (literal->len > FERRY_DEMO_VALUE_MAX)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "Value “%s” is longer than %d bytes", literal->text, FERRY_DEMO_VALUE_MAX);
          g_free (literal->text);
          return NULL;
        }
    }
  else if (type == G_TYPE_INT64 || type == G_TYPE_BOOLEAN)
    {
      literal->type = FERRY_DEMO_VALUE_INTEGER;
      literal->number = type == G_TYPE_BOOLEAN ? json_node_get_boolean (node) : json_node_get_int (node);
      literal->len = INTEGER_MAX_LEN;
    }
  else
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Values are strings, integers (money in cents), booleans or null");
      return NULL;
    }

  return g_steal_pointer (&literal);
}

void
ferry_demo_column_free (FerryDemoColumn *column)
{
  if (column == NULL)
    return;
  g_free (column->name);
  g_clear_pointer (&column->per, g_array_unref);
  g_clear_pointer (&column->prefix, ferry_demo_template_free);
  g_clear_pointer (&column->templates, g_ptr_array_unref);
  g_clear_pointer (&column->picks, g_ptr_array_unref);
  g_free (column->pick_cumulative);
  ferry_demo_literal_free (column->constant);
  g_free (column);
}

/* Member readers: absent members take the default; a member of the wrong
 * type is an error naming it. */

static gboolean
read_int (JsonObject  *object,
          const char  *name,
          gint64       fallback,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“%s” must be an integer", name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_range (JsonObject  *object,
            const char  *name,
            gint64       fallback,
            gint64      *out_min,
            gint64      *out_max,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_VALUE (node))
    {
      if (!read_int (object, name, fallback, out_min, error))
        return FALSE;
      *out_max = *out_min;
      return TRUE;
    }
  array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (array == NULL || json_array_get_length (array) != 2
      || json_node_get_value_type (json_array_get_element (array, 0)) != G_TYPE_INT64
      || json_node_get_value_type (json_array_get_element (array, 1)) != G_TYPE_INT64
      || json_array_get_int_element (array, 0) > json_array_get_int_element (array, 1))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“%s” must be an integer or [lowest, highest]", name);
      return FALSE;
    }
  *out_min = json_array_get_int_element (array, 0);
  *out_max = json_array_get_int_element (array, 1);
  return TRUE;
}

gboolean
ferry_demo_read_probability (JsonNode    *node,
                             const char  *name,
                             double      *out,
                             GError     **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if ((type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
      || json_node_get_double (node) < 0 || json_node_get_double (node) > 1)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“%s” must be a probability from 0 to 1", name);
      return FALSE;
    }
  *out = json_node_get_double (node);
  return TRUE;
}

static const char *
read_string (JsonObject *object,
             const char *name,
             const char *fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return node == NULL ? fallback : NULL;
  return json_node_get_string (node);
}

static gboolean
read_template (FerryDemoSpec      *spec,
               FerryDemoTable     *table,
               JsonObject         *object,
               const char         *name,
               FerryDemoTemplate **out,
               GError            **error)
{
  const char *text = read_string (object, name, "");

  if (text == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "“%s” must be a string", name);
      return FALSE;
    }
  *out = ferry_demo_template_new (text, spec, table, error);
  return *out != NULL;
}

static gboolean
read_width (JsonObject  *object,
            gint64       fallback,
            guint       *out,
            GError     **error)
{
  gint64 width;

  if (!read_int (object, "width", fallback, &width, error))
    return FALSE;
  if (width < 0 || width > 18)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“width” must be from 0 to 18");
      return FALSE;
    }
  *out = (guint) width;
  return TRUE;
}

/* A column that gives dates ("from"), or modified_at. */
static gboolean
read_date_column (FerryDemoTable  *table,
                  JsonObject      *object,
                  const char      *member,
                  int             *out,
                  GError         **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(JsonNode) fallback = NULL;
  int index;

  if (node == NULL)
    node = fallback = json_node_init_string (json_node_alloc (), "modified_at");
  index = ferry_demo_table_lookup_date_column (table, node);
  if (index < 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“%s” must name a date column generated before this one", member);
      return FALSE;
    }
  /* Column 0 is modified_at; -1 tells the writer to use it. */
  *out = index == 0 ? -1 : index;
  return TRUE;
}

static gboolean
parse_sequence (FerryDemoSpec    *spec,
                FerryDemoTable   *table,
                FerryDemoColumn  *column,
                JsonObject       *object,
                GError          **error)
{
  JsonNode *integer = json_object_get_member (object, "integer");

  column->integer = integer != NULL && JSON_NODE_HOLDS_VALUE (integer)
                    && json_node_get_boolean (integer);
  if (!read_int (object, "start", 1, &column->min, error)
      || !read_range (object, "step", 1, &column->step_min, &column->step_max, error)
      || !read_width (object, 0, &column->width, error)
      || !read_template (spec, table, object, "prefix", &column->prefix, error))
    return FALSE;
  if (column->step_min < 1)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "“step” must be at least 1");
      return FALSE;
    }
  if (column->integer && (ferry_demo_template_get_max_len (column->prefix) > 0 || column->width > 0))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "An integer sequence has no “prefix” or “width”");
      return FALSE;
    }
  column->max_len = ferry_demo_template_get_max_len (column->prefix) + INTEGER_MAX_LEN;
  return TRUE;
}

static gboolean
parse_year_sequence (FerryDemoSpec    *spec,
                     FerryDemoTable   *table,
                     FerryDemoColumn  *column,
                     JsonObject       *object,
                     GError          **error)
{
  const char *separator = read_string (object, "separator", "-");

  if (!read_date_column (table, object, "date", &column->from, error)
      || !read_int (object, "start", 1, &column->min, error)
      || !read_width (object, 3, &column->width, error))
    return FALSE;
  if (separator == NULL || strlen (separator) != 1 || column->width < 1
      || column->min < 0 || column->min >= (gint64) power_of_ten (column->width))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "A year sequence needs a one-character “separator”, a “width” of at "
                   "least 1 and a “start” that fits in it");
      return FALSE;
    }
  column->separator = separator[0];
  column->max_len = 3 + column->width;
  return TRUE;
}

static gboolean
parse_item (FerryDemoSpec    *spec,
            FerryDemoTable   *table,
            FerryDemoColumn  *column,
            JsonObject       *object,
            GError          **error)
{
  JsonNode *per = json_object_get_member (object, "per");

  if (per == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "An item sequence needs “per”: the columns it counts within");
      return FALSE;
    }
  column->per = ferry_demo_table_lookup_columns (table, per, "per", error);
  if (column->per == NULL)
    return FALSE;
  if (!read_int (object, "start", 1, &column->min, error)
      || !read_width (object, 3, &column->width, error)
      || !read_template (spec, table, object, "prefix", &column->prefix, error))
    return FALSE;
  column->max_len = ferry_demo_template_get_max_len (column->prefix) + INTEGER_MAX_LEN;
  return TRUE;
}

static gboolean
add_template (FerryDemoSpec    *spec,
              FerryDemoTable   *table,
              FerryDemoColumn  *column,
              JsonNode         *node,
              GError          **error)
{
  FerryDemoTemplate *template;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“template” must be a string or a list of strings");
      return FALSE;
    }
  template = ferry_demo_template_new (json_node_get_string (node), spec, table, error);
  if (template == NULL)
    return FALSE;
  g_ptr_array_add (column->templates, template);
  column->max_len = MAX (column->max_len, ferry_demo_template_get_max_len (template));
  return TRUE;
}

static gboolean
parse_template (FerryDemoSpec    *spec,
                FerryDemoTable   *table,
                FerryDemoColumn  *column,
                JsonNode         *node,
                GError          **error)
{
  column->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_demo_template_free);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return add_template (spec, table, column, node, error);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      if (!add_template (spec, table, column,
                         json_array_get_element (json_node_get_array (node), i), error))
        return FALSE;
    }
  if (column->templates->len == 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "“template” is an empty list");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_weights (FerryDemoColumn  *column,
               JsonArray        *weights,
               GError          **error)
{
  double total = 0;

  if (json_array_get_length (weights) != column->picks->len)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“weights” must have one number per value");
      return FALSE;
    }
  column->pick_cumulative = g_new (double, column->picks->len);
  for (guint i = 0; i < column->picks->len; i++)
    {
      JsonNode *node = json_array_get_element (weights, i);
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

      if ((type != G_TYPE_INT64 && type != G_TYPE_DOUBLE) || json_node_get_double (node) < 0)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“weights” must be numbers of at least 0");
          return FALSE;
        }
      total += json_node_get_double (node);
      column->pick_cumulative[i] = total;
    }
  if (total <= 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "“weights” add up to 0");
      return FALSE;
    }
  for (guint i = 0; i < column->picks->len; i++)
    column->pick_cumulative[i] /= total;
  return TRUE;
}

static gboolean
parse_pick (FerryDemoColumn  *column,
            JsonNode         *node,
            GError          **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *values = object != NULL ? json_object_get_member (object, "values") : node;
  JsonNode *weights = object != NULL ? json_object_get_member (object, "weights") : NULL;

  if (values == NULL || !JSON_NODE_HOLDS_ARRAY (values)
      || json_array_get_length (json_node_get_array (values)) == 0
      || (weights != NULL && !JSON_NODE_HOLDS_ARRAY (weights)))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“pick” must be a list of values or {\"values\": […], \"weights\": […]}");
      return FALSE;
    }

  column->picks = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_demo_literal_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (values)); i++)
    {
      FerryDemoLiteral *literal;

      literal = ferry_demo_literal_new (json_array_get_element (json_node_get_array (values), i), error);
      if (literal == NULL)
        return FALSE;
      g_ptr_array_add (column->picks, literal);
      column->max_len = MAX (column->max_len, literal->len);
    }
  return weights == NULL || parse_weights (column, json_node_get_array (weights), error);
}

static gboolean
parse_money (FerryDemoColumn  *column,
             JsonObject       *object,
             GError          **error)
{
  JsonNode *log_scale = json_object_get_member (object, "log");

  if (!read_int (object, "min", 0, &column->min, error)
      || !read_int (object, "max", 0, &column->max, error)
      || !read_int (object, "round", 1, &column->round, error))
    return FALSE;
  column->log_scale = log_scale != NULL && JSON_NODE_HOLDS_VALUE (log_scale)
                      && json_node_get_boolean (log_scale);
  if (column->min > column->max || column->round < 1 || (column->log_scale && column->min < 1))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Money needs “min” ≤ “max” (in cents), “round” ≥ 1, and “min” ≥ 1 with “log”");
      return FALSE;
    }
  column->max_len = INTEGER_MAX_LEN;
  return TRUE;
}

static gboolean
parse_integer (FerryDemoColumn  *column,
               JsonObject       *object,
               GError          **error)
{
  if (!read_int (object, "min", 0, &column->min, error)
      || !read_int (object, "max", 0, &column->max, error))
    return FALSE;
  if (column->min > column->max)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "“min” is above “max”");
      return FALSE;
    }
  column->max_len = INTEGER_MAX_LEN;
  return TRUE;
}

/* "8.50" → 850 with 2 places; exact, no floating point. */
static gboolean
parse_decimal_text (const char *text,
                    gint64     *out_value,
                    guint      *out_places)
{
  const char *dot;
  g_autofree char *digits = NULL;
  guint64 value;

  if (text == NULL || *text == '\0' || strlen (text) > 15)
    return FALSE;
  dot = strchr (text, '.');
  *out_places = dot != NULL ? (guint) strlen (dot + 1) : 0;
  digits = dot != NULL ? g_strconcat ("0", text, NULL) : g_strdup (text);
  if (dot != NULL)
    memmove (strchr (digits, '.'), strchr (digits, '.') + 1, *out_places + 1);
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out_value = (gint64) value;
  return TRUE;
}

static gboolean
parse_decimal (FerryDemoColumn  *column,
               JsonObject       *object,
               GError          **error)
{
  const char *names[] = { "min", "max", "step" };
  gint64 values[3];
  guint places[3];

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!parse_decimal_text (read_string (object, names[i], i == 2 ? "1" : NULL),
                               &values[i], &places[i]))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "Decimal “%s” must be a non-negative number written as a string, "
                       "e.g. \"8.50\"", names[i]);
          return FALSE;
        }
      column->places = MAX (column->places, places[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    values[i] *= power_of_ten (column->places - places[i]);
  column->min = values[0];
  column->max = values[1];
  column->step_min = values[2];
  if (column->min > column->max || column->step_min < 1)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Decimal needs “min” ≤ “max” and a “step” above 0");
      return FALSE;
    }
  column->max_len = INTEGER_MAX_LEN + 1;
  return TRUE;
}

static gboolean
parse_date (FerryDemoTable   *table,
            FerryDemoColumn  *column,
            JsonObject       *object,
            GError          **error)
{
  if (!read_date_column (table, object, "from", &column->from, error)
      || !read_range (object, "days", 0, &column->min, &column->max, error))
    return FALSE;
  if (ABS (column->min) > 3650 || ABS (column->max) > 3650)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“days” must stay within ten years (3650 days) of “from”");
      return FALSE;
    }
  column->max_len = 10;
  return TRUE;
}

typedef enum
{
  VALUE_OBJECT,
  VALUE_ANY,
} ValueShape;

static const struct
{
  const char    *key;
  FerryDemoKind  kind;
  ValueShape     shape;
} kinds[] = {
  { "sequence", FERRY_DEMO_KIND_SEQUENCE, VALUE_OBJECT },
  { "year_sequence", FERRY_DEMO_KIND_YEAR_SEQUENCE, VALUE_OBJECT },
  { "item", FERRY_DEMO_KIND_ITEM, VALUE_OBJECT },
  { "template", FERRY_DEMO_KIND_TEMPLATE, VALUE_ANY },
  { "pick", FERRY_DEMO_KIND_PICK, VALUE_ANY },
  { "money", FERRY_DEMO_KIND_MONEY, VALUE_OBJECT },
  { "integer", FERRY_DEMO_KIND_INTEGER, VALUE_OBJECT },
  { "decimal", FERRY_DEMO_KIND_DECIMAL, VALUE_OBJECT },
  { "date", FERRY_DEMO_KIND_DATE, VALUE_OBJECT },
  { "boolean", FERRY_DEMO_KIND_BOOLEAN, VALUE_ANY },
  { "value", FERRY_DEMO_KIND_VALUE, VALUE_ANY },
};

static gboolean
parse_kind (FerryDemoSpec    *spec,
            FerryDemoTable   *table,
            FerryDemoColumn  *column,
            JsonNode         *node,
            GError          **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  switch (column->kind)
    {
    case FERRY_DEMO_KIND_SEQUENCE:
      return parse_sequence (spec, table, column, object, error);
    case FERRY_DEMO_KIND_YEAR_SEQUENCE:
      return parse_year_sequence (spec, table, column, object, error);
    case FERRY_DEMO_KIND_ITEM:
      return parse_item (spec, table, column, object, error);
    case FERRY_DEMO_KIND_TEMPLATE:
      return parse_template (spec, table, column, node, error);
    case FERRY_DEMO_KIND_PICK:
      return parse_pick (column, node, error);
    case FERRY_DEMO_KIND_MONEY:
      return parse_money (column, object, error);
    case FERRY_DEMO_KIND_INTEGER:
      return parse_integer (column, object, error);
    case FERRY_DEMO_KIND_DECIMAL:
      return parse_decimal (column, object, error);
    case FERRY_DEMO_KIND_DATE:
      return parse_date (table, column, object, error);
    case FERRY_DEMO_KIND_BOOLEAN:
      column->max_len = 1;
      return ferry_demo_read_probability (node, "boolean", &column->probability, error);
    case FERRY_DEMO_KIND_VALUE:
      column->constant = ferry_demo_literal_new (node, error);
      column->max_len = column->constant != NULL ? column->constant->len : 0;
      return column->constant != NULL;
    case FERRY_DEMO_KIND_FIXED:
    case FERRY_DEMO_KIND_REFERENCE:
    case FERRY_DEMO_KIND_MODIFIED_AT:
    default:
      g_assert_not_reached ();
    }
}

gboolean
ferry_demo_column_parse (FerryDemoSpec    *spec,
                         FerryDemoTable   *table,
                         FerryDemoColumn  *column,
                         JsonObject       *object,
                         GError          **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;
  JsonNode *kind_node = NULL;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &key, &node))
    {
      gsize i;

      if (g_str_equal (key, "null_probability"))
        {
          if (!ferry_demo_read_probability (node, key, &column->null_probability, error))
            return FALSE;
          continue;
        }
      for (i = 0; i < G_N_ELEMENTS (kinds) && !g_str_equal (kinds[i].key, key); i++)
        ;
      if (i == G_N_ELEMENTS (kinds) || kind_node != NULL
          || (kinds[i].shape == VALUE_OBJECT && !JSON_NODE_HOLDS_OBJECT (node)))
        {
          const char *problem = i == G_N_ELEMENTS (kinds) ? "is an unknown key"
                                : kind_node != NULL ? "is a second kind of value"
                                : "must be an object";

          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“%s” %s", key, problem);
          return FALSE;
        }
      column->kind = kinds[i].kind;
      kind_node = node;
    }
  if (kind_node == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "no kind of value; use one of sequence, year_sequence, item, template, "
                   "pick, money, integer, decimal, date, boolean, value");
      return FALSE;
    }
  return parse_kind (spec, table, column, kind_node, error);
}
