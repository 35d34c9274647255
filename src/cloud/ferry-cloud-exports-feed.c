/* ferry-cloud-exports-feed.c: the feed, acknowledgements and the operator's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An acknowledgement changes an item only when it says something new, so
 * the same acknowledgement sent twice (after a dropped answer) leaves the
 * item as the first one did.
 */
#define G_LOG_DOMAIN "ferry-cloud-exports"

#include "config.h"

#include "ferry-cloud-exports-private.h"

#define MAX_FEED_LIMIT 1000
#define MAX_ACKNOWLEDGEMENTS 1000

/* Both the feed and the list put the sequence in this column. */
#define SEQUENCE_COLUMN 3

/* One row as an object: NULL as null, "fields" as the JSON it holds,
 * "*_at" columns as RFC 3339 times. */
static void
add_row (JsonBuilder  *builder,
         sqlite3_stmt *stmt)
{
  json_builder_begin_object (builder);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      json_builder_set_member_name (builder, name);
      if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
        json_builder_add_null_value (builder);
      else if (g_str_equal (name, "fields"))
        {
          JsonNode *fields = json_from_string ((const char *) sqlite3_column_text (stmt, i), NULL);

          if (fields != NULL)
            json_builder_add_value (builder, fields);
          else
            json_builder_add_null_value (builder);
        }
      else if (g_str_has_suffix (name, "_at"))
        {
          g_autofree char *time = ferry_cloud_format_time (sqlite3_column_int64 (stmt, i));

          json_builder_add_string_value (builder, time);
        }
      else if (sqlite3_column_type (stmt, i) == SQLITE_INTEGER)
        json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, i));
      else
        json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, i));
    }
  json_builder_end_object (builder);
}

/* Adds "items": [...] from @stmt, at most @limit rows (0: all). Sets
 * @out_next_after to the last sequence when there are more rows, else 0. */
static gboolean
add_items (FerryCloudStore  *store,
           sqlite3_stmt     *stmt,
           guint             limit,
           JsonBuilder      *builder,
           gint64           *out_next_after,
           GError          **error)
{
  gint64 last = 0;
  guint n = 0;
  int rc;

  *out_next_after = 0;
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (limit != 0 && n == limit)
        {
          *out_next_after = last;
          break;
        }
      add_row (builder, stmt);
      last = sqlite3_column_int64 (stmt, SEQUENCE_COLUMN);
      n++;
    }
  json_builder_end_array (builder);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (store, error, "read export items");
      return FALSE;
    }
  return TRUE;
}

JsonNode *
ferry_cloud_exports_feed (FerryCloudStore  *store,
                          gint64            company_id,
                          gint64            after,
                          guint             limit,
                          FerryEntityType  *entity,
                          GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  sqlite3_stmt *stmt;
  gint64 next_after;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (store), NULL);

  if (limit < 1 || limit > MAX_FEED_LIMIT || after < 0)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   after < 0 ? "after must be 0 or a sequence number of the feed."
                             : "limit must be 1 to 1000 export items.");
      return NULL;
    }
  if (entity != NULL && !ferry_entity_type_is_export (entity))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNKNOWN_ENTITY,
                   "“%s” is not an export entity type of the catalog.",
                   ferry_entity_type_get_id (entity));
      return NULL;
    }

  stmt = ferry_cloud_store_prepare (store,
      "SELECT export_id, entity, version, sequence, status, attempts, last_error, "
      "created_at, updated_at, fields FROM export_item "
      "WHERE company_id = ?1 AND status != 'applied' AND sequence > ?2 "
      "AND (?3 IS NULL OR entity = ?3) ORDER BY sequence LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_int64 (stmt, 2, after);
  ferry_cloud_exports_bind_text (stmt, 3, entity ? ferry_entity_type_get_id (entity) : NULL);
  /* One more than asked for says whether there is a next page. */
  sqlite3_bind_int64 (stmt, 4, (gint64) limit + 1);

  json_builder_begin_object (builder);
  if (!add_items (store, stmt, limit, builder, &next_after, error))
    return NULL;
  json_builder_set_member_name (builder, "next_after");
  if (next_after != 0)
    json_builder_add_int_value (builder, next_after);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
ferry_cloud_exports_list (FerryCloudStore  *store,
                          gint64            company_id,
                          const char       *status,
                          GError          **error)
{
  static const char * const statuses[] = { "pending", "failed", "applied", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  sqlite3_stmt *stmt;
  gint64 next_after;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (store), NULL);

  if (status != NULL && !g_strv_contains (statuses, status))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "“%s” is not a status of export items; use pending, failed or applied.",
                   status);
      return NULL;
    }

  stmt = ferry_cloud_store_prepare (store,
      "SELECT export_id, entity, version, sequence, status, applied_version, accounting_id, "
      "attempts, last_error, created_at, updated_at FROM export_item "
      "WHERE company_id = ?1 AND (?2 IS NULL OR status = ?2) ORDER BY sequence", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, company_id);
  ferry_cloud_exports_bind_text (stmt, 2, status);

  json_builder_begin_object (builder);
  if (!add_items (store, stmt, 0, builder, &next_after, error))
    return NULL;
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- Acknowledgements ---- */

