/* ferry-sync-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-options"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferry-connection.h"
#include "ferry-error.h"
#include "ferry-sync-options.h"

struct _FerrySyncOptions
{
  FerryLedgerSyncType  sync_type;
  FerryTimeframe       timeframe;
  char                *date;       /* owned, nullable: "YYYY-MM-DD" instead of timeframe */
  GStrv                entities;   /* owned, nullable: all enabled */
  gboolean             dry_run;
  FerryLedgerTrigger   trigger;
  guint                batch_size; /* 0: the connection's */
  FerryLedgerDirection direction;
  gboolean             stop_on_error;
};

G_DEFINE_BOXED_TYPE (FerrySyncOptions, ferry_sync_options, ferry_sync_options_copy,
                     ferry_sync_options_free)

/* The command line's words for the timeframes, beside the stored ones. */
static const struct
{
  const char     *word;
  FerryTimeframe  timeframe;
} timeframe_words[] = {
  { "last-week", FERRY_TIMEFRAME_WEEK },
  { "last-month", FERRY_TIMEFRAME_MONTH },
  { "last-year", FERRY_TIMEFRAME_YEAR },
  { "beginning", FERRY_TIMEFRAME_ALL },
};

FerrySyncOptions *
ferry_sync_options_new (void)
{
  FerrySyncOptions *self = g_new0 (FerrySyncOptions, 1);

  self->sync_type = FERRY_LEDGER_SYNC_SHALLOW;
  self->timeframe = FERRY_TIMEFRAME_ALL;
  self->trigger = FERRY_LEDGER_TRIGGER_MANUAL;
  self->direction = FERRY_LEDGER_DIRECTION_BOTH;
  return self;
}

FerrySyncOptions *
ferry_sync_options_copy (const FerrySyncOptions *self)
{
  FerrySyncOptions *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->date = g_strdup (self->date);
  copy->entities = g_strdupv (self->entities);
  return copy;
}

void
ferry_sync_options_free (FerrySyncOptions *self)
{
  if (self == NULL)
    return;
  g_free (self->date);
  g_strfreev (self->entities);
  g_free (self);
}

FerryLedgerSyncType
ferry_sync_options_get_sync_type (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, FERRY_LEDGER_SYNC_SHALLOW);

  return self->sync_type;
}

void
ferry_sync_options_set_sync_type (FerrySyncOptions    *self,
                                  FerryLedgerSyncType  sync_type)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (sync_type == FERRY_LEDGER_SYNC_SHALLOW || sync_type == FERRY_LEDGER_SYNC_DEEP);

  self->sync_type = sync_type;
}

FerryTimeframe
ferry_sync_options_get_timeframe (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, FERRY_TIMEFRAME_ALL);

  return self->timeframe;
}

void
ferry_sync_options_set_timeframe (FerrySyncOptions *self,
                                  FerryTimeframe    timeframe)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (timeframe <= FERRY_TIMEFRAME_ALL);

  self->timeframe = timeframe;
  g_clear_pointer (&self->date, g_free);
}

void
ferry_sync_options_set_since_date (FerrySyncOptions *self,
                                   GDateTime        *day)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (day != NULL);

  local = g_date_time_to_local (day);
  g_free (self->date);
  self->date = g_date_time_format (local, "%Y-%m-%d");
}

/* Local midnight of a "YYYY-MM-DD" day, or NULL if it is no real day. */
static GDateTime *
parse_day (const char *text)
{
  int year, month, day;
  char end;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3
      || year < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;
  return g_date_time_new_local (year, month, day, 0, 0, 0.0);
}

GDateTime *
ferry_sync_options_get_since_date (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return parse_day (self->date);
}

const char *
ferry_sync_options_get_timeframe_text (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->date != NULL ? self->date : ferry_timeframe_to_string (self->timeframe);
}

gboolean
ferry_sync_options_set_timeframe_from_string (FerrySyncOptions  *self,
                                              const char        *text,
                                              GError           **error)
{
  g_autoptr(GDateTime) day = NULL;
  FerryTimeframe timeframe;

  g_return_val_if_fail (self != NULL, FALSE);

  if (text != NULL && ferry_timeframe_from_string (text, &timeframe))
    {
      ferry_sync_options_set_timeframe (self, timeframe);
      return TRUE;
    }
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (timeframe_words); i++)
    {
      if (strcmp (text, timeframe_words[i].word) == 0)
        {
          ferry_sync_options_set_timeframe (self, timeframe_words[i].timeframe);
          return TRUE;
        }
    }
  day = parse_day (text);
  if (day == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a timeframe. Use today, last-week, last-month, last-year, "
                   "beginning, or a date written YYYY-MM-DD.", text != NULL ? text : "");
      return FALSE;
    }
  ferry_sync_options_set_since_date (self, day);
  return TRUE;
}

