/* ferry-sync-selection-node.h: one row of the Sync tab's select/deselect
 * tree, a module or an entity type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A tri-state checkbox: a module is MIXED when some of its entity types are
 * ticked and some are not. */
typedef enum
{
  FERRY_CHECK_UNCHECKED,
  FERRY_CHECK_CHECKED,
  FERRY_CHECK_MIXED,
} FerryCheckState;

#define FERRY_TYPE_CHECK_STATE (ferry_check_state_get_type ())
GType ferry_check_state_get_type (void) G_GNUC_CONST;

#define FERRY_TYPE_SYNC_SELECTION_NODE (ferry_sync_selection_node_get_type ())
/* Read-only for widgets: FerrySyncSelection creates the nodes and changes
 * their state; a GtkCheckButton binds "active" and "inconsistent" to the
 * properties of the same names, and a GtkTreeListModel expands "children". */
G_DECLARE_FINAL_TYPE (FerrySyncSelectionNode, ferry_sync_selection_node, FERRY, SYNC_SELECTION_NODE, GObject)

/* For FerrySyncSelection. @children: (transfer none) a GListModel of
 * FerrySyncSelectionNode (entity types), kept by the node. */
FerrySyncSelectionNode *ferry_sync_selection_node_new_module (const char             *module_id,
                                                              const char             *label,
                                                              GListModel             *children);
FerrySyncSelectionNode *ferry_sync_selection_node_new_entity (const char             *entity_id,
                                                              const char             *label);
/* Notifies "state", "active" and "inconsistent" when they change. */
void                    ferry_sync_selection_node_set_state  (FerrySyncSelectionNode *self,
                                                              FerryCheckState         state);

/* The module id ("cn") or the entity type id ("cn.contract"). */
const char             *ferry_sync_selection_node_get_id        (FerrySyncSelectionNode *self);
/* The label of the catalog: "Contracts (CN)", "Contract (CN)". */
const char             *ferry_sync_selection_node_get_label     (FerrySyncSelectionNode *self);
gboolean                ferry_sync_selection_node_get_is_module (FerrySyncSelectionNode *self);
FerryCheckState         ferry_sync_selection_node_get_state     (FerrySyncSelectionNode *self);
/* Returns: (transfer none) (nullable): the entity types of a module, NULL
 * for an entity type. */
GListModel             *ferry_sync_selection_node_get_children  (FerrySyncSelectionNode *self);

G_END_DECLS
