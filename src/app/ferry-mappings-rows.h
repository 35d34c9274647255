/* ferry-mappings-rows.h: the rows of Advanced Mappings, bound to a
 * FerryMappingsEditor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ferry-mappings-editor.h"

G_BEGIN_DECLS

/* Adds to @page one group per module of @editor: every entity type as a
 * checkbox (named "check:ID" in a row named "entity:ID"), its optional
 * fields as switches ("field:ID:NAME") inside it. Un-ticking asks first
 * when the editor has something to say. */
void ferry_mappings_rows_add_modules (AdwPreferencesPage  *page,
                                      FerryMappingsEditor *editor);

/* The checkbox of a module's row on the Mappings page ("group-check:ID"):
 * ticks every entity type of the module that can be on, or un-ticks them,
 * asking once for those already synced. */
GtkWidget *ferry_mappings_rows_new_group_check (FerryMappingsEditor *editor,
                                                const char          *module_id,
                                                const char          *label);

G_END_DECLS
