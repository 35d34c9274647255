/* test-schedule.c: when automatic syncs run, across daylight-saving changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ferry-error.h"
#include "schedule-test-util.h"

static GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  if (tz == NULL)
    g_error ("The time zone %s is not installed (tzdata)", identifier);
  return tz;
}

/* "2026-03-29T01:30:00+01:00" */
static GDateTime *
at (const char *iso)
{
  GDateTime *when = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (when);
  return when;
}

/* The next slot after @after, as UTC text. */
static char *
next_utc (const char *schedule_text,
          const char *zone_id,
          const char *after)
{
  FerrySchedule schedule = parse (schedule_text);
  g_autoptr(GTimeZone) tz = zone (zone_id);
  g_autoptr(GDateTime) start = at (after);
  g_autoptr(GDateTime) next = ferry_schedule_next (&schedule, start, tz);

  g_assert_nonnull (next);
  return g_date_time_format (next, "%Y-%m-%dT%H:%M:%SZ");
}

#define assert_next(schedule, zone_id, after, expected) \
  G_STMT_START { \
    g_autofree char *got = next_utc ((schedule), (zone_id), (after)); \
    g_assert_cmpstr (got, ==, (expected)); \
  } G_STMT_END

static void
test_parse (void)
{
  const char *good[] = { "manual", "hourly", "every:15m", "every:1m", "every:59m", "every:3h",
                         "every:24h", "daily:02:00", "daily:23:59", "weekly:sun:02:00",
                         "weekly:mon:00:00", "weekly:mon,thu:06:30", "weekly:sat,sun:02:00", NULL };
  const char *bad[] = { "", "sometimes", "every:0m", "every:60m", "every:25h", "every:m",
                        "every:15", "every:-5m", "daily:24:00", "daily:2:00", "daily:02:60",
                        "daily:02:00x", "weekly:sunday:02:00", "weekly:sun", "weekly:sun,sun:02:00",
                        "weekly:,sun:02:00", "weekly::02:00", "Hourly",
                        "hourly\n", NULL };

  for (guint i = 0; good[i] != NULL; i++)
    {
      FerrySchedule schedule = parse (good[i]);
      g_autofree char *text = ferry_schedule_to_string (&schedule);

      g_assert_cmpstr (text, ==, good[i]);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      FerrySchedule schedule;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (ferry_schedule_parse (bad[i], &schedule, &error));
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "every:15m"));
    }
  {
    FerrySchedule schedule = parse (FERRY_SCHEDULE_DEFAULT);

    g_assert_cmpint (schedule.kind, ==, FERRY_SCHEDULE_HOURS);
    g_assert_cmpuint (schedule.every, ==, 1);
  }
}

static void
test_frequencies (void)
{
  /* Summer in Paris: UTC+2. */
  assert_next ("hourly", "Europe/Paris", "2026-06-01T10:20:00+02:00", "2026-06-01T09:00:00Z");
  assert_next ("hourly", "Europe/Paris", "2026-06-01T10:00:00+02:00", "2026-06-01T09:00:00Z");
  assert_next ("every:15m", "Europe/Paris", "2026-06-01T10:20:00+02:00", "2026-06-01T08:30:00Z");
  assert_next ("every:5m", "Europe/Paris", "2026-06-01T10:59:59+02:00", "2026-06-01T09:00:00Z");
  assert_next ("every:30m", "Europe/Paris", "2026-06-01T23:45:00+02:00", "2026-06-01T22:00:00Z");
  assert_next ("every:3h", "Europe/Paris", "2026-06-01T04:10:00+02:00", "2026-06-01T04:00:00Z");
  assert_next ("every:24h", "Europe/Paris", "2026-06-01T04:10:00+02:00", "2026-06-01T22:00:00Z");
  assert_next ("daily:02:00", "Europe/Paris", "2026-06-01T01:59:00+02:00", "2026-06-01T00:00:00Z");
  assert_next ("daily:02:00", "Europe/Paris", "2026-06-01T02:00:00+02:00", "2026-06-02T00:00:00Z");
  /* 2026-06-03 is a Wednesday. */
  assert_next ("weekly:sun:02:00", "Europe/Paris", "2026-06-03T12:00:00+02:00", "2026-06-07T00:00:00Z");
  assert_next ("weekly:wed:13:00", "Europe/Paris", "2026-06-03T12:00:00+02:00", "2026-06-03T11:00:00Z");
  assert_next ("weekly:wed:11:00", "Europe/Paris", "2026-06-03T12:00:00+02:00", "2026-06-10T09:00:00Z");
  assert_next ("weekly:mon,thu:06:30", "Europe/Paris", "2026-06-03T12:00:00+02:00", "2026-06-04T04:30:00Z");
  assert_next ("weekly:mon,thu:06:30", "Europe/Paris", "2026-06-04T06:30:00+02:00", "2026-06-08T04:30:00Z");
  /* A zone half an hour off UTC keeps the wall clock's minutes. */
  assert_next ("hourly", "Asia/Kolkata", "2026-06-01T10:20:00+05:30", "2026-06-01T05:30:00Z");
}

