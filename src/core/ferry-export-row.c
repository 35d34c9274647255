/* ferry-export-row.c: export item values in the schema's form, and the
 * check of what they reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-export-row"

#include <string.h>

#include "ferry-error.h"
#include "ferry-export-private.h"
#include "ferry-record-key.h"

/* Cents in a gint64 keep 16 digits before the point without overflow. */
#define MAX_MONEY_INTEGER_DIGITS 16

static void
value_clear (gpointer data)
{
  FerryExportValue *value = data;

  g_clear_pointer (&value->text, g_free);
}

GArray *
ferry_export_row_new (void)
{
  GArray *row = g_array_new (FALSE, TRUE, sizeof (FerryExportValue));

  g_array_set_clear_func (row, value_clear);
  return row;
}

void
ferry_export_row_add_copy (GArray                 *row,
                           const FerryExportValue *value)
{
  FerryExportValue copy = *value;

  copy.text = g_strdup (value->text);
  g_array_append_val (row, copy);
}

const FerryExportValue *
ferry_export_row_lookup (GArray     *row,
                         const char *column)
{
  for (guint i = 0; row != NULL && i < row->len; i++)
    {
      const FerryExportValue *value = &g_array_index (row, FerryExportValue, i);

      if (g_str_equal (value->column, column))
        return value;
    }
  return NULL;
}

/* The value as text for a WHERE clause or a message; NULL for NULL. */
static char *
value_to_text (const FerryExportValue *value)
{
  if (value == NULL || value->kind == FERRY_VALUE_NULL)
    return NULL;
  if (value->kind == FERRY_VALUE_INTEGER)
    return g_strdup_printf ("%" G_GINT64_FORMAT, value->integer);
  return g_strdup (value->text);
}

char *
ferry_export_row_display_key (GArray             *row,
                              const char * const *key)
{
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; key[i] != NULL; i++)
    {
      g_autofree char *text = value_to_text (ferry_export_row_lookup (row, key[i]));

      g_strv_builder_add (values, text != NULL ? text : "");
    }
  strv = g_strv_builder_end (values);
  return ferry_record_key_display ((const char * const *) strv);
}

void
ferry_export_value_bind (const FerryExportValue *value,
                         sqlite3_stmt           *stmt,
                         int                     index)
{
  switch (value->kind)
    {
    case FERRY_VALUE_INTEGER:
      sqlite3_bind_int64 (stmt, index, value->integer);
      break;
    case FERRY_VALUE_TEXT:
      sqlite3_bind_text (stmt, index, value->text, -1, SQLITE_TRANSIENT);
      break;
    case FERRY_VALUE_NULL:
    case FERRY_VALUE_REAL:
    default:
      sqlite3_bind_null (stmt, index);
      break;
    }
}

gboolean
ferry_export_is_identifier (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_')
        return FALSE;
    }
  return strlen (name) <= 128;
}

void
ferry_export_append_identifier (GString    *sql,
                                const char *name)
{
  g_return_if_fail (ferry_export_is_identifier (name));
  g_string_append_printf (sql, "\"%s\"", name);
}

/* Normalised decimal text ("-0.05") → cents, exactly; FALSE if it has more
 * than two decimals or too many digits. */
static gboolean
parse_cents (const char *text,
             gint64     *out_cents)
{
  const char *p = text;
  gboolean negative = *p == '-';
  gint64 cents = 0;
  guint int_digits = 0, frac_digits = 0;

  if (negative)
    p++;
  for (; g_ascii_isdigit (*p); p++, int_digits++)
    cents = cents * 10 + (*p - '0');
  if (int_digits > MAX_MONEY_INTEGER_DIGITS)
    return FALSE;
  if (*p == '.')
    p++;
  for (; g_ascii_isdigit (*p); p++, frac_digits++)
    {
      if (frac_digits == 2)
        return FALSE;
      cents = cents * 10 + (*p - '0');
    }
  for (; frac_digits < 2; frac_digits++)
    cents *= 10;
  *out_cents = negative ? -cents : cents;
  return *p == '\0';
}

