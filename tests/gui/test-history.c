/* test-history.c: the History page and a run's details, driven for real
 * under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "account-test-util.h"
#include "ferry-app-format.h"
#include "ferry-history-page.h"
#include "ferry-run-details.h"
#include "gui-test-util.h"
#include "history-test-util.h"

static char *profile;

typedef struct
{
  char             *dir;         /* owned: the profile */
  FerryAppState    *state;       /* owned */
  FerryWindow      *window;      /* owned by GTK */
  FerryHistoryPage *page;        /* borrowed */
  FerryLedger      *yard_ledger; /* owned */
  gint64            yard_run;
} Fixture;

static const FerryLedgerCounts annex_counts = { .sent = 1204, .unchanged = 7 };
static const FerryLedgerCounts yard_counts = { .sent = 2, .deleted = 1, .rejected = 1,
                                               .exported = 3 };

/* A profile of its own, with two connections that ran and one that did not. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  FerryConnectionStore *store;
  g_autoptr(FerryLedger) annex_ledger = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ferry-history-gui-XXXXXX", NULL);
  f->state = ferry_app_state_new (f->dir);
  ferry_app_state_load (f->state, &error);
  g_assert_no_error (error);
  store = ferry_app_state_get_store (f->state);
  if (GPOINTER_TO_INT (data))
    {
      annex_ledger = history_test_open_ledger (store, history_test_add_connection (store, "Annex"));
      f->yard_ledger = history_test_open_ledger (store, history_test_add_connection (store, "Yard"));
      history_test_add_connection (store, "Idle");
      history_test_add_run (annex_ledger, FERRY_LEDGER_SYNC_SHALLOW, &annex_counts,
                            FERRY_LEDGER_RESULT_SUCCEEDED, FALSE);
      f->yard_run = history_test_add_run (f->yard_ledger, FERRY_LEDGER_SYNC_DEEP, &yard_counts,
                                          FERRY_LEDGER_RESULT_RECORD_ERRORS, TRUE);
    }

  f->window = gui_test_show_window (gui_test_get_application (), f->state);
  ferry_window_show_page (f->window, FERRY_PAGE_HISTORY);
  f->page = FERRY_HISTORY_PAGE (ferry_window_get_page (f->window, FERRY_PAGE_HISTORY));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->yard_ledger);
  g_clear_object (&f->state);
  account_test_remove_tree (f->dir);
  g_free (f->dir);
}

static guint wanted_n_runs;

static gboolean
has_wanted_runs (gpointer page)
{
  return g_list_model_get_n_items (ferry_history_page_get_shown_runs (page)) == wanted_n_runs;
}

static void
wait_n_runs (Fixture *f,
             guint    n_runs)
{
  wanted_n_runs = n_runs;
  gui_test_wait_until (has_wanted_runs, f->page);
}

/* The texts of the labels under @widget, depth first. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_ptr_array_add (texts, (gpointer) gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

/* The label under @root whose text is @text and that has the style class
 * @style (nullable: any), or NULL. */
static GtkWidget *
find_styled_label (GtkWidget  *root,
                   const char *text,
                   const char *style)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0
      && (style == NULL || gtk_widget_has_css_class (root, style)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_styled_label (child, text, style);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  return find_styled_label (root, text, NULL);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
  const char *style;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return find_styled_label (wait->root, wait->text, wait->style) != NULL;
}

static void
wait_label (GtkWidget  *root,
            const char *text,
            const char *style)
{
  LabelWait wait = { root, text, style };

  gui_test_wait_until (label_shown, &wait);
}

/* The row of the column view that shows @text: its cells' texts. */
static GPtrArray *
row_texts (GtkWidget  *view,
           const char *text)
{
  GtkWidget *label = find_label (view, text);
  GtkWidget *row;
  GPtrArray *texts = g_ptr_array_new ();

  g_assert_nonnull (label);
  /* label ← cell ← row */
  row = gtk_widget_get_parent (gtk_widget_get_parent (label));
  collect_labels (row, texts);
  return texts;
}

/* One row per run, newest first, with each column as the model says; the
 * failure's result stands out. */
