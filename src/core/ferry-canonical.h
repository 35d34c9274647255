/* ferry-canonical.h: field values in the form the cloud receives and hashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Values, from what an accounting database holds to what the cloud accepts
 * (docs/cloud-api.md, "Push batches"):
 *
 *   string     JSON string; must be UTF-8 without NUL characters
 *   integer    JSON integer; text holding a whole number is accepted
 *   money      integer cents → "-1234.50"
 *   decimal    exact text with the scale it was written with: "8.50" stays
 *              "8.50" and "8.5" stays "8.5". The accounting schema stores
 *              decimals as text and declares no scale, so the digits are the
 *              accounting system's; only the spelling is normalised ("+07.50"
 *              → "7.50", ".5" → "0.5", "3." → "3", "-0.0" → "0.0").
 *   date       "YYYY-MM-DD", a real calendar day, nothing else
 *   timestamp  "YYYY-MM-DDTHH:MM:SSZ": ISO 8601 text is converted to UTC (no
 *              offset means UTC), fractions of a second are dropped; an
 *              integer is Unix seconds
 *   boolean    0 / 1 → false / true
 *   NULL       null for an optional field; a problem for a required one
 *
 * These are the pieces of FerryRecordBuilder (ferry-record.h), which is
 * what sources and the engine use.
 */
#pragma once

#include <glib.h>

#include "ferry-field.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_VALUE_NULL,
  FERRY_VALUE_INTEGER,
  FERRY_VALUE_REAL,
  FERRY_VALUE_TEXT,
} FerryValueKind;

/* One value of a row as a source read it (SQLite's storage classes). */
typedef struct
{
  FerryValueKind  kind;
  gint64          integer; /* FERRY_VALUE_INTEGER */
  double          real;    /* FERRY_VALUE_REAL */
  const char     *text;    /* FERRY_VALUE_TEXT: borrowed, NUL-terminated */
  gsize           length;  /* FERRY_VALUE_TEXT: bytes, without the NUL */
} FerryValue;

/* The canonical text of @value as a field of @type: borrowed from @value
 * or from @scratch (until its next use); a JSON string if *@out_quoted,
 * bare JSON otherwise (an integer, true, false). NULL if the value cannot
 * be sent, with *@out_reason (owned) completing "Amount (amount) …", e.g.
 * "is “12.5”, not a whole number of cents". @value must not be NULL-kind:
 * what NULL means depends on the field being optional or in the key. */
const char *ferry_canonical_value     (FerryFieldType     type,
                                       const FerryValue  *value,
                                       GString           *scratch,
                                       gboolean          *out_quoted,
                                       char             **out_reason);

/* The text of @value as a key value: its canonical text, or, when it is no
 * valid key (NULL, empty, malformed), its raw text and *@out_reason (owned):
 * a record with a broken key still has a key to sort and report by. */
const char *ferry_canonical_key_value (FerryFieldType     type,
                                       const FerryValue  *value,
                                       GString           *scratch,
                                       char             **out_reason);

/* TRUE if @text is exactly a real calendar day as YYYY-MM-DD (year 1 on).
 * The cloud checks dates it receives with the same rule. */
gboolean    ferry_canonical_is_date   (const char        *text);

G_END_DECLS
