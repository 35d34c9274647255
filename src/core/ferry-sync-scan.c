/* ferry-sync-scan.c: what a push sends, decided record by record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scan reads one entity type from the source in key-text order and
 * compares each record with the ledger: a record is sent when the ledger
 * has no entry for it, holds another hash, or did not see the last send go
 * through (rejected, waiting, failed, deleted). Everything else is skipped.
 * The hash decides; the modification time only narrows what is read.
 *
 * With few records to read (a shallow sync narrowed to recent changes)
 * each is looked up in the ledger. Otherwise the ledger is walked beside
 * the source, both in key-text order, which also finds the keys that
 * vanished from the source: a deep sync sends them as deletions. A deep
 * sync limited to a timeframe reads only the timeframe's records, so it
 * finds vanished keys in a second walk over every key of the table.
 */
#define G_LOG_DOMAIN "ferry-sync-scan"

#include "config.h"

#include <string.h>

#include "ferry-sync-private.h"

/* Records between two progress reports of the reader. */
#define DONE_REPORT_EVERY 1000
/* A batch body is sent before it grows past this, whatever the batch
 * size: the cloud refuses bodies over 8 MiB. */
#define BODY_MAX_BYTES (4 * 1024 * 1024)

struct _FerrySyncScan
{
  FerrySyncRun      *run;          /* borrowed */
  FerrySyncEntity   *entity;       /* borrowed */
  FerrySyncScanEmit  emit;
  gpointer           user_data;    /* borrowed */
  FerrySyncBatch    *batch;        /* owned: being filled */
  guint              n_skipped;
  guint64            unreported;   /* records decided since the last progress report */
  gboolean           stopped;      /* the receiver wants no more */
};

/* The ledger walked beside the source. */
typedef struct
{
  FerryLedgerCursor *cursor;  /* owned */
  gboolean           on_row;  /* positioned on an unconsumed row */
  gboolean           at_end;
} LedgerWalk;

FerrySyncScan *
ferry_sync_scan_new (FerrySyncRun      *run,
                     FerrySyncEntity   *entity,
                     FerrySyncScanEmit  emit,
                     gpointer           user_data)
{
  FerrySyncScan *scan = g_new0 (FerrySyncScan, 1);

  scan->run = run;
  scan->entity = entity;
  scan->emit = emit;
  scan->user_data = user_data;
  scan->batch = ferry_sync_batch_new (ferry_entity_type_get_id (entity->type));
  return scan;
}

void
ferry_sync_scan_free (FerrySyncScan *scan)
{
  if (scan == NULL)
    return;
  ferry_sync_batch_free (scan->batch);
  g_free (scan);
}

guint
ferry_sync_scan_get_n_skipped (FerrySyncScan *scan)
{
  return scan->n_skipped;
}

static void
report_done (FerrySyncScan *scan)
{
  ferry_sync_progress_add_done (scan->run->progress, scan->unreported);
  scan->unreported = 0;
}

/* Hands the batch over when it is full, or with @force when it has
 * anything at all. FALSE once the receiver wants no more. */
static gboolean
flush (FerrySyncScan *scan,
       gboolean       force)
{
  guint size = scan->run->batch_size;
  guint n_records = ferry_sync_batch_get_n_records (scan->batch);
  guint n_held = ferry_sync_batch_get_n_held (scan->batch);

  if (scan->stopped)
    return FALSE;
  if (n_records + n_held == 0
      || (!force && n_records < size && n_held < size
          && ferry_sync_batch_get_size (scan->batch) < BODY_MAX_BYTES))
    return TRUE;

  report_done (scan);
  if (!scan->emit (g_steal_pointer (&scan->batch), scan->user_data))
    scan->stopped = TRUE;
  scan->batch = ferry_sync_batch_new (ferry_entity_type_get_id (scan->entity->type));
  return !scan->stopped;
}

