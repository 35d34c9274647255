/* ferry-connections-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Local Connections page: one row per connection of the state's store
 * with its accounting system, location, company, schedule and the last
 * result of its ledger (read on a worker thread), and Add / Edit / Remove /
 * Test connection / Mappings.
 */
#define G_LOG_DOMAIN "ferry-connections-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ferry-connection-dialog.h"
#include "ferry-connection-test.h"
#include "ferry-connections-page.h"
#include "ferry-mappings-dialog.h"
#include "ferry-sync-frequency.h"

struct _FerryConnectionsPage
{
  FerryPage      parent_instance;

  GListModel    *connections; /* owned, nullable: the state's */
  GCancellable  *cancellable; /* owned: ledger reads and tests */

  /* template children */
  GtkStack      *stack;
  AdwStatusPage *error_page;
  GtkListBox    *list;
};

G_DEFINE_FINAL_TYPE (FerryConnectionsPage, ferry_connections_page, FERRY_TYPE_PAGE)

static const char *
kind_label (FerryAccountingKind kind)
{
  switch (kind)
    {
    case FERRY_ACCOUNTING_KIND_SQLITE:
    default:
      return _("SQLite accounting database");
    }
}

static void
update_row (GtkWidget *row)
{
  FerryConnection *connection = g_object_get_data (G_OBJECT (row), "connection");
  const char *company = ferry_connection_get_company (connection);
  g_autofree char *schedule = ferry_sync_frequency_describe (ferry_connection_get_schedule (connection));
  g_autofree char *cloud = NULL;
  g_autofree char *subtitle = NULL;
  const char *last = g_object_get_data (G_OBJECT (row), "last-result");

  if (company != NULL && *company != '\0')
    /* Translators: the cloud site and company code of a connection, e.g. "demo · company 01" */
    cloud = g_strdup_printf (_("%s · company %s"), ferry_connection_get_site (connection), company);
  else
    cloud = g_strdup (_("No cloud company yet"));
  /* Translators: three lines: the accounting system and database file, the cloud
   * company and the automatic sync schedule, the last run's result */
  subtitle = g_strdup_printf (_("%s · %s\n%s · %s\n%s"),
                              kind_label (ferry_connection_get_kind (connection)),
                              ferry_connection_get_location (connection), cloud, schedule,
                              last != NULL ? last : _("Reading the ledger…"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_connection_get_name (connection));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, ferry_connection_get_name (connection));
}

static void
on_last_run (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryLedgerRun) run = ferry_connection_last_run_finish (result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    /* Translators: the ledger of a connection could not be read */
    text = g_strdup_printf (_("Last result unknown: %s"), error->message);
  else
    text = ferry_connection_describe_last_run (run);
  g_object_set_data_full (G_OBJECT (row), "last-result", g_steal_pointer (&text), g_free);
  update_row (row);
}

static void
read_last_run (FerryConnectionsPage *self,
               FerryConnection      *connection,
               GtkWidget            *row)
{
  FerryAppState *state = ferry_page_get_state (FERRY_PAGE (self));
  g_autofree char *ledger = NULL;

  if (state == NULL)
    return;
  ledger = ferry_connection_store_get_ledger_path (ferry_app_state_get_store (state), connection);
  ferry_connection_last_run_async (ledger, self->cancellable, on_last_run, g_object_ref (row));
}

