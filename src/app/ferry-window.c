/* ferry-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window holds no state of its own: it hands the application's
 * FerryAppState to its pages and shows, above every page, the banner an
 * account without Can Sync needs.
 */
#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-connect-page.h"
#include "ferry-connections-page.h"
#include "ferry-history-page.h"
#include "ferry-sync-page.h"
#include "ferry-window.h"

struct _FerryWindow
{
  AdwApplicationWindow  parent_instance;

  FerryAppState        *state;            /* owned */
  GSettings            *settings;         /* owned, nullable: no schema installed */

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkWidget            *demo_label;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  AdwViewStack         *stack;
  FerryPage            *connect_page;
  FerryPage            *connections_page;
  FerryPage            *sync_page;
  FerryPage            *history_page;
};

G_DEFINE_FINAL_TYPE (FerryWindow, ferry_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Connected without Can Sync: say what to ask for, on every page. */
static void
update_banner (FerryWindow *self)
{
  FerryAccount *account = ferry_app_state_get_account (self->state);
  gboolean reveal = ferry_account_get_connected (account) && !ferry_account_get_can_sync (account);
  const char *message = ferry_account_get_can_sync_message (account);

  if (message != NULL)
    gtk_label_set_label (self->banner_label, message);
  gtk_revealer_set_reveal_child (self->banner_revealer, reveal);
}

static void
bind_settings (FerryWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = NULL;

  if (FERRY_IS_APPLICATION (application))
    settings = ferry_application_get_settings (FERRY_APPLICATION (application));
  if (settings == NULL)
    return;

  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "last-page", self->stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ferry_window_show_page (FERRY_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
ferry_window_constructed (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);
  FerryPage *pages[] = { self->connect_page, self->connections_page, self->sync_page,
                         self->history_page };

  G_OBJECT_CLASS (ferry_window_parent_class)->constructed (object);

  g_assert (self->state != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    ferry_page_set_state (pages[i], self->state);
  if (ferry_app_state_get_demo (self->state))
    {
      adw_view_switcher_title_set_subtitle (self->switcher_title, _("Demo Company"));
      gtk_widget_set_visible (self->demo_label, TRUE);
    }

  g_signal_connect_object (ferry_app_state_get_account (self->state), "notify",
                           G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
  update_banner (self);
}

static void
ferry_window_dispose (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_window_parent_class)->dispose (object);
}

static void
ferry_window_finalize (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  g_clear_object (&self->state);

  G_OBJECT_CLASS (ferry_window_parent_class)->finalize (object);
}

static void
ferry_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_object (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      self->state = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_page_shortcuts (GtkWidgetClass *widget_class)
{
  const struct { guint key; const char *page; } shortcuts[] = {
    { GDK_KEY_1, FERRY_PAGE_CONNECT },
    { GDK_KEY_2, FERRY_PAGE_CONNECTIONS },
    { GDK_KEY_3, FERRY_PAGE_SYNC },
    { GDK_KEY_4, FERRY_PAGE_HISTORY },
  };

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_widget_class_add_binding_action (widget_class, shortcuts[i].key, GDK_ALT_MASK,
                                         "win.show-page", "s", shortcuts[i].page);
}

static void
ferry_window_class_init (FerryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ferry_window_constructed;
  object_class->dispose = ferry_window_dispose;
  object_class->finalize = ferry_window_finalize;
  object_class->get_property = ferry_window_get_property;
  object_class->set_property = ferry_window_set_property;

  properties[PROP_STATE] =
    g_param_spec_object ("state", NULL, NULL, FERRY_TYPE_APP_STATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FERRY_TYPE_CONNECT_PAGE);
  g_type_ensure (FERRY_TYPE_CONNECTIONS_PAGE);
  g_type_ensure (FERRY_TYPE_SYNC_PAGE);
  g_type_ensure (FERRY_TYPE_HISTORY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, connect_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, connections_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, sync_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, history_page);

  add_page_shortcuts (widget_class);
}

static void
ferry_window_init (FerryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FerryWindow *
ferry_window_new (FerryApplication *application,
                  FerryAppState    *state)
{
  FerryWindow *self;

  g_return_val_if_fail (FERRY_IS_APP_STATE (state), NULL);

  self = g_object_new (FERRY_TYPE_WINDOW, "application", application, "state", state, NULL);
  /* "application" is set after constructed (). */
  bind_settings (self);
  return self;
}

FerryAppState *
ferry_window_get_state (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->state;
}

void
ferry_window_show_page (FerryWindow *self,
                        const char  *name)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

GtkWidget *
ferry_window_get_page (FerryWindow *self,
                       const char  *name)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return adw_view_stack_get_child_by_name (self->stack, name);
}

void
ferry_window_add_toast (FerryWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
