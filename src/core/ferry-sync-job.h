/* ferry-sync-job.h: one sync of a local connection, on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object the app, ferryctl and the background service run a push
 * with. It takes a snapshot of the connection's settings when made, logs
 * in on its worker thread with the password it was given, and reports its
 * progress as properties, notified on the main context of the thread that
 * made it, at most ten times a second and once more at the end:
 *
 *   phase          FerrySyncPhase: preparing, pushing, reconciling, …
 *   entity-id      the entity type being worked on ("ar.customer"), or NULL
 *   entity-label   its label ("Customer"), or NULL
 *   done, total    records read and decided; records the run expects
 *   fraction       done / total, 0 to 1
 *   counts         FerryLedgerCounts: sent, created, updated, unchanged,
 *                  deleted, rejected, waiting, failed, skipped
 *   running        between the start and the end of a run
 *
 * Cancelling the GCancellable stops the run within a second (between
 * records and batches, in the middle of a request, while waiting to retry)
 * and records it as cancelled; what the cloud acknowledged stays in the
 * ledger, and nothing else does. A job runs once.
 *
 * Errors of run_finish() and run(): FERRY_ERROR_BUSY when another run of
 * the connection holds its run lock (not queued); G_IO_ERROR_CANCELLED;
 * FERRY_CLOUD_CLIENT_ERROR for the cloud (AUTH, PERMISSION, TLS,
 * RETRYABLE after the last retry, …); FERRY_ERROR for the rest (an invalid
 * selection, the accounting database, the ledger). A run that finished with
 * some records rejected or waiting is no error: its result says
 * "record-errors".
 */
#pragma once

#include <gio/gio.h>

#include "ferry-connection-store.h"
#include "ferry-sync-options.h"
#include "ferry-sync-progress.h"
#include "ferry-sync-result.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SYNC_JOB (ferry_sync_job_get_type ())
G_DECLARE_FINAL_TYPE (FerrySyncJob, ferry_sync_job, FERRY, SYNC_JOB, GObject)

/* Reads @connection's settings and @store's ledger path now; @options
 * (nullable: the defaults) is copied. Call on the thread that owns @store. */
FerrySyncJob      *ferry_sync_job_new          (FerryConnectionStore  *store,
                                                FerryConnection       *connection,
                                                FerrySyncOptions      *options);

/* The cloud password (copied; the copy is overwritten when freed). A dry
 * run needs none. */
void               ferry_sync_job_set_password (FerrySyncJob          *self,
                                                const char            *password);
/* Without a password set, the run looks the connection's up in the
 * Secret Service (ferry_secrets_lookup ()) on its worker thread, once it is
 * recorded in the ledger: a password that is not there makes a failed run
 * with that function's message. */
void               ferry_sync_job_set_lookup_password (FerrySyncJob   *self);
/* Who the run lock names to a second program: "ferry" (the default),
 * "ferryctl", "ferryctl daemon". */
void               ferry_sync_job_set_program  (FerrySyncJob          *self,
                                                const char            *program);

void               ferry_sync_job_run_async    (FerrySyncJob          *self,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
/* Returns: (transfer full) the summary of a run that finished, with or
 * without record errors; NULL and @error for one that failed, was
 * cancelled or was refused (ferry_sync_job_get_result () still tells). */
FerrySyncResult   *ferry_sync_job_run_finish   (FerrySyncJob          *self,
                                                GAsyncResult          *result,
                                                GError               **error);
/* The same, blocking the calling thread; progress is still notified on
 * the main context of the thread that made the job. */
FerrySyncResult   *ferry_sync_job_run          (FerrySyncJob          *self,
                                                GCancellable          *cancellable,
                                                GError               **error);

FerryConnection   *ferry_sync_job_get_connection (FerrySyncJob        *self);
const FerrySyncOptions *ferry_sync_job_get_options (FerrySyncJob      *self);

gboolean           ferry_sync_job_get_running  (FerrySyncJob          *self);
FerrySyncPhase     ferry_sync_job_get_phase    (FerrySyncJob          *self);
const char        *ferry_sync_job_get_entity_id    (FerrySyncJob      *self);
const char        *ferry_sync_job_get_entity_label (FerrySyncJob      *self);
guint64            ferry_sync_job_get_done     (FerrySyncJob          *self);
guint64            ferry_sync_job_get_total    (FerrySyncJob          *self);
double             ferry_sync_job_get_fraction (FerrySyncJob          *self);
void               ferry_sync_job_get_counts   (FerrySyncJob          *self,
                                                FerryLedgerCounts     *out_counts);
/* Once the run ended, whatever the outcome; NULL before. (transfer none) */
const FerrySyncResult *ferry_sync_job_get_result (FerrySyncJob        *self);

G_END_DECLS
