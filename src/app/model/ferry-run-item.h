/* ferry-run-item.h: one run of one connection, as History lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An immutable snapshot: a run read from a connection's ledger, with the
 * connection it belongs to. A newer state of the same run (its counts grow
 * while it runs) is a new item. Properties, all read-only:
 *
 *   connection-id     the local connection's id
 *   connection-name   its name, as listed when the run was read
 *   ledger-path       the ledger the run is stored in
 *   run               FerryLedgerRun (boxed)
 *   started-at        GDateTime, UTC
 *   result            FerryLedgerRunResult, as an int
 *   problem           the run did not go through cleanly: anything but
 *                     succeeded and running
 */
#pragma once

#include <gio/gio.h>

#include "ferry-ledger.h"

G_BEGIN_DECLS

#define FERRY_TYPE_RUN_ITEM (ferry_run_item_get_type ())
G_DECLARE_FINAL_TYPE (FerryRunItem, ferry_run_item, FERRY, RUN_ITEM, GObject)

/* Copies @run. */
FerryRunItem         *ferry_run_item_new                 (const char           *connection_id,
                                                          const char           *connection_name,
                                                          const char           *ledger_path,
                                                          const FerryLedgerRun *run);

const char           *ferry_run_item_get_connection_id   (FerryRunItem         *self);
const char           *ferry_run_item_get_connection_name (FerryRunItem         *self);
const char           *ferry_run_item_get_ledger_path     (FerryRunItem         *self);
/* Borrowed. */
const FerryLedgerRun *ferry_run_item_get_run             (FerryRunItem         *self);
FerryLedgerRunResult  ferry_run_item_get_result          (FerryRunItem         *self);
gboolean              ferry_run_item_get_problem         (FerryRunItem         *self);
/* Newest first; ties by connection name, then newest id first. */
int                   ferry_run_item_compare             (FerryRunItem         *a,
                                                          FerryRunItem         *b);

/* Reads the run's per-record errors (at most @limit; 0: all) from its
 * ledger on a worker thread. FERRY_ERROR_NOT_FOUND when the ledger is gone. */
void                  ferry_run_item_load_errors_async   (FerryRunItem         *self,
                                                          guint                 limit,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* Returns: (transfer container) FerryLedgerRunError in the order written. */
GPtrArray            *ferry_run_item_load_errors_finish  (FerryRunItem         *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* The newest run of a connection, read from its ledger on a worker thread
 * (what a notification of an automatic run opens).
 * FERRY_ERROR_NOT_FOUND when the connection has no run. */
void                  ferry_run_item_load_last_async     (const char           *connection_id,
                                                          const char           *connection_name,
                                                          const char           *ledger_path,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
/* Returns: (transfer full) */
FerryRunItem         *ferry_run_item_load_last_finish    (GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
