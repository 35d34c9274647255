/* ferry-mappings-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mappings (the groups of data a connection syncs and how often) and
 * Advanced Mappings (presets, every entity type and its optional fields),
 * over a FerryMappingsEditor. What the accounting database has and what
 * was synced is read on a worker thread once the dialog opens.
 */
#define G_LOG_DOMAIN "ferry-mappings-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-mappings-dialog.h"
#include "ferry-mappings-load.h"
#include "ferry-mappings-rows.h"
#include "ferry-sync-frequency.h"

struct _FerryMappingsDialog
{
  AdwWindow            parent_instance;

  FerryAppState       *state;       /* owned */
  FerryConnection     *connection;  /* owned: the listed one */
  FerryMappingsEditor *editor;      /* owned */
  GCancellable        *cancellable; /* owned */
  GPtrArray           *group_rows;  /* owned: AdwActionRow per module, Mappings page */

  /* template children */
  AdwToastOverlay     *toast_overlay;
  AdwViewStack        *view_stack;
  AdwPreferencesGroup *groups_group;
  AdwComboRow         *schedule_row;
  AdwPreferencesPage  *advanced_page;
  AdwPreferencesGroup *presets_group;
  GtkWidget           *summary_group;
  GtkLabel            *summary_label;
};

G_DEFINE_FINAL_TYPE (FerryMappingsDialog, ferry_mappings_dialog, ADW_TYPE_WINDOW)

static void
show_toast (FerryMappingsDialog *self,
            const char          *text,
            guint                timeout)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A module's row on the Mappings page: what of it is on. */
static void
update_group_row (FerryMappingsDialog *self,
                  AdwActionRow        *row)
{
  GListModel *entities = ferry_mappings_editor_get_module_entities (self->editor,
                                                                     g_object_get_data (G_OBJECT (row), "module"));
  g_autoptr(GString) labels = g_string_new (NULL);
  guint n = g_list_model_get_n_items (entities), n_on = 0;
  g_autofree char *count = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMappingsEntity) entity = g_list_model_get_item (entities, i);

      if (!ferry_mappings_toggle_get_enabled (FERRY_MAPPINGS_TOGGLE (entity)))
        continue;
      if (n_on++ > 0)
        g_string_append (labels, ", ");
      g_string_append (labels, ferry_mappings_entity_get_label (entity));
    }
  adw_action_row_set_subtitle (row, n_on > 0 ? labels->str : _("Nothing selected"));
  /* Translators: how many entity types of a module are on, e.g. "3 of 7" */
  count = g_strdup_printf (_("%u of %u"), n_on, n);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "count"), count);
}

static void
update_group_rows (FerryMappingsDialog *self)
{
  for (guint i = 0; i < self->group_rows->len; i++)
    update_group_row (self, g_ptr_array_index (self->group_rows, i));
}

static void
build_group_rows (FerryMappingsDialog *self)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (self->connection);
  const char * const *modules = ferry_mappings_editor_get_modules (self->editor);

  for (guint i = 0; modules[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *count = gtk_label_new (NULL);
      const char *label = ferry_catalog_get_module_label (catalog, modules[i]);
      GtkWidget *check = ferry_mappings_rows_new_group_check (self->editor, modules[i], label);
      g_autofree char *name = g_strconcat ("group:", modules[i], NULL);

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_add_css_class (count, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);
      g_object_set_data_full (G_OBJECT (row), "module", g_strdup (modules[i]), g_free);
      g_object_set_data (G_OBJECT (row), "count", count);
      adw_preferences_group_add (self->groups_group, row);
      g_ptr_array_add (self->group_rows, row);
    }
  update_group_rows (self);
  g_signal_connect_object (ferry_mappings_editor_get_edited_connection (self->editor), "mappings-changed",
                           G_CALLBACK (update_group_rows), self, G_CONNECT_SWAPPED);
}

static void
on_preset_clicked (FerryMappingsDialog *self,
                   GtkButton           *button)
{
  FerryPreset *preset = g_object_get_data (G_OBJECT (button), "preset");
  g_autofree char *summary = ferry_mappings_editor_apply_preset (self->editor, preset);
  g_autofree char *toast = NULL;

  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_visible (self->summary_group, TRUE);
  /* Translators: %s is a preset, e.g. "PCCO export"; the full summary is on the page */
  toast = g_strdup_printf (_("Applied “%s”: see what changed above"), ferry_preset_get_label (preset));
  show_toast (self, toast, 5);
}

static void
build_presets (FerryMappingsDialog *self)
{
  GListModel *presets = ferry_catalog_get_presets (ferry_connection_get_catalog (self->connection));

  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(FerryPreset) preset = g_list_model_get_item (presets, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_label (_("Apply"));
      g_autofree char *name = g_strconcat ("preset:", ferry_preset_get_id (preset), NULL);
      /* Translators: %s is a preset, e.g. "PCCO export" */
      g_autofree char *accessible = g_strdup_printf (_("Apply the preset %s"), ferry_preset_get_label (preset));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_preset_get_label (preset));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ferry_preset_get_description (preset));
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      gtk_widget_set_name (button, name);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      g_object_set_data_full (G_OBJECT (button), "preset", g_object_ref (preset), g_object_unref);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_preset_clicked), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->presets_group, row);
    }
}

