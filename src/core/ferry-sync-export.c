/* ferry-sync-export.c: the export pass, cloud work into the accounting database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After the push, each export type enabled in the mappings, in dependency
 * order: the feed a page at a time, each item written by the applier with
 * its (export id, version) marker, all or nothing, then the page's
 * acknowledgements. Items are committed in groups (a savepoint each inside
 * one transaction, ferry_export_applier_begin_group ()): on an accounting
 * database with a rollback journal and synchronous FULL a commit costs a few
 * disk flushes, so one per item would cap the pass at a few hundred items a
 * second. A group is short (GROUP_MAX_ITEMS, GROUP_MAX_US) because it keeps
 * the accounting database locked for writing. An item is acknowledged as
 * applied only after its group's commit; one the applier refuses (a missing reference, a conflict) is
 * acknowledged as failed with the same message, recorded in the run, and
 * comes back in the feed on the next sync. A crash or a lost answer
 * between the commit and the acknowledgement costs nothing: the item comes
 * back, its marker is there, and it is acknowledged without a second write.
 */
#define G_LOG_DOMAIN "ferry-sync-export"

#include "config.h"

#include <string.h>

#include "ferry-accounting-db.h"
#include "ferry-error.h"
#include "ferry-export-applier.h"
#include "ferry-sync-private.h"

/* A group of items committed together ends after this many items or this
 * long, whichever comes first. */
#define GROUP_MAX_ITEMS 250
#define GROUP_MAX_US    (200 * G_TIME_SPAN_MILLISECOND)

/* One page of the feed and what became of its items. */
typedef struct
{
  FerrySyncRun         *run;
  FerrySyncEntity      *entity;
  FerryCloudExportPage *page;     /* owned */
  GArray               *acks;     /* FerryCloudAcknowledgement, strings borrowed from page or kept */
  GArray               *problems; /* FerryLedgerProblem, likewise */
  GPtrArray            *kept;     /* owned strings the two above point into */
  FerryLedgerCounts     tally;
  guint                 redelivered; /* written by an earlier run, acknowledged now */
  guint                 page_number;
  /* The open group: applied, not committed yet. */
  gboolean              in_group;
  gint64                group_started_us;
  GArray               *pending;  /* FerryCloudAcknowledgement, like acks */
  FerryLedgerCounts     pending_tally;
  guint                 pending_redelivered;
} ExportPage;

static void
export_page_clear (ExportPage *page)
{
  g_clear_pointer (&page->page, ferry_cloud_export_page_free);
  g_clear_pointer (&page->acks, g_array_unref);
  g_clear_pointer (&page->pending, g_array_unref);
  g_clear_pointer (&page->problems, g_array_unref);
  g_clear_pointer (&page->kept, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExportPage, export_page_clear)

typedef struct
{
  gint64      after;
  guint       limit;
  const char *entity;
} FeedRequest;

static gpointer
call_get_feed (FerrySyncRun      *run,
               FerryCloudClient  *client,
               gpointer           data,
               GError           **error)
{
  FeedRequest *request = data;

  return ferry_cloud_client_get_export_feed (client, request->after, request->limit,
                                             request->entity, run->cancellable, error);
}

static gpointer
call_acknowledge (FerrySyncRun      *run,
                  FerryCloudClient  *client,
                  gpointer           data,
                  GError           **error)
{
  ExportPage *page = data;
  g_autofree char *key = g_strdup_printf ("ack-%s-%s-%u", run->nonce,
                                          ferry_entity_type_get_id (page->entity->type),
                                          page->page_number);

  return ferry_cloud_client_acknowledge (client, (FerryCloudAcknowledgement *) page->acks->data,
                                         page->acks->len, key, run->cancellable, error);
}

/* The ledger's code for an item the applier refused. */
static const char *
problem_code (const GError *error)
{
  if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_REFERENCE_MISSING))
    return "reference-missing";
  if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_CONFLICT))
    return "conflict";
  if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT))
    return "invalid";
  return NULL;
}

