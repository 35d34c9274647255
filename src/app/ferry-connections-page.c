/* ferry-connections-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain list of the store's connections, bound to the state's model:
 * the place where adding, editing, testing and mappings will go.
 */
#define G_LOG_DOMAIN "ferry-connections-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-connections-page.h"

struct _FerryConnectionsPage
{
  FerryPage      parent_instance;

  GListModel    *connections; /* owned, nullable: the state's */

  /* template children */
  GtkStack      *stack;
  AdwStatusPage *error_page;
  GtkListBox    *list;
};

G_DEFINE_FINAL_TYPE (FerryConnectionsPage, ferry_connections_page, FERRY_TYPE_PAGE)

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  FerryConnection *connection = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *cloud = gtk_label_new (NULL);
  const char *company = ferry_connection_get_company (connection);
  g_autofree char *where = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_connection_get_name (connection));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), ferry_connection_get_location (connection));
  gtk_widget_set_name (row, ferry_connection_get_name (connection));

  if (company != NULL && *company != '\0')
    /* Translators: the cloud site and company code of a connection, e.g. "demo · company 01" */
    where = g_strdup_printf (_("%s · company %s"), ferry_connection_get_site (connection), company);
  else
    where = g_strdup (_("No cloud company yet"));
  gtk_label_set_label (GTK_LABEL (cloud), where);
  gtk_widget_add_css_class (cloud, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), cloud);
  return row;
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
      gtk_list_box_bind_model (self->list, self->connections, create_row, NULL, NULL);
      g_signal_connect_object (self->connections, "items-changed", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (state, "notify::load-error", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }
  update (self);
}

static void
ferry_connections_page_class_init (FerryConnectionsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FerryPageClass *page_class = FERRY_PAGE_CLASS (klass);

  page_class->state_changed = ferry_connections_page_state_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-connections-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionsPage, list);
}

static void
ferry_connections_page_init (FerryConnectionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
