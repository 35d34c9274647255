/* ferry-ledger-records.c: the state of each record, read and written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-ledger"

#include "config.h"

#include <string.h>

#include "ferry-error.h"
#include "ferry-ledger-private.h"
#include "ferry-record-key.h"

/* Rows a cursor reads at a time: large enough that a page's query costs
 * little per row, small enough that memory does not matter. */
#define CURSOR_PAGE_SIZE 1000

static const char * const state_names[] = {
  [FERRY_LEDGER_STATE_SYNCED] = "synced",
  [FERRY_LEDGER_STATE_DELETED] = "deleted",
  [FERRY_LEDGER_STATE_REJECTED] = "rejected",
  [FERRY_LEDGER_STATE_WAITING] = "waiting",
  [FERRY_LEDGER_STATE_FAILED] = "failed",
};

const char *
ferry_ledger_state_to_string (FerryLedgerState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

/* The CHECK constraint of the table guarantees one of the names. */
static FerryLedgerState
state_from_column (FerryLedgerStmt *stmt,
                   int              column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (text, state_names[i]) == 0)
        return (FerryLedgerState) i;
    }
  g_return_val_if_reached (FERRY_LEDGER_STATE_FAILED);
}

void
ferry_ledger_record_free (FerryLedgerRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->entity);
  g_free (record->key_text);
  g_free (record->hash);
  g_free (record->error_code);
  g_free (record->error_message);
  g_clear_pointer (&record->updated_at, g_date_time_unref);
  g_free (record);
}

void
ferry_ledger_entity_counts_free (FerryLedgerEntityCounts *counts)
{
  if (counts == NULL)
    return;
  g_free (counts->entity);
  g_free (counts);
}

gboolean
ferry_ledger_lookup (FerryLedger        *self,
                     const char         *entity,
                     const char         *key_text,
                     FerryLedgerRecord **out_record,
                     GError            **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;
  FerryLedgerRecord *record;
  int rc;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (entity != NULL && key_text != NULL, FALSE);
  g_return_val_if_fail (out_record != NULL, FALSE);

  *out_record = NULL;
  stmt = ferry_ledger_stmt (self, LEDGER_STMT_LOOKUP,
                            "SELECT hash, version, state, attempts, error_code, error_message,"
                            " run_id, updated_at FROM records WHERE entity = ?1 AND key = ?2",
                            error);
  if (stmt == NULL)
    return FALSE;
  ferry_ledger_bind_text (stmt, 1, entity);
  ferry_ledger_bind_text (stmt, 2, key_text);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return ferry_ledger_fail (self, rc, "look up a record", error);

  record = g_new0 (FerryLedgerRecord, 1);
  record->entity = g_strdup (entity);
  record->key_text = g_strdup (key_text);
  record->hash = ferry_ledger_dup_column (stmt, 0);
  record->version = sqlite3_column_int64 (stmt, 1);
  record->state = state_from_column (stmt, 2);
  record->attempts = (guint) sqlite3_column_int64 (stmt, 3);
  record->error_code = ferry_ledger_dup_column (stmt, 4);
  record->error_message = ferry_ledger_dup_column (stmt, 5);
  record->run_id = sqlite3_column_int64 (stmt, 6);
  record->updated_at = ferry_ledger_datetime_from_us (sqlite3_column_int64 (stmt, 7));
  *out_record = record;
  return TRUE;
}

/* Cursors */

typedef struct
{
  const char       *key_text; /* in the cursor's string chunk */
  const char       *hash;     /* in the cursor's string chunk, nullable */
  gint64            version;
  FerryLedgerState  state;
  guint             attempts;
} CursorRow;

struct _FerryLedgerCursor
{
  FerryLedger       *ledger;   /* owned */
  char              *entity;   /* owned */
  FerryLedgerFilter  filter;
  GStringChunk      *strings;  /* owned: the text of the current page */
  GArray            *rows;     /* owned: CursorRow of the current page */
  guint              position; /* in rows */
  char              *after;    /* owned, nullable: the last key read so far */
  gboolean           exhausted;
};

