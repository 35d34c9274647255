/* ferry-sync-page.h: the Sync page: every local connection with its
 * select/deselect tree, Settings…, Sync and Cancel, progress and results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One FerrySyncRow (and FerrySyncController) per connection of the state.
 * Select All / Deselect All tick or untick every connection's tree; Sync
 * runs every connection with something ticked, with the options of
 * Settings…, and asks first, with an estimate, before a deep sync. Without
 * Can Sync, every Sync button is insensitive and says why.
 */
#pragma once

#include "ferry-page.h"
#include "ferry-sync-options.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SYNC_PAGE (ferry_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (FerrySyncPage, ferry_sync_page, FERRY, SYNC_PAGE, FerryPage)

/* What Settings… chose. (transfer none) */
const FerrySyncOptions *ferry_sync_page_get_options (FerrySyncPage *self);

G_END_DECLS
