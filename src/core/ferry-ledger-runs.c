/* ferry-ledger-runs.c: runs, their tallies and their per-record errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-ledger"

#include "config.h"

#include <json-glib/json-glib.h>
#include <unistd.h>

#include "ferry-error.h"
#include "ferry-ledger-private.h"

static const char * const trigger_names[] = { "manual", "automatic" };
static const char * const sync_type_names[] = { "shallow", "deep" };
static const char * const direction_names[] = { "push", "export", "both" };
static const char * const result_names[] = {
  "running", "succeeded", "record-errors", "failed", "cancelled", "interrupted",
};

/* FerryLedgerCounts in the order of the runs table's count columns. */
static const gsize count_offsets[] = {
  G_STRUCT_OFFSET (FerryLedgerCounts, sent),
  G_STRUCT_OFFSET (FerryLedgerCounts, created),
  G_STRUCT_OFFSET (FerryLedgerCounts, updated),
  G_STRUCT_OFFSET (FerryLedgerCounts, unchanged),
  G_STRUCT_OFFSET (FerryLedgerCounts, deleted),
  G_STRUCT_OFFSET (FerryLedgerCounts, rejected),
  G_STRUCT_OFFSET (FerryLedgerCounts, waiting),
  G_STRUCT_OFFSET (FerryLedgerCounts, failed),
  G_STRUCT_OFFSET (FerryLedgerCounts, skipped),
  G_STRUCT_OFFSET (FerryLedgerCounts, exported),
  G_STRUCT_OFFSET (FerryLedgerCounts, export_updated),
  G_STRUCT_OFFSET (FerryLedgerCounts, export_failed),
};
#define N_COUNTS ((int) G_N_ELEMENTS (count_offsets))
/* Every field of FerryLedgerCounts has its column. */
G_STATIC_ASSERT (sizeof (FerryLedgerCounts) == sizeof (count_offsets) / sizeof (gsize) * sizeof (guint));

#define RUN_COLUMNS \
  "id, trigger, sync_type, direction, timeframe, entities, program, pid, started_at," \
  " ended_at, duration_ms, sent, created, updated, unchanged, deleted, rejected, waiting," \
  " failed, skipped, exported, export_updated, export_failed, result, message"

const char *
ferry_ledger_trigger_to_string (FerryLedgerTrigger trigger)
{
  g_return_val_if_fail (trigger < G_N_ELEMENTS (trigger_names), NULL);
  return trigger_names[trigger];
}

const char *
ferry_ledger_sync_type_to_string (FerryLedgerSyncType sync_type)
{
  g_return_val_if_fail (sync_type < G_N_ELEMENTS (sync_type_names), NULL);
  return sync_type_names[sync_type];
}

const char *
ferry_ledger_direction_to_string (FerryLedgerDirection direction)
{
  g_return_val_if_fail (direction < G_N_ELEMENTS (direction_names), NULL);
  return direction_names[direction];
}

const char *
ferry_ledger_run_result_to_string (FerryLedgerRunResult result)
{
  g_return_val_if_fail (result < G_N_ELEMENTS (result_names), NULL);
  return result_names[result];
}

/* The table's CHECK constraints guarantee a known name. */
static guint
enum_from_column (FerryLedgerStmt    *stmt,
                  int                 column,
                  const char * const *names,
                  guint               n_names)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        return i;
    }
  g_return_val_if_reached (0);
}

G_DEFINE_BOXED_TYPE (FerryLedgerRun, ferry_ledger_run, ferry_ledger_run_copy, ferry_ledger_run_free)

FerryLedgerRun *
ferry_ledger_run_copy (const FerryLedgerRun *run)
{
  FerryLedgerRun *copy;

  g_return_val_if_fail (run != NULL, NULL);

  copy = g_memdup2 (run, sizeof *run);
  copy->timeframe = g_strdup (run->timeframe);
  copy->entities = g_strdupv (run->entities);
  copy->program = g_strdup (run->program);
  copy->started_at = g_date_time_ref (run->started_at);
  copy->ended_at = run->ended_at != NULL ? g_date_time_ref (run->ended_at) : NULL;
  copy->message = g_strdup (run->message);
  return copy;
}