static void
on_schedule_selected (FerryMappingsDialog *self)
{
  guint n_choices, position = adw_combo_row_get_selected (self->schedule_row), current;
  const FerrySyncFrequencyChoice *choices = ferry_sync_frequency_get_choices (&n_choices);
  g_autofree char *schedule = NULL;

  /* The same choice keeps the exact schedule (e.g. "daily:06:30"). */
  if (position >= n_choices
      || (ferry_sync_frequency_find_choice (ferry_mappings_editor_get_schedule (self->editor), &current)
          && current == position))
    return;
  schedule = ferry_sync_frequency_to_schedule (&choices[position].frequency);
  ferry_mappings_editor_set_schedule (self->editor, schedule);
}

static void
build_schedule (FerryMappingsDialog *self)
{
  g_auto(GStrv) labels = ferry_sync_frequency_dup_labels ();
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) labels);
  guint position;

  adw_combo_row_set_model (self->schedule_row, G_LIST_MODEL (model));
  if (ferry_sync_frequency_find_choice (ferry_mappings_editor_get_schedule (self->editor), &position))
    adw_combo_row_set_selected (self->schedule_row, position);
  g_signal_connect_object (self->schedule_row, "notify::selected", G_CALLBACK (on_schedule_selected), self,
                           G_CONNECT_SWAPPED);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryMappingsDialog) self = user_data;
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GHashTable) synced = NULL;
  g_autoptr(GError) error = NULL;

  if (!ferry_mappings_load_finish (result, &tables, &synced, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (tables != NULL)
    ferry_mappings_editor_set_tables (self->editor, tables);
  if (synced != NULL)
    ferry_mappings_editor_set_synced_counts (self->editor, synced);
  if (error != NULL)
    show_toast (self, error->message, 0);
}

static void
on_advanced_activated (FerryMappingsDialog *self)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "advanced");
}

static void
on_save_clicked (FerryMappingsDialog *self)
{
  g_autoptr(FerryConnection) copy = ferry_connection_copy (self->connection);
  g_autoptr(GError) error = NULL;

  ferry_mappings_editor_apply_to (self->editor, copy);
  if (!ferry_connection_store_update (ferry_app_state_get_store (self->state), copy, &error))
    {
      show_toast (self, error->message, 0);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ferry_mappings_dialog_dispose (GObject *object)
{
  FerryMappingsDialog *self = FERRY_MAPPINGS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (ferry_mappings_dialog_parent_class)->dispose (object);
}

static void
ferry_mappings_dialog_finalize (GObject *object)
{
  FerryMappingsDialog *self = FERRY_MAPPINGS_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->group_rows, g_ptr_array_unref);
  g_clear_object (&self->editor);
  g_clear_object (&self->connection);
  g_clear_object (&self->state);
  G_OBJECT_CLASS (ferry_mappings_dialog_parent_class)->finalize (object);
}

static void
ferry_mappings_dialog_class_init (FerryMappingsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_mappings_dialog_dispose;
  object_class->finalize = ferry_mappings_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-mappings-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryMappingsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryMappingsDialog, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryMappingsDialog, groups_group);
  gtk_widget_class_bind_template_child (widget_class, FerryMappingsDialog, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, FerryMappingsDialog, advanced_page);
  gtk_widget_class_bind_template_child (widget_class, FerryMappingsDialog, presets_group);
  gtk_widget_class_bind_template_child (widget_class, FerryMappingsDialog, summary_group);
  gtk_widget_class_bind_template_child (widget_class, FerryMappingsDialog, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, on_advanced_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_mappings_dialog_init (FerryMappingsDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->group_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
ferry_mappings_dialog_new (GtkWindow       *parent,
                           FerryAppState   *state,
                           FerryConnection *connection)
{
  FerryMappingsDialog *self;
  g_autofree char *ledger = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (FERRY_IS_APP_STATE (state), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);

  /* Translators: the title of the Mappings dialog of a connection */
  title = g_strdup_printf (_("Mappings of %s"), ferry_connection_get_name (connection));
  self = g_object_new (FERRY_TYPE_MAPPINGS_DIALOG, "transient-for", parent, "title", title, NULL);
  self->state = g_object_ref (state);
  self->connection = g_object_ref (connection);
  self->editor = ferry_mappings_editor_new (connection, NULL, NULL);
  build_group_rows (self);
  build_schedule (self);
  build_presets (self);
  ferry_mappings_rows_add_modules (self->advanced_page, self->editor);

  ledger = ferry_connection_store_get_ledger_path (ferry_app_state_get_store (state), connection);
  ferry_mappings_load_async (connection, ledger, self->cancellable, on_loaded, g_object_ref (self));
  return GTK_WINDOW (self);
}
