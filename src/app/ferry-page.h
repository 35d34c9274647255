/* ferry-page.h: what the window's pages have in common: the app's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each page of the window (Connect, Local Connections, Sync, History) is a
 * FerryPage with a template of its own. The window gives every page the
 * same FerryAppState ("state"); a page binds its widgets to it in
 * state_changed, which also runs with NULL when the page is disposed, so
 * that it lets go of what it bound.
 */
#pragma once

#include <adwaita.h>

#include "ferry-app-state.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PAGE (ferry_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (FerryPage, ferry_page, FERRY, PAGE, AdwBin)

struct _FerryPageClass
{
  AdwBinClass parent_class;

  /* After "state" changed: unbind from @previous (nullable), bind to
   * ferry_page_get_state () (nullable). */
  void (*state_changed) (FerryPage     *self,
                         FerryAppState *previous);
};

void           ferry_page_set_state (FerryPage     *self,
                                     FerryAppState *state);
/* Borrowed, nullable. */
FerryAppState *ferry_page_get_state (FerryPage     *self);

/* Shows @text (nullable) in @label, and hides the label when there is none. */
void           ferry_label_set_text_or_hide (GtkLabel   *label,
                                             const char *text);

G_END_DECLS
