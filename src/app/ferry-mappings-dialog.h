/* ferry-mappings-dialog.h: Mappings and Advanced Mappings of a local
 * connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ferry-app-state.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MAPPINGS_DIALOG (ferry_mappings_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerryMappingsDialog, ferry_mappings_dialog, FERRY, MAPPINGS_DIALOG, AdwWindow)

/* Edits the mappings and schedule of @connection (the listed one); Save
 * writes them with ferry_connection_store_update (). */
GtkWindow *ferry_mappings_dialog_new (GtkWindow       *parent,
                                      FerryAppState   *state,
                                      FerryConnection *connection);

G_END_DECLS
