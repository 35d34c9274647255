/* ferry-sync-run.c: one run of the sync engine, from the run lock to its record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preparing: the plan (entity types in dependency order), the ledger and
 * its run lock (a second run of the connection is refused, not queued),
 * the run's row in the ledger, the keys children must wait for, logging
 * in, and for each entity type where its scan starts and how many records
 * it reads. Pushing: each entity type in turn (ferry-sync-entity.c); one
 * that fails takes the types depending on it along, the others go on.
 * Reconciling (deep syncs): ferry-sync-reconcile.c. Exporting: the
 * cloud's export feed into the accounting database (ferry-sync-export.c).
 * Finishing: the result and message into the ledger.
 *
 * Where a shallow scan starts: every record modified since the start of
 * the timeframe could have changed, but one modified before the last run
 * that finished the entity type (and covered at least this timeframe) was
 * already compared then. So the scan starts at that run's start, less
 * FERRY_SYNC_OVERLAP_US, unless the ledger holds records to retry
 * (rejected, waiting, failed): then it reads the whole timeframe, as those
 * may be older. The hash still decides what is sent.
 */
#define G_LOG_DOMAIN "ferry-sync-run"

#include "config.h"

#include <string.h>

#include "ferry-error.h"
#include "ferry-secrets.h"
#include "ferry-sqlite-source.h"
#include "ferry-sync-plan.h"
#include "ferry-sync-private.h"

/* Runs looked at for where a shallow scan may start. */
#define RECENT_RUNS 100

void
ferry_sync_entity_free (FerrySyncEntity *entity)
{
  if (entity == NULL)
    return;
  g_clear_object (&entity->builder);
  ferry_sync_parents_free (entity->parents);
  g_clear_pointer (&entity->since, g_date_time_unref);
  g_free (entity->failure);
  g_free (entity->mapping);
  g_clear_pointer (&entity->off_references, g_hash_table_unref);
  g_free (entity);
}

FerrySyncRun *
ferry_sync_run_new (FerryConnection   *connection,
                    FerrySyncOptions  *options,
                    const char        *ledger_path,
                    const char        *password,
                    const char        *program,
                    FerrySyncProgress *progress)
{
  FerrySyncRun *run = g_new0 (FerrySyncRun, 1);
  guint batch_size = ferry_sync_options_get_batch_size (options);

  run->connection = g_object_ref (connection);
  run->catalog = ferry_connection_get_catalog (connection);
  run->options = ferry_sync_options_copy (options);
  run->ledger_path = g_strdup (ledger_path);
  run->password = g_strdup (password);
  run->program = g_strdup (program);
  run->progress = progress;
  run->deep = ferry_sync_options_get_sync_type (options) == FERRY_LEDGER_SYNC_DEEP;
  run->dry_run = ferry_sync_options_get_dry_run (options);
  run->stop_on_error = ferry_sync_options_get_stop_on_error (options)
                       || ferry_connection_get_stop_on_error (connection);
  if (batch_size == 0)
    batch_size = ferry_connection_get_batch_size (connection);
  run->batch_size = CLAMP (batch_size, FERRY_CONNECTION_BATCH_MIN, FERRY_CONNECTION_BATCH_MAX);
  run->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_sync_entity_free);
  run->exports = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_sync_entity_free);
  run->nonce = g_strdup_printf ("%08x", g_random_int ());
  run->notes = g_string_new (NULL);
  g_mutex_init (&run->send_lock);
  return run;
}

void
ferry_sync_run_free (FerrySyncRun *run)
{
  if (run == NULL)
    return;
  g_clear_pointer (&run->password, ferry_secrets_password_free);
  g_clear_error (&run->entity_error);
  g_clear_object (&run->connection);
  ferry_sync_options_free (run->options);
  g_free (run->ledger_path);
  g_free (run->program);
  g_clear_object (&run->client);
  g_clear_object (&run->second_client);
  g_clear_object (&run->source);
  ferry_sync_blocked_free (run->blocked);
  g_ptr_array_unref (run->entities);
  g_ptr_array_unref (run->exports);
  g_clear_object (&run->reader_ledger);
  g_clear_object (&run->ledger);
  g_clear_object (&run->lock);
  g_free (run->nonce);
  g_string_free (run->notes, TRUE);
  g_mutex_clear (&run->send_lock);
  g_free (run);
}