/* Paris: 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET. */
static void
test_dst_europe (void)
{
  /* The hour the clock skips has no top: 01:00 CET, then 03:00 CEST. */
  assert_next ("hourly", "Europe/Paris", "2026-03-29T01:30:00+01:00", "2026-03-29T01:00:00Z");
  /* 02:30 does not happen that night: the run comes when the clock jumps over it. */
  assert_next ("daily:02:30", "Europe/Paris", "2026-03-28T12:00:00+01:00", "2026-03-29T01:00:00Z");
  assert_next ("daily:02:30", "Europe/Paris", "2026-03-29T03:00:00+02:00", "2026-03-30T00:30:00Z");
  /* Before and after the change, the same wall-clock time. */
  assert_next ("daily:09:00", "Europe/Paris", "2026-03-28T12:00:00+01:00", "2026-03-29T07:00:00Z");
  assert_next ("daily:09:00", "Europe/Paris", "2026-03-27T12:00:00+01:00", "2026-03-28T08:00:00Z");
  /* 02:30 happens twice when the clock falls back: once is enough. */
  assert_next ("daily:02:30", "Europe/Paris", "2026-10-24T12:00:00+02:00", "2026-10-25T00:30:00Z");
  assert_next ("daily:02:30", "Europe/Paris", "2026-10-25T02:30:00+02:00", "2026-10-26T01:30:00Z");
  /* Hourly runs at every top of the hour the clock shows: 02:00 twice. */
  assert_next ("hourly", "Europe/Paris", "2026-10-25T01:30:00+02:00", "2026-10-25T00:00:00Z");
  assert_next ("hourly", "Europe/Paris", "2026-10-25T02:00:00+02:00", "2026-10-25T01:00:00Z");
  assert_next ("hourly", "Europe/Paris", "2026-10-25T02:00:00+01:00", "2026-10-25T02:00:00Z");
  assert_next ("weekly:sun:02:30", "Europe/Paris", "2026-03-25T12:00:00+01:00", "2026-03-29T01:00:00Z");
}

/* New York: 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST. */
static void
test_dst_america (void)
{
  assert_next ("daily:02:15", "America/New_York", "2026-03-07T12:00:00-05:00", "2026-03-08T07:00:00Z");
  assert_next ("daily:02:15", "America/New_York", "2026-03-08T03:00:00-04:00", "2026-03-09T06:15:00Z");
  assert_next ("hourly", "America/New_York", "2026-03-08T01:10:00-05:00", "2026-03-08T07:00:00Z");
  assert_next ("daily:01:30", "America/New_York", "2026-10-31T12:00:00-04:00", "2026-11-01T05:30:00Z");
  assert_next ("daily:01:30", "America/New_York", "2026-11-01T01:30:00-04:00", "2026-11-02T06:30:00Z");
  assert_next ("every:15m", "America/New_York", "2026-11-01T01:50:00-04:00", "2026-11-01T06:00:00Z");
  assert_next ("every:15m", "America/New_York", "2026-11-01T01:50:00-05:00", "2026-11-01T07:00:00Z");
  assert_next ("every:4h", "America/New_York", "2026-11-01T00:30:00-04:00", "2026-11-01T09:00:00Z");
}

