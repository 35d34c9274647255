/* ferry-schedule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Slots are found by walking the minutes after a time and reading each one
 * on the zone's wall clock (the zone's offset at that instant), rather than
 * by building local times: a local time can be missing or doubled on the
 * nights the clocks change, an instant cannot. A week is 10,080 minutes,
 * each a table lookup: cheap at the rate schedules are asked.
 */
#define G_LOG_DOMAIN "ferry-schedule"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferry-error.h"
#include "ferry-schedule.h"

#define MINUTES_PER_DAY 1440
/* Long enough for any slot of a weekly schedule, whatever the clocks do. */
#define SEARCH_MINUTES (8 * MINUTES_PER_DAY + 120)
#define BACKOFF_FIRST_US (5 * G_TIME_SPAN_MINUTE)
#define BACKOFF_MAX_US   (4 * G_TIME_SPAN_HOUR)

static const char * const day_names[] = { NULL, "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static gboolean
parse_time (const char *text,
            guint      *out_hour,
            guint      *out_minute)
{
  guint hour, minute;
  int end = 0;

  if (strlen (text) != 5 || sscanf (text, "%2u:%2u%n", &hour, &minute, &end) != 2 || end != 5
      || hour > 23 || minute > 59)
    return FALSE;
  *out_hour = hour;
  *out_minute = minute;
  return TRUE;
}

static gboolean
parse_every (const char    *text,
             FerrySchedule *schedule)
{
  guint64 n;
  char *end = NULL;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  n = g_ascii_strtoull (text, &end, 10);
  if (g_strcmp0 (end, "m") == 0 && n >= 1 && n <= 59)
    schedule->kind = FERRY_SCHEDULE_MINUTES;
  else if (g_strcmp0 (end, "h") == 0 && n >= 1 && n <= 24)
    schedule->kind = FERRY_SCHEDULE_HOURS;
  else
    return FALSE;
  schedule->every = (guint) n;
  return TRUE;
}

static gboolean
parse_weekly (const char    *text,
              FerrySchedule *schedule)
{
  const char *time = strrchr (text, ':');
  g_autofree char *list = NULL;
  g_auto(GStrv) days = NULL;

  /* "sat,sun:02:00": the days end at the colon before HH:MM. */
  if (time == NULL || time - text < 6 || time[-3] != ':')
    return FALSE;
  list = g_strndup (text, time - text - 3);
  days = g_strsplit (list, ",", -1);
  for (guint i = 0; days[i] != NULL; i++)
    {
      guint day;

      for (day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
        {
          if (g_strcmp0 (days[i], day_names[day]) == 0)
            break;
        }
      if (day > G_DATE_SUNDAY || (schedule->weekdays & (1u << day)) != 0)
        return FALSE;
      schedule->weekdays |= 1u << day;
    }
  return parse_time (time - 2, &schedule->hour, &schedule->minute);
}

gboolean
ferry_schedule_parse (const char     *text,
                      FerrySchedule  *out_schedule,
                      GError        **error)
{
  FerrySchedule schedule = { FERRY_SCHEDULE_MANUAL, 0, 0, 0, 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (out_schedule != NULL, FALSE);

  if (g_strcmp0 (text, "manual") == 0)
    ok = TRUE;
  else if (g_strcmp0 (text, "hourly") == 0)
    {
      schedule.kind = FERRY_SCHEDULE_HOURS;
      schedule.every = 1;
      ok = TRUE;
    }
  else if (text != NULL && g_str_has_prefix (text, "every:"))
    ok = parse_every (text + strlen ("every:"), &schedule);
  else if (text != NULL && g_str_has_prefix (text, "daily:"))
    {
      schedule.kind = FERRY_SCHEDULE_DAILY;
      ok = parse_time (text + strlen ("daily:"), &schedule.hour, &schedule.minute);
    }
  else if (text != NULL && g_str_has_prefix (text, "weekly:"))
    {
      schedule.kind = FERRY_SCHEDULE_WEEKLY;
      ok = parse_weekly (text + strlen ("weekly:"), &schedule);
    }

  if (!ok)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "The schedule “%s” is not one Ferry knows; use manual, hourly, every:15m "
                   "(1 to 59 minutes), every:3h (1 to 24 hours), daily:02:00 or "
                   "weekly:sat,sun:02:00", text != NULL ? text : "");
      return FALSE;
    }
  *out_schedule = schedule;
  return TRUE;
}

char *
ferry_schedule_to_string (const FerrySchedule *schedule)
{
  g_return_val_if_fail (schedule != NULL, NULL);

  switch (schedule->kind)
    {
    case FERRY_SCHEDULE_MINUTES:
      return g_strdup_printf ("every:%um", schedule->every);
    case FERRY_SCHEDULE_HOURS:
      return schedule->every == 1 ? g_strdup ("hourly") : g_strdup_printf ("every:%uh", schedule->every);
    case FERRY_SCHEDULE_DAILY:
      return g_strdup_printf ("daily:%02u:%02u", schedule->hour, schedule->minute);
    case FERRY_SCHEDULE_WEEKLY:
      {
        GString *text = g_string_new ("weekly:");

        for (guint day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
          {
            if ((schedule->weekdays & (1u << day)) != 0)
              g_string_append_printf (text, "%s%s", text->len > 7 ? "," : "", day_names[day]);
          }
        g_string_append_printf (text, ":%02u:%02u", schedule->hour, schedule->minute);
        return g_string_free (text, FALSE);
      }
    case FERRY_SCHEDULE_MANUAL:
    default:
      return g_strdup ("manual");
    }
}

/* An instant as the zone's wall clock shows it. */
typedef struct
{
  gint64 day;    /* local days since 1970-01-01 */
  guint  minute; /* of the local day */
} WallClock;

static WallClock
wall_clock (GTimeZone *tz,
            gint64     unix_seconds)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, unix_seconds);
  gint64 local = unix_seconds + g_time_zone_get_offset (tz, interval);
  gint64 minutes = local >= 0 ? local / 60 : (local - 59) / 60;
  WallClock clock;

  clock.day = minutes >= 0 ? minutes / MINUTES_PER_DAY : (minutes - MINUTES_PER_DAY + 1) / MINUTES_PER_DAY;
  clock.minute = (guint) (minutes - clock.day * MINUTES_PER_DAY);
  return clock;
}

