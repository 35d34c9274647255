/* ferry-mappings-rows.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checkbox follows the entity's "enabled" one way; a click goes
 * through on_check_toggled (), which may ask before writing it.
 */
#define G_LOG_DOMAIN "ferry-mappings-rows"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-app-format.h"
#include "ferry-mappings-rows.h"

static void
update_subtitle (FerryMappingsEntity *entity,
                 GParamSpec          *pspec,
                 GtkWidget           *row)
{
  FerryMappingsToggle *toggle = FERRY_MAPPINGS_TOGGLE (entity);
  const char *reason = ferry_mappings_toggle_get_insensitive_reason (toggle);
  guint synced = ferry_mappings_entity_get_synced_count (entity);
  g_autofree char *count = NULL;
  g_autofree char *with_count = NULL;
  const char *subtitle = reason != NULL ? reason : ferry_mappings_entity_get_direction_text (entity);

  if (reason == NULL && synced > 0)
    {
      count = ferry_format_number (synced);
      /* Translators: the direction of an entity type, then how many of its records were synced */
      with_count = g_strdup_printf (_("%s · %s synced"), subtitle, count);
      subtitle = with_count;
    }

  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, reason);
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  GPtrArray *entities = user_data;

  for (guint i = 0; g_strcmp0 (response, "turn-off") == 0 && i < entities->len; i++)
    ferry_mappings_toggle_set_enabled (g_ptr_array_index (entities, i), FALSE);
}

/* Asks before turning @entities (FerryMappingsEntity, taken) off. */
static void
ask_before_disabling (GtkWidget  *widget,
                      GPtrArray  *entities,
                      const char *heading,
                      const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, message);
  AdwMessageDialog *message_dialog = ADW_MESSAGE_DIALOG (dialog);

  adw_message_dialog_add_responses (message_dialog, "cancel", _("_Keep Syncing"),
                                    "turn-off", _("_Turn Off"), NULL);
  adw_message_dialog_set_response_appearance (message_dialog, "turn-off", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (message_dialog, "cancel");
  adw_message_dialog_set_close_response (message_dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirm_response), entities,
                         (GClosureNotify) (void (*) (void)) g_ptr_array_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_check_toggled (GtkCheckButton *check,
                  gpointer        user_data)
{
  FerryMappingsEntity *entity = user_data;
  FerryMappingsToggle *toggle = FERRY_MAPPINGS_TOGGLE (entity);
  FerryMappingsEditor *editor = g_object_get_data (G_OBJECT (check), "editor");
  gboolean active = gtk_check_button_get_active (check);
  g_autofree char *message = NULL;
  g_autofree char *heading = NULL;
  GPtrArray *entities;

  if (active == ferry_mappings_toggle_get_enabled (toggle))
    return;
  if (!active)
    message = ferry_mappings_editor_confirmation_for_disable (editor, entity);
  if (message == NULL)
    {
      ferry_mappings_toggle_set_enabled (toggle, active);
      return;
    }
  /* Stays ticked unless the person confirms. */
  gtk_check_button_set_active (check, TRUE);
  entities = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (entities, g_object_ref (entity));
  /* Translators: %s is an entity type, e.g. "Customer" */
  heading = g_strdup_printf (_("Stop Syncing “%s”?"), ferry_mappings_entity_get_label (entity));
  ask_before_disabling (GTK_WIDGET (check), entities, heading, message);
}

static GtkWidget *
new_check (FerryMappingsEditor *editor,
           FerryMappingsEntity *entity)
{
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *name = g_strconcat ("check:", ferry_mappings_entity_get_id (entity), NULL);

  gtk_widget_set_name (check, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ferry_mappings_entity_get_label (entity), -1);
  g_object_set_data (G_OBJECT (check), "editor", editor);
  g_object_bind_property (entity, "enabled", check, "active", G_BINDING_SYNC_CREATE);
  g_object_bind_property (entity, "sensitive", check, "sensitive", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled), entity, 0);
  return check;
}

static GtkWidget *
new_field_row (FerryMappingsEntity *entity,
               FerryMappingsField  *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();
  /* Translators: an optional field of an entity type, e.g. "Employee of Transaction (JC)" */
  g_autofree char *accessible = g_strdup_printf (_("%s of %s"), ferry_mappings_field_get_label (field),
                                                 ferry_mappings_entity_get_label (entity));
  g_autofree char *name = g_strdup_printf ("field:%s:%s", ferry_mappings_entity_get_id (entity),
                                           ferry_mappings_field_get_name (field));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_mappings_field_get_label (field));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_name (toggle, name);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_bind_property (field, "enabled", toggle, "active", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (field, "sensitive", row, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (field, "insensitive-reason", row, "subtitle", G_BINDING_SYNC_CREATE);
  /* A field only matters while its entity type is on. */
  g_object_bind_property (entity, "enabled", toggle, "sensitive", G_BINDING_SYNC_CREATE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  return row;
}

static GtkWidget *
new_entity_row (FerryMappingsEditor *editor,
                FerryMappingsEntity *entity)
{
  GListModel *fields = ferry_mappings_entity_get_fields (entity);
  guint n_fields = g_list_model_get_n_items (fields);
  GtkWidget *check = new_check (editor, entity);
  g_autofree char *name = g_strconcat ("entity:", ferry_mappings_entity_get_id (entity), NULL);
  GtkWidget *row;

  if (n_fields == 0)
    {
      row = adw_action_row_new ();
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
    }
  else
    {
      /* Selecting (expanding) the entity type shows its optional fields. */
      row = adw_expander_row_new ();
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), check);
      for (guint i = 0; i < n_fields; i++)
        {
          g_autoptr(FerryMappingsField) field = g_list_model_get_item (fields, i);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), new_field_row (entity, field));
        }
    }
  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_mappings_entity_get_label (entity));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  update_subtitle (entity, NULL, row);
  g_signal_connect_object (entity, "notify::insensitive-reason", G_CALLBACK (update_subtitle), row, 0);
  g_signal_connect_object (entity, "notify::synced-count", G_CALLBACK (update_subtitle), row, 0);
  return row;
}

