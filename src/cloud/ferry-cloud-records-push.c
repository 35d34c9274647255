/* ferry-cloud-records-push.c: applying push batches, once per idempotency key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A batch is one transaction: its records, its batch row with the answer,
 * and now and then the pruning of expired batch rows. The answer is
 * written as text directly: it is stored as it is and replayed byte for
 * byte, and key texts are already JSON.
 */
#define G_LOG_DOMAIN "ferry-cloud-records"

#include "config.h"

#include <string.h>

#include "ferry-cloud-records.h"
#include "ferry-cloud-records-private.h"
#include "ferry-sha256.h"

/* How long a batch's answer is kept for replays, and how often expired
 * answers are removed (the time of the last removal is a counter). */
#define BATCH_LIFETIME (7 * 24 * 3600)
#define PRUNE_INTERVAL 3600
#define PRUNE_COUNTER "batch-pruned-at"

#define FINGERPRINT_SIZE 32

typedef enum
{
  RESULT_CREATED,
  RESULT_UPDATED,
  RESULT_UNCHANGED,
  RESULT_DELETED,
  RESULT_REJECTED,
  N_RESULTS
} Result;

static const char * const result_names[N_RESULTS] = {
  "created", "updated", "unchanged", "deleted", "rejected",
};

typedef struct
{
  FerryCloudStore     *store;        /* borrowed */
  gint64               company_id;
  const char          *entity_id;    /* borrowed */
  gint64               now;
  FerryCloudPushCheck *check;        /* owned */
  GString             *results;      /* owned: the "results" members */
  guint                counts[N_RESULTS];
  gboolean             expect_new;   /* the last upsert created its record */
} Push;

static void
push_clear (Push *push)
{
  g_clear_pointer (&push->check, ferry_cloud_push_check_free);
  if (push->results != NULL)
    g_string_free (g_steal_pointer (&push->results), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Push, push_clear)

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = NULL;

  json_node_set_string (node, text);
  json = json_to_string (node, FALSE);
  g_string_append (out, json);
}

static void
append_outcome (Push       *push,
                const char *key_json,
                Result      result,
                gint64      version)
{
  GString *out = push->results;

  if (out->len > 0)
    g_string_append_c (out, ',');
  g_string_append (out, "{\"key\":");
  g_string_append (out, key_json);
  g_string_append (out, ",\"result\":\"");
  g_string_append (out, result_names[result]);
  if (version > 0)
    g_string_append_printf (out, "\",\"version\":%" G_GINT64_FORMAT "}", version);
  else
    g_string_append (out, "\",\"version\":null}");
  push->counts[result]++;
}

/* A refused record's result; its key as the client sent it when it is
 * not a valid key. */
static void
append_rejection (Push                       *push,
                  const FerryCloudPushInput  *input,
                  const FerryCloudPushRecord *checked,
                  const FerryCloudRejection  *rejection)
{
  GString *out = push->results;

  if (out->len > 0)
    g_string_append_c (out, ',');
  g_string_append (out, "{\"key\":");
  if (checked->key_text != NULL)
    g_string_append (out, checked->key_text);
  else if (input->key.kind != FERRY_JSON_ABSENT)
    g_string_append_len (out, input->key.raw, input->key.raw_len);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"result\":\"rejected\",\"code\":");
  append_json_string (out, rejection->code);
  g_string_append (out, ",\"field\":");
  if (rejection->field != NULL)
    append_json_string (out, rejection->field);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"message\":");
  append_json_string (out, rejection->message);
  g_string_append_c (out, '}');
  push->counts[RESULT_REJECTED]++;
}

/* What an accepted record does to the stored one, and its new version. */
static gboolean
decide (Push                       *push,
        const FerryCloudPushRecord *record,
        Result                     *out_result,
        gint64                     *out_version,
        GError                    **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (push->store,
      "SELECT version, deleted, hash FROM record "
      "WHERE company_id = ?1 AND entity = ?2 AND key = ?3", error);
  gboolean exists, deleted = FALSE, same_hash = FALSE;
  gint64 version = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, push->company_id);
  sqlite3_bind_text (stmt, 2, push->entity_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record->key_text, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  exists = rc == SQLITE_ROW;
  if (exists)
    {
      version = sqlite3_column_int64 (stmt, 0);
      deleted = sqlite3_column_int (stmt, 1) != 0;
      same_hash = record->hash != NULL
                  && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), record->hash) == 0;
    }
  else if (rc != SQLITE_DONE)
    ferry_cloud_store_set_error (push->store, error, "look up a record");
  sqlite3_reset (stmt);
  if (!exists && rc != SQLITE_DONE)
    return FALSE;

  if (record->is_delete)
    *out_result = exists && !deleted ? RESULT_DELETED : RESULT_UNCHANGED;
  else if (!exists || deleted)
    *out_result = RESULT_CREATED;
  else
    *out_result = same_hash ? RESULT_UNCHANGED : RESULT_UPDATED;
  *out_version = *out_result == RESULT_UNCHANGED ? version : version + 1;

  return TRUE;
}

