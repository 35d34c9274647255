/* ferry-sync-selection.h: the Sync tab's select/deselect tree of one
 * connection (module → entity type, tri-state parents)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ferry-connection.h"
#include "ferry-sync-selection-node.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SYNC_SELECTION (ferry_sync_selection_get_type ())
/* The tree holds the entity types enabled in the connection's mappings
 * (push and export), under their modules in catalog order; modules with
 * none are left out. Everything starts ticked. It follows the connection's
 * "mappings-changed": types turned on appear ticked, types turned off go,
 * and what the user unticked stays unticked. Main thread only.
 *
 * Signals: "changed" after any change of what is ticked or of the tree. */
G_DECLARE_FINAL_TYPE (FerrySyncSelection, ferry_sync_selection, FERRY, SYNC_SELECTION, GObject)

FerrySyncSelection *ferry_sync_selection_new            (FerryConnection        *connection);

FerryConnection    *ferry_sync_selection_get_connection (FerrySyncSelection     *self);
/* Returns: (transfer none): a GListModel of the module nodes, for
 * gtk_tree_list_model_new () with ferry_sync_selection_node_get_children (). */
GListModel         *ferry_sync_selection_get_model      (FerrySyncSelection     *self);
/* Returns: (transfer none) (nullable): the node of a module or entity type id. */
FerrySyncSelectionNode *ferry_sync_selection_lookup     (FerrySyncSelection     *self,
                                                         const char             *id);

void                ferry_sync_selection_select_all     (FerrySyncSelection     *self);
void                ferry_sync_selection_deselect_all   (FerrySyncSelection     *self);
/* Ticks or unticks an entity type, or every entity type of a module. */
void                ferry_sync_selection_set_checked    (FerrySyncSelection     *self,
                                                         FerrySyncSelectionNode *node,
                                                         gboolean                checked);
/* What a click does: a ticked node is unticked, an unticked or mixed one
 * ticked. */
void                ferry_sync_selection_toggle         (FerrySyncSelection     *self,
                                                         FerrySyncSelectionNode *node);
/* Ticks exactly the given entity types that are in the tree (e.g. a
 * preset's ferry_preset_get_sync_select ()), unticks the others. */
void                ferry_sync_selection_set_selected_ids (FerrySyncSelection   *self,
                                                           const char * const   *entity_ids);
/* Reads the connection's mappings again; "mappings-changed" does it. */
void                ferry_sync_selection_reload         (FerrySyncSelection     *self);

/* The ticked entity type ids in dependency order (what
 * ferry_sync_options_set_entities () takes).
 * Returns: (transfer full): NULL-terminated, never NULL. */
GStrv               ferry_sync_selection_dup_selected_ids (FerrySyncSelection   *self);
/* Nothing ticked: Sync has nothing to do. Also the "empty" property. */
gboolean            ferry_sync_selection_is_empty       (FerrySyncSelection     *self);
/* All ticked, none, or some; also the "state" property (e.g. for the
 * connection row's own checkbox). UNCHECKED for an empty tree. */
FerryCheckState     ferry_sync_selection_get_state      (FerrySyncSelection     *self);

G_END_DECLS
