/* ferry-sync-options.h: what one run of the sync engine is asked to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain data, copied into the job when it starts, so a dialog may keep
 * editing its own copy. The defaults are a manual shallow sync of every
 * enabled entity type over the whole timeframe, with the connection's
 * batch size.
 */
#pragma once

#include <glib-object.h>

#include "ferry-ledger.h"
#include "ferry-timeframe.h"

G_BEGIN_DECLS

typedef struct _FerrySyncOptions FerrySyncOptions;

#define FERRY_TYPE_SYNC_OPTIONS (ferry_sync_options_get_type ())
GType               ferry_sync_options_get_type        (void) G_GNUC_CONST;

FerrySyncOptions   *ferry_sync_options_new             (void);
FerrySyncOptions   *ferry_sync_options_copy            (const FerrySyncOptions *self);
void                ferry_sync_options_free            (FerrySyncOptions       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySyncOptions, ferry_sync_options_free)

FerryLedgerSyncType ferry_sync_options_get_sync_type   (const FerrySyncOptions *self);
void                ferry_sync_options_set_sync_type   (FerrySyncOptions       *self,
                                                        FerryLedgerSyncType     sync_type);

/* A named timeframe; forgets any date. */
FerryTimeframe      ferry_sync_options_get_timeframe   (const FerrySyncOptions *self);
void                ferry_sync_options_set_timeframe   (FerrySyncOptions       *self,
                                                        FerryTimeframe          timeframe);
/* Records modified on or after this calendar day (local time). */
void                ferry_sync_options_set_since_date  (FerrySyncOptions       *self,
                                                        GDateTime              *day);
/* Nullable: the day set with set_since_date(), local midnight. */
GDateTime          *ferry_sync_options_get_since_date  (const FerrySyncOptions *self);
/* "today", "week", "month", "year", "all" or "YYYY-MM-DD", as the ledger
 * records it. Also accepted by set_timeframe_from_string(), together with
 * the command line's "last-week", "last-month", "last-year" and
 * "beginning"; anything else is FERRY_ERROR_INVALID_ARGUMENT naming the
 * choices. */
const char         *ferry_sync_options_get_timeframe_text (const FerrySyncOptions *self);
gboolean            ferry_sync_options_set_timeframe_from_string (FerrySyncOptions  *self,
                                                                  const char        *text,
                                                                  GError           **error);

/* Entity type ids to sync, or NULL for every type enabled in the mappings.
 * Returns: (transfer none) (nullable) */
const char * const *ferry_sync_options_get_entities    (const FerrySyncOptions *self);
void                ferry_sync_options_set_entities    (FerrySyncOptions       *self,
                                                        const char * const     *entity_ids);

/* Reads, hashes and decides, but sends nothing and changes no record in the
 * ledger: how many records a run would send. */
gboolean            ferry_sync_options_get_dry_run     (const FerrySyncOptions *self);
void                ferry_sync_options_set_dry_run     (FerrySyncOptions       *self,
                                                        gboolean                dry_run);

/* Push to the cloud, export from it into the accounting database, or both
 * (the default: push first). */
FerryLedgerDirection ferry_sync_options_get_direction  (const FerrySyncOptions *self);
void                ferry_sync_options_set_direction   (FerrySyncOptions       *self,
                                                        FerryLedgerDirection    direction);
/* "push", "export" or "both"; anything else is FERRY_ERROR_INVALID_ARGUMENT. */
gboolean            ferry_sync_options_set_direction_from_string (FerrySyncOptions  *self,
                                                                  const char        *text,
                                                                  GError           **error);

/* Stop at the first rejected record or failed export item, even if the
 * connection's own setting does not say so. */
gboolean            ferry_sync_options_get_stop_on_error (const FerrySyncOptions *self);
void                ferry_sync_options_set_stop_on_error (FerrySyncOptions       *self,
                                                          gboolean                stop_on_error);

FerryLedgerTrigger  ferry_sync_options_get_trigger     (const FerrySyncOptions *self);
void                ferry_sync_options_set_trigger     (FerrySyncOptions       *self,
                                                        FerryLedgerTrigger      trigger);

/* Records per batch; 0 (the default) takes the connection's. At most
 * FERRY_CONNECTION_BATCH_MAX. */
guint               ferry_sync_options_get_batch_size  (const FerrySyncOptions *self);
void                ferry_sync_options_set_batch_size  (FerrySyncOptions       *self,
                                                        guint                   batch_size);

/* The earliest modification time of the run's timeframe if it began at
 * @now, or NULL for the beginning of time. (transfer full) */
GDateTime          *ferry_sync_options_get_start       (const FerrySyncOptions *self,
                                                        GDateTime              *now);

/* The same for a timeframe as the ledger records it ("week",
 * "2026-01-31", …) for a run that began at @at: "today" is local midnight
 * of @at's day, "week" seven days before @at, "month" and "year" one month
 * and one year before, a date its local midnight; *@out_start is NULL for
 * "all". FALSE for text it does not know. */
gboolean            ferry_sync_timeframe_get_start     (const char             *timeframe,
                                                        GDateTime              *at,
                                                        GDateTime             **out_start);

G_END_DECLS
