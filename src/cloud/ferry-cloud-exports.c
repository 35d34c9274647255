/* ferry-cloud-exports.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An item's status is about its current version only: pending until an
 * acknowledgement of that version arrives, then applied or failed. A new
 * version makes it pending again with no attempts; applied_version keeps
 * what the accounting system holds, even when that came from a stale
 * acknowledgement. Requests are checked completely before the transaction
 * starts, so a refused request writes nothing and costs no lock.
 */
#define G_LOG_DOMAIN "ferry-cloud-exports"

#include "config.h"

#include <string.h>

#include "ferry-cloud-exports-private.h"
#include "ferry-cloud-validate.h"
#include "ferry-record-key.h"

#define MAX_EXPORT_ID_LENGTH 128

void
ferry_cloud_export_item_clear (FerryCloudExportItem *item)
{
  g_clear_pointer (&item->entity, g_free);
  g_clear_pointer (&item->fields, g_free);
  g_clear_pointer (&item->status, g_free);
  g_clear_pointer (&item->accounting_id, g_free);
  g_clear_pointer (&item->last_error, g_free);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
ferry_cloud_export_item_lookup (FerryCloudStore       *store,
                                gint64                 company_id,
                                const char            *export_id,
                                FerryCloudExportItem  *item,
                                GError               **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store,
      "SELECT id, entity, version, sequence, fields, status, applied_version, "
      "accounting_id, attempts, last_error "
      "FROM export_item WHERE company_id = ?1 AND export_id = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_text (stmt, 2, export_id, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      item->id = sqlite3_column_int64 (stmt, 0);
      item->entity = column_text (stmt, 1);
      item->version = sqlite3_column_int64 (stmt, 2);
      item->sequence = sqlite3_column_int64 (stmt, 3);
      item->fields = column_text (stmt, 4);
      item->status = column_text (stmt, 5);
      item->applied_version = sqlite3_column_int64 (stmt, 6);
      item->accounting_id = column_text (stmt, 7);
      item->attempts = sqlite3_column_int64 (stmt, 8);
      item->last_error = column_text (stmt, 9);
    }
  else if (rc != SQLITE_DONE)
    ferry_cloud_store_set_error (store, error, "look up an export item");
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

gboolean
ferry_cloud_exports_step (FerryCloudStore  *store,
                          sqlite3_stmt     *stmt,
                          const char       *context,
                          GError          **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (store, error, context);
      return FALSE;
    }
  return TRUE;
}

