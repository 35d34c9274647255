/* ferry-background-sync.h: the app's share of the automatic syncs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While the app runs, it runs the profile's schedules with a FerryScheduler
 * ("ferry" in the run locks and the ledger), unless another program already
 * does: one program per profile runs them (ferryctl daemon as a service,
 * say), the others show its runs. Then this one waits, says which program
 * it is, and takes over by itself soon after that program stops.
 *
 * Properties (read-only, notified on change):
 *   status       FerryBackgroundSyncStatus
 *   status-text  a sentence for Preferences and the Sync tab
 *
 * Signal "run-finished" (connection id, connection name, FerrySyncResult
 * or NULL, GError or NULL): an automatic run ended, for notifications:
 * one of this app (the scheduler's signal, passed on) or, while another
 * program runs the schedules, one of that program (FerryRunsWatch, read
 * from the ledgers at each look whether it can take over).
 *
 * Lives on the main thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_BACKGROUND_SYNC_STOPPED,   /* not started, or stopped */
  FERRY_BACKGROUND_SYNC_RUNNING,   /* this app runs the schedules */
  FERRY_BACKGROUND_SYNC_ELSEWHERE, /* another program does */
  FERRY_BACKGROUND_SYNC_FAILED,    /* could not start (status-text says why); retried */
} FerryBackgroundSyncStatus;

/* The app's name in run locks and the ledger (FerrySyncJob's default). */
#define FERRY_PROGRAM_NAME "ferry"

/* How often a waiting app looks again whether it can take over. */
#define FERRY_BACKGROUND_SYNC_RETRY_SECONDS 30

#define FERRY_TYPE_BACKGROUND_SYNC (ferry_background_sync_get_type ())
G_DECLARE_FINAL_TYPE (FerryBackgroundSync, ferry_background_sync, FERRY, BACKGROUND_SYNC, GObject)

/* @profile_dir: nullable, as FerryConnectionStore takes it. */
FerryBackgroundSync      *ferry_background_sync_new             (const char           *profile_dir);
/* Seconds between the scheduler's checks (60) and between attempts to take
 * over from another program (FERRY_BACKGROUND_SYNC_RETRY_SECONDS); before
 * start, for tests. */
void                      ferry_background_sync_set_intervals   (FerryBackgroundSync  *self,
                                                                 guint                 check_seconds,
                                                                 guint                 retry_seconds);
/* Runs the schedules here if no other program does, else waits. */
void                      ferry_background_sync_start           (FerryBackgroundSync  *self);
/* Stops checking and cancels the automatic runs in progress (they are
 * recorded as cancelled); @callback once they have ended. */
void                      ferry_background_sync_stop_async      (FerryBackgroundSync  *self,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean                  ferry_background_sync_stop_finish     (FerryBackgroundSync  *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
FerryBackgroundSyncStatus ferry_background_sync_get_status      (FerryBackgroundSync  *self);
const char               *ferry_background_sync_get_status_text (FerryBackgroundSync  *self);
/* Automatic runs of this app in progress. */
guint                     ferry_background_sync_get_n_running   (FerryBackgroundSync  *self);

G_END_DECLS
