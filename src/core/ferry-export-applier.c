/* ferry-export-applier.c: one export item, one transaction, exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The marker row (export id, version) commits with the accounting rows, so
 * a crash leaves either both or neither. It also keeps the canonical text of
 * the rows as Ferry wrote them and its SHA-256: a later version compares the
 * rows as they are now with it and refuses to overwrite a local change.
 */
#define G_LOG_DOMAIN "ferry-export-applier"

#include <string.h>

#include "ferry-error.h"
#include "ferry-export-applier.h"
#include "ferry-export-private.h"
#include "ferry-json-util.h"
#include "ferry-sha256.h"

/* At most this many differences are listed in a conflict message. */
#define MAX_DIFFERENCES 5

struct _FerryExportApplier
{
  GObject            parent_instance;

  FerryAccountingDb *db;      /* owned */
  FerryCatalog      *catalog; /* owned */
  GHashTable        *plans;   /* entity type id (borrowed) → FerryExportPlan (owned) */
  gboolean           in_group; /* between begin_group () and its commit or rollback */
};

G_DEFINE_FINAL_TYPE (FerryExportApplier, ferry_export_applier, G_TYPE_OBJECT)

/* One item being applied. */
typedef struct
{
  const char      *export_id; /* borrowed from the item */
  const char      *entity;    /* borrowed from the item */
  gint64           version;
  FerryExportPlan *plan;      /* borrowed from the applier */
  GArray          *header;    /* owned */
  GPtrArray       *items;     /* owned: GArray rows; NULL without an items table */
  char            *key;       /* owned: the header's key as people read it */
} ExportItem;

static void
export_item_clear (ExportItem *item)
{
  g_clear_pointer (&item->header, g_array_unref);
  g_clear_pointer (&item->items, g_ptr_array_unref);
  g_clear_pointer (&item->key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExportItem, export_item_clear)

/* What the marker table says about an export id. */
typedef struct
{
  gint64  version; /* 0 if never applied */
  char   *entity;
  char   *content_hash;
  char   *content;
  char   *accounting_id;
} Marker;

static void
marker_clear (Marker *marker)
{
  g_clear_pointer (&marker->entity, g_free);
  g_clear_pointer (&marker->content_hash, g_free);
  g_clear_pointer (&marker->content, g_free);
  g_clear_pointer (&marker->accounting_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Marker, marker_clear)

static const char *outcome_names[] = { "applied", "already-applied", "updated" };

const char *
ferry_export_outcome_to_string (FerryExportOutcome outcome)
{
  g_return_val_if_fail (outcome <= FERRY_EXPORT_UPDATED, NULL);
  return outcome_names[outcome];
}

static void
ferry_export_applier_finalize (GObject *object)
{
  FerryExportApplier *self = FERRY_EXPORT_APPLIER (object);

  ferry_export_applier_rollback_group (self);
  g_clear_pointer (&self->plans, g_hash_table_unref);
  g_clear_object (&self->catalog);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (ferry_export_applier_parent_class)->finalize (object);
}

static void
ferry_export_applier_class_init (FerryExportApplierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_export_applier_finalize;
}

static void
ferry_export_applier_init (FerryExportApplier *self)
{
  self->plans = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) ferry_export_plan_free);
}

FerryExportApplier *
ferry_export_applier_new (FerryAccountingDb  *db,
                          FerryCatalog       *catalog,
                          GError            **error)
{
  g_autoptr(FerryExportApplier) self = NULL;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (db), NULL);
  g_return_val_if_fail (FERRY_IS_CATALOG (catalog), NULL);

  if (!ferry_accounting_db_exec (db,
                                 "CREATE TABLE IF NOT EXISTS " FERRY_EXPORT_MARKER_TABLE " ("
                                 " export_id TEXT NOT NULL,"
                                 " version INTEGER NOT NULL,"
                                 " entity TEXT NOT NULL,"
                                 " applied_at TEXT NOT NULL,"
                                 " content_hash TEXT,"
                                 " content TEXT,"
                                 " accounting_id TEXT,"
                                 " UNIQUE (export_id, version))",
                                 "create Ferry’s table of applied exports", error))
    return NULL;
  self = g_object_new (FERRY_TYPE_EXPORT_APPLIER, NULL);
  self->db = g_object_ref (db);
  self->catalog = g_object_ref (catalog);
  return g_steal_pointer (&self);
}

