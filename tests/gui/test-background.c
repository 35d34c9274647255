/* test-background.c: the application runs the automatic syncs, tells the
 * desktop of one that left records behind, and the notification opens
 * that run's details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop's notification service is played by this program: it owns
 * org.gtk.Notifications on the test session bus, where GLib's "gtk"
 * backend sends what GNOME Shell would show. The rest is real: the
 * application, its window, the embedded demo's ferry-cloud on loopback and
 * its accounting database, the keyring.
 */
#include "config.h"

#include "ferry-preferences-window.h"
#include "ferry-run-details.h"
#include "gui-test-util.h"
#include "sync-test-util.h"

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  GPtrArray *added;   /* GVariant (sa{sv}): the id and the notification, in order */
  guint      removed;
  gboolean   owned;
} FakeShell;

static void
on_method_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  FakeShell *shell = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    {
      const char *app_id, *id;
      g_autoptr(GVariant) notification = NULL;

      g_variant_get (parameters, "(&s&s@a{sv})", &app_id, &id, &notification);
      g_assert_cmpstr (app_id, ==, APP_ID);
      g_ptr_array_add (shell->added, g_variant_ref_sink (g_variant_new ("(s@a{sv})", id, notification)));
    }
  else
    shell->removed++;
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { on_method_call, NULL, NULL, { 0 } };

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((FakeShell *) user_data)->owned = TRUE;
}

static gboolean
is_owned (gpointer data)
{
  return ((FakeShell *) data)->owned;
}

static gboolean
has_notification (gpointer data)
{
  return ((FakeShell *) data)->added->len > 0;
}

static guint
fake_shell_start (FakeShell *shell)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GError) error = NULL;
  guint name_id;

  g_assert_nonnull (bus);
  shell->added = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_dbus_connection_register_object (bus, "/org/gtk/Notifications", info->interfaces[0], &vtable,
                                     shell, NULL, &error);
  g_assert_no_error (error);
  name_id = g_bus_own_name_on_connection (bus, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                          on_name_acquired, NULL, shell, NULL);
  gui_test_wait_until (is_owned, shell);
  return name_id;
}

static gboolean
details_shown (gpointer data)
{
  return gui_test_find_toplevel (FERRY_TYPE_RUN_DETAILS, NULL) != NULL;
}

typedef struct
{
  FerryBackgroundSync *background;
  gboolean             stopped;
} Stopping;

static void
on_stopped (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Stopping *stopping = user_data;

  g_assert_true (ferry_background_sync_stop_finish (stopping->background, result, NULL));
  stopping->stopped = TRUE;
}

static gboolean
is_stopped (gpointer data)
{
  return ((Stopping *) data)->stopped;
}

/* Activated, the application runs the demo connection's first automatic
 * sync (it never ran, so it is due); the cloud rejects one record; the
 * desktop gets one notification naming the connection, whose action opens
 * History and the run's details. The window may close meanwhile: the
 * application holds on while "background-sync" is on. */
