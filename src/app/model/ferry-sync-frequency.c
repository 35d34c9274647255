/* ferry-sync-frequency.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-frequency"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

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

/* A decimal number of one to @max_digits digits, the whole of @text up to
 * @end (NULL: the end of the string). */
static gboolean
parse_number (const char *text,
              const char *end,
              guint       max_digits,
              guint      *out_value)
{
  gsize length = end != NULL ? (gsize) (end - text) : strlen (text);
  guint value = 0;

  if (length == 0 || length > max_digits)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint) (text[i] - '0');
    }
  *out_value = value;
  return TRUE;
}

static gboolean
parse_every (const char         *spec,
             FerrySyncFrequency *out)
{
  gsize length = strlen (spec);
  char unit = length > 0 ? spec[length - 1] : '\0';
  guint value;

  if (!parse_number (spec, spec + length - (length > 0), 2, &value) || value == 0)
    return FALSE;
  if (unit == 'm' && value < 60)
    out->kind = FERRY_SYNC_FREQUENCY_MINUTES;
  else if (unit == 'h' && value <= 24)
    out->kind = FERRY_SYNC_FREQUENCY_HOURS;
  else
    return FALSE;
  out->every = value;
  return TRUE;
}

static gboolean
parse_daily (const char         *spec,
             FerrySyncFrequency *out)
{
  const char *colon = strchr (spec, ':');

  if (colon == NULL || colon - spec != 2
      || !parse_number (spec, colon, 2, &out->hour)
      || !parse_number (colon + 1, NULL, 2, &out->minute) || strlen (colon + 1) != 2)
    return FALSE;
  out->kind = FERRY_SYNC_FREQUENCY_DAILY;
  return out->hour < 24 && out->minute < 60;
}

gboolean
ferry_sync_frequency_parse (const char         *schedule,
                            FerrySyncFrequency *out_frequency)
{
  FerrySyncFrequency frequency = { FERRY_SYNC_FREQUENCY_MANUAL, 0, 0, 0 };
  gboolean ok;

  g_return_val_if_fail (out_frequency != NULL, FALSE);

  if (schedule == NULL)
    return FALSE;
  if (g_str_equal (schedule, "manual"))
    ok = TRUE;
  else if (g_str_equal (schedule, "hourly"))
    {
      frequency.kind = FERRY_SYNC_FREQUENCY_HOURLY;
      ok = TRUE;
    }
  else if (g_str_has_prefix (schedule, "every:"))
    ok = parse_every (schedule + strlen ("every:"), &frequency);
  else if (g_str_has_prefix (schedule, "daily:"))
    ok = parse_daily (schedule + strlen ("daily:"), &frequency);
  else
    ok = FALSE;

  if (ok)
    *out_frequency = frequency;
  return ok;
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