FerryLedgerCursor *
ferry_ledger_iterate (FerryLedger       *self,
                      const char        *entity,
                      FerryLedgerFilter  filter)
{
  FerryLedgerCursor *cursor;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  cursor = g_new0 (FerryLedgerCursor, 1);
  cursor->ledger = g_object_ref (self);
  cursor->entity = g_strdup (entity);
  cursor->filter = filter;
  cursor->strings = g_string_chunk_new (64 * 1024);
  cursor->rows = g_array_sized_new (FALSE, FALSE, sizeof (CursorRow), CURSOR_PAGE_SIZE);
  return cursor;
}

void
ferry_ledger_cursor_free (FerryLedgerCursor *cursor)
{
  if (cursor == NULL)
    return;
  g_object_unref (cursor->ledger);
  g_free (cursor->entity);
  g_string_chunk_free (cursor->strings);
  g_array_unref (cursor->rows);
  g_free (cursor->after);
  g_free (cursor);
}

/* Keyset paging: each page is one short query starting after the last key
 * seen, so no statement stays open between calls. */
static gboolean
fetch_page (FerryLedgerCursor  *cursor,
            GError            **error)
{
  FerryLedger *self = cursor->ledger;
  g_autoptr(FerryLedgerStmt) stmt = NULL;
  int rc;

  if (cursor->rows->len > 0)
    {
      const CursorRow *last = &g_array_index (cursor->rows, CursorRow, cursor->rows->len - 1);

      g_free (cursor->after);
      cursor->after = g_strdup (last->key_text);
    }
  g_array_set_size (cursor->rows, 0);
  g_string_chunk_clear (cursor->strings);

  if (cursor->filter == FERRY_LEDGER_FILTER_PENDING)
    stmt = ferry_ledger_stmt (self, LEDGER_STMT_PAGE_PENDING,
                              "SELECT key, hash, version, state, attempts FROM records"
                              " WHERE entity = ?1 AND key > ?2"
                              " AND state <> 'synced' AND state <> 'deleted'"
                              " ORDER BY key LIMIT ?3", error);
  else
    stmt = ferry_ledger_stmt (self, LEDGER_STMT_PAGE_ALL,
                              "SELECT key, hash, version, state, attempts FROM records"
                              " WHERE entity = ?1 AND key > ?2 ORDER BY key LIMIT ?3", error);
  if (stmt == NULL)
    return FALSE;
  ferry_ledger_bind_text (stmt, 1, cursor->entity);
  ferry_ledger_bind_text (stmt, 2, cursor->after != NULL ? cursor->after : "");
  sqlite3_bind_int (stmt, 3, CURSOR_PAGE_SIZE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *hash = (const char *) sqlite3_column_text (stmt, 1);
      CursorRow row = {
        .key_text = g_string_chunk_insert (cursor->strings,
                                           (const char *) sqlite3_column_text (stmt, 0)),
        .hash = hash != NULL ? g_string_chunk_insert (cursor->strings, hash) : NULL,
        .version = sqlite3_column_int64 (stmt, 2),
        .state = state_from_column (stmt, 3),
        .attempts = (guint) sqlite3_column_int64 (stmt, 4),
      };

      g_array_append_val (cursor->rows, row);
    }
  if (rc != SQLITE_DONE)
    return ferry_ledger_fail (self, rc, "read the records", error);

  cursor->exhausted = cursor->rows->len < CURSOR_PAGE_SIZE;
  cursor->position = 0;
  return TRUE;
}

gboolean
ferry_ledger_cursor_next (FerryLedgerCursor  *cursor,
                          GError            **error)
{
  g_return_val_if_fail (cursor != NULL, FALSE);

  if (cursor->position + 1 < cursor->rows->len)
    {
      cursor->position++;
      return TRUE;
    }
  if (cursor->exhausted)
    {
      g_array_set_size (cursor->rows, 0);
      return FALSE;
    }
  if (!fetch_page (cursor, error))
    return FALSE;
  return cursor->rows->len > 0;
}

