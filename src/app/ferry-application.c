/* ferry-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-application"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>

#include "ferry-app-resources.h"
#include "ferry-application.h"
#include "ferry-background-sync.h"
#include "ferry-preferences-window.h"
#include "ferry-run-details.h"
#include "ferry-run-notices.h"
#include "ferry-window.h"

/* How long quitting waits for the automatic runs it cancels to record
 * themselves. */
#define STOP_WAIT_US (10 * G_USEC_PER_SEC)

struct _FerryApplication
{
  AdwApplication    parent_instance;

  gboolean          demo;         /* --demo */
  gboolean          demo_started;
  GSettings        *settings;     /* owned, nullable */
  FerryAppState    *state;        /* owned, from start-up */
  FerryDemoSession *demo_session; /* owned, nullable */
  AdwToast         *demo_toast;   /* owned, nullable: "Preparing…" until the demo is ready */
  FerryBackgroundSync *background; /* owned, nullable: not for the demo */
  FerryRunNotices  *notices;      /* owned */
  gboolean          holding;      /* g_application_hold () for the background syncs */
  GCancellable     *cancellable;  /* owned: cancelled at shutdown */
  guint             sigterm_id;
  guint             sigint_id;
};

G_DEFINE_FINAL_TYPE (FerryApplication, ferry_application, ADW_TYPE_APPLICATION)

/* ---- The demo ---------------------------------------------------------- */

static FerryWindow *
active_window (FerryApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return FERRY_IS_WINDOW (window) ? FERRY_WINDOW (window) : NULL;
}

static void
show_demo_failure (FerryApplication *self,
                   const GError     *error)
{
  FerryWindow *window = active_window (self);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("The Demo Could Not Start"),
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_demo_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  FerryWindow *window;

  if (self->demo_toast != NULL)
    adw_toast_dismiss (self->demo_toast);
  g_clear_object (&self->demo_toast);
  if (!ferry_demo_session_start_finish (FERRY_DEMO_SESSION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_demo_failure (self, error);
      return;
    }
  if ((window = active_window (self)) == NULL)
    return;
  message = g_strdup_printf (_("“%s” is ready to sync with its demo cloud"),
                             FERRY_DEMO_CONNECTION_NAME);
  ferry_window_add_toast (window, adw_toast_new (message));
}

static void
start_demo (FerryApplication *self,
            FerryWindow      *window)
{
  self->demo_started = TRUE;
  self->demo_toast = adw_toast_new (_("Preparing the demo company and its cloud…"));
  adw_toast_set_timeout (self->demo_toast, 0);
  ferry_window_add_toast (window, g_object_ref (self->demo_toast));
  ferry_demo_session_start_async (self->demo_session, self->state, self->cancellable,
                                  on_demo_started, g_object_ref (self));
}

static FerryDemoSession *
new_demo_session (void)
{
  FerryDemoSession *session = ferry_demo_session_new (NULL);
  const char *records = g_getenv ("FERRY_DEMO_RECORDS");
  guint64 count;

  if (records != NULL && g_ascii_string_to_unsigned (records, 10, 1, G_MAXUINT64, &count, NULL))
    ferry_demo_session_set_records (session, count);
  return session;
}

/* ---- Automatic syncs ---------------------------------------------------- */

/* With "Keep syncing in the background" on, closing the last window does
 * not quit while this app runs the schedules. */
static void
update_hold (FerryApplication *self)
{
  gboolean hold = self->settings != NULL && self->background != NULL
                  && g_settings_get_boolean (self->settings, "background-sync")
                  && ferry_background_sync_get_status (self->background) == FERRY_BACKGROUND_SYNC_RUNNING;

  if (hold == self->holding)
    return;
  self->holding = hold;
  if (hold)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
}

static void
on_background_run_finished (FerryBackgroundSync   *background,
                            const char            *connection_id,
                            const char            *connection_name,
                            const FerrySyncResult *result,
                            const GError          *error,
                            FerryApplication      *self)
{
  g_autofree char *id = ferry_run_notices_dup_id (connection_id);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GNotification) notification = NULL;

  switch (ferry_run_notices_run_ended (self->notices, connection_id, connection_name, result, error,
                                       &title, &body))
    {
    case FERRY_RUN_NOTICE_SEND:
      notification = g_notification_new (title);
      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, error != NULL ? G_NOTIFICATION_PRIORITY_HIGH
                                                                : G_NOTIFICATION_PRIORITY_NORMAL);
      g_notification_set_default_action_and_target (notification, "app.show-run", "s",
                                                    connection_id);
      g_notification_add_button_with_target (notification, _("Show Details"), "app.show-run", "s",
                                             connection_id);
      g_application_send_notification (G_APPLICATION (self), id, notification);
      break;
    case FERRY_RUN_NOTICE_WITHDRAW:
      g_application_withdraw_notification (G_APPLICATION (self), id);
      break;
    case FERRY_RUN_NOTICE_NONE:
    default:
      break;
    }
}