static FerryValue
json_to_value (JsonNode *node,
               char      buffer[32])
{
  FerryValue value = { FERRY_VALUE_NULL, 0, 0.0, NULL, 0 };
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    {
      value.kind = FERRY_VALUE_TEXT;
      value.text = json_node_get_string (node);
      value.length = strlen (value.text);
    }
  else if (type == G_TYPE_INT64 || type == G_TYPE_BOOLEAN)
    {
      value.kind = FERRY_VALUE_INTEGER;
      value.integer = type == G_TYPE_INT64 ? json_node_get_int (node) : json_node_get_boolean (node);
    }
  else if (type == G_TYPE_DOUBLE)
    {
      /* Only for the message: a JSON number is no exact amount. */
      value.kind = FERRY_VALUE_TEXT;
      value.text = g_ascii_dtostr (buffer, 32, json_node_get_double (node));
      value.length = strlen (value.text);
    }
  return value;
}

/* Checks @value as a @type and stores it in @out; the reason (owned) if it
 * cannot be written. */
static char *
convert_value (FerryFieldType    type,
               const FerryValue *value,
               FerryExportValue *out)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  char *reason = NULL;
  gboolean quoted = FALSE;
  const char *text;

  if ((type == FERRY_FIELD_MONEY || type == FERRY_FIELD_DECIMAL) && value->kind != FERRY_VALUE_TEXT)
    return g_strdup ("must be a JSON string such as \"1234.50\", never a binary number");
  if (type == FERRY_FIELD_MONEY)
    {
      text = ferry_canonical_value (FERRY_FIELD_DECIMAL, value, scratch, &quoted, &reason);
      if (text == NULL || !parse_cents (text, &out->integer))
        {
          g_free (reason);
          return g_strdup_printf ("is “%s”; an amount needs at most two decimals, e.g. \"1234.50\"",
                                  value->text);
        }
      out->kind = FERRY_VALUE_INTEGER;
      return NULL;
    }
  text = ferry_canonical_value (type, value, scratch, &quoted, &reason);
  if (text == NULL)
    return reason;
  if (type == FERRY_FIELD_INTEGER || type == FERRY_FIELD_BOOLEAN)
    {
      out->kind = FERRY_VALUE_INTEGER;
      out->integer = type == FERRY_FIELD_BOOLEAN ? g_str_equal (text, "true")
                                                 : g_ascii_strtoll (text, NULL, 10);
      return NULL;
    }
  out->kind = FERRY_VALUE_TEXT;
  out->text = g_strdup (text);
  return NULL;
}

gboolean
ferry_export_row_add_json (GArray      *row,
                           FerryField  *field,
                           JsonObject  *fields,
                           GError     **error)
{
  const char *name = ferry_field_get_name (field);
  JsonNode *node = json_object_get_member (fields, name);
  FerryExportValue out = { name, ferry_field_get_label (field), ferry_field_get_field_type (field),
                           FERRY_VALUE_NULL, 0, NULL };
  g_autofree char *reason = NULL;
  char buffer[32];

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!ferry_field_get_optional (field))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "%s (%s) is required and the cloud sent no value.", out.label, name);
          return FALSE;
        }
    }
  else if (!JSON_NODE_HOLDS_VALUE (node))
    reason = g_strdup ("is not a single value");
  else
    {
      FerryValue value = json_to_value (node, buffer);

      reason = convert_value (out.type, &value, &out);
    }
  if (reason != NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "%s (%s) %s.", out.label, name, reason);
      return FALSE;
    }
  g_array_append_val (row, out);
  return TRUE;
}

/* "Employee (PR)" → "Employee": the label of the catalog type kept in
 * @table, for messages. */
static char *
table_label (FerryCatalog *catalog,
             const char   *table)
{
  guint n = ferry_catalog_get_n_entity_types (catalog);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char *label = ferry_entity_type_get_label (type);
      const char *paren = strstr (label, " (");

      if (!ferry_entity_type_is_export (type) && g_str_equal (ferry_entity_type_get_table (type), table))
        return paren != NULL ? g_strndup (label, paren - label) : g_strdup (label);
    }
  return g_strdup (table);
}

static gboolean
table_has_column (FerryAccountingDb *db,
                  const char        *table,
                  const char        *column)
{
  g_autoptr(GPtrArray) columns = ferry_accounting_db_list_columns (db, table, NULL);

  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      FerryAccountingColumn *c = g_ptr_array_index (columns, i);

      if (g_str_equal (c->name, column))
        return TRUE;
    }
  return FALSE;
}

