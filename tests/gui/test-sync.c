/* test-sync.c: the Sync page's real widgets against the embedded demo (a
 * real ferry-cloud on loopback and a generated accounting database)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ferry-history-page.h"
#include "ferry-sync-page.h"
#include "ferry-sync-row.h"
#include "ferry-sync-settings-dialog.h"
#include "gui-test-util.h"
#include "sync-test-util.h"

typedef struct
{
  SyncTestDemo        *demo;
  FerryWindow         *window;
  GtkWidget           *page;       /* the Sync page */
  GtkWidget           *row;        /* the demo connection's FerrySyncRow */
  FerrySyncController *controller; /* the row's */
} Fixture;

/* @latency_ms: how late the cloud answers each request, 0 for at once. */
static void
fixture_start (Fixture *fixture,
               guint64  records,
               guint    latency_ms)
{
  fixture->demo = sync_test_demo_start_slow (records, latency_ms);
  fixture->window = gui_test_show_window (gui_test_get_application (), fixture->demo->state);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             FERRY_PAGE_SYNC));
  fixture->page = ferry_window_get_page (fixture->window, FERRY_PAGE_SYNC);
  fixture->row = gui_test_get (fixture->page, FERRY_DEMO_CONNECTION_NAME);
  fixture->controller = ferry_sync_row_get_controller (FERRY_SYNC_ROW (fixture->row));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_start (fixture, sync_test_records (500), 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  sync_test_demo_stop (fixture->demo);
}

static GtkWidget *
get (Fixture    *fixture,
     const char *name)
{
  return gui_test_get (fixture->page, name);
}

static void
click (Fixture    *fixture,
       const char *name)
{
  GtkWidget *button = get (fixture, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static GtkCheckButton *
check_of (Fixture    *fixture,
          const char *id)
{
  g_autofree char *name = g_strconcat ("check-", id, NULL);

  return GTK_CHECK_BUTTON (gui_test_get (fixture->row, name));
}

static gboolean
controller_idle (gpointer data)
{
  return !ferry_sync_controller_get_running (data);
}

static gboolean
last_synced_shown (gpointer data)
{
  return gtk_widget_get_visible (data) &&
         g_str_has_prefix (gtk_label_get_label (data), "Last synced: ");
}

/* Deselect All, then tick two entity types of one module: the module is
 * mixed, the other modules empty, the connection's own checkbox mixed. */
static void
test_tree (Fixture       *fixture,
           gconstpointer  data)
{
  FerrySyncSelection *selection = ferry_sync_controller_get_selection (fixture->controller);
  GListModel *modules = ferry_sync_selection_get_model (selection);
  g_autoptr(FerrySyncSelectionNode) module = NULL;
  g_autoptr(FerrySyncSelectionNode) other = NULL;
  g_autoptr(FerrySyncSelectionNode) first = NULL;
  g_autoptr(FerrySyncSelectionNode) second = NULL;
  GtkCheckButton *connection_check = GTK_CHECK_BUTTON (gui_test_get (fixture->row, "connection-check"));
  g_auto(GStrv) selected = NULL;

  /* A module with three entity types or more, and another one. */
  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(FerrySyncSelectionNode) node = g_list_model_get_item (modules, i);

      if (module == NULL && g_list_model_get_n_items (ferry_sync_selection_node_get_children (node)) >= 3)
        module = g_steal_pointer (&node);
      else if (other == NULL)
        other = g_steal_pointer (&node);
    }
  g_assert_nonnull (module);
  g_assert_nonnull (other);
  first = g_list_model_get_item (ferry_sync_selection_node_get_children (module), 0);
  second = g_list_model_get_item (ferry_sync_selection_node_get_children (module), 1);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gui_test_get (fixture->row, "expander")), TRUE);
  g_assert_true (gtk_check_button_get_active (connection_check));
  click (fixture, "deselect-all");
  g_assert_false (gtk_check_button_get_active (connection_check));
  g_assert_false (gtk_check_button_get_active (check_of (fixture, ferry_sync_selection_node_get_id (module))));
  /* Nothing ticked: nothing to sync. */
  g_assert_false (gtk_widget_is_sensitive (gui_test_get (fixture->row, "row-sync")));

  /* As a click does. */
  gtk_check_button_set_active (check_of (fixture, ferry_sync_selection_node_get_id (first)), TRUE);
  gtk_check_button_set_active (check_of (fixture, ferry_sync_selection_node_get_id (second)), TRUE);

  g_assert_true (gtk_check_button_get_inconsistent (check_of (fixture, ferry_sync_selection_node_get_id (module))));
  g_assert_false (gtk_check_button_get_active (check_of (fixture, ferry_sync_selection_node_get_id (other))));
  g_assert_false (gtk_check_button_get_inconsistent (check_of (fixture, ferry_sync_selection_node_get_id (other))));
  g_assert_true (gtk_check_button_get_inconsistent (connection_check));
  g_assert_true (gtk_widget_is_sensitive (gui_test_get (fixture->row, "row-sync")));
  selected = ferry_sync_selection_dup_selected_ids (selection);
  g_assert_cmpuint (g_strv_length (selected), ==, 2);

  /* Select All ticks everything again. */
  click (fixture, "select-all");
  g_assert_true (gtk_check_button_get_active (check_of (fixture, ferry_sync_selection_node_get_id (module))));
  g_assert_false (gtk_check_button_get_inconsistent (connection_check));
  g_assert_true (gtk_check_button_get_active (connection_check));
}