static GtkWidget *
add_button (GtkWidget  *row,
            const char *name,
            const char *icon_or_label,
            gboolean    is_icon,
            const char *tooltip,
            GCallback   callback,
            gpointer    page)
{
  GtkWidget *button = is_icon ? gtk_button_new_from_icon_name (icon_or_label)
                              : gtk_button_new_with_mnemonic (icon_or_label);
  FerryConnection *connection = g_object_get_data (G_OBJECT (row), "connection");
  g_autofree char *accessible = g_strdup_printf ("%s: %s", tooltip, ferry_connection_get_name (connection));

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  if (is_icon)
    gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "connection", connection);
  g_signal_connect_object (button, "clicked", callback, page, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

static void on_test_clicked     (FerryConnectionsPage *self, GtkButton *button);
static void on_mappings_clicked (FerryConnectionsPage *self, GtkButton *button);
static void on_edit_clicked     (FerryConnectionsPage *self, GtkButton *button);
static void on_remove_clicked   (FerryConnectionsPage *self, GtkButton *button);

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  FerryConnectionsPage *self = user_data;
  FerryConnection *connection = item;
  GtkWidget *row = adw_action_row_new ();

  g_object_set_data_full (G_OBJECT (row), "connection", g_object_ref (connection), g_object_unref);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  update_row (row);
  g_signal_connect_object (connection, "notify", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);

  read_last_run (self, connection, row);

  add_button (row, "test", "network-transmit-receive-symbolic", TRUE, _("Test connection"),
              G_CALLBACK (on_test_clicked), self);
  add_button (row, "mappings", _("_Mappings…"), FALSE, _("Mappings"), G_CALLBACK (on_mappings_clicked), self);
  add_button (row, "edit", "document-edit-symbolic", TRUE, _("Edit connection"),
              G_CALLBACK (on_edit_clicked), self);
  add_button (row, "remove", "user-trash-symbolic", TRUE, _("Remove connection"),
              G_CALLBACK (on_remove_clicked), self);
  return row;
}

static GtkWindow *
toplevel (FerryConnectionsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_message (FerryConnectionsPage *self,
              const char           *heading,
              const char           *body)
{
  GtkWidget *dialog = adw_message_dialog_new (toplevel (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_tested (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryConnectionTestResult) tested = ferry_connection_test_finish (result, &error);
  FerryConnectionsPage *self;
  g_autofree char *heading = NULL;
  g_autofree char *details = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (button, TRUE);
  self = FERRY_CONNECTIONS_PAGE (gtk_widget_get_ancestor (button, FERRY_TYPE_CONNECTIONS_PAGE));
  if (self == NULL)
    return;
  if (tested == NULL)
    {
      show_message (self, _("The Database Could Not Be Opened"), error->message);
      return;
    }
  heading = ferry_connection_test_describe_heading (tested);
  details = ferry_connection_test_describe_details (tested);
  show_message (self, heading, details);
}

static void
on_test_clicked (FerryConnectionsPage *self,
                 GtkButton            *button)
{
  FerryConnection *connection = g_object_get_data (G_OBJECT (button), "connection");

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  ferry_connection_test_async (connection, self->cancellable, on_tested, g_object_ref (button));
}

static void
on_mappings_clicked (FerryConnectionsPage *self,
                     GtkButton            *button)
{
  FerryConnection *connection = g_object_get_data (G_OBJECT (button), "connection");
  GtkWindow *dialog = ferry_mappings_dialog_new (toplevel (self), ferry_page_get_state (FERRY_PAGE (self)),
                                                 connection);

  gtk_window_present (dialog);
}

static void
on_edit_clicked (FerryConnectionsPage *self,
                 GtkButton            *button)
{
  FerryConnection *connection = g_object_get_data (G_OBJECT (button), "connection");
  GtkWindow *dialog = ferry_connection_dialog_new (toplevel (self), ferry_page_get_state (FERRY_PAGE (self)),
                                                   connection);

  gtk_window_present (dialog);
}

static void
on_add_clicked (FerryConnectionsPage *self)
{
  GtkWindow *dialog = ferry_connection_dialog_new (toplevel (self), ferry_page_get_state (FERRY_PAGE (self)),
                                                   NULL);

  gtk_window_present (dialog);
}

static void
delete_ledger (const char *ledger)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal", ".lock" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (ledger, suffixes[i], NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not delete %s: %s", path, g_strerror (errno));
    }
}