static FerryExportPlan *
lookup_plan (FerryExportApplier  *self,
             const char          *entity,
             GError             **error)
{
  FerryEntityType *type = ferry_catalog_lookup (self->catalog, entity);
  FerryExportPlan *plan;

  if (type == NULL || !ferry_entity_type_is_export (type))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an export type of the catalog; update Ferry.", entity);
      return NULL;
    }
  plan = g_hash_table_lookup (self->plans, ferry_entity_type_get_id (type));
  if (plan == NULL)
    {
      plan = ferry_export_plan_new (self->db, self->catalog, type, error);
      if (plan == NULL)
        return NULL;
      g_hash_table_insert (self->plans, (gpointer) ferry_entity_type_get_id (type), plan);
    }
  return plan;
}

/* Item rows: the header columns the items table repeats, then the item's. */
static GArray *
parse_item_row (ExportItem  *item,
                JsonNode    *node,
                GError     **error)
{
  g_autoptr(GArray) row = ferry_export_row_new ();
  GPtrArray *columns = item->plan->item_columns;

  if (!ferry_json_node_holds (node, JSON_TYPE_OBJECT))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "An item of %s is not a JSON object.", item->export_id);
      return NULL;
    }
  for (guint i = 0; i < columns->len; i++)
    {
      const char *name = ferry_field_get_name (g_ptr_array_index (columns, i));
      const FerryExportValue *copied = NULL;

      if (ferry_entity_type_lookup_field (item->plan->type, name) == g_ptr_array_index (columns, i))
        copied = ferry_export_row_lookup (item->header, name);
      if (copied != NULL)
        ferry_export_row_add_copy (row, copied);
      else if (!ferry_export_row_add_json (row, g_ptr_array_index (columns, i),
                                           json_node_get_object (node), error))
        return NULL;
    }
  return g_steal_pointer (&row);
}

static gboolean
parse_rows (ExportItem  *item,
            JsonObject  *fields,
            GError     **error)
{
  GPtrArray *header_fields = item->plan->header;
  JsonNode *items = json_object_get_member (fields, "items");

  item->header = ferry_export_row_new ();
  for (guint i = 0; i < header_fields->len; i++)
    {
      if (!ferry_export_row_add_json (item->header, g_ptr_array_index (header_fields, i), fields, error))
        return FALSE;
    }
  item->key = ferry_export_row_display_key (item->header, ferry_entity_type_get_key (item->plan->type));
  if (ferry_entity_type_get_items_table (item->plan->type) == NULL)
    return TRUE;
  item->items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  if (items == NULL || JSON_NODE_HOLDS_NULL (items))
    return TRUE;
  if (!ferry_json_node_holds (items, JSON_TYPE_ARRAY))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "The items of %s are not a JSON array.", item->export_id);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    {
      GArray *row = parse_item_row (item, json_array_get_element (json_node_get_array (items), i), error);

      if (row == NULL)
        return FALSE;
      g_ptr_array_add (item->items, row);
    }
  return TRUE;
}

