/* test-app-format.c: numbers, times, durations, run tallies and the CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ferry-app-format.h"

static void
test_number (void)
{
  const struct { guint64 number; const char *text; } cases[] = {
    { 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1,000" }, { 1204, "1,204" },
    { 999999, "999,999" }, { 1234567, "1,234,567" },
    { G_MAXUINT64, "18,446,744,073,709,551,615" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ferry_format_number (cases[i].number);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_duration (void)
{
  const struct { gint64 ms; const char *text; } cases[] = {
    { -1, "–" }, { 0, "0 ms" }, { 850, "850 ms" }, { 999, "999 ms" }, { 1000, "1 s" },
    { 12400, "12 s" }, { 59999, "59 s" }, { 60000, "1 min 00 s" }, { 72000, "1 min 12 s" },
    { 3599999, "59 min 59 s" }, { 3600000, "1 h 00 min" }, { 7380000, "2 h 03 min" },
    { 7439999, "2 h 03 min" }, { G_GINT64_CONSTANT (360000000), "100 h 00 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ferry_format_duration (cases[i].ms);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
assert_relative (GDateTime  *when,
                 GDateTime  *now,
                 const char *expected)
{
  g_autofree char *text = ferry_format_relative_time (when, now);
  g_autofree char *shown_when = g_date_time_format_iso8601 (when);
  g_autofree char *shown_now = g_date_time_format_iso8601 (now);

  if (g_strcmp0 (text, expected) != 0)
    g_error ("%s seen at %s is “%s”, expected “%s”", shown_when, shown_now, text, expected);
}

/* @when is @now plus @seconds. */
static void
assert_offset (GDateTime  *now,
               gint64      seconds,
               const char *expected)
{
  g_autoptr(GDateTime) when = g_date_time_add (now, seconds * G_TIME_SPAN_SECOND);

  assert_relative (when, now, expected);
}

/* @when is a wall time in @now's time zone. */
typedef struct
{
  int         year, month, day, hour, minute;
  const char *expected;
} WallTimeCase;

static void
assert_at (GDateTime          *now,
           const WallTimeCase *c)
{
  g_autoptr(GDateTime) when = g_date_time_new (g_date_time_get_timezone (now), c->year, c->month,
                                               c->day, c->hour, c->minute, 0);

  assert_relative (when, now, c->expected);
}

/* Seen on Wednesday 6 May 2026 at 15:00 UTC. */
static void
test_relative (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 5, 6, 15, 0, 0);
  const struct { gint64 seconds; const char *expected; } offsets[] = {
    { 0, "just now" }, { -10, "just now" }, { -59, "just now" }, { 30, "just now" },
    { -60, "1 minute ago" }, { -5 * 60, "5 minutes ago" }, { -3599, "59 minutes ago" },
    { -3600, "1 hour ago" }, { -3 * 3600, "3 hours ago" },
    { 60, "in 1 minute" }, { 12 * 60, "in 12 minutes" }, { 11 * 60 + 30, "in 12 minutes" },
  };
  const WallTimeCase walls[] = {
    { 2026, 5, 6, 0, 0, "15 hours ago" },
    { 2026, 5, 5, 23, 59, "yesterday at 23:59" },
    { 2026, 5, 5, 14, 5, "yesterday at 14:05" },
    { 2026, 5, 4, 9, 30, "Monday at 09:30" },
    { 2026, 4, 30, 8, 0, "Thursday at 08:00" },
    { 2026, 4, 29, 8, 0, "29 April 2026" },
    { 2025, 12, 31, 8, 0, "31 December 2025" },
    { 2026, 5, 6, 17, 0, "today at 17:00" },
    { 2026, 5, 7, 2, 0, "tomorrow at 02:00" },
    { 2026, 5, 9, 10, 0, "Saturday at 10:00" },
    { 2026, 6, 1, 10, 0, "1 June 2026" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    assert_offset (now, offsets[i].seconds, offsets[i].expected);
  for (guint i = 0; i < G_N_ELEMENTS (walls); i++)
    assert_at (now, &walls[i]);
}

/* Just after midnight: minutes before count as minutes, hours before are
 * yesterday. */
static void
test_relative_midnight (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 5, 6, 0, 30, 0);

  assert_at (now, &(WallTimeCase) { 2026, 5, 5, 23, 50, "40 minutes ago" });
  assert_at (now, &(WallTimeCase) { 2026, 5, 5, 22, 0, "yesterday at 22:00" });
}

