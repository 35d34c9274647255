/* ferry-sync-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-app-format.h"
#include "ferry-sync-page.h"
#include "ferry-sync-row.h"
#include "ferry-sync-settings-dialog.h"

struct _FerrySyncPage
{
  FerryPage         parent_instance;

  FerrySyncOptions *options;     /* owned: of Settings… */
  GHashTable       *controllers; /* owned: FerryConnection → FerrySyncController */

  /* template children */
  GtkStack         *stack;
  GtkLabel         *blocked_label;
  GtkLabel         *settings_label;
  GtkButton        *sync_button;
  GtkBox           *rows_box;
};

G_DEFINE_FINAL_TYPE (FerrySyncPage, ferry_sync_page, FERRY_TYPE_PAGE)

/* The rows, in order. */
#define FOREACH_ROW(self, row) \
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET ((self)->rows_box)); \
       row != NULL; row = gtk_widget_get_next_sibling (row))

#define ROW_CONTROLLER(row) ferry_sync_row_get_controller (FERRY_SYNC_ROW (row))

static gboolean
any_running (FerrySyncPage *self)
{
  FOREACH_ROW (self, row)
    if (ferry_sync_controller_get_running (ROW_CONTROLLER (row)))
      return TRUE;
  return FALSE;
}

static void
update (FerrySyncPage *self)
{
  FerryAppState *state = ferry_page_get_state (FERRY_PAGE (self));
  const char *reason = state != NULL ? ferry_app_state_get_sync_blocked_reason (state) : NULL;
  gboolean allowed = state != NULL && ferry_app_state_get_can_sync (state);
  gboolean running = any_running (self);
  GtkWidget *button = GTK_WIDGET (self->sync_button);

  gtk_label_set_label (self->blocked_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->blocked_label), reason != NULL);
  FOREACH_ROW (self, row)
    ferry_sync_row_set_allowed (FERRY_SYNC_ROW (row), allowed, reason);
  gtk_button_set_label (self->sync_button, running ? _("_Cancel") : _("_Sync"));
  if (running)
    gtk_widget_remove_css_class (button, "suggested-action");
  else
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_sensitive (button, running || allowed);
  gtk_widget_set_tooltip_text (button, running || allowed ? NULL : reason);
}

static void
update_settings_label (FerrySyncPage *self)
{
  g_autofree char *timeframe =
    ferry_format_timeframe (ferry_sync_options_get_timeframe_text (self->options));
  g_autofree char *text = NULL;

  /* Translators: the chosen sync type and timeframe, “Deep · The beginning of time” */
  text = g_strdup_printf (_("%s · %s"),
                          ferry_format_sync_type (ferry_sync_options_get_sync_type (self->options)),
                          timeframe);
  gtk_label_set_label (self->settings_label, text);
}

static void
on_estimate_response (AdwMessageDialog    *dialog,
                      const char          *response,
                      FerrySyncController *controller)
{
  const FerrySyncOptions *options = g_object_get_data (G_OBJECT (dialog), "ferry-options");

  if (g_strcmp0 (response, "sync") == 0)
    ferry_sync_controller_start (controller, options);
}

static void
on_estimate (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerrySyncPage) self = user_data;
  FerrySyncController *controller = FERRY_SYNC_CONTROLLER (source);
  g_auto(FerryLedgerEstimate) estimate = { 0, -1, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!ferry_sync_controller_estimate_finish (controller, result, &estimate, &error))
    body = g_strdup_printf (_("The size of a deep sync could not be estimated: %s"), error->message);
  else
    body = ferry_sync_describe_estimate (&estimate);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Run a Deep Sync?"), body);
  gtk_widget_set_name (dialog, "deep-sync-confirm");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sync", _("_Deep Sync"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sync",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sync");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ferry-options",
                          ferry_sync_options_copy (self->options),
                          (GDestroyNotify) ferry_sync_options_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_estimate_response), controller, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
request_sync (FerrySyncPage       *self,
              FerrySyncController *controller)
{
  g_auto(GStrv) entities = NULL;

  if (ferry_sync_controller_get_running (controller))
    return;
  if (ferry_sync_options_get_sync_type (self->options) != FERRY_LEDGER_SYNC_DEEP)
    {
      ferry_sync_controller_start (controller, self->options);
      return;
    }
  entities = ferry_sync_selection_dup_selected_ids (ferry_sync_controller_get_selection (controller));
  ferry_sync_controller_estimate_async (controller, (const char * const *) entities, NULL,
                                        on_estimate, g_object_ref (self));
}

static void
on_row_sync_requested (FerrySyncPage *self,
                       FerrySyncRow  *row)
{
  request_sync (self, ferry_sync_row_get_controller (row));
}

static void
on_sync_clicked (FerrySyncPage *self)
{
  gboolean running = any_running (self);

  FOREACH_ROW (self, row)
    {
      FerrySyncController *controller = ROW_CONTROLLER (row);

      if (running)
        ferry_sync_controller_cancel (controller);
      else if (!ferry_sync_selection_is_empty (ferry_sync_controller_get_selection (controller)))
        request_sync (self, controller);
    }
}

static void
on_select_all_clicked (FerrySyncPage *self)
{
  FOREACH_ROW (self, row)
    ferry_sync_selection_select_all (ferry_sync_controller_get_selection (ROW_CONTROLLER (row)));
}