void
ferry_ledger_run_free (FerryLedgerRun *run)
{
  if (run == NULL)
    return;
  g_free (run->timeframe);
  g_strfreev (run->entities);
  g_free (run->program);
  g_clear_pointer (&run->started_at, g_date_time_unref);
  g_clear_pointer (&run->ended_at, g_date_time_unref);
  g_free (run->message);
  g_free (run);
}

void
ferry_ledger_run_error_free (FerryLedgerRunError *run_error)
{
  if (run_error == NULL)
    return;
  g_free (run_error->entity);
  g_free (run_error->key_text);
  g_free (run_error->field);
  g_free (run_error->code);
  g_free (run_error->message);
  g_free (run_error->hint);
  g_free (run_error);
}

void
ferry_ledger_estimate_clear (FerryLedgerEstimate *estimate)
{
  g_clear_pointer (&estimate->last_deep_started_at, g_date_time_unref);
}

static char *
entities_to_json (const char * const *entities)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; entities[i] != NULL; i++)
    json_builder_add_string_value (builder, entities[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* We wrote it; a damaged value reads as no entities rather than failing. */
static GStrv
entities_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL)
      && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *id = json_array_get_string_element (array, i);

          if (id != NULL)
            g_strv_builder_add (builder, id);
        }
    }
  return g_strv_builder_end (builder);
}

static FerryLedgerRun *
read_run (FerryLedgerStmt *stmt)
{
  FerryLedgerRun *run = g_new0 (FerryLedgerRun, 1);

  run->id = sqlite3_column_int64 (stmt, 0);
  run->trigger = enum_from_column (stmt, 1, trigger_names, G_N_ELEMENTS (trigger_names));
  run->sync_type = enum_from_column (stmt, 2, sync_type_names, G_N_ELEMENTS (sync_type_names));
  run->direction = enum_from_column (stmt, 3, direction_names, G_N_ELEMENTS (direction_names));
  run->timeframe = ferry_ledger_dup_column (stmt, 4);
  run->entities = entities_from_json ((const char *) sqlite3_column_text (stmt, 5));
  run->program = ferry_ledger_dup_column (stmt, 6);
  run->pid = (GPid) sqlite3_column_int64 (stmt, 7);
  run->started_at = ferry_ledger_datetime_from_us (sqlite3_column_int64 (stmt, 8));
  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    run->ended_at = ferry_ledger_datetime_from_us (sqlite3_column_int64 (stmt, 9));
  run->duration_ms = sqlite3_column_type (stmt, 10) != SQLITE_NULL
                     ? sqlite3_column_int64 (stmt, 10) : -1;
  for (guint i = 0; i < G_N_ELEMENTS (count_offsets); i++)
    G_STRUCT_MEMBER (guint, &run->counts, count_offsets[i]) =
      (guint) sqlite3_column_int64 (stmt, 11 + (int) i);
  run->result = enum_from_column (stmt, 11 + N_COUNTS, result_names, G_N_ELEMENTS (result_names));
  run->message = ferry_ledger_dup_column (stmt, 12 + N_COUNTS);
  return run;
}

static void
bind_counts (FerryLedgerStmt         *stmt,
             int                      first,
             const FerryLedgerCounts *counts)
{
  for (guint i = 0; i < G_N_ELEMENTS (count_offsets); i++)
    {
      int index = first + (int) i;

      if (counts != NULL)
        sqlite3_bind_int64 (stmt, index, G_STRUCT_MEMBER (guint, counts, count_offsets[i]));
      else
        sqlite3_bind_null (stmt, index);
    }
}

gboolean
ferry_ledger_check_running (FerryLedger  *self,
                            gint64        run_id,
                            GError      **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;
  const char *result;
  int rc;

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_RUN_RESULT,
                            "SELECT result FROM runs WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                   "The ledger “%s” has no run %" G_GINT64_FORMAT, self->path, run_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return ferry_ledger_fail (self, rc, "read a run", error);
  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "running") != 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Run %" G_GINT64_FORMAT " in the ledger “%s” has already ended (%s)",
                   run_id, self->path, result);
      return FALSE;
    }
  return TRUE;
}