static void
on_remove_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  FerryConnectionsPage *self = user_data;
  FerryConnection *connection = g_object_get_data (G_OBJECT (dialog), "connection");
  FerryAppState *state = ferry_page_get_state (FERRY_PAGE (self));
  FerryConnectionStore *store;
  g_autofree char *ledger = NULL;
  g_autoptr(GError) error = NULL;

  if (state == NULL || (g_strcmp0 (response, "keep") != 0 && g_strcmp0 (response, "delete") != 0))
    return;
  store = ferry_app_state_get_store (state);
  ledger = ferry_connection_store_get_ledger_path (store, connection);
  if (!ferry_connection_store_remove (store, connection, &error))
    {
      show_message (self, _("The Connection Could Not Be Removed"), error->message);
      return;
    }
  if (g_strcmp0 (response, "delete") == 0)
    delete_ledger (ledger);
}

static void
on_remove_clicked (FerryConnectionsPage *self,
                   GtkButton            *button)
{
  FerryConnection *connection = g_object_get_data (G_OBJECT (button), "connection");
  g_autofree char *heading = g_strdup_printf (_("Remove “%s”?"), ferry_connection_get_name (connection));
  GtkWidget *dialog = adw_message_dialog_new (toplevel (self), heading,
    _("Ferry stops syncing this accounting database; the database itself and the records in "
      "the cloud stay as they are. The connection’s ledger remembers what was sent: keep it, and "
      "adding the database again later sends only what changed; delete it, and the next sync "
      "sends every record again."));
  AdwMessageDialog *message = ADW_MESSAGE_DIALOG (dialog);

  adw_message_dialog_add_responses (message, "cancel", _("_Cancel"), "delete", _("Remove and _Delete Ledger"),
                                    "keep", _("_Remove, Keep Ledger"), NULL);
  adw_message_dialog_set_response_appearance (message, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (message, "keep", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (message, "cancel");
  adw_message_dialog_set_close_response (message, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "connection", g_object_ref (connection), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update (FerryConnectionsPage *self)
{
  FerryAppState *state = ferry_page_get_state (FERRY_PAGE (self));
  const char *error = state != NULL ? ferry_app_state_get_load_error (state) : NULL;

  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else if (self->connections != NULL && g_list_model_get_n_items (self->connections) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Runs may have ended while another page was on show (Sync, ferryctl,
 * the background service): the ledgers are read again. */
static void
refresh_last_results (FerryConnectionsPage *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    read_last_run (self, g_object_get_data (G_OBJECT (row), "connection"), GTK_WIDGET (row));
}

static void
ferry_connections_page_state_changed (FerryPage     *page,
                                      FerryAppState *previous)
{
  FerryConnectionsPage *self = FERRY_CONNECTIONS_PAGE (page);
  FerryAppState *state = ferry_page_get_state (page);

  if (previous != NULL)
    g_signal_handlers_disconnect_by_data (previous, self);
  if (self->connections != NULL)
    g_signal_handlers_disconnect_by_data (self->connections, self);
  g_clear_object (&self->connections);
  gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);

  if (state != NULL)
    {
      self->connections = g_object_ref (ferry_app_state_get_connections (state));
      gtk_list_box_bind_model (self->list, self->connections, create_row, self, NULL);
      g_signal_connect_object (self->connections, "items-changed", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (state, "notify::load-error", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }
  update (self);
}

static void
ferry_connections_page_dispose (GObject *object)
{
  FerryConnectionsPage *self = FERRY_CONNECTIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (ferry_connections_page_parent_class)->dispose (object);
}

static void
ferry_connections_page_finalize (GObject *object)
{
  FerryConnectionsPage *self = FERRY_CONNECTIONS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->connections);
  G_OBJECT_CLASS (ferry_connections_page_parent_class)->finalize (object);
}

static void
ferry_connections_page_class_init (FerryConnectionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FerryPageClass *page_class = FERRY_PAGE_CLASS (klass);

  object_class->dispose = ferry_connections_page_dispose;
  object_class->finalize = ferry_connections_page_finalize;
  page_class->state_changed = ferry_connections_page_state_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-connections-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
}

static void
ferry_connections_page_init (FerryConnectionsPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (refresh_last_results), NULL);
  update (self);
}