static const char *
keep (ExportPage *page,
      char       *text)
{
  g_ptr_array_add (page->kept, text);
  return text;
}

/* A JSON object the applier reads: {export_id, entity, version, fields}. */
static JsonObject *
item_object (const FerryCloudExportItem *item)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "export_id", item->export_id);
  json_object_set_string_member (object, "entity", item->entity);
  json_object_set_int_member (object, "version", item->version);
  json_object_set_object_member (object, "fields", json_object_ref (item->fields));
  return object;
}

/* Applies one item in the open group. FALSE with @error when the
 * accounting database itself failed (locked, full, …): the item is not the
 * problem, so it is neither acknowledged nor recorded as failed, and the
 * pass stops. */
static gboolean
apply_item (ExportPage                 *page,
            FerryExportApplier         *applier,
            const FerryCloudExportItem *item,
            GError                    **error)
{
  g_autoptr(JsonObject) object = item_object (item);
  g_autoptr(GError) local_error = NULL;
  FerryCloudAcknowledgement ack = { item->export_id, item->version, TRUE, NULL, NULL };
  FerryExportOutcome outcome;
  char *accounting_id = NULL;
  const char *code;

  if (ferry_export_applier_apply (applier, object, &outcome, &accounting_id, &local_error))
    {
      ack.accounting_id = keep (page, accounting_id);
      if (outcome == FERRY_EXPORT_APPLIED)
        page->pending_tally.exported++;
      else if (outcome == FERRY_EXPORT_UPDATED)
        page->pending_tally.export_updated++;
      else
        page->pending_redelivered++;
      g_array_append_val (page->pending, ack);
      return TRUE;
    }

  code = problem_code (local_error);
  if (code == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Export item %s was not written: ", item->export_id);
      return FALSE;
    }
  ack.applied = FALSE;
  ack.message = keep (page, g_strdup (local_error->message));
  g_array_append_val (page->acks, ack);
  g_array_append_vals (page->problems, &(FerryLedgerProblem) {
                         item->entity, item->export_id, code, ack.message, NULL }, 1);
  page->tally.export_failed++;
  g_info ("%s: %s", item->export_id, local_error->message);
  return TRUE;
}

/* Commits the open group: its items become acknowledgements to send. If the
 * commit fails none of them was written, and none is acknowledged. */
static gboolean
commit_group (ExportPage          *page,
              FerryExportApplier  *applier,
              GError             **error)
{
  gboolean committed;

  if (!page->in_group)
    return TRUE;
  page->in_group = FALSE;
  committed = ferry_export_applier_commit_group (applier, error);
  if (committed)
    {
      g_array_append_vals (page->acks, page->pending->data, page->pending->len);
      ferry_sync_counts_add (&page->tally, &page->pending_tally);
      page->redelivered += page->pending_redelivered;
    }
  g_array_set_size (page->pending, 0);
  memset (&page->pending_tally, 0, sizeof page->pending_tally);
  page->pending_redelivered = 0;
  return committed;
}

static gboolean
begin_group (ExportPage          *page,
             FerryExportApplier  *applier,
             GError             **error)
{
  if (page->in_group)
    return TRUE;
  if (!ferry_export_applier_begin_group (applier, error))
    return FALSE;
  page->in_group = TRUE;
  page->group_started_us = g_get_monotonic_time ();
  return TRUE;
}

static gboolean
group_is_full (ExportPage *page)
{
  return page->pending->len >= GROUP_MAX_ITEMS
         || g_get_monotonic_time () - page->group_started_us >= GROUP_MAX_US;
}

static void
report_ack_outcomes (ExportPage *page,
                     GArray     *outcomes)
{
  for (guint i = 0; i < outcomes->len; i++)
    {
      const FerryCloudAckOutcome *outcome = &g_array_index (outcomes, FerryCloudAckOutcome, i);

      if (outcome->result == FERRY_CLOUD_ACK_UNKNOWN)
        ferry_sync_run_note (page->run, "The cloud no longer knows export item %s (version %"
                             G_GINT64_FORMAT "); it was withdrawn after Ferry read it.",
                             outcome->export_id, outcome->version);
    }
}

