/* ferry-demo-calendar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-demo-calendar"

#include "ferry-demo-calendar.h"

#include <math.h>
#include <string.h>

/* Dates may lie up to ten years from the day they derive from. */
#define MARGIN_YEARS 11
#define DATE_SIZE 11

/* Business hours in the continental US, in UTC. */
#define FIRST_SECOND (13 * 3600)
#define N_SECONDS (11 * 3600)

struct _FerryDemoCalendar
{
  guint32  first_julian;
  gint64   first_civil;   /* days from 1970-01-01 to day 0 */
  int      n_days;
  int      as_of_day;     /* modification times lie before this day */
  int      history_days;
  char    *dates;         /* owned; n_days × DATE_SIZE */
  guint8  *weekdays;      /* owned; GDateWeekday */
  guint16 *years;         /* owned */
};

/* Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant). */
static gint64
days_from_civil (gint64 year,
                 guint  month,
                 guint  day)
{
  gint64 era, year_of_era, day_of_year, day_of_era;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  year_of_era = year - era * 400;
  day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

FerryDemoCalendar *
ferry_demo_calendar_new (const GDate *as_of,
                         guint        history_years)
{
  FerryDemoCalendar *self = g_new0 (FerryDemoCalendar, 1);
  GDate first = *as_of;
  GDate history = *as_of;
  GDate last = *as_of;
  GDate day;

  g_date_subtract_years (&first, history_years + MARGIN_YEARS);
  g_date_subtract_years (&history, history_years);
  g_date_add_years (&last, MARGIN_YEARS);

  self->first_julian = g_date_get_julian (&first);
  self->first_civil = days_from_civil (g_date_get_year (&first), g_date_get_month (&first),
                                       g_date_get_day (&first));
  self->n_days = (int) (g_date_get_julian (&last) - self->first_julian) + 1;
  self->as_of_day = (int) (g_date_get_julian (as_of) - self->first_julian);
  self->history_days = (int) (g_date_get_julian (as_of) - g_date_get_julian (&history));
  self->dates = g_malloc ((gsize) self->n_days * DATE_SIZE);
  self->weekdays = g_malloc ((gsize) self->n_days);
  self->years = g_new (guint16, self->n_days);

  day = first;
  for (int i = 0; i < self->n_days; i++, g_date_add_days (&day, 1))
    {
      g_snprintf (self->dates + (gsize) i * DATE_SIZE, DATE_SIZE, "%04u-%02u-%02u",
                  g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day));
      self->weekdays[i] = (guint8) g_date_get_weekday (&day);
      self->years[i] = g_date_get_year (&day);
    }

  return self;
}

void
ferry_demo_calendar_free (FerryDemoCalendar *self)
{
  if (self == NULL)
    return;
  g_free (self->dates);
  g_free (self->weekdays);
  g_free (self->years);
  g_free (self);
}

const char *
ferry_demo_calendar_get_date (FerryDemoCalendar *self,
                              int                day)
{
  return self->dates + (gsize) day * DATE_SIZE;
}

int
ferry_demo_calendar_clamp (FerryDemoCalendar *self,
                           gint64             day)
{
  return (int) CLAMP (day, 0, self->n_days - 1);
}

int
ferry_demo_calendar_get_year (FerryDemoCalendar *self,
                              int                day)
{
  return self->years[day];
}

int
ferry_demo_calendar_get_as_of_year (FerryDemoCalendar *self)
{
  return self->years[self->as_of_day];
}

static void
format_two (char  *out,
            guint  value)
{
  out[0] = (char) ('0' + value / 10);
  out[1] = (char) ('0' + value % 10);
}

int
ferry_demo_calendar_timestamp (FerryDemoCalendar *self,
                               FerryRandom       *rng,
                               double             recency,
                               int                earliest_day,
                               char              *out)
{
  int first_day = self->as_of_day - self->history_days;
  int window = self->as_of_day - MAX (earliest_day, first_day);
  int day, age;
  guint second;

  window = MAX (window, 1);
  age = (int) (window * pow (ferry_random_double (rng), recency));
  day = self->as_of_day - 1 - age;

  /* Office work happens on weekdays: a weekend moves back to the Friday,
   * or forward to the Monday when the Friday is too early. */
  if (self->weekdays[day] >= G_DATE_SATURDAY)
    {
      int back = self->weekdays[day] - G_DATE_FRIDAY;
      int forward = G_DATE_SUNDAY + 1 - self->weekdays[day];

      if (day - back < MAX (earliest_day, first_day) && day + forward < self->as_of_day)
        day += forward;
      else
        day -= back;
    }

  second = FIRST_SECOND + (guint) ferry_random_index (rng, N_SECONDS);
  memcpy (out, ferry_demo_calendar_get_date (self, day), 10);
  out[10] = 'T';
  format_two (out + 11, second / 3600);
  out[13] = ':';
  format_two (out + 14, second / 60 % 60);
  out[16] = ':';
  format_two (out + 17, second % 60);
  out[19] = 'Z';
  out[20] = '\0';
  return day;
}

int
ferry_demo_calendar_day_in_year (FerryDemoCalendar *self,
                                 FerryRandom       *rng,
                                 int                year,
                                 char              *out)
{
  GDate date;
  guint n_days;
  gint64 day;

  if (year < 1 || year > 9999)
    return -1;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, (GDateYear) year);
  n_days = g_date_is_leap_year ((GDateYear) year) ? 366 : 365;
  g_date_add_days (&date, (guint) ferry_random_index (rng, n_days));

  day = (gint64) g_date_get_julian (&date) - self->first_julian;
  g_snprintf (out, DATE_SIZE, "%04u-%02u-%02u",
              g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
  return day >= 0 && day < self->n_days ? (int) day : -1;
}

static int
parse_digits (const char *text,
              guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return -1;
      value = value * 10 + (text[i] - '0');
    }
  return value;
}

int
ferry_demo_calendar_parse_day (FerryDemoCalendar *self,
                               const char        *text)
{
  int year, month, day;

  if (text == NULL || strlen (text) < 10 || text[4] != '-' || text[7] != '-')
    return -1;
  year = parse_digits (text, 4);
  month = parse_digits (text + 5, 2);
  day = parse_digits (text + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31)
    return -1;
  return ferry_demo_calendar_clamp (self, days_from_civil (year, (guint) month, (guint) day)
                                          - self->first_civil);
}