gboolean
ferry_ledger_add_counts (FerryLedger              *self,
                         gint64                    run_id,
                         const FerryLedgerCounts  *delta,
                         gint64                    now_us,
                         GError                  **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_RUN_ADD,
                            "UPDATE runs SET sent = sent + ?2, created = created + ?3,"
                            " updated = updated + ?4, unchanged = unchanged + ?5,"
                            " deleted = deleted + ?6, rejected = rejected + ?7,"
                            " waiting = waiting + ?8, failed = failed + ?9,"
                            " skipped = skipped + ?10, exported = exported + ?11,"
                            " export_updated = export_updated + ?12,"
                            " export_failed = export_failed + ?13, updated_at = ?14 WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  bind_counts (stmt, 2, delta);
  sqlite3_bind_int64 (stmt, 2 + N_COUNTS, now_us);
  return ferry_ledger_step_done (self, stmt, "count the run’s records", error);
}

gboolean
ferry_ledger_insert_run_error (FerryLedger  *self,
                               gint64        run_id,
                               const char   *entity,
                               const char   *key_text,
                               const char   *field,
                               const char   *code,
                               const char   *message,
                               const char   *hint,
                               GError      **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_INSERT_ERROR,
                            "INSERT INTO run_errors (run_id, entity, key, field, code, message,"
                            " hint) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  ferry_ledger_bind_text (stmt, 2, entity);
  ferry_ledger_bind_text (stmt, 3, key_text);
  ferry_ledger_bind_text (stmt, 4, field);
  ferry_ledger_bind_text (stmt, 5, code);
  ferry_ledger_bind_text (stmt, 6, message);
  ferry_ledger_bind_text (stmt, 7, hint);
  return ferry_ledger_step_done (self, stmt, "record a run’s error", error);
}

/* Only while nobody can be running: inside a transaction and holding the
 * run lock, or having seen the lock free inside the transaction. An
 * interrupted run ends at its last write. */
static gboolean
interrupt_running (FerryLedger  *self,
                   GError      **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_INTERRUPT,
                            "UPDATE runs SET result = 'interrupted', ended_at = updated_at,"
                            " duration_ms = MAX (0, (updated_at - started_at) / 1000),"
                            " message = 'Stopped before it finished: ' || program || ' (pid '"
                            " || pid || ') was closed or killed. The next sync picks up"
                            " where it left off.' WHERE result = 'running'", error);
  if (stmt == NULL)
    return FALSE;
  if (!ferry_ledger_step_done (self, stmt, "mark interrupted runs", error))
    return FALSE;
  if (sqlite3_changes (self->db) > 0)
    g_debug ("Ledger %s: %d interrupted run(s)", self->path, sqlite3_changes (self->db));
  return TRUE;
}

static gboolean
any_running (FerryLedger  *self,
             gboolean     *out_any,
             GError      **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;
  int rc;

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_ANY_RUNNING,
                            "SELECT 1 FROM runs WHERE result = 'running' LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ferry_ledger_fail (self, rc, "read the runs", error);
  *out_any = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
ferry_ledger_check_interrupted (FerryLedger  *self,
                                GError      **error)
{
  gboolean any = FALSE;
  gboolean held = FALSE;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);

  if (!any_running (self, &any, error))
    return FALSE;
  if (!any)
    return TRUE;

  /* Looked at inside the write transaction: a run that takes the lock
   * right after cannot insert its row before we are done. */
  if (!ferry_ledger_begin (self, "check for interrupted runs", error))
    return FALSE;
  if (!ferry_run_lock_query (self->lock_path, &held, NULL, error)
      || (!held && !interrupt_running (self, error)))
    {
      ferry_ledger_rollback (self);
      return FALSE;
    }
  return ferry_ledger_commit (self, "check for interrupted runs", error);
}

