/* ferry-demo-spec.h: the demo company description (data/demo-company.json)
 *
 * The format, checked on load against the accounting schema:
 *
 *   { "format": 1, "history_years": 6, "recency": 1.5,
 *     "lists": { "name": ["word", …] or [["field 0", "field 1"], …], … },
 *     "tables": [ every table of the schema, parents before children ] }
 *
 * A table: { "table": NAME, then either "rows": [ {column: value, …}, … ]
 * (fixed rows) or "weight": W and "min": M (its share of the records left
 * after the fixed rows and every table's minimum), "references": [ … ],
 * "columns": { column: generator, … } in generation order, "unique": [
 * columns whose combination must not repeat ] }. Every row gets
 * modified_at: within history_years before the as-of date, the age being
 * window × u^recency so that recent rows are likelier.
 *
 * A reference copies columns from one random row of an earlier table:
 *   { "table": T, "columns": { this: parent, … },
 *     "match": { this: parent } (only parent rows agreeing with columns
 *     already set), "null_probability": p (the columns stay NULL),
 *     "unless": column (skip when it is already set: alternatives),
 *     "cover": true (row i takes parent row i first, so that every parent
 *     gets a child), "not_before": parent date column (modified_at
 *     follows it) }
 *
 * A generator is one of these, with an optional "null_probability":
 *   "sequence": { "start", "step": n or [lo, hi], "prefix": template,
 *                 "width": zero padding, "integer": true }
 *   "year_sequence": { "date": column, "start", "width", "separator" }
 *                 e.g. 23-104; a full year hands on to the year before
 *   "item": { "per": [columns], "start", "width", "prefix": template }
 *                 numbers rows within each combination of "per"
 *   "template": "text" or ["alternative", …], with {list}, {list.N} (field
 *                 N of the row's one draw from list), {#N} (N digits),
 *                 {=column} and {=column|slug}
 *   "pick": [values] or { "values": […], "weights": […] }
 *   "money": { "min", "max" (cents), "round", "log": true }
 *   "integer": { "min", "max" }
 *   "decimal": { "min", "max", "step" } as strings, e.g. "0.25"
 *   "date": { "from": date column (default modified_at), "days": [lo, hi] }
 *   "boolean": probability of 1
 *   "value": a constant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ferry-accounting-db.h"
#include "ferry-random.h"

G_BEGIN_DECLS

/* The longest text one generated value may have, in bytes. */
#define FERRY_DEMO_VALUE_MAX 255

/* A word list: each item is a tuple of n_fields strings (usually one). */
typedef struct
{
  char      *name;      /* owned */
  guint      n_fields;
  GPtrArray *items;     /* owned; GStrv tuples */
  gsize     *max_len;   /* owned; longest value per field */
} FerryDemoList;

typedef enum
{
  FERRY_DEMO_VALUE_NULL,
  FERRY_DEMO_VALUE_TEXT,
  FERRY_DEMO_VALUE_INTEGER,
} FerryDemoValueType;

/* The value of one column in the row being generated. */
typedef struct
{
  FerryDemoValueType type;
  const char        *text;   /* borrowed: buf, a kept parent value or spec data */
  gsize              len;
  gint64             number;
  int                day;    /* calendar day of a date value, -1 if none */
  char               buf[FERRY_DEMO_VALUE_MAX + 1];
} FerryDemoValue;

/* A value written in the description: a pick, a constant, a fixed row's. */
typedef struct
{
  FerryDemoValueType type;
  char              *text;   /* owned, nullable */
  gsize              len;
  gint64             number;
} FerryDemoLiteral;

/* What a template needs from the row being generated. */
typedef struct
{
  FerryRandom    *rng;     /* borrowed */
  FerryDemoValue *values;  /* borrowed; one per column of the table */
  guint32        *drawn;   /* borrowed; per list: 1 + the item this row drew, or 0 */
} FerryDemoRow;

typedef struct _FerryDemoTemplate FerryDemoTemplate;

typedef enum
{
  FERRY_DEMO_KIND_FIXED,          /* only from "rows" */
  FERRY_DEMO_KIND_REFERENCE,      /* copied from a parent row */
  FERRY_DEMO_KIND_MODIFIED_AT,
  FERRY_DEMO_KIND_SEQUENCE,
  FERRY_DEMO_KIND_YEAR_SEQUENCE,
  FERRY_DEMO_KIND_ITEM,
  FERRY_DEMO_KIND_TEMPLATE,
  FERRY_DEMO_KIND_PICK,
  FERRY_DEMO_KIND_MONEY,
  FERRY_DEMO_KIND_INTEGER,
  FERRY_DEMO_KIND_DECIMAL,
  FERRY_DEMO_KIND_DATE,
  FERRY_DEMO_KIND_BOOLEAN,
  FERRY_DEMO_KIND_VALUE,
} FerryDemoKind;

