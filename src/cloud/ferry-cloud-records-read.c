/* ferry-cloud-records-read.c: reading pushed records back, and their digests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages and digests follow key-text order, which is SQLite's bytewise
 * order of the key column: the primary key's order, so both are range
 * scans. A cursor is the key text of the last record of its page in
 * base64url without padding.
 */
#define G_LOG_DOMAIN "ferry-cloud-records"

#include "config.h"

#include <string.h>

#include "ferry-record-key.h"
#include "ferry-cloud-records.h"
#include "ferry-cloud-store-private.h"

#define MAX_LIMIT 5000

static char *
encode_cursor (const char *key_text)
{
  char *cursor = g_base64_encode ((const guchar *) key_text, strlen (key_text));

  g_strdelimit (cursor, "+", '-');
  g_strdelimit (cursor, "/", '_');
  *strchrnul (cursor, '=') = '\0';
  return cursor;
}

/* The key text of a cursor, or NULL when it is not one. */
static char *
decode_cursor (const char *cursor)
{
  gsize len = strlen (cursor);
  g_autoptr(GString) padded = g_string_new_len (cursor, (gssize) len);
  g_autofree guchar *decoded = NULL;
  g_auto(GStrv) values = NULL;
  gsize size;

  if (len == 0 || len % 4 == 1 || strspn (cursor, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                  "abcdefghijklmnopqrstuvwxyz0123456789-_") != len)
    return NULL;
  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');

  decoded = g_base64_decode (padded->str, &size);
  if (decoded == NULL || memchr (decoded, '\0', size) != NULL
      || !g_utf8_validate ((const char *) decoded, (gssize) size, NULL))
    return NULL;
  decoded = g_realloc (decoded, size + 1);
  decoded[size] = '\0';
  values = ferry_record_key_from_text ((const char *) decoded, NULL);
  if (values == NULL)
    return NULL;
  return (char *) g_steal_pointer (&decoded);
}

/* Adds the JSON text @json as a value; "null" when it is NULL. */
static void
add_json_value (JsonBuilder *builder,
                const char  *json)
{
  JsonNode *node = json != NULL ? json_from_string (json, NULL) : NULL;

  json_builder_add_value (builder, node != NULL ? node : json_node_new (JSON_NODE_NULL));
}

/* One row of SELECT key, hash, version, deleted, updated_at, fields. */
static void
add_record (JsonBuilder  *builder,
            sqlite3_stmt *stmt,
            gboolean      with_fields)
{
  g_autofree char *updated_at = ferry_cloud_format_time (sqlite3_column_int64 (stmt, 4));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  add_json_value (builder, (const char *) sqlite3_column_text (stmt, 0));
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 3) != 0);
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, updated_at);
  if (with_fields)
    {
      json_builder_set_member_name (builder, "fields");
      add_json_value (builder, (const char *) sqlite3_column_text (stmt, 5));
    }
  json_builder_end_object (builder);
}

JsonNode *
ferry_cloud_records_list (FerryCloudStore  *store,
                          gint64            company_id,
                          FerryEntityType  *entity,
                          const char       *cursor,
                          guint             limit,
                          gboolean          with_fields,
                          gboolean          include_deleted,
                          GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *after = NULL;
  g_autofree char *next = NULL;
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (store), NULL);
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (entity), NULL);

  if (limit < 1 || limit > MAX_LIMIT)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "The limit is %u; it must be from 1 to %d.", limit, MAX_LIMIT);
      return NULL;
    }
  if (cursor != NULL && (after = decode_cursor (cursor)) == NULL)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "“%s” is not a cursor this server gave out. Pass the “next” of the "
                   "previous page, or start again without one.", cursor);
      return NULL;
    }

  stmt = ferry_cloud_store_prepare (store,
      "SELECT key, hash, version, deleted, updated_at, fields FROM record "
      "WHERE company_id = ?1 AND entity = ?2 AND key > ?3 AND (deleted = 0 OR ?4) "
      "ORDER BY key LIMIT ?5", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_text (stmt, 2, ferry_entity_type_get_id (entity), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, after != NULL ? after : "", -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, include_deleted ? 1 : 0);
  /* One more than asked for says whether there is a next page. */
  sqlite3_bind_int64 (stmt, 5, (gint64) limit + 1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ == limit)
        {
          rc = SQLITE_DONE;
          break;
        }
      g_free (next);
      next = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      add_record (builder, stmt, with_fields);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (store, error, "list records");
      return NULL;
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "next");
  if (n > limit)
    {
      g_autofree char *encoded = encode_cursor (next);

      json_builder_add_string_value (builder, encoded);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Count, deleted count and digest of one entity type's records. */
static gboolean
summarize (FerryCloudStore  *store,
           gint64            company_id,
           const char       *entity_id,
           gint64           *out_count,
           gint64           *out_deleted,
           char            **out_digest,
           GError          **error)
{
  FerrySha256 digest;
  char hex[FERRY_SHA256_HEX_SIZE];
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store,
      "SELECT key, hash, deleted FROM record WHERE company_id = ?1 AND entity = ?2 "
      "ORDER BY key", error);
  int rc;

  *out_count = *out_deleted = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_text (stmt, 2, entity_id, -1, SQLITE_STATIC);
  ferry_sha256_init (&digest);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_int (stmt, 2) != 0)
        {
          (*out_deleted)++;
          continue;
        }
      (*out_count)++;
      ferry_record_digest_update (&digest, (const char *) sqlite3_column_text (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (store, error, "sum up records");
      return FALSE;
    }
  ferry_sha256_finish_hex (&digest, hex);
  *out_digest = g_strdup (hex);
  return TRUE;
}

static void
add_summary (JsonBuilder *builder,
             const char  *entity_id,
             gint64       count,
             gint64       deleted,
             const char  *digest)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, entity_id);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_int_value (builder, deleted);
  json_builder_set_member_name (builder, "digest");
  json_builder_add_string_value (builder, digest);
  json_builder_end_object (builder);
}

JsonNode *
ferry_cloud_records_summary (FerryCloudStore  *store,
                             gint64            company_id,
                             FerryEntityType  *entity,
                             GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *digest = NULL;
  const char *entity_id = ferry_entity_type_get_id (entity);
  gint64 count, deleted;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (store), NULL);

  if (!summarize (store, company_id, entity_id, &count, &deleted, &digest, error))
    return NULL;
  add_summary (builder, entity_id, count, deleted, digest);
  return json_builder_get_root (builder);
}

JsonNode *
ferry_cloud_records_company_summary (FerryCloudStore  *store,
                                     gint64            company_id,
                                     GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GPtrArray) types = NULL;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (store), NULL);

  types = ferry_catalog_sort_by_dependency (ferry_cloud_store_get_catalog (store), NULL, error);
  if (types == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < types->len; i++)
    {
      const char *entity_id = ferry_entity_type_get_id (g_ptr_array_index (types, i));
      g_autofree char *digest = NULL;
      gint64 count, deleted;

      if (!ferry_entity_type_is_push (g_ptr_array_index (types, i)))
        continue;
      if (!summarize (store, company_id, entity_id, &count, &deleted, &digest, error))
        return NULL;
      if (count + deleted > 0)
        add_summary (builder, entity_id, count, deleted, digest);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
