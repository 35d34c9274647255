/* test-account.c: FerryAccount and FerryAppState against a real ferry-cloud
 * on loopback, with the keyring of build-aux/test-session.sh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "account-test-util.h"
#include "cloud-client-test-util.h"
#include "ferry-app-state.h"
#include "ferry-company.h"
#include "ferry-error.h"
#include "ferry-secrets.h"

typedef struct
{
  CloudTestServer *server;
  char            *profile;  /* owned */
  FerryAppState   *state;    /* owned */
  FerryAccount    *account;  /* borrowed from state */
  char            *site_url; /* owned: SERVER/demo */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = cloud_test_server_start (NULL);
  fixture->profile = g_dir_make_tmp ("ferry-account-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->state = ferry_app_state_new (fixture->profile);
  fixture->account = ferry_app_state_get_account (fixture->state);
  fixture->site_url = g_strconcat (fixture->server->url, "/demo", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->state);
  cloud_test_server_stop (fixture->server);
  account_test_remove_tree (fixture->profile);
  g_free (fixture->profile);
  g_free (fixture->site_url);
}

static gboolean
connect_as (Fixture     *fixture,
            const char  *user,
            const char  *password,
            GError     **error)
{
  ferry_account_set_site_url (fixture->account, fixture->site_url);
  ferry_account_set_user (fixture->account, user);
  return account_test_connect (fixture->account, password, error);
}

static void
test_connect_can_sync (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCompany) company = NULL;
  g_autofree char *kept = NULL;
  GListModel *companies = ferry_account_get_companies (fixture->account);

  g_assert_false (ferry_app_state_get_can_sync (fixture->state));
  g_assert_nonnull (ferry_app_state_get_sync_blocked_reason (fixture->state));

  g_assert_true (connect_as (fixture, "ada", CLOUD_TEST_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_account_get_connected (fixture->account));
  g_assert_false (ferry_account_get_busy (fixture->account));
  g_assert_cmpstr (ferry_account_get_display_name (fixture->account), ==, "Ada Lovelace");
  g_assert_cmpstr (ferry_account_get_role (fixture->account), ==, "admin");
  g_assert_cmpstr (ferry_account_get_site (fixture->account), ==, "demo");
  g_assert_true (ferry_account_get_can_sync (fixture->account));
  g_assert_null (ferry_account_get_can_sync_message (fixture->account));
  /* Without a keyring the account holds the password, and says so. */
  if (account_test_have_keyring ())
    g_assert_null (ferry_account_get_error_message (fixture->account));
  else
    g_assert_true (g_str_has_prefix (ferry_account_get_error_message (fixture->account),
                                     "Connected, but the keyring could not keep the password"));
  g_assert_cmpuint (g_list_model_get_n_items (companies), ==, 1);
  company = g_list_model_get_item (companies, 0);
  g_assert_cmpstr (ferry_company_get_code (company), ==, "01");
  g_assert_cmpstr (ferry_company_get_name (company), ==, "Demo Construction");

  /* Every Sync button binds to this. */
  g_assert_true (ferry_app_state_get_can_sync (fixture->state));
  g_assert_null (ferry_app_state_get_sync_blocked_reason (fixture->state));

  if (!account_test_have_keyring ())
    return;
  kept = account_test_keyring_lookup (fixture->site_url, "ada");
  g_assert_cmpstr (kept, ==, CLOUD_TEST_PASSWORD);
}