/* The page's acknowledgements, failures and tallies. FALSE with @error when
 * the cloud did not take the acknowledgements (the items stay in its feed
 * and are acknowledged again, without a second write, on the next sync) or
 * the ledger could not record them. */
static gboolean
finish_page (ExportPage  *page,
             GError     **error)
{
  FerrySyncRun *run = page->run;
  FerryLedgerCounts recorded = page->tally;

  /* The failures are recorded with their own count; the rest now. */
  recorded.export_failed = 0;
  if (!ferry_ledger_record_export_failures (run->ledger, run->run_id,
                                            (FerryLedgerProblem *) page->problems->data,
                                            page->problems->len, error)
      || !ferry_ledger_add_to_run (run->ledger, run->run_id, &recorded, error))
    return FALSE;
  ferry_sync_progress_add_counts (run->progress, &page->tally);
  if (page->redelivered > 0)
    ferry_sync_run_note (run, "%u %s export item%s written by an earlier sync %s acknowledged now.",
                         page->redelivered, ferry_entity_type_get_label (page->entity->type),
                         page->redelivered == 1 ? "" : "s",
                         page->redelivered == 1 ? "was" : "were");

  if (page->acks->len > 0)
    {
      g_autoptr(GArray) outcomes = ferry_sync_call (run, run->client, call_acknowledge, page, error);

      if (outcomes == NULL)
        {
          g_prefix_error (error, "The cloud did not take the acknowledgements of %u export "
                          "item%s (they are in the accounting database and will be acknowledged "
                          "on the next sync, not written again): ", page->acks->len,
                          page->acks->len == 1 ? "" : "s");
          return FALSE;
        }
      report_ack_outcomes (page, outcomes);
    }
  return TRUE;
}

static void
fail_entity (FerrySyncRun    *run,
             FerrySyncEntity *entity,
             const GError    *reason)
{
  entity->status = FERRY_SYNC_ENTITY_FAILED;
  g_free (entity->failure);
  entity->failure = g_strdup (reason->message);
  if (run->entity_error == NULL)
    run->entity_error = g_error_copy (reason);
}

/* One page: read it, apply its items, acknowledge them. *@out_next is the
 * sequence to read after, or -1 at the end. FALSE only with a fatal error;
 * a failed type has its status set. */