static gboolean
step_done (FerryCloudStore  *store,
           sqlite3_stmt     *stmt,
           const char       *context,
           GError          **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    ferry_cloud_store_set_error (store, error, context);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

static gboolean
write_record (Push                       *push,
              const FerryCloudPushRecord *record,
              gint64                      version,
              GError                    **error)
{
  sqlite3_stmt *stmt;

  if (record->is_delete)
    stmt = ferry_cloud_store_prepare (push->store,
        "UPDATE record SET version = ?4, deleted = 1, fields = NULL, updated_at = ?5 "
        "WHERE company_id = ?1 AND entity = ?2 AND key = ?3", error);
  else
    stmt = ferry_cloud_store_prepare (push->store,
        "INSERT INTO record (company_id, entity, key, version, updated_at, hash, fields, "
        "                    deleted, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?5) "
        "ON CONFLICT (company_id, entity, key) DO UPDATE SET version = excluded.version, "
        "  hash = excluded.hash, fields = excluded.fields, deleted = 0, "
        "  updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, push->company_id);
  sqlite3_bind_text (stmt, 2, push->entity_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record->key_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, version);
  sqlite3_bind_int64 (stmt, 5, push->now);
  if (!record->is_delete)
    {
      sqlite3_bind_text (stmt, 6, record->hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, record->fields_json, (int) record->fields_len, SQLITE_STATIC);
    }

  return step_done (push->store, stmt, "store a record", error);
}

/* Stores @record as version 1 if its key is not stored at all; FALSE in
 * @out_created when it is (then decide () and write_record () follow). In
 * a first sync almost every record is new: one statement instead of two. */
static gboolean
try_create (Push                       *push,
            const FerryCloudPushRecord *record,
            gboolean                   *out_created,
            GError                    **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (push->store,
      "INSERT INTO record (company_id, entity, key, version, updated_at, hash, fields, "
      "                    deleted, created_at) "
      "VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, 0, ?4) "
      "ON CONFLICT (company_id, entity, key) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, push->company_id);
  sqlite3_bind_text (stmt, 2, push->entity_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record->key_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, push->now);
  sqlite3_bind_text (stmt, 5, record->hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, record->fields_json, (int) record->fields_len, SQLITE_STATIC);
  if (!step_done (push->store, stmt, "store a record", error))
    return FALSE;
  *out_created = sqlite3_changes (ferry_cloud_store_get_handle (push->store)) == 1;
  return TRUE;
}

static gboolean
push_one (Push                      *push,
          const FerryCloudPushBody  *body,
          const FerryCloudPushInput *input,
          GError                   **error)
{
  FerryCloudPushRecord record;
  FerryCloudRejection rejection = { NULL, NULL, NULL };
  Result result;
  gint64 version;
  gboolean created = FALSE;

  if (!ferry_cloud_push_check_record (push->check, body, input, &record, &rejection, error))
    return FALSE;
  if (rejection.code != NULL)
    {
      append_rejection (push, input, &record, &rejection);
      ferry_cloud_rejection_clear (&rejection);
      return TRUE;
    }

  if (push->expect_new && !record.is_delete && !try_create (push, &record, &created, error))
    return FALSE;
  if (created)
    {
      result = RESULT_CREATED;
      version = 1;
    }
  else
    {
      if (!decide (push, &record, &result, &version, error))
        return FALSE;
      if (result != RESULT_UNCHANGED && !write_record (push, &record, version, error))
        return FALSE;
    }
  if (!record.is_delete)
    push->expect_new = result == RESULT_CREATED;
  if (result != RESULT_UNCHANGED)
    ferry_cloud_push_check_note (push->check, record.key_text, !record.is_delete);
  append_outcome (push, record.key_text, result, version);
  return TRUE;
}

static gint64
insert_batch (Push          *push,
              gint64         user_id,
              const char    *idempotency_key,
              const guint8  *fingerprint,
              GError       **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (push->store,
      "INSERT INTO batch (company_id, entity, user_id, idempotency_key, fingerprint, response, "
      "                   received_at, n_created, n_updated, n_unchanged, n_deleted, n_rejected) "
      "VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8, ?9, ?10, ?11)", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, push->company_id);
  sqlite3_bind_text (stmt, 2, push->entity_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, user_id);
  sqlite3_bind_text (stmt, 4, idempotency_key, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 5, fingerprint, FINGERPRINT_SIZE, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, push->now);
  for (guint i = 0; i < N_RESULTS; i++)
    sqlite3_bind_int64 (stmt, 7 + (int) i, push->counts[i]);
  if (!step_done (push->store, stmt, "store a batch", error))
    return 0;

  return sqlite3_last_insert_rowid (ferry_cloud_store_get_handle (push->store));
}

static GBytes *
build_response (Push   *push,
                gint64  batch_id)
{
  GString *out = g_string_sized_new (push->results->len + 256);

  g_string_append_printf (out, "{\"batch\":%" G_GINT64_FORMAT ",\"entity\":", batch_id);
  append_json_string (out, push->entity_id);
  g_string_append_printf (out, ",\"summary\":{\"created\":%u,\"updated\":%u,\"unchanged\":%u,"
                          "\"deleted\":%u,\"rejected\":%u},\"results\":[",
                          push->counts[RESULT_CREATED], push->counts[RESULT_UPDATED],
                          push->counts[RESULT_UNCHANGED], push->counts[RESULT_DELETED],
                          push->counts[RESULT_REJECTED]);
  g_string_append_len (out, push->results->str, (gssize) push->results->len);
  g_string_append (out, "]}");

  return g_string_free_to_bytes (out);
}

static gboolean
store_response (FerryCloudStore  *store,
                gint64            batch_id,
                GBytes           *response,
                GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store,
      "UPDATE batch SET response = ?2 WHERE id = ?1", error);
  gsize size;
  const char *data = g_bytes_get_data (response, &size);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_text (stmt, 2, data, (int) size, SQLITE_STATIC);
  return step_done (store, stmt, "store a batch", error);
}

/* Applies the records of @body inside the caller's transaction; returns
 * the answer. */
static GBytes *
apply_batch (FerryCloudStore          *store,
             gint64                    company_id,
             gint64                    user_id,
             FerryEntityType          *entity,
             const char               *idempotency_key,
             const guint8             *fingerprint,
             const FerryCloudPushBody *body,
             GError                  **error)
{
  g_auto(Push) push = {
    .store = store,
    .company_id = company_id,
    .entity_id = ferry_entity_type_get_id (entity),
    .now = ferry_cloud_store_now (store),
    .check = ferry_cloud_push_check_new (store, company_id, entity, error),
    .results = g_string_sized_new (64 * body->records->len + 16),
    .expect_new = TRUE,
  };
  g_autoptr(GBytes) response = NULL;
  gint64 batch_id;

  if (push.check == NULL)
    return NULL;

  for (guint i = 0; i < body->records->len; i++)
    {
      if (!push_one (&push, body, &g_array_index (body->records, FerryCloudPushInput, i), error))
        return NULL;
    }

  batch_id = insert_batch (&push, user_id, idempotency_key, fingerprint, error);
  if (batch_id == 0)
    return NULL;
  response = build_response (&push, batch_id);
  if (!store_response (store, batch_id, response, error))
    return NULL;

  return g_steal_pointer (&response);
}

/* Removes expired batch rows, at most once per PRUNE_INTERVAL. */
static gboolean
prune_batches (FerryCloudStore  *store,
               gint64            now,
               GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store,
      "INSERT INTO counter (name, value) VALUES (?1, ?2) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value "
      "WHERE value <= excluded.value - ?3 RETURNING value", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, PRUNE_COUNTER, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, PRUNE_INTERVAL);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    ferry_cloud_store_set_error (store, error, "remove old batches");
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE;

  stmt = ferry_cloud_store_prepare (store, "DELETE FROM batch WHERE received_at <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now - BATCH_LIFETIME);
  return step_done (store, stmt, "remove old batches", error);
}

static gboolean
forget_batch (FerryCloudStore  *store,
              gint64            batch_id,
              GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store, "DELETE FROM batch WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  return step_done (store, stmt, "remove an old batch", error);
}

/* The stored answer for @idempotency_key in *@out_response, or NULL when
 * the key is new (or expired, and now forgotten); IDEMPOTENCY_KEY_REUSED
 * when it was used with another fingerprint. */
static gboolean
find_batch (FerryCloudStore  *store,
            gint64            company_id,
            const char       *idempotency_key,
            const guint8     *fingerprint,
            gint64            now,
            GBytes          **out_response,
            GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store,
      "SELECT id, received_at, fingerprint, response FROM batch "
      "WHERE company_id = ?1 AND idempotency_key = ?2", error);
  gint64 expired_id = 0;
  gboolean reused = FALSE;
  int rc;

  *out_response = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, company_id);
  sqlite3_bind_text (stmt, 2, idempotency_key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) <= now - BATCH_LIFETIME)
    expired_id = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 2) == FINGERPRINT_SIZE
           && memcmp (sqlite3_column_blob (stmt, 2), fingerprint, FINGERPRINT_SIZE) == 0)
    *out_response = g_bytes_new (sqlite3_column_text (stmt, 3),
                                 (gsize) sqlite3_column_bytes (stmt, 3));
  else if (rc == SQLITE_ROW)
    reused = TRUE;
  else if (rc != SQLITE_DONE)
    ferry_cloud_store_set_error (store, error, "look up an idempotency key");
  sqlite3_reset (stmt);

  if (reused)
    g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_IDEMPOTENCY_KEY_REUSED,
                 "The Idempotency-Key “%s” was already used for a different batch. Give "
                 "each new batch a new key; resend the very same body to retry one.",
                 idempotency_key);
  if (expired_id != 0)
    return forget_batch (store, expired_id, error);
  return !reused && (rc == SQLITE_ROW || rc == SQLITE_DONE);
}

