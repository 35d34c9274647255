/* ferry-secrets.c: passwords in the Secret Service, or a password file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-secrets"

#include "ferry-secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ferry-cloud-client.h"
#include "ferry-error.h"

#define MAX_PASSWORD_FILE 4096

const SecretSchema *
ferry_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    FERRY_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "connection", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "site-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

const SecretSchema *
ferry_secrets_get_account_schema (void)
{
  static const SecretSchema schema = {
    FERRY_SECRETS_ACCOUNT_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "api-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

char *
ferry_secrets_account_api_url (const char  *site_url,
                               GError     **error)
{
  g_autoptr(FerryCloudClient) client = NULL;

  g_return_val_if_fail (site_url != NULL, NULL);

  client = ferry_cloud_client_new_for_site_url (site_url, NULL, error);
  return client != NULL ? g_strdup (ferry_cloud_client_get_api_url (client)) : NULL;
}

char *
ferry_secrets_connection_api_url (FerryConnection *connection)
{
  g_autoptr(FerryCloudClient) client = NULL;
  const char *site_url, *site;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);

  site_url = ferry_connection_get_site_url (connection);
  site = ferry_connection_get_site (connection);
  if (site_url == NULL || *site_url == '\0' || site == NULL || *site == '\0')
    return NULL;
  client = ferry_cloud_client_new (site_url, site, NULL, NULL);
  return client != NULL ? g_strdup (ferry_cloud_client_get_api_url (client)) : NULL;
}

void
ferry_secrets_password_free (char *password)
{
  /* Overwrites the memory, then frees it. */
  secret_password_free (password);
}

/* Turns a libsecret failure into advice; cancellation passes unchanged. */
static void
set_secret_service_error (GError  **error,
                          GError   *local_error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (local_error));
      return;
    }

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_NO_SECRET_SERVICE,
               "Ferry could not use a keyring (the Secret Service) for the password: %s. "
               "Either run Ferry inside a desktop session with an unlocked keyring such as "
               "GNOME Keyring, or give the password with --password-file FILE, a file only "
               "you can read (chmod 600 FILE)", local_error->message);
}

/* What a password needs to be filed under; copied so a worker thread does
 * not read the connection while the main thread may change it. */
typedef struct
{
  char *id;       /* owned */
  char *name;     /* owned */
  char *site_url; /* owned */
  char *user;     /* owned */
  char *api_url;  /* owned, nullable: where the account's password is filed */
  char *password; /* owned, nullable; wiped when freed */
} SecretRequest;

static void
secret_request_free (SecretRequest *request)
{
  g_free (request->id);
  g_free (request->name);
  g_free (request->site_url);
  g_free (request->user);
  g_free (request->api_url);
  if (request->password != NULL)
    secret_password_free (request->password);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretRequest, secret_request_free)

static SecretRequest *
secret_request_new (FerryConnection *connection,
                    const char      *password)
{
  SecretRequest *request = g_new0 (SecretRequest, 1);

  request->id = g_strdup (ferry_connection_get_id (connection));
  request->name = g_strdup (ferry_connection_get_name (connection));
  request->site_url = g_strdup (ferry_connection_get_site_url (connection));
  request->user = g_strdup (ferry_connection_get_user (connection));
  request->api_url = ferry_secrets_connection_api_url (connection);
  request->password = g_strdup (password);
  return request;
}

/* Removes the connection's passwords for any other site or user. */
static gboolean
clear_others (SecretRequest  *request,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autolist(SecretRetrievable) items = NULL;
  g_autoptr(GError) local_error = NULL;

  items = secret_password_search_sync (ferry_secrets_get_schema (), SECRET_SEARCH_ALL,
                                       cancellable, &local_error,
                                       "connection", request->id, NULL);
  for (GList *l = items; l != NULL && local_error == NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      const char *site_url = g_hash_table_lookup (attributes, "site-url");
      const char *user = g_hash_table_lookup (attributes, "user");

      if (g_strcmp0 (site_url, request->site_url) == 0 && g_strcmp0 (user, request->user) == 0)
        continue;
      secret_password_clear_sync (ferry_secrets_get_schema (), cancellable, &local_error,
                                  "connection", request->id,
                                  "site-url", site_url != NULL ? site_url : "",
                                  "user", user != NULL ? user : "",
                                  NULL);
    }
  if (local_error == NULL)
    return TRUE;

  set_secret_service_error (error, local_error);
  return FALSE;
}

