/* ferry-connect-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form binds to the account's site-url and user; the rest of the page
 * follows the account's properties. Connecting and disconnecting are the
 * account's (FerryAccount); the page only starts them.
 */
#define G_LOG_DOMAIN "ferry-connect-page"

#include "config.h"

#include "ferry-page.h"

#include <glib/gi18n.h>

#include "ferry-cloud-client.h"
#include "ferry-company.h"
#include "ferry-connect-page.h"

struct _FerryConnectPage
{
  FerryPage             parent_instance;

  FerryAccount         *account;       /* owned, nullable: the state's */
  GBinding             *site_url_binding; /* nullable */
  GBinding             *user_binding;  /* nullable */
  GCancellable         *cancellable;   /* owned */

  /* template children */
  AdwEntryRow          *site_url_row;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  GtkSpinner           *spinner;
  GtkButton            *connect_button;
  GtkButton            *disconnect_button;
  GtkLabel             *status_label;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *account_group;
  AdwActionRow         *who_row;
  AdwAvatar            *avatar;
  AdwActionRow         *can_sync_row;
  GtkImage             *can_sync_icon;
  AdwPreferencesGroup  *companies_group;
  GtkListBox           *companies_list;
};

G_DEFINE_FINAL_TYPE (FerryConnectPage, ferry_connect_page, FERRY_TYPE_PAGE)

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "admin") == 0)
    return _("Administrator");
  if (g_strcmp0 (role, "member") == 0)
    return _("Member");
  return role;
}

/* The form, the buttons and what the page says about them. */
static void
update_form (FerryConnectPage *self)
{
  gboolean busy = self->account != NULL && ferry_account_get_busy (self->account);
  gboolean connected = self->account != NULL && ferry_account_get_connected (self->account);
  gboolean editable = self->account != NULL && !busy && !connected;
  g_autofree char *status = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->site_url_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), editable);
  /* Connected, the keyring has it: nothing to type. */
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), !connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.connect", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.disconnect", connected && !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_button), !connected);
  gtk_widget_set_visible (GTK_WIDGET (self->disconnect_button), connected);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);

  if (busy && connected)
    status = g_strdup (_("Disconnecting…"));
  else if (busy)
    status = g_strdup_printf (_("Connecting to %s…"), ferry_account_get_site_url (self->account));
  ferry_label_set_text_or_hide (self->status_label, status);
  ferry_label_set_text_or_hide (self->error_label,
             self->account != NULL ? ferry_account_get_error_message (self->account) : NULL);
}

/* Who is connected, whether they may sync, and their companies. */
static void
update_account (FerryConnectPage *self)
{
  gboolean connected = self->account != NULL && ferry_account_get_connected (self->account);
  gboolean can_sync = connected && ferry_account_get_can_sync (self->account);
  guint n_companies = 0;
  g_autofree char *who = NULL;
  g_autofree char *may_sync = NULL;
  g_autofree char *companies = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->account_group), connected);
  if (!connected)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->companies_group), FALSE);
      return;
    }

  /* Translators: user name · role of site NAME, e.g. "ada · Administrator of site demo" */
  who = g_strdup_printf (_("%s · %s of site %s"), ferry_account_get_user (self->account),
                         role_label (ferry_account_get_role (self->account)),
                         ferry_account_get_site (self->account));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->who_row),
                                 ferry_account_get_display_name (self->account));
  adw_action_row_set_subtitle (self->who_row, who);
  adw_avatar_set_text (self->avatar, ferry_account_get_display_name (self->account));

  may_sync = g_strdup_printf (_("Yes: this account may sync the companies of site %s."),
                              ferry_account_get_site (self->account));
  adw_action_row_set_subtitle (self->can_sync_row,
                               can_sync ? may_sync
                                        : ferry_account_get_can_sync_message (self->account));
  gtk_image_set_from_icon_name (self->can_sync_icon,
                                can_sync ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->can_sync_icon), can_sync ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->can_sync_icon), can_sync ? "success" : "warning");

  n_companies = g_list_model_get_n_items (ferry_account_get_companies (self->account));
  companies = g_strdup_printf (_("The companies of site %s this account can see."),
                               ferry_account_get_site (self->account));
  adw_preferences_group_set_description (self->companies_group, companies);
  gtk_widget_set_visible (GTK_WIDGET (self->companies_group), n_companies > 0);
}

static void
update (FerryConnectPage *self)
{
  update_form (self);
  update_account (self);
}

