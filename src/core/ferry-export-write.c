/* ferry-export-write.c: the SQL of an export: insert, update, read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-export-write"

#include "ferry-error.h"
#include "ferry-export-private.h"
#include "ferry-record-key.h"

static gboolean
has_name (GPtrArray  *columns,
          const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    {
      FerryAccountingColumn *column = g_ptr_array_index (columns, i);

      if (g_str_equal (column->name, name))
        return TRUE;
    }
  return FALSE;
}

/* Every name of @fields plus cloud_id and modified_at must be a column. */
static gboolean
verify_table (FerryAccountingDb  *db,
              const char         *table,
              GListModel         *fields,
              GError            **error)
{
  guint n = g_list_model_get_n_items (fields);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) columns = NULL;

  if (!ferry_export_is_identifier (table))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
                   "“%s” cannot be used as a table name.", table);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);

      if (!ferry_export_is_identifier (ferry_field_get_name (field)))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
                       "“%s” cannot be used as a column name.", ferry_field_get_name (field));
          return FALSE;
        }
      g_strv_builder_add (builder, ferry_field_get_name (field));
    }
  g_strv_builder_add_many (builder, "cloud_id", "modified_at", NULL);
  columns = g_strv_builder_end (builder);
  return ferry_accounting_db_verify_columns (db, table, (const char * const *) columns, error);
}

