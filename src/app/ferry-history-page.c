/* ferry-history-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list: FerryHistoryModel → GtkFilterListModel (connection name,
 * problems only) → GtkSortListModel (the column view's sorter) →
 * GtkSingleSelection. Cells are labels filled from a table of columns.
 */
#define G_LOG_DOMAIN "ferry-history-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-app-format.h"
#include "ferry-history-model.h"
#include "ferry-history-page.h"
#include "ferry-run-details.h"
#include "ferry-window.h"

struct _FerryHistoryPage
{
  FerryPage             parent_instance;

  FerryHistoryModel    *history;       /* owned, nullable: no state */
  GtkFilterListModel   *filtered;      /* owned */
  GtkSortListModel     *sorted;        /* owned */
  GtkStringFilter      *name_filter;   /* owned */
  GtkCustomFilter      *problem_filter;/* owned */
  GtkFileChooserNative *chooser;       /* owned, nullable */
  GCancellable         *cancellable;   /* owned: exports; cancelled on dispose */

  /* template children */
  GtkStack             *stack;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *problems_button;
  GtkLabel             *shown_label;
  GtkLabel             *error_label;
  GtkColumnView        *view;
};

G_DEFINE_FINAL_TYPE (FerryHistoryPage, ferry_history_page, FERRY_TYPE_PAGE)

#define NOT_A_COUNT G_MAXSIZE

typedef struct _Column Column;
typedef char *(*CellText) (FerryRunItem *item, const Column *column);

struct _Column
{
  const char *title;
  gsize       count_offset; /* into FerryLedgerCounts, or NOT_A_COUNT */
  CellText    text;
  GCompareDataFunc compare; /* nullable: not sortable */
};

static char *
start_text (FerryRunItem *item, const Column *column)
{
  return ferry_format_absolute_time (ferry_run_item_get_run (item)->started_at, NULL);
}

static char *
connection_text (FerryRunItem *item, const Column *column)
{
  return g_strdup (ferry_run_item_get_connection_name (item));
}

static char *
trigger_text (FerryRunItem *item, const Column *column)
{
  return g_strdup (ferry_format_trigger (ferry_run_item_get_run (item)->trigger));
}

static char *
type_text (FerryRunItem *item, const Column *column)
{
  return g_strdup (ferry_format_sync_type (ferry_run_item_get_run (item)->sync_type));
}

static char *
direction_text (FerryRunItem *item, const Column *column)
{
  return g_strdup (ferry_format_direction (ferry_run_item_get_run (item)->direction));
}

static char *
timeframe_text (FerryRunItem *item, const Column *column)
{
  return ferry_format_timeframe (ferry_run_item_get_run (item)->timeframe);
}

static char *
duration_text (FerryRunItem *item, const Column *column)
{
  return ferry_format_duration (ferry_run_item_get_run (item)->duration_ms);
}

static guint
count_of (FerryRunItem *item, const Column *column)
{
  const FerryLedgerCounts *counts = &ferry_run_item_get_run (item)->counts;

  return G_STRUCT_MEMBER (guint, counts, column->count_offset);
}

static char *
count_text (FerryRunItem *item, const Column *column)
{
  return ferry_format_number (count_of (item, column));
}

static char *
result_text (FerryRunItem *item, const Column *column)
{
  return g_strdup (ferry_format_run_result (ferry_run_item_get_result (item)));
}

static int
compare_start (gconstpointer a, gconstpointer b, gpointer column)
{
  /* Ascending; ferry_run_item_compare () is newest first. */
  return ferry_run_item_compare ((FerryRunItem *) b, (FerryRunItem *) a);
}

static int
compare_duration (gconstpointer a, gconstpointer b, gpointer column)
{
  gint64 da = ferry_run_item_get_run ((FerryRunItem *) a)->duration_ms;
  gint64 db = ferry_run_item_get_run ((FerryRunItem *) b)->duration_ms;

  return (da > db) - (da < db);
}

static int
compare_count (gconstpointer a, gconstpointer b, gpointer column)
{
  guint ca = count_of ((FerryRunItem *) a, column);
  guint cb = count_of ((FerryRunItem *) b, column);

  return (ca > cb) - (ca < cb);
}

static int
compare_result (gconstpointer a, gconstpointer b, gpointer column)
{
  return (int) ferry_run_item_get_result ((FerryRunItem *) a)
         - (int) ferry_run_item_get_result ((FerryRunItem *) b);
}

#define COUNT(field) G_STRUCT_OFFSET (FerryLedgerCounts, field)