static void
test_no_can_sync (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *expected = "Your account can see site demo but may not sync. Ask an "
                         "administrator of the site to give you Can Sync.";
  g_autoptr(GError) error = NULL;

  g_assert_true (connect_as (fixture, "bob", CLOUD_TEST_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_account_get_connected (fixture->account));
  /* No display name: the user name stands in. */
  g_assert_cmpstr (ferry_account_get_display_name (fixture->account), ==, "bob");
  g_assert_cmpstr (ferry_account_get_role (fixture->account), ==, "member");
  g_assert_false (ferry_account_get_can_sync (fixture->account));
  g_assert_cmpstr (ferry_account_get_can_sync_message (fixture->account), ==, expected);
  g_assert_false (ferry_app_state_get_can_sync (fixture->state));
  g_assert_cmpstr (ferry_app_state_get_sync_blocked_reason (fixture->state), ==, expected);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;

  g_assert_false (connect_as (fixture, "ada", "not the password", &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH,
                                "refused the password of “ada”", "Check the user name", NULL);
  g_assert_cmpstr (ferry_account_get_error_message (fixture->account), ==, error->message);
  g_assert_false (ferry_account_get_connected (fixture->account));
  g_assert_false (ferry_account_get_busy (fixture->account));
  g_assert_false (ferry_app_state_get_can_sync (fixture->state));

  if (!account_test_have_keyring ())
    return;
  kept = account_test_keyring_lookup (fixture->site_url, "ada");
  g_assert_null (kept);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup (fixture->site_url);

  /* Nothing listens on the port any more. */
  cloud_test_server_terminate (fixture->server);
  ferry_account_set_site_url (fixture->account, url);
  ferry_account_set_user (fixture->account, "ada");
  g_assert_false (account_test_connect (fixture->account, CLOUD_TEST_PASSWORD, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_RETRYABLE,
                                "Could not reach the cloud at", url, NULL);
  g_assert_cmpstr (ferry_account_get_error_message (fixture->account), ==, error->message);
}

static void
test_tls_untrusted (void)
{
  g_autofree char *cert = NULL;
  CloudTestServer *server = start_tls_server (&cert);
  g_autofree char *profile = g_dir_make_tmp ("ferry-account-XXXXXX", NULL);
  g_autoptr(FerryAccount) account = ferry_account_new (profile);
  g_autofree char *site_url = g_strconcat (server->url, "/demo", NULL);
  g_autoptr(GError) error = NULL;

  ferry_account_set_site_url (account, site_url);
  ferry_account_set_user (account, "ada");
  g_assert_false (account_test_connect (account, CLOUD_TEST_PASSWORD, &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_TLS,
                                "could not verify the identity", "did not send the password",
                                NULL);
  cloud_test_server_stop (server);
  account_test_remove_tree (profile);
}

static void
test_form_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (account_test_connect (fixture->account, "x", &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "Type the site URL", NULL);
  g_clear_error (&error);

  ferry_account_set_site_url (fixture->account, "cloud.example.com");
  ferry_account_set_user (fixture->account, "ada");
  g_assert_false (account_test_connect (fixture->account, "x", &error));
  ferry_test_assert_error_says (error, FERRY_CLOUD_CLIENT_ERROR,
                                FERRY_CLOUD_CLIENT_ERROR_INVALID_URL,
                                "“cloud.example.com” is not a site URL", NULL);
  g_clear_error (&error);

  ferry_account_set_site_url (fixture->account, fixture->site_url);
  ferry_account_set_user (fixture->account, "  ");
  g_assert_false (account_test_connect (fixture->account, "x", &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "Type your user name", NULL);
  g_assert_false (ferry_account_get_busy (fixture->account));
}

/* The form is saved with the first login; the next start restores the
 * connection from the keyring; disconnecting forgets the password. */
static void
test_restore_and_disconnect (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(FerryAppState) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  FerryAccount *account;

  if (!account_test_have_keyring ())
    return;
  /* Nothing saved yet: restoring is a quiet no. */
  g_assert_false (account_test_restore (fixture->account, &error));
  g_assert_no_error (error);
  g_assert_null (ferry_account_get_error_message (fixture->account));

  g_assert_true (connect_as (fixture, "ada", CLOUD_TEST_PASSWORD, &error));
  next = ferry_app_state_new (fixture->profile);
  account = ferry_app_state_get_account (next);
  g_assert_cmpstr (ferry_account_get_site_url (account), ==, fixture->site_url);
  g_assert_cmpstr (ferry_account_get_user (account), ==, "ada");
  g_assert_true (account_test_restore (account, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_account_get_connected (account));
  g_assert_true (ferry_app_state_get_can_sync (next));

  g_assert_true (account_test_disconnect (account, &error));
  g_assert_no_error (error);
  g_assert_false (ferry_account_get_connected (account));
  g_assert_false (ferry_app_state_get_can_sync (next));
  g_assert_cmpstr (ferry_account_get_site_url (account), ==, fixture->site_url);
  kept = account_test_keyring_lookup (fixture->site_url, "ada");
  g_assert_null (kept);

  /* Restoring without a kept password is quiet too. */
  g_assert_false (account_test_restore (account, &error));
  g_assert_no_error (error);
}

static FerryConnection *
connection_to (const char *server_url,
               const char *user)
{
  FerryConnection *connection = ferry_connection_new (NULL, "Main office");

  ferry_connection_set_location (connection, "/srv/accounting/company.db");
  ferry_connection_set_site_url (connection, server_url);
  ferry_connection_set_site (connection, "demo");
  ferry_connection_set_company (connection, "01");
  ferry_connection_set_user (connection, user);
  return connection;
}

/* A connection to the account's site and user syncs with its password:
 * through the account, and through core's lookup (ferryctl, the service). */
static void
test_password_for_connection (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *spelled_otherwise = g_strconcat (fixture->server->url, "/", NULL);
  g_autoptr(FerryConnection) same = connection_to (spelled_otherwise, "ada");
  g_autoptr(FerryConnection) other = connection_to (fixture->server->url, "bob");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPassword) password = NULL;
  g_autoptr(FerryPassword) core_password = NULL;
  g_autoptr(FerryPassword) none = NULL;

  g_assert_true (connect_as (fixture, "ada", CLOUD_TEST_PASSWORD, &error));
  g_assert_true (ferry_account_matches (fixture->account, same));
  g_assert_false (ferry_account_matches (fixture->account, other));

  /* From the keyring, or held by the account when there is none. */
  password = account_test_password_for (fixture->account, same, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, CLOUD_TEST_PASSWORD);

  none = account_test_password_for (fixture->account, other, &error);
  g_assert_null (none);
  if (!account_test_have_keyring ())
    {
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NO_SECRET_SERVICE);
      return;
    }
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  core_password = ferry_secrets_lookup (same, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (core_password, ==, CLOUD_TEST_PASSWORD);
}

static void
test_describe_error (void)
{
  g_autoptr(GError) plain = g_error_new_literal (FERRY_ERROR, FERRY_ERROR_FAILED, "As it was.");
  g_autoptr(GError) auth = g_error_new_literal (FERRY_CLOUD_CLIENT_ERROR,
                                                FERRY_CLOUD_CLIENT_ERROR_AUTH, "401");
  g_autofree char *plain_text = ferry_account_describe_error (plain, "https://c.example/demo", "ada");
  g_autofree char *auth_text = ferry_account_describe_error (auth, "https://c.example/demo", "ada");

  g_assert_cmpstr (plain_text, ==, "As it was.");
  g_assert_cmpstr (auth_text, ==, "The cloud refused the password of “ada”. Check the user "
                                  "name and the password, then connect again.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/app/account/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("connect-can-sync", test_connect_can_sync);
  ADD ("no-can-sync", test_no_can_sync);
  ADD ("wrong-password", test_wrong_password);
  ADD ("unreachable", test_unreachable);
  ADD ("form-errors", test_form_errors);
  ADD ("restore-and-disconnect", test_restore_and_disconnect);
  ADD ("password-for-connection", test_password_for_connection);
#undef ADD
  g_test_add_func ("/app/account/tls-untrusted", test_tls_untrusted);
  g_test_add_func ("/app/account/describe-error", test_describe_error);

  return g_test_run ();
}