static gboolean
parse_item (FerryExportApplier  *self,
            JsonObject          *object,
            ExportItem          *item,
            GError             **error)
{
  JsonNode *export_id = json_object_get_member (object, "export_id");
  JsonNode *entity = json_object_get_member (object, "entity");
  JsonNode *version = json_object_get_member (object, "version");
  JsonNode *fields = json_object_get_member (object, "fields");

  if (!ferry_json_node_holds (export_id, G_TYPE_STRING) || !ferry_json_node_holds (entity, G_TYPE_STRING) ||
      !ferry_json_node_holds (version, G_TYPE_INT64) || !ferry_json_node_holds (fields, JSON_TYPE_OBJECT) ||
      json_node_get_int (version) < 1 || *json_node_get_string (export_id) == '\0')
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                           "The export item lacks an export_id, entity, version or fields.");
      return FALSE;
    }
  item->export_id = json_node_get_string (export_id);
  item->entity = json_node_get_string (entity);
  item->version = json_node_get_int (version);
  item->plan = lookup_plan (self, item->entity, error);
  if (item->plan == NULL)
    return FALSE;
  if (!parse_rows (item, json_node_get_object (fields), error))
    {
      g_prefix_error (error, "%s: ", item->export_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_marker (FerryExportApplier  *self,
             const char          *export_id,
             Marker              *marker,
             GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = ferry_accounting_db_prepare_cached (self->db,
                                      "SELECT version, entity, content_hash, content, accounting_id"
                                      " FROM " FERRY_EXPORT_MARKER_TABLE " WHERE export_id = ?"
                                      " ORDER BY version DESC LIMIT 1",
                                      "read Ferry’s table of applied exports", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, export_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      marker->version = sqlite3_column_int64 (stmt, 0);
      marker->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      marker->content_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      marker->content = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      marker->accounting_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ferry_accounting_db_fail (self->db, rc, "read Ferry’s table of applied exports", error);
  return TRUE;
}

static gboolean
write_marker (FerryExportApplier  *self,
              ExportItem          *item,
              const char          *content,
              GError             **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *applied_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  char hash[FERRY_SHA256_HEX_SIZE];
  sqlite3_stmt *stmt;
  int rc;

  ferry_sha256_hex (content, strlen (content), hash);
  stmt = ferry_accounting_db_prepare_cached (self->db,
                                      "INSERT INTO " FERRY_EXPORT_MARKER_TABLE
                                      " (export_id, version, entity, applied_at, content_hash,"
                                      " content, accounting_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                      "record the applied export", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, item->export_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, item->version);
  sqlite3_bind_text (stmt, 3, item->entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, applied_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, content, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, item->key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ferry_accounting_db_fail (self->db, rc, "record the applied export", error);
  return TRUE;
}

static gboolean
validate (FerryExportApplier  *self,
          ExportItem          *item,
          GError             **error)
{
  FerryExportPlan *plan = item->plan;

  if (!ferry_export_check_references (self->db, self->catalog, plan->header_references,
                                      item->header, NULL, error))
    return FALSE;
  for (guint i = 0; item->items != NULL && i < item->items->len; i++)
    {
      if (!ferry_export_check_references (self->db, self->catalog, plan->item_references,
                                          g_ptr_array_index (item->items, i), item->header, error))
        return FALSE;
    }
  return TRUE;
}

/* Lines of canonical text "ROW\tCOLUMN\tVALUE" → ("ROW\tCOLUMN" → VALUE). */
static GHashTable *
parse_content (const char *content)
{
  GHashTable *lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) split = g_strsplit (content, "\n", -1);

  for (guint i = 0; split[i] != NULL; i++)
    {
      const char *tab = strrchr (split[i], '\t');

      if (tab != NULL)
        g_hash_table_insert (lines, g_strndup (split[i], tab - split[i]), g_strdup (tab + 1));
    }
  return lines;
}

/* The row labels ("header", "item 002") of parsed content. */
static GHashTable *
content_rows (GHashTable *lines)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, lines);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    g_hash_table_add (rows, g_strndup (key, strcspn (key, "\t")));
  return rows;
}

/* One difference, or NULL if @key reads the same. Rows wholly added or
 * deleted are told once, on their first column. */
static char *
describe_difference (const char *key,
                     GHashTable *before,
                     GHashTable *after,
                     GHashTable *rows_before,
                     GHashTable *rows_after,
                     GHashTable *told)
{
  const char *was = g_hash_table_lookup (before, key);
  const char *is = g_hash_table_lookup (after, key);
  g_auto(GStrv) where = g_strsplit (key, "\t", 2);

  if (g_strcmp0 (was, is) == 0)
    return NULL;
  if (!g_hash_table_contains (rows_after, where[0]) || !g_hash_table_contains (rows_before, where[0]))
    {
      if (!g_hash_table_add (told, g_strdup (where[0])))
        return NULL;
      return g_strdup_printf ("the %s was %s there", where[0],
                              is == NULL ? "deleted" : "added");
    }
  return g_strdup_printf ("%s of the %s is %s there, Ferry wrote %s", where[1], where[0],
                          is != NULL ? is : "missing", was != NULL ? was : "nothing");
}

static void
add_keys (GHashTable *set,
          GHashTable *table)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (set, key);
}

/* "amount of the header is "1300.00" there, Ferry wrote "1234.50"; …" */
static char *
describe_differences (const char *written,
                      const char *now)
{
  g_autoptr(GHashTable) before = parse_content (written);
  g_autoptr(GHashTable) after = parse_content (now);
  g_autoptr(GHashTable) rows_before = content_rows (before);
  g_autoptr(GHashTable) rows_after = content_rows (after);
  g_autoptr(GHashTable) told = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) sorted = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  add_keys (keys, before);
  add_keys (keys, after);
  sorted = g_list_sort (g_hash_table_get_keys (keys), (GCompareFunc) g_strcmp0);
  for (GList *l = sorted; l != NULL; l = l->next)
    {
      g_autofree char *difference = describe_difference (l->data, before, after,
                                                         rows_before, rows_after, told);

      if (difference != NULL && n++ < MAX_DIFFERENCES)
        g_string_append_printf (out, "%s%s", out->len > 0 ? "; " : "", difference);
    }
  if (n > MAX_DIFFERENCES)
    g_string_append_printf (out, "; and %u more", n - MAX_DIFFERENCES);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
check_unchanged (FerryExportApplier  *self,
                 ExportItem          *item,
                 Marker              *marker,
                 GError             **error)
{
  const char *label = ferry_entity_type_get_label (item->plan->type);
  g_autoptr(GString) now = g_string_new (NULL);
  g_autofree char *differences = NULL;
  char hash[FERRY_SHA256_HEX_SIZE];
  gboolean found;

  if (!ferry_export_write_describe (self->db, item->plan, item->export_id, now, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_CONFLICT,
                   "%s %s was deleted in the accounting system after Ferry wrote it, so version %"
                   G_GINT64_FORMAT " was not written. Restore it there or cancel it in the cloud.",
                   label, marker->accounting_id, item->version);
      return FALSE;
    }
  ferry_sha256_hex (now->str, now->len, hash);
  if (g_strcmp0 (hash, marker->content_hash) == 0)
    return TRUE;
  differences = describe_differences (marker->content != NULL ? marker->content : "", now->str);
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_CONFLICT,
               "%s %s was changed in the accounting system after Ferry wrote it (%s). "
               "Ferry did not overwrite it with version %" G_GINT64_FORMAT
               ": undo the change there or make it in the cloud, then sync again.",
               label, marker->accounting_id, differences, item->version);
  return FALSE;
}

