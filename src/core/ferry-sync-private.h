/* ferry-sync-private.h: the sync engine's parts, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run of the engine (FerrySyncRun) lives on the job's worker thread:
 *
 *   ferry-sync-run.c        prepares (plan, run lock, ledger, log in,
 *                           counts), pushes each entity type, finishes
 *   ferry-sync-entity.c     one entity type's push: a reader thread
 *                           (ferry-sync-scan.c) fills a small queue of
 *                           batches while the worker and a second
 *                           sender thread send them
 *   ferry-sync-scan.c       what to send: the source merged with the ledger
 *   ferry-sync-send.c       a batch to the cloud (retries, splitting) and
 *                           its answer into the ledger
 *   ferry-sync-reconcile.c  deep syncs: the cloud's summaries against the
 *                           ledger, and repairs
 *   ferry-sync-export.c     the export pass: the cloud's export feed into
 *                           the accounting database
 *
 * docs/architecture.md, "Sync engine", tells the story.
 */
#pragma once

#include "ferry-cloud-client.h"
#include "ferry-connection.h"
#include "ferry-ledger.h"
#include "ferry-record.h"
#include "ferry-run-lock.h"
#include "ferry-source.h"
#include "ferry-sync-batch.h"
#include "ferry-sync-options.h"
#include "ferry-sync-parents.h"
#include "ferry-sync-progress.h"
#include "ferry-sync-result.h"

G_BEGIN_DECLS

/* A shallow scan narrowed to recent changes starts this long before the
 * run that last finished the entity type began, for clocks that differ
 * and transactions that committed late. */
#define FERRY_SYNC_OVERLAP_US (10 * G_TIME_SPAN_MINUTE)
/* Up to this many records, a scan looks each one up in the ledger;
 * beyond, it walks the ledger beside the source. */
#define FERRY_SYNC_LOOKUP_MAX 20000
/* Batches read ahead of the ones being sent (two at a time,
 * ferry-sync-entity.c). */
#define FERRY_SYNC_QUEUE_LENGTH 3

typedef enum
{
  FERRY_SYNC_ENTITY_PENDING,
  FERRY_SYNC_ENTITY_DONE,
  FERRY_SYNC_ENTITY_FAILED,  /* a batch could not be sent */
  FERRY_SYNC_ENTITY_SKIPPED, /* a type it depends on failed */
} FerrySyncEntityStatus;

/* One entity type of the run. */
typedef struct
{
  FerryEntityType       *type;        /* borrowed from the catalog */
  FerryRecordBuilder    *builder;     /* owned: the mappings' fields */
  FerrySyncParents      *parents;     /* owned */
  GDateTime             *since;       /* owned, nullable: where the scan starts */
  gint64                 count;       /* records the scan reads */
  gboolean               use_lookups; /* few records: look each up in the ledger */
  FerrySyncEntityStatus  status;
  char                  *failure;     /* owned, nullable: why it failed or was skipped */
  char                  *mapping;     /* owned: the switched-off fields, as text */
  GHashTable            *off_references; /* owned, nullable: field name → the hint for a
                                          * reference to a type the mappings leave out */
} FerrySyncEntity;

void ferry_sync_entity_free (FerrySyncEntity *entity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySyncEntity, ferry_sync_entity_free)

typedef struct
{
  /* Set before the run; read-only afterwards. */
  FerryConnection   *connection;    /* owned: the job's own copy */
  FerryCatalog      *catalog;       /* borrowed from connection */
  FerrySyncOptions  *options;       /* owned */
  char              *ledger_path;   /* owned */
  char              *password;      /* owned, nullable, wiped when freed */
  gboolean           lookup_password; /* none given: ask the Secret Service once the run is recorded */
  char              *program;       /* owned: who holds the run lock */
  FerrySyncProgress *progress;      /* borrowed */
  GCancellable      *cancellable;   /* borrowed, nullable */
  gboolean           deep;
  gboolean           dry_run;
  gboolean           stop_on_error; /* the options' or the connection's */
  guint              batch_size;

  /* The worker's. While an entity type is pushed, its senders (the worker
   * and a second thread, ferry-sync-entity.c) share what send_lock guards. */
  FerryLedger       *ledger;        /* owned: written by the senders, under send_lock */
  FerryLedger       *reader_ledger; /* owned: read by the scan thread */
  FerryRunLock      *lock;          /* owned */
  FerrySource       *source;        /* owned: used by one thread at a time */
  FerryCloudClient  *client;        /* owned, NULL in a dry run: the worker's */
  FerryCloudClient  *second_client; /* owned, nullable: the second sender's */
  GMutex             send_lock;
  FerrySyncBlocked  *blocked;       /* owned; the pushed type's set under send_lock */
  GPtrArray         *entities;      /* owned, of FerrySyncEntity: the push types, in run order */
  GPtrArray         *exports;       /* owned, of FerrySyncEntity: the export types, in run order */
  gint64             run_id;        /* 0 in a dry run */
  char              *nonce;         /* owned: makes idempotency keys unique */
  guint              batch_number;  /* under send_lock */
  guint              retries;       /* under send_lock */
  gboolean           stopped;       /* under send_lock; stop on error: a record was rejected
                                     * or an export item failed */
  gboolean           differs;       /* deep: the cloud still differs after repairing */
  GError            *entity_error;  /* owned, nullable, under send_lock: why the first
                                     * entity type failed */
  GString           *notes;         /* owned: for the run's message */
} FerrySyncRun;