/* Days are @now's time zone's: 22:30 UTC is already tomorrow in +02:00. */
static void
test_relative_time_zone (void)
{
  g_autoptr(GTimeZone) plus_two = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) now = g_date_time_new (plus_two, 2026, 5, 6, 15, 0, 0);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 5, 5, 22, 30, 0);
  g_autoptr(GDateTime) earlier = g_date_time_new_utc (2026, 5, 5, 21, 30, 0);

  g_assert_nonnull (plus_two);
  assert_relative (when, now, "14 hours ago");
  assert_relative (earlier, now, "yesterday at 23:30");
}

/* Paris springs forward on Sunday 29 March 2026 (02:00 → 03:00) and falls
 * back on Sunday 25 October 2026 (03:00 → 02:00). */
static void
test_relative_dst (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GDateTime) spring = NULL;
  g_autoptr(GDateTime) autumn = NULL;

  if (paris == NULL)
    {
      g_test_skip ("No time zone data for Europe/Paris");
      return;
    }

  /* 04:00 CEST is two real hours after 01:00 CET; 23 real hours back is
   * still yesterday at the same wall time. */
  spring = g_date_time_new (paris, 2026, 3, 29, 4, 0, 0);
  assert_at (spring, &(WallTimeCase) { 2026, 3, 29, 1, 0, "2 hours ago" });
  assert_at (spring, &(WallTimeCase) { 2026, 3, 28, 4, 0, "yesterday at 04:00" });
  assert_at (spring, &(WallTimeCase) { 2026, 3, 28, 23, 30, "yesterday at 23:30" });
  assert_at (spring, &(WallTimeCase) { 2026, 3, 27, 4, 0, "Friday at 04:00" });

  /* 00:30 after a 25-hour day: 25 real hours back is yesterday. */
  autumn = g_date_time_new (paris, 2026, 10, 26, 0, 30, 0);
  assert_at (autumn, &(WallTimeCase) { 2026, 10, 25, 0, 30, "yesterday at 00:30" });
  assert_at (autumn, &(WallTimeCase) { 2026, 10, 24, 23, 30, "Saturday at 23:30" });
  assert_offset (autumn, -(25 * 3600), "yesterday at 00:30");
}

static void
test_absolute (void)
{
  g_autoptr(GTimeZone) plus_two = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 5, 2, 12, 5, 11);
  g_autofree char *there = ferry_format_absolute_time (when, plus_two);
  g_autofree char *here = ferry_format_absolute_time (when, utc);
  g_autofree char *local = ferry_format_absolute_time (when, NULL);
  g_autoptr(GDateTime) local_when = g_date_time_to_local (when);
  g_autofree char *expected_local = g_date_time_format (local_when, "%Y-%m-%d %H:%M");

  g_assert_cmpstr (there, ==, "2026-05-02 14:05");
  g_assert_cmpstr (here, ==, "2026-05-02 12:05");
  g_assert_cmpstr (local, ==, expected_local);
}