static void
compute_fingerprint (const char *entity_id,
                     GBytes     *body,
                     guint8     *out)
{
  FerrySha256 sha;
  gsize size;
  const guchar *data = g_bytes_get_data (body, &size);

  G_STATIC_ASSERT (FINGERPRINT_SIZE == FERRY_SHA256_SIZE);
  ferry_sha256_init (&sha);
  ferry_sha256_update (&sha, entity_id, strlen (entity_id));
  ferry_sha256_update (&sha, "\n", 1);
  ferry_sha256_update (&sha, data, size);
  ferry_sha256_finish (&sha, out);
}

GBytes *
ferry_cloud_records_push (FerryCloudStore  *store,
                          gint64            company_id,
                          gint64            user_id,
                          FerryEntityType  *entity,
                          const char       *idempotency_key,
                          GBytes           *body,
                          guint             max_records,
                          gboolean         *out_replayed,
                          GError          **error)
{
  g_auto(FerryCloudPushBody) records = { NULL, };
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GBytes) response = NULL;
  guint8 fingerprint[FINGERPRINT_SIZE];
  gint64 now = ferry_cloud_store_now (store);
  gboolean readable;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (store), NULL);
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (entity), NULL);
  g_return_val_if_fail (idempotency_key != NULL && body != NULL, NULL);

  if (out_replayed != NULL)
    *out_replayed = FALSE;
  compute_fingerprint (ferry_entity_type_get_id (entity), body, fingerprint);
  /* Parsed outside the transaction; its errors count only for a new key. */
  readable = ferry_cloud_push_body_read (&records, body, &parse_error);

  if (!ferry_cloud_store_begin (store, error))
    return NULL;
  if (!prune_batches (store, now, error)
      || !find_batch (store, company_id, idempotency_key, fingerprint, now, &response, error))
    goto fail;

  if (response != NULL)
    {
      if (!ferry_cloud_store_commit (store, error))
        goto fail;
      if (out_replayed != NULL)
        *out_replayed = TRUE;
      return g_steal_pointer (&response);
    }
  if (!readable)
    {
      g_propagate_error (error, g_steal_pointer (&parse_error));
      goto fail;
    }
  if (records.records->len > max_records)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_BATCH_TOO_LARGE,
                   "The batch has %u records; this server takes at most %u per batch. "
                   "Send smaller batches.", records.records->len, max_records);
      goto fail;
    }

  response = apply_batch (store, company_id, user_id, entity, idempotency_key, fingerprint,
                          &records, error);
  if (response == NULL || !ferry_cloud_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&response);

fail:
  ferry_cloud_store_rollback (store);
  ferry_cloud_known_forget (store);
  return NULL;
}