/* One reference a row makes: the row of @table whose key columns hold the
 * values of the row's @from columns. Worked out once per plan, with its
 * SQL, since the schema does not change under an applier. */
struct _FerryExportReference
{
  char  *table; /* owned */
  GStrv  from;  /* owned: columns of the row (or its context), in key order */
  char  *sql;   /* owned: SELECT of the is_active flag (or 1) of that row */
};

static void
reference_free (FerryExportReference *reference)
{
  g_free (reference->table);
  g_strfreev (reference->from);
  g_free (reference->sql);
  g_free (reference);
}

/* @columns of @table hold what @from (NULL-terminated, taken) names. */
static FerryExportReference *
reference_new (FerryAccountingDb  *db,
               const char         *table,
               const char * const *columns,
               GPtrArray          *from)
{
  FerryExportReference *reference = g_new0 (FerryExportReference, 1);
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  g_string_append (sql, table_has_column (db, table, "is_active") ? "\"is_active\" FROM " : "1 FROM ");
  ferry_export_append_identifier (sql, table);
  for (guint i = 0; columns[i] != NULL; i++)
    {
      g_string_append (sql, i == 0 ? " WHERE " : " AND ");
      ferry_export_append_identifier (sql, columns[i]);
      g_string_append (sql, " = ?");
    }
  reference->table = g_strdup (table);
  reference->from = (GStrv) g_ptr_array_free (from, FALSE);
  reference->sql = g_string_free (g_steal_pointer (&sql), FALSE);
  return reference;
}

/* One reference: the row of @reference's table that @values point at. */
static gboolean
check_one (FerryAccountingDb          *db,
           FerryCatalog               *catalog,
           const FerryExportReference *reference,
           const char * const         *values,
           GError                    **error)
{
  g_autofree char *label = NULL, *lower = NULL, *key = NULL;
  sqlite3_stmt *stmt;
  gboolean active;
  int rc;

  stmt = ferry_accounting_db_prepare_cached (db, reference->sql, "check a reference", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; values[i] != NULL; i++)
    sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  active = rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (active)
    return TRUE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ferry_accounting_db_fail (db, rc, "check a reference", error);

  label = table_label (catalog, reference->table);
  lower = g_ascii_strdown (label, -1);
  key = ferry_record_key_display (values);
  if (rc == SQLITE_ROW)
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_REFERENCE_MISSING,
                 "%s %s is inactive in the accounting system. Make the %s active there, "
                 "then sync again.", label, key, lower);
  else
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_REFERENCE_MISSING,
                 "%s %s does not exist in the accounting system. Add the %s there, "
                 "then sync again.", label, key, lower);
  return FALSE;
}

/* The text of @column in @row, else in @context; NULL if neither has it. */
static char *
lookup_text (GArray     *row,
             GArray     *context,
             const char *column)
{
  const FerryExportValue *value = ferry_export_row_lookup (row, column);

  if (value == NULL)
    value = ferry_export_row_lookup (context, column);
  return value_to_text (value);
}

/* Checks @reference once per (table, values); a NULL value references
 * nothing. */
static gboolean
check_reference (FerryAccountingDb          *db,
                 FerryCatalog               *catalog,
                 GHashTable                 *seen,
                 const FerryExportReference *reference,
                 GArray                     *row,
                 GArray                     *context,
                 GError                    **error)
{
  guint n = g_strv_length (reference->from);
  g_auto(GStrv) values = g_new0 (char *, n + 1);
  g_autofree char *values_text = NULL;
  char *id;

  for (guint i = 0; i < n; i++)
    {
      values[i] = lookup_text (row, context, reference->from[i]);
      if (values[i] == NULL)
        return TRUE;
    }
  values_text = g_strjoinv ("\x1f", values);
  id = g_strconcat (reference->table, "\x1e", values_text, NULL);
  if (!g_hash_table_add (seen, id))
    return TRUE;
  return check_one (db, catalog, reference, (const char * const *) values, error);
}

/* A field referencing a type whose key has several fields gives the last
 * of them (contract_item → item); the others come by name from the row. */