static gboolean
add_item_columns (FerryAccountingDb  *db,
                  FerryExportPlan    *plan,
                  GError            **error)
{
  const char *items_table = ferry_entity_type_get_items_table (plan->type);
  GListModel *item_fields = ferry_entity_type_get_item_fields (plan->type);
  const char * const *key = ferry_entity_type_get_key (plan->type);
  g_autoptr(GPtrArray) columns = NULL;
  guint n = g_list_model_get_n_items (item_fields);

  if (!verify_table (db, items_table, item_fields, error))
    return FALSE;
  columns = ferry_accounting_db_list_columns (db, items_table, error);
  if (columns == NULL)
    return FALSE;
  for (guint i = 0; i < plan->header->len; i++)
    {
      FerryField *field = g_ptr_array_index (plan->header, i);
      const char *name = ferry_field_get_name (field);

      if (has_name (columns, name) && ferry_entity_type_lookup_field (plan->type, name) == field &&
          !g_strv_contains ((const char * const *) ferry_entity_type_get_items_key (plan->type), name))
        {
          gboolean is_item_field = FALSE;

          for (guint j = 0; j < n && !is_item_field; j++)
            {
              g_autoptr(FerryField) item_field = g_list_model_get_item (item_fields, j);

              is_item_field = g_str_equal (ferry_field_get_name (item_field), name);
            }
          if (!is_item_field)
            g_ptr_array_add (plan->item_columns, g_object_ref (field));
        }
    }
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (plan->item_columns, g_list_model_get_item (item_fields, i));
  for (guint i = 0; key[i] != NULL; i++)
    {
      if (has_name (columns, key[i]))
        g_ptr_array_add (plan->links, (gpointer) key[i]);
    }
  if (plan->links->len == 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
                   "The items table %s has none of the key columns of %s.",
                   items_table, ferry_entity_type_get_table (plan->type));
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_references (FerryAccountingDb  *db,
                FerryCatalog       *catalog,
                FerryExportPlan    *plan,
                GError            **error)
{
  const char *table = ferry_entity_type_get_table (plan->type);
  const char *items_table = ferry_entity_type_get_items_table (plan->type);

  plan->header_references = ferry_export_references_new (db, catalog, ferry_entity_type_get_fields (plan->type),
                                                         table, NULL, error);
  if (plan->header_references == NULL)
    return FALSE;
  if (items_table == NULL)
    return TRUE;
  plan->item_references = ferry_export_references_new (db, catalog, ferry_entity_type_get_item_fields (plan->type),
                                                       items_table, table, error);
  return plan->item_references != NULL;
}

FerryExportPlan *
ferry_export_plan_new (FerryAccountingDb  *db,
                       FerryCatalog       *catalog,
                       FerryEntityType    *type,
                       GError            **error)
{
  GListModel *fields = ferry_entity_type_get_fields (type);
  FerryExportPlan *plan = g_new0 (FerryExportPlan, 1);
  guint n = g_list_model_get_n_items (fields);

  plan->type = type;
  plan->header = g_ptr_array_new_with_free_func (g_object_unref);
  plan->item_columns = g_ptr_array_new_with_free_func (g_object_unref);
  plan->links = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (plan->header, g_list_model_get_item (fields, i));
  if (!verify_table (db, ferry_entity_type_get_table (type), fields, error) ||
      (ferry_entity_type_get_items_table (type) != NULL && !add_item_columns (db, plan, error)) ||
      !add_references (db, catalog, plan, error))
    {
      ferry_export_plan_free (plan);
      return NULL;
    }
  return plan;
}

void
ferry_export_plan_free (FerryExportPlan *plan)
{
  g_ptr_array_unref (plan->header);
  g_ptr_array_unref (plan->item_columns);
  g_ptr_array_unref (plan->links);
  g_clear_pointer (&plan->header_references, g_ptr_array_unref);
  g_clear_pointer (&plan->item_references, g_ptr_array_unref);
  g_free (plan);
}

static gboolean
step_done (FerryAccountingDb  *db,
           sqlite3_stmt       *stmt,
           const char         *doing,
           GError            **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ferry_accounting_db_fail (db, rc, doing, error);
  return TRUE;
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
insert_row (FerryAccountingDb  *db,
            const char         *table,
            GArray             *row,
            const char         *cloud_id,
            GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  g_autofree char *now = now_text ();
  sqlite3_stmt *stmt;

  ferry_export_append_identifier (sql, table);
  g_string_append (sql, " (");
  for (guint i = 0; i < row->len; i++)
    {
      ferry_export_append_identifier (sql, g_array_index (row, FerryExportValue, i).column);
      g_string_append (sql, ", ");
    }
  g_string_append (sql, "\"cloud_id\", \"modified_at\") VALUES (");
  for (guint i = 0; i < row->len; i++)
    g_string_append (sql, "?, ");
  g_string_append (sql, "?, ?)");
  stmt = ferry_accounting_db_prepare_cached (db, sql->str, "write an export", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < row->len; i++)
    ferry_export_value_bind (&g_array_index (row, FerryExportValue, i), stmt, i + 1);
  sqlite3_bind_text (stmt, row->len + 1, cloud_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, row->len + 2, now, -1, SQLITE_TRANSIENT);
  return step_done (db, stmt, "write an export", error);
}

static gboolean
insert_items (FerryAccountingDb  *db,
              FerryExportPlan    *plan,
              GPtrArray          *items,
              const char         *export_id,
              GError            **error)
{
  const char *items_table = ferry_entity_type_get_items_table (plan->type);
  const char * const *items_key = ferry_entity_type_get_items_key (plan->type);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      GArray *item = g_ptr_array_index (items, i);
      g_autofree char *key = ferry_export_row_display_key (item, items_key);
      g_autofree char *cloud_id = g_strconcat (export_id, "/", key, NULL);

      if (!insert_row (db, items_table, item, cloud_id, error))
        {
          g_prefix_error (error, "Item %s: ", key);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ferry_export_write_insert (FerryAccountingDb  *db,
                           FerryExportPlan    *plan,
                           GArray             *header,
                           GPtrArray          *items,
                           const char         *export_id,
                           GError            **error)
{
  return insert_row (db, ferry_entity_type_get_table (plan->type), header, export_id, error) &&
         insert_items (db, plan, items, export_id, error);
}

/* "link1", "link2": the header key columns the items repeat. */
static void
append_links (GString         *sql,
              FerryExportPlan *plan)
{
  for (guint i = 0; i < plan->links->len; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      ferry_export_append_identifier (sql, g_ptr_array_index (plan->links, i));
    }
}

/* Deletes the items of the header that has cloud_id @export_id now (its
 * key may be about to change). */
static gboolean
delete_items (FerryAccountingDb  *db,
              FerryExportPlan    *plan,
              const char         *export_id,
              GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("DELETE FROM ");
  sqlite3_stmt *stmt;

  ferry_export_append_identifier (sql, ferry_entity_type_get_items_table (plan->type));
  g_string_append (sql, " WHERE (");
  append_links (sql, plan);
  g_string_append (sql, ") IN (SELECT ");
  append_links (sql, plan);
  g_string_append (sql, " FROM ");
  ferry_export_append_identifier (sql, ferry_entity_type_get_table (plan->type));
  g_string_append (sql, " WHERE \"cloud_id\" = ?)");
  stmt = ferry_accounting_db_prepare_cached (db, sql->str, "replace the items of an export", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, export_id, -1, SQLITE_TRANSIENT);
  return step_done (db, stmt, "replace the items of an export", error);
}

gboolean
ferry_export_write_update (FerryAccountingDb  *db,
                           FerryExportPlan    *plan,
                           GArray             *header,
                           GPtrArray          *items,
                           const char         *export_id,
                           GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("UPDATE ");
  g_autofree char *now = now_text ();
  sqlite3_stmt *stmt;

  if (ferry_entity_type_get_items_table (plan->type) != NULL &&
      !delete_items (db, plan, export_id, error))
    return FALSE;
  ferry_export_append_identifier (sql, ferry_entity_type_get_table (plan->type));
  g_string_append (sql, " SET ");
  for (guint i = 0; i < header->len; i++)
    {
      ferry_export_append_identifier (sql, g_array_index (header, FerryExportValue, i).column);
      g_string_append (sql, " = ?, ");
    }
  g_string_append (sql, "\"modified_at\" = ? WHERE \"cloud_id\" = ?");
  stmt = ferry_accounting_db_prepare_cached (db, sql->str, "update an export", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < header->len; i++)
    ferry_export_value_bind (&g_array_index (header, FerryExportValue, i), stmt, i + 1);
  sqlite3_bind_text (stmt, header->len + 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, header->len + 2, export_id, -1, SQLITE_TRANSIENT);
  return step_done (db, stmt, "update an export", error) &&
         insert_items (db, plan, items, export_id, error);
}

/* One column as canonical text (money "1234.50", …), JSON-quoted so a tab
 * or a newline in a value cannot break the line. */
static void
append_column (GString        *out,
               sqlite3_stmt   *stmt,
               int             column,
               FerryFieldType  type)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autofree char *reason = NULL;
  FerryValue value = { FERRY_VALUE_TEXT, 0, 0.0, NULL, 0 };
  const char *text;
  gboolean quoted;

  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      g_string_append (out, "null");
      return;
    case SQLITE_INTEGER:
      value.kind = FERRY_VALUE_INTEGER;
      value.integer = sqlite3_column_int64 (stmt, column);
      break;
    case SQLITE_FLOAT:
      value.kind = FERRY_VALUE_REAL;
      value.real = sqlite3_column_double (stmt, column);
      break;
    default:
      value.text = (const char *) sqlite3_column_text (stmt, column);
      value.length = sqlite3_column_bytes (stmt, column);
      break;
    }
  text = ferry_canonical_value (type, &value, scratch, &quoted, &reason);
  if (text == NULL)
    text = (const char *) sqlite3_column_text (stmt, column);
  ferry_record_append_json_string (out, text);
}

static void
append_row (GString      *out,
            const char   *row,
            sqlite3_stmt *stmt,
            GPtrArray    *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      g_string_append_printf (out, "%s\t%s\t", row, ferry_field_get_name (g_ptr_array_index (fields, i)));
      append_column (out, stmt, i, ferry_field_get_field_type (g_ptr_array_index (fields, i)));
      g_string_append_c (out, '\n');
    }
}

static sqlite3_stmt *
prepare_select (FerryAccountingDb  *db,
                const char         *table,
                GPtrArray          *fields,
                const char         *where,
                const char * const *order,
                GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  for (guint i = 0; i < fields->len; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      ferry_export_append_identifier (sql, ferry_field_get_name (g_ptr_array_index (fields, i)));
    }
  g_string_append (sql, " FROM ");
  ferry_export_append_identifier (sql, table);
  g_string_append (sql, where);
  for (guint i = 0; order != NULL && order[i] != NULL; i++)
    {
      g_string_append (sql, i == 0 ? " ORDER BY " : ", ");
      ferry_export_append_identifier (sql, order[i]);
    }
  return ferry_accounting_db_prepare_cached (db, sql->str, "read back an export", error);
}

static int
field_index (GPtrArray  *fields,
             const char *name)
{
  for (guint i = 0; i < fields->len; i++)
    {
      if (g_str_equal (ferry_field_get_name (g_ptr_array_index (fields, i)), name))
        return i;
    }
  return -1;
}

/* The items of the header @header_stmt stands on. */
static gboolean
describe_items (FerryAccountingDb  *db,
                FerryExportPlan    *plan,
                sqlite3_stmt       *header_stmt,
                GString            *out,
                GError            **error)
{
  const char * const *items_key = ferry_entity_type_get_items_key (plan->type);
  g_autoptr(GString) where = g_string_new (NULL);
  g_autoptr(GStrvBuilder) builder = NULL;
  sqlite3_stmt *stmt;
  int rc;

  for (guint i = 0; i < plan->links->len; i++)
    {
      g_string_append (where, i == 0 ? " WHERE " : " AND ");
      ferry_export_append_identifier (where, g_ptr_array_index (plan->links, i));
      g_string_append (where, " = ?");
    }
  stmt = prepare_select (db, ferry_entity_type_get_items_table (plan->type), plan->item_columns,
                         where->str, items_key, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < plan->links->len; i++)
    sqlite3_bind_value (stmt, i + 1,
                        sqlite3_column_value (header_stmt, field_index (plan->header, g_ptr_array_index (plan->links, i))));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GStrv) key = NULL;
      g_autofree char *display = NULL, *row = NULL;

      builder = g_strv_builder_new ();
      for (guint i = 0; items_key[i] != NULL; i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, field_index (plan->item_columns, items_key[i]));

          g_strv_builder_add (builder, text != NULL ? text : "");
        }
      key = g_strv_builder_end (builder);
      g_clear_pointer (&builder, g_strv_builder_unref);
      display = ferry_record_key_display ((const char * const *) key);
      row = g_strconcat ("item ", display, NULL);
      append_row (out, row, stmt, plan->item_columns);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ferry_accounting_db_fail (db, rc, "read back an export", error);
  return TRUE;
}

