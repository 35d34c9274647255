/* ferry-sync-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-row"

#include "config.h"

#include "ferry-page.h"

#include <glib/gi18n.h>

#include "ferry-sync-row.h"

struct _FerrySyncRow
{
  AdwBin               parent_instance;

  FerrySyncController *controller; /* owned */
  GtkTreeListModel    *tree_model; /* owned */
  gboolean             allowed;
  char                *reason;     /* owned, nullable */

  /* template children */
  AdwExpanderRow      *expander;
  GtkCheckButton      *check;
  GtkButton           *sync_button;
  GtkListBox          *tree;
  GtkWidget           *progress_box;
  GtkProgressBar      *progress_bar;
  GtkLabel            *phase_label;
  GtkLabel            *progress_label;
  GtkLabel            *last_synced_label;
  GtkLabel            *duration_label;
  GtkLabel            *counts_label;
  GtkLabel            *message_label;
  GtkLabel            *next_sync_label;
  GtkLabel            *busy_label;
  GtkWidget           *errors_box;
  GtkListBox          *errors_list;
  GtkButton           *retry_button;
};

G_DEFINE_FINAL_TYPE (FerrySyncRow, ferry_sync_row, ADW_TYPE_BIN)

enum {
  SIGNAL_SYNC_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_sync_button (FerrySyncRow *self)
{
  gboolean running = ferry_sync_controller_get_running (self->controller);
  gboolean empty = ferry_sync_selection_is_empty (ferry_sync_controller_get_selection (self->controller));
  GtkWidget *button = GTK_WIDGET (self->sync_button);

  gtk_button_set_label (self->sync_button, running ? _("_Cancel") : _("_Sync"));
  if (running)
    gtk_widget_remove_css_class (button, "suggested-action");
  else
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_sensitive (button, running || (self->allowed && !empty));
  gtk_widget_set_tooltip_text (button, !running && !self->allowed ? self->reason : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->retry_button), self->allowed && !running);
}

static void
update_progress (FerrySyncRow *self)
{
  FerrySyncController *c = self->controller;
  const char *entity = ferry_sync_controller_get_entity_label (c);
  g_autofree char *phase = NULL;

  /* Translators: a run's phase and the entity type it works on, “Sending records… Customer” */
  phase = entity != NULL ? g_strdup_printf (_("%s %s"), ferry_sync_controller_get_phase_text (c), entity)
                         : g_strdup (ferry_sync_controller_get_phase_text (c));
  gtk_widget_set_visible (self->progress_box, ferry_sync_controller_get_running (c));
  gtk_progress_bar_set_fraction (self->progress_bar, ferry_sync_controller_get_fraction (c));
  ferry_label_set_text_or_hide (self->phase_label, phase);
  ferry_label_set_text_or_hide (self->progress_label, ferry_sync_controller_get_progress_text (c));
}

/* Under the connection's name: what it is doing, or when it last synced. */
static void
update_subtitle (FerrySyncRow *self)
{
  FerrySyncController *c = self->controller;
  const char *relative = ferry_sync_controller_get_last_synced_relative (c);
  g_autofree char *subtitle = NULL;

  if (ferry_sync_controller_get_running (c) || ferry_sync_controller_get_busy_text (c) != NULL)
    subtitle = g_strdup (_("Syncing…"));
  else if (relative != NULL)
    /* Translators: “Synced 5 minutes ago” */
    subtitle = g_strdup_printf (_("Synced %s"), relative);
  else
    subtitle = g_strdup (_("Never synced"));
  adw_expander_row_set_subtitle (self->expander, subtitle);
}