static gboolean
store_request (SecretRequest  *request,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;

  if (*request->site_url == '\0' || *request->user == '\0')
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Connection “%s” needs a cloud site URL and a user name before a "
                   "password can be kept for it", request->name);
      return FALSE;
    }
  if (request->password == NULL || *request->password == '\0')
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                           "The password is empty; type the password of your cloud account");
      return FALSE;
    }

  label = g_strdup_printf ("Ferry: %s at %s (%s)", request->user, request->site_url,
                           request->name);
  if (!secret_password_store_sync (ferry_secrets_get_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, request->password, cancellable, &local_error,
                                   "connection", request->id,
                                   "site-url", request->site_url,
                                   "user", request->user,
                                   NULL))
    {
      set_secret_service_error (error, local_error);
      return FALSE;
    }
  return clear_others (request, cancellable, error);
}

static char *
lookup_request (SecretRequest  *request,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  char *password;

  password = secret_password_lookup_sync (ferry_secrets_get_schema (), cancellable, &local_error,
                                          "connection", request->id,
                                          "site-url", request->site_url,
                                          "user", request->user,
                                          NULL);
  if (password == NULL && local_error == NULL && request->api_url != NULL)
    password = secret_password_lookup_sync (ferry_secrets_get_account_schema (), cancellable,
                                            &local_error,
                                            "api-url", request->api_url,
                                            "user", request->user,
                                            NULL);
  if (local_error != NULL)
    {
      set_secret_service_error (error, local_error);
      return NULL;
    }
  if (password == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                   "No password is kept for user “%s” at %s (connection “%s”); log in "
                   "again (ferryctl login \"%s\") or connect that account on Ferry's "
                   "Connect page, or give --password-file FILE",
                   request->user, request->site_url, request->name, request->name);
      return NULL;
    }
  return password;
}

static gboolean
clear_request (SecretRequest  *request,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  /* FALSE without an error when nothing was kept: that is fine. */
  if (!secret_password_clear_sync (ferry_secrets_get_schema (), cancellable, &local_error,
                                   "connection", request->id, NULL)
      && local_error != NULL)
    {
      set_secret_service_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
ferry_secrets_store (FerryConnection  *connection,
                     const char       *password,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autoptr(SecretRequest) request = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), FALSE);

  request = secret_request_new (connection, password);
  return store_request (request, cancellable, error);
}

char *
ferry_secrets_lookup (FerryConnection  *connection,
                      GCancellable     *cancellable,
                      GError          **error)
{
  g_autoptr(SecretRequest) request = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);

  request = secret_request_new (connection, NULL);
  return lookup_request (request, cancellable, error);
}

gboolean
ferry_secrets_clear (FerryConnection  *connection,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autoptr(SecretRequest) request = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), FALSE);

  request = secret_request_new (connection, NULL);
  return clear_request (request, cancellable, error);
}

/* Does in a worker thread what the task's source tag stands for. */
static void
request_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  gpointer source_tag = g_task_get_source_tag (task);
  GError *error = NULL;
  gboolean done;

  if (source_tag == ferry_secrets_lookup_async)
    {
      char *password = lookup_request (task_data, cancellable, &error);

      if (password != NULL)
        g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
      else
        g_task_return_error (task, error);
      return;
    }

  if (source_tag == ferry_secrets_store_async)
    done = store_request (task_data, cancellable, &error);
  else
    done = clear_request (task_data, cancellable, &error);
  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_in_thread (FerryConnection     *connection,
               const char          *password,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  /* No source object: the thread works on the copied request alone. */
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, secret_request_new (connection, password),
                        (GDestroyNotify) secret_request_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, request_thread);
}

/* Whether @result is the task of the call whose source tag is @source_tag. */
static gboolean
is_task_of (GAsyncResult *result,
            gpointer      source_tag)
{
  return g_task_is_valid (result, NULL) && g_task_get_source_tag (G_TASK (result)) == source_tag;
}

void
ferry_secrets_store_async (FerryConnection     *connection,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  run_in_thread (connection, password, ferry_secrets_store_async, cancellable, callback,
                 user_data);
}