static const CursorRow *
current_row (FerryLedgerCursor *cursor)
{
  g_return_val_if_fail (cursor != NULL, NULL);
  g_return_val_if_fail (cursor->position < cursor->rows->len, NULL);

  return &g_array_index (cursor->rows, CursorRow, cursor->position);
}

const char *
ferry_ledger_cursor_get_key_text (FerryLedgerCursor *cursor)
{
  const CursorRow *row = current_row (cursor);

  return row != NULL ? row->key_text : NULL;
}

const char *
ferry_ledger_cursor_get_hash (FerryLedgerCursor *cursor)
{
  const CursorRow *row = current_row (cursor);

  return row != NULL ? row->hash : NULL;
}

FerryLedgerState
ferry_ledger_cursor_get_state (FerryLedgerCursor *cursor)
{
  const CursorRow *row = current_row (cursor);

  return row != NULL ? row->state : FERRY_LEDGER_STATE_FAILED;
}

gint64
ferry_ledger_cursor_get_version (FerryLedgerCursor *cursor)
{
  const CursorRow *row = current_row (cursor);

  return row != NULL ? row->version : 0;
}

guint
ferry_ledger_cursor_get_attempts (FerryLedgerCursor *cursor)
{
  const CursorRow *row = current_row (cursor);

  return row != NULL ? row->attempts : 0;
}

/* Writing */

static gboolean
invalid_outcome (GError                   **error,
                 gsize                      index,
                 const FerryLedgerOutcome  *outcome,
                 const char                *problem)
{
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "Result %" G_GSIZE_FORMAT " of the batch (%s %s) %s; nothing was recorded",
               index + 1, outcome->entity != NULL ? outcome->entity : "(no entity)",
               outcome->key_text != NULL ? outcome->key_text : "(no key)", problem);
  return FALSE;
}

static gboolean
is_key_text (const char *key_text)
{
  gsize length = key_text != NULL ? strlen (key_text) : 0;

  return length >= 4 && key_text[0] == '[' && key_text[length - 1] == ']';
}

/* Everything is checked before the transaction starts, so a bad result
 * leaves the ledger as it was. */
static gboolean
check_outcome (const FerryLedgerOutcome  *outcome,
               gsize                      index,
               GError                   **error)
{
  gboolean is_delete = outcome->op == FERRY_LEDGER_OP_DELETE;

  if (outcome->entity == NULL || *outcome->entity == '\0')
    return invalid_outcome (error, index, outcome, "has no entity type");
  if (!is_key_text (outcome->key_text))
    return invalid_outcome (error, index, outcome, "has no key text");
  switch (outcome->kind)
    {
    case FERRY_LEDGER_OUTCOME_CREATED:
    case FERRY_LEDGER_OUTCOME_UPDATED:
      if (is_delete)
        return invalid_outcome (error, index, outcome, "is a deletion that was created or updated");
      G_GNUC_FALLTHROUGH;
    case FERRY_LEDGER_OUTCOME_UNCHANGED:
      if (!is_delete && !ferry_record_hash_is_valid (outcome->hash))
        return invalid_outcome (error, index, outcome, "has no valid SHA-256 hash");
      return TRUE;
    case FERRY_LEDGER_OUTCOME_DELETED:
      if (!is_delete)
        return invalid_outcome (error, index, outcome, "was deleted but not sent as a deletion");
      return TRUE;
    case FERRY_LEDGER_OUTCOME_REJECTED:
      if (outcome->error_code == NULL || outcome->error_message == NULL)
        return invalid_outcome (error, index, outcome, "was rejected without a code and message");
      return TRUE;
    default:
      return invalid_outcome (error, index, outcome, "has an unknown result");
    }
}

