/* ferry-demo-spec.c: reading and checking data/demo-company.json
 *
 * The format is described in ferry-demo-spec.h. Everything that can be
 * checked without generating is checked here, with the table, reference or
 * column at fault in the message; SQLite's constraints and the final
 * foreign key check catch the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-demo-spec"

#include "ferry-demo-spec-private.h"

#include <string.h>

#include "ferry-error.h"

#define FORMAT_VERSION 1

typedef struct
{
  FerryDemoSpec     *spec;
  FerryAccountingDb *schema;         /* borrowed */
  GPtrArray         *schema_columns; /* owned; the current table's */
} Parser;

static void
reference_free (FerryDemoReference *reference)
{
  g_array_unref (reference->columns);
  g_array_unref (reference->parent_kept);
  g_array_unref (reference->match);
  g_array_unref (reference->match_kept);
  g_free (reference);
}

static void
table_free (FerryDemoTable *table)
{
  g_free (table->name);
  g_ptr_array_unref (table->columns);
  g_ptr_array_unref (table->references);
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_clear_pointer (&table->unique, g_array_unref);
  g_array_unref (table->kept);
  g_free (table);
}

void
ferry_demo_spec_free (FerryDemoSpec *spec)
{
  if (spec == NULL)
    return;
  g_ptr_array_unref (spec->lists);
  g_ptr_array_unref (spec->tables);
  g_free (spec);
}

int
ferry_demo_table_lookup_column (FerryDemoTable *table,
                                const char     *name)
{
  for (guint i = 0; i < table->columns->len; i++)
    {
      FerryDemoColumn *column = g_ptr_array_index (table->columns, i);

      if (g_str_equal (column->name, name))
        return (int) i;
    }
  return -1;
}

int
ferry_demo_table_lookup_date_column (FerryDemoTable *table,
                                     JsonNode       *node)
{
  const char *name = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
  int index = name != NULL ? ferry_demo_table_lookup_column (table, name) : -1;
  FerryDemoColumn *column = index >= 0 ? g_ptr_array_index (table->columns, index) : NULL;

  if (column == NULL || (column->kind != FERRY_DEMO_KIND_DATE
                         && column->kind != FERRY_DEMO_KIND_MODIFIED_AT))
    return -1;
  return index;
}

guint64
ferry_demo_spec_get_fixed_rows (FerryDemoSpec *spec)
{
  guint64 n = 0;

  for (guint i = 0; i < spec->tables->len; i++)
    {
      FerryDemoTable *table = g_ptr_array_index (spec->tables, i);

      n += table->rows != NULL ? table->rows->len : 0;
    }
  return n;
}

static FerryDemoTable *
find_table (FerryDemoSpec *spec,
            const char    *name)
{
  for (guint i = 0; i < spec->tables->len; i++)
    {
      FerryDemoTable *table = g_ptr_array_index (spec->tables, i);

      if (g_str_equal (table->name, name))
        return table;
    }
  return NULL;
}

static FerryAccountingColumn *
lookup_schema_column (GPtrArray  *columns,
                      const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    {
      FerryAccountingColumn *column = g_ptr_array_index (columns, i);

      if (g_str_equal (column->name, name))
        return column;
    }
  return NULL;
}

/* A new column of @table; it must exist in the schema and not be generated
 * twice. */
static FerryDemoColumn *
add_column (Parser          *parser,
            FerryDemoTable  *table,
            const char      *name,
            FerryDemoKind    kind,
            GError         **error)
{
  FerryAccountingColumn *schema_column = lookup_schema_column (parser->schema_columns, name);
  FerryDemoColumn *column;

  if (schema_column == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "the table has no column “%s”", name);
      return NULL;
    }
  if (ferry_demo_table_lookup_column (table, name) >= 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "column “%s” is generated twice", name);
      return NULL;
    }
  column = g_new0 (FerryDemoColumn, 1);
  column->name = g_strdup (name);
  column->kind = kind;
  column->not_null = schema_column->not_null;
  column->from = -1;
  g_ptr_array_add (table->columns, column);
  return column;
}

static guint
keep_column (FerryDemoTable *parent,
             guint           column)
{
  for (guint i = 0; i < parent->kept->len; i++)
    {
      if (g_array_index (parent->kept, guint, i) == column)
        return i;
    }
  g_array_append_val (parent->kept, column);
  return parent->kept->len - 1;
}