void
ferry_sync_run_note (FerrySyncRun *run,
                     const char   *format,
                     ...)
{
  va_list args;

  if (run->notes->len > 0)
    g_string_append_c (run->notes, ' ');
  va_start (args, format);
  g_string_append_vprintf (run->notes, format, args);
  va_end (args);
}

/* Preparing */

static gboolean
has_pending (FerryLedger     *ledger,
             FerryEntityType *type,
             gboolean        *out_pending,
             GError         **error)
{
  g_autoptr(FerryLedgerCursor) cursor = ferry_ledger_iterate (ledger, ferry_entity_type_get_id (type),
                                                              FERRY_LEDGER_FILTER_PENDING);
  GError *local_error = NULL;

  *out_pending = ferry_ledger_cursor_next (cursor, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* The newest finished run of @type covering at least @timeframe_start, or NULL. */
static const FerryLedgerRun *
last_covering_run (GPtrArray       *runs,
                   FerryEntityType *type,
                   GDateTime       *timeframe_start)
{
  for (guint i = 0; i < runs->len; i++)
    {
      const FerryLedgerRun *run = g_ptr_array_index (runs, i);
      g_autoptr(GDateTime) covered = NULL;

      if ((run->result != FERRY_LEDGER_RESULT_SUCCEEDED
           && run->result != FERRY_LEDGER_RESULT_RECORD_ERRORS)
          || run->entities == NULL
          || !g_strv_contains ((const char * const *) run->entities, ferry_entity_type_get_id (type))
          || !ferry_sync_timeframe_get_start (run->timeframe, run->started_at, &covered))
        continue;
      if (covered == NULL || (timeframe_start != NULL && g_date_time_compare (covered, timeframe_start) <= 0))
        return run;
    }
  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The switched-off fields as text: every record's hash depends on them. */
static char *
mapping_of (const char * const *switched_off)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GString *text = g_string_new ("off:");

  for (guint i = 0; switched_off != NULL && switched_off[i] != NULL; i++)
    g_ptr_array_add (names, (gpointer) switched_off[i]);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "," : "", (char *) names->pdata[i]);
  return g_string_free (text, FALSE);
}

/* TRUE when @entity was last read in full with other mappings (or never):
 * its records' hashes may all have changed, modified or not. */
static gboolean
mapping_changed (FerrySyncRun     *run,
                 FerrySyncEntity  *entity,
                 gboolean         *out_changed,
                 GError          **error)
{
  g_autofree char *last = NULL;

  if (!ferry_ledger_get_mapping (run->ledger, ferry_entity_type_get_id (entity->type), &last, error))
    return FALSE;
  *out_changed = g_strcmp0 (last, entity->mapping) != 0;
  return TRUE;
}

static gboolean
shallow_since (FerrySyncRun     *run,
               FerrySyncEntity  *entity,
               GDateTime        *timeframe_start,
               GPtrArray        *recent_runs,
               GDateTime       **out_since,
               GError          **error)
{
  FerryEntityType *type = entity->type;
  const FerryLedgerRun *previous;
  g_autoptr(GDateTime) since = NULL;
  gboolean pending;

  *out_since = timeframe_start != NULL ? g_date_time_ref (timeframe_start) : NULL;
  if (!has_pending (run->ledger, type, &pending, error))
    return FALSE;
  if (!pending && !mapping_changed (run, entity, &pending, error))
    return FALSE;
  previous = pending ? NULL : last_covering_run (recent_runs, type, timeframe_start);
  if (previous == NULL)
    return TRUE;

  since = g_date_time_add (previous->started_at, -FERRY_SYNC_OVERLAP_US);
  if (timeframe_start == NULL || g_date_time_compare (since, timeframe_start) > 0)
    {
      g_clear_pointer (out_since, g_date_time_unref);
      *out_since = g_steal_pointer (&since);
    }
  return TRUE;
}

/* Fields sent that refer to an entity type the connection does not sync:
 * the cloud rejects every record naming one, and its usual hint ("sync
 * the record it names first") cannot help. */
static GHashTable *
find_off_references (FerrySyncRun       *run,
                     FerryEntityType    *type,
                     const char * const *switched_off)
{
  GListModel *fields = ferry_entity_type_get_fields (type);
  GHashTable *hints = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);
      const char *target = ferry_field_get_references (field);
      FerryEntityType *parent = target != NULL ? ferry_catalog_lookup (run->catalog, target) : NULL;

      if (parent == NULL || ferry_connection_get_entity_enabled (run->connection, target)
          || (switched_off != NULL && g_strv_contains (switched_off, ferry_field_get_name (field))))
        continue;
      if (hints == NULL)
        hints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (hints, g_strdup (ferry_field_get_name (field)),
                           g_strdup_printf ("%s is not turned on for “%s”, so the cloud never "
                                            "gets the records this field names. Turn %s on under "
                                            "Advanced Mappings, or switch off the field %s of %s; "
                                            "then sync again.",
                                            ferry_entity_type_get_label (parent),
                                            ferry_connection_get_name (run->connection),
                                            ferry_entity_type_get_label (parent),
                                            ferry_field_get_label (field),
                                            ferry_entity_type_get_label (type)));
    }
  return hints;
}