/* Titles are translated when the columns are made. */
static const Column columns[] = {
  { N_("Start"), NOT_A_COUNT, start_text, compare_start },
  { N_("Connection"), NOT_A_COUNT, connection_text, NULL },
  /* Early, so that a narrow window still shows it. */
  { N_("Result"), NOT_A_COUNT, result_text, compare_result },
  { N_("Trigger"), NOT_A_COUNT, trigger_text, NULL },
  { N_("Type"), NOT_A_COUNT, type_text, NULL },
  { N_("Direction"), NOT_A_COUNT, direction_text, NULL },
  { N_("Timeframe"), NOT_A_COUNT, timeframe_text, NULL },
  { N_("Duration"), NOT_A_COUNT, duration_text, compare_duration },
  { N_("Sent"), COUNT (sent), count_text, compare_count },
  { N_("Unchanged"), COUNT (unchanged), count_text, compare_count },
  { N_("Deleted"), COUNT (deleted), count_text, compare_count },
  { N_("Rejected"), COUNT (rejected), count_text, compare_count },
  { N_("Exported"), COUNT (exported), count_text, compare_count },
  { N_("Failed"), COUNT (failed), count_text, compare_count },
};

enum { COLUMN_START = 0, COLUMN_CONNECTION = 1, COLUMN_RESULT = 2 };

/* The style class of a result: failures stand out. */
static const char *
result_style_class (FerryLedgerRunResult result)
{
  switch (result)
    {
    case FERRY_LEDGER_RESULT_SUCCEEDED:
      return "success";
    case FERRY_LEDGER_RESULT_RECORD_ERRORS:
    case FERRY_LEDGER_RESULT_CANCELLED:
      return "warning";
    case FERRY_LEDGER_RESULT_FAILED:
    case FERRY_LEDGER_RESULT_INTERRUPTED:
      return "error";
    case FERRY_LEDGER_RESULT_RUNNING:
    default:
      return NULL;
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            const Column             *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column->count_offset != NOT_A_COUNT ? 1.0 : 0.0);
  if (column->count_offset != NOT_A_COUNT)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           const Column             *column)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  FerryRunItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = column->text (item, column);

  gtk_label_set_label (GTK_LABEL (label), text);
  if (column == &columns[COLUMN_RESULT])
    {
      const char *style = result_style_class (ferry_run_item_get_result (item));
      const char *styles[] = { "success", "warning", "error" };

      for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
        gtk_widget_remove_css_class (label, styles[i]);
      if (style != NULL)
        gtk_widget_add_css_class (label, style);
    }
}

static GtkSorter *
column_sorter (const Column *column)
{
  if (column == &columns[COLUMN_CONNECTION])
    return GTK_SORTER (gtk_string_sorter_new (
      gtk_property_expression_new (FERRY_TYPE_RUN_ITEM, NULL, "connection-name")));
  if (column->compare == NULL)
    return NULL;
  return GTK_SORTER (gtk_custom_sorter_new (column->compare, (gpointer) column, NULL));
}

static void
add_columns (FerryHistoryPage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = column_sorter (&columns[i]);

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), (gpointer) &columns[i]);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_append_column (self->view, column);
    }
}

GListModel *
ferry_history_page_get_shown_runs (FerryHistoryPage *self)
{
  g_return_val_if_fail (FERRY_IS_HISTORY_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

static void
update_shown (FerryHistoryPage *self)
{
  guint n_all = self->history != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->history)) : 0;
  guint n_shown;
  g_autofree char *shown = NULL;

  if (self->sorted == NULL)
    return;
  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  /* While the first load runs, an empty list rather than "No Runs Yet". */
  if (self->history != NULL && (n_all > 0 || !ferry_history_model_get_loading (self->history)))
    gtk_stack_set_visible_child_name (self->stack, n_all > 0 ? "runs" : "empty");
  if (n_shown == n_all)
    shown = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", n_all), n_all);
  else
    shown = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u run", "%u of %u runs", n_all),
                             n_shown, n_all);
  gtk_label_set_label (self->shown_label, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export", n_shown > 0);
}

