/* ferry-app-format.h: numbers, times, durations and runs as the app shows
 * them, and History's CSV export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain functions without a display. Times take the moment to compare
 * with (@now) or the time zone to show them in, so that callers pass the
 * local ones and tests fixed ones.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-ledger.h"

G_BEGIN_DECLS

/* All (transfer full) unless said otherwise. */

/* "1,204": digits grouped by thousands with the translated separator. */
char       *ferry_format_number        (guint64     number);
/* "850 ms", "12 s", "1 min 05 s", "2 h 03 min"; "–" when negative (a run
 * still going). */
char       *ferry_format_duration      (gint64      milliseconds);
/* @when as seen at @now, in @now's time zone: "just now", "5 minutes ago",
 * "3 hours ago", "yesterday at 14:05", "Monday at 09:30", "2 May 2026";
 * ahead of @now (the next automatic sync): "in 12 minutes", "today at
 * 15:00", "tomorrow at 02:00". Days are calendar days, so a daylight
 * saving change does not move "yesterday". */
char       *ferry_format_relative_time (GDateTime  *when,
                                        GDateTime  *now);
/* "2026-05-02 14:05" in @time_zone (NULL: local). */
char       *ferry_format_absolute_time (GDateTime  *when,
                                        GTimeZone  *time_zone);
/* A run's tallies on one line: "1,200 sent · 3 rejected · 12 exported";
 * zero tallies are left out, "No records" when all are. */
char       *ferry_format_run_counts    (const FerryLedgerCounts *counts);

/* Translated words for History's columns; (transfer none). */
const char *ferry_format_run_result    (FerryLedgerRunResult  result);
const char *ferry_format_trigger       (FerryLedgerTrigger    trigger);
const char *ferry_format_sync_type     (FerryLedgerSyncType   sync_type);
const char *ferry_format_direction     (FerryLedgerDirection  direction);
/* "Last week" for "week", "Since 2026-01-31" for a date, else the text. */
char       *ferry_format_timeframe     (const char           *timeframe);

/* A run and the name of the connection it belongs to, for the CSV. */
typedef struct
{
  char           *connection_name; /* owned */
  FerryLedgerRun *run;             /* owned */
} FerryRunEntry;

FerryRunEntry *ferry_run_entry_new  (const char           *connection_name,
                                     const FerryLedgerRun *run);
void           ferry_run_entry_free (FerryRunEntry        *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryRunEntry, ferry_run_entry_free)

/* Writes @entries (FerryRunEntry) as CSV (RFC 4180: CRLF line ends,
 * quoted fields where needed): a header row, then one row per run with
 * start (ISO 8601, UTC), connection, trigger, type, direction, timeframe,
 * duration in seconds, the counts (sent, created, updated, unchanged,
 * deleted, rejected, waiting, failed, exported, export_updated,
 * export_failed), result and message. Words are the ledger's ("manual",
 * "deep", "record-errors"), so scripts can read the file. Blocking: call it
 * on a worker thread for a file. */
gboolean ferry_runs_write_csv (GPtrArray      *entries,
                               GOutputStream  *stream,
                               GCancellable   *cancellable,
                               GError        **error);

G_END_DECLS