/* Steps the statement that writes a record not acknowledged this time. */
static int
write_hold (FerryLedger      *self,
            gint64            run_id,
            const char       *entity,
            const char       *key_text,
            FerryLedgerState  state,
            int               attempts_added,
            const char       *code,
            const char       *message,
            gint64            now_us,
            GError          **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  /* The hash and version stay: they are what the cloud still holds. */
  stmt = ferry_ledger_stmt (self, LEDGER_STMT_WRITE_HOLD,
                            "INSERT INTO records (entity, key, hash, version, state, attempts,"
                            " error_code, error_message, run_id, updated_at)"
                            " VALUES (?1, ?2, NULL, NULL, ?3, ?4, ?5, ?6, ?7, ?8)"
                            " ON CONFLICT (entity, key) DO UPDATE SET state = excluded.state,"
                            " attempts = attempts + excluded.attempts,"
                            " error_code = excluded.error_code,"
                            " error_message = excluded.error_message,"
                            " run_id = excluded.run_id, updated_at = excluded.updated_at",
                            error);
  if (stmt == NULL)
    return SQLITE_ERROR;
  ferry_ledger_bind_text (stmt, 1, entity);
  ferry_ledger_bind_text (stmt, 2, key_text);
  ferry_ledger_bind_text (stmt, 3, state_names[state]);
  sqlite3_bind_int (stmt, 4, attempts_added);
  ferry_ledger_bind_text (stmt, 5, code);
  ferry_ledger_bind_text (stmt, 6, message);
  sqlite3_bind_int64 (stmt, 7, run_id);
  sqlite3_bind_int64 (stmt, 8, now_us);
  return sqlite3_step (stmt);
}

static int
write_ack (FerryLedger               *self,
           gint64                     run_id,
           const FerryLedgerOutcome  *outcome,
           gint64                     now_us,
           GError                   **error)
{
  gboolean is_delete = outcome->op == FERRY_LEDGER_OP_DELETE;
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_WRITE_ACK,
                            "INSERT INTO records (entity, key, hash, version, state, attempts,"
                            " error_code, error_message, run_id, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, 0, NULL, NULL, ?6, ?7)"
                            " ON CONFLICT (entity, key) DO UPDATE SET hash = excluded.hash,"
                            " version = excluded.version, state = excluded.state, attempts = 0,"
                            " error_code = NULL, error_message = NULL,"
                            " run_id = excluded.run_id, updated_at = excluded.updated_at",
                            error);
  if (stmt == NULL)
    return SQLITE_ERROR;
  ferry_ledger_bind_text (stmt, 1, outcome->entity);
  ferry_ledger_bind_text (stmt, 2, outcome->key_text);
  ferry_ledger_bind_text (stmt, 3, is_delete ? NULL : outcome->hash);
  if (outcome->version > 0)
    sqlite3_bind_int64 (stmt, 4, outcome->version);
  else
    sqlite3_bind_null (stmt, 4);
  ferry_ledger_bind_text (stmt, 5, state_names[is_delete ? FERRY_LEDGER_STATE_DELETED
                                                         : FERRY_LEDGER_STATE_SYNCED]);
  sqlite3_bind_int64 (stmt, 6, run_id);
  sqlite3_bind_int64 (stmt, 7, now_us);
  return sqlite3_step (stmt);
}

/* FALSE for a write that stepped to @rc, with @error saying why unless
 * preparing the statement already did. */
static gboolean
write_failed (FerryLedger  *self,
              int           rc,
              const char   *doing,
              GError      **error)
{
  if (error != NULL && *error != NULL)
    return FALSE;
  return ferry_ledger_fail (self, rc, doing, error);
}

static gboolean
write_outcome (FerryLedger               *self,
               gint64                     run_id,
               const FerryLedgerOutcome  *outcome,
               gint64                     now_us,
               FerryLedgerCounts         *tally,
               GError                   **error)
{
  g_autofree char *doing = NULL;
  int rc;

  tally->sent++;
  switch (outcome->kind)
    {
    case FERRY_LEDGER_OUTCOME_CREATED: tally->created++; break;
    case FERRY_LEDGER_OUTCOME_UPDATED: tally->updated++; break;
    case FERRY_LEDGER_OUTCOME_UNCHANGED: tally->unchanged++; break;
    case FERRY_LEDGER_OUTCOME_DELETED: tally->deleted++; break;
    case FERRY_LEDGER_OUTCOME_REJECTED: tally->rejected++; break;
    default: g_assert_not_reached ();
    }

  if (outcome->kind != FERRY_LEDGER_OUTCOME_REJECTED)
    rc = write_ack (self, run_id, outcome, now_us, error);
  else
    rc = write_hold (self, run_id, outcome->entity, outcome->key_text,
                     FERRY_LEDGER_STATE_REJECTED, 1, outcome->error_code,
                     outcome->error_message, now_us, error);
  if (rc == SQLITE_DONE && outcome->kind == FERRY_LEDGER_OUTCOME_REJECTED)
    return ferry_ledger_insert_run_error (self, run_id, outcome->entity, outcome->key_text,
                                          outcome->error_field, outcome->error_code,
                                          outcome->error_message, outcome->error_hint, error);
  if (rc == SQLITE_DONE)
    return TRUE;
  doing = g_strdup_printf ("record the result of %s %s", outcome->entity, outcome->key_text);
  return write_failed (self, rc, doing, error);
}