static GtkWidget *
create_company_row (gpointer item,
                    gpointer user_data)
{
  FerryCompany *company = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *code = g_strdup_printf (_("Company code %s"), ferry_company_get_code (company));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_company_get_name (company));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), code);
  return row;
}

/* ---- Actions --------------------------------------------------------- */

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryConnectPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (ferry_account_connect_finish (FERRY_ACCOUNT (source), result, &error))
    {
      /* Kept in the keyring now; not in a widget. */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The page shows the account's error-message; put the cursor where the
   * fix is typed. */
  if (g_error_matches (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH))
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else if (g_error_matches (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_INVALID_URL)
           || g_error_matches (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_NOT_FOUND))
    gtk_widget_grab_focus (GTK_WIDGET (self->site_url_row));
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryConnectPage *self = FERRY_CONNECT_PAGE (widget);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  g_return_if_fail (self->account != NULL);

  ferry_account_connect_async (self->account, password, self->cancellable, on_connected,
                               g_object_ref (self));
}

static void
on_disconnected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failure is on show in the account's error-message. */
  if (!ferry_account_disconnect_finish (FERRY_ACCOUNT (source), result, &error))
    g_debug ("Disconnecting: %s", error->message);
}

static void
on_disconnect_response (AdwMessageDialog *dialog,
                        const char       *response,
                        FerryConnectPage *self)
{
  if (g_strcmp0 (response, "disconnect") == 0 && self->account != NULL)
    ferry_account_disconnect_async (self->account, self->cancellable, on_disconnected, NULL);
}

static void
disconnect_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FerryConnectPage *self = FERRY_CONNECT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  g_return_if_fail (self->account != NULL);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Disconnect From the Cloud?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Ferry forgets the password of %s. Local connections that "
                                    "use this account stop syncing until you connect again."),
                                  ferry_account_get_user (self->account));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "disconnect", _("_Disconnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "disconnect",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_disconnect_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Enter in a field: on to the password, or connect once it is typed. */
static void
on_entry_activated (FerryConnectPage *self,
                    AdwEntryRow      *row)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (*password == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "connect.connect", NULL);
}

/* ---- State ----------------------------------------------------------- */

static void
unbind_account (FerryConnectPage *self)
{
  if (self->account == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->account, self);
  g_clear_pointer (&self->site_url_binding, g_binding_unbind);
  g_clear_pointer (&self->user_binding, g_binding_unbind);
  gtk_list_box_bind_model (self->companies_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->account);
}

static void
bind_account (FerryConnectPage *self,
              FerryAccount     *account)
{
  self->account = g_object_ref (account);
  self->site_url_binding =
    g_object_bind_property (account, "site-url", self->site_url_row, "text",
                            G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  self->user_binding =
    g_object_bind_property (account, "user", self->user_row, "text",
                            G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_list_box_bind_model (self->companies_list, ferry_account_get_companies (account),
                           create_company_row, NULL, NULL);
  g_signal_connect_object (account, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
}

static void
ferry_connect_page_state_changed (FerryPage     *page,
                                  FerryAppState *previous)
{
  FerryConnectPage *self = FERRY_CONNECT_PAGE (page);
  FerryAppState *state = ferry_page_get_state (page);

  unbind_account (self);
  if (state != NULL)
    bind_account (self, ferry_app_state_get_account (state));
  update (self);
}

/* ---- GObject --------------------------------------------------------- */

static void
ferry_connect_page_dispose (GObject *object)
{
  FerryConnectPage *self = FERRY_CONNECT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  unbind_account (self);

  G_OBJECT_CLASS (ferry_connect_page_parent_class)->dispose (object);
}

static void
ferry_connect_page_finalize (GObject *object)
{
  FerryConnectPage *self = FERRY_CONNECT_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ferry_connect_page_parent_class)->finalize (object);
}

static void
ferry_connect_page_class_init (FerryConnectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FerryPageClass *page_class = FERRY_PAGE_CLASS (klass);

  object_class->dispose = ferry_connect_page_dispose;
  object_class->finalize = ferry_connect_page_finalize;
  page_class->state_changed = ferry_connect_page_state_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-connect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, site_url_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, account_group);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, who_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, can_sync_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, can_sync_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, companies_group);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectPage, companies_list);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);

  gtk_widget_class_install_action (widget_class, "connect.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "connect.disconnect", NULL, disconnect_action);
}

static void
ferry_connect_page_init (FerryConnectPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
