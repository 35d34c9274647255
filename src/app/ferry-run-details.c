/* ferry-run-details.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-run-details"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-app-format.h"
#include "ferry-catalog.h"
#include "ferry-record-key.h"
#include "ferry-run-details.h"

struct _FerryRunDetails
{
  AdwWindow     parent_instance;

  FerryRunItem *item;        /* owned */
  GCancellable *cancellable; /* owned: the errors' load; cancelled on close */
  gboolean      loading;

  /* template children */
  GtkListBox   *summary_list;
  GtkLabel     *errors_status;
  GtkListBox   *errors_list;
};

G_DEFINE_FINAL_TYPE (FerryRunDetails, ferry_run_details, ADW_TYPE_WINDOW)

/* A row of plain text: @title above, @value (nullable: not added) below. */
static GtkWidget *
text_row (const char *title,
          const char *value,
          gboolean    value_first)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (value_first)
    gtk_widget_add_css_class (row, "property");
  return row;
}

static void
add_summary_row (FerryRunDetails *self,
                 const char      *title,
                 const char      *value)
{
  if (value != NULL && *value != '\0')
    gtk_list_box_append (self->summary_list, text_row (title, value, TRUE));
}

/* "2026-05-02 14:05 (yesterday at 14:05), 1 min 05 s" */
static char *
when_text (const FerryLedgerRun *run)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *absolute = ferry_format_absolute_time (run->started_at, NULL);
  g_autofree char *relative = ferry_format_relative_time (run->started_at, now);
  g_autofree char *duration = ferry_format_duration (run->duration_ms);

  /* Translators: when a run started, in absolute and relative terms, and
   * how long it took: "2026-05-02 14:05 (yesterday at 14:05), took 12 s". */
  return g_strdup_printf (_("%s (%s), took %s"), absolute, relative, duration);
}

/* "Manual · Deep · Push and export · Last week" */
static char *
how_text (const FerryLedgerRun *run)
{
  g_autofree char *timeframe = ferry_format_timeframe (run->timeframe);

  return g_strjoin (" · ", ferry_format_trigger (run->trigger),
                    ferry_format_sync_type (run->sync_type),
                    ferry_format_direction (run->direction), timeframe, NULL);
}

static char *
result_text (const FerryLedgerRun *run)
{
  const char *result = ferry_format_run_result (run->result);

  if (run->message == NULL || *run->message == '\0')
    return g_strdup (result);
  /* Translators: a run's result, then its message. */
  return g_strdup_printf (_("%s: %s"), result, run->message);
}

static void
fill_summary (FerryRunDetails *self)
{
  const FerryLedgerRun *run = ferry_run_item_get_run (self->item);
  g_autofree char *result = result_text (run);
  g_autofree char *when = when_text (run);
  g_autofree char *how = how_text (run);
  g_autofree char *counts = ferry_format_run_counts (&run->counts);
  g_autofree char *entities = run->entities != NULL ? g_strjoinv (", ", run->entities) : NULL;
  /* Translators: who ran a sync: a program and its process id. */
  g_autofree char *program = run->program != NULL
                               ? g_strdup_printf (_("%s (process %d)"), run->program, (int) run->pid)
                               : NULL;

  add_summary_row (self, _("Connection"), ferry_run_item_get_connection_name (self->item));
  add_summary_row (self, _("Result"), result);
  add_summary_row (self, _("When"), when);
  /* Translators: trigger, type, direction and timeframe of a run. */
  add_summary_row (self, _("How"), how);
  add_summary_row (self, _("Records"), counts);
  add_summary_row (self, _("Entity types"), entities);
  add_summary_row (self, _("Run by"), program);
}

/* "1001/10" for the key text ["1001","10"]; an export id stays as it is. */
static char *
key_display (const char *key_text)
{
  g_auto(GStrv) values = ferry_record_key_from_text (key_text, NULL);

  return values != NULL ? ferry_record_key_display ((const char * const *) values)
                        : g_strdup (key_text);
}

/* The catalog's label ("Vendor (AP)"); an export type or an entity type
 * this Ferry does not know stays as its id. */
static const char *
entity_label (const char *entity)
{
  FerryEntityType *type = ferry_catalog_lookup (ferry_catalog_get_default (), entity);

  return type != NULL ? ferry_entity_type_get_label (type) : entity;
}

