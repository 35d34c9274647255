/* ferry-field.h: one field of an entity type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_FIELD_STRING,
  FERRY_FIELD_INTEGER,
  FERRY_FIELD_MONEY,     /* integer cents in the accounting database */
  FERRY_FIELD_DECIMAL,   /* exact decimal text, e.g. "8.50" */
  FERRY_FIELD_DATE,      /* "YYYY-MM-DD", a calendar day */
  FERRY_FIELD_TIMESTAMP, /* "YYYY-MM-DDTHH:MM:SSZ", UTC */
  FERRY_FIELD_BOOLEAN,   /* 0 or 1 */
} FerryFieldType;

#define FERRY_TYPE_FIELD (ferry_field_get_type ())
G_DECLARE_FINAL_TYPE (FerryField, ferry_field, FERRY, FIELD, GObject)

/* Catalog spelling ("string", "money", …) to type; FALSE if unknown. */
gboolean        ferry_field_type_from_string  (const char     *name,
                                               FerryFieldType *out_type);
const char     *ferry_field_type_to_string    (FerryFieldType  type);

FerryField     *ferry_field_new               (const char     *name,
                                               const char     *label,
                                               FerryFieldType  type,
                                               gboolean        optional,
                                               gboolean        enabled_by_default,
                                               const char     *references);

/* Column name in the accounting table, and the key in a record. */
const char     *ferry_field_get_name          (FerryField     *self);
const char     *ferry_field_get_label         (FerryField     *self);
FerryFieldType  ferry_field_get_field_type    (FerryField     *self);
/* Optional fields are the ones a user may switch off in Advanced Mappings. */
gboolean        ferry_field_get_optional      (FerryField     *self);
/* Whether an optional field is on until the user switches it off;
 * always TRUE for a required field. */
gboolean        ferry_field_get_enabled_by_default (FerryField *self);
/* Entity type id this field points at, or NULL. */
const char     *ferry_field_get_references    (FerryField     *self);

G_END_DECLS