gboolean
ferry_export_write_describe (FerryAccountingDb  *db,
                             FerryExportPlan    *plan,
                             const char         *export_id,
                             GString            *out,
                             gboolean           *out_found,
                             GError            **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  g_string_truncate (out, 0);
  stmt = prepare_select (db, ferry_entity_type_get_table (plan->type), plan->header,
                         " WHERE \"cloud_id\" = ?", NULL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, export_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *out_found = rc == SQLITE_ROW;
  if (rc == SQLITE_ROW)
    {
      append_row (out, "header", stmt, plan->header);
      if (ferry_entity_type_get_items_table (plan->type) != NULL)
        ok = describe_items (db, plan, stmt, out, error);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ferry_accounting_db_fail (db, rc, "read back an export", error);
  return ok;
}

gboolean
ferry_export_write_find_key (FerryAccountingDb  *db,
                             FerryExportPlan    *plan,
                             GArray             *header,
                             gboolean           *out_found,
                             char              **out_cloud_id,
                             GError            **error)
{
  const char * const *key = ferry_entity_type_get_key (plan->type);
  g_autoptr(GString) sql = g_string_new ("SELECT \"cloud_id\" FROM ");
  sqlite3_stmt *stmt;
  int rc;

  ferry_export_append_identifier (sql, ferry_entity_type_get_table (plan->type));
  for (guint i = 0; key[i] != NULL; i++)
    {
      g_string_append (sql, i == 0 ? " WHERE " : " AND ");
      ferry_export_append_identifier (sql, key[i]);
      g_string_append (sql, " = ?");
    }
  stmt = ferry_accounting_db_prepare_cached (db, sql->str, "look for the record", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; key[i] != NULL; i++)
    ferry_export_value_bind (ferry_export_row_lookup (header, key[i]), stmt, i + 1);
  rc = sqlite3_step (stmt);
  *out_found = rc == SQLITE_ROW;
  *out_cloud_id = rc == SQLITE_ROW ? g_strdup ((const char *) sqlite3_column_text (stmt, 0)) : NULL;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ferry_accounting_db_fail (db, rc, "look for the record", error);
  return TRUE;
}
