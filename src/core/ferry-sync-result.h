/* ferry-sync-result.h: what a run did, and its tallies as a boxed type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ferry-ledger.h"

G_BEGIN_DECLS

/* FerryLedgerCounts as a GValue, for the job's "counts" property. */
#define FERRY_TYPE_SYNC_COUNTS (ferry_sync_counts_get_type ())
GType              ferry_sync_counts_get_type (void) G_GNUC_CONST;
FerryLedgerCounts *ferry_sync_counts_copy     (const FerryLedgerCounts *counts);
void               ferry_sync_counts_free     (FerryLedgerCounts       *counts);
/* Adds @delta to @counts, field by field. */
void               ferry_sync_counts_add      (FerryLedgerCounts       *counts,
                                               const FerryLedgerCounts *delta);

/* The summary of one run. */
typedef struct
{
  gint64               run_id;      /* the ledger's run; 0 for a dry run, or a run refused before it began */
  FerryLedgerRunResult result;      /* succeeded, record-errors, failed or cancelled */
  FerryLedgerCounts    counts;      /* in a dry run: what would be sent, held and skipped */
  gint64               duration_ms;
  gboolean             dry_run;
  guint                retries;     /* requests repeated after a failure worth retrying */
  char                *message;     /* owned, nullable: for people, e.g. which entity types failed */
} FerrySyncResult;

#define FERRY_TYPE_SYNC_RESULT (ferry_sync_result_get_type ())
GType            ferry_sync_result_get_type (void) G_GNUC_CONST;
FerrySyncResult *ferry_sync_result_copy     (const FerrySyncResult *result);
void             ferry_sync_result_free     (FerrySyncResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySyncResult, ferry_sync_result_free)

G_END_DECLS
