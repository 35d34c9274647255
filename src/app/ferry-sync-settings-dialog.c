/* ferry-sync-settings-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-settings-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-sync-settings-dialog.h"

/* The timeframe combo: the named timeframes in enum order, then a date. */
#define DATE_POSITION (FERRY_TIMEFRAME_ALL + 1)

struct _FerrySyncSettingsDialog
{
  AdwWindow         parent_instance;

  FerrySyncOptions *options; /* owned */

  /* template children */
  AdwComboRow      *type_row;
  AdwComboRow      *timeframe_row;
  AdwActionRow     *date_row;
  GtkCalendar      *calendar;
};

G_DEFINE_FINAL_TYPE (FerrySyncSettingsDialog, ferry_sync_settings_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_type_selected (FerrySyncSettingsDialog *self)
{
  ferry_sync_options_set_sync_type (self->options,
                                    adw_combo_row_get_selected (self->type_row) == 1
                                    ? FERRY_LEDGER_SYNC_DEEP : FERRY_LEDGER_SYNC_SHALLOW);
}

static void
on_day_selected (FerrySyncSettingsDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);

  if (adw_combo_row_get_selected (self->timeframe_row) == DATE_POSITION)
    ferry_sync_options_set_since_date (self->options, day);
}

static void
on_timeframe_selected (FerrySyncSettingsDialog *self)
{
  guint position = adw_combo_row_get_selected (self->timeframe_row);

  gtk_widget_set_visible (GTK_WIDGET (self->date_row), position == DATE_POSITION);
  if (position == DATE_POSITION)
    on_day_selected (self);
  else if (position != GTK_INVALID_LIST_POSITION)
    ferry_sync_options_set_timeframe (self->options, (FerryTimeframe) position);
}

static void
on_ok_clicked (FerrySyncSettingsDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_APPLIED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

/* From @options, not self->options, which the rows' handlers write as they
 * change. */
static void
show_options (FerrySyncSettingsDialog *self,
              const FerrySyncOptions  *options)
{
  g_autoptr(GDateTime) since = ferry_sync_options_get_since_date (options);
  FerryTimeframe timeframe = ferry_sync_options_get_timeframe (options);
  gboolean deep = ferry_sync_options_get_sync_type (options) == FERRY_LEDGER_SYNC_DEEP;

  if (since != NULL)
    gtk_calendar_select_day (self->calendar, since);
  adw_combo_row_set_selected (self->type_row, deep ? 1 : 0);
  adw_combo_row_set_selected (self->timeframe_row, since != NULL ? DATE_POSITION : (guint) timeframe);
}

FerrySyncSettingsDialog *
ferry_sync_settings_dialog_new (GtkWindow              *parent,
                                const FerrySyncOptions *options)
{
  FerrySyncSettingsDialog *self;

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (FERRY_TYPE_SYNC_SETTINGS_DIALOG, "transient-for", parent, NULL);
  ferry_sync_options_free (self->options);
  self->options = ferry_sync_options_copy (options);
  show_options (self, options);
  return self;
}

const FerrySyncOptions *
ferry_sync_settings_dialog_get_options (FerrySyncSettingsDialog *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SETTINGS_DIALOG (self), NULL);
  return self->options;
}

static void
ferry_sync_settings_dialog_finalize (GObject *object)
{
  FerrySyncSettingsDialog *self = FERRY_SYNC_SETTINGS_DIALOG (object);

  g_clear_pointer (&self->options, ferry_sync_options_free);

  G_OBJECT_CLASS (ferry_sync_settings_dialog_parent_class)->finalize (object);
}

static void
ferry_sync_settings_dialog_class_init (FerrySyncSettingsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ferry_sync_settings_dialog_finalize;

  signals[SIGNAL_APPLIED] =
    g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-sync-settings-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerrySyncSettingsDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncSettingsDialog, timeframe_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncSettingsDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncSettingsDialog, calendar);
  gtk_widget_class_bind_template_callback (widget_class, on_type_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_timeframe_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_ok_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_sync_settings_dialog_init (FerrySyncSettingsDialog *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) timeframes = gtk_string_list_new (NULL);

  self->options = ferry_sync_options_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_string_list_append (types, _("Shallow"));
  gtk_string_list_append (types, _("Deep"));
  for (guint i = 0; i <= FERRY_TIMEFRAME_ALL; i++)
    gtk_string_list_append (timeframes, ferry_timeframe_get_label ((FerryTimeframe) i));
  gtk_string_list_append (timeframes, _("Since a date"));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
  adw_combo_row_set_model (self->timeframe_row, G_LIST_MODEL (timeframes));
}
