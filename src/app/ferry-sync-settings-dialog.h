/* ferry-sync-settings-dialog.h: the Sync page's Settings…: Sync Type
 * (Shallow / Deep) and the timeframe (Today, Last week, Last month, Last
 * year, The beginning of time, or since a date)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Edits a copy of the page's options; OK emits "applied" and closes, Cancel
 * (or Escape) closes without it.
 */
#pragma once

#include <adwaita.h>

#include "ferry-sync-options.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SYNC_SETTINGS_DIALOG (ferry_sync_settings_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerrySyncSettingsDialog, ferry_sync_settings_dialog, FERRY, SYNC_SETTINGS_DIALOG,
                      AdwWindow)

/* @options is copied. */
FerrySyncSettingsDialog *ferry_sync_settings_dialog_new         (GtkWindow               *parent,
                                                                 const FerrySyncOptions  *options);
/* The options as the dialog shows them now. (transfer none) */
const FerrySyncOptions  *ferry_sync_settings_dialog_get_options (FerrySyncSettingsDialog *self);

G_END_DECLS