/* {"this column": "parent column", …}: fills @columns and @kept. New
 * columns are created when @create, else they must exist already. */
static gboolean
parse_column_map (Parser              *parser,
                  FerryDemoTable      *table,
                  FerryDemoTable      *parent,
                  FerryDemoReference  *reference,
                  JsonNode            *node,
                  gboolean             create,
                  GArray              *columns,
                  GArray              *kept,
                  GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      const char *parent_name = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : NULL;
      int parent_index = parent_name != NULL ? ferry_demo_table_lookup_column (parent, parent_name) : -1;
      int index = ferry_demo_table_lookup_column (table, name);
      FerryDemoColumn *parent_column, *column;
      guint u, k;

      if (parent_index < 0)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“%s” refers to “%s”, which is not a column generated for “%s”",
                       name, parent_name != NULL ? parent_name : "(not a string)", parent->name);
          return FALSE;
        }
      parent_column = g_ptr_array_index (parent->columns, parent_index);
      if (!create && index < 0)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“match” names “%s”, which is not set by an earlier reference", name);
          return FALSE;
        }
      /* Alternatives ("unless") fill the same columns as the reference before. */
      if (create && (index < 0 || reference->unless < 0))
        column = add_column (parser, table, name, FERRY_DEMO_KIND_REFERENCE, error);
      else
        column = g_ptr_array_index (table->columns, index);
      if (column == NULL)
        return FALSE;
      if (create && column->kind != FERRY_DEMO_KIND_REFERENCE)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "column “%s” is generated twice", name);
          return FALSE;
        }
      column->max_len = MAX (column->max_len, parent_column->max_len);
      reference->required |= create && column->not_null;
      u = (guint) ferry_demo_table_lookup_column (table, name);
      k = keep_column (parent, (guint) parent_index);
      g_array_append_val (columns, u);
      g_array_append_val (kept, k);
    }
  return TRUE;
}

static FerryDemoReference *
reference_new (void)
{
  FerryDemoReference *reference = g_new0 (FerryDemoReference, 1);

  reference->columns = g_array_new (FALSE, FALSE, sizeof (guint));
  reference->parent_kept = g_array_new (FALSE, FALSE, sizeof (guint));
  reference->match = g_array_new (FALSE, FALSE, sizeof (guint));
  reference->match_kept = g_array_new (FALSE, FALSE, sizeof (guint));
  reference->unless = -1;
  reference->not_before = -1;
  return reference;
}

static gboolean
parse_reference_options (FerryDemoTable      *table,
                         FerryDemoReference  *reference,
                         JsonObject          *object,
                         GError             **error)
{
  JsonNode *unless = json_object_get_member (object, "unless");
  JsonNode *cover = json_object_get_member (object, "cover");
  JsonNode *null_probability = json_object_get_member (object, "null_probability");

  if (unless != NULL)
    {
      const char *name = JSON_NODE_HOLDS_VALUE (unless) ? json_node_get_string (unless) : NULL;

      reference->unless = name != NULL ? ferry_demo_table_lookup_column (table, name) : -1;
      if (reference->unless < 0)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“unless” must name a column set by an earlier reference");
          return FALSE;
        }
    }
  reference->cover = cover != NULL && JSON_NODE_HOLDS_VALUE (cover) && json_node_get_boolean (cover);
  return null_probability == NULL
         || ferry_demo_read_probability (null_probability, "null_probability",
                                         &reference->null_probability, error);
}

/* "not_before": a date or timestamp column of the parent row. */
static gboolean
parse_not_before (FerryDemoTable      *parent,
                  FerryDemoReference  *reference,
                  JsonObject          *object,
                  GError             **error)
{
  JsonNode *node = json_object_get_member (object, "not_before");
  int index = node != NULL ? ferry_demo_table_lookup_date_column (parent, node) : -1;

  if (node == NULL)
    return TRUE;
  if (index < 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“not_before” must name a date column of “%s”", parent->name);
      return FALSE;
    }
  reference->not_before = (int) keep_column (parent, (guint) index);
  return TRUE;
}

