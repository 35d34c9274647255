/* ferry-mappings-editor.h: the state of the Mappings / Advanced Mappings
 * dialog of one local connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ferry-connection.h"
#include "ferry-mappings-entity.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MAPPINGS_EDITOR (ferry_mappings_editor_get_type ())
/* Edits a copy of a connection's mappings (enabled entity types, switched-
 * off optional fields) and schedule; nothing reaches the connection before
 * ferry_mappings_editor_apply_to (). Rows are FerryMappingsEntity, grouped
 * by module in catalog order. Main thread only.
 *
 * What the accounting database has and what was synced come from
 * ferry_mappings_load_async () (ferry-mappings-load.h), read on a worker
 * thread; until then every entity type is sensitive and none asks for
 * confirmation. */
G_DECLARE_FINAL_TYPE (FerryMappingsEditor, ferry_mappings_editor, FERRY, MAPPINGS_EDITOR, GObject)

/* @tables: (nullable): what the accounting database has, as
 * ferry_mappings_read_tables () returns it; NULL: everything.
 * @synced_counts: (nullable): entity type id → count (GUINT_TO_POINTER),
 * as ferry_mappings_count_synced () returns it; read at once, not kept.
 * @tables is referenced. */
FerryMappingsEditor *ferry_mappings_editor_new        (FerryConnection     *connection,
                                                       GHashTable          *tables,
                                                       GHashTable          *synced_counts);
void                 ferry_mappings_editor_set_tables (FerryMappingsEditor *self,
                                                       GHashTable          *tables);
void                 ferry_mappings_editor_set_synced_counts (FerryMappingsEditor *self,
                                                              GHashTable          *synced_counts);

/* The connection being edited. */
FerryConnection     *ferry_mappings_editor_get_connection (FerryMappingsEditor *self);
/* The copy that holds the edits: read it freely; change it through the
 * rows, apply_preset () and set_schedule (). */
FerryConnection     *ferry_mappings_editor_get_edited_connection (FerryMappingsEditor *self);

/* Every entity type: a GListModel of FerryMappingsEntity. (transfer none) */
GListModel          *ferry_mappings_editor_get_entities (FerryMappingsEditor *self);
/* Module ids that have entity types, in catalog order; their labels come
 * from ferry_catalog_get_module_label (). */
const char * const  *ferry_mappings_editor_get_modules (FerryMappingsEditor *self);
/* Returns: (transfer none) (nullable): the module's FerryMappingsEntity. */
GListModel          *ferry_mappings_editor_get_module_entities (FerryMappingsEditor *self,
                                                                const char          *module_id);
/* Returns: (transfer none) (nullable) */
FerryMappingsEntity *ferry_mappings_editor_lookup_entity (FerryMappingsEditor *self,
                                                          const char          *entity_id);

/* Applies @preset as ferry_connection_apply_preset () does (turns its
 * entity types on, switches its fields off, turns nothing else off) and
 * says what changed, e.g. "Turned on 2 entity types: Contract (CN),
 * Customer. Switched off 5 fields of Transaction (JC): …".
 * Returns: (transfer full) */
char                *ferry_mappings_editor_apply_preset (FerryMappingsEditor *self,
                                                         FerryPreset         *preset);
/* What to ask before un-ticking @entity, or NULL to just do it: a push
 * type whose records are in the cloud ("1,204 Customer records are in the
 * cloud. If you turn Customer off, …"), or an export type the connection
 * has on (items approved in the cloud stop being written).
 * Returns: (transfer full) (nullable) */
char                *ferry_mappings_editor_confirmation_for_disable (FerryMappingsEditor *self,
                                                                     FerryMappingsEntity *entity);

/* Whether the edits differ from the connection; also the "modified"
 * property. */
gboolean             ferry_mappings_editor_is_modified (FerryMappingsEditor *self);
/* Writes the enabled entity types, the switched-off fields and the
 * schedule into @connection (usually the edited one), nothing else. */
void                 ferry_mappings_editor_apply_to    (FerryMappingsEditor *self,
                                                        FerryConnection     *connection);

/* The automatic sync schedule (see ferry-sync-frequency.h); also the
 * "schedule" property. Setting text ferry_connection_check_schedule ()
 * refuses is a programming error. */
const char          *ferry_mappings_editor_get_schedule (FerryMappingsEditor *self);
void                 ferry_mappings_editor_set_schedule (FerryMappingsEditor *self,
                                                         const char          *schedule);

G_END_DECLS