static void
test_run_counts (void)
{
  FerryLedgerCounts counts = { 0 };
  FerryLedgerCounts all = { 1, 1, 0, 2, 3, 4, 5, 6, 99, 7, 1, 8 };
  g_autofree char *none = ferry_format_run_counts (&counts);
  g_autofree char *some = NULL;
  g_autofree char *every = NULL;

  g_assert_cmpstr (none, ==, "No records");
  counts.sent = 1200;
  counts.created = 1000;
  counts.rejected = 3;
  counts.exported = 12;
  some = ferry_format_run_counts (&counts);
  g_assert_cmpstr (some, ==, "1,200 sent · 3 rejected · 12 exported");
  every = ferry_format_run_counts (&all);
  g_assert_cmpstr (every, ==, "1 sent · 2 unchanged · 3 deleted · 4 rejected · 5 waiting · 6 failed · "
                              "7 exported · 1 export updated · 8 exports failed");
}

static void
test_words (void)
{
  const char * const timeframes[][2] = {
    { "today", "Today" }, { "week", "Last week" }, { "month", "Last month" },
    { "year", "Last year" }, { "all", "The beginning of time" },
    { "2026-01-31", "Since 2026-01-31" }, { "odd", "odd" },
  };

  g_assert_cmpstr (ferry_format_run_result (FERRY_LEDGER_RESULT_SUCCEEDED), ==, "Succeeded");
  g_assert_cmpstr (ferry_format_run_result (FERRY_LEDGER_RESULT_RECORD_ERRORS), ==,
                   "Finished with record errors");
  g_assert_cmpstr (ferry_format_run_result (FERRY_LEDGER_RESULT_INTERRUPTED), ==, "Interrupted");
  g_assert_cmpstr (ferry_format_trigger (FERRY_LEDGER_TRIGGER_AUTOMATIC), ==, "Automatic");
  g_assert_cmpstr (ferry_format_sync_type (FERRY_LEDGER_SYNC_DEEP), ==, "Deep");
  g_assert_cmpstr (ferry_format_direction (FERRY_LEDGER_DIRECTION_BOTH), ==, "Push and export");
  for (guint i = 0; i < G_N_ELEMENTS (timeframes); i++)
    {
      g_autofree char *text = ferry_format_timeframe (timeframes[i][0]);

      g_assert_cmpstr (text, ==, timeframes[i][1]);
    }
}

