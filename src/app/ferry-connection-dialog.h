/* ferry-connection-dialog.h: Add / Edit of a local connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ferry-app-state.h"

G_BEGIN_DECLS

#define FERRY_TYPE_CONNECTION_DIALOG (ferry_connection_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerryConnectionDialog, ferry_connection_dialog, FERRY, CONNECTION_DIALOG, AdwWindow)

/* @connection: (nullable): the listed connection to edit, or NULL to add
 * one, with the cloud fields taken from the state's account. Save writes
 * the store and closes the dialog. */
GtkWindow *ferry_connection_dialog_new (GtkWindow       *parent,
                                        FerryAppState   *state,
                                        FerryConnection *connection);

G_END_DECLS
