/* ferry-account.h: the cloud account of the Connect page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One account per profile (ferry-connection-store.h): the site URL and the
 * user name a person typed, kept in CONFIG/account.ini of the profile (not
 * in GSettings, so that a demo or test profile never touches the real
 * one), and the password, kept in the Secret Service under the schema
 * io.github.ferrysync.Ferry.Account (ferry-secrets.h), never in a file.
 *
 * Connecting logs in with a FerryCloudClient on a worker thread, reads who
 * the user is (display name, role, Can Sync, companies), logs out again
 * (the engine logs in for each run) and keeps the password with libsecret's
 * asynchronous calls: the main loop never waits for the network or the
 * keyring. The site URL and user are saved once a login succeeds.
 *
 * Passwords of local connections: a connection whose cloud (site URL and
 * site) and user are the account's uses the account's password when it
 * has none of its own (ferry_secrets_lookup () looks there second, so
 * ferryctl and the background service find it too). Whoever starts a sync
 * asks ferry_account_lookup_password_for_async () for the password of a
 * connection: it also answers when the keyring could not keep the
 * account's password and the account holds it for this session.
 *
 * Properties (notify only on change; read-only unless marked rw):
 *   site-url (rw)      the user's site URL, "https://cloud.example.com/demo"
 *   user (rw)          the user name
 *   busy               connecting, restoring or disconnecting
 *   connected          the cloud accepted the password
 *   site, display-name, role ("admin" or "member")
 *                      who is connected; NULL when not connected
 *   can-sync           the cloud grants Can Sync; FALSE when not connected
 *   can-sync-message   nullable: when connected without Can Sync, what to
 *                      ask the site's administrator for
 *   error-message      nullable: why the last connect, restore or
 *                      disconnect failed, for people; cleared by the next
 *   companies          GListModel of FerryCompany the account can see
 *
 * Lives on the main thread.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-connection.h"

G_BEGIN_DECLS

#define FERRY_ACCOUNT_FILE "account.ini"

#define FERRY_TYPE_ACCOUNT (ferry_account_get_type ())
G_DECLARE_FINAL_TYPE (FerryAccount, ferry_account, FERRY, ACCOUNT, GObject)

/* Reads CONFIG_DIR/account.ini if it exists (a missing or unreadable file
 * leaves the form empty). */
FerryAccount *ferry_account_new                  (const char          *config_dir);

const char   *ferry_account_get_site_url         (FerryAccount        *self);
void          ferry_account_set_site_url         (FerryAccount        *self,
                                                  const char          *site_url);
const char   *ferry_account_get_user             (FerryAccount        *self);
void          ferry_account_set_user             (FerryAccount        *self,
                                                  const char          *user);
gboolean      ferry_account_get_busy             (FerryAccount        *self);
gboolean      ferry_account_get_connected        (FerryAccount        *self);
const char   *ferry_account_get_site             (FerryAccount        *self);
const char   *ferry_account_get_display_name     (FerryAccount        *self);
const char   *ferry_account_get_role             (FerryAccount        *self);
gboolean      ferry_account_get_can_sync         (FerryAccount        *self);
const char   *ferry_account_get_can_sync_message (FerryAccount        *self);
const char   *ferry_account_get_error_message    (FerryAccount        *self);
/* A GListModel of FerryCompany; borrowed. */
GListModel   *ferry_account_get_companies        (FerryAccount        *self);

/* Logs in as site-url and user with @password, or with the password the
 * keyring keeps for them when @password is NULL or empty, and keeps a typed
 * password in the keyring. When the keyring cannot keep it, the account is
 * still connected, holds the password until it is finalized and says so in
 * error-message. Errors keep the domain and code of the failure
 * (FERRY_CLOUD_CLIENT_ERROR_AUTH for a wrong password, _RETRYABLE for an
 * unreachable server, _TLS, _NOT_FOUND, _INVALID_URL; FERRY_ERROR_NOT_FOUND
 * without a password; FERRY_ERROR_BUSY while busy) with a message for
 * people, which error-message also holds. Without Can Sync the connect
 * succeeds: can-sync is FALSE and can-sync-message says why. */
void          ferry_account_connect_async        (FerryAccount        *self,
                                                  const char          *password,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      ferry_account_connect_finish       (FerryAccount        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* At start: connects with the kept password. Nothing saved or nothing kept
 * is no error: it returns FALSE and stays disconnected. TRUE when
 * connected. */
void          ferry_account_restore_async        (FerryAccount        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      ferry_account_restore_finish       (FerryAccount        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Forgets the kept password of site-url and user and disconnects; the site
 * URL and user stay in the form. */
void          ferry_account_disconnect_async     (FerryAccount        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      ferry_account_disconnect_finish    (FerryAccount        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Whether @connection's cloud and user are the account's (any spelling of
 * the same site URL). */
gboolean      ferry_account_matches              (FerryAccount        *self,
                                                  FerryConnection     *connection);
/* The password a sync of @connection uses: its own, else the account's
 * when ferry_account_matches (). FERRY_ERROR_NOT_FOUND when there is none,
 * FERRY_ERROR_NO_SECRET_SERVICE without a keyring. Free it with
 * ferry_secrets_password_free (). */
void          ferry_account_lookup_password_for_async  (FerryAccount        *self,
                                                        FerryConnection     *connection,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char         *ferry_account_lookup_password_for_finish (FerryAccount        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* What went wrong connecting as @user to @site_url, in words a person acts
 * on (translated): a view function, for the account and its tests. */
char         *ferry_account_describe_error       (const GError        *error,
                                                  const char          *site_url,
                                                  const char          *user);

G_END_DECLS
