/* ferry-timeframe.h: how far back a sync looks, by modification time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_TIMEFRAME_TODAY,
  FERRY_TIMEFRAME_WEEK,
  FERRY_TIMEFRAME_MONTH,
  FERRY_TIMEFRAME_YEAR,
  FERRY_TIMEFRAME_ALL, /* the beginning of time */
} FerryTimeframe;

/* The spellings used in files and on the command line: "today", "week",
 * "month", "year", "all"; NULL-terminated, in enum order. */
const char * const *ferry_timeframe_get_names  (void);
gboolean            ferry_timeframe_from_string (const char     *name,
                                                 FerryTimeframe *out_timeframe);
const char         *ferry_timeframe_to_string   (FerryTimeframe  timeframe);
/* What users see, as in the hh2 client: "Today", "Last week", "Last month",
 * "Last year", "The beginning of time"; translated. */
const char         *ferry_timeframe_get_label   (FerryTimeframe  timeframe);

G_END_DECLS
