/* test-window.c: the main window, its pages, menu and Preferences, driven
 * for real under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "account-test-util.h"
#include "ferry-page.h"
#include "ferry-preferences-window.h"
#include "gui-test-util.h"

static const struct
{
  const char *name;
  const char *title;
} pages[] = {
  { FERRY_PAGE_CONNECT, "Connect" },
  { FERRY_PAGE_CONNECTIONS, "Local Connections" },
  { FERRY_PAGE_SYNC, "Sync" },
  { FERRY_PAGE_HISTORY, "History" },
};

static AdwViewStack *
window_stack (FerryWindow *window)
{
  GtkWidget *page = ferry_window_get_page (window, FERRY_PAGE_CONNECT);

  g_assert_nonnull (page);
  return ADW_VIEW_STACK (gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK));
}

static FerryWindow *
activate (FerryApplication *app)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (FERRY_IS_WINDOW (window));
  gui_test_wait_until (gui_test_is_mapped, window);
  return FERRY_WINDOW (window);
}

/* Four pages in the order of the hh2 client, each a FerryPage given the
 * application's state; the switcher shows their titles. */
static void
test_window_pages (void)
{
  FerryApplication *app = gui_test_get_application ();
  FerryWindow *window = activate (app);
  AdwViewStack *stack = window_stack (window);
  g_autoptr(GtkSelectionModel) stack_pages = adw_view_stack_get_pages (stack);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Ferry");
  g_assert_true (ferry_window_get_state (window) == ferry_application_get_state (app));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stack_pages)), ==, G_N_ELEMENTS (pages));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (stack_pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, pages[i].name);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, pages[i].title);
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));
      g_assert_true (FERRY_IS_PAGE (child));
      g_assert_true (ferry_page_get_state (FERRY_PAGE (child)) == ferry_window_get_state (window));
    }
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, FERRY_PAGE_CONNECT);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* win.show-page (the Alt+number shortcuts) switches, and the window
 * opens next time on the page it was left on. */
static void
test_window_switching (void)
{
  FerryApplication *app = gui_test_get_application ();
  FerryWindow *window = activate (app);
  AdwViewStack *stack = window_stack (window);
  GSettings *settings = ferry_application_get_settings (app);
  g_autofree char *last_page = NULL;

  g_assert_nonnull (settings);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s",
                                                 pages[i].name));
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, pages[i].name);
      g_assert_true (gtk_widget_get_mapped (adw_view_stack_get_visible_child (stack)));
    }
  ferry_window_show_page (window, FERRY_PAGE_SYNC);
  ferry_window_show_page (window, "no-such-page");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, FERRY_PAGE_SYNC);
  last_page = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (last_page, ==, FERRY_PAGE_SYNC);
  gtk_window_destroy (GTK_WINDOW (window));

  window = gui_test_show_window (app, ferry_application_get_state (app));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window_stack (window)), ==,
                   FERRY_PAGE_SYNC);
  g_settings_reset (settings, "last-page");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_menu (void)
{
  FerryApplication *app = gui_test_get_application ();
  FerryWindow *window = activate (app);
  const char *actions[] = { "preferences", "about", "quit" };
  g_autofree char **quit_accels = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), actions[i]));
  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstr (quit_accels[0], ==, "<Control>q");
  /* Keyboard Shortcuts: the help overlay of the resource. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Preferences switch and rows change the keys the rest of the app
 * reads. */
static void
test_preferences (void)
{
  FerryApplication *app = gui_test_get_application ();
  FerryWindow *window = activate (app);
  GSettings *settings = ferry_application_get_settings (app);
  GtkWindow *preferences;
  GtkWidget *background, *sync_type, *timeframe;
  g_autofree char *type = NULL;
  g_autofree char *since = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = gui_test_find_toplevel (FERRY_TYPE_PREFERENCES_WINDOW, NULL);
  g_assert_nonnull (preferences);
  gui_test_wait_until (gui_test_is_mapped, preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));

  background = gui_test_get (GTK_WIDGET (preferences), "background-sync");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (background)));
  gtk_switch_set_active (GTK_SWITCH (background), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "background-sync"));

  sync_type = gui_test_get (GTK_WIDGET (preferences), "default-sync-type");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sync_type)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (sync_type), 1);
  type = g_settings_get_string (settings, "default-sync-type");
  g_assert_cmpstr (type, ==, "deep");

  timeframe = gui_test_get (GTK_WIDGET (preferences), "default-timeframe");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (timeframe)), ==, 4);
  adw_combo_row_set_selected (ADW_COMBO_ROW (timeframe), 0);
  since = g_settings_get_string (settings, "default-timeframe");
  g_assert_cmpstr (since, ==, "today");

  gtk_window_destroy (preferences);
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "background-sync");
  g_settings_reset (settings, "default-sync-type");
  g_settings_reset (settings, "default-timeframe");
}

static gboolean
bar_revealed (gpointer data)
{
  return adw_view_switcher_bar_get_reveal (data);
}

/* Narrow, the switcher moves from the header bar to the bottom bar. */
static void
test_window_narrow (void)
{
  FerryApplication *app = gui_test_get_application ();
  FerryWindow *window = activate (app);
  GtkWidget *bar = gtk_widget_get_last_child (gtk_widget_get_parent (GTK_WIDGET (window_stack (window))));

  g_assert_true (ADW_IS_VIEW_SWITCHER_BAR (bar));
  g_assert_false (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar)));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  gui_test_wait_until (bar_revealed, bar);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *profile = gui_test_init (&argc, &argv);
  int status;

  g_test_add_func ("/gui/window/pages", test_window_pages);
  g_test_add_func ("/gui/window/switching", test_window_switching);
  g_test_add_func ("/gui/window/menu", test_window_menu);
  g_test_add_func ("/gui/window/preferences", test_preferences);
  g_test_add_func ("/gui/window/narrow", test_window_narrow);

  status = g_test_run ();
  account_test_remove_tree (profile);
  return status;
}
