/* account-test-util.h: driving FerryAccount from a test, and reading the
 * keyring behind its back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by tests/app-model and tests/gui. The keyring is the one
 * build-aux/test-session.sh starts; a test outside it skips the keyring
 * checks instead of touching the desktop's real keyring.
 */
#pragma once

#include <glib/gstdio.h>

#include "ferry-account.h"
#include "ferry-secrets.h"

G_BEGIN_DECLS

static inline gboolean
account_test_have_keyring (void)
{
  if (g_getenv ("FERRY_TEST_SESSION") != NULL)
    return TRUE;
  g_test_message ("keyring checks need build-aux/test-session.sh");
  return FALSE;
}

/* What the keyring keeps for the account, asked without FerryAccount. */
static inline char *
account_test_keyring_lookup (const char *site_url,
                             const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *api_url = ferry_secrets_account_api_url (site_url, &error);
  char *password;

  g_assert_no_error (error);
  password = secret_password_lookup_sync (ferry_secrets_get_account_schema (), NULL, &error,
                                          "api-url", api_url,
                                          "user", user,
                                          NULL);
  g_assert_no_error (error);
  return password;
}

static inline void
account_test_on_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the default main context until *@slot is set; returns it, owned. */
static inline GAsyncResult *
account_test_wait (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

static inline gboolean
account_test_connect (FerryAccount  *account,
                      const char    *password,
                      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_account_connect_async (account, password, NULL, account_test_on_done, &result);
  return ferry_account_connect_finish (account, account_test_wait (&result), error);
}

static inline gboolean
account_test_restore (FerryAccount  *account,
                      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_account_restore_async (account, NULL, account_test_on_done, &result);
  return ferry_account_restore_finish (account, account_test_wait (&result), error);
}

static inline gboolean
account_test_disconnect (FerryAccount  *account,
                         GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_account_disconnect_async (account, NULL, account_test_on_done, &result);
  return ferry_account_disconnect_finish (account, account_test_wait (&result), error);
}

static inline char *
account_test_password_for (FerryAccount     *account,
                           FerryConnection  *connection,
                           GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_account_lookup_password_for_async (account, connection, NULL, account_test_on_done,
                                           &result);
  return ferry_account_lookup_password_for_finish (account, account_test_wait (&result), error);
}

/* Removes a temporary directory and everything below it. */
static inline void
account_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          account_test_remove_tree (child);
        }
    }
  g_remove (path);
}

G_END_DECLS