void
ferry_cloud_exports_bind_text (sqlite3_stmt *stmt,
                               int           index,
                               const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

const char *
ferry_cloud_exports_string_member (JsonObject *object,
                                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* ---- Enqueueing ---- */

typedef struct
{
  guint            index;      /* 1-based position in the request */
  const char      *export_id;  /* borrowed from the request; NULL: generate one */
  FerryEntityType *entity;     /* borrowed */
  JsonNode        *fields;     /* borrowed from the request */
} Incoming;

typedef struct
{
  FerryCloudStore *store;      /* borrowed */
  gint64           company_id;
  gint64           now;
  GArray          *incoming;   /* owned, of Incoming */
  GHashTable      *named;      /* owned: export ids the request gives → Incoming index */
} Enqueue;

static void
enqueue_clear (Enqueue *e)
{
  g_clear_pointer (&e->incoming, g_array_unref);
  g_clear_pointer (&e->named, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Enqueue, enqueue_clear)

/* Fails with "Export item 3 (pcco-7, Prime Contract Change Order): …
 * Nothing was enqueued." */
G_GNUC_PRINTF (4, 5)
static gboolean
refuse (GError            **error,
        FerryCloudProblem   code,
        const Incoming     *in,
        const char         *format,
        ...)
{
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_string_printf (where, "Export item %u", in->index);
  if (in->export_id != NULL || in->entity != NULL)
    g_string_append_printf (where, " (%s%s%s)",
                            in->export_id ? in->export_id : "",
                            in->export_id && in->entity ? ", " : "",
                            in->entity ? ferry_entity_type_get_label (in->entity) : "");
  g_set_error (error, FERRY_CLOUD_PROBLEM, code, "%s: %s Nothing was enqueued.", where->str, what);
  return FALSE;
}

static gboolean
is_valid_export_id (JsonNode *node)
{
  const char *text;
  glong length;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  length = g_utf8_strlen (text, -1);
  if (length < 1 || length > MAX_EXPORT_ID_LENGTH)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

/* The key of a line item as key text, e.g. ["10"]. */
static char *
line_item_key_text (JsonObject         *line,
                    const char * const *key)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; key[i] != NULL; i++)
    {
      char *text = ferry_cloud_value_to_key_text (json_object_get_member (line, key[i]));

      g_ptr_array_add (values, text != NULL ? text : g_strdup (""));
    }
  g_ptr_array_add (values, NULL);
  return ferry_record_key_to_text ((const char * const *) values->pdata);
}

static gboolean
validate_line_items (const Incoming  *in,
                     JsonNode        *items,
                     GError         **error)
{
  const char * const *key = ferry_entity_type_get_items_key (in->entity);
  GListModel *item_fields = ferry_entity_type_get_item_fields (in->entity);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *array;

  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    return refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in,
                   "Its line items are missing: give them in fields.items, an array of objects.");
  array = json_node_get_array (items);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *line = json_array_get_element (array, i);
      FerryCloudRejection rejection = { 0 };
      g_autofree char *key_text = NULL;
      guint earlier;

      if (!JSON_NODE_HOLDS_OBJECT (line))
        return refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in,
                       "Line item %u is not a JSON object.", i + 1);
      if (!ferry_cloud_validate_fields (item_fields, json_node_get_object (line), NULL, &rejection))
        {
          refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in, "Line item %u: %s",
                  i + 1, rejection.message);
          ferry_cloud_rejection_clear (&rejection);
          return FALSE;
        }

      key_text = line_item_key_text (json_node_get_object (line), key);
      earlier = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key_text));
      if (earlier != 0)
        {
          g_autofree char *names = g_strjoinv (", ", (char **) key);

          return refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in,
                         "Line items %u and %u have the same %s %s; give each line item its own.",
                         earlier, i + 1, names, key_text);
        }
      g_hash_table_insert (seen, g_steal_pointer (&key_text), GUINT_TO_POINTER (i + 1));
    }
  return TRUE;
}

static gboolean
validate_fields (const Incoming  *in,
                 GError         **error)
{
  static const char * const items_member[] = { "items", NULL };
  gboolean has_items = ferry_entity_type_get_items_table (in->entity) != NULL;
  JsonObject *fields = json_node_get_object (in->fields);
  FerryCloudRejection rejection = { 0 };

  if (!ferry_cloud_validate_fields (ferry_entity_type_get_fields (in->entity), fields,
                                    has_items ? items_member : NULL, &rejection))
    {
      refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in, "%s", rejection.message);
      ferry_cloud_rejection_clear (&rejection);
      return FALSE;
    }
  if (!has_items)
    return TRUE;
  return validate_line_items (in, json_object_get_member (fields, "items"), error);
}

/* Checks one export item of the request and fills @in. */
static gboolean
parse_incoming (FerryCatalog  *catalog,
                JsonNode      *node,
                Incoming      *in,
                GError       **error)
{
  JsonObject *object;
  JsonObjectIter iter;
  JsonNode *member;
  const char *name;
  const char *entity_id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return refuse (error, FERRY_CLOUD_PROBLEM_MALFORMED_JSON, in,
                   "It is not a JSON object; send {\"entity\": …, \"fields\": {…}}.");
  object = json_node_get_object (node);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (g_strcmp0 (name, "export_id") != 0 && g_strcmp0 (name, "entity") != 0
          && g_strcmp0 (name, "fields") != 0)
        return refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in,
                       "“%s” is not a member of an export item; use export_id, entity and fields.",
                       name);
    }

  member = json_object_get_member (object, "export_id");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!is_valid_export_id (member))
        return refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in,
                       "Its export_id must be a string of 1 to %d characters without control "
                       "characters, or left out to have one generated.", MAX_EXPORT_ID_LENGTH);
      in->export_id = json_node_get_string (member);
    }

  entity_id = ferry_cloud_exports_string_member (object, "entity");
  if (entity_id == NULL)
    return refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in,
                   "It has no \"entity\"; give an export entity type such as \"export.pcco\".");
  in->entity = ferry_catalog_lookup (catalog, entity_id);
  if (in->entity == NULL || !ferry_entity_type_is_export (in->entity))
    {
      gboolean pushed = in->entity != NULL;

      in->entity = NULL;
      return refuse (error, FERRY_CLOUD_PROBLEM_UNKNOWN_ENTITY, in,
                     "“%s” is not an export entity type of the catalog%s.", entity_id,
                     pushed ? "; its records are pushed from the accounting system" : "");
    }

  in->fields = json_object_get_member (object, "fields");
  if (in->fields == NULL || !JSON_NODE_HOLDS_OBJECT (in->fields))
    return refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in,
                   "It has no \"fields\" object with the fields of the %s.",
                   ferry_entity_type_get_label (in->entity));

  return validate_fields (in, error);
}

