/* ferry-account-connect.c: connecting, restoring and disconnecting the account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connect is a chain on the main loop: (the kept password, from the
 * keyring) → log in on a worker thread → show who is connected, save the
 * form → (keep the typed password in the keyring). Every step is
 * asynchronous; the operation is one GTask whose data is a ConnectOp.
 */
#define G_LOG_DOMAIN "ferry-account"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-account-private.h"
#include "ferry-error.h"
#include "ferry-secrets.h"

/* Logging in is one round trip; a cloud that takes longer is not there. */
#define LOGIN_TIMEOUT_S 20

typedef struct
{
  char     *site_url; /* owned, trimmed */
  char     *user;     /* owned, trimmed */
  char     *api_url;  /* owned: the keyring attribute of the account */
  char     *password; /* owned, nullable, wiped */
  gboolean  typed;    /* the password came from the form: keep it afterwards */
  gboolean  quiet;    /* restoring: nothing to restore is no error */
} ConnectOp;

static void
connect_op_free (ConnectOp *op)
{
  g_free (op->site_url);
  g_free (op->user);
  g_free (op->api_url);
  g_clear_pointer (&op->password, ferry_secrets_password_free);
  g_free (op);
}

/* ---- What went wrong, for people --------------------------------------- */

static char *
describe_retryable (const GError *error,
                    const char   *site_url,
                    const char   *user)
{
  guint status = ferry_cloud_client_error_get_status (error);

  if (status == 429)
    {
      guint minutes = MAX (1, (ferry_cloud_client_error_get_retry_after (error) + 59) / 60);

      return g_strdup_printf (ngettext ("Too many failed attempts to connect as “%s”. Wait %u "
                                        "minute, then connect again.",
                                        "Too many failed attempts to connect as “%s”. Wait %u "
                                        "minutes, then connect again.", minutes),
                              user, minutes);
    }
  if (status >= 500)
    return g_strdup_printf (_("The cloud at %s is not available at the moment. Try again "
                              "later."), site_url);
  return g_strdup_printf (_("Could not reach the cloud at %s. Check the site URL and the "
                            "network connection of this computer, then try again."), site_url);
}

char *
ferry_account_describe_error (const GError *error,
                              const char   *site_url,
                              const char   *user)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != FERRY_CLOUD_CLIENT_ERROR)
    return g_strdup (error->message);

  switch ((FerryCloudClientError) error->code)
    {
    case FERRY_CLOUD_CLIENT_ERROR_AUTH:
      return g_strdup_printf (_("The cloud refused the password of “%s”. Check the user name "
                                "and the password, then connect again."), user);
    case FERRY_CLOUD_CLIENT_ERROR_RETRYABLE:
      return describe_retryable (error, site_url, user);
    case FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND:
      return g_strdup_printf (_("Ferry found no cloud site at %s. Check the site URL: the "
                                "address of the cloud followed by the name of the site, such "
                                "as https://cloud.example.com/demo."), site_url);
    case FERRY_CLOUD_CLIENT_ERROR_TLS:
      return g_strdup_printf (_("Ferry could not verify the identity of the cloud at %s, so it "
                                "did not send the password. Check the site URL; if your cloud "
                                "uses a certificate of its own, ask your administrator to make "
                                "this computer trust it."), site_url);
    case FERRY_CLOUD_CLIENT_ERROR_INVALID_URL:
      return g_strdup_printf (_("“%s” is not a site URL. Type the address of the cloud followed "
                                "by the name of the site, such as "
                                "https://cloud.example.com/demo; plain http:// works only for "
                                "this computer."), site_url);
    case FERRY_CLOUD_CLIENT_ERROR_INVALID_RESPONSE:
      return g_strdup_printf (_("The server at %s does not answer like a Ferry cloud. Check "
                                "the site URL."), site_url);
    case FERRY_CLOUD_CLIENT_ERROR_PERMISSION:
      return g_strdup_printf (_("The cloud does not let “%s” connect. Ask an administrator of "
                                "the site."), user);
    default:
      return g_strdup (error->message);
    }
}

/* The same error with a message for people. */
static GError *
describe (GError          *error,
          const ConnectOp *op)
{
  g_autoptr(GError) owned = error;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_steal_pointer (&owned);
  message = ferry_account_describe_error (error, op->site_url, op->user);
  return g_error_new_literal (error->domain, error->code, message);
}

/* ---- Ending an operation ------------------------------------------------ */

