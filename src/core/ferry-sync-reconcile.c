/* ferry-sync-reconcile.c: after a deep push, does the cloud hold what the ledger says?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each entity type pushed, the cloud's summary (count and digest of
 * its live records, docs/cloud-api.md "Read back") is compared with the
 * same computed over the ledger's records that have a hash: the ones the
 * cloud acknowledged holding. Equal digests end it there.
 *
 * When they differ (someone changed records in the cloud, the ledger was
 * restored from a backup, a send was stored but its answer lost), the
 * cloud's records (keys and hashes, without fields), the ledger and the
 * whole source table are walked side by side in key-text order. Wherever
 * the cloud and the ledger disagree, the source decides: its record is
 * sent again, or the key is deleted when the source no longer has it.
 * The cloud answers "unchanged" where it already held that version, which
 * brings the ledger in line. What cannot be repaired (rejected, or
 * unreadable in the source) is recorded as usual and named in the run's
 * message; a second comparison says whether the repair worked.
 */
#define G_LOG_DOMAIN "ferry-sync-reconcile"

#include "config.h"

#include <string.h>

#include "ferry-record-key.h"
#include "ferry-sha256.h"
#include "ferry-sync-private.h"

/* Records per page read back from the cloud. */
#define CLOUD_PAGE_SIZE 1000

typedef struct
{
  gint64 count;
  char   digest[FERRY_SHA256_HEX_SIZE];
} Summary;