gboolean
ferry_ledger_apply_batch_results (FerryLedger               *self,
                                  gint64                     run_id,
                                  const FerryLedgerOutcome  *outcomes,
                                  gsize                      n_outcomes,
                                  GError                   **error)
{
  const char *doing = "record a batch’s results";
  FerryLedgerCounts tally = { 0, };
  gint64 now_us = g_get_real_time ();
  gboolean written = TRUE;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (outcomes != NULL || n_outcomes == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < n_outcomes; i++)
    {
      if (!check_outcome (&outcomes[i], i, error))
        return FALSE;
    }
  if (n_outcomes == 0)
    return TRUE;

  if (!ferry_ledger_begin_for_run (self, run_id, doing, error))
    return FALSE;
  for (gsize i = 0; i < n_outcomes && written; i++)
    written = write_outcome (self, run_id, &outcomes[i], now_us, &tally, error);
  return ferry_ledger_end_for_run (self, run_id, written, &tally, now_us, doing, error);
}

/* Writes @problem as held in @state, with its run error. */
static gboolean
write_problem (FerryLedger               *self,
               gint64                     run_id,
               const FerryLedgerProblem  *problem,
               FerryLedgerState           state,
               gint64                     now_us,
               const char                *doing,
               GError                   **error)
{
  const char *code = problem->code != NULL ? problem->code : FERRY_LEDGER_CODE_PARENT_REJECTED;
  int rc = write_hold (self, run_id, problem->entity, problem->key_text, state,
                       state == FERRY_LEDGER_STATE_WAITING ? 0 : 1, code, problem->message,
                       now_us, error);

  if (rc != SQLITE_DONE)
    return write_failed (self, rc, doing, error);
  return ferry_ledger_insert_run_error (self, run_id, problem->entity, problem->key_text, NULL,
                                        code, problem->message, problem->hint, error);
}

static gboolean
hold_records (FerryLedger               *self,
              gint64                     run_id,
              const FerryLedgerProblem  *problems,
              gsize                      n_problems,
              FerryLedgerState           state,
              GError                   **error)
{
  gboolean waiting = state == FERRY_LEDGER_STATE_WAITING;
  FerryLedgerCounts tally = { 0, };
  gint64 now_us = g_get_real_time ();
  const char *doing = waiting ? "record the waiting records" : "record the failed records";
  gboolean written = TRUE;

  for (gsize i = 0; i < n_problems; i++)
    {
      const FerryLedgerProblem *p = &problems[i];

      if (p->entity == NULL || !is_key_text (p->key_text) || p->message == NULL
          || (!waiting && p->code == NULL))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "Could not %s: record %" G_GSIZE_FORMAT " lacks an entity type, "
                       "key text, code or message; nothing was recorded", doing, i + 1);
          return FALSE;
        }
    }
  if (n_problems == 0)
    return TRUE;

  if (!ferry_ledger_begin_for_run (self, run_id, doing, error))
    return FALSE;
  for (gsize i = 0; i < n_problems && written; i++)
    written = write_problem (self, run_id, &problems[i], state, now_us, doing, error);
  if (waiting)
    tally.waiting = (guint) n_problems;
  else
    tally.failed = (guint) n_problems;
  return ferry_ledger_end_for_run (self, run_id, written, &tally, now_us, doing, error);
}

