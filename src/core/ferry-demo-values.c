/* ferry-demo-values.c: the values of generated columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-demo-values"

#include "ferry-demo-writer-private.h"

#include <math.h>
#include <string.h>

#include "ferry-error.h"

/* A two-digit year tells a hundred years apart. */
#define N_YEARS FERRY_DEMO_N_YEARS

gboolean
ferry_demo_writer_row_key (TableRun *run,
                           GArray   *columns)
{
  g_string_truncate (run->key, 0);
  for (guint i = 0; i < columns->len; i++)
    {
      const FerryDemoValue *value = &run->values[g_array_index (columns, guint, i)];

      if (value->type == FERRY_DEMO_VALUE_NULL)
        return FALSE;
      if (value->type == FERRY_DEMO_VALUE_INTEGER)
        g_string_append_printf (run->key, "%" G_GINT64_FORMAT, value->number);
      else
        g_string_append_len (run->key, value->text, (gssize) value->len);
      g_string_append_c (run->key, '\x1f');
    }
  return TRUE;
}

gsize
ferry_demo_format_number (char   *out,
                          gint64  number,
                          guint   width)
{
  char digits[INTEGER_BUF];
  guint64 magnitude = number < 0 ? -(guint64) number : (guint64) number;
  gsize n = 0, len = 0;

  do
    {
      digits[n++] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (number < 0)
    out[len++] = '-';
  for (; n < width; width--)
    out[len++] = '0';
  while (n > 0)
    out[len++] = digits[--n];
  out[len] = '\0';
  return len;
}

static void
generate_sequence (TableRun        *run,
                   FerryDemoColumn *column,
                   ColumnState     *state,
                   FerryDemoValue  *value)
{
  gint64 step = column->step_min == column->step_max
                ? column->step_min
                : ferry_random_int_range (&run->rng, column->step_min, column->step_max);
  gsize len;

  state->pending_next = state->next + step;
  state->has_pending_next = TRUE;
  if (column->integer)
    {
      ferry_demo_value_set_integer (value, state->next);
      return;
    }
  len = ferry_demo_template_render (column->prefix, &run->row, value->buf);
  len += ferry_demo_format_number (value->buf + len, state->next, column->width);
  ferry_demo_value_set_text (value, value->buf, len);
}

static void
generate_item (TableRun        *run,
               FerryDemoColumn *column,
               ColumnState     *state,
               FerryDemoValue  *value)
{
  guint *counter;
  gsize len;

  ferry_demo_writer_row_key (run, column->per);
  counter = g_hash_table_lookup (state->items, run->key->str);
  if (counter == NULL)
    {
      counter = g_new0 (guint, 1);
      g_hash_table_insert (state->items, g_strdup (run->key->str), counter);
    }
  state->pending_counter = counter;

  len = ferry_demo_template_render (column->prefix, &run->row, value->buf);
  len += ferry_demo_format_number (value->buf + len, column->min + *counter, column->width);
  ferry_demo_value_set_text (value, value->buf, len);
}

/* "23-104": the year of the date column and a counter within that year. A
 * full year hands its rows to the year before, and the date moves along. */
static gboolean
generate_year_sequence (TableRun         *run,
                        FerryDemoColumn  *column,
                        ColumnState      *state,
                        FerryDemoValue   *value,
                        GError          **error)
{
  FerryDemoCalendar *calendar = run->writer->calendar;
  FerryDemoValue *date = column->from >= 0 && run->values[column->from].day >= 0
                         ? &run->values[column->from] : &run->values[0];
  int as_of_year = ferry_demo_calendar_get_as_of_year (calendar);
  int year = MIN (ferry_demo_calendar_get_year (calendar, date->day), as_of_year);
  int first_year = year;
  gint64 capacity = 1;
  gsize len;

  for (guint i = 0; i < column->width; i++)
    capacity *= 10;
  capacity -= column->min;
  while (as_of_year - year < N_YEARS && state->years[as_of_year - year] >= capacity)
    year--;
  if (as_of_year - year >= N_YEARS)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Column “%s” of “%s” ran out of numbers: %d years of %" G_GINT64_FORMAT
                   " each are taken; widen its “width”", column->name, run->table->name,
                   N_YEARS, capacity);
      return FALSE;
    }
  state->pending_counter = &state->years[as_of_year - year];

  if (year != first_year && date != &run->values[0])
    {
      date->day = ferry_demo_calendar_day_in_year (calendar, &run->rng, year, date->buf);
      ferry_demo_value_set_text (date, date->buf, 10);
    }

  value->buf[0] = (char) ('0' + year / 10 % 10);
  value->buf[1] = (char) ('0' + year % 10);
  value->buf[2] = column->separator;
  len = 3 + ferry_demo_format_number (value->buf + 3, column->min + *state->pending_counter,
                                      column->width);
  ferry_demo_value_set_text (value, value->buf, len);
  return TRUE;
}

