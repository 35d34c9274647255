/* ferry-sync-controller.h: the Sync page's state of one local connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without widgets, so that it is tested without a display. It runs a
 * FerrySyncJob (on the job's worker) with the password the account gives
 * for the connection, turns the job's progress into text, and reads what
 * the ledger says of the last runs on a worker thread of its own: the main
 * loop never waits for the database, the network or the keyring.
 *
 * Properties (read-only; notified only on change):
 *   connection         FerryConnection (construct)
 *   selection          FerrySyncSelection of the connection: what to sync
 *   running            a run (or the password lookup before it) is going
 *   phase-text         "Preparing…", "Sending records…", …; "" when idle
 *   fraction           0 to 1
 *   entity-label       the entity type being worked on, or NULL
 *   progress-text      "1,204 of 5,000 records"
 *   counts-text        the tallies so far, or of the last run
 *   last-synced        "2026-05-02 14:05" of the last run that synced, or NULL
 *   last-synced-relative  "5 minutes ago", or NULL
 *   duration-text      how long that run took, or NULL
 *   result-text        how the last run ended, a sentence, or NULL
 *   next-sync-text     "Next automatic sync: today at 15:00", or
 *                      "Automatic sync: every hour" when it cannot tell when;
 *                      says who runs the schedules when it is not this app
 *   busy-text          nullable: a run of the connection that this
 *                      controller did not start is going (an automatic run,
 *                      ferryctl, the daemon), who runs it and since when
 *   errors             GListModel of FerrySyncErrorItem: the last run's
 *                      per-record errors with their fix hints
 *   has-errors         errors is not empty
 *   message            nullable: why the last start failed (no password,
 *                      another run, the cloud, …)
 *
 * Lives on the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-app-state.h"
#include "ferry-schedule-state.h"
#include "ferry-sync-error-item.h"
#include "ferry-sync-options.h"
#include "ferry-sync-selection.h"

G_BEGIN_DECLS

/* At most this many errors of a run are listed (and copied). */
#define FERRY_SYNC_CONTROLLER_MAX_ERRORS 200

#define FERRY_TYPE_SYNC_CONTROLLER (ferry_sync_controller_get_type ())
G_DECLARE_FINAL_TYPE (FerrySyncController, ferry_sync_controller, FERRY, SYNC_CONTROLLER, GObject)

/* Starts reading the connection's ledger (ferry_sync_controller_refresh ()). */
FerrySyncController *ferry_sync_controller_new              (FerryAppState       *state,
                                                             FerryConnection     *connection);

FerryConnection     *ferry_sync_controller_get_connection   (FerrySyncController *self);
FerrySyncSelection  *ferry_sync_controller_get_selection    (FerrySyncController *self);
gboolean             ferry_sync_controller_get_running      (FerrySyncController *self);
const char          *ferry_sync_controller_get_phase_text   (FerrySyncController *self);
double               ferry_sync_controller_get_fraction     (FerrySyncController *self);
const char          *ferry_sync_controller_get_entity_label (FerrySyncController *self);
const char          *ferry_sync_controller_get_progress_text (FerrySyncController *self);
const char          *ferry_sync_controller_get_counts_text  (FerrySyncController *self);
const char          *ferry_sync_controller_get_last_synced  (FerrySyncController *self);
const char          *ferry_sync_controller_get_last_synced_relative (FerrySyncController *self);
const char          *ferry_sync_controller_get_duration_text (FerrySyncController *self);
const char          *ferry_sync_controller_get_result_text  (FerrySyncController *self);
const char          *ferry_sync_controller_get_next_sync_text (FerrySyncController *self);
const char          *ferry_sync_controller_get_busy_text    (FerrySyncController *self);
/* Returns: (transfer none) */
GListModel          *ferry_sync_controller_get_errors       (FerrySyncController *self);
const char          *ferry_sync_controller_get_message      (FerrySyncController *self);

/* Runs @options (nullable: the defaults) for the entity types ticked in
 * the selection (when @options names none). Does nothing while running;
 * FALSE (and message says why) when nothing is ticked. */
gboolean             ferry_sync_controller_start            (FerrySyncController *self,
                                                             const FerrySyncOptions *options);
/* The run stops within a second and is recorded as cancelled. */
void                 ferry_sync_controller_cancel           (FerrySyncController *self);
/* A shallow run of the entity types that had errors in the last run
 * (shallow retries what failed); FALSE when there are none. */
gboolean             ferry_sync_controller_retry_failed     (FerrySyncController *self);
/* Reads the last runs and their errors again, on a worker thread. */
void                 ferry_sync_controller_refresh          (FerrySyncController *self);
/* Recomputes the texts that depend on the time of day ("5 minutes ago"). */
void                 ferry_sync_controller_update_times     (FerrySyncController *self,
                                                             GDateTime           *now);

/* What Copy details puts on the clipboard: the connection, the last run's
 * result, times and counts, and every listed error with its hint.
 * Returns: (transfer full) */
char                *ferry_sync_controller_dup_details      (FerrySyncController *self);

/* The deep sync estimate of @entities (nullable: all) from the ledger's
 * past runs, read on a worker thread. */
void                 ferry_sync_controller_estimate_async   (FerrySyncController *self,
                                                             const char * const  *entities,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean             ferry_sync_controller_estimate_finish  (FerrySyncController *self,
                                                             GAsyncResult        *result,
                                                             FerryLedgerEstimate *out_estimate,
                                                             GError             **error);
/* "About 12,000 records; the last deep sync took 4 min 10 s." for the
 * confirmation. Returns: (transfer full) */
char                *ferry_sync_describe_estimate           (const FerryLedgerEstimate *estimate);

/* When the next automatic sync of a connection with these schedules
 * (ferry-schedule.h) and runs (@state) comes as seen at @now, as a
 * sentence: whether it is deep, due now, or put off after failures; see
 * next-sync-text. Returns: (transfer full) */
char                *ferry_sync_describe_next_sync          (const FerryScheduleState *state,
                                                             const char          *schedule,
                                                             const char          *deep_schedule,
                                                             GDateTime           *now);

G_END_DECLS
