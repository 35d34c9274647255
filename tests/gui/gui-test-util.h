/* gui-test-util.h: driving Ferry's real widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI tests run inside build-aux/test-session.sh (a private session
 * bus, an unlocked keyring, Xvfb). Widgets are found by their names (the
 * "name" properties of the templates in ui/).
 */
#pragma once

#include <adwaita.h>

#include "ferry-application.h"
#include "ferry-window.h"

G_BEGIN_DECLS

/* g_test_init () without G_TEST_OPTION_ISOLATE_DIRS, which would hide the
 * system's data directories and with them the MIME database GdkPixbuf needs
 * to load SVG icons. test-session.sh's XDG directories are throwaway ones;
 * the application's profile is a temporary directory in any case: returns
 * it, for gui_test_finish (). */
static inline char *
gui_test_init (int    *argc,
               char ***argv)
{
  char *profile;

  g_test_init (argc, argv, NULL);
  profile = g_dir_make_tmp ("ferry-gui-profile-XXXXXX", NULL);
  g_assert_nonnull (profile);
  g_setenv ("FERRY_PROFILE", profile, TRUE);
  return profile;
}

static inline GtkWidget *
gui_test_find (GtkWidget  *root,
               const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gui_test_find (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Like gui_test_find (), but the widget must exist. */
static inline GtkWidget *
gui_test_get (GtkWidget  *root,
              const char *name)
{
  GtkWidget *widget = gui_test_find (root, name);

  if (widget == NULL)
    g_error ("No widget named “%s” in %s", name, G_OBJECT_TYPE_NAME (root));
  return widget;
}

typedef gboolean (*GuiTestCondition) (gpointer data);

/* Runs the main context until @condition holds, for at most 30 s. */
static inline void
gui_test_wait_until (GuiTestCondition condition,
                     gpointer         data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_true (condition (data));
}

static inline gboolean
gui_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* The test program's application, registered (so start-up has made its
 * state, of the temporary profile) but not activated. One for the whole
 * program: GtkApplication's start-up leaves D-Bus calls behind that keep
 * an application, and with it its object path, alive for a while. */
static inline FerryApplication *
gui_test_get_application (void)
{
  static FerryApplication *app;
  g_autoptr(GError) error = NULL;

  if (app != NULL)
    return app;
  app = ferry_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

/* A window of @app on @state, shown and mapped. */
static inline FerryWindow *
gui_test_show_window (FerryApplication *app,
                      FerryAppState    *state)
{
  FerryWindow *window = ferry_window_new (app, state);

  gtk_window_present (GTK_WINDOW (window));
  gui_test_wait_until (gui_test_is_mapped, window);
  return window;
}

/* The transient toplevel of type @type that is not @except, or NULL. */
static inline GtkWindow *
gui_test_find_toplevel (GType      type,
                        GtkWindow *except)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != except && G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

G_END_DECLS
