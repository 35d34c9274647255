/* test-connect.c: the Connect page against a real ferry-cloud on loopback,
 * with the keyring of build-aux/test-session.sh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "account-test-util.h"
#include "cloud-test-server.h"
#include "gui-test-util.h"

#define NO_CAN_SYNC "Your account can see site demo but may not sync. Ask an administrator " \
                    "of the site to give you Can Sync."

typedef struct
{
  CloudTestServer  *server;
  char             *site_url; /* owned: SERVER/demo */
  char             *profile;  /* owned */
  FerryApplication *app;
  FerryAppState    *state;    /* owned */
  FerryWindow      *window;
  GtkWidget        *page;     /* the Connect page */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = cloud_test_server_start (NULL);
  fixture->site_url = g_strconcat (fixture->server->url, "/demo", NULL);
  fixture->profile = g_dir_make_tmp ("ferry-gui-XXXXXX", NULL);
  fixture->app = gui_test_get_application ();
  fixture->state = ferry_app_state_new (fixture->profile);
  fixture->window = gui_test_show_window (fixture->app, fixture->state);
  fixture->page = ferry_window_get_page (fixture->window, FERRY_PAGE_CONNECT);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->state);
  cloud_test_server_stop (fixture->server);
  account_test_remove_tree (fixture->profile);
  g_free (fixture->profile);
  g_free (fixture->site_url);
}

static GtkWidget *
page_widget (Fixture    *fixture,
             const char *name)
{
  return gui_test_get (fixture->page, name);
}

static gboolean
account_idle (gpointer data)
{
  return !ferry_account_get_busy (data);
}

/* Types into the form and clicks Connect, as a person would. */
static void
connect_as (Fixture    *fixture,
            const char *user,
            const char *password)
{
  FerryAccount *account = ferry_app_state_get_account (fixture->state);
  GtkWidget *button = page_widget (fixture, "connect");

  gtk_editable_set_text (GTK_EDITABLE (page_widget (fixture, "site-url")), fixture->site_url);
  gtk_editable_set_text (GTK_EDITABLE (page_widget (fixture, "user")), user);
  gtk_editable_set_text (GTK_EDITABLE (page_widget (fixture, "password")), password);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  /* Busy: the button and the form wait, a spinner turns. */
  g_assert_true (ferry_account_get_busy (account));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_widget_is_sensitive (page_widget (fixture, "site-url")));
  g_assert_true (gtk_widget_get_visible (page_widget (fixture, "status")));
  gui_test_wait_until (account_idle, account);
}

static const char *
subtitle_of (Fixture    *fixture,
             const char *name)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (page_widget (fixture, name)));
}

static GtkRevealer *
banner (Fixture *fixture)
{
  return GTK_REVEALER (gui_test_get (GTK_WIDGET (fixture->window), "banner"));
}

static void
test_connect_can_sync (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *who;
  g_autofree char *kept = NULL;

  connect_as (fixture, "ada", CLOUD_TEST_PASSWORD);

  g_assert_true (ferry_account_get_connected (ferry_app_state_get_account (fixture->state)));
  who = page_widget (fixture, "who");
  g_assert_true (gtk_widget_is_visible (who));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (who)), ==, "Ada Lovelace");
  g_assert_cmpstr (subtitle_of (fixture, "who"), ==, "ada · Administrator of site demo");
  g_assert_true (g_str_has_prefix (subtitle_of (fixture, "can-sync"), "Yes"));
  g_assert_false (gtk_revealer_get_reveal_child (banner (fixture)));
  g_assert_true (ferry_app_state_get_can_sync (fixture->state));
  g_assert_false (gtk_widget_get_visible (gui_test_get (GTK_WIDGET (fixture->window), "sync-blocked")));

  /* Connected: Disconnect instead of Connect, and the typed password is
   * gone from the window: it is in the keyring. */
  g_assert_false (gtk_widget_get_visible (page_widget (fixture, "connect")));
  g_assert_true (gtk_widget_get_visible (page_widget (fixture, "disconnect")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_widget (fixture, "password"))), ==, "");
  g_assert_false (gtk_widget_get_visible (page_widget (fixture, "error")));
  g_assert_nonnull (g_getenv ("FERRY_TEST_SESSION"));
  kept = account_test_keyring_lookup (fixture->site_url, "ada");
  g_assert_cmpstr (kept, ==, CLOUD_TEST_PASSWORD);
}

