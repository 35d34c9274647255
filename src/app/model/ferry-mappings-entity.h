/* ferry-mappings-entity.h: one entity type's row in the Advanced Mappings
 * dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ferry-mappings-field.h"
#include "ferry-mappings-toggle.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MAPPINGS_ENTITY (ferry_mappings_entity_get_type ())
/* A FerryMappingsToggle: "enabled" is whether the connection syncs the
 * entity type; insensitive when the accounting database lacks its table.
 * Before un-ticking, ask ferry_mappings_editor_confirmation_for_disable (). */
G_DECLARE_FINAL_TYPE (FerryMappingsEntity, ferry_mappings_entity, FERRY, MAPPINGS_ENTITY, FerryMappingsToggle)

FerryMappingsEntity *ferry_mappings_entity_new          (FerryConnection     *connection,
                                                         FerryEntityType     *entity_type);

FerryEntityType     *ferry_mappings_entity_get_entity_type (FerryMappingsEntity *self);
const char          *ferry_mappings_entity_get_id       (FerryMappingsEntity *self);
/* Exactly the catalog's label, e.g. "Contract Change Request (PJ)". */
const char          *ferry_mappings_entity_get_label    (FerryMappingsEntity *self);
/* The module id, e.g. "pj". */
const char          *ferry_mappings_entity_get_module   (FerryMappingsEntity *self);
/* Which way its records flow, for people: "Accounting → cloud", … */
const char          *ferry_mappings_entity_get_direction_text (FerryMappingsEntity *self);
/* Records of this type the cloud holds (push) or items written into the
 * accounting database (export), as far as known; 0 if none or unknown. */
guint                ferry_mappings_entity_get_synced_count (FerryMappingsEntity *self);
/* Returns: (transfer none): a GListModel of FerryMappingsField, the
 * optional fields only (the others cannot be switched off). */
GListModel          *ferry_mappings_entity_get_fields   (FerryMappingsEntity *self);
FerryMappingsField  *ferry_mappings_entity_lookup_field (FerryMappingsEntity *self,
                                                         const char          *name);

/* For FerryMappingsEditor. */
void                 ferry_mappings_entity_set_synced_count (FerryMappingsEntity *self,
                                                             guint                count);

G_END_DECLS
