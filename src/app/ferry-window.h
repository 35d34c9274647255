/* ferry-window.h: the main window: Connect, Local Connections, Sync, History
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ferry-app-state.h"
#include "ferry-application.h"

G_BEGIN_DECLS

/* The names of the pages, for ferry_window_show_page () and the
 * "last-page" setting. */
#define FERRY_PAGE_CONNECT     "connect"
#define FERRY_PAGE_CONNECTIONS "connections"
#define FERRY_PAGE_SYNC        "sync"
#define FERRY_PAGE_HISTORY     "history"

#define FERRY_TYPE_WINDOW (ferry_window_get_type ())
G_DECLARE_FINAL_TYPE (FerryWindow, ferry_window, FERRY, WINDOW, AdwApplicationWindow)

/* Every page is given @state (property "state", construct-only). The
 * window size and last page are kept in @application's settings. */
FerryWindow   *ferry_window_new       (FerryApplication *application,
                                       FerryAppState    *state);
FerryAppState *ferry_window_get_state (FerryWindow      *self);
/* Also the action win.show-page (a page name), Alt+1 … Alt+4. */
void           ferry_window_show_page (FerryWindow      *self,
                                       const char       *name);
/* The page by name; borrowed. */
GtkWidget     *ferry_window_get_page  (FerryWindow      *self,
                                       const char       *name);
/* Shows @toast (taken). */
void           ferry_window_add_toast (FerryWindow      *self,
                                       AdwToast         *toast);

G_END_DECLS
