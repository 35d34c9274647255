/* test-window.c: the main window, driven for real under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "ferry-application.h"
#include "ferry-catalog.h"
#include "ferry-window.h"

static GtkWidget *
find_widget_by_name (GtkWidget  *root,
                     const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_by_name (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
count_action_rows (GtkWidget *root,
                   guint     *n_rows)
{
  if (ADW_IS_ACTION_ROW (root))
    (*n_rows)++;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_action_rows (child, n_rows);
}

static void
iterate_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_window_shows_catalog (void)
{
  g_autoptr(FerryApplication) app = ferry_application_new ();
  g_autoptr(GError) error = NULL;
  FerryCatalog *catalog = ferry_catalog_get_default ();
  GtkWindow *window;
  GtkWidget *row;
  guint n_rows = 0;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (FERRY_IS_WINDOW (window));
  iterate_until_mapped (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Ferry");

  /* One row per entity type of the catalog, found by id, with its label. */
  count_action_rows (GTK_WIDGET (window), &n_rows);
  g_assert_cmpuint (n_rows, ==, g_list_model_get_n_items (G_LIST_MODEL (catalog)));
  row = find_widget_by_name (GTK_WIDGET (window), "cn.contract");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Contract (CN)");

  /* The primary menu's actions are wired. */
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "about") != NULL);
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "quit") != NULL);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/gui/window/shows-catalog", test_window_shows_catalog);

  return g_test_run ();
}
