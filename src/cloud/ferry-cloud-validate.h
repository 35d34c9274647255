/* ferry-cloud-validate.h: field values checked against the catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Used for pushed records and for export items alike. Wire forms are in
 * docs/cloud-api.md: string and date ("YYYY-MM-DD") as JSON strings, money
 * as a string with two decimals, decimal as a string, integer and boolean
 * as JSON values; null or absent for an optional field.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ferry-field.h"

G_BEGIN_DECLS

/* Why a set of fields was refused: one of the rejection codes of the API
 * ("unknown-field", "missing-field", "invalid-value"), the field's name and
 * a message a person can act on. */
typedef struct
{
  const char *code;     /* static */
  char       *field;    /* owned, nullable */
  char       *message;  /* owned */
} FerryCloudRejection;

void     ferry_cloud_rejection_clear      (FerryCloudRejection *rejection);

/* What the checks see of a value: its JSON type, and its text when it is
 * a string. */
typedef enum
{
  FERRY_CLOUD_VALUE_ABSENT,  /* absent, or null */
  FERRY_CLOUD_VALUE_BOOLEAN,
  FERRY_CLOUD_VALUE_INTEGER,
  FERRY_CLOUD_VALUE_STRING,
  FERRY_CLOUD_VALUE_OTHER,   /* a number that is not whole, an array, an object */
} FerryCloudValueKind;

/* Checks one value; on failure fills @rejection (code invalid-value or
 * missing-field). @value may be NULL (absent). */
gboolean ferry_cloud_validate_value       (FerryField          *field,
                                           JsonNode            *value,
                                           FerryCloudRejection *rejection);
/* The same for a value read without a JSON tree: @text is the string
 * when @kind is FERRY_CLOUD_VALUE_STRING. */
gboolean ferry_cloud_validate_kind        (FerryField          *field,
                                           FerryCloudValueKind  kind,
                                           const char          *text,
                                           FerryCloudRejection *rejection);

/* Checks @fields against @catalog_fields (a GListModel of FerryField):
 * every member is known, every required field present and not null, every
 * value well formed. Members named in @ignore (NULL-terminated, nullable)
 * are skipped, e.g. "items" of an export item. */
gboolean ferry_cloud_validate_fields      (GListModel          *catalog_fields,
                                           JsonObject          *fields,
                                           const char * const  *ignore,
                                           FerryCloudRejection *rejection);

/* The text of a key value as it appears in a key: a string as it is, an
 * integer in decimal; NULL for anything else. */
char    *ferry_cloud_value_to_key_text    (JsonNode            *value);

G_END_DECLS