static FerrySyncEntity *
prepare_entity (FerrySyncRun     *run,
                FerryEntityType  *type,
                GDateTime        *timeframe_start,
                GPtrArray        *recent_runs,
                GError          **error)
{
  g_autoptr(FerrySyncEntity) entity = g_new0 (FerrySyncEntity, 1);
  g_auto(GStrv) switched_off = NULL;
  const char *id = ferry_entity_type_get_id (type);

  entity->type = type;
  entity->parents = ferry_sync_parents_new (run->catalog, type);
  switched_off = ferry_connection_dup_disabled_fields (run->connection, id);
  entity->builder = ferry_record_builder_new (type, (const char * const *) switched_off, error);
  entity->mapping = mapping_of ((const char * const *) switched_off);
  entity->off_references = find_off_references (run, type, (const char * const *) switched_off);
  if (entity->builder == NULL || !ferry_source_check (run->source, entity->builder, error))
    return NULL;

  if (run->deep)
    entity->since = timeframe_start != NULL ? g_date_time_ref (timeframe_start) : NULL;
  else if (!shallow_since (run, entity, timeframe_start, recent_runs, &entity->since, error))
    return NULL;
  if (!ferry_source_count (run->source, type, entity->since, &entity->count, error))
    return NULL;
  entity->use_lookups = entity->since != NULL && entity->count <= FERRY_SYNC_LOOKUP_MAX;
  if (entity->since != NULL)
    {
      g_autofree char *since = g_date_time_format_iso8601 (entity->since);

      g_debug ("%s: %" G_GINT64_FORMAT " records modified since %s", id, entity->count, since);
    }
  return g_steal_pointer (&entity);
}

static gboolean
prepare_entities (FerrySyncRun  *run,
                  GPtrArray     *types,
                  GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) timeframe_start = ferry_sync_options_get_start (run->options, now);
  g_autoptr(GPtrArray) recent_runs = NULL;
  guint64 total = 0;

  recent_runs = ferry_ledger_list_runs (run->ledger, RECENT_RUNS, 0, error);
  if (recent_runs == NULL)
    return FALSE;
  for (guint i = 0; i < types->len; i++)
    {
      FerryEntityType *type = g_ptr_array_index (types, i);
      FerrySyncEntity *entity;

      if (ferry_entity_type_is_export (type))
        {
          entity = g_new0 (FerrySyncEntity, 1);
          entity->type = type;
          g_ptr_array_add (run->exports, entity);
          continue;
        }
      entity = prepare_entity (run, type, timeframe_start, recent_runs, error);
      if (entity == NULL)
        return FALSE;
      g_ptr_array_add (run->entities, entity);
      total += (guint64) entity->count;
    }
  ferry_sync_progress_set_total (run->progress, total);
  return TRUE;
}

static gboolean
begin_run (FerrySyncRun  *run,
           GPtrArray     *types,
           GError       **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  FerryLedgerRunInfo info = { 0, };

  for (guint i = 0; i < types->len; i++)
    g_ptr_array_add (ids, (gpointer) ferry_entity_type_get_id (g_ptr_array_index (types, i)));
  g_ptr_array_add (ids, NULL);

  info.trigger = ferry_sync_options_get_trigger (run->options);
  info.sync_type = ferry_sync_options_get_sync_type (run->options);
  info.direction = ferry_sync_options_get_direction (run->options);
  info.timeframe = ferry_sync_options_get_timeframe_text (run->options);
  info.entities = (const char * const *) ids->pdata;
  run->run_id = ferry_ledger_begin_run (run->ledger, run->lock, &info, error);
  return run->run_id > 0;
}

