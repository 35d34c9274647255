/* ferry-app-state.h: what every page of the window shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's state, without widgets: the profile's connection store
 * and its connections, and the cloud account. Pages are given it
 * (ferry_X_page_set_state ()) and bind to its properties:
 *
 *   store                  FerryConnectionStore of the profile
 *   connections            GListModel of FerryConnection, sorted by name
 *   account                FerryAccount (the Connect page)
 *   can-sync               the account is connected and may sync: bind every
 *                          Sync button's "sensitive" to it
 *   sync-blocked-reason    nullable: why Sync is off, a sentence for the
 *                          Sync buttons' tooltip; NULL while can-sync
 *   load-error             nullable: why the connections could not be read
 *   demo                   the profile is the embedded demo's
 *
 * Lives on the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-account.h"
#include "ferry-connection-store.h"

G_BEGIN_DECLS

#define FERRY_TYPE_APP_STATE (ferry_app_state_get_type ())
G_DECLARE_FINAL_TYPE (FerryAppState, ferry_app_state, FERRY, APP_STATE, GObject)

/* @profile_dir: (nullable): as ferry_connection_store_new (): NULL for
 * $FERRY_PROFILE, or the XDG directories when that is unset. Reads the
 * account's form (account.ini); connections are read by
 * ferry_app_state_load (). */
FerryAppState        *ferry_app_state_new                     (const char     *profile_dir);
FerryAppState        *ferry_app_state_new_demo                (const char     *profile_dir);

/* Reads connections.json (a small local file), and from then on again
 * whenever the file changes (`ferryctl connection set`, another Ferry):
 * the connections are updated in place. On error the list stays
 * as it was and load-error holds the message. */
gboolean              ferry_app_state_load                    (FerryAppState  *self,
                                                               GError        **error);

FerryConnectionStore *ferry_app_state_get_store               (FerryAppState  *self);
/* Borrowed. */
GListModel           *ferry_app_state_get_connections         (FerryAppState  *self);
FerryAccount         *ferry_app_state_get_account             (FerryAppState  *self);
gboolean              ferry_app_state_get_can_sync            (FerryAppState  *self);
const char           *ferry_app_state_get_sync_blocked_reason (FerryAppState  *self);
const char           *ferry_app_state_get_load_error          (FerryAppState  *self);
gboolean              ferry_app_state_get_demo                (FerryAppState  *self);

G_END_DECLS
