/* ferry-application.h: the application: its state, settings and actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At start-up the application makes the one FerryAppState its windows
 * share: of the profile $FERRY_PROFILE or the XDG directories, whose
 * account it then restores from the keyring; or, with --demo, of the
 * embedded demo (FerryDemoSession), which it starts when the window opens
 * and stops when the application quits.
 *
 * From its first activation it runs the profile's automatic syncs
 * (FerryBackgroundSync; not for the demo) and sends a notification when
 * one fails or leaves records not accepted; the notification's action,
 * app.show-run (a connection id), opens History and that run's details.
 * With the setting "background-sync" on, closing the window does not quit
 * while it runs them (a GApplication hold); Quit always quits.
 */
#pragma once

#include <adwaita.h>

#include "ferry-app-state.h"
#include "ferry-background-sync.h"
#include "ferry-demo-session.h"

G_BEGIN_DECLS

#define FERRY_TYPE_APPLICATION (ferry_application_get_type ())
G_DECLARE_FINAL_TYPE (FerryApplication, ferry_application, FERRY, APPLICATION, AdwApplication)

FerryApplication *ferry_application_new              (void);
/* Borrowed; NULL before start-up. */
FerryAppState    *ferry_application_get_state        (FerryApplication *self);
/* Borrowed; NULL when the settings schema is not installed (run from the
 * build tree outside `meson devenv`). */
GSettings        *ferry_application_get_settings     (FerryApplication *self);
/* Borrowed; NULL without --demo. */
FerryDemoSession *ferry_application_get_demo_session (FerryApplication *self);
/* Borrowed; NULL for the demo and before start-up. */
FerryBackgroundSync *ferry_application_get_background_sync (FerryApplication *self);
/* Whether closing the last window leaves the application running. */
gboolean          ferry_application_get_holding      (FerryApplication *self);

G_END_DECLS
