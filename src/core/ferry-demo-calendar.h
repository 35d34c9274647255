/* ferry-demo-calendar.h: days and modification times of the demo company
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ferry-random.h"

G_BEGIN_DECLS

/* Every day from well before the history to a few years after the as-of
 * date, formatted once, so that a row's dates are array lookups. Days are
 * indexes into the calendar. */
typedef struct _FerryDemoCalendar FerryDemoCalendar;

FerryDemoCalendar *ferry_demo_calendar_new       (const GDate       *as_of,
                                                  guint              history_years);
void               ferry_demo_calendar_free      (FerryDemoCalendar *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDemoCalendar, ferry_demo_calendar_free)

/* "YYYY-MM-DD" of a day (NUL-terminated, borrowed). */
const char        *ferry_demo_calendar_get_date  (FerryDemoCalendar *self,
                                                  int                day);
int                ferry_demo_calendar_clamp     (FerryDemoCalendar *self,
                                                  gint64             day);
int                ferry_demo_calendar_get_year  (FerryDemoCalendar *self,
                                                  int                day);
int                ferry_demo_calendar_get_as_of_year (FerryDemoCalendar *self);

/* A modification time before the as-of date, within the history and not
 * before @earliest_day (-1: no limit), recent times more likely (the age is
 * window × u^recency), on a weekday in US business hours. Writes
 * "YYYY-MM-DDTHH:MM:SSZ" and a NUL to @out (21 bytes); returns its day. */
int                ferry_demo_calendar_timestamp (FerryDemoCalendar *self,
                                                  FerryRandom       *rng,
                                                  double             recency,
                                                  int                earliest_day,
                                                  char              *out);
/* The day of a text starting "YYYY-MM-DD", clamped to the calendar; -1 if
 * it does not start with a date. */
int                ferry_demo_calendar_parse_day (FerryDemoCalendar *self,
                                                  const char        *text);

/* A random day of @year: writes "YYYY-MM-DD" and a NUL to @out (11 bytes);
 * returns its day, or -1 if the year lies outside the calendar. */
int                ferry_demo_calendar_day_in_year (FerryDemoCalendar *self,
                                                    FerryRandom       *rng,
                                                    int                year,
                                                    char              *out);

G_END_DECLS