static gboolean
check_run_info (FerryLedger               *self,
                FerryRunLock              *lock,
                const FerryLedgerRunInfo  *info,
                GError                   **error)
{
  if (!ferry_run_lock_is_held (lock)
      || g_strcmp0 (ferry_run_lock_get_path (lock), self->lock_path) != 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Cannot begin a run in the ledger “%s” without holding its run lock "
                   "“%s”", self->path, self->lock_path);
      return FALSE;
    }
  if (info->trigger >= G_N_ELEMENTS (trigger_names)
      || info->sync_type >= G_N_ELEMENTS (sync_type_names)
      || info->direction >= G_N_ELEMENTS (direction_names)
      || info->timeframe == NULL || *info->timeframe == '\0' || info->entities == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Cannot begin a run in the ledger “%s”: its trigger, type, direction, "
                   "timeframe or entity types are missing or unknown", self->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_run (FerryLedger               *self,
            FerryRunLock              *lock,
            const FerryLedgerRunInfo  *info,
            gint64                     now_us,
            GError                   **error)
{
  g_autofree char *entities = entities_to_json (info->entities);
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_INSERT_RUN,
                            "INSERT INTO runs (trigger, sync_type, direction, timeframe,"
                            " entities, program, pid, started_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)", error);
  if (stmt == NULL)
    return FALSE;
  ferry_ledger_bind_text (stmt, 1, trigger_names[info->trigger]);
  ferry_ledger_bind_text (stmt, 2, sync_type_names[info->sync_type]);
  ferry_ledger_bind_text (stmt, 3, direction_names[info->direction]);
  ferry_ledger_bind_text (stmt, 4, info->timeframe);
  ferry_ledger_bind_text (stmt, 5, entities);
  ferry_ledger_bind_text (stmt, 6, ferry_run_lock_get_program (lock));
  sqlite3_bind_int64 (stmt, 7, getpid ());
  sqlite3_bind_int64 (stmt, 8, now_us);
  return ferry_ledger_step_done (self, stmt, "record a new run", error);
}

gint64
ferry_ledger_begin_run (FerryLedger               *self,
                        FerryRunLock              *lock,
                        const FerryLedgerRunInfo  *info,
                        GError                   **error)
{
  gint64 run_id;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), 0);
  g_return_val_if_fail (FERRY_IS_RUN_LOCK (lock), 0);
  g_return_val_if_fail (info != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_run_info (self, lock, info, error))
    return 0;

  if (!ferry_ledger_begin (self, "record a new run", error))
    return 0;
  /* We hold the lock: whatever still says "running" died without saying so. */
  if (!interrupt_running (self, error)
      || !insert_run (self, lock, info, g_get_real_time (), error))
    {
      ferry_ledger_rollback (self);
      return 0;
    }
  run_id = sqlite3_last_insert_rowid (self->db);
  if (!ferry_ledger_commit (self, "record a new run", error))
    return 0;

  self->active_run_id = run_id;
  self->active_run_started_us = g_get_monotonic_time ();
  g_debug ("Ledger %s: run %" G_GINT64_FORMAT " began", self->path, run_id);
  return run_id;
}

gboolean
ferry_ledger_add_to_run (FerryLedger              *self,
                         gint64                    run_id,
                         const FerryLedgerCounts  *delta,
                         GError                  **error)
{
  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (delta != NULL, FALSE);

  if (!ferry_ledger_begin (self, "count the run’s records", error))
    return FALSE;
  if (!ferry_ledger_check_running (self, run_id, error)
      || !ferry_ledger_add_counts (self, run_id, delta, g_get_real_time (), error))
    {
      ferry_ledger_rollback (self);
      return FALSE;
    }
  return ferry_ledger_commit (self, "count the run’s records", error);
}

