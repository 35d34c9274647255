/* ferry-history-model.h: every run of every connection, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of FerryRunItem over the ledgers of a FerryConnectionStore's
 * connections. Ledgers are read on a worker thread; a connection that
 * never ran has no ledger and none is created. The list reloads by itself
 * when the connections change and when a ledger file changes (a sync of
 * this app, ferryctl or the background service writes to it), at most once
 * a second. Properties:
 *
 *   loading   a reload is under way
 *   error     nullable: why the last reload missed a ledger
 *
 * Lives on the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-connection-store.h"
#include "ferry-run-item.h"

G_BEGIN_DECLS

/* How many of each ledger's newest runs are listed. */
#define FERRY_HISTORY_MODEL_RUNS_PER_LEDGER 1000

#define FERRY_TYPE_HISTORY_MODEL (ferry_history_model_get_type ())
G_DECLARE_FINAL_TYPE (FerryHistoryModel, ferry_history_model, FERRY, HISTORY_MODEL, GObject)

/* Starts the first load. */
FerryHistoryModel *ferry_history_model_new         (FerryConnectionStore *store);
/* Reads the ledgers again; while a reload runs, one more follows it. */
void               ferry_history_model_reload      (FerryHistoryModel    *self);
gboolean           ferry_history_model_get_loading (FerryHistoryModel    *self);
/* Nullable. */
const char        *ferry_history_model_get_error   (FerryHistoryModel    *self);

G_END_DECLS