static void
on_background_stopped (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  gboolean *stopped = user_data;

  ferry_background_sync_stop_finish (FERRY_BACKGROUND_SYNC (source), result, NULL);
  *stopped = TRUE;
}

/* Cancels the automatic runs and gives them a moment to record
 * themselves as cancelled (the ledger is consistent either way). */
static void
stop_background (FerryApplication *self)
{
  gint64 deadline = g_get_monotonic_time () + STOP_WAIT_US;
  gboolean stopped = FALSE;

  if (self->background == NULL)
    return;
  ferry_background_sync_stop_async (self->background, on_background_stopped, &stopped);
  while (!stopped && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    }
}

/* ---- Start-up ---------------------------------------------------------- */

static void
on_account_restored (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failure is on show on the Connect page (the account's error-message). */
  if (!ferry_account_restore_finish (FERRY_ACCOUNT (source), result, &error) && error != NULL)
    g_debug ("Could not restore the account: %s", error->message);
}

/* Run from the build tree without its schema (outside `meson devenv`), the
 * app still runs; it just does not remember its settings. */
static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("Settings schema %s is not installed; Ferry will not remember its settings",
                 APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
create_state (FerryApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (self->demo)
    {
      self->demo_session = new_demo_session ();
      self->state = ferry_app_state_new_demo (ferry_demo_session_get_profile_dir (self->demo_session));
      return;
    }
  self->state = ferry_app_state_new (NULL);
  self->background = ferry_background_sync_new (NULL);
  g_signal_connect_object (self->background, "run-finished",
                           G_CALLBACK (on_background_run_finished), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->background, "notify::status", G_CALLBACK (update_hold), self,
                           G_CONNECT_SWAPPED);
  if (!ferry_app_state_load (self->state, &error))
    g_warning ("%s", error->message);
  ferry_account_restore_async (ferry_app_state_get_account (self->state), self->cancellable,
                               on_account_restored, NULL);
}

/* SIGTERM or Ctrl-C in a terminal quit as the menu does, so that shutdown
 * stops the demo's cloud. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static int
ferry_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  FerryApplication *self = FERRY_APPLICATION (app);

  if (g_variant_dict_contains (options, "demo"))
    {
      self->demo = TRUE;
      /* The demo has a profile of its own: never hand it to a running Ferry. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }
  return -1;
}

static void
ferry_application_startup (GApplication *app)
{
  FerryApplication *self = FERRY_APPLICATION (app);

  G_APPLICATION_CLASS (ferry_application_parent_class)->startup (app);

  self->sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, self);
  self->sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->settings = new_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::background-sync", G_CALLBACK (update_hold),
                             self, G_CONNECT_SWAPPED);
  if (self->settings == NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (app),
                                                                              "preferences")),
                                 FALSE);
  create_state (self);
}

static void
ferry_application_activate (GApplication *app)
{
  FerryApplication *self = FERRY_APPLICATION (app);
  FerryWindow *window = active_window (self);

  if (window == NULL)
    window = ferry_window_new (self, self->state);
  gtk_window_present (GTK_WINDOW (window));

  if (self->demo_session != NULL && !self->demo_started)
    start_demo (self, window);
  /* Not at start-up: a program that only registers (the tests) runs none. */
  if (self->background != NULL)
    ferry_background_sync_start (self->background);
}

static void
ferry_application_shutdown (GApplication *app)
{
  FerryApplication *self = FERRY_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  stop_background (self);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  if (self->demo_session != NULL)
    ferry_demo_session_stop (self->demo_session);

  G_APPLICATION_CLASS (ferry_application_parent_class)->shutdown (app);
}

/* ---- Actions ----------------------------------------------------------- */

static void
ferry_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  FerryApplication *self = user_data;
  FerryPreferencesWindow *preferences;

  g_return_if_fail (self->settings != NULL);

  preferences = ferry_preferences_window_new (GTK_WINDOW (active_window (self)), self->settings,
                                             self->background);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
ferry_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "The Ferry developers", NULL };
  FerryApplication *self = user_data;

  adw_show_about_window (GTK_WINDOW (active_window (self)),
                         "application-name", _("Ferry"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Ferry developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Keeps a construction company’s accounting database "
                                       "and its cloud portal in sync, every record exactly once."),
                         "website", "https://github.com/ferrysync/ferry",
                         "issue-url", "https://github.com/ferrysync/ferry/issues",
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         "copyright", "© 2026 The Ferry developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
on_last_run_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FerryApplication) self = user_data;
  g_autoptr(FerryRunItem) item = NULL;
  g_autoptr(GError) error = NULL;
  FerryWindow *window = active_window (self);

  item = ferry_run_item_load_last_finish (result, &error);
  if (window == NULL)
    return;
  if (item == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        ferry_window_add_toast (window, adw_toast_new (error->message));
      return;
    }
  gtk_window_present (GTK_WINDOW (ferry_run_details_new (GTK_WINDOW (window), item)));
}

