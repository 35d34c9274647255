/* ferry-demo-writer.c: generates and inserts the rows of one table
 *
 * A row is made in this order: the references (columns copied from one
 * random row of an earlier table), modified_at (not before the dates the
 * references name), then the generators in the order of the spec.
 * Counters (sequences, items, years) move on only when the row is
 * accepted; a row whose unique key is taken, or whose reference finds no
 * matching parent row, is made again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-demo-writer"

#include "ferry-demo-writer-private.h"

#include <math.h>
#include <string.h>

#include "ferry-error.h"

#define PROGRESS_INTERVAL 4096
#define MAX_ATTEMPTS 1000

typedef enum
{
  ROW_OK,
  ROW_RETRY,
  ROW_ERROR,
} RowResult;

typedef struct
{
  guint32 start;
  guint32 count;
  guint32 filled;
  gboolean placed;
} Span;

/* The rows of a parent table, grouped by the values a reference matches. */
typedef struct _Group
{
  GHashTable *spans; /* owned; key → Span */
  guint32    *rows;  /* owned; parent rows, grouped by key */
} Group;

#define N_YEARS FERRY_DEMO_N_YEARS

FerryDemoWriter *
ferry_demo_writer_new (FerryDemoSpec     *spec,
                       FerryAccountingDb *db,
                       guint64            seed,
                       const GDate       *as_of)
{
  FerryDemoWriter *self = g_new0 (FerryDemoWriter, 1);

  self->spec = spec;
  self->db = db;
  self->seed = seed;
  self->calendar = ferry_demo_calendar_new (as_of, spec->history_years);
  self->kept = g_new0 (Kept, spec->tables->len);
  return self;
}

static void
kept_clear (Kept *kept)
{
  g_clear_pointer (&kept->values, g_ptr_array_unref);
  if (kept->chunk != NULL)
    g_string_chunk_free (g_steal_pointer (&kept->chunk));
}

void
ferry_demo_writer_free (FerryDemoWriter *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->spec->tables->len; i++)
    kept_clear (&self->kept[i]);
  g_free (self->kept);
  ferry_demo_calendar_free (self->calendar);
  g_free (self);
}

static inline const char *
kept_get (Kept  *kept,
          guint  row,
          guint  k)
{
  return g_ptr_array_index (kept->values, (gsize) row * kept->n_kept + k);
}

static void
append_key_part (GString    *key,
                 const char *text)
{
  if (text != NULL)
    g_string_append (key, text);
  g_string_append_c (key, '\x1f');
}

static void
group_free (Group *group)
{
  if (group == NULL)
    return;
  g_hash_table_unref (group->spans);
  g_free (group->rows);
  g_free (group);
}

static void
parent_key (GString *key,
            Kept    *parent,
            guint    row,
            GArray  *kept_columns)
{
  g_string_truncate (key, 0);
  for (guint i = 0; i < kept_columns->len; i++)
    append_key_part (key, kept_get (parent, row, g_array_index (kept_columns, guint, i)));
}

/* Two passes: count the rows per key, then place them, keys in order of
 * first appearance so that the result does not depend on hashing. */
static Group *
group_new (Kept    *parent,
           GArray  *kept_columns,
           GString *key)
{
  Group *group = g_new0 (Group, 1);
  guint32 next = 0;

  group->spans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  group->rows = g_new (guint32, MAX (parent->n_rows, 1));
  for (guint row = 0; row < parent->n_rows; row++)
    {
      Span *span;

      parent_key (key, parent, row, kept_columns);
      span = g_hash_table_lookup (group->spans, key->str);
      if (span == NULL)
        {
          span = g_new0 (Span, 1);
          g_hash_table_insert (group->spans, g_strdup (key->str), span);
        }
      span->count++;
    }
  for (guint row = 0; row < parent->n_rows; row++)
    {
      Span *span;

      parent_key (key, parent, row, kept_columns);
      span = g_hash_table_lookup (group->spans, key->str);
      if (!span->placed)
        {
          span->start = next;
          span->placed = TRUE;
          next += span->count;
        }
      group->rows[span->start + span->filled++] = row;
    }
  return group;
}