static void
test_history_rows (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *view = gui_test_get (GTK_WIDGET (f->page), "history_view");
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
  const char *titles[] = { "Start", "Connection", "Result", "Trigger", "Type", "Direction", "Timeframe",
                           "Duration", "Sent", "Unchanged", "Deleted", "Rejected", "Exported",
                           "Failed" };
  g_autoptr(FerryRunItem) yard = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *start = NULL, *duration = NULL;
  GtkStack *stack = GTK_STACK (gui_test_get (GTK_WIDGET (f->page), "history_stack"));

  wait_n_runs (f, 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "runs");
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
    }

  yard = g_list_model_get_item (ferry_history_page_get_shown_runs (f->page), 0);
  g_assert_cmpstr (ferry_run_item_get_connection_name (yard), ==, "Yard");
  start = ferry_format_absolute_time (ferry_run_item_get_run (yard)->started_at, NULL);
  duration = ferry_format_duration (ferry_run_item_get_run (yard)->duration_ms);
  wait_label (view, "Yard", NULL);
  texts = row_texts (view, "Yard");
  g_assert_cmpuint (texts->len, ==, G_N_ELEMENTS (titles));
  {
    const char *expected[] = { start, "Yard", "Finished with record errors", "Manual", "Deep",
                               "Push", "Last week", duration, "2", "0", "1", "1", "3", "0" };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (g_ptr_array_index (texts, i), ==, expected[i]);
  }
  g_assert_true (gtk_widget_has_css_class (find_label (view, "Finished with record errors"),
                                           "warning"));
  g_assert_nonnull (find_label (view, "1,204"));
  g_assert_true (gtk_widget_has_css_class (find_label (view, "Succeeded"), "success"));
}

/* A run written by another program (as ferryctl does) shows by itself. */
static void
test_history_live (Fixture       *f,
                   gconstpointer  data)
{
  FerryConnectionStore *store = ferry_app_state_get_store (f->state);
  g_autoptr(FerryLedger) other = NULL;
  FerryLedgerCounts counts = { .failed = 9 };
  g_autoptr(FerryRunItem) newest = NULL;

  wait_n_runs (f, 2);
  other = history_test_open_ledger (store, ferry_connection_store_lookup (store, "Annex"));
  history_test_add_run (other, FERRY_LEDGER_SYNC_SHALLOW, &counts, FERRY_LEDGER_RESULT_FAILED,
                        FALSE);
  wait_n_runs (f, 3);
  newest = g_list_model_get_item (ferry_history_page_get_shown_runs (f->page), 0);
  g_assert_cmpuint (ferry_run_item_get_run (newest)->counts.failed, ==, 9);
  wait_label (gui_test_get (GTK_WIDGET (f->page), "history_view"), "Failed", "error");
}

static gboolean
details_loaded (gpointer details)
{
  return !ferry_run_details_get_loading (details);
}

/* Activating a row (Enter, double click) opens its details, with the
 * message, and each error's message, place and fix hint. */
static void
test_history_details (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *view = gui_test_get (GTK_WIDGET (f->page), "history_view");
  FerryRunDetails *details;
  GtkWidget *errors;

  wait_n_runs (f, 2);
  g_signal_emit_by_name (view, "activate", 0);
  details = FERRY_RUN_DETAILS (gui_test_find_toplevel (FERRY_TYPE_RUN_DETAILS, NULL));
  g_assert_nonnull (details);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (details)) == GTK_WINDOW (f->window));
  g_assert_cmpint (ferry_run_item_get_run (ferry_run_details_get_item (details))->id, ==,
                   f->yard_run);
  gui_test_wait_until (details_loaded, details);

  g_assert_nonnull (find_label (GTK_WIDGET (details),
                                "Finished with record errors: 1 record was rejected"));
  g_assert_nonnull (find_label (GTK_WIDGET (details), "Manual · Deep · Push · Last week"));
  errors = gui_test_get (GTK_WIDGET (details), "run_errors");
  g_assert_true (gtk_widget_get_visible (errors));
  g_assert_nonnull (find_label (errors, "Tax ID is not valid"));
  g_assert_nonnull (find_label (errors, "Vendor (AP) V-100 · field tax_id · invalid-field\n"
                                        "How to fix: Correct the vendor's Tax ID in the "
                                        "accounting system"));
  gtk_window_close (GTK_WINDOW (details));
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  int *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_history_page_export_finish (FERRY_HISTORY_PAGE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer flag)
{
  return *(int *) flag;
}