/* A strict RFC 4180 reader: rows of fields (GStrv), CRLF after each row. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; !(p[0] == '"' && p[1] != '"'); p++)
            {
              g_assert_cmpint (*p, !=, '\0');
              if (p[0] == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        {
          for (; *p != ',' && *p != '\r' && *p != '\0'; p++)
            {
              g_assert_cmpint (*p, !=, '"');
              g_assert_cmpint (*p, !=, '\n');
              g_string_append_c (field, *p);
            }
        }
      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_cmpint (p[0], ==, '\r');
      g_assert_cmpint (p[1], ==, '\n');
      p += 2;
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
      fields = g_ptr_array_new_with_free_func (g_free);
    }
  g_assert_cmpuint (fields->len, ==, 0);
  return rows;
}

static FerryRunEntry *
new_entry (const char          *connection_name,
           GDateTime           *started_at,
           gint64               duration_ms,
           FerryLedgerRunResult result,
           const char          *message)
{
  FerryLedgerRun run = { 0 };

  run.id = 1;
  run.trigger = FERRY_LEDGER_TRIGGER_AUTOMATIC;
  run.sync_type = FERRY_LEDGER_SYNC_DEEP;
  run.direction = FERRY_LEDGER_DIRECTION_BOTH;
  run.timeframe = (char *) "all";
  run.started_at = started_at;
  run.duration_ms = duration_ms;
  run.result = result;
  run.message = (char *) message;
  run.counts = (FerryLedgerCounts) { 1200, 1000, 100, 50, 2, 3, 4, 5, 0, 12, 6, 7 };
  return ferry_run_entry_new (connection_name, &run);
}

static char *
write_csv (GPtrArray     *entries,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

  if (!ferry_runs_write_csv (entries, stream, cancellable, error))
    return NULL;
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
test_csv (void)
{
  g_autoptr(GTimeZone) plus_two = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) started = g_date_time_new (plus_two, 2026, 5, 2, 14, 5, 11.5);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_run_entry_free);
  const char *message = "Customer C100, field “name”: said \"no\"\nthen stopped";
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char * const header[] = {
    "start", "connection", "trigger", "type", "direction", "timeframe", "duration_seconds",
    "sent", "created", "updated", "unchanged", "deleted", "rejected", "waiting", "failed",
    "exported", "export_updated", "export_failed", "result", "message", NULL,
  };
  const char * const first[] = {
    "2026-05-02T12:05:11Z", "Main office, Lyon", "automatic", "deep", "both", "all", "72.005",
    "1200", "1000", "100", "50", "2", "3", "4", "5", "12", "6", "7", "record-errors", message, NULL,
  };
  char **second;

  g_ptr_array_add (entries, new_entry ("Main office, Lyon", started, 72005,
                                       FERRY_LEDGER_RESULT_RECORD_ERRORS, message));
  g_ptr_array_add (entries, new_entry ("Yard", started, -1, FERRY_LEDGER_RESULT_RUNNING, NULL));
  g_ptr_array_add (entries, new_entry ("Shop", started, 0, FERRY_LEDGER_RESULT_FAILED, "Line one\r\nline two"));
  text = write_csv (entries, NULL, &error);
  g_assert_no_error (error);

  /* Quoting to the letter. */
  g_assert_true (g_str_has_prefix (text, "start,connection,trigger,type,direction,timeframe,"
                                         "duration_seconds,sent,created,updated,unchanged,deleted,"
                                         "rejected,waiting,failed,exported,export_updated,"
                                         "export_failed,result,message\r\n"
                                         "2026-05-02T12:05:11Z,\"Main office, Lyon\",automatic,"));
  g_assert_nonnull (strstr (text, ",\"Customer C100, field “name”: said \"\"no\"\"\nthen stopped\"\r\n"));

  g_assert_nonnull (strstr (text, ",failed,\"Line one\r\nline two\"\r\n"));

  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_true (g_strv_equal (g_ptr_array_index (rows, 0), header));
  g_assert_true (g_strv_equal (g_ptr_array_index (rows, 1), first));
  second = g_ptr_array_index (rows, 2);
  g_assert_cmpuint (g_strv_length (second), ==, 20);
  g_assert_cmpstr (second[1], ==, "Yard");
  g_assert_cmpstr (second[6], ==, "");
  g_assert_cmpstr (second[18], ==, "running");
  g_assert_cmpstr (second[19], ==, "");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 3))[6], ==, "0.000");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 3))[19], ==, "Line one\r\nline two");
}

/* Thousands of runs go out in chunks; a cancelled export stops. */
static void
test_csv_many (void)
{
  g_autoptr(GDateTime) started = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_run_entry_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cancelled = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *name = g_strdup_printf ("Site %u", i);

      g_ptr_array_add (entries, new_entry (name, started, i, FERRY_LEDGER_RESULT_SUCCEEDED, "ok"));
    }
  text = write_csv (entries, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (text), >, 200 * 1024);
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 5001);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 5000))[1], ==, "Site 4999");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 5000))[6], ==, "4.999");

  g_cancellable_cancel (cancellable);
  cancelled = write_csv (entries, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* English day and month names whatever the machine's locale. */
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add_func ("/app-format/number", test_number);
  g_test_add_func ("/app-format/duration", test_duration);
  g_test_add_func ("/app-format/relative", test_relative);
  g_test_add_func ("/app-format/relative-midnight", test_relative_midnight);
  g_test_add_func ("/app-format/relative-time-zone", test_relative_time_zone);
  g_test_add_func ("/app-format/relative-dst", test_relative_dst);
  g_test_add_func ("/app-format/absolute", test_absolute);
  g_test_add_func ("/app-format/run-counts", test_run_counts);
  g_test_add_func ("/app-format/words", test_words);
  g_test_add_func ("/app-format/csv", test_csv);
  g_test_add_func ("/app-format/csv-many", test_csv_many);

  return g_test_run ();
}