static void
update_summary (FerrySyncRow *self)
{
  FerrySyncController *c = self->controller;
  const char *last = ferry_sync_controller_get_last_synced (c);
  const char *result = ferry_sync_controller_get_result_text (c);
  const char *counts = ferry_sync_controller_get_counts_text (c);
  g_autofree char *last_text = NULL;
  g_autofree char *duration_text = NULL;
  g_autofree char *counts_text = NULL;

  if (last != NULL)
    /* Translators: “Last synced: 2026-05-02 14:05 (5 minutes ago)” */
    last_text = g_strdup_printf (_("Last synced: %s (%s)"), last,
                                 ferry_sync_controller_get_last_synced_relative (c));
  if (ferry_sync_controller_get_duration_text (c) != NULL)
    duration_text = g_strdup_printf (_("Duration: %s"), ferry_sync_controller_get_duration_text (c));
  if (result != NULL && counts != NULL)
    /* Translators: a run's result and its tallies, “Succeeded: 1,200 sent · 3 rejected” */
    counts_text = g_strdup_printf (_("%s: %s"), result, counts);
  else
    counts_text = g_strdup (result != NULL ? result : counts);
  ferry_label_set_text_or_hide (self->last_synced_label, last_text);
  ferry_label_set_text_or_hide (self->duration_label, duration_text);
  ferry_label_set_text_or_hide (self->counts_label, counts_text);
  ferry_label_set_text_or_hide (self->message_label, ferry_sync_controller_get_message (c));
  ferry_label_set_text_or_hide (self->next_sync_label, ferry_sync_controller_get_next_sync_text (c));
  ferry_label_set_text_or_hide (self->busy_label, ferry_sync_controller_get_busy_text (c));
  update_subtitle (self);
}

static void
update_check (FerrySyncRow *self)
{
  FerryCheckState state = ferry_sync_selection_get_state (ferry_sync_controller_get_selection (self->controller));

  g_signal_handlers_block_matched (self->check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_check_button_set_active (self->check, state == FERRY_CHECK_CHECKED);
  gtk_check_button_set_inconsistent (self->check, state == FERRY_CHECK_MIXED);
  g_signal_handlers_unblock_matched (self->check, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  update_sync_button (self);
}

static void
on_check_toggled (FerrySyncRow *self)
{
  FerrySyncSelection *selection = ferry_sync_controller_get_selection (self->controller);

  if (gtk_check_button_get_active (self->check))
    ferry_sync_selection_select_all (selection);
  else
    ferry_sync_selection_deselect_all (selection);
}

static void
on_sync_clicked (FerrySyncRow *self)
{
  if (ferry_sync_controller_get_running (self->controller))
    ferry_sync_controller_cancel (self->controller);
  else
    g_signal_emit (self, signals[SIGNAL_SYNC_REQUESTED], 0);
}

static void
on_copy_clicked (FerrySyncRow *self)
{
  g_autofree char *details = ferry_sync_controller_dup_details (self->controller);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), details);
}

static void
on_retry_clicked (FerrySyncRow *self)
{
  ferry_sync_controller_retry_failed (self->controller);
}

static void
on_node_toggled (GtkCheckButton *button,
                 FerrySyncRow   *self)
{
  FerrySyncSelectionNode *node = g_object_get_data (G_OBJECT (button), "ferry-node");
  gboolean active = gtk_check_button_get_active (button);
  FerryCheckState state = ferry_sync_selection_node_get_state (node);

  /* The binding from the node sets "active" too: only a click differs. */
  if (active != (state == FERRY_CHECK_CHECKED))
    ferry_sync_selection_set_checked (ferry_sync_controller_get_selection (self->controller),
                                      node, active);
}