/* A record with this natural key that Ferry did not write for this item. */
static gboolean
check_not_typed_in (FerryExportApplier  *self,
                    ExportItem          *item,
                    GError             **error)
{
  const char *label = ferry_entity_type_get_label (item->plan->type);
  g_autofree char *cloud_id = NULL;
  gboolean found;

  if (!ferry_export_write_find_key (self->db, item->plan, item->header, &found, &cloud_id, error))
    return FALSE;
  if (!found)
    return TRUE;
  if (cloud_id == NULL)
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_CONFLICT,
                 "%s %s already exists in the accounting system but was not written by Ferry. "
                 "Remove or renumber the one there, or give it another number in the cloud, "
                 "then sync again.", label, item->key);
  else
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_CONFLICT,
                 "%s %s already exists in the accounting system, written by Ferry for cloud "
                 "item %s, not %s. Give one of them another number in the cloud, then sync again.",
                 label, item->key, cloud_id, item->export_id);
  return FALSE;
}

/* Inside the transaction: everything but BEGIN and COMMIT. */
static gboolean
apply_in_transaction (FerryExportApplier  *self,
                      ExportItem          *item,
                      FerryExportOutcome  *out_outcome,
                      GError             **error)
{
  g_auto(Marker) marker = { 0, NULL, NULL, NULL, NULL };
  g_autoptr(GString) content = g_string_new (NULL);
  gboolean found;

  if (!read_marker (self, item->export_id, &marker, error))
    return FALSE;
  if (marker.version >= item->version)
    {
      *out_outcome = FERRY_EXPORT_ALREADY_APPLIED;
      return TRUE;
    }
  if (marker.version > 0 && g_strcmp0 (marker.entity, item->entity) != 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Export %s was a %s and is now a %s; Ferry cannot change its type.",
                   item->export_id, marker.entity, item->entity);
      return FALSE;
    }
  if (!validate (self, item, error))
    return FALSE;
  if (marker.version > 0)
    {
      if (!check_unchanged (self, item, &marker, error) ||
          !ferry_export_write_update (self->db, item->plan, item->header, item->items,
                                      item->export_id, error))
        return FALSE;
      *out_outcome = FERRY_EXPORT_UPDATED;
    }
  else
    {
      if (!check_not_typed_in (self, item, error) ||
          !ferry_export_write_insert (self->db, item->plan, item->header, item->items,
                                      item->export_id, error))
        return FALSE;
      *out_outcome = FERRY_EXPORT_APPLIED;
    }
  return ferry_export_write_describe (self->db, item->plan, item->export_id, content, &found, error) &&
         write_marker (self, item, content->str, error);
}

