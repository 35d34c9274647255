/* ferry-sync-progress.h: where a run is, shared between its threads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's threads (the worker that sends and the reader that scans
 * the source) write here as they go; every change calls a notify function,
 * outside the lock, which FerrySyncJob uses to schedule a coalesced update
 * of its properties on the caller's main context. All calls are
 * thread-safe.
 */
#pragma once

#include <glib-object.h>

#include "ferry-entity-type.h"
#include "ferry-ledger.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_SYNC_PHASE_IDLE,        /* not started */
  FERRY_SYNC_PHASE_PREPARING,   /* lock, ledger, log in, count the records */
  FERRY_SYNC_PHASE_PUSHING,     /* reading, sending, acknowledging */
  FERRY_SYNC_PHASE_RECONCILING, /* deep: comparing with the cloud, repairing */
  FERRY_SYNC_PHASE_EXPORTING,   /* writing the cloud's export items into the accounting database */
  FERRY_SYNC_PHASE_FINISHING,   /* recording the run */
  FERRY_SYNC_PHASE_DONE,
} FerrySyncPhase;

#define FERRY_TYPE_SYNC_PHASE (ferry_sync_phase_get_type ())
GType       ferry_sync_phase_get_type  (void) G_GNUC_CONST;
/* "preparing", "pushing", … */
const char *ferry_sync_phase_to_string (FerrySyncPhase phase);

/* A copy of the progress at one moment. */
typedef struct
{
  FerrySyncPhase     phase;
  char              *entity_id;    /* owned, nullable */
  char              *entity_label; /* owned, nullable */
  guint64            done;         /* records read and decided */
  guint64            total;        /* records the run expects to read */
  FerryLedgerCounts  counts;
} FerrySyncSnapshot;

void ferry_sync_snapshot_clear (FerrySyncSnapshot *snapshot);

typedef struct _FerrySyncProgress FerrySyncProgress;
typedef void (*FerrySyncProgressNotify) (gpointer user_data);

/* @notify (nullable) is called from whichever thread made a change. */
FerrySyncProgress *ferry_sync_progress_new        (FerrySyncProgressNotify  notify,
                                                   gpointer                 user_data);
void               ferry_sync_progress_free       (FerrySyncProgress       *self);

void               ferry_sync_progress_set_phase  (FerrySyncProgress       *self,
                                                   FerrySyncPhase           phase);
/* @entity_type: (nullable) */
void               ferry_sync_progress_set_entity (FerrySyncProgress       *self,
                                                   FerryEntityType         *entity_type);
void               ferry_sync_progress_set_total  (FerrySyncProgress       *self,
                                                   guint64                  total);
/* For totals learnt as the run goes (the export feed, a page at a time). */
void               ferry_sync_progress_add_total  (FerrySyncProgress       *self,
                                                   guint64                  n);
void               ferry_sync_progress_add_done   (FerrySyncProgress       *self,
                                                   guint64                  n);
void               ferry_sync_progress_add_counts (FerrySyncProgress       *self,
                                                   const FerryLedgerCounts *delta);
void               ferry_sync_progress_get_counts (FerrySyncProgress       *self,
                                                   FerryLedgerCounts       *out_counts);
/* Fills @out (cleared with ferry_sync_snapshot_clear ()). */
void               ferry_sync_progress_snapshot   (FerrySyncProgress       *self,
                                                   FerrySyncSnapshot       *out);

G_END_DECLS
