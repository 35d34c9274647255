/* ferry-secrets.h: cloud passwords, in the Secret Service or a 0600 file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Passwords live in the Secret Service (GNOME Keyring, KWallet …) through
 * libsecret, filed under the schema io.github.ferrysync.Ferry.Password
 * with the attributes "connection" (the connection's id), "site-url" and
 * "user": a password is only ever offered to the site and user it was
 * given for. Headless servers without a keyring give a password file
 * instead (ferry_secrets_read_password_file ()).
 *
 * The app's cloud account (its Connect page) keeps one password for a site
 * and user, filed under the schema io.github.ferrysync.Ferry.Account with
 * the attributes "api-url" (the API base of the site, as
 * ferry_cloud_client_get_api_url () spells it, so that every spelling of a
 * site URL finds it) and "user". A connection to the same site and user
 * that has no password of its own uses the account's: ferry_secrets_lookup ()
 * looks there second.
 *
 * Without a usable Secret Service every call fails with
 * FERRY_ERROR_NO_SECRET_SERVICE, and the message names both ways out: a
 * desktop session with a keyring, or --password-file FILE.
 *
 * Passwords are never logged. Free them with ferry_secrets_password_free (),
 * which overwrites the memory first, or hold them in g_autoptr(FerryPassword).
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "ferry-connection.h"

G_BEGIN_DECLS

#define FERRY_SECRETS_SCHEMA_NAME "io.github.ferrysync.Ferry.Password"
#define FERRY_SECRETS_ACCOUNT_SCHEMA_NAME "io.github.ferrysync.Ferry.Account"

/* A password string; only for g_autoptr (FerryPassword). */
typedef char FerryPassword;

void               ferry_secrets_password_free (char *password);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryPassword, ferry_secrets_password_free)

const SecretSchema *ferry_secrets_get_schema  (void);
/* Attributes "api-url" and "user"; for libsecret's asynchronous calls. */
const SecretSchema *ferry_secrets_get_account_schema (void);

/* The "api-url" attribute of the account with the site URL @site_url
 * ("https://cloud.example.com/demo"); NULL and
 * FERRY_CLOUD_CLIENT_ERROR_INVALID_URL when it is malformed. */
char *ferry_secrets_account_api_url          (const char       *site_url,
                                              GError          **error);
/* The same for the connection's cloud (site URL and site); NULL when they
 * are not set or malformed. */
char *ferry_secrets_connection_api_url       (FerryConnection  *connection);

/* Blocking calls, for worker threads and the command line. They read the
 * connection's id, site URL and user when called. */

/* Keeps @password for the connection's site URL and user, replacing any
 * password it had, for this or another site or user. */
gboolean  ferry_secrets_store  (FerryConnection  *connection,
                                const char       *password,
                                GCancellable     *cancellable,
                                GError          **error);
/* The password for the connection's site URL and user, else the password
 * of the account with the same site and user; NULL and
 * FERRY_ERROR_NOT_FOUND if neither is kept. */
char     *ferry_secrets_lookup (FerryConnection  *connection,
                                GCancellable     *cancellable,
                                GError          **error);
/* Forgets every password of the connection; nothing kept is no error. */
gboolean  ferry_secrets_clear  (FerryConnection  *connection,
                                GCancellable     *cancellable,
                                GError          **error);

/* The same on a worker thread, for the app. */
void      ferry_secrets_store_async   (FerryConnection     *connection,
                                       const char          *password,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  ferry_secrets_store_finish  (GAsyncResult        *result,
                                       GError             **error);
void      ferry_secrets_lookup_async  (FerryConnection     *connection,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
char     *ferry_secrets_lookup_finish (GAsyncResult        *result,
                                       GError             **error);
void      ferry_secrets_clear_async   (FerryConnection     *connection,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  ferry_secrets_clear_finish  (GAsyncResult        *result,
                                       GError             **error);

/* The password in @path, for --password-file. Refused unless the file is a
 * regular file (a symbolic link to one is fine) owned by this user with
 * mode 0600 or 0400; one trailing newline is dropped; an empty password,
 * more than one line or a file over 4 KiB is an error.
 * FERRY_ERROR_NOT_FOUND when it does not exist, FERRY_ERROR_INVALID_ARGUMENT
 * otherwise. */
char     *ferry_secrets_read_password_file (const char  *path,
                                            GError     **error);

G_END_DECLS
