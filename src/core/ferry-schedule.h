/* ferry-schedule.h: when a connection's automatic syncs run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A schedule is the text a connection keeps ("hourly", "every:15m",
 * "daily:02:00", …) read into plain data. Slots are on the local wall
 * clock of a time zone, so "hourly" is the top of every hour and
 * "daily:02:00" two in the morning whatever the season:
 *
 *   manual            no automatic sync
 *   every:Nm          every N minutes (1 to 59), at the minutes of the hour
 *                     that are multiples of N counted from local midnight
 *   hourly            at minute 0 of every hour (the default)
 *   every:Nh          every N hours (1 to 24), at minute 0 of the local
 *                     hours that are multiples of N
 *   daily:HH:MM       every day at HH:MM
 *   weekly:DAYS:HH:MM every week on DAYS, one or more of mon … sun joined
 *                     by commas ("weekly:sat,sun:02:00"; for deep syncs at
 *                     night)
 *
 * Across daylight-saving changes: a daily or weekly time the clock skips
 * (02:30 on the night it jumps from 02:00 to 03:00) runs when the clock
 * jumps over it; a time it passes twice (the night it falls back) runs
 * once, the first time. Minute and hour slots are instants: "hourly" runs
 * at every top of an hour the clock shows, so a night that falls back has
 * one more.
 *
 * Missed slots (the computer was asleep or off) are not run one by one:
 * ferry_schedule_is_due () says a run is due once, and the next slot is
 * counted from then. After failures the next run is put off
 * (ferry_schedule_next_after_failures ()), and a success ends that.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_SCHEDULE_MANUAL,
  FERRY_SCHEDULE_MINUTES, /* every N minutes */
  FERRY_SCHEDULE_HOURS,   /* every N hours; "hourly" is N = 1 */
  FERRY_SCHEDULE_DAILY,
  FERRY_SCHEDULE_WEEKLY,
} FerryScheduleKind;

typedef struct
{
  FerryScheduleKind kind;
  guint             every;   /* MINUTES: 1…59; HOURS: 1…24 */
  guint             hour;    /* DAILY, WEEKLY: 0…23 */
  guint             minute;  /* DAILY, WEEKLY: 0…59 */
  guint             weekdays; /* WEEKLY: bit 1 << GDateWeekday for each day */
} FerrySchedule;

/* The default of a new connection. */
#define FERRY_SCHEDULE_DEFAULT "hourly"

/* FERRY_ERROR_INVALID_ARGUMENT naming the spellings for anything else. */
gboolean   ferry_schedule_parse     (const char          *text,
                                     FerrySchedule       *out_schedule,
                                     GError             **error);
/* The text ferry_schedule_parse () reads back. Returns: (transfer full) */
char      *ferry_schedule_to_string (const FerrySchedule *schedule);

/* The first slot strictly after @after, in @tz (nullable: local time), or
 * NULL for a manual schedule. Returns: (transfer full) (nullable) */
GDateTime *ferry_schedule_next      (const FerrySchedule *schedule,
                                     GDateTime           *after,
                                     GTimeZone           *tz);

/* Whether a run is due at @now when the last one (automatic or not)
 * started at @last (nullable: never): a slot came between them. However
 * many slots were missed, this says TRUE once; after that run the next
 * slot counts from its start. */
gboolean   ferry_schedule_is_due    (const FerrySchedule *schedule,
                                     GDateTime           *last,
                                     GDateTime           *now,
                                     GTimeZone           *tz);

/* Backing off after @failures consecutive failed automatic runs, the last
 * of which ended at @last_end: 0 or 1 failure changes nothing (the next
 * slot); from the second on, the next run waits at least 5 minutes times
 * 2^(failures − 2), at most 4 hours, then takes the first slot after that.
 * *@out_backing_off (nullable) says whether the wait put it off. NULL for a
 * manual schedule. Returns: (transfer full) (nullable) */
GDateTime *ferry_schedule_next_after_failures (const FerrySchedule *schedule,
                                               GDateTime           *last_end,
                                               guint                failures,
                                               GTimeZone           *tz,
                                               gboolean            *out_backing_off);

G_END_DECLS