static gboolean
parse_reference (Parser          *parser,
                 FerryDemoTable  *table,
                 JsonNode        *node,
                 GError         **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *parent_name = object != NULL
                            ? json_object_get_string_member_with_default (object, "table", NULL)
                            : NULL;
  JsonNode *columns = object != NULL ? json_object_get_member (object, "columns") : NULL;
  JsonNode *match = object != NULL ? json_object_get_member (object, "match") : NULL;
  g_autoptr(GError) local_error = NULL;
  FerryDemoTable *parent;
  FerryDemoReference *reference;

  if (parent_name == NULL || columns == NULL || !JSON_NODE_HOLDS_OBJECT (columns)
      || (match != NULL && !JSON_NODE_HOLDS_OBJECT (match)))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "a reference needs “table” and “columns” (an object), and “match” "
                   "is an object too");
      return FALSE;
    }
  parent = find_table (parser->spec, parent_name);
  if (parent == NULL)
    {
      if (!ferry_accounting_db_has_table (parser->schema, parent_name, &local_error))
        g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                     "reference to “%s”, which is not a table of the accounting schema",
                     parent_name);
      else
        g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                     "reference to “%s”, which is generated later; list “%s” before “%s”",
                     parent_name, parent_name, table->name);
      return FALSE;
    }

  reference = reference_new ();
  reference->parent = g_ptr_array_find (parser->spec->tables, parent, &reference->parent)
                      ? reference->parent : 0;
  g_ptr_array_add (table->references, reference);
  parent->last_user = parser->spec->tables->len;

  if (!parse_reference_options (table, reference, object, error)
      || (match != NULL && !parse_column_map (parser, table, parent, reference, match, FALSE,
                                              reference->match, reference->match_kept, error))
      || !parse_column_map (parser, table, parent, reference, columns, TRUE,
                            reference->columns, reference->parent_kept, error))
    return FALSE;
  if (!parse_not_before (parent, reference, object, error))
    return FALSE;
  if (reference->cover && reference->match->len > 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "a reference with “match” cannot “cover” its parent rows");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_columns (Parser          *parser,
               FerryDemoTable  *table,
               JsonNode        *node,
               GError         **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“columns” must be an object of column generators");
      return FALSE;
    }
  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      g_autoptr(FerryDemoColumn) column = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (value))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "column “%s” must be an object", name);
          return FALSE;
        }
      /* Added after its generator is read, so that it cannot refer to itself. */
      column = add_column (parser, table, name, FERRY_DEMO_KIND_VALUE, error);
      if (column == NULL)
        return FALSE;
      g_ptr_array_steal_index (table->columns, table->columns->len - 1);
      if (!ferry_demo_column_parse (parser->spec, table, column, json_node_get_object (value), error))
        {
          g_prefix_error (error, "column “%s”: ", name);
          return FALSE;
        }
      g_ptr_array_add (table->columns, g_steal_pointer (&column));
    }
  return TRUE;
}

static gboolean
parse_row (Parser          *parser,
           FerryDemoTable  *table,
           JsonNode        *node,
           GPtrArray       *row,
           GError         **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      int index = ferry_demo_table_lookup_column (table, name);
      FerryDemoColumn *column = index >= 0 ? g_ptr_array_index (table->columns, index) : NULL;
      FerryDemoLiteral *literal;

      if (column == NULL)
        column = add_column (parser, table, name, FERRY_DEMO_KIND_FIXED, error);
      if (column == NULL)
        return FALSE;
      if (column->kind == FERRY_DEMO_KIND_REFERENCE || column->kind == FERRY_DEMO_KIND_MODIFIED_AT)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“%s” is generated; a fixed row cannot set it", name);
          return FALSE;
        }
      literal = ferry_demo_literal_new (value, error);
      if (literal == NULL)
        return FALSE;
      index = ferry_demo_table_lookup_column (table, name);
      if ((guint) index >= row->len)
        g_ptr_array_set_size (row, index + 1);
      ferry_demo_literal_free (g_ptr_array_index (row, index));
      g_ptr_array_index (row, index) = literal;
      column->max_len = MAX (column->max_len, literal->len);
    }
  return TRUE;
}

static gboolean
parse_rows (Parser          *parser,
            FerryDemoTable  *table,
            JsonNode        *node,
            GError         **error)
{
  JsonArray *rows = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (rows == NULL || json_array_get_length (rows) == 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“rows” must be a non-empty list of objects");
      return FALSE;
    }
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *row_node = json_array_get_element (rows, i);
      GPtrArray *row = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_demo_literal_free);

      g_ptr_array_add (table->rows, row);
      if (!JSON_NODE_HOLDS_OBJECT (row_node))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "row %u must be an object", i + 1);
          return FALSE;
        }
      if (!parse_row (parser, table, row_node, row, error))
        {
          g_prefix_error (error, "row %u: ", i + 1);
          return FALSE;
        }
    }
  /* Columns first named by a later row: every row gets a slot for them. */
  for (guint i = 0; i < table->rows->len; i++)
    g_ptr_array_set_size (g_ptr_array_index (table->rows, i), table->columns->len);
  return TRUE;
}