/* Up to the run's row: a failure here refuses the run without recording it. */
static GPtrArray *
open_run (FerrySyncRun  *run,
          GError       **error)
{
  g_autoptr(GPtrArray) types = NULL;

  types = ferry_sync_plan_for_options (run->connection, run->options, error);
  if (types == NULL || (!run->dry_run && !ferry_connection_check_cloud (run->connection, error)))
    return NULL;
  run->ledger = ferry_ledger_open (run->ledger_path, error);
  if (run->ledger == NULL)
    return NULL;
  run->lock = ferry_run_lock_try_acquire (ferry_ledger_get_lock_path (run->ledger),
                                          ferry_connection_get_name (run->connection),
                                          run->program, error);
  if (run->lock == NULL || (!run->dry_run && !begin_run (run, types, error)))
    return NULL;
  return g_steal_pointer (&types);
}

static gboolean
prepare (FerrySyncRun  *run,
         GPtrArray     *types,
         GError       **error)
{
  run->reader_ledger = ferry_ledger_open (run->ledger_path, error);
  if (run->reader_ledger == NULL)
    return FALSE;
  run->blocked = ferry_sync_blocked_new (run->catalog);
  if (!ferry_sync_blocked_load (run->blocked, run->ledger, error))
    return FALSE;
  /* After the run is recorded, so that a missing password is a failed
   * run in History, not a run that never was. */
  if (!run->dry_run && run->password == NULL && run->lookup_password
      && (run->password = ferry_secrets_lookup (run->connection, run->cancellable, error)) == NULL)
    return FALSE;
  if (!run->dry_run && !ferry_sync_login (run, error))
    return FALSE;

  run->source = FERRY_SOURCE (ferry_sqlite_source_new (ferry_connection_get_location (run->connection)));
  if (!ferry_source_open (run->source, error))
    {
      g_prefix_error (error, "Could not open the accounting database of “%s”: ",
                      ferry_connection_get_name (run->connection));
      return FALSE;
    }
  return prepare_entities (run, types, error);
}

/* Pushing */

FerrySyncEntity *
ferry_sync_failed_dependency (GPtrArray       *entities,
                              FerrySyncEntity *entity,
                              FerryCatalog    *catalog)
{
  for (guint i = 0; i < entities->len; i++)
    {
      FerrySyncEntity *other = g_ptr_array_index (entities, i);

      if (other == entity)
        break;
      if ((other->status == FERRY_SYNC_ENTITY_FAILED || other->status == FERRY_SYNC_ENTITY_SKIPPED)
          && ferry_sync_plan_depends_on (catalog, entity->type, other->type))
        return other;
    }
  return NULL;
}

static gboolean
push_all (FerrySyncRun  *run,
          GError       **error)
{
  ferry_sync_progress_set_phase (run->progress, FERRY_SYNC_PHASE_PUSHING);
  for (guint i = 0; i < run->entities->len; i++)
    {
      FerrySyncEntity *entity = g_ptr_array_index (run->entities, i);
      FerrySyncEntity *failed = ferry_sync_failed_dependency (run->entities, entity, run->catalog);

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (run->stopped || failed != NULL)
        {
          entity->status = FERRY_SYNC_ENTITY_SKIPPED;
          entity->failure = failed != NULL
            ? g_strdup_printf ("not synced, as it depends on %s",
                               ferry_entity_type_get_label (failed->type))
            : g_strdup ("not synced: the run stopped at the first rejected record");
          continue;
        }
      ferry_sync_progress_set_entity (run->progress, entity->type);
      if (!ferry_sync_entity_push (run, entity, error))
        return FALSE;
    }
  return TRUE;
}

/* Finishing */

