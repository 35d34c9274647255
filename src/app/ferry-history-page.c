/* ferry-history-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A placeholder that says what the History page will hold.
 */
#define G_LOG_DOMAIN "ferry-history-page"

#include "config.h"

#include "ferry-history-page.h"

struct _FerryHistoryPage
{
  FerryPage parent_instance;
};

G_DEFINE_FINAL_TYPE (FerryHistoryPage, ferry_history_page, FERRY_TYPE_PAGE)

static void
ferry_history_page_class_init (FerryHistoryPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-history-page.ui");
}

static void
ferry_history_page_init (FerryHistoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