static void
update_error (FerryHistoryPage *self)
{
  const char *error = self->history != NULL ? ferry_history_model_get_error (self->history) : NULL;

  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static gboolean
problem_filter_match (gpointer item,
                      gpointer user_data)
{
  FerryHistoryPage *self = user_data;

  return !gtk_toggle_button_get_active (self->problems_button)
         || ferry_run_item_get_problem (FERRY_RUN_ITEM (item));
}

static void
filters_changed (FerryHistoryPage *self)
{
  gtk_string_filter_set_search (self->name_filter,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_filter_changed (GTK_FILTER (self->problem_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
run_activated (FerryHistoryPage *self,
               guint             position)
{
  g_autoptr(FerryRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  FerryRunDetails *details;

  if (item == NULL)
    return;
  details = ferry_run_details_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, item);
  gtk_window_present (GTK_WINDOW (details));
}

static void
ferry_history_page_state_changed (FerryPage     *page,
                                  FerryAppState *previous)
{
  FerryHistoryPage *self = FERRY_HISTORY_PAGE (page);
  FerryAppState *state = ferry_page_get_state (page);

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  if (state != NULL)
    {
      self->history = ferry_history_model_new (ferry_app_state_get_store (state));
      g_signal_connect_object (self->history, "items-changed", G_CALLBACK (update_shown), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->history, "notify::error", G_CALLBACK (update_error), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->history, "notify::loading", G_CALLBACK (update_shown), self,
                               G_CONNECT_SWAPPED);
    }
  if (self->filtered != NULL)
    gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (self->history));
  update_shown (self);
  update_error (self);
}

typedef struct
{
  GPtrArray *entries; /* owned: FerryRunEntry */
  GFile     *file;    /* owned */
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_ptr_array_unref (export->entries);
  g_object_unref (export->file);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *error = NULL;

  /* Written to a temporary file renamed on close: a failed or cancelled
   * export leaves what was there. */
  stream = g_file_replace (export->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (stream != NULL
      && ferry_runs_write_csv (export->entries, G_OUTPUT_STREAM (stream), cancellable, &error))
    g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ferry_history_page_export_async (FerryHistoryPage    *self,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GListModel *shown;
  Export *export;

  g_return_if_fail (FERRY_IS_HISTORY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  shown = G_LIST_MODEL (self->sorted);
  export = g_new0 (Export, 1);
  export->file = g_object_ref (file);
  export->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_run_entry_free);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(FerryRunItem) item = g_list_model_get_item (shown, i);

      g_ptr_array_add (export->entries,
                       ferry_run_entry_new (ferry_run_item_get_connection_name (item),
                                            ferry_run_item_get_run (item)));
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_history_page_export_async);
  g_task_set_task_data (task, export, export_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
ferry_history_page_export_finish (FerryHistoryPage  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
add_toast (FerryHistoryPage *self,
           const char       *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (FERRY_IS_WINDOW (root))
    ferry_window_add_toast (FERRY_WINDOW (root), adw_toast_new (message));
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  FerryHistoryPage *self = FERRY_HISTORY_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *message = NULL;

  if (!ferry_history_page_export_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export the history to “%s”: %s"), name,
                                 error->message);
    }
  else
    message = g_strdup_printf (_("History exported to “%s”"), name);
  add_toast (self, message);
}

static void
chooser_response (GtkNativeDialog  *chooser,
                  int               response,
                  FerryHistoryPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (file != NULL)
    ferry_history_page_export_async (self, file, self->cancellable, export_done,
                                     g_object_ref (file));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryHistoryPage *self = FERRY_HISTORY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the file name Export CSV… proposes; %s is today's date. */
  g_autofree char *name = g_strdup_printf (_("ferry-history-%s.csv"), day);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export History"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
ferry_history_page_dispose (GObject *object)
{
  FerryHistoryPage *self = FERRY_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  if (self->view != NULL)
    gtk_column_view_set_model (self->view, NULL);

  /* FerryPage's dispose drops the state and with it the history model. */
  G_OBJECT_CLASS (ferry_history_page_parent_class)->dispose (object);

  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->name_filter);
  g_clear_object (&self->problem_filter);
}

static void
ferry_history_page_finalize (GObject *object)
{
  FerryHistoryPage *self = FERRY_HISTORY_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ferry_history_page_parent_class)->finalize (object);
}

static void
ferry_history_page_class_init (FerryHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FerryPageClass *page_class = FERRY_PAGE_CLASS (klass);

  object_class->dispose = ferry_history_page_dispose;
  object_class->finalize = ferry_history_page_finalize;
  page_class->state_changed = ferry_history_page_state_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryHistoryPage, problems_button);
  gtk_widget_class_bind_template_child (widget_class, FerryHistoryPage, shown_label);
  gtk_widget_class_bind_template_child (widget_class, FerryHistoryPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryHistoryPage, view);
  gtk_widget_class_bind_template_callback (widget_class, run_activated);
  gtk_widget_class_install_action (widget_class, "history.export", NULL, export_action);

  g_type_ensure (FERRY_TYPE_RUN_ITEM);
}

static void
build_models (FerryHistoryPage *self)
{
  GtkEveryFilter *filter = gtk_every_filter_new ();
  GtkSingleSelection *selection;

  self->name_filter = gtk_string_filter_new (
    gtk_property_expression_new (FERRY_TYPE_RUN_ITEM, NULL, "connection-name"));
  gtk_string_filter_set_match_mode (self->name_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->problem_filter = gtk_custom_filter_new (problem_filter_match, self, NULL);
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter), g_object_ref (GTK_FILTER (self->name_filter)));
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter),
                           g_object_ref (GTK_FILTER (self->problem_filter)));

  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (filter));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (update_shown), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (filters_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->problems_button, "toggled", G_CALLBACK (filters_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
ferry_history_page_init (FerryHistoryPage *self)
{
  GListModel *view_columns;
  g_autoptr(GtkColumnViewColumn) start = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  add_columns (self);
  build_models (self);

  view_columns = gtk_column_view_get_columns (self->view);
  start = g_list_model_get_item (view_columns, COLUMN_START);
  gtk_column_view_sort_by_column (self->view, start, GTK_SORT_DESCENDING);
  gtk_stack_set_visible_child_name (self->stack, "runs");
  update_shown (self);
}