/* One column of a table and how its values are made. */
typedef struct
{
  char               *name;             /* owned */
  FerryDemoKind       kind;
  double              null_probability;
  gboolean            not_null;         /* in the schema */
  gsize               max_len;          /* longest text value */

  gint64              min, max;         /* money, integer, decimal (scaled), sequence start */
  gint64              step_min, step_max; /* sequence step; decimal step (scaled) */
  gint64              round;            /* money */
  gboolean            log_scale;        /* money */
  gboolean            integer;          /* sequence bound as INTEGER */
  guint               width;            /* zero padding of a sequence or item */
  guint               places;           /* decimal places */
  double              probability;      /* boolean */
  int                 from;             /* date, year_sequence: column index, -1 = modified_at */
  char                separator;        /* year_sequence */
  GArray             *per;              /* item: guint column indexes; owned */
  FerryDemoTemplate  *prefix;           /* sequence, item; owned, nullable */
  GPtrArray          *templates;        /* template alternatives; owned */
  GPtrArray          *picks;            /* pick: FerryDemoLiteral*; owned */
  double             *pick_cumulative;  /* pick weights, cumulative; owned, nullable */
  FerryDemoLiteral   *constant;         /* value; owned */
} FerryDemoColumn;

/* Columns copied from one row of an earlier table. */
typedef struct
{
  guint    parent;           /* table index */
  GArray  *columns;          /* guint: this table's column per copied value; owned */
  GArray  *parent_kept;      /* guint: index into the parent's kept columns; owned */
  GArray  *match;            /* guint: this table's columns the parent row must equal; owned */
  GArray  *match_kept;       /* guint: the parent's kept columns they are compared with; owned */
  double   null_probability;
  int      unless;           /* column index: skip when it already has a value; -1 */
  gboolean cover;            /* row i takes parent row i while there are parents */
  int      not_before;       /* parent's kept date column the row's modified_at
                              * may not precede; -1 */
  gboolean required;         /* a column it fills is NOT NULL */
} FerryDemoReference;

typedef struct
{
  char      *name;         /* owned */
  double     weight;       /* 0 for a table of fixed rows */
  guint64    min_rows;
  GPtrArray *columns;      /* owned; FerryDemoColumn*, in generation order */
  GPtrArray *references;   /* owned; FerryDemoReference*, in order */
  GPtrArray *rows;         /* owned, nullable; fixed rows: GPtrArray of
                            * FerryDemoLiteral* per column, NULL if absent */
  GArray    *unique;       /* guint column indexes; owned, nullable */
  GArray    *kept;         /* guint column indexes later tables copy; owned */
  guint      last_user;    /* index of the last table referring to this one, or own index */
} FerryDemoTable;

typedef struct
{
  guint      history_years;
  double     recency;
  GPtrArray *lists;        /* owned; FerryDemoList* */
  GPtrArray *tables;       /* owned; FerryDemoTable*, in generation order */
} FerryDemoSpec;

/* Parses and checks @json against the tables of @schema (a database with
 * the accounting schema). FERRY_ERROR_INVALID_ARGUMENT naming the table,
 * column or reference at fault. */
FerryDemoSpec *ferry_demo_spec_new_from_bytes (GBytes             *json,
                                               FerryAccountingDb  *schema,
                                               GError            **error);
void           ferry_demo_spec_free           (FerryDemoSpec      *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDemoSpec, ferry_demo_spec_free)

int            ferry_demo_table_lookup_column (FerryDemoTable     *table,
                                               const char         *name);
guint64        ferry_demo_spec_get_fixed_rows (FerryDemoSpec      *spec);

/* Templates: "{list}", "{list.N}" (field N of the row's one draw from list),
 * "{#N}" (N random digits), "{=column}", "{=column|slug}". */
FerryDemoTemplate *ferry_demo_template_new    (const char         *text,
                                               FerryDemoSpec      *spec,
                                               FerryDemoTable     *table,
                                               GError            **error);
void           ferry_demo_template_free       (FerryDemoTemplate  *self);
gsize          ferry_demo_template_get_max_len (FerryDemoTemplate *self);
/* Writes at most max_len bytes and a NUL to @out; returns the length. */
gsize          ferry_demo_template_render     (FerryDemoTemplate  *self,
                                               FerryDemoRow       *row,
                                               char               *out);

void           ferry_demo_literal_free        (FerryDemoLiteral   *literal);

G_END_DECLS
