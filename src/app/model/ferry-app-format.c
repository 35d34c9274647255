/* ferry-app-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-app-format"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-app-format.h"
#include "ferry-timeframe.h"

char *
ferry_format_number (guint64 number)
{
  /* Translators: what groups the digits of a number by thousands, as in
   * 1,204; e.g. a narrow no-break space in French */
  const char *separator = C_("thousands separator", ",");
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, number);
  gsize length = strlen (digits);
  GString *text = g_string_sized_new (length * 2);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (text, separator);
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

char *
ferry_format_duration (gint64 milliseconds)
{
  gint64 seconds = milliseconds / 1000;

  if (milliseconds < 0)
    return g_strdup ("–");
  if (milliseconds < 1000)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%d ms"), (int) milliseconds);
  if (seconds < 60)
    /* Translators: a duration in seconds */
    return g_strdup_printf (_("%d s"), (int) seconds);
  if (seconds < 3600)
    /* Translators: a duration in minutes and seconds */
    return g_strdup_printf (_("%d min %02d s"), (int) (seconds / 60), (int) (seconds % 60));
  /* Translators: a duration in hours and minutes */
  return g_strdup_printf (_("%d h %02d min"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
}

/* Calendar days from @earlier to @later as their own time zones see them. */
static int
days_between (GDateTime *earlier,
              GDateTime *later)
{
  GDate a, b;
  int y, m, d;

  g_date_time_get_ymd (earlier, &y, &m, &d);
  g_date_clear (&a, 1);
  g_date_set_dmy (&a, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  g_date_time_get_ymd (later, &y, &m, &d);
  g_date_clear (&b, 1);
  g_date_set_dmy (&b, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_days_between (&a, &b);
}

/* @local is in the past of @now by @span and @days calendar days. */
static char *
format_past (GDateTime *local,
             GTimeSpan  span,
             int        days)
{
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      int minutes = (int) (span / G_TIME_SPAN_MINUTE);

      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", minutes), minutes);
    }
  if (days == 0)
    {
      int hours = (int) (span / G_TIME_SPAN_HOUR);

      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", hours), hours);
    }
  if (days == 1)
    /* Translators: a g_date_time_format() format for a time on the day before today */
    return g_date_time_format (local, _("yesterday at %H:%M"));
  if (days < 7)
    /* Translators: a g_date_time_format() format for a time this week: “Monday at 09:30” */
    return g_date_time_format (local, _("%A at %H:%M"));
  /* Translators: a g_date_time_format() format for a day: “2 May 2026” */
  return g_date_time_format (local, _("%-d %B %Y"));
}

/* @local is ahead of @now by @span and @days calendar days. */
static char *
format_future (GDateTime *local,
               GTimeSpan  span,
               int        days)
{
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("in less than a minute"));
  if (span < G_TIME_SPAN_HOUR)
    {
      int minutes = (int) ((span + G_TIME_SPAN_MINUTE - 1) / G_TIME_SPAN_MINUTE);

      return g_strdup_printf (ngettext ("in %d minute", "in %d minutes", minutes), minutes);
    }
  if (days == 0)
    /* Translators: a g_date_time_format() format for a time later today */
    return g_date_time_format (local, _("today at %H:%M"));
  if (days == 1)
    /* Translators: a g_date_time_format() format for a time on the next day */
    return g_date_time_format (local, _("tomorrow at %H:%M"));
  if (days < 7)
    return g_date_time_format (local, _("%A at %H:%M"));
  return g_date_time_format (local, _("%-d %B %Y"));
}

char *
ferry_format_relative_time (GDateTime *when,
                            GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  GTimeSpan span;

  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  local = g_date_time_to_timezone (when, g_date_time_get_timezone (now));
  span = g_date_time_difference (now, when);
  /* Clocks of two programs differ a little: a few seconds ahead is now. */
  if (span > -G_TIME_SPAN_MINUTE && span < G_TIME_SPAN_MINUTE)
    return format_past (local, 0, 0);
  if (span > 0)
    return format_past (local, span, days_between (local, now));
  return format_future (local, -span, days_between (now, local));
}

char *
ferry_format_absolute_time (GDateTime *when,
                            GTimeZone *time_zone)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (when != NULL, NULL);

  local = time_zone != NULL ? g_date_time_to_timezone (when, time_zone) : g_date_time_to_local (when);
  /* Translators: a g_date_time_format() format for a date and time */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

/* @format: a translated "%s sent" and the like, the number in place of %s. */
static void
add_count (GString    *line,
           guint       count,
           const char *format)
{
  g_autofree char *number = NULL;
  g_autoptr(GString) part = NULL;

  if (count == 0)
    return;
  number = ferry_format_number (count);
  part = g_string_new (format);
  g_string_replace (part, "%s", number, 1);
  if (line->len > 0)
    g_string_append (line, " · ");
  g_string_append_len (line, part->str, (gssize) part->len);
}

char *
ferry_format_run_counts (const FerryLedgerCounts *counts)
{
  GString *line = g_string_new (NULL);

  g_return_val_if_fail (counts != NULL, NULL);

  /* Translators: the following are tallies of a run, e.g. “1,200 sent” */
  add_count (line, counts->sent, ngettext ("%s sent", "%s sent", counts->sent));
  add_count (line, counts->unchanged, ngettext ("%s unchanged", "%s unchanged", counts->unchanged));
  add_count (line, counts->deleted, ngettext ("%s deleted", "%s deleted", counts->deleted));
  add_count (line, counts->rejected, ngettext ("%s rejected", "%s rejected", counts->rejected));
  add_count (line, counts->waiting, ngettext ("%s waiting", "%s waiting", counts->waiting));
  add_count (line, counts->failed, ngettext ("%s failed", "%s failed", counts->failed));
  add_count (line, counts->exported, ngettext ("%s exported", "%s exported", counts->exported));
  add_count (line, counts->export_updated,
             ngettext ("%s export updated", "%s exports updated", counts->export_updated));
  add_count (line, counts->export_failed,
             ngettext ("%s export failed", "%s exports failed", counts->export_failed));
  if (line->len == 0)
    g_string_append (line, _("No records"));
  return g_string_free (line, FALSE);
}

const char *
ferry_format_run_result (FerryLedgerRunResult result)
{
  switch (result)
    {
    case FERRY_LEDGER_RESULT_RUNNING:
      return _("Running");
    case FERRY_LEDGER_RESULT_SUCCEEDED:
      return _("Succeeded");
    case FERRY_LEDGER_RESULT_RECORD_ERRORS:
      return _("Finished with record errors");
    case FERRY_LEDGER_RESULT_FAILED:
      return _("Failed");
    case FERRY_LEDGER_RESULT_CANCELLED:
      return _("Cancelled");
    case FERRY_LEDGER_RESULT_INTERRUPTED:
      return _("Interrupted");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
ferry_format_trigger (FerryLedgerTrigger trigger)
{
  return trigger == FERRY_LEDGER_TRIGGER_AUTOMATIC ? _("Automatic") : _("Manual");
}

const char *
ferry_format_sync_type (FerryLedgerSyncType sync_type)
{
  return sync_type == FERRY_LEDGER_SYNC_DEEP ? _("Deep") : _("Shallow");
}

const char *
ferry_format_direction (FerryLedgerDirection direction)
{
  switch (direction)
    {
    case FERRY_LEDGER_DIRECTION_PUSH:
      return _("Push");
    case FERRY_LEDGER_DIRECTION_EXPORT:
      return _("Export");
    case FERRY_LEDGER_DIRECTION_BOTH:
    default:
      return _("Push and export");
    }
}

char *
ferry_format_timeframe (const char *timeframe)
{
  FerryTimeframe known;

  if (timeframe == NULL)
    return g_strdup ("");
  if (ferry_timeframe_from_string (timeframe, &known))
    return g_strdup (ferry_timeframe_get_label (known));
  if (strlen (timeframe) == 10 && timeframe[4] == '-' && timeframe[7] == '-')
    /* Translators: a timeframe from a day on, e.g. “Since 2026-01-31” */
    return g_strdup_printf (_("Since %s"), timeframe);
  return g_strdup (timeframe);
}

FerryRunEntry *
ferry_run_entry_new (const char           *connection_name,
                     const FerryLedgerRun *run)
{
  FerryRunEntry *entry;

  g_return_val_if_fail (run != NULL, NULL);

  entry = g_new0 (FerryRunEntry, 1);
  entry->connection_name = g_strdup (connection_name != NULL ? connection_name : "");
  entry->run = ferry_ledger_run_copy (run);
  return entry;
}

void
ferry_run_entry_free (FerryRunEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->connection_name);
  ferry_ledger_run_free (entry->run);
  g_free (entry);
}

static const char * const csv_header[] = {
  "start", "connection", "trigger", "type", "direction", "timeframe", "duration_seconds",
  "sent", "created", "updated", "unchanged", "deleted", "rejected", "waiting", "failed",
  "exported", "export_updated", "export_failed", "result", "message",
};
#define N_CSV_COLUMNS G_N_ELEMENTS (csv_header)
#define N_CSV_COUNTS 11

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its
 * quotes doubled. */
static void
append_csv_field (GString    *out,
                  const char *value)
{
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_row (GString            *out,
                const char * const *fields)
{
  for (guint i = 0; i < N_CSV_COLUMNS; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, fields[i] != NULL ? fields[i] : "");
    }
  g_string_append (out, "\r\n");
}

static void
append_csv_run (GString             *out,
                const FerryRunEntry *entry)
{
  const FerryLedgerRun *run = entry->run;
  const FerryLedgerCounts *c = &run->counts;
  const guint counts[N_CSV_COUNTS] = {
    c->sent, c->created, c->updated, c->unchanged, c->deleted, c->rejected, c->waiting,
    c->failed, c->exported, c->export_updated, c->export_failed,
  };
  char numbers[N_CSV_COUNTS][16];
  g_autoptr(GDateTime) utc = g_date_time_to_utc (run->started_at);
  g_autofree char *start = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *duration = NULL;
  const char *fields[N_CSV_COLUMNS];
  guint i = 0;

  if (run->duration_ms >= 0)
    duration = g_strdup_printf ("%" G_GINT64_FORMAT ".%03d", run->duration_ms / 1000,
                                (int) (run->duration_ms % 1000));
  fields[i++] = start;
  fields[i++] = entry->connection_name;
  fields[i++] = ferry_ledger_trigger_to_string (run->trigger);
  fields[i++] = ferry_ledger_sync_type_to_string (run->sync_type);
  fields[i++] = ferry_ledger_direction_to_string (run->direction);
  fields[i++] = run->timeframe;
  fields[i++] = duration;
  for (guint j = 0; j < N_CSV_COUNTS; j++)
    {
      g_snprintf (numbers[j], sizeof numbers[j], "%u", counts[j]);
      fields[i++] = numbers[j];
    }
  fields[i++] = ferry_ledger_run_result_to_string (run->result);
  fields[i++] = run->message;
  g_assert (i == N_CSV_COLUMNS);
  append_csv_row (out, fields);
}

gboolean
ferry_runs_write_csv (GPtrArray      *entries,
                      GOutputStream  *stream,
                      GCancellable   *cancellable,
                      GError        **error)
{
  /* Written a chunk at a time: thousands of runs stay a few writes. */
  const gsize chunk = 64 * 1024;
  g_autoptr(GString) out = g_string_sized_new (chunk + 1024);

  g_return_val_if_fail (entries != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  append_csv_row (out, csv_header);
  for (guint i = 0; i <= entries->len; i++)
    {
      if (i < entries->len)
        append_csv_run (out, g_ptr_array_index (entries, i));
      if (out->len == 0 || (out->len < chunk && i < entries->len))
        continue;
      /* Not every stream looks at @cancellable (memory streams do not). */
      if (g_cancellable_set_error_if_cancelled (cancellable, error)
          || !g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error))
        return FALSE;
      g_string_truncate (out, 0);
    }
  return TRUE;
}
