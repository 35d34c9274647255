/* test-demo-session.c: the embedded demo starts a real ferry-cloud, adds a
 * connection that can sync, and stops the cloud again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "account-test-util.h"
#include "ferry-app-state.h"
#include "ferry-cloud-client.h"
#include "ferry-demo-generator.h"
#include "ferry-demo-session.h"
#include "ferry-error.h"

static guint64
small_record_count (void)
{
  g_autoptr(FerryDemoGenerator) generator = ferry_demo_generator_new ();
  g_autoptr(GError) error = NULL;
  guint64 min = ferry_demo_generator_get_min_records (generator, &error);

  g_assert_no_error (error);
  return MAX (min, 500);
}

static gboolean
start (FerryDemoSession  *session,
       FerryAppState     *state,
       GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_demo_session_start_async (session, state, NULL, account_test_on_done, &result);
  return ferry_demo_session_start_finish (session, account_test_wait (&result), error);
}

/* GET /api/v1/health: the HTTP status, 0 when nothing answers. */
static guint
health_status (const char *cloud_url)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autofree char *url = g_strconcat (cloud_url, "/api/v1/health", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  return body != NULL ? soup_message_get_status (msg) : 0;
}

/* The demo user logs in with the password the demo wrote, and may sync. */
static void
assert_demo_user_can_sync (FerryDemoSession *session)
{
  g_autofree char *path = g_build_filename (ferry_demo_session_get_directory (session),
                                            "password", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPassword) password = ferry_secrets_read_password_file (path, &error);
  g_autoptr(FerryCloudClient) client = NULL;
  g_autoptr(FerryCloudUser) me = NULL;

  g_assert_no_error (error);
  client = ferry_cloud_client_new_for_site_url (ferry_demo_session_get_site_url (session),
                                                FERRY_DEMO_COMPANY, &error);
  g_assert_no_error (error);
  me = ferry_cloud_client_login (client, FERRY_DEMO_USER, password, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (me->can_sync);
  g_assert_cmpstr (me->role, ==, "admin");
}

static void
assert_connection_ready (FerryDemoSession *session,
                         FerryAppState    *state)
{
  FerryConnectionStore *store = ferry_app_state_get_store (state);
  FerryConnection *connection = ferry_connection_store_lookup (store, FERRY_DEMO_CONNECTION_NAME);
  FerryAccount *account = ferry_app_state_get_account (state);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPassword) password = NULL;

  g_assert_nonnull (connection);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_app_state_get_connections (state)), ==, 1);
  g_assert_true (ferry_connection_check_cloud (connection, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (ferry_connection_get_location (connection), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (ferry_connection_get_site_url (connection), ==,
                   ferry_demo_session_get_cloud_url (session));

  /* The account is filled in and connected, so Sync is on. */
  g_assert_cmpstr (ferry_account_get_site_url (account), ==,
                   ferry_demo_session_get_site_url (session));
  g_assert_true (ferry_account_get_connected (account));
  g_assert_true (ferry_app_state_get_can_sync (state));
  g_assert_true (ferry_account_matches (account, connection));
  password = account_test_password_for (account, connection, &error);
  g_assert_no_error (error);
  g_assert_nonnull (password);
}

static void
test_start_and_stop (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ferry-demo-XXXXXX", NULL);
  g_autoptr(FerryDemoSession) session = ferry_demo_session_new (dir);
  g_autoptr(FerryDemoSession) again = NULL;
  g_autoptr(FerryAppState) state = NULL;
  g_autoptr(FerryAppState) next_state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_url = NULL;

  ferry_demo_session_set_records (session, small_record_count ());
  state = ferry_app_state_new_demo (ferry_demo_session_get_profile_dir (session));
  g_assert_true (start (session, state, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_demo_session_get_running (session));
  g_assert_true (g_str_has_prefix (ferry_demo_session_get_cloud_url (session), "http://127.0.0.1:"));
  g_assert_cmpuint (health_status (ferry_demo_session_get_cloud_url (session)), ==, 200);
  assert_connection_ready (session, state);
  assert_demo_user_can_sync (session);

  /* stop () ends the cloud: nothing answers on its port any more. */
  first_url = g_strdup (ferry_demo_session_get_cloud_url (session));
  ferry_demo_session_stop (session);
  g_assert_false (ferry_demo_session_get_running (session));
  g_assert_cmpuint (health_status (first_url), ==, 0);

  /* A second start in the same directory begins afresh. */
  again = ferry_demo_session_new (dir);
  ferry_demo_session_set_records (again, small_record_count ());
  next_state = ferry_app_state_new_demo (ferry_demo_session_get_profile_dir (again));
  g_assert_true (start (again, next_state, &error));
  g_assert_no_error (error);
  assert_connection_ready (again, next_state);
  g_clear_object (&again);
  account_test_remove_tree (dir);
}

static void
test_cloud_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cloud = NULL;

  g_setenv ("FERRY_CLOUD", "/nonexistent/ferry-cloud", TRUE);
  cloud = ferry_demo_session_find_cloud (&error);
  g_assert_null (cloud);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/app/demo-session/start-and-stop", test_start_and_stop);
  /* Last: it changes FERRY_CLOUD. */
  g_test_add_func ("/app/demo-session/cloud-not-found", test_cloud_not_found);

  return g_test_run ();
}