GArray *
ferry_demo_table_lookup_columns (FerryDemoTable  *table,
                                 JsonNode        *names,
                                 const char      *member,
                                 GError         **error)
{
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (names) ? json_node_get_array (names) : NULL;
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *name = json_array_get_string_element (array, i);
      int index = name != NULL ? ferry_demo_table_lookup_column (table, name) : -1;
      guint u = (guint) index;

      if (index < 0)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "“%s” names “%s”, which is not a column generated before",
                       member, name != NULL ? name : "(not a string)");
          return NULL;
        }
      g_array_append_val (columns, u);
    }
  if (columns->len == 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“%s” must be a non-empty list of column names", member);
      return NULL;
    }
  return g_steal_pointer (&columns);
}

/* Catches a NOT NULL column that is left out or may be left empty; a
 * reference's columns are checked by SQLite on insert. */
static gboolean
check_not_null (Parser          *parser,
                FerryDemoTable  *table,
                GError         **error)
{
  for (guint i = 0; i < parser->schema_columns->len; i++)
    {
      FerryAccountingColumn *schema_column = g_ptr_array_index (parser->schema_columns, i);
      int index = ferry_demo_table_lookup_column (table, schema_column->name);
      FerryDemoColumn *column = index >= 0 ? g_ptr_array_index (table->columns, index) : NULL;

      if (!schema_column->not_null || schema_column->has_default)
        continue;
      if (column == NULL)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "column “%s” is NOT NULL but has no generator", schema_column->name);
          return FALSE;
        }
      if (column->null_probability > 0)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "column “%s” is NOT NULL but has a null_probability", column->name);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_table_size (FerryDemoTable  *table,
                  JsonObject      *object,
                  GError         **error)
{
  JsonNode *weight = json_object_get_member (object, "weight");
  JsonNode *rows = json_object_get_member (object, "rows");
  GType type = weight != NULL && JSON_NODE_HOLDS_VALUE (weight)
               ? json_node_get_value_type (weight) : G_TYPE_INVALID;

  if ((weight == NULL) == (rows == NULL))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "a table has either fixed “rows” or a “weight”");
      return FALSE;
    }
  if (weight == NULL)
    return TRUE;
  table->weight = type == G_TYPE_DOUBLE || type == G_TYPE_INT64 ? json_node_get_double (weight) : -1;
  table->min_rows = (guint64) json_object_get_int_member_with_default (object, "min", 1);
  if (table->weight <= 0 || table->min_rows < 1 || table->min_rows > 1000000)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“weight” must be a number above 0 and “min” from 1 to 1000000");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_table_members (Parser          *parser,
                     FerryDemoTable  *table,
                     JsonObject      *object,
                     GError         **error)
{
  static const char * const known[] = {
    "table", "description", "weight", "min", "rows", "references", "columns", "unique", NULL
  };
  JsonNode *references = json_object_get_member (object, "references");
  JsonNode *columns = json_object_get_member (object, "columns");
  JsonNode *rows = json_object_get_member (object, "rows");
  JsonNode *unique = json_object_get_member (object, "unique");
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;
  FerryDemoColumn *modified_at;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &key, &node))
    {
      if (!g_strv_contains (known, key))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, "unknown key “%s”", key);
          return FALSE;
        }
    }
  if (!parse_table_size (table, object, error))
    return FALSE;

  modified_at = add_column (parser, table, "modified_at", FERRY_DEMO_KIND_MODIFIED_AT, error);
  if (modified_at == NULL)
    return FALSE;
  modified_at->max_len = 20;

  for (guint i = 0; references != NULL && JSON_NODE_HOLDS_ARRAY (references)
       && i < json_array_get_length (json_node_get_array (references)); i++)
    {
      JsonNode *reference = json_array_get_element (json_node_get_array (references), i);

      if (!parse_reference (parser, table, reference, error))
        {
          g_prefix_error (error, "reference %u: ", i + 1);
          return FALSE;
        }
    }
  return (columns == NULL || parse_columns (parser, table, columns, error))
         && (rows == NULL || parse_rows (parser, table, rows, error))
         && (unique == NULL
             || (table->unique = ferry_demo_table_lookup_columns (table, unique, "unique",
                                                                  error)) != NULL)
         && check_not_null (parser, table, error);
}

