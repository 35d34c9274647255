/* ferry-demo-session.h: the embedded demo: a company, a cloud of its own
 * and a local connection ready to sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything lives in one directory (default $XDG_DATA_HOME/ferry/demo):
 *
 *   accounting.db  the demo company's accounting database (FerryDemoGenerator,
 *                  deterministic: the same records every start)
 *   cloud.db       the demo cloud: site "demo", company "01" and user "demo"
 *                  (an administrator with Can Sync)
 *   cloud.log      what the demo cloud logs
 *   password       the demo user's password, mode 0600, for
 *                  `ferryctl --profile DIR/profile sync … --password-file`
 *   profile/       the demo profile: the connection "Demo Construction", its
 *                  ledger, and the account (FerryAppState of this profile)
 *
 * Each start makes them afresh, so the ledger and the cloud always agree:
 * the accounting database on a worker thread, the cloud with ferry-cloud's
 * admin commands, then `ferry-cloud serve --listen 127.0.0.1:0` (a free
 * loopback port, read from its "listening on" line). Then it adds the
 * connection to the state's store and connects the state's account, which
 * keeps the password in the Secret Service (or, without one, holds it for
 * the session). Stop () ends the cloud; so does the death of the process
 * that started it.
 *
 * The ferry-cloud program is $FERRY_CLOUD, else the one of the build tree
 * the running program belongs to, else the installed one.
 *
 * Properties: directory, profile-dir (construct), records (rw, default
 * FERRY_DEMO_GENERATOR_DEFAULT_RECORDS), status (a sentence for people
 * about where the start is), cloud-url and site-url (nullable until the
 * cloud listens), running.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-app-state.h"

G_BEGIN_DECLS

#define FERRY_DEMO_CONNECTION_NAME "Demo Construction"
#define FERRY_DEMO_SITE            "demo"
#define FERRY_DEMO_COMPANY         "01"
#define FERRY_DEMO_USER            "demo"

#define FERRY_TYPE_DEMO_SESSION (ferry_demo_session_get_type ())
G_DECLARE_FINAL_TYPE (FerryDemoSession, ferry_demo_session, FERRY, DEMO_SESSION, GObject)

/* @directory: (nullable): NULL for $XDG_DATA_HOME/ferry/demo. */
FerryDemoSession *ferry_demo_session_new            (const char          *directory);

const char       *ferry_demo_session_get_directory   (FerryDemoSession    *self);
/* DIRECTORY/profile: give it to ferry_app_state_new_demo (). */
const char       *ferry_demo_session_get_profile_dir (FerryDemoSession    *self);
guint64           ferry_demo_session_get_records     (FerryDemoSession    *self);
void              ferry_demo_session_set_records     (FerryDemoSession    *self,
                                                      guint64              records);
const char       *ferry_demo_session_get_status      (FerryDemoSession    *self);
/* http://127.0.0.1:PORT, or NULL. */
const char       *ferry_demo_session_get_cloud_url   (FerryDemoSession    *self);
/* The demo user's site URL, http://127.0.0.1:PORT/demo, or NULL. */
const char       *ferry_demo_session_get_site_url    (FerryDemoSession    *self);
gboolean          ferry_demo_session_get_running     (FerryDemoSession    *self);

/* Makes the demo and connects @state (of the profile dir) to it. Call once. */
void              ferry_demo_session_start_async     (FerryDemoSession    *self,
                                                      FerryAppState       *state,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          ferry_demo_session_start_finish    (FerryDemoSession    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* Cancels a start in progress, sends the cloud SIGTERM and waits for it to
 * exit. Safe to call more than once. */
void              ferry_demo_session_stop            (FerryDemoSession    *self);

/* The ferry-cloud program (see above); FERRY_ERROR_NOT_FOUND otherwise. */
char             *ferry_demo_session_find_cloud      (GError             **error);

G_END_DECLS
