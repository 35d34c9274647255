/* ferry-sync-row.h: one local connection on the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A checkbox (all, some or none of its entity types ticked) and an
 * expander with the select/deselect tree (module → entity type), a Sync
 * button that becomes Cancel, the progress of a run and, afterwards, when
 * it last synced, how long it took, the counts, the next automatic sync and
 * the record errors with their fixes, Copy details and Retry failed. It
 * shows a FerrySyncController.
 *
 * Signals: "sync-requested" when Sync is clicked: the page decides the
 * options (and asks before a deep sync).
 */
#pragma once

#include <adwaita.h>

#include "ferry-sync-controller.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SYNC_ROW (ferry_sync_row_get_type ())
G_DECLARE_FINAL_TYPE (FerrySyncRow, ferry_sync_row, FERRY, SYNC_ROW, AdwBin)

GtkWidget           *ferry_sync_row_new            (FerrySyncController *controller);
FerrySyncController *ferry_sync_row_get_controller (FerrySyncRow        *self);
/* Sync is insensitive when not @allowed, with @reason (nullable) as its
 * tooltip. */
void                 ferry_sync_row_set_allowed    (FerrySyncRow        *self,
                                                    gboolean             allowed,
                                                    const char          *reason);

G_END_DECLS