/* Checks the whole request, before anything is written. */
static gboolean
parse_request (Enqueue   *e,
               JsonNode  *items,
               GError   **error)
{
  FerryCatalog *catalog = ferry_cloud_store_get_catalog (e->store);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();

  if (items != NULL && JSON_NODE_HOLDS_ARRAY (items))
    {
      JsonArray *array = json_node_get_array (items);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (nodes, json_array_get_element (array, i));
    }
  else if (items != NULL && JSON_NODE_HOLDS_OBJECT (items))
    g_ptr_array_add (nodes, items);
  else
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
                   "Send one export item {\"entity\": …, \"fields\": {…}} or an array of "
                   "them. Nothing was enqueued.");
      return FALSE;
    }

  g_array_set_size (e->incoming, nodes->len);
  for (guint i = 0; i < nodes->len; i++)
    {
      Incoming *in = &g_array_index (e->incoming, Incoming, i);
      guint earlier;

      in->index = i + 1;
      if (!parse_incoming (catalog, nodes->pdata[i], in, error))
        return FALSE;
      if (in->export_id == NULL)
        continue;
      earlier = GPOINTER_TO_UINT (g_hash_table_lookup (e->named, in->export_id));
      if (earlier != 0)
        return refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in,
                       "Export item %u has the same export_id; send each export item once "
                       "per request.", earlier);
      g_hash_table_insert (e->named, (gpointer) in->export_id, GUINT_TO_POINTER (in->index));
    }
  return TRUE;
}

/* "<entity suffix>-<n>", e.g. "pcco-17": n counts per company and entity
 * type, skipping ids that are taken or named elsewhere in the request. */
static char *
generate_export_id (Enqueue          *e,
                    FerryEntityType  *entity,
                    GError          **error)
{
  const char *entity_id = ferry_entity_type_get_id (entity);
  const char *dot = strchr (entity_id, '.');
  const char *suffix = dot != NULL ? dot + 1 : entity_id;
  g_autofree char *counter = g_strdup_printf ("export-id:%" G_GINT64_FORMAT ":%s",
                                              e->company_id, entity_id);

  for (;;)
    {
      g_auto(FerryCloudExportItem) row = { 0 };
      g_autofree char *id = NULL;
      gint64 n;

      if (!ferry_cloud_store_next_value (e->store, counter, &n, error))
        return NULL;
      id = g_strdup_printf ("%s-%" G_GINT64_FORMAT, suffix, n);
      if (g_hash_table_contains (e->named, id))
        continue;
      if (!ferry_cloud_export_item_lookup (e->store, e->company_id, id, &row, error))
        return NULL;
      if (row.id == 0)
        return g_steal_pointer (&id);
    }
}

static gboolean
same_fields (const char *stored,
             JsonNode   *fields)
{
  g_autoptr(JsonNode) node = json_from_string (stored, NULL);

  return node != NULL && json_node_equal (node, fields);
}

