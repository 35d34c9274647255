/* ferry-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-application.h"
#include "ferry-app-resources.h"
#include "ferry-window.h"

struct _FerryApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (FerryApplication, ferry_application, ADW_TYPE_APPLICATION)

static void
ferry_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (ferry_window_new (FERRY_APPLICATION (app)));

  gtk_window_present (window);
}

static void
ferry_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "The Ferry developers", NULL };
  FerryApplication *self = user_data;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  adw_show_about_window (window,
                         "application-name", _("Ferry"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Ferry developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Keeps a construction company’s accounting database "
                                       "and its cloud portal in sync, every record exactly once."),
                         "website", "https://github.com/ferrysync/ferry",
                         "issue-url", "https://github.com/ferrysync/ferry/issues",
                         "developers", developers,
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
  { "about", ferry_application_about_action },
  { "quit", ferry_application_quit_action },
};

static void
ferry_application_class_init (FerryApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ferry_application_activate;

  /* Before any widget class loads its template. */
  ferry_app_register_resource ();
}

static void
ferry_application_init (FerryApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
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