static gboolean
pick_parent_row (TableRun            *run,
                 FerryDemoReference  *reference,
                 Group               *group,
                 guint               *out_row)
{
  Kept *parent = &run->writer->kept[reference->parent];
  Span *span;

  if (group != NULL)
    {
      if (!ferry_demo_writer_row_key (run, reference->match)
          || (span = g_hash_table_lookup (group->spans, run->key->str)) == NULL)
        return FALSE;
      *out_row = group->rows[span->start + ferry_random_index (&run->rng, span->count)];
    }
  else if (reference->cover && run->row_index < parent->n_rows)
    *out_row = (guint) run->row_index;
  else
    *out_row = (guint) ferry_random_index (&run->rng, parent->n_rows);
  return TRUE;
}

/* FALSE when the row must be made again: a required reference found no
 * parent row matching it. */
static gboolean
apply_reference (TableRun *run,
                 guint     r)
{
  FerryDemoReference *reference = g_ptr_array_index (run->table->references, r);
  Kept *parent = &run->writer->kept[reference->parent];
  guint row;

  if (reference->unless >= 0 && run->values[reference->unless].type != FERRY_DEMO_VALUE_NULL)
    return TRUE;
  if (reference->null_probability > 0 && ferry_random_chance (&run->rng, reference->null_probability))
    return TRUE;
  if (parent->n_rows == 0 || !pick_parent_row (run, reference, run->groups[r], &row))
    return !reference->required;

  if (reference->not_before >= 0)
    {
      const char *date = kept_get (parent, row, (guint) reference->not_before);

      run->earliest_day = MAX (run->earliest_day,
                               ferry_demo_calendar_parse_day (run->writer->calendar, date));
    }
  for (guint i = 0; i < reference->columns->len; i++)
    {
      FerryDemoValue *value = &run->values[g_array_index (reference->columns, guint, i)];
      const char *text = kept_get (parent, row, g_array_index (reference->parent_kept, guint, i));

      if (text == NULL)
        value->type = FERRY_DEMO_VALUE_NULL;
      else
        ferry_demo_value_set_text (value, text, strlen (text));
    }
  return TRUE;
}

static guint64
unique_hash (TableRun *run)
{
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (guint i = 0; i < run->table->unique->len; i++)
    {
      const FerryDemoValue *value = &run->values[g_array_index (run->table->unique, guint, i)];
      const guchar *bytes = value->type == FERRY_DEMO_VALUE_TEXT
                            ? (const guchar *) value->text : (const guchar *) &value->number;
      gsize len = value->type == FERRY_DEMO_VALUE_TEXT ? value->len
                  : value->type == FERRY_DEMO_VALUE_INTEGER ? sizeof value->number : 0;

      for (gsize b = 0; b < len; b++)
        hash = (hash ^ bytes[b]) * G_GUINT64_CONSTANT (0x100000001b3);
      hash = (hash ^ (0x1f + value->type)) * G_GUINT64_CONSTANT (0x100000001b3);
    }
  /* A collision of two different keys only costs a retry. */
  hash ^= hash >> 33;
  hash *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  return hash ^ (hash >> 33);
}

static RowResult
fill_row (TableRun   *run,
          GPtrArray  *fixed,
          GError    **error)
{
  FerryDemoTable *table = run->table;
  FerryDemoValue *modified_at = &run->values[0];

  for (guint c = 0; c < table->columns->len; c++)
    {
      run->values[c].type = FERRY_DEMO_VALUE_NULL;
      run->values[c].day = -1;
      run->state[c].has_pending_next = FALSE;
      run->state[c].pending_counter = NULL;
    }
  memset (run->drawn, 0, sizeof (guint32) * run->writer->spec->lists->len);
  run->earliest_day = -1;

  /* References first: a parent may say how early the row can be. */
  for (guint r = 0; r < table->references->len; r++)
    {
      if (!apply_reference (run, r))
        return ROW_RETRY;
    }
  modified_at->day = ferry_demo_calendar_timestamp (run->writer->calendar, &run->rng,
                                                    run->writer->spec->recency,
                                                    run->earliest_day, modified_at->buf);
  ferry_demo_value_set_text (modified_at, modified_at->buf, 20);

  for (guint c = 1; c < table->columns->len; c++)
    {
      FerryDemoColumn *column = g_ptr_array_index (table->columns, c);
      FerryDemoLiteral *literal = fixed != NULL ? g_ptr_array_index (fixed, c) : NULL;

      if (literal != NULL)
        ferry_demo_value_set_literal (&run->values[c], literal);
      else if (column->kind != FERRY_DEMO_KIND_REFERENCE
               && !ferry_demo_writer_generate_column (run, c, error))
        return ROW_ERROR;
    }

  if (run->unique != NULL
      && g_hash_table_contains (run->unique, GSIZE_TO_POINTER ((gsize) unique_hash (run))))
    return ROW_RETRY;
  return ROW_OK;
}

