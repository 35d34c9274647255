/* ferry-demo-writer-private.h: the state of a table being written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-demo-calendar.h"
#include "ferry-demo-writer.h"

G_BEGIN_DECLS

#define INTEGER_BUF 24
/* Year sequences tell a hundred years apart: two digits. */
#define FERRY_DEMO_N_YEARS 100

/* The columns of a table that later tables copy, row after row. */
typedef struct
{
  GStringChunk *chunk;  /* owned, nullable */
  GPtrArray    *values; /* owned, nullable; n_rows × n_kept strings in chunk, NULL for NULL */
  guint         n_kept;
  guint         n_rows;
} Kept;

typedef struct
{
  gint64      next;            /* sequence */
  gint64      pending_next;
  gboolean    has_pending_next;
  guint      *pending_counter; /* item, year: counter to move on; nullable */
  GHashTable *items;           /* owned, nullable; per-key counters: char* → guint* */
  guint      *years;           /* owned, nullable; N_YEARS counters, the as-of year first */
} ColumnState;

struct _FerryDemoWriter
{
  FerryDemoSpec     *spec;     /* borrowed */
  FerryAccountingDb *db;       /* borrowed */
  FerryDemoCalendar *calendar; /* owned */
  guint64            seed;
  Kept              *kept;     /* owned; one per table */
  guint64            done;
};

typedef struct
{
  FerryDemoWriter *writer;
  FerryDemoTable  *table;
  guint            index;
  guint64          row_index;
  int              earliest_day; /* the row's modified_at may not precede it */
  FerryRandom      rng;
  FerryDemoRow     row;
  FerryDemoValue  *values;  /* owned; per column */
  guint32         *drawn;   /* owned; per list */
  ColumnState     *state;   /* owned; per column */
  struct _Group  **groups;  /* owned; per reference, NULL without "match" */
  GHashTable      *unique;  /* owned, nullable; 64-bit hashes of unique keys */
  GString         *key;     /* owned; scratch */
  sqlite3_stmt    *insert;  /* owned */
} TableRun;

static inline void
ferry_demo_value_set_text (FerryDemoValue *value,
                           const char     *text,
                           gsize           len)
{
  value->type = FERRY_DEMO_VALUE_TEXT;
  value->text = text;
  value->len = len;
}

static inline void
ferry_demo_value_set_integer (FerryDemoValue *value,
                              gint64          number)
{
  value->type = FERRY_DEMO_VALUE_INTEGER;
  value->number = number;
}

static inline void
ferry_demo_value_set_literal (FerryDemoValue         *value,
                              const FerryDemoLiteral *literal)
{
  value->type = literal->type;
  value->text = literal->text;
  value->len = literal->len;
  value->number = literal->number;
}

/* The key of this row's @columns in run->key; FALSE if one of them is NULL. */
gboolean ferry_demo_writer_row_key         (TableRun        *run,
                                            GArray          *columns);
/* Decimal digits of @number, zero-padded to @width, and a NUL; returns the
 * length. */
gsize    ferry_demo_format_number          (char            *out,
                                            gint64           number,
                                            guint            width);
/* Makes the value of generated column @c; FALSE only when a counter ran
 * out of numbers. */
gboolean ferry_demo_writer_generate_column (TableRun        *run,
                                            guint            c,
                                            GError         **error);

G_END_DECLS