static gboolean
parse_table (Parser      *parser,
             JsonNode    *node,
             GError     **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *name = object != NULL
                     ? json_object_get_string_member_with_default (object, "table", NULL)
                     : NULL;
  FerryDemoTable *table;
  g_autoptr(GError) local_error = NULL;

  if (name == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "every entry of “tables” needs a “table” name");
      return FALSE;
    }
  if (find_table (parser->spec, name) != NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "table “%s” is listed twice", name);
      return FALSE;
    }
  g_clear_pointer (&parser->schema_columns, g_ptr_array_unref);
  parser->schema_columns = ferry_accounting_db_list_columns (parser->schema, name, &local_error);
  if (parser->schema_columns == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a table of the accounting schema", name);
      return FALSE;
    }

  table = g_new0 (FerryDemoTable, 1);
  table->name = g_strdup (name);
  table->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_demo_column_free);
  table->references = g_ptr_array_new_with_free_func ((GDestroyNotify) reference_free);
  table->kept = g_array_new (FALSE, FALSE, sizeof (guint));
  table->last_user = parser->spec->tables->len;
  if (!parse_table_members (parser, table, object, error))
    {
      g_prefix_error (error, "table “%s”: ", name);
      table_free (table);
      return FALSE;
    }
  g_ptr_array_add (parser->spec->tables, table);
  return TRUE;
}

static gboolean
check_every_table (Parser  *parser,
                   GError **error)
{
  g_auto(GStrv) tables = ferry_accounting_db_list_tables (parser->schema, error);

  if (tables == NULL)
    return FALSE;
  for (guint i = 0; tables[i] != NULL; i++)
    {
      if (find_table (parser->spec, tables[i]) == NULL)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "table “%s” of the accounting schema is missing from “tables”",
                       tables[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
parse_root (Parser      *parser,
            JsonObject  *root,
            GError     **error)
{
  JsonNode *tables = json_object_get_member (root, "tables");
  FerryDemoSpec *spec = parser->spec;

  if (json_object_get_int_member_with_default (root, "format", 0) != FORMAT_VERSION)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“format” must be %d", FORMAT_VERSION);
      return FALSE;
    }
  spec->history_years = (guint) json_object_get_int_member_with_default (root, "history_years", 6);
  spec->recency = json_object_get_double_member_with_default (root, "recency", 2.0);
  if (spec->history_years < 1 || spec->history_years > 30 || spec->recency < 1 || spec->recency > 10)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“history_years” must be from 1 to 30 and “recency” from 1 to 10");
      return FALSE;
    }
  if (!ferry_demo_lists_parse (spec, root, error))
    return FALSE;
  if (tables == NULL || !JSON_NODE_HOLDS_ARRAY (tables))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“tables” must list the tables in the order they are generated");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (tables)); i++)
    {
      if (!parse_table (parser, json_array_get_element (json_node_get_array (tables), i), error))
        return FALSE;
    }
  return check_every_table (parser, error);
}

FerryDemoSpec *
ferry_demo_spec_new_from_bytes (GBytes             *json,
                                FerryAccountingDb  *schema,
                                GError            **error)
{
  g_autoptr(JsonParser) json_parser = json_parser_new_immutable ();
  g_autoptr(FerryDemoSpec) spec = g_new0 (FerryDemoSpec, 1);
  g_autoptr(GError) local_error = NULL;
  Parser parser = { spec, schema, NULL };
  JsonNode *root;
  gsize size;
  const char *data = g_bytes_get_data (json, &size);
  gboolean ok;

  g_return_val_if_fail (json != NULL && FERRY_IS_ACCOUNTING_DB (schema), NULL);

  spec->lists = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_demo_list_free);
  spec->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_free);

  if (!json_parser_load_from_data (json_parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Demo company description: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (json_parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Demo company description: the top level must be an object");
      return NULL;
    }

  ok = parse_root (&parser, json_node_get_object (root), error);
  g_clear_pointer (&parser.schema_columns, g_ptr_array_unref);
  if (!ok)
    {
      g_prefix_error (error, "Demo company description: ");
      return NULL;
    }
  return g_steal_pointer (&spec);
}