static void
on_deselect_all_clicked (FerrySyncPage *self)
{
  FOREACH_ROW (self, row)
    ferry_sync_selection_deselect_all (ferry_sync_controller_get_selection (ROW_CONTROLLER (row)));
}

static void
on_settings_applied (FerrySyncPage           *self,
                     FerrySyncSettingsDialog *dialog)
{
  ferry_sync_options_free (self->options);
  self->options = ferry_sync_options_copy (ferry_sync_settings_dialog_get_options (dialog));
  update_settings_label (self);
}

static void
on_settings_clicked (FerrySyncPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  FerrySyncSettingsDialog *dialog =
    ferry_sync_settings_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->options);

  g_signal_connect_object (dialog, "applied", G_CALLBACK (on_settings_applied), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static FerrySyncController *
controller_for (FerrySyncPage   *self,
                FerryAppState   *state,
                FerryConnection *connection)
{
  FerrySyncController *controller = g_hash_table_lookup (self->controllers, connection);

  if (controller == NULL)
    {
      controller = ferry_sync_controller_new (state, connection);
      g_hash_table_insert (self->controllers, g_object_ref (connection), controller);
    }
  return controller;
}

static void
rebuild (FerrySyncPage *self)
{
  FerryAppState *state = ferry_page_get_state (FERRY_PAGE (self));
  GListModel *connections = state != NULL ? ferry_app_state_get_connections (state) : NULL;
  guint n = connections != NULL ? g_list_model_get_n_items (connections) : 0;
  g_autoptr(GHashTable) previous = g_steal_pointer (&self->controllers);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_box))) != NULL)
    gtk_box_remove (self->rows_box, child);
  self->controllers = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryConnection) connection = g_list_model_get_item (connections, i);
      FerrySyncController *controller = g_hash_table_lookup (previous, connection);
      GtkWidget *row;

      if (controller != NULL)
        g_hash_table_insert (self->controllers, g_object_ref (connection), g_object_ref (controller));
      controller = controller_for (self, state, connection);
      row = ferry_sync_row_new (controller);
      g_signal_connect_object (row, "sync-requested", G_CALLBACK (on_row_sync_requested), self,
                               G_CONNECT_SWAPPED);
      /* A controller kept from the last rebuild is already followed. */
      g_signal_handlers_disconnect_by_func (controller, update, self);
      g_signal_connect_object (controller, "notify::running", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (self->rows_box, row);
    }
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "connections" : "empty");
  update (self);
}

static void
ferry_sync_page_state_changed (FerryPage     *page,
                               FerryAppState *previous)
{
  FerrySyncPage *self = FERRY_SYNC_PAGE (page);
  FerryAppState *state = ferry_page_get_state (page);

  if (previous != NULL)
    {
      g_signal_handlers_disconnect_by_data (previous, self);
      g_signal_handlers_disconnect_by_data (ferry_app_state_get_connections (previous), self);
    }
  if (state != NULL)
    {
      g_signal_connect_object (state, "notify::sync-blocked-reason", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (state, "notify::can-sync", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (ferry_app_state_get_connections (state), "items-changed",
                               G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
    }
  rebuild (self);
}

const FerrySyncOptions *
ferry_sync_page_get_options (FerrySyncPage *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_PAGE (self), NULL);
  return self->options;
}

static void
ferry_sync_page_dispose (GObject *object)
{
  FerrySyncPage *self = FERRY_SYNC_PAGE (object);

  /* Runs go on no longer than their page. */
  if (self->controllers != NULL)
    {
      GHashTableIter iter;
      gpointer controller;

      g_hash_table_iter_init (&iter, self->controllers);
      while (g_hash_table_iter_next (&iter, NULL, &controller))
        ferry_sync_controller_cancel (controller);
    }
  G_OBJECT_CLASS (ferry_sync_page_parent_class)->dispose (object);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_SYNC_PAGE);
  g_clear_pointer (&self->controllers, g_hash_table_unref);
}

static void
ferry_sync_page_finalize (GObject *object)
{
  FerrySyncPage *self = FERRY_SYNC_PAGE (object);

  g_clear_pointer (&self->options, ferry_sync_options_free);

  G_OBJECT_CLASS (ferry_sync_page_parent_class)->finalize (object);
}

static void
ferry_sync_page_class_init (FerrySyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FerryPageClass *page_class = FERRY_PAGE_CLASS (klass);

  object_class->dispose = ferry_sync_page_dispose;
  object_class->finalize = ferry_sync_page_finalize;
  page_class->state_changed = ferry_sync_page_state_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerrySyncPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncPage, blocked_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncPage, settings_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, FerrySyncPage, rows_box);
  gtk_widget_class_bind_template_callback (widget_class, on_select_all_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_deselect_all_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_settings_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_sync_clicked);
}

/* Runs ferryctl or the service started meanwhile show when the page does:
 * the ledger is shared. A run in progress here is already up to date. */
static void
on_map (GtkWidget *widget)
{
  FerrySyncPage *self = FERRY_SYNC_PAGE (widget);
  GHashTableIter iter;
  FerrySyncController *controller;

  g_hash_table_iter_init (&iter, self->controllers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &controller))
    {
      if (!ferry_sync_controller_get_running (controller))
        ferry_sync_controller_refresh (controller);
    }
}

static void
ferry_sync_page_init (FerrySyncPage *self)
{
  self->options = ferry_sync_options_new ();
  self->controllers = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  update_settings_label (self);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}
