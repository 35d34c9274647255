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
#include "ferry-preferences-window.h"
#include "ferry-window.h"

struct _FerryApplication
{
  AdwApplication    parent_instance;

  gboolean          demo;         /* --demo */
  gboolean          demo_started;
  GSettings        *settings;     /* owned, nullable */
  FerryAppState    *state;        /* owned, from start-up */
  FerryDemoSession *demo_session; /* owned, nullable */
  AdwToast         *demo_toast;   /* owned, nullable: "Preparing…" until the demo is ready */
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
}

static void
ferry_application_shutdown (GApplication *app)
{
  FerryApplication *self = FERRY_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
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

  preferences = ferry_preferences_window_new (GTK_WINDOW (active_window (self)), self->settings);
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
ferry_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "preferences", ferry_application_preferences_action },
  { "about", ferry_application_about_action },
  { "quit", ferry_application_quit_action },
};

/* ---- GObject ----------------------------------------------------------- */

static void
ferry_application_dispose (GObject *object)
{
  FerryApplication *self = FERRY_APPLICATION (object);

  g_clear_object (&self->demo_toast);
  g_clear_object (&self->demo_session);
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