static void
test_no_can_sync (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *blocked = gui_test_get (GTK_WIDGET (fixture->window), "sync-blocked");

  /* Before connecting, Sync says to connect first. */
  g_assert_true (gtk_widget_get_visible (blocked));
  g_assert_false (ferry_app_state_get_can_sync (fixture->state));

  connect_as (fixture, "bob", CLOUD_TEST_PASSWORD);

  g_assert_true (gtk_revealer_get_reveal_child (banner (fixture)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gui_test_get (GTK_WIDGET (fixture->window),
                                                                 "banner-label"))),
                   ==, NO_CAN_SYNC);
  g_assert_cmpstr (subtitle_of (fixture, "can-sync"), ==, NO_CAN_SYNC);
  g_assert_cmpstr (subtitle_of (fixture, "who"), ==, "bob · Member of site demo");
  g_assert_false (ferry_app_state_get_can_sync (fixture->state));
  g_assert_cmpstr (ferry_app_state_get_sync_blocked_reason (fixture->state), ==, NO_CAN_SYNC);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (blocked)), ==, NO_CAN_SYNC);

  /* The banner's button leads to the account. */
  ferry_window_show_page (fixture->window, FERRY_PAGE_SYNC);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             FERRY_PAGE_CONNECT));
  g_assert_true (gtk_widget_get_mapped (fixture->page));
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *error;
  g_autofree char *kept = NULL;

  connect_as (fixture, "ada", "not the password");

  error = page_widget (fixture, "error");
  g_assert_true (gtk_widget_get_visible (error));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error)), ==,
                   "The cloud refused the password of “ada”. Check the user name and the "
                   "password, then connect again.");
  g_assert_false (ferry_account_get_connected (ferry_app_state_get_account (fixture->state)));
  g_assert_false (gtk_widget_is_visible (page_widget (fixture, "who")));
  /* The form is open again for the fix. */
  g_assert_true (gtk_widget_is_sensitive (page_widget (fixture, "password")));
  g_assert_true (gtk_widget_is_sensitive (page_widget (fixture, "connect")));
  kept = account_test_keyring_lookup (fixture->site_url, "ada");
  g_assert_null (kept);
}

static gboolean
disconnected (gpointer data)
{
  return !ferry_account_get_connected (data) && !ferry_account_get_busy (data);
}

/* Enter in the password field connects; Disconnect asks first, then
 * forgets the password. */
static void
test_enter_and_disconnect (Fixture       *fixture,
                           gconstpointer  data)
{
  FerryAccount *account = ferry_app_state_get_account (fixture->state);
  GtkWidget *password = page_widget (fixture, "password");
  AdwMessageDialog *dialog;
  g_autofree char *kept = NULL;

  gtk_editable_set_text (GTK_EDITABLE (page_widget (fixture, "site-url")), fixture->site_url);
  gtk_editable_set_text (GTK_EDITABLE (page_widget (fixture, "user")), "ada");
  gtk_editable_set_text (GTK_EDITABLE (password), CLOUD_TEST_PASSWORD);
  g_signal_emit_by_name (password, "entry-activated");
  gui_test_wait_until (account_idle, account);
  g_assert_true (ferry_account_get_connected (account));

  g_signal_emit_by_name (page_widget (fixture, "disconnect"), "clicked");
  dialog = ADW_MESSAGE_DIALOG (gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Disconnect From the Cloud?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "disconnect"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "disconnect");
  gui_test_wait_until (disconnected, account);

  g_assert_true (gtk_widget_get_visible (page_widget (fixture, "connect")));
  g_assert_true (gtk_widget_is_sensitive (page_widget (fixture, "site-url")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (page_widget (fixture, "site-url"))), ==,
                   fixture->site_url);
  kept = account_test_keyring_lookup (fixture->site_url, "ada");
  g_assert_null (kept);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *profile = gui_test_init (&argc, &argv);
  int status;

#define ADD(path, func) \
  g_test_add ("/gui/connect/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("can-sync", test_connect_can_sync);
  ADD ("no-can-sync", test_no_can_sync);
  ADD ("wrong-password", test_wrong_password);
  ADD ("enter-and-disconnect", test_enter_and_disconnect);
#undef ADD

  status = g_test_run ();
  account_test_remove_tree (profile);
  return status;
}