/* "Vendor (AP) V-100 · field tax_id · invalid-field" */
static char *
error_where (const FerryLedgerRunError *run_error)
{
  g_autoptr(GString) where = g_string_new (NULL);
  g_autofree char *key = key_display (run_error->key_text);

  /* Translators: a record in an error: entity type, then its key. */
  g_string_append_printf (where, _("%s %s"), entity_label (run_error->entity), key);
  if (run_error->field != NULL)
    /* Translators: the field of a record an error is about. */
    g_string_append_printf (where, _(" · field %s"), run_error->field);
  g_string_append_printf (where, " · %s", run_error->code);
  return g_string_free (g_steal_pointer (&where), FALSE);
}

static GtkWidget *
error_row (const FerryLedgerRunError *run_error)
{
  g_autofree char *where = error_where (run_error);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (run_error->hint != NULL)
    /* Translators: where an error is, then how to fix it. */
    subtitle = g_strdup_printf (_("%s\nHow to fix: %s"), where, run_error->hint);
  row = text_row (run_error->message, subtitle != NULL ? subtitle : where, FALSE);
  gtk_widget_add_css_class (row, "run-error");
  return row;
}

static void
set_errors_status (FerryRunDetails *self,
                   const char      *status)
{
  gtk_label_set_label (self->errors_status, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->errors_status), status != NULL);
}

static void
show_errors (FerryRunDetails *self,
             GPtrArray       *errors)
{
  guint shown = MIN (errors->len, FERRY_RUN_DETAILS_MAX_ERRORS);
  g_autofree char *more = NULL;

  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (self->errors_list, error_row (g_ptr_array_index (errors, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->errors_list), shown > 0);
  if (errors->len == 0)
    set_errors_status (self, _("Every record of this run went through."));
  else if (errors->len > shown)
    {
      /* Loaded one more than shown, to know there are more. */
      more = g_strdup_printf (_("The first %u errors; “ferryctl history” lists them all."), shown);
      set_errors_status (self, more);
    }
  else
    set_errors_status (self, NULL);
}

static void
errors_loaded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryRunDetails) self = user_data;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  errors = ferry_run_item_load_errors_finish (FERRY_RUN_ITEM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (errors == NULL)
    {
      message = g_strdup_printf (_("The errors of this run could not be read: %s"),
                                 error->message);
      set_errors_status (self, message);
      return;
    }
  show_errors (self, errors);
}

FerryRunDetails *
ferry_run_details_new (GtkWindow    *parent,
                       FerryRunItem *item)
{
  FerryRunDetails *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_RUN_ITEM (item), NULL);

  self = g_object_new (FERRY_TYPE_RUN_DETAILS, "transient-for", parent, NULL);
  self->item = g_object_ref (item);
  fill_summary (self);

  self->loading = TRUE;
  set_errors_status (self, _("Reading the errors…"));
  ferry_run_item_load_errors_async (item, FERRY_RUN_DETAILS_MAX_ERRORS + 1, self->cancellable,
                                    errors_loaded, g_object_ref (self));
  return self;
}

FerryRunItem *
ferry_run_details_get_item (FerryRunDetails *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_DETAILS (self), NULL);
  return self->item;
}

gboolean
ferry_run_details_get_loading (FerryRunDetails *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_DETAILS (self), FALSE);
  return self->loading;
}

static gboolean
ferry_run_details_close_request (GtkWindow *window)
{
  g_cancellable_cancel (FERRY_RUN_DETAILS (window)->cancellable);

  return GTK_WINDOW_CLASS (ferry_run_details_parent_class)->close_request (window);
}

static void
ferry_run_details_finalize (GObject *object)
{
  FerryRunDetails *self = FERRY_RUN_DETAILS (object);

  g_clear_object (&self->item);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ferry_run_details_parent_class)->finalize (object);
}

static void
ferry_run_details_class_init (FerryRunDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->finalize = ferry_run_details_finalize;
  window_class->close_request = ferry_run_details_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-run-details.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryRunDetails, summary_list);
  gtk_widget_class_bind_template_child (widget_class, FerryRunDetails, errors_status);
  gtk_widget_class_bind_template_child (widget_class, FerryRunDetails, errors_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_run_details_init (FerryRunDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