static void
add_catalog_references (FerryAccountingDb *db,
                        FerryCatalog      *catalog,
                        GListModel        *fields,
                        GPtrArray         *references)
{
  guint n = g_list_model_get_n_items (fields);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);
      const char *name = ferry_field_get_references (field);
      FerryEntityType *type = name != NULL ? ferry_catalog_lookup (catalog, name) : NULL;
      const char * const *key;
      GPtrArray *from;

      if (type == NULL)
        continue;
      key = ferry_entity_type_get_key (type);
      from = g_ptr_array_new ();
      for (guint k = 0; key[k] != NULL; k++)
        g_ptr_array_add (from, g_strdup (key[k + 1] == NULL ? ferry_field_get_name (field) : key[k]));
      g_ptr_array_add (from, NULL);
      g_ptr_array_add (references, reference_new (db, ferry_entity_type_get_table (type), key, from));
    }
}

/* Ends the foreign key gathered in @from and @to: a reference unless it
 * points at @skip_table or at an implicit key (not checked). */
static void
end_foreign_key (FerryAccountingDb  *db,
                 GPtrArray          *references,
                 const char         *skip_table,
                 char              **parent,
                 GPtrArray         **from,
                 GPtrArray         **to)
{
  gboolean usable = ferry_export_is_identifier (*parent) && g_strcmp0 (*parent, skip_table) != 0;

  for (guint i = 0; usable && i < (*to)->len; i++)
    usable = ferry_export_is_identifier (g_ptr_array_index (*to, i));
  g_ptr_array_add (*from, NULL);
  g_ptr_array_add (*to, NULL);
  if (usable)
    g_ptr_array_add (references, reference_new (db, *parent, (const char * const *) (*to)->pdata,
                                                g_steal_pointer (from)));
  g_clear_pointer (parent, g_free);
  g_clear_pointer (from, g_ptr_array_unref);
  g_clear_pointer (to, g_ptr_array_unref);
}

/* The schema's foreign keys catch what the catalog does not say, e.g. the
 * job cost code (job, cost_code) of a commitment item. */
static gboolean
add_schema_references (FerryAccountingDb  *db,
                       const char         *table,
                       const char         *skip_table,
                       GPtrArray          *references,
                       GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_key_list(\"%s\")", table);
  g_autoptr(GPtrArray) from = NULL;
  g_autoptr(GPtrArray) to = NULL;
  g_autofree char *parent = NULL;
  sqlite3_stmt *stmt;
  int id = -1;
  int rc;

  g_return_val_if_fail (ferry_export_is_identifier (table), FALSE);
  stmt = ferry_accounting_db_prepare (db, sql, "read the foreign keys", error);
  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      rc = sqlite3_step (stmt);
      if (parent != NULL && (rc != SQLITE_ROW || sqlite3_column_int (stmt, 0) != id))
        end_foreign_key (db, references, skip_table, &parent, &from, &to);
      if (rc != SQLITE_ROW)
        break;
      id = sqlite3_column_int (stmt, 0);
      if (parent == NULL)
        {
          parent = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          from = g_ptr_array_new_with_free_func (g_free);
          to = g_ptr_array_new_with_free_func (g_free);
        }
      g_ptr_array_add (from, g_strdup ((const char *) sqlite3_column_text (stmt, 3)));
      g_ptr_array_add (to, g_strdup ((const char *) sqlite3_column_text (stmt, 4)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return ferry_accounting_db_fail (db, rc, "read the foreign keys", error);
  return TRUE;
}

GPtrArray *
ferry_export_references_new (FerryAccountingDb  *db,
                             FerryCatalog       *catalog,
                             GListModel         *fields,
                             const char         *table,
                             const char         *skip_table,
                             GError            **error)
{
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func ((GDestroyNotify) reference_free);

  add_catalog_references (db, catalog, fields, references);
  if (!add_schema_references (db, table, skip_table, references, error))
    return NULL;
  return g_steal_pointer (&references);
}

gboolean
ferry_export_check_references (FerryAccountingDb  *db,
                               FerryCatalog       *catalog,
                               GPtrArray          *references,
                               GArray             *row,
                               GArray             *context,
                               GError            **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < references->len; i++)
    {
      if (!check_reference (db, catalog, seen, g_ptr_array_index (references, i), row, context, error))
        return FALSE;
    }
  return TRUE;
}