/* A notification's: History, and the details of the connection's newest
 * run (the automatic run it told of). */
static void
ferry_application_show_run_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  FerryApplication *self = user_data;
  FerryConnectionStore *store = ferry_app_state_get_store (self->state);
  const char *id = g_variant_get_string (parameter, NULL);
  FerryConnection *connection = ferry_connection_store_lookup_by_id (store, id);
  g_autofree char *ledger_path = NULL;
  FerryWindow *window;

  g_application_activate (G_APPLICATION (self));
  if ((window = active_window (self)) == NULL)
    return;
  ferry_window_show_page (window, FERRY_PAGE_HISTORY);
  if (connection == NULL)
    {
      ferry_window_add_toast (window, adw_toast_new (_("That local connection was removed")));
      return;
    }
  ledger_path = ferry_connection_store_get_ledger_path (store, connection);
  ferry_run_item_load_last_async (id, ferry_connection_get_name (connection), ledger_path,
                                  self->cancellable, on_last_run_loaded, g_object_ref (self));
}

static void
ferry_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "preferences", ferry_application_preferences_action },
  { "about", ferry_application_about_action },
  { "show-run", ferry_application_show_run_action, "s" },
  { "quit", ferry_application_quit_action },
};

/* ---- GObject ----------------------------------------------------------- */

static void
ferry_application_dispose (GObject *object)
{
  FerryApplication *self = FERRY_APPLICATION (object);

  g_clear_object (&self->demo_toast);
  g_clear_object (&self->demo_session);
  g_clear_object (&self->background);
  g_clear_object (&self->notices);
  g_clear_object (&self->state);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_application_parent_class)->dispose (object);
}

static void
ferry_application_finalize (GObject *object)
{
  FerryApplication *self = FERRY_APPLICATION (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ferry_application_parent_class)->finalize (object);
}

static void
ferry_application_class_init (FerryApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ferry_application_dispose;
  object_class->finalize = ferry_application_finalize;
  app_class->handle_local_options = ferry_application_handle_local_options;
  app_class->startup = ferry_application_startup;
  app_class->activate = ferry_application_activate;
  app_class->shutdown = ferry_application_shutdown;

  /* Before any widget class loads its template. */
  ferry_app_register_resource ();
}

static void
ferry_application_init (FerryApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  self->cancellable = g_cancellable_new ();
  self->notices = ferry_run_notices_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  g_application_add_main_option (G_APPLICATION (self), "demo", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_NONE,
                                 _("Run on a demo company, with a cloud of its own on this "
                                   "computer"), NULL);
}

FerryApplication *
ferry_application_new (void)
{
  return g_object_new (FERRY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/ferrysync/Ferry",
                       NULL);
}

FerryAppState *
ferry_application_get_state (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->state;
}

GSettings *
ferry_application_get_settings (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->settings;
}

FerryDemoSession *
ferry_application_get_demo_session (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->demo_session;
}

FerryBackgroundSync *
ferry_application_get_background_sync (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->background;
}

gboolean
ferry_application_get_holding (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), FALSE);

  return self->holding;
}