const char * const *
ferry_sync_options_get_entities (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->entities;
}

void
ferry_sync_options_set_entities (FerrySyncOptions   *self,
                                 const char * const *entity_ids)
{
  g_return_if_fail (self != NULL);

  g_strfreev (self->entities);
  self->entities = g_strdupv ((char **) entity_ids);
}

gboolean
ferry_sync_options_get_dry_run (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->dry_run;
}

void
ferry_sync_options_set_dry_run (FerrySyncOptions *self,
                                gboolean          dry_run)
{
  g_return_if_fail (self != NULL);

  self->dry_run = !!dry_run;
}

FerryLedgerTrigger
ferry_sync_options_get_trigger (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, FERRY_LEDGER_TRIGGER_MANUAL);

  return self->trigger;
}

void
ferry_sync_options_set_trigger (FerrySyncOptions   *self,
                                FerryLedgerTrigger  trigger)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (trigger == FERRY_LEDGER_TRIGGER_MANUAL || trigger == FERRY_LEDGER_TRIGGER_AUTOMATIC);

  self->trigger = trigger;
}

guint
ferry_sync_options_get_batch_size (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->batch_size;
}

void
ferry_sync_options_set_batch_size (FerrySyncOptions *self,
                                   guint             batch_size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (batch_size <= FERRY_CONNECTION_BATCH_MAX);

  self->batch_size = batch_size;
}

gboolean
ferry_sync_timeframe_get_start (const char  *timeframe,
                                GDateTime   *at,
                                GDateTime  **out_start)
{
  g_autoptr(GDateTime) local = NULL;
  FerryTimeframe known;

  g_return_val_if_fail (at != NULL, FALSE);
  g_return_val_if_fail (out_start != NULL, FALSE);

  *out_start = NULL;
  if (timeframe == NULL || !ferry_timeframe_from_string (timeframe, &known))
    {
      *out_start = parse_day (timeframe);
      return *out_start != NULL;
    }

  local = g_date_time_to_local (at);
  switch (known)
    {
    case FERRY_TIMEFRAME_TODAY:
      *out_start = g_date_time_new_local (g_date_time_get_year (local),
                                          g_date_time_get_month (local),
                                          g_date_time_get_day_of_month (local), 0, 0, 0.0);
      break;
    case FERRY_TIMEFRAME_WEEK:
      *out_start = g_date_time_add_days (local, -7);
      break;
    case FERRY_TIMEFRAME_MONTH:
      *out_start = g_date_time_add_months (local, -1);
      break;
    case FERRY_TIMEFRAME_YEAR:
      *out_start = g_date_time_add_years (local, -1);
      break;
    case FERRY_TIMEFRAME_ALL:
    default:
      break;
    }
  return TRUE;
}

GDateTime *
ferry_sync_options_get_start (const FerrySyncOptions *self,
                              GDateTime              *now)
{
  GDateTime *start = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  ferry_sync_timeframe_get_start (ferry_sync_options_get_timeframe_text (self), now, &start);
  return start;
}

FerryLedgerDirection
ferry_sync_options_get_direction (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, FERRY_LEDGER_DIRECTION_BOTH);

  return self->direction;
}

void
ferry_sync_options_set_direction (FerrySyncOptions     *self,
                                  FerryLedgerDirection  direction)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (direction <= FERRY_LEDGER_DIRECTION_BOTH);

  self->direction = direction;
}

gboolean
ferry_sync_options_set_direction_from_string (FerrySyncOptions  *self,
                                              const char        *text,
                                              GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (FerryLedgerDirection d = FERRY_LEDGER_DIRECTION_PUSH; d <= FERRY_LEDGER_DIRECTION_BOTH; d++)
    {
      if (g_strcmp0 (text, ferry_ledger_direction_to_string (d)) == 0)
        {
          self->direction = d;
          return TRUE;
        }
    }
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "Unknown direction “%s”: use push (accounting → cloud), export (cloud → "
               "accounting) or both", text != NULL ? text : "");
  return FALSE;
}

gboolean
ferry_sync_options_get_stop_on_error (const FerrySyncOptions *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->stop_on_error;
}

void
ferry_sync_options_set_stop_on_error (FerrySyncOptions *self,
                                      gboolean          stop_on_error)
{
  g_return_if_fail (self != NULL);

  self->stop_on_error = !!stop_on_error;
}
