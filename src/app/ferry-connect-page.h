/* ferry-connect-page.h: the Connect page: the cloud account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ferry-page.h"

G_BEGIN_DECLS

#define FERRY_TYPE_CONNECT_PAGE (ferry_connect_page_get_type ())
/* Shows and edits the account of its "state" (FerryPage). */
G_DECLARE_FINAL_TYPE (FerryConnectPage, ferry_connect_page, FERRY, CONNECT_PAGE, FerryPage)

G_END_DECLS
