/* ferry-sync-entity.c: one entity type's push, reading overlapped with sending
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reader thread runs the scan (ferry-sync-scan.c): it reads and hashes
 * records and builds batch bodies into a queue of at most
 * FERRY_SYNC_QUEUE_LENGTH batches, while two senders (the worker thread
 * and, for a type of more than one batch, a second thread with its own
 * cloud client) each take the oldest one, send it and write its answer
 * into the ledger. So the network never waits for the source,
 * the cloud reads one batch while it stores the other, one sender writes
 * the ledger while the other waits for its answer, and memory stays a few
 * batches whatever the table size.
 *
 * Batches of one type do not depend on each other (parents are of earlier
 * types), so their order does not matter; each keeps its own idempotency
 * key and is written into the ledger in its own transaction after its own
 * answer (ferry-sync-send.c). The queue ends with the entity type: its
 * answers decide which of the next type's records wait for a rejected
 * parent.
 */
#define G_LOG_DOMAIN "ferry-sync-entity"

#include "config.h"

#include "ferry-sync-private.h"

/* A bounded queue of batches between the reader and the worker. */
typedef struct
{
  GMutex   lock;
  GCond    changed;
  GQueue   batches;  /* of FerrySyncBatch, owned; guarded by lock */
  gboolean finished; /* the reader is done; guarded by lock */
  gboolean closed;   /* the worker stopped taking (error, cancel); guarded by lock */
} Queue;

typedef struct
{
  FerrySyncRun    *run;         /* borrowed */
  FerrySyncEntity *entity;      /* borrowed */
  FerrySyncScan   *scan;        /* owned */
  Queue            queue;
  GCancellable    *cancellable; /* owned: the run's, or one of our own */
  GError          *error;       /* owned, nullable: the reader's */
} Pass;

static void
queue_init (Queue *queue)
{
  g_mutex_init (&queue->lock);
  g_cond_init (&queue->changed);
  g_queue_init (&queue->batches);
}

static void
queue_clear (Queue *queue)
{
  g_queue_clear_full (&queue->batches, (GDestroyNotify) ferry_sync_batch_free);
  g_cond_clear (&queue->changed);
  g_mutex_clear (&queue->lock);
}

/* The reader's end: waits while the queue is full. FALSE (and @batch
 * freed) once the worker takes no more. */
static gboolean
queue_push (FerrySyncBatch *batch,
            gpointer        user_data)
{
  Queue *queue = &((Pass *) user_data)->queue;
  gboolean taken;

  g_mutex_lock (&queue->lock);
  while (!queue->closed && g_queue_get_length (&queue->batches) >= FERRY_SYNC_QUEUE_LENGTH)
    g_cond_wait (&queue->changed, &queue->lock);
  taken = !queue->closed;
  if (taken)
    g_queue_push_tail (&queue->batches, batch);
  g_cond_broadcast (&queue->changed);
  g_mutex_unlock (&queue->lock);

  if (!taken)
    ferry_sync_batch_free (batch);
  return taken;
}

/* The worker's end: NULL when the reader is done, or the queue closed. */
static FerrySyncBatch *
queue_pop (Queue *queue)
{
  FerrySyncBatch *batch = NULL;

  g_mutex_lock (&queue->lock);
  while (!queue->closed && !queue->finished && g_queue_is_empty (&queue->batches))
    g_cond_wait (&queue->changed, &queue->lock);
  if (!queue->closed)
    batch = g_queue_pop_head (&queue->batches);
  g_cond_broadcast (&queue->changed);
  g_mutex_unlock (&queue->lock);
  return batch;
}

static void
queue_end (Queue    *queue,
           gboolean  close)
{
  g_mutex_lock (&queue->lock);
  if (close)
    queue->closed = TRUE;
  else
    queue->finished = TRUE;
  g_cond_broadcast (&queue->changed);
  g_mutex_unlock (&queue->lock);
}

static void
cancelled_cb (GCancellable *cancellable,
              Pass         *pass)
{
  queue_end (&pass->queue, TRUE);
}

static gpointer
reader_thread (gpointer data)
{
  Pass *pass = data;

  ferry_sync_scan_run (pass->scan, pass->cancellable, &pass->error);
  queue_end (&pass->queue, FALSE);
  return NULL;
}

/* One sender's loop: sends what the reader queues until it is done.
 * FALSE with a fatal error, or when the entity type failed; then the queue
 * is closed, so that the reader and the other sender stop too. */