/* The result, and *@out_message naming what did not go through. */
static FerryLedgerRunResult
decide_result (FerrySyncRun  *run,
               const GError  *failure,
               char         **out_message)
{
  g_autoptr(GString) message = g_string_new (NULL);
  FerryLedgerCounts counts;
  gboolean entity_failed = FALSE;
  FerryLedgerRunResult result;

  for (guint i = 0; i < run->entities->len + run->exports->len; i++)
    {
      FerrySyncEntity *entity = i < run->entities->len
        ? g_ptr_array_index (run->entities, i)
        : g_ptr_array_index (run->exports, i - run->entities->len);

      if (entity->failure == NULL)
        continue;
      entity_failed = TRUE;
      g_string_append_printf (message, "%s%s: %s", message->len ? " " : "",
                              ferry_entity_type_get_label (entity->type), entity->failure);
      if (!g_str_has_suffix (entity->failure, "."))
        g_string_append_c (message, '.');
    }
  ferry_sync_progress_get_counts (run->progress, &counts);

  if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    result = FERRY_LEDGER_RESULT_CANCELLED;
  else if (failure != NULL || entity_failed || run->stopped)
    result = FERRY_LEDGER_RESULT_FAILED;
  else if (counts.rejected + counts.waiting + counts.failed + counts.export_failed > 0
           || run->differs)
    result = FERRY_LEDGER_RESULT_RECORD_ERRORS;
  else
    result = FERRY_LEDGER_RESULT_SUCCEEDED;

  if (run->stopped && !entity_failed)
    g_string_append (message, "Stopped at the first record that did not go through, as the "
                     "connection or the run asks; the ones after it wait for the next sync.");
  if (result == FERRY_LEDGER_RESULT_CANCELLED)
    g_string_prepend (message, "Cancelled. ");
  else if (failure != NULL)
    g_string_prepend (message, failure->message);
  if (run->notes->len > 0)
    g_string_append_printf (message, "%s%s", message->len ? " " : "", run->notes->str);
  *out_message = message->len > 0 ? g_strdup (g_strchomp (message->str)) : NULL;
  return result;
}

static void
finish (FerrySyncRun    *run,
        const GError    *failure,
        gint64           started_us,
        FerrySyncResult *out_result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryLedgerRun) row = NULL;

  ferry_sync_progress_set_phase (run->progress, FERRY_SYNC_PHASE_FINISHING);
  out_result->run_id = run->run_id;
  out_result->dry_run = run->dry_run;
  out_result->retries = run->retries;
  out_result->result = decide_result (run, failure, &out_result->message);
  ferry_sync_progress_get_counts (run->progress, &out_result->counts);
  out_result->duration_ms = (g_get_monotonic_time () - started_us) / 1000;

  if (run->run_id > 0)
    {
      if (!ferry_ledger_finish_run (run->ledger, run->run_id, NULL, out_result->result,
                                    out_result->message, &error)
          || (row = ferry_ledger_get_run (run->ledger, run->run_id, &error)) == NULL)
        g_warning ("Could not record the end of run %" G_GINT64_FORMAT ": %s", run->run_id,
                   error->message);
      else
        {
          out_result->counts = row->counts;
          out_result->duration_ms = row->duration_ms;
        }
    }
  if (run->source != NULL)
    ferry_source_close (run->source);
  if (run->lock != NULL)
    ferry_run_lock_release (run->lock);
  ferry_sync_progress_set_phase (run->progress, FERRY_SYNC_PHASE_DONE);
}

gboolean
ferry_sync_run_execute (FerrySyncRun     *run,
                        GCancellable     *cancellable,
                        FerrySyncResult  *out_result,
                        GError          **error)
{
  gint64 started_us = g_get_monotonic_time ();
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) failure = NULL;

  g_return_val_if_fail (run != NULL && out_result != NULL, FALSE);

  memset (out_result, 0, sizeof *out_result);
  run->cancellable = cancellable;
  ferry_sync_progress_set_phase (run->progress, FERRY_SYNC_PHASE_PREPARING);

  types = open_run (run, &failure);
  if (types != NULL && prepare (run, types, &failure) && push_all (run, &failure)
      && (!run->deep || run->dry_run || ferry_sync_reconcile (run, &failure)))
    ferry_sync_export (run, &failure);

  if (failure != NULL && types == NULL)
    {
      /* Refused before it began: nothing to record. */
      out_result->result = FERRY_LEDGER_RESULT_FAILED;
      out_result->dry_run = run->dry_run;
      out_result->message = g_strdup (failure->message);
      g_clear_object (&run->lock);
      ferry_sync_progress_set_phase (run->progress, FERRY_SYNC_PHASE_DONE);
    }
  else
    finish (run, failure, started_us, out_result);

  if (failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&failure));
      return FALSE;
    }
  if (out_result->result == FERRY_LEDGER_RESULT_FAILED)
    {
      /* The first failure's domain and code, for callers that tell a
       * network failure from the others; the message names them all. */
      g_set_error_literal (error, run->entity_error ? run->entity_error->domain : FERRY_ERROR,
                           run->entity_error ? run->entity_error->code : FERRY_ERROR_FAILED,
                           out_result->message);
      return FALSE;
    }
  return TRUE;
}