static void
test_due (void)
{
  FerrySchedule hourly = parse ("hourly");
  FerrySchedule manual = parse ("manual");
  g_autoptr(GTimeZone) tz = zone ("Europe/Paris");
  g_autoptr(GDateTime) last = at ("2026-06-01T10:05:00+02:00");
  g_autoptr(GDateTime) before = at ("2026-06-01T10:59:59+02:00");
  g_autoptr(GDateTime) slot = at ("2026-06-01T11:00:00+02:00");
  g_autoptr(GDateTime) woke = at ("2026-06-01T15:20:00+02:00");
  g_autoptr(GDateTime) later = at ("2026-06-01T15:30:00+02:00");
  g_autoptr(GDateTime) sixteen = at ("2026-06-01T16:00:00+02:00");
  g_autoptr(GDateTime) next = NULL;

  g_assert_false (ferry_schedule_is_due (&hourly, last, before, tz));
  g_assert_true (ferry_schedule_is_due (&hourly, last, slot, tz));
  /* Asleep from 10:05 to 15:20: five slots missed, one run on waking… */
  g_assert_true (ferry_schedule_is_due (&hourly, last, woke, tz));
  /* … and after it, the next slot counts from then, not from 11:00. */
  g_assert_false (ferry_schedule_is_due (&hourly, woke, later, tz));
  next = ferry_schedule_next (&hourly, woke, tz);
  g_assert_true (g_date_time_equal (next, sixteen));
  g_assert_true (ferry_schedule_is_due (&hourly, NULL, later, tz));
  g_assert_false (ferry_schedule_is_due (&manual, NULL, later, tz));
  g_assert_null (ferry_schedule_next (&manual, later, tz));
}

static char *
after_failures (const char *schedule_text,
                const char *end,
                guint       failures,
                gboolean   *out_backing_off)
{
  FerrySchedule schedule = parse (schedule_text);
  g_autoptr(GTimeZone) tz = zone ("Europe/Paris");
  g_autoptr(GDateTime) last_end = at (end);
  g_autoptr(GDateTime) next = ferry_schedule_next_after_failures (&schedule, last_end, failures, tz,
                                                                  out_backing_off);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (next, tz);

  return g_date_time_format (local, "%H:%M");
}

static void
test_backoff (void)
{
  const struct { const char *schedule; guint failures; const char *next; gboolean backing_off; } cases[] = {
    { "every:5m", 0, "10:05", FALSE },
    { "every:5m", 1, "10:05", FALSE },
    /* 5 minutes, then 10, 20, 40, … */
    { "every:5m", 2, "10:10", TRUE },
    { "every:5m", 3, "10:15", TRUE },
    { "every:5m", 4, "10:25", TRUE },
    { "every:5m", 5, "10:45", TRUE },
    /* At most four hours. */
    { "every:5m", 9, "14:05", TRUE },
    { "every:5m", 40, "14:05", TRUE },
    /* An hourly schedule already waits longer than the first steps. */
    { "hourly", 2, "11:00", FALSE },
    { "hourly", 6, "12:00", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean backing_off = !cases[i].backing_off;
      /* Wall-clock times in summer Paris. */
      g_autofree char *next = after_failures (cases[i].schedule, "2026-06-01T10:00:30+02:00",
                                              cases[i].failures, &backing_off);

      g_test_message ("%s after %u failures: %s", cases[i].schedule, cases[i].failures, next);
      g_assert_cmpstr (next, ==, cases[i].next);
      g_assert_cmpint (backing_off, ==, cases[i].backing_off);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schedule/parse", test_parse);
  g_test_add_func ("/schedule/frequencies", test_frequencies);
  g_test_add_func ("/schedule/dst-europe", test_dst_europe);
  g_test_add_func ("/schedule/dst-america", test_dst_america);
  g_test_add_func ("/schedule/due", test_due);
  g_test_add_func ("/schedule/backoff", test_backoff);
  return g_test_run ();
}