static GtkWidget *
create_tree_row (gpointer item,
                 gpointer user_data)
{
  FerrySyncRow *self = user_data;
  GtkTreeListRow *list_row = item;
  g_autoptr(FerrySyncSelectionNode) node = gtk_tree_list_row_get_item (list_row);
  const char *id = ferry_sync_selection_node_get_id (node);
  g_autofree char *name = g_strconcat ("check-", id, NULL);
  GtkWidget *button = gtk_check_button_new_with_label (ferry_sync_selection_node_get_label (node));

  gtk_widget_set_name (button, name);
  gtk_widget_set_margin_start (button, 12 + 24 * gtk_tree_list_row_get_depth (list_row));
  gtk_widget_set_margin_top (button, 3);
  gtk_widget_set_margin_bottom (button, 3);
  if (ferry_sync_selection_node_get_is_module (node))
    gtk_widget_add_css_class (button, "heading");
  g_object_set_data_full (G_OBJECT (button), "ferry-node", g_object_ref (node), g_object_unref);
  g_object_bind_property (node, "active", button, "active", G_BINDING_SYNC_CREATE);
  g_object_bind_property (node, "inconsistent", button, "inconsistent", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (button, "toggled", G_CALLBACK (on_node_toggled), self, 0);
  return button;
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GListModel *children = ferry_sync_selection_node_get_children (item);

  return children != NULL ? g_object_ref (children) : NULL;
}

static GtkWidget *
create_error_row (gpointer item,
                  gpointer user_data)
{
  FerrySyncErrorItem *error = item;
  GtkWidget *row = adw_action_row_new ();
  const char *hint = ferry_sync_error_item_get_hint (error);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a record error: entity type, record key, the cloud's message */
  title = g_strdup_printf (_("%s %s: %s"), ferry_sync_error_item_get_entity_label (error),
                           ferry_sync_error_item_get_key (error),
                           ferry_sync_error_item_get_message (error));
  if (hint != NULL)
    /* Translators: how to fix a record error */
    subtitle = g_strdup_printf (_("Fix: %s"), hint);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  return row;
}

static void
on_errors_changed (FerrySyncRow *self)
{
  GListModel *errors = ferry_sync_controller_get_errors (self->controller);

  gtk_list_box_bind_model (self->errors_list, errors, create_error_row, self, NULL);
  gtk_widget_set_visible (self->errors_box, g_list_model_get_n_items (errors) > 0);
}

static void
on_controller_notify (FerrySyncRow *self,
                      GParamSpec   *pspec)
{
  if (g_strcmp0 (pspec->name, "errors") == 0)
    on_errors_changed (self);
  else if (g_strcmp0 (pspec->name, "running") == 0)
    update_sync_button (self);
  update_progress (self);
  update_summary (self);
}

static void
bind_controller (FerrySyncRow *self)
{
  FerrySyncSelection *selection = ferry_sync_controller_get_selection (self->controller);
  FerryConnection *connection = ferry_sync_controller_get_connection (self->controller);
  g_autofree char *check_label = g_strdup_printf (_("Sync %s"), ferry_connection_get_name (connection));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expander), ferry_connection_get_name (connection));
  gtk_widget_set_name (GTK_WIDGET (self), ferry_connection_get_name (connection));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, check_label, -1);
  self->tree_model = gtk_tree_list_model_new (g_object_ref (ferry_sync_selection_get_model (selection)),
                                              FALSE, TRUE, create_children, NULL, NULL);
  gtk_list_box_bind_model (self->tree, G_LIST_MODEL (self->tree_model), create_tree_row, self, NULL);
  g_signal_connect_object (selection, "changed", G_CALLBACK (update_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "notify", G_CALLBACK (on_controller_notify), self,
                           G_CONNECT_SWAPPED);
  on_errors_changed (self);
  update_check (self);
  update_progress (self);
  update_summary (self);
}

GtkWidget *
ferry_sync_row_new (FerrySyncController *controller)
{
  FerrySyncRow *self;

  g_return_val_if_fail (FERRY_IS_SYNC_CONTROLLER (controller), NULL);

  self = g_object_new (FERRY_TYPE_SYNC_ROW, NULL);
  self->controller = g_object_ref (controller);
  bind_controller (self);
  return GTK_WIDGET (self);
}

FerrySyncController *
ferry_sync_row_get_controller (FerrySyncRow *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_ROW (self), NULL);
  return self->controller;
}

void
ferry_sync_row_set_allowed (FerrySyncRow *self,
                            gboolean      allowed,
                            const char   *reason)
{
  g_return_if_fail (FERRY_IS_SYNC_ROW (self));

  self->allowed = allowed;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  update_sync_button (self);
}

static void
ferry_sync_row_dispose (GObject *object)
{
  FerrySyncRow *self = FERRY_SYNC_ROW (object);

  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_SYNC_ROW);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->controller);
  g_clear_pointer (&self->reason, g_free);

  G_OBJECT_CLASS (ferry_sync_row_parent_class)->dispose (object);
}

static void
ferry_sync_row_class_init (FerrySyncRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_sync_row_dispose;

  signals[SIGNAL_SYNC_REQUESTED] =
    g_signal_new ("sync-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-sync-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, expander);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, check);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, tree);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, phase_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, last_synced_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, duration_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, counts_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, message_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, next_sync_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, busy_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, errors_box);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, errors_list);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncRow, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_check_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_sync_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
}

static void
ferry_sync_row_init (FerrySyncRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