/* The ledger's view of the cloud, as the cloud computes its digest. */
static gboolean
summarize_ledger (FerrySyncRun     *run,
                  FerryEntityType  *type,
                  Summary          *out,
                  GError          **error)
{
  g_autoptr(FerryLedgerCursor) cursor = ferry_ledger_iterate (run->ledger,
                                                              ferry_entity_type_get_id (type),
                                                              FERRY_LEDGER_FILTER_ALL);
  FerrySha256 sha;
  GError *local_error = NULL;

  ferry_sha256_init (&sha);
  out->count = 0;
  while (ferry_ledger_cursor_next (cursor, &local_error))
    {
      const char *key_text = ferry_ledger_cursor_get_key_text (cursor);
      const char *hash = ferry_ledger_cursor_get_hash (cursor);

      if (hash == NULL)
        continue;
      out->count++;
      ferry_record_digest_update (&sha, key_text, hash);
    }
  ferry_sha256_finish_hex (&sha, out->digest);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gpointer
call_summary (FerrySyncRun      *run,
              FerryCloudClient  *client,
              gpointer           data,
              GError           **error)
{
  return ferry_cloud_client_get_summary (client, data, run->cancellable, error);
}

typedef struct
{
  const char *entity_id;
  const char *after;
} PageCall;

static gpointer
call_page (FerrySyncRun      *run,
           FerryCloudClient  *client,
           gpointer           data,
           GError           **error)
{
  PageCall *call = data;

  return ferry_cloud_client_list_records (client, call->entity_id, call->after,
                                          CLOUD_PAGE_SIZE, 0, run->cancellable, error);
}

/* The three streams of a repair, each positioned on its next key. */
typedef struct
{
  FerrySyncRun         *run;          /* borrowed */
  FerrySyncEntity      *entity;       /* borrowed */
  FerryCloudRecordPage *page;         /* owned, nullable at the end */
  guint                 in_page;
  FerryLedgerCursor    *ledger;       /* owned */
  gboolean              ledger_on;
  FerrySourceCursor    *source;       /* owned */
  FerryRecord          *record;       /* borrowed from source, nullable at the end */
  FerrySyncBatch       *batch;        /* owned */
  guint                 differences;
  gboolean              failed;       /* a repair batch could not be sent */
} Repair;

static const FerryCloudRecord *
cloud_head (Repair *repair)
{
  if (repair->page == NULL || repair->in_page >= repair->page->records->len)
    return NULL;
  return &g_array_index (repair->page->records, FerryCloudRecord, repair->in_page);
}

static gboolean
cloud_advance (Repair  *repair,
               GError **error)
{
  PageCall call = { ferry_entity_type_get_id (repair->entity->type), NULL };
  FerryCloudRecordPage *next;

  if (repair->page != NULL && ++repair->in_page < repair->page->records->len)
    return TRUE;
  if (repair->page != NULL && repair->page->next == NULL)
    {
      g_clear_pointer (&repair->page, ferry_cloud_record_page_free);
      return TRUE;
    }
  call.after = repair->page != NULL ? repair->page->next : NULL;
  next = ferry_sync_call (repair->run, repair->run->client, call_page, &call, error);
  g_clear_pointer (&repair->page, ferry_cloud_record_page_free);
  repair->page = next;
  repair->in_page = 0;
  return next != NULL;
}

static gboolean
ledger_advance (Repair  *repair,
                GError **error)
{
  GError *local_error = NULL;

  repair->ledger_on = ferry_ledger_cursor_next (repair->ledger, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
source_advance (Repair  *repair,
                GError **error)
{
  GError *local_error = NULL;

  if (!ferry_source_cursor_next (repair->source, &repair->record, &local_error))
    repair->record = NULL;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Sends the repairs gathered so far when there are enough (or @force). */
static gboolean
repair_flush (Repair    *repair,
              gboolean   force,
              GError   **error)
{
  FerrySyncRun *run = repair->run;
  guint n = ferry_sync_batch_get_n_records (repair->batch) + ferry_sync_batch_get_n_held (repair->batch);
  g_autoptr(FerrySyncBatch) batch = NULL;

  if (n == 0 || (!force && n < run->batch_size))
    return TRUE;
  batch = g_steal_pointer (&repair->batch);
  repair->batch = ferry_sync_batch_new (ferry_entity_type_get_id (repair->entity->type));
  if (ferry_sync_send_batch (run, run->client, repair->entity, batch, error))
    return TRUE;
  repair->failed = TRUE;
  return error == NULL || *error == NULL;
}

/* One key where the streams stand: repairs it if the cloud and the
 * ledger disagree. */
static void
repair_key (Repair                 *repair,
            const char             *key_text,
            const FerryCloudRecord *cloud,
            const char             *ledger_hash,
            const FerryRecord      *record)
{
  const char *cloud_hash = cloud != NULL ? cloud->hash : NULL;

  if (g_strcmp0 (cloud_hash, ledger_hash) == 0)
    return;
  repair->differences++;
  if (record == NULL)
    ferry_sync_batch_add_delete (repair->batch, key_text);
  else if (ferry_sync_scan_may_send (repair->run, repair->entity, record, repair->run->ledger,
                                     repair->batch))
    ferry_sync_batch_add_upsert (repair->batch, record);
}

static const char *
min_key (const char *a,
         const char *b)
{
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;
  return strcmp (a, b) <= 0 ? a : b;
}

static gboolean
repair_walk (Repair  *repair,
             GError **error)
{
  while (!repair->failed && !repair->run->stopped)
    {
      const FerryCloudRecord *cloud = cloud_head (repair);
      const char *ledger_key = repair->ledger_on ? ferry_ledger_cursor_get_key_text (repair->ledger) : NULL;
      const char *source_key = repair->record ? ferry_record_get_key_text (repair->record) : NULL;
      g_autofree char *key = g_strdup (min_key (min_key (cloud ? cloud->key_text : NULL, ledger_key),
                                                source_key));
      gboolean at_cloud, at_ledger, at_source;

      if (key == NULL)
        break;
      at_cloud = cloud != NULL && strcmp (cloud->key_text, key) == 0;
      at_ledger = ledger_key != NULL && strcmp (ledger_key, key) == 0;
      at_source = source_key != NULL && strcmp (source_key, key) == 0;
      repair_key (repair, key, at_cloud ? cloud : NULL,
                  at_ledger ? ferry_ledger_cursor_get_hash (repair->ledger) : NULL,
                  at_source ? repair->record : NULL);

      if ((at_cloud && !cloud_advance (repair, error))
          || (at_ledger && !ledger_advance (repair, error))
          || (at_source && !source_advance (repair, error))
          || !repair_flush (repair, FALSE, error))
        return FALSE;
    }
  return repair_flush (repair, TRUE, error);
}

/* Walks the cloud, the ledger and the source; returns the number of keys
 * that differed, or -1 on a fatal error. */
static gint64
repair_entity (FerrySyncRun     *run,
               FerrySyncEntity  *entity,
               GError          **error)
{
  Repair repair = { run, entity, };
  gboolean ok;

  repair.ledger = ferry_ledger_iterate (run->ledger, ferry_entity_type_get_id (entity->type),
                                        FERRY_LEDGER_FILTER_ALL);
  repair.source = ferry_source_open_cursor (run->source, entity->builder, NULL, run->cancellable,
                                            error);
  repair.batch = ferry_sync_batch_new (ferry_entity_type_get_id (entity->type));
  ok = repair.source != NULL && cloud_advance (&repair, error) && ledger_advance (&repair, error)
       && source_advance (&repair, error) && repair_walk (&repair, error);

  g_clear_pointer (&repair.page, ferry_cloud_record_page_free);
  ferry_ledger_cursor_free (repair.ledger);
  g_clear_object (&repair.source);
  ferry_sync_batch_free (repair.batch);
  if (!ok && ferry_sync_error_is_fatal (error ? *error : NULL))
    return -1;
  if (!ok && error != NULL && *error != NULL)
    {
      /* The cloud would not list its records: reported, not fatal. */
      ferry_sync_run_note (run, "%s: could not compare with the cloud: %s",
                           ferry_entity_type_get_label (entity->type), (*error)->message);
      g_clear_error (error);
    }
  return repair.differences;
}

/* The cloud's summary of an entity type, asked for on a thread of its own
 * with the second client while the worker sums up the ledger: each side
 * reads every record of the type, so they take turns otherwise. */
typedef struct
{
  FerrySyncRun      *run;       /* borrowed */
  const char        *entity_id; /* borrowed */
  FerryCloudSummary *summary;   /* owned, nullable */
  GError            *error;     /* owned, nullable */
} CloudSummary;

static gpointer
cloud_summary_thread (gpointer data)
{
  CloudSummary *call = data;

  call->summary = ferry_sync_call (call->run, call->run->second_client, call_summary,
                                   (gpointer) call->entity_id, &call->error);
  return NULL;
}

/* Compares; FALSE with @error on a fatal error, else *@out_equal. */
static gboolean
compare (FerrySyncRun     *run,
         FerrySyncEntity  *entity,
         gboolean         *out_equal,
         char            **out_description,
         GError          **error)
{
  CloudSummary call = { run, ferry_entity_type_get_id (entity->type), NULL, NULL };
  g_autoptr(FerryCloudSummary) cloud = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) ledger_error = NULL;
  GThread *thread;
  Summary ledger;
  gboolean summed;

  if (run->second_client == NULL)
    run->second_client = ferry_cloud_client_dup (run->client);
  thread = g_thread_new ("ferry-sync-summary", cloud_summary_thread, &call);
  summed = summarize_ledger (run, entity->type, &ledger, &ledger_error);
  g_thread_join (thread);
  cloud = g_steal_pointer (&call.summary);
  local_error = g_steal_pointer (&call.error);

  if (cloud == NULL && ferry_sync_error_is_fatal (local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!summed)
    {
      g_propagate_error (error, g_steal_pointer (&ledger_error));
      return FALSE;
    }
  if (cloud == NULL)
    {
      ferry_sync_run_note (run, "%s: could not compare with the cloud: %s",
                           ferry_entity_type_get_label (entity->type), local_error->message);
      *out_equal = TRUE;
      *out_description = NULL;
      return TRUE;
    }
  *out_equal = cloud->count == ledger.count && g_strcmp0 (cloud->digest, ledger.digest) == 0;
  *out_description = g_strdup_printf ("the cloud holds %" G_GINT64_FORMAT " records, the ledger "
                                      "counts %" G_GINT64_FORMAT "%s", cloud->count, ledger.count,
                                      cloud->count == ledger.count ? " with other contents" : "");
  return TRUE;
}

static gboolean
reconcile_entity (FerrySyncRun     *run,
                  FerrySyncEntity  *entity,
                  GError          **error)
{
  const char *label = ferry_entity_type_get_label (entity->type);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gboolean equal;
  gint64 differences;

  ferry_sync_progress_set_entity (run->progress, entity->type);
  if (!compare (run, entity, &equal, &before, error))
    return FALSE;
  if (equal)
    return TRUE;

  g_info ("%s differs from the cloud (%s); repairing", label, before);
  differences = repair_entity (run, entity, error);
  if (differences < 0)
    return FALSE;
  if (!compare (run, entity, &equal, &after, error))
    return FALSE;
  if (equal)
    ferry_sync_run_note (run, "%s: %s; %" G_GINT64_FORMAT " records repaired.", label, before,
                         differences);
  else
    {
      run->differs = TRUE;
      ferry_sync_run_note (run, "%s: %s; after repairing %" G_GINT64_FORMAT " records %s. "
                         "See the run's errors for the records that could not be repaired.",
                         label, before, differences, after);
    }
  return TRUE;
}

gboolean
ferry_sync_reconcile (FerrySyncRun  *run,
                      GError       **error)
{
  ferry_sync_progress_set_phase (run->progress, FERRY_SYNC_PHASE_RECONCILING);
  for (guint i = 0; i < run->entities->len && !run->stopped; i++)
    {
      FerrySyncEntity *entity = g_ptr_array_index (run->entities, i);

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (entity->status == FERRY_SYNC_ENTITY_DONE && !reconcile_entity (run, entity, error))
        return FALSE;
    }
  return TRUE;
}