/* ferry-sync-run.c */
FerrySyncRun *ferry_sync_run_new        (FerryConnection   *connection,
                                         FerrySyncOptions  *options,
                                         const char        *ledger_path,
                                         const char        *password,
                                         const char        *program,
                                         FerrySyncProgress *progress);
void          ferry_sync_run_free       (FerrySyncRun      *run);
/* Runs it all; @out_result is filled whatever happens. */
gboolean      ferry_sync_run_execute    (FerrySyncRun      *run,
                                         GCancellable      *cancellable,
                                         FerrySyncResult   *out_result,
                                         GError           **error);
void          ferry_sync_run_note       (FerrySyncRun      *run,
                                         const char        *format,
                                         ...) G_GNUC_PRINTF (2, 3);
/* The failed or skipped entity type of @entities, before @entity, that
 * @entity depends on; or NULL. */
FerrySyncEntity *ferry_sync_failed_dependency (GPtrArray       *entities,
                                               FerrySyncEntity *entity,
                                               FerryCatalog    *catalog);

/* ferry-sync-send.c */
/* Whether @error ends the whole run (log in, permission, TLS, the ledger,
 * cancellation) rather than one entity type. */
gboolean      ferry_sync_error_is_fatal (const GError      *error);
/* Logs in with the run's password, retrying what is worth it, and checks
 * the user may sync the connection's company. */
gboolean      ferry_sync_login          (FerrySyncRun      *run,
                                         GError           **error);
typedef gpointer (*FerrySyncCallFunc)   (FerrySyncRun      *run,
                                         FerryCloudClient  *client,
                                         gpointer           data,
                                         GError           **error);
/* Calls @func with @client until it succeeds, backing off after retryable
 * failures (ferry_cloud_retry_delay ()), logging @client in again once
 * after an expired token; cancellable while it waits. */
gpointer      ferry_sync_call           (FerrySyncRun      *run,
                                         FerryCloudClient  *client,
                                         FerrySyncCallFunc  func,
                                         gpointer           data,
                                         GError           **error);
/* Sends @batch with @client (splitting it if the cloud finds it too
 * large), writes the answer and the held records into the ledger and
 * updates the blocked keys and the counts, under send_lock: two threads
 * may send batches of one entity type at once. In a dry run, only counts.
 * FALSE with the entity type marked failed and its records recorded as
 * failed when the batch could not be sent; FALSE with a fatal error when
 * the run must stop. */
gboolean      ferry_sync_send_batch     (FerrySyncRun      *run,
                                         FerryCloudClient  *client,
                                         FerrySyncEntity   *entity,
                                         FerrySyncBatch    *batch,
                                         GError           **error);
/* run->stopped, under send_lock. */
gboolean      ferry_sync_run_is_stopped (FerrySyncRun      *run);

/* ferry-sync-scan.c */
typedef struct _FerrySyncScan FerrySyncScan;
typedef gboolean (*FerrySyncScanEmit) (FerrySyncBatch *batch, /* transfer full */
                                       gpointer        user_data);
/* A reader of one entity type that emits batches through @emit until
 * done, @emit returns FALSE, or it is cancelled. Runs on any one thread;
 * reads the run's source and reader ledger and the parents' blocked keys. */
FerrySyncScan *ferry_sync_scan_new      (FerrySyncRun      *run,
                                         FerrySyncEntity   *entity,
                                         FerrySyncScanEmit  emit,
                                         gpointer           user_data);
void           ferry_sync_scan_free     (FerrySyncScan     *scan);
gboolean       ferry_sync_scan_run      (FerrySyncScan     *scan,
                                         GCancellable      *cancellable,
                                         GError           **error);
/* Records read and found unchanged, for the ledger's tally. */
guint          ferry_sync_scan_get_n_skipped (FerrySyncScan *scan);
/* The check every record to send goes through: FALSE when it waits for a
 * parent or has a problem, after adding it to @batch as held. */
gboolean       ferry_sync_scan_may_send (FerrySyncRun      *run,
                                         FerrySyncEntity   *entity,
                                         const FerryRecord *record,
                                         FerryLedger       *ledger,
                                         FerrySyncBatch    *batch);

/* ferry-sync-entity.c */
/* Pushes one entity type. FALSE only with a fatal error; an entity type
 * that failed has its status and failure set and returns TRUE. */
gboolean       ferry_sync_entity_push   (FerrySyncRun      *run,
                                         FerrySyncEntity   *entity,
                                         GError           **error);

/* ferry-sync-reconcile.c */
/* Compares each pushed entity type with the cloud and repairs what
 * differs; FALSE only with a fatal error. */
gboolean       ferry_sync_reconcile     (FerrySyncRun      *run,
                                         GError           **error);

/* ferry-sync-export.c */
/* Writes the export items of run->exports into the accounting database and
 * acknowledges them; FALSE only with a fatal error (cancelled, the ledger,
 * logging in). */
gboolean       ferry_sync_export        (FerrySyncRun      *run,
                                         GError           **error);

G_END_DECLS
