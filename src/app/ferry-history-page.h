/* ferry-history-page.h: the History page: every run of every connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A column view of FerryHistoryModel's runs, filtered by connection name
 * and "problems only", sorted by a column (newest first to begin with).
 * Activating a row opens its FerryRunDetails; Export CSV… saves the runs
 * shown.
 */
#pragma once

#include "ferry-page.h"

G_BEGIN_DECLS

#define FERRY_TYPE_HISTORY_PAGE (ferry_history_page_get_type ())
G_DECLARE_FINAL_TYPE (FerryHistoryPage, ferry_history_page, FERRY, HISTORY_PAGE, FerryPage)

/* Runs shown, in the order shown: a GListModel of FerryRunItem; borrowed. */
GListModel *ferry_history_page_get_shown_runs (FerryHistoryPage    *self);

/* Writes the runs shown to @file as CSV (ferry_runs_write_csv ()) on a
 * worker thread; the Export CSV… button calls it with the file chosen. */
void        ferry_history_page_export_async   (FerryHistoryPage    *self,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    ferry_history_page_export_finish  (FerryHistoryPage    *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