static void
test_notification (void)
{
  SyncTestDemo *demo = sync_test_demo_start (sync_test_records (500));
  FakeShell shell = { 0 };
  guint name_id = fake_shell_start (&shell);
  FerryApplication *app;
  GSettings *settings;
  FerryWindow *window;
  FerryRunDetails *details;
  const FerryLedgerRun *run;
  const char *id, *action, *title, *body;
  g_autoptr(GVariant) notification = NULL;
  g_autoptr(GVariant) target = NULL;
  AdwViewStack *stack;
  GtkWindow *preferences;
  Stopping stopping = { NULL, FALSE };

  sync_test_demo_break_a_job (demo);
  /* The application's profile is the demo's, with its connection. */
  g_setenv ("FERRY_PROFILE", ferry_demo_session_get_profile_dir (demo->session), TRUE);
  app = gui_test_get_application ();
  settings = ferry_application_get_settings (app);
  g_assert_nonnull (ferry_application_get_background_sync (app));
  g_assert_false (ferry_application_get_holding (app));

  g_application_activate (G_APPLICATION (app));
  gui_test_wait_until (has_notification, &shell);
  g_assert_cmpint (ferry_background_sync_get_status (ferry_application_get_background_sync (app)),
                   ==, FERRY_BACKGROUND_SYNC_RUNNING);

  g_assert_cmpuint (shell.added->len, ==, 1);
  g_variant_get (shell.added->pdata[0], "(&s@a{sv})", &id, &notification);
  g_assert_true (g_str_has_prefix (id, "automatic-sync-"));
  g_assert_true (g_variant_lookup (notification, "title", "&s", &title));
  g_assert_cmpstr (title, ==, "Automatic sync of “" FERRY_DEMO_CONNECTION_NAME "”: 1 record not accepted");
  g_assert_true (g_variant_lookup (notification, "body", "&s", &body));
  g_assert_nonnull (strstr (body, "how to fix it"));
  g_assert_true (g_variant_lookup (notification, "default-action", "&s", &action));
  g_assert_cmpstr (action, ==, "app.show-run");
  target = g_variant_lookup_value (notification, "default-action-target", G_VARIANT_TYPE_STRING);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==,
                   ferry_connection_get_id (sync_test_demo_connection (demo)));

  /* Preferences say who runs the automatic syncs. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = gui_test_find_toplevel (FERRY_TYPE_PREFERENCES_WINDOW, NULL);
  g_assert_nonnull (preferences);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (gui_test_get (GTK_WIDGET (preferences), "automatic-syncs"))),
                   ==, "Ferry runs the automatic syncs of this computer’s connections.");
  gtk_window_destroy (preferences);

  /* Closing the window would not quit: the app holds on for the schedules,
   * as long as the setting says so. */
  g_assert_true (ferry_application_get_holding (app));
  g_settings_set_boolean (settings, "background-sync", FALSE);
  g_assert_false (ferry_application_get_holding (app));
  g_settings_set_boolean (settings, "background-sync", TRUE);
  g_assert_true (ferry_application_get_holding (app));

  /* What the shell does when the notification is clicked. */
  g_action_group_activate_action (G_ACTION_GROUP (app), action + strlen ("app."), target);
  gui_test_wait_until (details_shown, NULL);
  details = FERRY_RUN_DETAILS (gui_test_find_toplevel (FERRY_TYPE_RUN_DETAILS, NULL));
  run = ferry_run_item_get_run (ferry_run_details_get_item (details));
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_RECORD_ERRORS);
  g_assert_cmpint (run->trigger, ==, FERRY_LEDGER_TRIGGER_AUTOMATIC);
  window = FERRY_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (details)) == GTK_WINDOW (window));
  stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (ferry_window_get_page (window, FERRY_PAGE_HISTORY),
                                                   ADW_TYPE_VIEW_STACK));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, FERRY_PAGE_HISTORY);

  gtk_window_destroy (GTK_WINDOW (details));
  gtk_window_destroy (GTK_WINDOW (window));
  stopping.background = ferry_application_get_background_sync (app);
  ferry_background_sync_stop_async (stopping.background, on_stopped, &stopping);
  gui_test_wait_until (is_stopped, &stopping);
  g_assert_false (ferry_application_get_holding (app));
  g_bus_unown_name (name_id);
  g_ptr_array_unref (shell.added);
  sync_test_demo_stop (demo);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *profile = gui_test_init (&argc, &argv);
  int status;

  /* What GNOME gives applications; this program plays the shell. */
  g_setenv ("GNOTIFICATION_BACKEND", "gtk", TRUE);
  /* The scheduler warns of what it skips; only criticals are bugs here. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_test_add_func ("/background/notification", test_notification);
  status = g_test_run ();
  account_test_remove_tree (profile);
  return status;
}