static void
accept_row (TableRun *run)
{
  for (guint c = 0; c < run->table->columns->len; c++)
    {
      ColumnState *state = &run->state[c];

      if (state->has_pending_next)
        state->next = state->pending_next;
      if (state->pending_counter != NULL)
        (*state->pending_counter)++;
    }
  if (run->unique != NULL)
    g_hash_table_add (run->unique, GSIZE_TO_POINTER ((gsize) unique_hash (run)));
}

static gboolean
generate_row (TableRun  *run,
              GError   **error)
{
  GPtrArray *fixed = run->table->rows != NULL
                     ? g_ptr_array_index (run->table->rows, run->row_index) : NULL;

  for (guint attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      switch (fill_row (run, fixed, error))
        {
        case ROW_OK:
          accept_row (run);
          return TRUE;
        case ROW_ERROR:
          return FALSE;
        case ROW_RETRY:
        default:
          break;
        }
    }

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "Could not make row %" G_GUINT64_FORMAT " of “%s” in %d attempts: its unique "
               "columns ran out of combinations, or its references found no matching "
               "parent row; give the table a smaller weight", run->row_index + 1,
               run->table->name, MAX_ATTEMPTS);
  return FALSE;
}

static gboolean
insert_row (TableRun  *run,
            GError   **error)
{
  sqlite3_stmt *insert = run->insert;
  int rc;

  for (guint c = 0; c < run->table->columns->len; c++)
    {
      const FerryDemoValue *value = &run->values[c];

      if (value->type == FERRY_DEMO_VALUE_TEXT)
        sqlite3_bind_text (insert, (int) c + 1, value->text, (int) value->len, SQLITE_STATIC);
      else if (value->type == FERRY_DEMO_VALUE_INTEGER)
        sqlite3_bind_int64 (insert, (int) c + 1, value->number);
      else
        sqlite3_bind_null (insert, (int) c + 1);
    }
  rc = sqlite3_step (insert);
  sqlite3_reset (insert);
  if (rc != SQLITE_DONE)
    {
      ferry_accounting_db_fail (run->writer->db, rc, "write the demo rows", error);
      g_prefix_error (error, "Table “%s”, row %" G_GUINT64_FORMAT ": ",
                      run->table->name, run->row_index + 1);
      return FALSE;
    }
  return TRUE;
}

static void
keep_row (TableRun *run)
{
  Kept *kept = &run->writer->kept[run->index];

  for (guint k = 0; k < kept->n_kept; k++)
    {
      const FerryDemoValue *value = &run->values[g_array_index (run->table->kept, guint, k)];
      char number[INTEGER_BUF];
      const char *copy = NULL;

      if (value->type == FERRY_DEMO_VALUE_TEXT)
        copy = g_string_chunk_insert_len (kept->chunk, value->text, (gssize) value->len);
      else if (value->type == FERRY_DEMO_VALUE_INTEGER)
        copy = g_string_chunk_insert_len (kept->chunk, number,
                                          (gssize) ferry_demo_format_number (number, value->number, 0));
      g_ptr_array_add (kept->values, (gpointer) copy);
    }
  kept->n_rows++;
}

static sqlite3_stmt *
prepare_insert (FerryDemoWriter  *writer,
                FerryDemoTable   *table,
                GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  g_autoptr(GString) quoted = g_string_new (NULL);

  /* Names come from the spec and were checked against the schema; they
   * are quoted all the same. */
  g_string_append_printf (sql, "\"%s\" (", table->name);
  for (guint c = 0; c < table->columns->len; c++)
    {
      FerryDemoColumn *column = g_ptr_array_index (table->columns, c);

      g_string_assign (quoted, column->name);
      g_string_replace (quoted, "\"", "\"\"", 0);
      g_string_append_printf (sql, "%s\"%s\"", c > 0 ? ", " : "", quoted->str);
    }
  g_string_append (sql, ") VALUES (");
  for (guint c = 0; c < table->columns->len; c++)
    g_string_append_printf (sql, "%s?%u", c > 0 ? ", " : "", c + 1);
  g_string_append (sql, ")");

  return ferry_accounting_db_prepare (writer->db, sql->str, "prepare the demo rows", error);
}