typedef struct
{
  const char *export_id;      /* borrowed from the request */
  gint64      version;
  gboolean    applied;        /* FALSE: failed */
  const char *message;        /* borrowed, nullable */
  const char *accounting_id;  /* borrowed, nullable */
} Ack;

/* What an acknowledgement may change of an item (strings borrowed). */
typedef struct
{
  const char *status;
  gint64      applied_version;
  const char *accounting_id;
  gint64      attempts;
  const char *last_error;
} ItemState;

G_GNUC_PRINTF (3, 4)
static gboolean
refuse_ack (GError     **error,
            guint        index,
            const char  *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
               "Acknowledgement %u: %s Nothing was recorded.", index, what);
  return FALSE;
}

/* A member that is absent, null or a string. */
static gboolean
optional_string (JsonObject  *object,
                 const char  *name,
                 const char **out_text)
{
  JsonNode *node = json_object_get_member (object, name);

  *out_text = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  *out_text = ferry_cloud_exports_string_member (object, name);
  return *out_text != NULL;
}

static gboolean
parse_ack (JsonObject  *object,
           guint        index,
           Ack         *ack,
           GError     **error)
{
  JsonNode *version = json_object_get_member (object, "version");
  const char *status;

  if (!optional_string (object, "export_id", &ack->export_id)
      || ack->export_id == NULL || *ack->export_id == '\0')
    return refuse_ack (error, index, "It needs the export_id of the item, as a string.");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version)
      || json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) < 1)
    return refuse_ack (error, index, "It needs the version of export %s that was handled, "
                       "as a whole number.", ack->export_id);
  ack->version = json_node_get_int (version);

  status = ferry_cloud_exports_string_member (object, "status");
  if (g_strcmp0 (status, "applied") != 0 && g_strcmp0 (status, "failed") != 0)
    return refuse_ack (error, index, "Its status must be \"applied\" or \"failed\".");
  ack->applied = g_str_equal (status, "applied");

  if (!optional_string (object, "message", &ack->message)
      || !optional_string (object, "accounting_id", &ack->accounting_id))
    return refuse_ack (error, index, "Its message and accounting_id must be strings.");
  if (!ack->applied && (ack->message == NULL || *ack->message == '\0'))
    return refuse_ack (error, index, "A failed export %s needs a message saying what went "
                       "wrong and how to fix it.", ack->export_id);
  return TRUE;
}

/* Checks the whole body before anything is written. */
static GArray *
parse_acks (JsonNode  *body,
            GError   **error)
{
  g_autoptr(GArray) acks = NULL;
  JsonNode *list = NULL;
  JsonArray *array;
  guint n;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    list = json_object_get_member (json_node_get_object (body), "acknowledgements");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
                   "Send {\"acknowledgements\": [{\"export_id\": …, \"version\": …, "
                   "\"status\": \"applied\"}, …]}.");
      return NULL;
    }
  array = json_node_get_array (list);
  n = json_array_get_length (array);
  if (n > MAX_ACKNOWLEDGEMENTS)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_BATCH_TOO_LARGE,
                   "%u acknowledgements in one request; send at most %d at a time.",
                   n, MAX_ACKNOWLEDGEMENTS);
      return NULL;
    }

  acks = g_array_sized_new (FALSE, TRUE, sizeof (Ack), n);
  g_array_set_size (acks, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
                       "Acknowledgement %u is not a JSON object.", i + 1);
          return NULL;
        }
      if (!parse_ack (json_node_get_object (element), i + 1, &g_array_index (acks, Ack, i), error))
        return NULL;
    }
  return g_steal_pointer (&acks);
}

/* The state of @row after @ack (whose version is at most the current one);
 * FALSE when nothing changes, which makes a repeated acknowledgement a
 * no-op. A failure after the version was applied cannot undo it: the
 * accounting system holds that version. The same failure again (the same
 * message) is a resent acknowledgement, not another attempt. */
