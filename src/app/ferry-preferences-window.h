/* ferry-preferences-window.h: Preferences, bound to the app's GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keys (data/io.github.ferrysync.Ferry.gschema.xml): background-sync
 * (whether closing the window leaves Ferry running its automatic syncs;
 * the group under it says who runs them, and the switch is off-limits
 * while another program does), default-sync-type ("shallow"
 * or "deep") and default-timeframe (ferry_timeframe_get_names ()), which
 * the Sync page's Settings start with.
 */
#pragma once

#include <adwaita.h>

#include "ferry-background-sync.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PREFERENCES_WINDOW (ferry_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FerryPreferencesWindow, ferry_preferences_window, FERRY, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* @settings: the io.github.ferrysync.Ferry settings. @background:
 * (nullable) the app's automatic syncs (none for the demo). */
FerryPreferencesWindow *ferry_preferences_window_new (GtkWindow           *parent,
                                                      GSettings           *settings,
                                                      FerryBackgroundSync *background);

G_END_DECLS