static GDateWeekday
weekday_of (gint64 day)
{
  /* 1970-01-01 was a Thursday. */
  gint64 index = ((day % 7) + 7 + 3) % 7;

  return (GDateWeekday) (index + 1);
}

/* A minute or hour slot: the wall clock shows one. */
static gboolean
is_interval_slot (const FerrySchedule *schedule,
                  WallClock            clock)
{
  if (schedule->kind == FERRY_SCHEDULE_MINUTES)
    return clock.minute % schedule->every == 0;
  return clock.minute % 60 == 0 && (clock.minute / 60) % schedule->every == 0;
}

static GDateTime *
next_interval_slot (const FerrySchedule *schedule,
                    GTimeZone           *tz,
                    gint64               first)
{
  for (gint64 t = first; t < first + SEARCH_MINUTES * 60; t += 60)
    {
      if (is_interval_slot (schedule, wall_clock (tz, t)))
        return g_date_time_new_from_unix_utc (t);
    }
  g_return_val_if_reached (NULL);
}

/* Daily and weekly: the first minute of the right day whose wall clock is
 * at or past the time, unless that day's time had already come by @after
 * (a time the clock passes twice runs once). */
static GDateTime *
next_time_of_day (const FerrySchedule *schedule,
                  GTimeZone           *tz,
                  gint64               after,
                  gint64               first)
{
  guint target = schedule->hour * 60 + schedule->minute;
  WallClock previous = wall_clock (tz, after);
  gboolean passed = previous.minute >= target;

  for (gint64 t = first; t < first + SEARCH_MINUTES * 60; t += 60)
    {
      WallClock clock = wall_clock (tz, t);

      if (clock.day != previous.day)
        passed = FALSE;
      previous = clock;
      if (passed || clock.minute < target)
        continue;
      passed = TRUE;
      if (schedule->kind == FERRY_SCHEDULE_DAILY
          || (schedule->weekdays & (1u << weekday_of (clock.day))) != 0)
        return g_date_time_new_from_unix_utc (t);
    }
  g_return_val_if_reached (NULL);
}

GDateTime *
ferry_schedule_next (const FerrySchedule *schedule,
                     GDateTime           *after,
                     GTimeZone           *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  gint64 seconds, first;

  g_return_val_if_fail (schedule != NULL, NULL);
  g_return_val_if_fail (after != NULL, NULL);

  if (schedule->kind == FERRY_SCHEDULE_MANUAL)
    return NULL;
  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  seconds = g_date_time_to_unix (after);
  /* The next whole minute strictly after @after. */
  first = (seconds >= 0 ? seconds / 60 : (seconds - 59) / 60) * 60 + 60;
  if (schedule->kind == FERRY_SCHEDULE_DAILY || schedule->kind == FERRY_SCHEDULE_WEEKLY)
    return next_time_of_day (schedule, tz, seconds, first);
  return next_interval_slot (schedule, tz, first);
}

gboolean
ferry_schedule_is_due (const FerrySchedule *schedule,
                       GDateTime           *last,
                       GDateTime           *now,
                       GTimeZone           *tz)
{
  g_autoptr(GDateTime) next = NULL;

  g_return_val_if_fail (schedule != NULL && now != NULL, FALSE);

  if (schedule->kind == FERRY_SCHEDULE_MANUAL)
    return FALSE;
  if (last == NULL)
    return TRUE;
  next = ferry_schedule_next (schedule, last, tz);
  return next != NULL && g_date_time_compare (next, now) <= 0;
}

GDateTime *
ferry_schedule_next_after_failures (const FerrySchedule *schedule,
                                    GDateTime           *last_end,
                                    guint                failures,
                                    GTimeZone           *tz,
                                    gboolean            *out_backing_off)
{
  g_autoptr(GDateTime) usual = NULL;
  g_autoptr(GDateTime) earliest = NULL;
  GTimeSpan wait;
  GDateTime *next;

  g_return_val_if_fail (schedule != NULL && last_end != NULL, NULL);

  if (out_backing_off != NULL)
    *out_backing_off = FALSE;
  usual = ferry_schedule_next (schedule, last_end, tz);
  if (usual == NULL || failures < 2)
    return g_steal_pointer (&usual);

  wait = failures - 2 >= 6 ? BACKOFF_MAX_US : MIN (BACKOFF_FIRST_US << (failures - 2), BACKOFF_MAX_US);
  /* The first slot at or after the end of the wait. */
  earliest = g_date_time_add (last_end, wait - G_TIME_SPAN_SECOND);
  next = ferry_schedule_next (schedule, earliest, tz);
  if (out_backing_off != NULL)
    *out_backing_off = g_date_time_compare (next, usual) > 0;
  return next;
}