/* Inserts version 1 (row->id 0) or the next version of @row, pending. */
static gboolean
write_version (Enqueue               *e,
               FerryCloudExportItem  *row,
               const char            *export_id,
               const char            *entity_id,
               const char            *fields,
               GError               **error)
{
  sqlite3_stmt *stmt;

  if (!ferry_cloud_store_next_value (e->store, "export-sequence", &row->sequence, error))
    return FALSE;
  row->version = row->id != 0 ? row->version + 1 : 1;

  if (row->id == 0)
    stmt = ferry_cloud_store_prepare (e->store,
        "INSERT INTO export_item (company_id, export_id, entity, version, sequence, fields, "
        "status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?7)", error);
  else
    stmt = ferry_cloud_store_prepare (e->store,
        "UPDATE export_item SET version = ?4, sequence = ?5, fields = ?6, status = 'pending', "
        "attempts = 0, last_error = NULL, updated_at = ?7 "
        "WHERE company_id = ?1 AND export_id = ?2 AND entity = ?3", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, e->company_id);
  sqlite3_bind_text (stmt, 2, export_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entity_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, row->version);
  sqlite3_bind_int64 (stmt, 5, row->sequence);
  sqlite3_bind_text (stmt, 6, fields, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, e->now);

  return ferry_cloud_exports_step (e->store, stmt, "store an export item", error);
}

static gboolean
enqueue_one (Enqueue      *e,
             Incoming     *in,
             JsonBuilder  *results,
             GError      **error)
{
  const char *entity_id = ferry_entity_type_get_id (in->entity);
  g_auto(FerryCloudExportItem) row = { 0 };
  g_autofree char *generated = NULL;
  g_autofree char *fields = NULL;
  const char *export_id = in->export_id;
  const char *result = "unchanged";

  if (export_id == NULL)
    {
      if ((generated = generate_export_id (e, in->entity, error)) == NULL)
        return FALSE;
      export_id = generated;
    }
  else if (!ferry_cloud_export_item_lookup (e->store, e->company_id, export_id, &row, error))
    return FALSE;

  if (row.id != 0 && g_strcmp0 (row.entity, entity_id) != 0)
    return refuse (error, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, in,
                   "This export_id already names an item of type %s; an export item cannot "
                   "change its entity type. Give it another export_id.", row.entity);

  if (row.id == 0 || !same_fields (row.fields, in->fields))
    {
      result = row.id == 0 ? "created" : "updated";
      fields = json_to_string (in->fields, FALSE);
      if (!write_version (e, &row, export_id, entity_id, fields, error))
        return FALSE;
    }

  json_builder_begin_object (results);
  json_builder_set_member_name (results, "export_id");
  json_builder_add_string_value (results, export_id);
  json_builder_set_member_name (results, "entity");
  json_builder_add_string_value (results, entity_id);
  json_builder_set_member_name (results, "version");
  json_builder_add_int_value (results, row.version);
  json_builder_set_member_name (results, "sequence");
  json_builder_add_int_value (results, row.sequence);
  json_builder_set_member_name (results, "result");
  json_builder_add_string_value (results, result);
  json_builder_end_object (results);

  return TRUE;
}

JsonNode *
ferry_cloud_exports_enqueue (FerryCloudStore  *store,
                             gint64            company_id,
                             JsonNode         *items,
                             GError          **error)
{
  g_autoptr(JsonBuilder) results = json_builder_new_immutable ();
  g_auto(Enqueue) e = { 0 };

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (store), NULL);

  e.store = store;
  e.company_id = company_id;
  e.now = ferry_cloud_store_now (store);
  e.incoming = g_array_new (FALSE, TRUE, sizeof (Incoming));
  e.named = g_hash_table_new (g_str_hash, g_str_equal);

  if (!parse_request (&e, items, error) || !ferry_cloud_store_begin (store, error))
    return NULL;

  json_builder_begin_object (results);
  json_builder_set_member_name (results, "items");
  json_builder_begin_array (results);
  for (guint i = 0; i < e.incoming->len; i++)
    {
      if (!enqueue_one (&e, &g_array_index (e.incoming, Incoming, i), results, error))
        {
          ferry_cloud_store_rollback (store);
          return NULL;
        }
    }
  json_builder_end_array (results);
  json_builder_end_object (results);

  if (!ferry_cloud_store_commit (store, error))
    {
      ferry_cloud_store_rollback (store);
      return NULL;
    }
  return json_builder_get_root (results);
}