/* Writes the runs shown to @path; returns its lines. */
static GStrv
export_lines (Fixture    *f,
              const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  int done = FALSE;

  ferry_history_page_export_async (f->page, file, NULL, export_done, &done);
  gui_test_wait_until (is_true, &done);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\r\n"));
  contents[strlen (contents) - 2] = '\0';
  return g_strsplit (contents, "\r\n", -1);
}

/* Export CSV… writes the runs shown: all, then those the filter leaves. */
static void
test_history_export (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *button = gui_test_get (GTK_WIDGET (f->page), "history_export");
  GtkEditable *search = GTK_EDITABLE (gui_test_get (GTK_WIDGET (f->page), "history_search"));
  g_autofree char *path = g_build_filename (profile, "history.csv", NULL);
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) filtered = NULL;

  wait_n_runs (f, 2);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "history.export");
  g_assert_true (gtk_widget_get_sensitive (button));

  all = export_lines (f, path);
  g_assert_cmpuint (g_strv_length (all), ==, 3);
  g_assert_true (g_str_has_prefix (all[0], "start,connection,"));
  g_assert_nonnull (strstr (all[1], ",Yard,manual,deep,"));
  g_assert_nonnull (strstr (all[1], "record-errors"));
  g_assert_nonnull (strstr (all[2], ",Annex,manual,shallow,"));

  gtk_editable_set_text (search, "ann");
  wait_n_runs (f, 1);
  filtered = export_lines (f, path);
  g_assert_cmpuint (g_strv_length (filtered), ==, 2);
  g_assert_nonnull (strstr (filtered[1], ",Annex,"));
}

/* Problems only hides the runs that went through. */
static void
test_history_problems (Fixture       *f,
                       gconstpointer  data)
{
  GtkToggleButton *problems = GTK_TOGGLE_BUTTON (gui_test_get (GTK_WIDGET (f->page),
                                                               "history_problems"));
  g_autoptr(FerryRunItem) only = NULL;

  wait_n_runs (f, 2);
  gtk_toggle_button_set_active (problems, TRUE);
  wait_n_runs (f, 1);
  only = g_list_model_get_item (ferry_history_page_get_shown_runs (f->page), 0);
  g_assert_cmpstr (ferry_run_item_get_connection_name (only), ==, "Yard");
  gtk_toggle_button_set_active (problems, FALSE);
  wait_n_runs (f, 2);
}

static gboolean
is_empty_state (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "empty") == 0;
}

/* Nothing ran yet: the empty state says where runs will come from, and
 * nothing can be exported. */
static void
test_history_empty (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *stack = gui_test_get (GTK_WIDGET (f->page), "history_stack");

  gui_test_wait_until (is_empty_state, stack);
  g_assert_true (gtk_widget_get_mapped (gui_test_get (stack, "history_empty")));
  g_assert_false (gtk_widget_get_sensitive (gui_test_get (stack, "history_export")));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  profile = gui_test_init (&argc, &argv);

#define ADD(path, func, with_runs) \
  g_test_add (path, Fixture, GINT_TO_POINTER (with_runs), fixture_set_up, func, fixture_tear_down)
  ADD ("/history/rows", test_history_rows, TRUE);
  ADD ("/history/live", test_history_live, TRUE);
  ADD ("/history/details", test_history_details, TRUE);
  ADD ("/history/export", test_history_export, TRUE);
  ADD ("/history/problems", test_history_problems, TRUE);
  ADD ("/history/empty", test_history_empty, FALSE);
#undef ADD
  status = g_test_run ();
  account_test_remove_tree (profile);
  g_free (profile);
  return status;
}
