/* ferry-timeframe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-timeframe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-timeframe.h"

static const char * const names[] = { "today", "week", "month", "year", "all", NULL };

const char * const *
ferry_timeframe_get_names (void)
{
  return names;
}

gboolean
ferry_timeframe_from_string (const char     *name,
                             FerryTimeframe *out_timeframe)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_strcmp0 (name, names[i]) == 0)
        {
          *out_timeframe = (FerryTimeframe) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
ferry_timeframe_to_string (FerryTimeframe timeframe)
{
  g_return_val_if_fail (timeframe <= FERRY_TIMEFRAME_ALL, NULL);

  return names[timeframe];
}

const char *
ferry_timeframe_get_label (FerryTimeframe timeframe)
{
  switch (timeframe)
    {
    case FERRY_TIMEFRAME_TODAY:
      return _("Today");
    case FERRY_TIMEFRAME_WEEK:
      return _("Last week");
    case FERRY_TIMEFRAME_MONTH:
      return _("Last month");
    case FERRY_TIMEFRAME_YEAR:
      return _("Last year");
    case FERRY_TIMEFRAME_ALL:
      return _("The beginning of time");
    default:
      g_return_val_if_reached (NULL);
    }
}
