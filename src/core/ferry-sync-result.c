/* ferry-sync-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-result"

#include "config.h"

#include "ferry-sync-result.h"

G_DEFINE_BOXED_TYPE (FerryLedgerCounts, ferry_sync_counts, ferry_sync_counts_copy,
                     ferry_sync_counts_free)
G_DEFINE_BOXED_TYPE (FerrySyncResult, ferry_sync_result, ferry_sync_result_copy,
                     ferry_sync_result_free)

FerryLedgerCounts *
ferry_sync_counts_copy (const FerryLedgerCounts *counts)
{
  g_return_val_if_fail (counts != NULL, NULL);

  return g_memdup2 (counts, sizeof *counts);
}

void
ferry_sync_counts_free (FerryLedgerCounts *counts)
{
  g_free (counts);
}

void
ferry_sync_counts_add (FerryLedgerCounts       *counts,
                       const FerryLedgerCounts *delta)
{
  g_return_if_fail (counts != NULL && delta != NULL);

  counts->sent += delta->sent;
  counts->created += delta->created;
  counts->updated += delta->updated;
  counts->unchanged += delta->unchanged;
  counts->deleted += delta->deleted;
  counts->rejected += delta->rejected;
  counts->waiting += delta->waiting;
  counts->failed += delta->failed;
  counts->skipped += delta->skipped;
  counts->exported += delta->exported;
  counts->export_updated += delta->export_updated;
  counts->export_failed += delta->export_failed;
}

FerrySyncResult *
ferry_sync_result_copy (const FerrySyncResult *result)
{
  FerrySyncResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->message = g_strdup (result->message);
  return copy;
}

void
ferry_sync_result_free (FerrySyncResult *result)
{
  if (result == NULL)
    return;
  g_free (result->message);
  g_free (result);
}