gboolean
ferry_ledger_finish_run (FerryLedger              *self,
                         gint64                    run_id,
                         const FerryLedgerCounts  *counts,
                         FerryLedgerRunResult      result,
                         const char               *message,
                         GError                  **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (result != FERRY_LEDGER_RESULT_RUNNING
                        && result != FERRY_LEDGER_RESULT_INTERRUPTED
                        && result < G_N_ELEMENTS (result_names), FALSE);

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_FINISH_RUN,
                            "UPDATE runs SET ended_at = ?2, updated_at = ?2,"
                            " duration_ms = COALESCE (?3, MAX (0, (?2 - started_at) / 1000)),"
                            " result = ?4, message = ?5,"
                            " sent = COALESCE (?6, sent), created = COALESCE (?7, created),"
                            " updated = COALESCE (?8, updated),"
                            " unchanged = COALESCE (?9, unchanged),"
                            " deleted = COALESCE (?10, deleted),"
                            " rejected = COALESCE (?11, rejected),"
                            " waiting = COALESCE (?12, waiting), failed = COALESCE (?13, failed),"
                            " skipped = COALESCE (?14, skipped),"
                            " exported = COALESCE (?15, exported),"
                            " export_updated = COALESCE (?16, export_updated),"
                            " export_failed = COALESCE (?17, export_failed)"
                            " WHERE id = ?1 AND result = 'running'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  /* The monotonic clock does not jump when the wall clock is set. */
  if (run_id == self->active_run_id)
    sqlite3_bind_int64 (stmt, 3, (g_get_monotonic_time () - self->active_run_started_us) / 1000);
  else
    sqlite3_bind_null (stmt, 3);
  ferry_ledger_bind_text (stmt, 4, result_names[result]);
  ferry_ledger_bind_text (stmt, 5, message);
  bind_counts (stmt, 6, counts);
  if (!ferry_ledger_step_done (self, stmt, "record the end of the run", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                   "Run %" G_GINT64_FORMAT " in the ledger “%s” does not exist or has "
                   "already ended", run_id, self->path);
      return FALSE;
    }
  if (run_id == self->active_run_id)
    self->active_run_id = 0;
  return TRUE;
}

/* Steps @stmt and appends each row read by @read to @rows. */
static gboolean
collect_rows (FerryLedger       *self,
              FerryLedgerStmt   *stmt,
              gpointer         (*read) (FerryLedgerStmt *stmt),
              GPtrArray         *rows,
              const char        *doing,
              GError           **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));
  if (rc != SQLITE_DONE)
    return ferry_ledger_fail (self, rc, doing, error);
  return TRUE;
}

static gpointer
read_run_row (FerryLedgerStmt *stmt)
{
  return read_run (stmt);
}

/* The one run @stmt selects, or NULL in *@out_run. */
static gboolean
single_run (FerryLedger      *self,
            FerryLedgerStmt  *stmt,
            FerryLedgerRun  **out_run,
            GError          **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (out_run != NULL, FALSE);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_ledger_run_free);
  *out_run = NULL;
  if (!collect_rows (self, stmt, read_run_row, rows, "read the runs", error))
    return FALSE;
  if (rows->len > 0)
    *out_run = g_ptr_array_steal_index (rows, 0);
  return TRUE;
}

FerryLedgerRun *
ferry_ledger_get_run (FerryLedger  *self,
                      gint64        run_id,
                      GError      **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;
  FerryLedgerRun *run = NULL;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), NULL);

  if (!ferry_ledger_check_interrupted (self, error))
    return NULL;
  stmt = ferry_ledger_stmt (self, LEDGER_STMT_GET_RUN,
                            "SELECT " RUN_COLUMNS " FROM runs WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  if (!single_run (self, stmt, &run, error))
    return NULL;
  if (run == NULL)
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                 "The ledger “%s” has no run %" G_GINT64_FORMAT, self->path, run_id);
  return run;
}

gboolean
ferry_ledger_get_last_run (FerryLedger     *self,
                           FerryLedgerRun **out_run,
                           GError         **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);

  if (!ferry_ledger_check_interrupted (self, error))
    return FALSE;
  stmt = ferry_ledger_stmt (self, LEDGER_STMT_LAST_RUN,
                            "SELECT " RUN_COLUMNS " FROM runs ORDER BY id DESC LIMIT 1", error);
  return stmt != NULL && single_run (self, stmt, out_run, error);
}

gboolean
ferry_ledger_get_last_synced_run (FerryLedger     *self,
                                  FerryLedgerRun **out_run,
                                  GError         **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_LAST_SYNCED,
                            "SELECT " RUN_COLUMNS " FROM runs"
                            " WHERE result IN ('succeeded', 'record-errors')"
                            " ORDER BY id DESC LIMIT 1", error);
  return stmt != NULL && single_run (self, stmt, out_run, error);
}