static gboolean
have_message_dialog (gpointer data)
{
  return gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) != NULL;
}

typedef struct
{
  double fraction; /* the largest the bar showed while visible */
  guint  phases;   /* texts the phase label showed while visible */
} ProgressSeen;

/* Every change of the bar and the label, however quick the run. */
static void
on_progress_notify (GtkWidget    *widget,
                    GParamSpec   *pspec,
                    ProgressSeen *seen)
{
  if (!gtk_widget_get_visible (gtk_widget_get_parent (widget)))
    return;
  if (GTK_IS_PROGRESS_BAR (widget))
    seen->fraction = MAX (seen->fraction, gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (widget)));
  else
    seen->phases++;
}

/* Settings…: Deep and The beginning of time; Sync asks first, then runs
 * with progress, and shows when it synced and how long it took. */
static gboolean
history_has_run (gpointer data)
{
  return g_list_model_get_n_items (ferry_history_page_get_shown_runs (FERRY_HISTORY_PAGE (data))) == 1;
}

static void
test_deep_sync (Fixture       *fixture,
                gconstpointer  data)
{
  FerrySyncSettingsDialog *dialog;
  AdwMessageDialog *confirm;
  const FerrySyncOptions *options;
  g_autoptr(GPtrArray) runs = NULL;
  GtkWidget *phase = gui_test_get (fixture->row, "phase");
  GtkWidget *progress = gui_test_get (fixture->row, "progress");
  ProgressSeen seen = { 0 };
  FerryLedgerRun *run;

  click (fixture, "settings");
  dialog = FERRY_SYNC_SETTINGS_DIALOG (gui_test_find_toplevel (FERRY_TYPE_SYNC_SETTINGS_DIALOG, NULL));
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get (GTK_WIDGET (dialog), "sync-type")), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get (GTK_WIDGET (dialog), "timeframe")),
                              FERRY_TIMEFRAME_ALL);
  g_signal_emit_by_name (gui_test_get (GTK_WIDGET (dialog), "settings-ok"), "clicked");
  options = ferry_sync_page_get_options (FERRY_SYNC_PAGE (fixture->page));
  g_assert_cmpint (ferry_sync_options_get_sync_type (options), ==, FERRY_LEDGER_SYNC_DEEP);
  g_assert_cmpstr (ferry_sync_options_get_timeframe_text (options), ==, "all");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get (fixture, "settings-summary"))), ==,
                   "Deep · The beginning of time");

  click (fixture, "sync");
  gui_test_wait_until (have_message_dialog, NULL);
  confirm = ADW_MESSAGE_DIALOG (gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Run a Deep Sync?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "deep sync"));
  adw_message_dialog_response (confirm, "sync");
  g_assert_true (ferry_sync_controller_get_running (fixture->controller));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (get (fixture, "sync"))), ==, "_Cancel");

  g_signal_connect (progress, "notify::fraction", G_CALLBACK (on_progress_notify), &seen);
  g_signal_connect (phase, "notify::label", G_CALLBACK (on_progress_notify), &seen);
  gui_test_wait_until (controller_idle, fixture->controller);
  g_signal_handlers_disconnect_by_data (progress, &seen);
  g_signal_handlers_disconnect_by_data (phase, &seen);
  g_assert_cmpfloat (seen.fraction, >, 0.0);
  g_assert_cmpuint (seen.phases, >=, 2);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (get (fixture, "sync"))), ==, "_Sync");
  gui_test_wait_until (last_synced_shown, gui_test_get (fixture->row, "last-synced"));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (gui_test_get (fixture->row, "duration"))),
                                   "Duration: "));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (gui_test_get (fixture->row, "counts"))),
                                   "Succeeded: "));

  runs = sync_test_demo_runs (fixture->demo);
  g_assert_cmpuint (runs->len, ==, 1);
  run = g_ptr_array_index (runs, 0);
  g_assert_cmpint (run->sync_type, ==, FERRY_LEDGER_SYNC_DEEP);
  g_assert_cmpstr (run->timeframe, ==, "all");
  g_assert_cmpint (run->result, ==, FERRY_LEDGER_RESULT_SUCCEEDED);

  /* And the History tab shows it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                             FERRY_PAGE_HISTORY));
  gui_test_wait_until (history_has_run, ferry_window_get_page (fixture->window, FERRY_PAGE_HISTORY));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  gint64 deadline;
  gint64 clicked_at;

  fixture_tear_down (fixture, data);
  fixture_start (fixture, sync_test_records (500), 300);
  click (fixture, "sync");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (gui_test_get (fixture->row, "progress"))) <= 0.0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ferry_sync_controller_get_running (fixture->controller));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gui_test_get (fixture->row, "row-sync"))), ==,
                   "_Cancel");

  clicked_at = g_get_monotonic_time ();
  click (fixture, "sync");
  gui_test_wait_until (controller_idle, fixture->controller);
  g_assert_cmpint (g_get_monotonic_time () - clicked_at, <, G_USEC_PER_SEC);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (gui_test_get (fixture->row, "counts"))),
                                   "Cancelled"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gui_test_get (fixture->row, "row-sync"))), ==,
                   "_Sync");
}

static gboolean
errors_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(char **) user_data = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
}

static gboolean
have_text (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_rejected_record (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *errors_box = gui_test_get (fixture->row, "errors-box");
  GtkWidget *first;
  g_autofree char *copied = NULL;
  const char *title;

  sync_test_demo_break_a_job (fixture->demo);
  click (fixture, "sync");
  gui_test_wait_until (controller_idle, fixture->controller);
  gui_test_wait_until (errors_shown, errors_box);

  first = gtk_widget_get_first_child (gui_test_get (fixture->row, "errors"));
  g_assert_true (ADW_IS_ACTION_ROW (first));
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first));
  g_assert_true (g_str_has_prefix (title, "Job (CV) "));
  g_assert_nonnull (strstr (title, "C99999"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), "Fix: "));

  click (fixture, "copy-details");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (fixture->row), NULL, on_clipboard_text, &copied);
  gui_test_wait_until (have_text, &copied);
  g_assert_nonnull (strstr (copied, "C99999"));
  g_assert_true (gtk_widget_is_sensitive (gui_test_get (fixture->row, "retry-failed")));
}

static void
test_without_can_sync (Fixture       *fixture,
                       gconstpointer  data)
{
  FerryAccount *account = ferry_app_state_get_account (fixture->demo->state);
  g_autoptr(GError) error = NULL;
  const char *reason;
  GtkWidget *row_sync = gui_test_get (fixture->row, "row-sync");

  g_assert_true (gtk_widget_is_sensitive (row_sync));
  account_test_disconnect (account, &error);
  g_assert_no_error (error);
  g_assert_false (ferry_app_state_get_can_sync (fixture->demo->state));
  reason = ferry_app_state_get_sync_blocked_reason (fixture->demo->state);
  g_assert_nonnull (reason);

  g_assert_false (gtk_widget_is_sensitive (get (fixture, "sync")));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (get (fixture, "sync")), ==, reason);
  g_assert_false (gtk_widget_is_sensitive (row_sync));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (row_sync), ==, reason);
  g_assert_true (gtk_widget_get_visible (get (fixture, "sync-blocked")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get (fixture, "sync-blocked"))), ==, reason);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *profile = gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/gui/sync/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("tree", test_tree);
  ADD ("deep-sync", test_deep_sync);
  ADD ("cancel", test_cancel);
  ADD ("rejected-record", test_rejected_record);
  ADD ("without-can-sync", test_without_can_sync);
#undef ADD

  return g_test_run ();
}
