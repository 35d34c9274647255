/* ferry-history-page.h: the History page: for now, what it will hold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-page.h"

G_BEGIN_DECLS

#define FERRY_TYPE_HISTORY_PAGE (ferry_history_page_get_type ())
G_DECLARE_FINAL_TYPE (FerryHistoryPage, ferry_history_page, FERRY, HISTORY_PAGE, FerryPage)

G_END_DECLS
