/* ferry-scheduler.h: runs every connection's automatic syncs on schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `ferryctl daemon` (and later the app in the background) runs. On the
 * main context of the thread that starts it, it reads the profile's
 * connections again at every check (so edits made in the app or with
 * ferryctl count), and starts an automatic FerrySyncJob for each
 * connection whose slot came since its last run
 * (ferry_schedule_state_next_run (): however many slots were missed, one
 * run). The run is shallow, or deep over the whole timeframe when the
 * connection's deep schedule says so. Runs of different connections
 * may overlap; runs of one connection never do: a run still going when the
 * next slot comes makes that slot skipped, and a run the run lock refuses
 * (the app or ferryctl is syncing the connection) is skipped and logged,
 * not queued. After consecutive failures the next run is put off
 * (ferry_schedule_next_after_failures ()) and the log says until when; a
 * success ends that. Failures are counted from the ledger's automatic
 * runs, so a restart does not forget them.
 *
 * Everything it does is logged (g_message, g_warning) with the
 * connection's name; passwords never are. Each automatic run that ended,
 * or could not start (no password), emits "run-finished" (connection id,
 * connection name, FerrySyncResult or NULL, GError or NULL) on the
 * scheduler's main context, for notifications.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-connection-store.h"
#include "ferry-sync-result.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SCHEDULER (ferry_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (FerryScheduler, ferry_scheduler, FERRY, SCHEDULER, GObject)

/* @profile_dir: nullable, as FerryConnectionStore takes it. @program names
 * the runs in the run lock and the ledger ("ferryctl daemon"). */
FerryScheduler *ferry_scheduler_new               (const char      *profile_dir,
                                                   const char      *program);
/* Every connection's password from this file (a server with one cloud
 * account) instead of the Secret Service. Read at each run. */
void            ferry_scheduler_set_password_file (FerryScheduler  *self,
                                                   const char      *path);
/* Checks now, then at every slot and at least every @interval_seconds (a
 * suspended computer or a clock set by hand is noticed then). One program
 * at a time runs a profile's schedules: FERRY_ERROR_BUSY naming the one
 * that does (e.g. "ferryctl daemon (pid 4242)"). */
gboolean        ferry_scheduler_start             (FerryScheduler  *self,
                                                   guint            interval_seconds,
                                                   GError         **error);
/* Stops checking and cancels the runs in progress, which record themselves
 * as cancelled; @callback once every run has ended. */
void            ferry_scheduler_stop_async        (FerryScheduler      *self,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        ferry_scheduler_stop_finish       (FerryScheduler      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Whether a program (this one included) runs the automatic syncs of the
 * profile whose store is @store, without taking its lock; *@out_program
 * (nullable, owned) names it ("ferryctl daemon") when the file says. A
 * local file read: fine on a main loop. */
gboolean        ferry_scheduler_query_profile     (FerryConnectionStore *store,
                                                   gboolean             *out_running,
                                                   char                **out_program);

/* Runs in progress now. */
guint           ferry_scheduler_get_n_running     (FerryScheduler  *self);

G_END_DECLS
