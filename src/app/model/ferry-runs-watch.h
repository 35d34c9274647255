/* ferry-runs-watch.h: automatic runs another program finished, from the
 * ledgers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While `ferryctl daemon` runs a profile's schedules, the app still tells
 * the desktop of its automatic runs that failed: each poll reads every
 * connection's newest run on a worker thread and emits "run-finished"
 * (connection id, connection name, FerrySyncResult or NULL, GError or
 * NULL; the same signal as FerryScheduler's) for each automatic run that
 * ended since the poll before. The first poll only notes where the ledgers
 * are: runs from before the app started are not news.
 *
 * Lives on the main thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_TYPE_RUNS_WATCH (ferry_runs_watch_get_type ())
G_DECLARE_FINAL_TYPE (FerryRunsWatch, ferry_runs_watch, FERRY, RUNS_WATCH, GObject)

/* @profile_dir: nullable, as FerryConnectionStore takes it. */
FerryRunsWatch *ferry_runs_watch_new  (const char     *profile_dir);
/* Reads the ledgers now, unless a read is still going. */
void            ferry_runs_watch_poll (FerryRunsWatch *self);

G_END_DECLS
