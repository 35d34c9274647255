/* ferry-sync-page.h: the Sync page: for now, what it will hold and why Sync is off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-page.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SYNC_PAGE (ferry_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (FerrySyncPage, ferry_sync_page, FERRY, SYNC_PAGE, FerryPage)

G_END_DECLS
