/* ferry-mappings-field.h: one optional field of an entity type in the
 * Advanced Mappings dialog (a "circle" of Transaction (JC))
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ferry-mappings-toggle.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MAPPINGS_FIELD (ferry_mappings_field_get_type ())
/* A FerryMappingsToggle: "enabled" is whether the connection sends the
 * field; insensitive when the accounting table has no such column. */
G_DECLARE_FINAL_TYPE (FerryMappingsField, ferry_mappings_field, FERRY, MAPPINGS_FIELD, FerryMappingsToggle)

FerryMappingsField *ferry_mappings_field_new       (FerryConnection    *connection,
                                                    const char         *entity_id,
                                                    FerryField         *field);

/* The column name, e.g. "credit_account". */
const char         *ferry_mappings_field_get_name  (FerryMappingsField *self);
/* The catalog's label, e.g. "Credit Account". */
const char         *ferry_mappings_field_get_label (FerryMappingsField *self);

G_END_DECLS