static gboolean
consume (Pass              *pass,
         FerryCloudClient  *client,
         GError           **error)
{
  FerrySyncBatch *batch;

  while ((batch = queue_pop (&pass->queue)) != NULL)
    {
      g_autoptr(FerrySyncBatch) owned = batch;

      if (g_cancellable_set_error_if_cancelled (pass->run->cancellable, error)
          || !ferry_sync_send_batch (pass->run, client, pass->entity, batch, error))
        {
          queue_end (&pass->queue, TRUE);
          return FALSE;
        }
      if (ferry_sync_run_is_stopped (pass->run))
        {
          queue_end (&pass->queue, TRUE);
          break;
        }
    }
  return !g_cancellable_set_error_if_cancelled (pass->run->cancellable, error);
}

/* The second sender, on its own thread. */
typedef struct
{
  Pass             *pass;   /* borrowed */
  FerryCloudClient *client; /* borrowed */
  gboolean          sent;
  GError           *error;  /* owned, nullable */
} Sender;

static gpointer
sender_thread (gpointer data)
{
  Sender *sender = data;

  sender->sent = consume (sender->pass, sender->client, &sender->error);
  return NULL;
}

/* A second sender when the type has more than a batch to send; NULL when
 * one is enough. */
static GThread *
start_second_sender (Pass   *pass,
                     Sender *sender)
{
  FerrySyncRun *run = pass->run;

  if (run->dry_run || pass->entity->count <= (gint64) run->batch_size)
    return NULL;
  if (run->second_client == NULL)
    run->second_client = ferry_cloud_client_dup (run->client);
  sender->pass = pass;
  sender->client = run->second_client;
  return g_thread_new ("ferry-sync-send", sender_thread, sender);
}

/* Runs the senders until the queue ends; the first fatal error wins. */
static gboolean
send_all (Pass    *pass,
          GError **error)
{
  Sender second = { NULL, };
  g_autoptr(GError) local_error = NULL;
  GThread *thread = start_second_sender (pass, &second);
  gboolean sent = consume (pass, pass->run->client, &local_error);

  if (thread != NULL)
    {
      g_thread_join (thread);
      sent = sent && second.sent;
      if (local_error == NULL)
        local_error = g_steal_pointer (&second.error);
      g_clear_error (&second.error);
    }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return sent;
}

/* Adds the records found unchanged to the run's tallies. */
static gboolean
count_skipped (FerrySyncRun  *run,
               guint          n_skipped,
               GError       **error)
{
  FerryLedgerCounts delta = { 0, };

  delta.skipped = n_skipped;
  ferry_sync_progress_add_counts (run->progress, &delta);
  return run->dry_run || n_skipped == 0
         || ferry_ledger_add_to_run (run->ledger, run->run_id, &delta, error);
}

gboolean
ferry_sync_entity_push (FerrySyncRun     *run,
                        FerrySyncEntity  *entity,
                        GError          **error)
{
  Pass pass = { run, entity, NULL, };
  g_autoptr(GError) local_error = NULL;
  GThread *reader;
  gulong handler = 0;
  gboolean sent;

  queue_init (&pass.queue);
  pass.cancellable = run->cancellable != NULL ? g_object_ref (run->cancellable)
                                              : g_cancellable_new ();
  handler = g_cancellable_connect (pass.cancellable, G_CALLBACK (cancelled_cb), &pass, NULL);
  pass.scan = ferry_sync_scan_new (run, entity, queue_push, &pass);

  reader = g_thread_new ("ferry-sync-scan", reader_thread, &pass);
  sent = send_all (&pass, &local_error);
  /* Whatever happened, the reader must stop before the pass ends. */
  queue_end (&pass.queue, TRUE);
  g_thread_join (reader);
  g_cancellable_disconnect (pass.cancellable, handler);

  if (sent && pass.error != NULL)
    {
      g_propagate_prefixed_error (&local_error, g_steal_pointer (&pass.error),
                                  "Could not read %s: ", ferry_entity_type_get_label (entity->type));
      sent = FALSE;
    }
  if (!count_skipped (run, ferry_sync_scan_get_n_skipped (pass.scan), sent ? &local_error : NULL))
    sent = FALSE;

  g_clear_error (&pass.error);
  ferry_sync_scan_free (pass.scan);
  queue_clear (&pass.queue);
  g_object_unref (pass.cancellable);

  if (!sent && local_error == NULL)
    return TRUE;  /* the entity type failed; the run goes on */
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (entity->status == FERRY_SYNC_ENTITY_PENDING)
    entity->status = FERRY_SYNC_ENTITY_DONE;
  /* Read in full with these mappings: later shallow scans may narrow. */
  if (entity->status == FERRY_SYNC_ENTITY_DONE && !run->dry_run && entity->since == NULL
      && !ferry_ledger_set_mapping (run->ledger, ferry_entity_type_get_id (entity->type),
                                    entity->mapping, error))
    return FALSE;
  return TRUE;
}