static gboolean
next_state (const FerryCloudExportItem *row,
            const Ack                  *ack,
            ItemState                  *state)
{
  *state = (ItemState) {
    row->status, row->applied_version, row->accounting_id, row->attempts, row->last_error
  };

  if (ack->version < row->version)
    {
      if (!ack->applied || ack->version <= row->applied_version)
        return FALSE;
      state->applied_version = ack->version;
      state->accounting_id = ack->accounting_id ? ack->accounting_id : row->accounting_id;
      return TRUE;
    }
  if (g_str_equal (row->status, "applied"))
    return FALSE;
  if (ack->applied)
    {
      state->status = "applied";
      state->applied_version = ack->version;
      state->accounting_id = ack->accounting_id ? ack->accounting_id : row->accounting_id;
      state->last_error = NULL;
      return TRUE;
    }
  if (g_str_equal (row->status, "failed") && g_strcmp0 (row->last_error, ack->message) == 0)
    return FALSE;
  state->status = "failed";
  state->attempts = row->attempts + 1;
  state->last_error = ack->message;
  return TRUE;
}

static gboolean
update_item (FerryCloudStore  *store,
             gint64            item_id,
             const ItemState  *state,
             gint64            now,
             GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store,
      "UPDATE export_item SET status = ?2, applied_version = ?3, accounting_id = ?4, "
      "attempts = ?5, last_error = ?6, updated_at = ?7 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_text (stmt, 2, state->status, -1, SQLITE_STATIC);
  if (state->applied_version != 0)
    sqlite3_bind_int64 (stmt, 3, state->applied_version);
  else
    sqlite3_bind_null (stmt, 3);
  ferry_cloud_exports_bind_text (stmt, 4, state->accounting_id);
  sqlite3_bind_int64 (stmt, 5, state->attempts);
  ferry_cloud_exports_bind_text (stmt, 6, state->last_error);
  sqlite3_bind_int64 (stmt, 7, now);

  return ferry_cloud_exports_step (store, stmt, "record an acknowledgement", error);
}

static gboolean
log_ack (FerryCloudStore  *store,
         gint64            item_id,
         const Ack        *ack,
         gint64            user_id,
         gint64            now,
         GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store,
      "INSERT INTO export_ack (export_item_id, version, status, message, accounting_id, "
      "user_id, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, ack->version);
  sqlite3_bind_text (stmt, 3, ack->applied ? "applied" : "failed", -1, SQLITE_STATIC);
  ferry_cloud_exports_bind_text (stmt, 4, ack->message);
  ferry_cloud_exports_bind_text (stmt, 5, ack->accounting_id);
  if (user_id != 0)
    sqlite3_bind_int64 (stmt, 6, user_id);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int64 (stmt, 7, now);

  return ferry_cloud_exports_step (store, stmt, "record an acknowledgement", error);
}

/* Every acknowledgement of an existing item goes to export_ack, even a
 * repeated one or one of a version never issued: the operator sees what
 * the client sent. */
static gboolean
acknowledge_one (FerryCloudStore  *store,
                 gint64            company_id,
                 gint64            user_id,
                 gint64            now,
                 const Ack        *ack,
                 JsonBuilder      *results,
                 GError          **error)
{
  g_auto(FerryCloudExportItem) row = { 0 };
  ItemState state;
  const char *result = "unknown";

  if (!ferry_cloud_export_item_lookup (store, company_id, ack->export_id, &row, error))
    return FALSE;
  if (row.id != 0 && !log_ack (store, row.id, ack, user_id, now, error))
    return FALSE;
  if (row.id != 0 && ack->version <= row.version)
    {
      result = ack->version < row.version ? "stale" : "recorded";
      if (next_state (&row, ack, &state) && !update_item (store, row.id, &state, now, error))
        return FALSE;
    }

  json_builder_begin_object (results);
  json_builder_set_member_name (results, "export_id");
  json_builder_add_string_value (results, ack->export_id);
  json_builder_set_member_name (results, "version");
  json_builder_add_int_value (results, ack->version);
  json_builder_set_member_name (results, "result");
  json_builder_add_string_value (results, result);
  json_builder_end_object (results);

  return TRUE;
}

JsonNode *
ferry_cloud_exports_acknowledge (FerryCloudStore  *store,
                                 gint64            company_id,
                                 gint64            user_id,
                                 JsonNode         *body,
                                 GError          **error)
{
  g_autoptr(JsonBuilder) results = json_builder_new_immutable ();
  g_autoptr(GArray) acks = NULL;
  gint64 now;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (store), NULL);

  if ((acks = parse_acks (body, error)) == NULL || !ferry_cloud_store_begin (store, error))
    return NULL;

  now = ferry_cloud_store_now (store);
  json_builder_begin_object (results);
  json_builder_set_member_name (results, "results");
  json_builder_begin_array (results);
  for (guint i = 0; i < acks->len; i++)
    {
      if (!acknowledge_one (store, company_id, user_id, now, &g_array_index (acks, Ack, i),
                            results, error))
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
