/* ferry-sync-frequency.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-frequency"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "ferry-schedule.h"
#include "ferry-sync-frequency.h"

static const FerrySyncFrequencyChoice choices[] = {
  { N_("Manual only"), { FERRY_SYNC_FREQUENCY_MANUAL, 0, 0, 0 }, FALSE },
  { N_("Every 5 minutes"), { FERRY_SYNC_FREQUENCY_MINUTES, 5, 0, 0 }, FALSE },
  { N_("Every 15 minutes"), { FERRY_SYNC_FREQUENCY_MINUTES, 15, 0, 0 }, FALSE },
  { N_("Every 30 minutes"), { FERRY_SYNC_FREQUENCY_MINUTES, 30, 0, 0 }, FALSE },
  { N_("Every hour"), { FERRY_SYNC_FREQUENCY_HOURLY, 0, 0, 0 }, FALSE },
  { N_("Every few hours"), { FERRY_SYNC_FREQUENCY_HOURS, 4, 0, 0 }, TRUE },
  { N_("Daily"), { FERRY_SYNC_FREQUENCY_DAILY, 0, 2, 0 }, TRUE },
};

const FerrySyncFrequencyChoice *
ferry_sync_frequency_get_choices (guint *out_n_choices)
{
  g_return_val_if_fail (out_n_choices != NULL, NULL);

  *out_n_choices = G_N_ELEMENTS (choices);
  return choices;
}

GStrv
ferry_sync_frequency_dup_labels (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    g_strv_builder_add (builder, _(choices[i].label));
  return g_strv_builder_end (builder);
}

/* The scheduler's grammar (ferry-schedule.h), less what the combo does not
 * offer (weekly). */
gboolean
ferry_sync_frequency_parse (const char         *schedule,
                            FerrySyncFrequency *out_frequency)
{
  FerrySyncFrequency frequency = { FERRY_SYNC_FREQUENCY_MANUAL, 0, 0, 0 };
  FerrySchedule parsed;

  g_return_val_if_fail (out_frequency != NULL, FALSE);

  if (schedule == NULL || !ferry_schedule_parse (schedule, &parsed, NULL))
    return FALSE;
  switch (parsed.kind)
    {
    case FERRY_SCHEDULE_MANUAL:
      break;
    case FERRY_SCHEDULE_MINUTES:
      frequency.kind = FERRY_SYNC_FREQUENCY_MINUTES;
      frequency.every = parsed.every;
      break;
    case FERRY_SCHEDULE_HOURS:
      frequency.kind = parsed.every == 1 && g_str_equal (schedule, "hourly")
                       ? FERRY_SYNC_FREQUENCY_HOURLY : FERRY_SYNC_FREQUENCY_HOURS;
      frequency.every = frequency.kind == FERRY_SYNC_FREQUENCY_HOURS ? parsed.every : 0;
      break;
    case FERRY_SCHEDULE_DAILY:
      frequency.kind = FERRY_SYNC_FREQUENCY_DAILY;
      frequency.hour = parsed.hour;
      frequency.minute = parsed.minute;
      break;
    case FERRY_SCHEDULE_WEEKLY:
    default:
      return FALSE;
    }
  *out_frequency = frequency;
  return TRUE;
}

char *
ferry_sync_frequency_to_schedule (const FerrySyncFrequency *frequency)
{
  g_return_val_if_fail (frequency != NULL, NULL);

  switch (frequency->kind)
    {
    case FERRY_SYNC_FREQUENCY_MANUAL:
      return g_strdup ("manual");
    case FERRY_SYNC_FREQUENCY_HOURLY:
      return g_strdup ("hourly");
    case FERRY_SYNC_FREQUENCY_MINUTES:
      if (frequency->every == 0 || frequency->every >= 60)
        return NULL;
      return g_strdup_printf ("every:%um", frequency->every);
    case FERRY_SYNC_FREQUENCY_HOURS:
      if (frequency->every == 0 || frequency->every > 24)
        return NULL;
      return g_strdup_printf ("every:%uh", frequency->every);
    case FERRY_SYNC_FREQUENCY_DAILY:
      if (frequency->hour >= 24 || frequency->minute >= 60)
        return NULL;
      return g_strdup_printf ("daily:%02u:%02u", frequency->hour, frequency->minute);
    default:
      return NULL;
    }
}

gboolean
ferry_sync_frequency_find_choice (const char *schedule,
                                  guint      *out_position)
{
  FerrySyncFrequency frequency;

  g_return_val_if_fail (out_position != NULL, FALSE);

  if (!ferry_sync_frequency_parse (schedule, &frequency))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      const FerrySyncFrequencyChoice *choice = &choices[i];

      if (choice->frequency.kind == frequency.kind
          && (choice->has_value || choice->frequency.every == frequency.every))
        {
          *out_position = i;
          return TRUE;
        }
    }
  return FALSE;
}

char *
ferry_sync_frequency_describe (const char *schedule)
{
  FerrySyncFrequency frequency;

  if (!ferry_sync_frequency_parse (schedule, &frequency))
    return g_strdup (schedule != NULL ? schedule : "");

  switch (frequency.kind)
    {
    case FERRY_SYNC_FREQUENCY_MANUAL:
      return g_strdup (_("Manual only"));
    case FERRY_SYNC_FREQUENCY_HOURLY:
      return g_strdup (_("Every hour"));
    case FERRY_SYNC_FREQUENCY_MINUTES:
      if (frequency.every == 1)
        return g_strdup (_("Every minute"));
      return g_strdup_printf (ngettext ("Every %u minute", "Every %u minutes", frequency.every),
                              frequency.every);
    case FERRY_SYNC_FREQUENCY_HOURS:
      if (frequency.every == 1)
        return g_strdup (_("Every hour"));
      return g_strdup_printf (ngettext ("Every %u hour", "Every %u hours", frequency.every),
                              frequency.every);
    case FERRY_SYNC_FREQUENCY_DAILY:
    default:
      /* Translators: an automatic sync's time of day, e.g. “Daily at 02:00” */
      return g_strdup_printf (_("Daily at %02u:%02u"), frequency.hour, frequency.minute);
    }
}

static const struct
{
  const char *label;
  const char *schedule;
} deep_choices[] = {
  { N_("Never"), "manual" },
  { N_("Every night at 02:00"), "daily:02:00" },
  { N_("Saturdays at 02:00"), "weekly:sat:02:00" },
  { N_("Sundays at 02:00"), "weekly:sun:02:00" },
};

GStrv
ferry_sync_frequency_dup_deep_choices (const char *current,
                                       GStrv      *out_schedules,
                                       guint      *out_selected)
{
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) schedules = g_strv_builder_new ();
  gboolean found = FALSE;

  g_return_val_if_fail (out_schedules != NULL && out_selected != NULL, NULL);

  if (current == NULL)
    current = "manual";
  *out_selected = 0;
  for (guint i = 0; i < G_N_ELEMENTS (deep_choices); i++)
    {
      g_strv_builder_add (labels, _(deep_choices[i].label));
      g_strv_builder_add (schedules, deep_choices[i].schedule);
      if (g_str_equal (current, deep_choices[i].schedule))
        *out_selected = i, found = TRUE;
    }
  if (!found)
    {
      g_autofree char *described = ferry_sync_frequency_describe (current);

      g_strv_builder_add (labels, described);
      g_strv_builder_add (schedules, current);
      *out_selected = G_N_ELEMENTS (deep_choices);
    }
  *out_schedules = g_strv_builder_end (schedules);
  return g_strv_builder_end (labels);
}
