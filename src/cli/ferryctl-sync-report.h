/* ferryctl-sync-report.h: what `ferryctl sync` shows of a run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-sync-job.h"
#include "ferryctl-util.h"

G_BEGIN_DECLS

/* The one-line progress bar on a terminal. */
typedef struct _FerryctlSyncProgress FerryctlSyncProgress;

/* Follows @job's notifications on the main context and redraws the line
 * on standard output, at most once per main loop iteration. */
FerryctlSyncProgress *ferryctl_sync_progress_new  (FerrySyncJob         *job);
/* Stops following and erases the line. */
void                  ferryctl_sync_progress_free (FerryctlSyncProgress *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryctlSyncProgress, ferryctl_sync_progress_free)

/* Record errors listed under the summary, and in the JSON. */
#define FERRYCTL_SYNC_ERRORS_SHOWN      10
#define FERRYCTL_SYNC_ERRORS_SHOWN_JSON 100

/* How a run ended, for the summary and the JSON. */
typedef struct
{
  FerryConnection        *connection; /* borrowed */
  const FerrySyncOptions *options;    /* borrowed */
  GStrv                   entities;   /* owned: the plan, in run order */
  const FerrySyncResult  *result;     /* borrowed from the job, nullable: never started */
  GError                 *error;      /* owned, nullable: why the run failed */
  FerryLedgerRun         *run;        /* owned, nullable: the ledger's record of it */
  GPtrArray              *errors;     /* owned, nullable: the first FerryLedgerRunError */
  guint                   n_errors;   /* record errors the run recorded */
  int                     status;     /* the FerryctlExit */
} FerryctlSyncOutcome;

void ferryctl_sync_outcome_clear (FerryctlSyncOutcome *outcome);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FerryctlSyncOutcome, ferryctl_sync_outcome_clear)

/* "succeeded", "record-errors", "failed", "cancelled" or "busy". */
const char *ferryctl_sync_outcome_get_result (const FerryctlSyncOutcome *outcome);

/* The summary for people on standard output: counts, duration, result and
 * the first record errors; nothing for a run that never began. */
void ferryctl_sync_print_summary (const FerryctlSyncOutcome *outcome);
/* The object of docs/ferryctl.md, "sync --json", on standard output. */
void ferryctl_sync_print_json    (const FerryctlSyncOutcome *outcome);

G_END_DECLS