/* Ends @task (taken) with @error (taken): disconnected, the message on
 * show unless it was cancelled. */
static void
connect_failed (GTask  *task,
                GError *error)
{
  FerryAccount *self = g_task_get_source_object (task);

  ferry_account_clear_user (self);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ferry_account_set_error (self, error->message);
  ferry_account_set_busy (self, FALSE);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Ends @task (taken). */
static void
connect_done (GTask    *task,
              gboolean  connected)
{
  ferry_account_set_busy (g_task_get_source_object (task), FALSE);
  g_task_return_boolean (task, connected);
  g_object_unref (task);
}

/* ---- Connecting ---------------------------------------------------------- */

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ConnectOp *op = task_data; /* read only: the main thread waits for this task */
  g_autoptr(FerryCloudClient) client = NULL;
  g_autoptr(GError) logout_error = NULL;
  FerryCloudUser *me;
  GError *error = NULL;

  client = ferry_cloud_client_new_for_site_url (op->site_url, NULL, &error);
  if (client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ferry_cloud_client_set_timeout (client, LOGIN_TIMEOUT_S);
  me = ferry_cloud_client_login (client, op->user, op->password, cancellable, &error);
  if (me == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The engine logs in for each run: no token is left behind. */
  if (!ferry_cloud_client_logout (client, cancellable, &logout_error))
    g_debug ("Could not revoke the token: %s", logout_error->message);
  g_task_return_pointer (task, me, (GDestroyNotify) ferry_cloud_user_free);
}

static void
on_password_kept (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryAccount *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          connect_failed (g_steal_pointer (&task), g_steal_pointer (&error));
          return;
        }
      ferry_account_hold_password (self, op->password);
      message = g_strdup_printf (_("Connected, but the keyring could not keep the password "
                                   "(%s). Ferry remembers it until it quits; connect again "
                                   "next time."), error->message);
      ferry_account_set_error (self, message);
    }
  connect_done (g_steal_pointer (&task), TRUE);
}

static void
on_logged_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryAccount *self = g_task_get_source_object (task);
  ConnectOp *op = g_task_get_task_data (task);
  g_autoptr(FerryCloudUser) me = NULL;
  g_autoptr(GError) save_error = NULL;
  g_autofree char *label = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  me = g_task_propagate_pointer (G_TASK (result), &error);
  if (me == NULL)
    {
      connect_failed (g_steal_pointer (&task), describe (error, op));
      return;
    }

  ferry_account_apply_user (self, me);
  ferry_account_set_site_url (self, op->site_url);
  ferry_account_set_user (self, op->user);
  if (!ferry_account_save (self, &save_error))
    g_warning ("Could not save the account: %s", save_error->message);
  if (!op->typed)
    {
      connect_done (g_steal_pointer (&task), TRUE);
      return;
    }

  label = g_strdup_printf (_("Ferry: %s at %s"), op->user, op->site_url);
  cancellable = g_task_get_cancellable (task);
  secret_password_store (ferry_secrets_get_account_schema (), SECRET_COLLECTION_DEFAULT, label,
                         op->password, cancellable, on_password_kept, g_steal_pointer (&task),
                         "api-url", op->api_url,
                         "user", op->user,
                         NULL);
}

static void
start_login (GTask *task)
{
  g_autoptr(GTask) login = g_task_new (NULL, g_task_get_cancellable (task), on_logged_in, task);

  g_task_set_source_tag (login, start_login);
  g_task_set_task_data (login, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (login, login_thread);
}

static void
on_password_found (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ConnectOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->password = secret_password_lookup_finish (result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GError *keyring_error = g_error_new (FERRY_ERROR, FERRY_ERROR_NO_SECRET_SERVICE,
                                           _("Ferry could not read the password from the "
                                             "keyring (%s). Type the password and connect "
                                             "again."), error->message);

      g_error_free (error);
      error = keyring_error;
    }
  if (error != NULL)
    connect_failed (g_steal_pointer (&task), error);
  else if (op->password == NULL && op->quiet)
    connect_done (g_steal_pointer (&task), FALSE);
  else if (op->password == NULL)
    connect_failed (g_steal_pointer (&task),
                    g_error_new (FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                                 _("Type the password of “%s”."), op->user));
  else
    start_login (g_steal_pointer (&task));
}

/* The form, trimmed and checked: FERRY_ERROR_INVALID_ARGUMENT or the
 * INVALID_URL of the site URL, with a message for people. */
static ConnectOp *
connect_op_new (FerryAccount  *self,
                GError       **error)
{
  ConnectOp *op = g_new0 (ConnectOp, 1);
  GError *url_error = NULL;

  op->site_url = g_strstrip (g_strdup (ferry_account_get_site_url (self)));
  op->user = g_strstrip (g_strdup (ferry_account_get_user (self)));
  if (*op->site_url == '\0')
    g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                         _("Type the site URL of your cloud, such as "
                           "https://cloud.example.com/demo."));
  else if (*op->user == '\0')
    g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                         _("Type your user name."));
  else if ((op->api_url = ferry_secrets_account_api_url (op->site_url, &url_error)) == NULL)
    g_propagate_error (error, describe (url_error, op));
  else
    return op;

  connect_op_free (op);
  return NULL;
}

