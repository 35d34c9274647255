/* ferry-entity-type.h: one entity type of the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ferry-field.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_DIRECTION_PUSH,   /* accounting system → cloud */
  FERRY_DIRECTION_EXPORT, /* cloud → accounting system */
  FERRY_DIRECTION_BOTH,
} FerryDirection;

gboolean    ferry_direction_from_string (const char     *name,
                                         FerryDirection *out_direction);
const char *ferry_direction_to_string   (FerryDirection  direction);

#define FERRY_TYPE_ENTITY_TYPE (ferry_entity_type_get_type ())
G_DECLARE_FINAL_TYPE (FerryEntityType, ferry_entity_type, FERRY, ENTITY_TYPE, GObject)

/* Entity types are built by FerryCatalog from data/catalog.json. */

const char          *ferry_entity_type_get_id               (FerryEntityType *self);
/* The label users know, e.g. "Contract (CN)". */
const char          *ferry_entity_type_get_label            (FerryEntityType *self);
/* Module id, e.g. "cn"; FerryCatalog gives its label. */
const char          *ferry_entity_type_get_module           (FerryEntityType *self);
FerryDirection       ferry_entity_type_get_direction        (FerryEntityType *self);
gboolean             ferry_entity_type_is_push              (FerryEntityType *self);
gboolean             ferry_entity_type_is_export            (FerryEntityType *self);
/* Accounting table the records live in (push) or are written to (export). */
const char          *ferry_entity_type_get_table            (FerryEntityType *self);
/* Entity type ids this one depends on; NULL-terminated, never NULL. */
const char * const  *ferry_entity_type_get_parents          (FerryEntityType *self);
/* Names of the key fields, in key order; NULL-terminated, never empty. */
const char * const  *ferry_entity_type_get_key              (FerryEntityType *self);
/* A GListModel of FerryField, in catalog order. */
GListModel          *ferry_entity_type_get_fields           (FerryEntityType *self);
FerryField          *ferry_entity_type_lookup_field         (FerryEntityType *self,
                                                             const char      *name);
gboolean             ferry_entity_type_get_selected_by_default (FerryEntityType *self);
const char          *ferry_entity_type_get_description      (FerryEntityType *self);

/* Line items written with an export (e.g. change order items); the table is
 * NULL and the model empty when the entity type has none. */
const char          *ferry_entity_type_get_items_table      (FerryEntityType *self);
const char * const  *ferry_entity_type_get_items_key        (FerryEntityType *self);
GListModel          *ferry_entity_type_get_item_fields      (FerryEntityType *self);

/* Entity type ids whose records must be synced before this one's: the
 * parents, then the types its fields and item fields reference (not itself),
 * each once. NULL-terminated, never NULL. */
const char * const  *ferry_entity_type_get_dependencies     (FerryEntityType *self);

G_END_DECLS