/* Each item is all or nothing: its own transaction, or in a group its own
 * savepoint inside the group's transaction. */
static const struct
{
  const char *begin, *commit, *rollback;
} item_sql[] = {
  { "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK" },
  { "SAVEPOINT ferry_item", "RELEASE ferry_item", "ROLLBACK TO ferry_item; RELEASE ferry_item" },
};

gboolean
ferry_export_applier_apply (FerryExportApplier  *self,
                            JsonObject          *object,
                            FerryExportOutcome  *out_outcome,
                            char               **out_accounting_id,
                            GError             **error)
{
  g_auto(ExportItem) item = { NULL, NULL, 0, NULL, NULL, NULL, NULL };
  FerryExportOutcome outcome = FERRY_EXPORT_APPLIED;
  guint mode;

  g_return_val_if_fail (FERRY_IS_EXPORT_APPLIER (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  mode = self->in_group ? 1 : 0;
  if (!parse_item (self, object, &item, error) ||
      !ferry_accounting_db_exec (self->db, item_sql[mode].begin, "start a transaction", error))
    return FALSE;
  if (!apply_in_transaction (self, &item, &outcome, error))
    {
      ferry_accounting_db_exec (self->db, item_sql[mode].rollback, "roll back", NULL);
      return FALSE;
    }
  if (!ferry_accounting_db_exec (self->db, item_sql[mode].commit, "commit the export", error))
    {
      ferry_accounting_db_exec (self->db, item_sql[mode].rollback, "roll back", NULL);
      return FALSE;
    }
  if (out_outcome != NULL)
    *out_outcome = outcome;
  if (out_accounting_id != NULL)
    *out_accounting_id = g_strdup (item.key);
  return TRUE;
}

gboolean
ferry_export_applier_begin_group (FerryExportApplier  *self,
                                  GError             **error)
{
  g_return_val_if_fail (FERRY_IS_EXPORT_APPLIER (self), FALSE);
  g_return_val_if_fail (!self->in_group, FALSE);

  if (!ferry_accounting_db_exec (self->db, "BEGIN IMMEDIATE", "start a transaction", error))
    return FALSE;
  self->in_group = TRUE;
  return TRUE;
}

gboolean
ferry_export_applier_commit_group (FerryExportApplier  *self,
                                   GError             **error)
{
  g_return_val_if_fail (FERRY_IS_EXPORT_APPLIER (self), FALSE);
  g_return_val_if_fail (self->in_group, FALSE);

  self->in_group = FALSE;
  if (ferry_accounting_db_exec (self->db, "COMMIT", "commit the exports", error))
    return TRUE;
  ferry_accounting_db_exec (self->db, "ROLLBACK", "roll back", NULL);
  return FALSE;
}

void
ferry_export_applier_rollback_group (FerryExportApplier *self)
{
  g_return_if_fail (FERRY_IS_EXPORT_APPLIER (self));

  if (!self->in_group)
    return;
  self->in_group = FALSE;
  ferry_accounting_db_exec (self->db, "ROLLBACK", "roll back", NULL);
}