static gboolean
export_page (FerrySyncRun       *run,
             FerrySyncEntity    *entity,
             FerryExportApplier *applier,
             gint64              after,
             guint               page_number,
             gint64             *out_next,
             GError            **error)
{
  g_auto(ExportPage) page = { run, entity, NULL, NULL, NULL, NULL, { 0, }, 0, page_number,
                              FALSE, 0, NULL, { 0, }, 0 };
  FeedRequest request = { after, run->batch_size, ferry_entity_type_get_id (entity->type) };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) db_error = NULL;
  guint applied = 0;

  *out_next = -1;
  page.page = ferry_sync_call (run, run->client, call_get_feed, &request, &local_error);
  if (page.page == NULL)
    {
      if (ferry_sync_error_is_fatal (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_prefix_error (&local_error, "Could not read the cloud’s export feed: ");
      fail_entity (run, entity, local_error);
      return TRUE;
    }
  page.acks = g_array_sized_new (FALSE, FALSE, sizeof (FerryCloudAcknowledgement), page.page->items->len);
  page.problems = g_array_new (FALSE, FALSE, sizeof (FerryLedgerProblem));
  page.kept = g_ptr_array_new_with_free_func (g_free);
  page.pending = g_array_new (FALSE, FALSE, sizeof (FerryCloudAcknowledgement));
  ferry_sync_progress_add_total (run->progress, page.page->items->len);

  for (guint i = 0; i < page.page->items->len; i++)
    {
      const FerryCloudExportItem *item = &g_array_index (page.page->items, FerryCloudExportItem, i);

      if (g_cancellable_is_cancelled (run->cancellable) || run->stopped)
        break;
      if (!begin_group (&page, applier, &db_error) || !apply_item (&page, applier, item, &db_error))
        break;
      applied++;
      if (page.tally.export_failed > 0 && run->stop_on_error)
        run->stopped = TRUE;
      if (group_is_full (&page) && !commit_group (&page, applier, &db_error))
        break;
    }
  /* What the group holds is kept even when the pass stops here. */
  if (!commit_group (&page, applier, db_error == NULL ? &db_error : NULL))
    g_info ("The last group of exports was not committed");
  ferry_sync_progress_add_done (run->progress, applied);

  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE; /* what was written is acknowledged on the next sync */
  if (!finish_page (&page, &local_error))
    {
      if (ferry_sync_error_is_fatal (local_error) || local_error->domain == FERRY_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      fail_entity (run, entity, local_error);
      return TRUE;
    }
  if (db_error != NULL)
    {
      fail_entity (run, entity, db_error);
      return TRUE;
    }
  if (!run->stopped)
    *out_next = page.page->next_after;
  return TRUE;
}

static gboolean
export_entity (FerrySyncRun       *run,
               FerrySyncEntity    *entity,
               FerryExportApplier *applier,
               GError            **error)
{
  gint64 after = 0;

  ferry_sync_progress_set_entity (run->progress, entity->type);
  for (guint page_number = 1; after >= 0 && entity->status == FERRY_SYNC_ENTITY_PENDING; page_number++)
    {
      if (!export_page (run, entity, applier, after, page_number, &after, error))
        return FALSE;
    }
  if (entity->status == FERRY_SYNC_ENTITY_PENDING)
    entity->status = FERRY_SYNC_ENTITY_DONE;
  /* The run fails for it; when no later type is skipped, this is what
   * says why. */
  if (run->stopped && entity->failure == NULL)
    entity->failure = g_strdup ("stopped at its first item that could not be written; the items "
                                "after it wait for the next sync");
  return TRUE;
}

static FerryExportApplier *
open_applier (FerrySyncRun  *run,
              GError       **error)
{
  const char *location = ferry_connection_get_location (run->connection);
  g_autoptr(FerryAccountingDb) db = NULL;

  db = ferry_accounting_db_open (location, FERRY_ACCOUNTING_DB_READ_WRITE, error);
  if (db == NULL)
    {
      g_prefix_error (error, "Could not open the accounting database of “%s” to write the "
                      "cloud’s exports: ", ferry_connection_get_name (run->connection));
      return NULL;
    }
  return ferry_export_applier_new (db, run->catalog, error);
}

gboolean
ferry_sync_export (FerrySyncRun  *run,
                   GError       **error)
{
  g_autoptr(FerryExportApplier) applier = NULL;
  g_autoptr(GError) local_error = NULL;

  if (run->exports->len == 0)
    return TRUE;
  ferry_sync_progress_set_phase (run->progress, FERRY_SYNC_PHASE_EXPORTING);
  applier = open_applier (run, &local_error);
  for (guint i = 0; i < run->exports->len; i++)
    {
      FerrySyncEntity *entity = g_ptr_array_index (run->exports, i);
      FerrySyncEntity *failed = ferry_sync_failed_dependency (run->exports, entity, run->catalog);

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (applier == NULL)
        fail_entity (run, entity, local_error);
      else if (run->stopped || failed != NULL)
        {
          entity->status = FERRY_SYNC_ENTITY_SKIPPED;
          entity->failure = failed != NULL
            ? g_strdup_printf ("not exported, as it depends on %s",
                               ferry_entity_type_get_label (failed->type))
            : g_strdup ("not exported: the run stopped at the first failure");
        }
      else if (!export_entity (run, entity, applier, error))
        return FALSE;
    }
  return TRUE;
}