gboolean
ferry_sync_scan_may_send (FerrySyncRun      *run,
                          FerrySyncEntity   *entity,
                          const FerryRecord *record,
                          FerryLedger       *ledger,
                          FerrySyncBatch    *batch)
{
  const GError *problem = ferry_record_get_problem (record);
  g_autofree char *waiting = NULL;

  if (problem != NULL)
    {
      ferry_sync_batch_add_held (batch, FERRY_SYNC_HELD_PROBLEM, ferry_record_get_key_text (record),
                                 "invalid-value", problem->message,
                                 "Correct the record in the accounting system; the next sync "
                                 "sends it.");
      return FALSE;
    }
  waiting = ferry_sync_parents_check (entity->parents, run->blocked, record, ledger);
  if (waiting != NULL)
    {
      ferry_sync_batch_add_held (batch, FERRY_SYNC_HELD_WAITING, ferry_record_get_key_text (record),
                                 NULL, waiting,
                                 "Fix the record it waits for; the first sync after that one "
                                 "goes through sends this one too.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
needs_send (const FerryRecord *record,
            gboolean           in_ledger,
            FerryLedgerState   state,
            const char        *ledger_hash)
{
  return !in_ledger || state != FERRY_LEDGER_STATE_SYNCED
         || g_strcmp0 (ferry_record_get_hash (record), ledger_hash) != 0;
}

/* Decides one record of the source; scan->stopped says when the receiver
 * wants no more. */
static void
consider (FerrySyncScan     *scan,
          const FerryRecord *record,
          gboolean           in_ledger,
          FerryLedgerState   state,
          const char        *ledger_hash)
{
  if (ferry_record_get_problem (record) == NULL
      && !needs_send (record, in_ledger, state, ledger_hash))
    scan->n_skipped++;
  else if (ferry_sync_scan_may_send (scan->run, scan->entity, record, scan->run->reader_ledger,
                                     scan->batch))
    ferry_sync_batch_add_upsert (scan->batch, record);

  if (++scan->unreported >= DONE_REPORT_EVERY)
    report_done (scan);
  flush (scan, FALSE);
}

/* Moves the walk to the first row at or after @key_text (NULL: the end).
 * With @delete_passed, the live rows passed on the way vanished from the
 * source and are added as deletions. */
static gboolean
ledger_seek (FerrySyncScan  *scan,
             LedgerWalk     *walk,
             const char     *key_text,
             gboolean        delete_passed,
             GError        **error)
{
  for (;;)
    {
      const char *current;
      GError *local_error = NULL;

      if (!walk->on_row)
        {
          if (walk->at_end)
            return TRUE;
          if (!ferry_ledger_cursor_next (walk->cursor, &local_error))
            {
              walk->at_end = TRUE;
              if (local_error == NULL)
                return TRUE;
              g_propagate_error (error, local_error);
              return FALSE;
            }
          walk->on_row = TRUE;
        }
      current = ferry_ledger_cursor_get_key_text (walk->cursor);
      if (key_text != NULL && strcmp (current, key_text) >= 0)
        return TRUE;
      if (delete_passed && ferry_ledger_cursor_get_state (walk->cursor) != FERRY_LEDGER_STATE_DELETED)
        {
          ferry_sync_batch_add_delete (scan->batch, current);
          if (!flush (scan, FALSE))
            return TRUE;
        }
      walk->on_row = FALSE;
    }
}

/* Whether the walk stands on @key_text; consumes that row. */
static gboolean
ledger_take (LedgerWalk *walk,
             const char *key_text)
{
  if (!walk->on_row || strcmp (ferry_ledger_cursor_get_key_text (walk->cursor), key_text) != 0)
    return FALSE;
  walk->on_row = FALSE;
  return TRUE;
}

static FerrySourceCursor *
open_records (FerrySyncScan  *scan,
              GCancellable   *cancellable,
              GError        **error)
{
  return ferry_source_open_cursor (scan->run->source, scan->entity->builder, scan->entity->since,
                                   cancellable, error);
}

/* Few records: one ledger lookup each. */
static gboolean
scan_with_lookups (FerrySyncScan  *scan,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(FerrySourceCursor) cursor = open_records (scan, cancellable, error);
  const char *entity_id = ferry_entity_type_get_id (scan->entity->type);
  FerryRecord *record;
  GError *local_error = NULL;

  if (cursor == NULL)
    return FALSE;
  while (!scan->stopped && ferry_source_cursor_next (cursor, &record, &local_error))
    {
      g_autoptr(FerryLedgerRecord) known = NULL;

      if (!ferry_ledger_lookup (scan->run->reader_ledger, entity_id,
                                ferry_record_get_key_text (record), &known, error))
        return FALSE;
      consider (scan, record, known != NULL, known ? known->state : FERRY_LEDGER_STATE_SYNCED,
                known ? known->hash : NULL);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* The source's records beside the ledger; with @delete_vanished (a deep
 * sync reading the whole table) ledger keys the source lacks are deleted. */
static gboolean
scan_with_walk (FerrySyncScan  *scan,
                gboolean        delete_vanished,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(FerrySourceCursor) cursor = open_records (scan, cancellable, error);
  LedgerWalk walk = { NULL, FALSE, FALSE };
  FerryRecord *record;
  GError *local_error = NULL;
  gboolean ok = FALSE;

  if (cursor == NULL)
    return FALSE;
  walk.cursor = ferry_ledger_iterate (scan->run->reader_ledger,
                                      ferry_entity_type_get_id (scan->entity->type),
                                      FERRY_LEDGER_FILTER_ALL);
  while (!scan->stopped && ferry_source_cursor_next (cursor, &record, &local_error))
    {
      const char *key_text = ferry_record_get_key_text (record);
      gboolean found;

      if (!ledger_seek (scan, &walk, key_text, delete_vanished, error))
        goto out;
      found = walk.on_row && strcmp (ferry_ledger_cursor_get_key_text (walk.cursor), key_text) == 0;
      consider (scan, record, found,
                found ? ferry_ledger_cursor_get_state (walk.cursor) : FERRY_LEDGER_STATE_SYNCED,
                found ? ferry_ledger_cursor_get_hash (walk.cursor) : NULL);
      ledger_take (&walk, key_text);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      goto out;
    }
  ok = scan->stopped || !delete_vanished || ledger_seek (scan, &walk, NULL, TRUE, error);

out:
  ferry_ledger_cursor_free (walk.cursor);
  return ok;
}

/* Every key of the table beside the ledger: the keys that vanished. */
static gboolean
scan_vanished (FerrySyncScan  *scan,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(FerrySourceCursor) keys = NULL;
  LedgerWalk walk = { NULL, FALSE, FALSE };
  FerryRecord *record;
  GError *local_error = NULL;
  gboolean ok = FALSE;

  keys = ferry_source_open_key_cursor (scan->run->source, scan->entity->type, cancellable, error);
  if (keys == NULL)
    return FALSE;
  walk.cursor = ferry_ledger_iterate (scan->run->reader_ledger,
                                      ferry_entity_type_get_id (scan->entity->type),
                                      FERRY_LEDGER_FILTER_ALL);
  while (!scan->stopped && ferry_source_cursor_next (keys, &record, &local_error))
    {
      if (!ledger_seek (scan, &walk, ferry_record_get_key_text (record), TRUE, error))
        goto out;
      ledger_take (&walk, ferry_record_get_key_text (record));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      goto out;
    }
  ok = scan->stopped || ledger_seek (scan, &walk, NULL, TRUE, error);

out:
  ferry_ledger_cursor_free (walk.cursor);
  return ok;
}

gboolean
ferry_sync_scan_run (FerrySyncScan  *scan,
                     GCancellable   *cancellable,
                     GError        **error)
{
  FerrySyncEntity *entity = scan->entity;
  gboolean deep = scan->run->deep;
  gboolean ok;

  if (entity->use_lookups && !deep)
    ok = scan_with_lookups (scan, cancellable, error);
  else
    ok = scan_with_walk (scan, deep && entity->since == NULL, cancellable, error);
  if (ok && deep && entity->since != NULL && !scan->stopped)
    ok = scan_vanished (scan, cancellable, error);
  if (ok)
    flush (scan, TRUE);
  report_done (scan);
  return ok;
}