static void on_group_toggled (GtkCheckButton *check, gpointer user_data);

/* Ticked when every entity type of the module that can be on is on,
 * inconsistent when some are. */
static void
sync_group_check (GtkCheckButton *check)
{
  FerryMappingsEditor *editor = g_object_get_data (G_OBJECT (check), "editor");
  GListModel *entities = ferry_mappings_editor_get_module_entities (editor, g_object_get_data (G_OBJECT (check),
                                                                                               "module"));
  guint n_on = 0, n_possible = 0;

  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(FerryMappingsToggle) toggle = g_list_model_get_item (entities, i);
      gboolean on = ferry_mappings_toggle_get_enabled (toggle);

      n_on += on;
      n_possible += on || ferry_mappings_toggle_get_sensitive (toggle);
    }
  g_signal_handlers_block_by_func (check, on_group_toggled, NULL);
  gtk_check_button_set_active (check, n_on > 0 && n_on == n_possible);
  gtk_check_button_set_inconsistent (check, n_on > 0 && n_on < n_possible);
  g_signal_handlers_unblock_by_func (check, on_group_toggled, NULL);
}

/* Turns the module's entity types off, asking once for those that were
 * synced. */
static void
disable_group (GtkCheckButton *check,
               GListModel     *entities)
{
  FerryMappingsEditor *editor = g_object_get_data (G_OBJECT (check), "editor");
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) messages = g_string_new (NULL);
  g_autofree char *heading = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(FerryMappingsEntity) entity = g_list_model_get_item (entities, i);
      g_autofree char *message = NULL;

      if (!ferry_mappings_toggle_get_enabled (FERRY_MAPPINGS_TOGGLE (entity)))
        continue;
      message = ferry_mappings_editor_confirmation_for_disable (editor, entity);
      if (message == NULL)
        {
          ferry_mappings_toggle_set_enabled (FERRY_MAPPINGS_TOGGLE (entity), FALSE);
          continue;
        }
      g_string_append_printf (messages, "%s%s", messages->len > 0 ? "\n\n" : "", message);
      g_ptr_array_add (asked, g_object_ref (entity));
    }
  if (asked->len == 0)
    return;
  heading = g_strdup_printf (ngettext ("Stop Syncing %u Synced Entity Type?",
                                       "Stop Syncing %u Synced Entity Types?", asked->len), asked->len);
  ask_before_disabling (GTK_WIDGET (check), g_steal_pointer (&asked), heading, messages->str);
}

static void
on_group_toggled (GtkCheckButton *check,
                  gpointer        user_data)
{
  FerryMappingsEditor *editor = g_object_get_data (G_OBJECT (check), "editor");
  GListModel *entities = ferry_mappings_editor_get_module_entities (editor, g_object_get_data (G_OBJECT (check),
                                                                                               "module"));

  if (!gtk_check_button_get_active (check))
    disable_group (check, entities);
  else
    for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
      {
        g_autoptr(FerryMappingsToggle) toggle = g_list_model_get_item (entities, i);

        if (ferry_mappings_toggle_get_sensitive (toggle))
          ferry_mappings_toggle_set_enabled (toggle, TRUE);
      }
  sync_group_check (check);
}

GtkWidget *
ferry_mappings_rows_new_group_check (FerryMappingsEditor *editor,
                                     const char          *module_id,
                                     const char          *label)
{
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *name = g_strconcat ("group-check:", module_id, NULL);
  /* Translators: the checkbox of a group of data, e.g. "Sync all of Contracts (CN)" */
  g_autofree char *accessible = g_strdup_printf (_("Sync all of %s"), label);

  gtk_widget_set_name (check, name);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (check), "editor", editor);
  g_object_set_data_full (G_OBJECT (check), "module", g_strdup (module_id), g_free);
  sync_group_check (GTK_CHECK_BUTTON (check));
  g_signal_connect (check, "toggled", G_CALLBACK (on_group_toggled), NULL);
  g_signal_connect_object (ferry_mappings_editor_get_edited_connection (editor), "mappings-changed",
                           G_CALLBACK (sync_group_check), check, G_CONNECT_SWAPPED);
  /* The tables arrive later and make some entity types insensitive. */
  g_signal_connect_object (editor, "notify", G_CALLBACK (sync_group_check), check, G_CONNECT_SWAPPED);
  return check;
}

void
ferry_mappings_rows_add_modules (AdwPreferencesPage  *page,
                                 FerryMappingsEditor *editor)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (ferry_mappings_editor_get_connection (editor));
  const char * const *modules = ferry_mappings_editor_get_modules (editor);

  for (guint i = 0; modules[i] != NULL; i++)
    {
      GListModel *entities = ferry_mappings_editor_get_module_entities (editor, modules[i]);
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      g_autofree char *name = g_strconcat ("module:", modules[i], NULL);

      gtk_widget_set_name (GTK_WIDGET (group), name);
      adw_preferences_group_set_title (group, ferry_catalog_get_module_label (catalog, modules[i]));
      for (guint j = 0; entities != NULL && j < g_list_model_get_n_items (entities); j++)
        {
          g_autoptr(FerryMappingsEntity) entity = g_list_model_get_item (entities, j);

          adw_preferences_group_add (group, new_entity_row (editor, entity));
        }
      adw_preferences_page_add (page, group);
    }
}