gboolean
ferry_ledger_mark_waiting (FerryLedger               *self,
                           gint64                     run_id,
                           const FerryLedgerProblem  *records,
                           gsize                      n_records,
                           GError                   **error)
{
  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (records != NULL || n_records == 0, FALSE);

  return hold_records (self, run_id, records, n_records, FERRY_LEDGER_STATE_WAITING, error);
}

gboolean
ferry_ledger_record_failures (FerryLedger               *self,
                              gint64                     run_id,
                              const FerryLedgerProblem  *records,
                              gsize                      n_records,
                              GError                   **error)
{
  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (records != NULL || n_records == 0, FALSE);

  return hold_records (self, run_id, records, n_records, FERRY_LEDGER_STATE_FAILED, error);
}

static void
add_state_count (FerryLedgerEntityCounts *counts,
                 FerryLedgerState         state,
                 guint                    n)
{
  switch (state)
    {
    case FERRY_LEDGER_STATE_SYNCED: counts->synced += n; break;
    case FERRY_LEDGER_STATE_DELETED: counts->deleted += n; break;
    case FERRY_LEDGER_STATE_REJECTED: counts->rejected += n; break;
    case FERRY_LEDGER_STATE_WAITING: counts->waiting += n; break;
    case FERRY_LEDGER_STATE_FAILED: counts->failed += n; break;
    default: g_assert_not_reached ();
    }
}

GPtrArray *
ferry_ledger_count_by_entity (FerryLedger  *self,
                              GError      **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(FerryLedgerStmt) stmt = NULL;
  FerryLedgerEntityCounts *current = NULL;
  int rc;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), NULL);

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_COUNT_BY_ENTITY,
                            "SELECT entity, state, count(*) FROM records"
                            " GROUP BY entity, state ORDER BY entity", error);
  if (stmt == NULL)
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_ledger_entity_counts_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *entity = (const char *) sqlite3_column_text (stmt, 0);

      if (current == NULL || g_strcmp0 (current->entity, entity) != 0)
        {
          current = g_new0 (FerryLedgerEntityCounts, 1);
          current->entity = g_strdup (entity);
          g_ptr_array_add (result, current);
        }
      add_state_count (current, state_from_column (stmt, 1),
                       (guint) sqlite3_column_int64 (stmt, 2));
    }
  if (rc != SQLITE_DONE)
    {
      ferry_ledger_fail (self, rc, "count the records", error);
      return NULL;
    }
  return g_steal_pointer (&result);
}

gboolean
ferry_ledger_get_mapping (FerryLedger  *self,
                          const char   *entity,
                          char        **out_fingerprint,
                          GError      **error)
{
  g_autoptr(FerryLedgerStmt) stmt = ferry_ledger_stmt (self, LEDGER_STMT_GET_MAPPING,
      "SELECT fingerprint FROM mappings WHERE entity = ?1", error);
  int rc;

  *out_fingerprint = NULL;
  if (stmt == NULL)
    return FALSE;
  ferry_ledger_bind_text (stmt, 1, entity);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_fingerprint = ferry_ledger_dup_column (stmt, 0);
  else if (rc != SQLITE_DONE)
    return ferry_ledger_fail (self, rc, "read the mappings of the last full read", error);
  return TRUE;
}

gboolean
ferry_ledger_set_mapping (FerryLedger  *self,
                          const char   *entity,
                          const char   *fingerprint,
                          GError      **error)
{
  g_autoptr(FerryLedgerStmt) stmt = ferry_ledger_stmt (self, LEDGER_STMT_SET_MAPPING,
      "INSERT INTO mappings (entity, fingerprint) VALUES (?1, ?2) "
      "ON CONFLICT (entity) DO UPDATE SET fingerprint = excluded.fingerprint", error);

  if (stmt == NULL)
    return FALSE;
  ferry_ledger_bind_text (stmt, 1, entity);
  ferry_ledger_bind_text (stmt, 2, fingerprint);
  return ferry_ledger_step_done (self, stmt, "record the mappings of a full read", error);
}