GPtrArray *
ferry_ledger_list_runs (FerryLedger  *self,
                        guint         limit,
                        guint         offset,
                        GError      **error)
{
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), NULL);

  if (!ferry_ledger_check_interrupted (self, error))
    return NULL;
  stmt = ferry_ledger_stmt (self, LEDGER_STMT_LIST_RUNS,
                            "SELECT " RUN_COLUMNS " FROM runs ORDER BY id DESC"
                            " LIMIT ?1 OFFSET ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 2, offset);

  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_ledger_run_free);
  if (!collect_rows (self, stmt, read_run_row, runs, "read the runs", error))
    return NULL;
  return g_steal_pointer (&runs);
}

static gpointer
read_run_error_row (FerryLedgerStmt *stmt)
{
  FerryLedgerRunError *run_error = g_new0 (FerryLedgerRunError, 1);

  run_error->run_id = sqlite3_column_int64 (stmt, 0);
  run_error->entity = ferry_ledger_dup_column (stmt, 1);
  run_error->key_text = ferry_ledger_dup_column (stmt, 2);
  run_error->field = ferry_ledger_dup_column (stmt, 3);
  run_error->code = ferry_ledger_dup_column (stmt, 4);
  run_error->message = ferry_ledger_dup_column (stmt, 5);
  run_error->hint = ferry_ledger_dup_column (stmt, 6);
  return run_error;
}

GPtrArray *
ferry_ledger_list_run_errors (FerryLedger  *self,
                              gint64        run_id,
                              guint         limit,
                              guint         offset,
                              GError      **error)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(FerryLedgerStmt) stmt = NULL;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), NULL);

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_LIST_ERRORS,
                            "SELECT run_id, entity, key, field, code, message, hint"
                            " FROM run_errors WHERE run_id = ?1 ORDER BY id"
                            " LIMIT ?2 OFFSET ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 3, offset);

  errors = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_ledger_run_error_free);
  if (!collect_rows (self, stmt, read_run_error_row, errors, "read the run’s errors", error))
    return NULL;
  return g_steal_pointer (&errors);
}

static gboolean
count_live (FerryLedger  *self,
            const char   *entity,
            guint64      *out_count,
            GError      **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;
  int rc;

  if (entity == NULL)
    stmt = ferry_ledger_stmt (self, LEDGER_STMT_COUNT_LIVE,
                              "SELECT count(*) FROM records WHERE state != 'deleted'", error);
  else
    stmt = ferry_ledger_stmt (self, LEDGER_STMT_COUNT_LIVE_ENTITY,
                              "SELECT count(*) FROM records"
                              " WHERE entity = ?1 AND state != 'deleted'", error);
  if (stmt == NULL)
    return FALSE;
  if (entity != NULL)
    ferry_ledger_bind_text (stmt, 1, entity);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return ferry_ledger_fail (self, rc, "count the records", error);
  *out_count += (guint64) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
ferry_ledger_estimate_deep_sync (FerryLedger          *self,
                                 const char * const   *entities,
                                 FerryLedgerEstimate  *out_estimate,
                                 GError              **error)
{
  g_autoptr(FerryLedgerStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (out_estimate != NULL, FALSE);

  out_estimate->records = 0;
  out_estimate->last_deep_duration_ms = -1;
  out_estimate->last_deep_started_at = NULL;

  for (guint i = 0; entities == NULL ? i < 1 : entities[i] != NULL; i++)
    {
      if (!count_live (self, entities != NULL ? entities[i] : NULL, &out_estimate->records, error))
        return FALSE;
    }

  stmt = ferry_ledger_stmt (self, LEDGER_STMT_LAST_DEEP,
                            "SELECT started_at, duration_ms FROM runs WHERE sync_type = 'deep'"
                            " AND result IN ('succeeded', 'record-errors')"
                            " ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 started_us = sqlite3_column_int64 (stmt, 0);

      out_estimate->last_deep_started_at = ferry_ledger_datetime_from_us (started_us);
      out_estimate->last_deep_duration_ms = sqlite3_column_int64 (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    return ferry_ledger_fail (self, rc, "read the last deep sync", error);
  return TRUE;
}