static void
table_run_init (TableRun        *run,
                FerryDemoWriter *writer,
                guint            index)
{
  FerryDemoTable *table = g_ptr_array_index (writer->spec->tables, index);
  Kept *kept = &writer->kept[index];
  guint n_columns = table->columns->len;

  run->writer = writer;
  run->table = table;
  run->index = index;
  ferry_random_init_stream (&run->rng, writer->seed, table->name);
  run->values = g_new0 (FerryDemoValue, n_columns);
  run->drawn = g_new0 (guint32, MAX (writer->spec->lists->len, 1));
  run->state = g_new0 (ColumnState, n_columns);
  run->groups = g_new0 (Group *, MAX (table->references->len, 1));
  run->key = g_string_new (NULL);
  run->row = (FerryDemoRow) { &run->rng, run->values, run->drawn };

  for (guint c = 0; c < n_columns; c++)
    {
      FerryDemoColumn *column = g_ptr_array_index (table->columns, c);

      run->state[c].next = column->min;
      if (column->kind == FERRY_DEMO_KIND_ITEM)
        run->state[c].items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (column->kind == FERRY_DEMO_KIND_YEAR_SEQUENCE)
        run->state[c].years = g_new0 (guint, N_YEARS);
    }
  for (guint r = 0; r < table->references->len; r++)
    {
      FerryDemoReference *reference = g_ptr_array_index (table->references, r);

      if (reference->match->len > 0)
        run->groups[r] = group_new (&writer->kept[reference->parent], reference->match_kept, run->key);
    }
  if (table->unique != NULL)
    run->unique = g_hash_table_new (g_direct_hash, g_direct_equal);

  kept->n_kept = table->kept->len;
  if (kept->n_kept > 0)
    {
      kept->chunk = g_string_chunk_new (64 * 1024);
      kept->values = g_ptr_array_new ();
    }
}

static void
table_run_clear (TableRun *run)
{
  for (guint c = 0; c < run->table->columns->len; c++)
    {
      g_clear_pointer (&run->state[c].items, g_hash_table_unref);
      g_free (run->state[c].years);
    }
  for (guint r = 0; r < run->table->references->len; r++)
    group_free (run->groups[r]);
  g_clear_pointer (&run->unique, g_hash_table_unref);
  g_string_free (run->key, TRUE);
  g_free (run->values);
  g_free (run->drawn);
  g_free (run->state);
  g_free (run->groups);
  g_clear_pointer (&run->insert, sqlite3_finalize);
}

/* Parents whose last child is done are dropped to bound memory. */
static void
release_parents (FerryDemoWriter *self,
                 guint            index)
{
  for (guint t = 0; t <= index; t++)
    {
      FerryDemoTable *table = g_ptr_array_index (self->spec->tables, t);

      if (table->last_user <= index)
        kept_clear (&self->kept[t]);
    }
}

gboolean
ferry_demo_writer_write_table (FerryDemoWriter        *self,
                               guint                   index,
                               guint64                 n_rows,
                               FerryDemoProgressFunc   progress,
                               gpointer                user_data,
                               GError                **error)
{
  TableRun run = { 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (index < self->spec->tables->len, FALSE);

  table_run_init (&run, self, index);
  run.insert = prepare_insert (self, run.table, error);
  ok = run.insert != NULL;

  for (run.row_index = 0; ok && run.row_index < n_rows; run.row_index++)
    {
      ok = generate_row (&run, error) && insert_row (&run, error);
      if (ok && run.table->kept->len > 0)
        keep_row (&run);
      if (ok && ++self->done % PROGRESS_INTERVAL == 0 && progress != NULL)
        ok = progress (run.table->name, self->done, user_data, error);
    }

  table_run_clear (&run);
  release_parents (self, index);
  return ok;
}
