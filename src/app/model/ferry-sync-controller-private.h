/* ferry-sync-controller-private.h: what the controller's two files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-schedule-state.h"
#include "ferry-sync-controller.h"

G_BEGIN_DECLS

/* What ferry-sync-controller-ledger.c read off the main thread. */
typedef struct
{
  FerryLedgerRun *last_run;    /* owned, nullable */
  FerryLedgerRun *last_synced; /* owned, nullable */
  GPtrArray      *errors;      /* owned, nullable: FerryLedgerRunError of last_run */
  FerryScheduleState schedule_state; /* when the automatic runs come */
} FerrySyncLedgerView;

void ferry_sync_ledger_view_free (FerrySyncLedgerView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySyncLedgerView, ferry_sync_ledger_view_free)

/* Reads @ledger_path on a worker thread; a missing file is an empty view. */
void                 ferry_sync_ledger_view_read_async  (const char          *ledger_path,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
FerrySyncLedgerView *ferry_sync_ledger_view_read_finish (GAsyncResult        *result,
                                                         GError             **error);

/* A GListModel of FerrySyncErrorItem for @errors (nullable), labelled from
 * @catalog. Returns: (transfer full) */
GListModel          *ferry_sync_error_items_new         (FerryCatalog        *catalog,
                                                         GPtrArray           *errors);

/* DATA/ledgers/ID.db of the controller's connection. Returns: (transfer full) */
char                *ferry_sync_controller_dup_ledger_path (FerrySyncController *self);

G_END_DECLS