static void
generate_template (TableRun        *run,
                   FerryDemoColumn *column,
                   FerryDemoValue  *value)
{
  FerryDemoTemplate *template = column->templates->len == 1
                                ? g_ptr_array_index (column->templates, 0)
                                : ferry_random_pick (&run->rng, column->templates);

  ferry_demo_value_set_text (value, value->buf,
                             ferry_demo_template_render (template, &run->row, value->buf));
}

static void
generate_pick (TableRun        *run,
               FerryDemoColumn *column,
               FerryDemoValue  *value)
{
  guint n = column->picks->len;
  guint index;

  if (column->pick_cumulative == NULL)
    index = (guint) ferry_random_index (&run->rng, n);
  else
    {
      double u = ferry_random_double (&run->rng);

      for (index = 0; index < n - 1 && u >= column->pick_cumulative[index]; index++)
        ;
    }
  ferry_demo_value_set_literal (value, g_ptr_array_index (column->picks, index));
}

static gint64
generate_money (TableRun        *run,
                FerryDemoColumn *column)
{
  gint64 cents;

  /* Amounts spread over orders of magnitude: as many $1,000 items as
   * $100,000 ones, like real cost data. */
  if (column->log_scale)
    cents = (gint64) exp (log ((double) column->min)
                          + ferry_random_double (&run->rng)
                            * (log ((double) column->max) - log ((double) column->min)));
  else
    cents = ferry_random_int_range (&run->rng, column->min, column->max);

  cents -= cents % column->round;
  return cents < column->min ? cents + column->round : cents;
}

static gsize
generate_decimal (TableRun        *run,
                  FerryDemoColumn *column,
                  char            *out)
{
  gint64 steps = (column->max - column->min) / column->step_min;
  gint64 scaled = column->min + column->step_min * ferry_random_int_range (&run->rng, 0, steps);
  gint64 unit = 1;
  gsize len;

  for (guint i = 0; i < column->places; i++)
    unit *= 10;
  len = ferry_demo_format_number (out, scaled / unit, 0);
  if (column->places == 0)
    return len;
  out[len++] = '.';
  return len + ferry_demo_format_number (out + len, scaled % unit, column->places);
}

static void
generate_date (TableRun        *run,
               FerryDemoColumn *column,
               FerryDemoValue  *value)
{
  FerryDemoCalendar *calendar = run->writer->calendar;
  int base = column->from >= 0 && run->values[column->from].day >= 0
             ? run->values[column->from].day : run->values[0].day;
  gint64 offset = column->min == column->max
                  ? column->min
                  : ferry_random_int_range (&run->rng, column->min, column->max);

  value->day = ferry_demo_calendar_clamp (calendar, base + offset);
  ferry_demo_value_set_text (value, ferry_demo_calendar_get_date (calendar, value->day), 10);
}

gboolean
ferry_demo_writer_generate_column (TableRun  *run,
                                   guint      c,
                                   GError   **error)
{
  FerryDemoColumn *column = g_ptr_array_index (run->table->columns, c);
  FerryDemoValue *value = &run->values[c];
  ColumnState *state = &run->state[c];

  if (column->null_probability > 0 && ferry_random_chance (&run->rng, column->null_probability))
    return TRUE;

  switch (column->kind)
    {
    case FERRY_DEMO_KIND_SEQUENCE:
      generate_sequence (run, column, state, value);
      break;
    case FERRY_DEMO_KIND_YEAR_SEQUENCE:
      return generate_year_sequence (run, column, state, value, error);
    case FERRY_DEMO_KIND_ITEM:
      generate_item (run, column, state, value);
      break;
    case FERRY_DEMO_KIND_TEMPLATE:
      generate_template (run, column, value);
      break;
    case FERRY_DEMO_KIND_PICK:
      generate_pick (run, column, value);
      break;
    case FERRY_DEMO_KIND_MONEY:
      ferry_demo_value_set_integer (value, generate_money (run, column));
      break;
    case FERRY_DEMO_KIND_INTEGER:
      ferry_demo_value_set_integer (value, ferry_random_int_range (&run->rng, column->min, column->max));
      break;
    case FERRY_DEMO_KIND_DECIMAL:
      ferry_demo_value_set_text (value, value->buf, generate_decimal (run, column, value->buf));
      break;
    case FERRY_DEMO_KIND_DATE:
      generate_date (run, column, value);
      break;
    case FERRY_DEMO_KIND_BOOLEAN:
      ferry_demo_value_set_integer (value, ferry_random_chance (&run->rng, column->probability) ? 1 : 0);
      break;
    case FERRY_DEMO_KIND_VALUE:
      ferry_demo_value_set_literal (value, column->constant);
      break;
    case FERRY_DEMO_KIND_FIXED:
      break;
    case FERRY_DEMO_KIND_REFERENCE:
    case FERRY_DEMO_KIND_MODIFIED_AT:
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

