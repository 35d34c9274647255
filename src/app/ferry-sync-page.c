/* ferry-sync-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A placeholder that says what the Sync page will hold; it already shows
 * why Sync is off, from the state's sync-blocked-reason, as every Sync
 * button's tooltip will.
 */
#define G_LOG_DOMAIN "ferry-sync-page"

#include "config.h"

#include "ferry-sync-page.h"

struct _FerrySyncPage
{
  FerryPage  parent_instance;

  /* template children */
  GtkLabel  *blocked_label;
};

G_DEFINE_FINAL_TYPE (FerrySyncPage, ferry_sync_page, FERRY_TYPE_PAGE)

static void
update (FerrySyncPage *self)
{
  FerryAppState *state = ferry_page_get_state (FERRY_PAGE (self));
  const char *reason = state != NULL ? ferry_app_state_get_sync_blocked_reason (state) : NULL;

  gtk_label_set_label (self->blocked_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->blocked_label), reason != NULL);
}

static void
ferry_sync_page_state_changed (FerryPage     *page,
                               FerryAppState *previous)
{
  FerrySyncPage *self = FERRY_SYNC_PAGE (page);
  FerryAppState *state = ferry_page_get_state (page);

  if (previous != NULL)
    g_signal_handlers_disconnect_by_data (previous, self);
  if (state != NULL)
    g_signal_connect_object (state, "notify::sync-blocked-reason", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);
  update (self);
}

static void
ferry_sync_page_class_init (FerrySyncPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  FerryPageClass *page_class = FERRY_PAGE_CLASS (klass);

  page_class->state_changed = ferry_sync_page_state_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerrySyncPage, blocked_label);
}

static void
ferry_sync_page_init (FerrySyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