gboolean
ferry_secrets_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (is_task_of (result, ferry_secrets_store_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ferry_secrets_lookup_async (FerryConnection     *connection,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  run_in_thread (connection, NULL, ferry_secrets_lookup_async, cancellable, callback, user_data);
}

char *
ferry_secrets_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (is_task_of (result, ferry_secrets_lookup_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ferry_secrets_clear_async (FerryConnection     *connection,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  run_in_thread (connection, NULL, ferry_secrets_clear_async, cancellable, callback, user_data);
}

gboolean
ferry_secrets_clear_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (is_task_of (result, ferry_secrets_clear_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
password_file_error (GError     **error,
                     int          code,
                     const char  *format,
                     ...) G_GNUC_PRINTF (3, 4);

static gboolean
password_file_error (GError     **error,
                     int          code,
                     const char  *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (FERRY_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

/* Checks what the open @fd is, before reading a byte of it. */
static gboolean
check_password_file (int          fd,
                     const char  *path,
                     GError     **error)
{
  struct stat st;
  guint mode;

  if (fstat (fd, &st) != 0)
    return password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                                "Could not check the password file “%s”: %s",
                                path, g_strerror (errno));
  if (!S_ISREG (st.st_mode))
    return password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                                "“%s” is not a regular file; write the password into a "
                                "plain file and run `chmod 600 FILE` on it", path);
  if (st.st_uid != geteuid ())
    return password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                                "The password file “%s” belongs to another user; it must "
                                "belong to the user running Ferry (chown it, then run "
                                "`chmod 600 %s`)", path, path);

  mode = st.st_mode & 07777;
  if (mode != 0600 && mode != 0400)
    return password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                                "The password file “%s” has mode %04o, so others could read "
                                "or change it; run `chmod 600 %s` and try again",
                                path, mode, path);
  if (st.st_size > MAX_PASSWORD_FILE)
    return password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                                "The password file “%s” is larger than %d bytes; it must "
                                "hold just the password", path, MAX_PASSWORD_FILE);
  return TRUE;
}

/* Reads at most MAX_PASSWORD_FILE bytes of @fd into @buffer; the length,
 * or -1. */
static gssize
read_all (int   fd,
          char *buffer)
{
  gsize length = 0;

  while (length <= MAX_PASSWORD_FILE)
    {
      gssize n = read (fd, buffer + length, MAX_PASSWORD_FILE + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      length += n;
    }
  return length;
}

/* The password in @buffer, or NULL if it is not one line of text. */
static char *
password_from_buffer (char        *buffer,
                      gsize        length,
                      const char  *path,
                      GError     **error)
{
  if (length > 0 && buffer[length - 1] == '\n')
    length--;
  if (length > 0 && buffer[length - 1] == '\r')
    length--;

  if (length == 0)
    password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                         "The password file “%s” is empty; write the password into it",
                         path);
  else if (memchr (buffer, '\n', length) != NULL || memchr (buffer, '\r', length) != NULL
           || memchr (buffer, '\0', length) != NULL)
    password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                         "The password file “%s” holds more than one line; keep only the "
                         "password in it", path);
  else if (!g_utf8_validate (buffer, length, NULL))
    password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                         "The password file “%s” is not UTF-8 text; save it as UTF-8", path);
  else
    return g_strndup (buffer, length);
  return NULL;
}

char *
ferry_secrets_read_password_file (const char  *path,
                                  GError     **error)
{
  char buffer[MAX_PASSWORD_FILE + 1];
  char *password = NULL;
  gssize length = -1;
  int saved_errno;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  /* O_NONBLOCK: a FIFO must not hang the open; fstat refuses it next. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      saved_errno = errno;
      password_file_error (error, saved_errno == ENOENT ? FERRY_ERROR_NOT_FOUND
                                                        : FERRY_ERROR_INVALID_ARGUMENT,
                           "Could not open the password file “%s”: %s%s", path,
                           g_strerror (saved_errno),
                           saved_errno == EACCES ? "; if it is yours, run `chmod 600` on it"
                                                 : "");
      return NULL;
    }

  if (check_password_file (fd, path, error))
    {
      length = read_all (fd, buffer);
      saved_errno = errno;
      if (length < 0)
        password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                             "Could not read the password file “%s”: %s", path,
                             g_strerror (saved_errno));
      else if (length > MAX_PASSWORD_FILE)
        password_file_error (error, FERRY_ERROR_INVALID_ARGUMENT,
                             "The password file “%s” is larger than %d bytes; it must hold "
                             "just the password", path, MAX_PASSWORD_FILE);
      else
        password = password_from_buffer (buffer, length, path, error);
    }
  close (fd);

  explicit_bzero (buffer, sizeof buffer);
  return password;
}