static void
start_connect (FerryAccount        *self,
               const char          *password,
               gboolean             quiet,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  ConnectOp *op;

  g_task_set_source_tag (task, source_tag);
  if (ferry_account_get_busy (self))
    {
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_BUSY, "%s",
                               _("Ferry is already connecting or disconnecting; wait for it "
                                 "to finish."));
      return;
    }
  if (quiet && (*ferry_account_get_site_url (self) == '\0' || *ferry_account_get_user (self) == '\0'))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  op = connect_op_new (self, &error);
  if (op == NULL)
    {
      connect_failed (g_steal_pointer (&task), error);
      return;
    }
  op->quiet = quiet;
  g_task_set_task_data (task, op, (GDestroyNotify) connect_op_free);

  ferry_account_set_error (self, NULL);
  ferry_account_clear_user (self);
  ferry_account_set_busy (self, TRUE);
  if (password != NULL && *password != '\0')
    {
      op->password = g_strdup (password);
      op->typed = TRUE;
      start_login (g_steal_pointer (&task));
      return;
    }
  secret_password_lookup (ferry_secrets_get_account_schema (), cancellable, on_password_found,
                          g_steal_pointer (&task),
                          "api-url", op->api_url,
                          "user", op->user,
                          NULL);
}

void
ferry_account_connect_async (FerryAccount        *self,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_ACCOUNT (self));

  start_connect (self, password, FALSE, ferry_account_connect_async, cancellable, callback,
                 user_data);
}

/* The end of a connect or a restore, whichever @source_tag names. */
static gboolean
finish_connect (FerryAccount  *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ferry_account_connect_finish (FerryAccount  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_connect (self, result, ferry_account_connect_async, error);
}

void
ferry_account_restore_async (FerryAccount        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_ACCOUNT (self));

  start_connect (self, NULL, TRUE, ferry_account_restore_async, cancellable, callback,
                 user_data);
}

gboolean
ferry_account_restore_finish (FerryAccount  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_connect (self, result, ferry_account_restore_async, error);
}

/* ---- Disconnecting ------------------------------------------------------- */

static void
on_password_forgotten (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryAccount *self = g_task_get_source_object (task);
  gboolean held = ferry_account_holds_password (self);
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  ferry_account_clear_user (self);
  ferry_account_set_busy (self, FALSE);
  /* A password the keyring could not keep is not in it either. */
  if (error != NULL && !held && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Disconnected, but the keyring could not "
                                                    "forget the password (%s)."),
                                                  error->message);

      ferry_account_set_error (self, message);
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_NO_SECRET_SERVICE, "%s", message);
      g_error_free (error);
      return;
    }
  g_clear_error (&error);
  g_task_return_boolean (task, TRUE);
}

void
ferry_account_disconnect_async (FerryAccount        *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *api_url = NULL;

  g_return_if_fail (FERRY_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_account_disconnect_async);
  if (ferry_account_get_busy (self))
    {
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_BUSY, "%s",
                               _("Ferry is already connecting or disconnecting; wait for it "
                                 "to finish."));
      return;
    }

  ferry_account_set_error (self, NULL);
  api_url = ferry_secrets_account_api_url (ferry_account_get_site_url (self), NULL);
  if (api_url == NULL || *ferry_account_get_user (self) == '\0')
    {
      ferry_account_clear_user (self);
      g_task_return_boolean (task, TRUE);
      return;
    }
  ferry_account_set_busy (self, TRUE);
  secret_password_clear (ferry_secrets_get_account_schema (), cancellable, on_password_forgotten,
                         g_steal_pointer (&task),
                         "api-url", api_url,
                         "user", ferry_account_get_user (self),
                         NULL);
}

gboolean
ferry_account_disconnect_finish (FerryAccount  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
