/* ferry-sync-frequency.h: how often automatic syncs run, as a connection's
 * schedule text ("hourly", "every:15m", "daily:02:00") and as choices
 * for a combo row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_SYNC_FREQUENCY_MANUAL,  /* "manual": no automatic sync */
  FERRY_SYNC_FREQUENCY_MINUTES, /* "every:15m": every N minutes, N in 1…59 */
  FERRY_SYNC_FREQUENCY_HOURLY,  /* "hourly": at the top of every hour (the default) */
  FERRY_SYNC_FREQUENCY_HOURS,   /* "every:3h": every N hours, N in 1…24 */
  FERRY_SYNC_FREQUENCY_DAILY,   /* "daily:02:00": every day at a local time */
} FerrySyncFrequencyKind;

typedef struct
{
  FerrySyncFrequencyKind kind;
  guint                  every;  /* minutes (MINUTES) or hours (HOURS); 0 otherwise */
  guint                  hour;   /* DAILY: 0…23 */
  guint                  minute; /* DAILY: 0…59 */
} FerrySyncFrequency;

/* One entry of the combo. Choices with a value (every few hours, daily)
 * carry a default the dialog lets the user change with a spin button or a
 * time entry. */
typedef struct
{
  const char         *label;    /* untranslated: pass it to _() or use dup_labels() */
  FerrySyncFrequency  frequency;
  gboolean            has_value;
} FerrySyncFrequencyChoice;

/* Manual only, every 5, 15 and 30 minutes, every hour, every few hours,
 * daily at a time; static, in combo order. */
const FerrySyncFrequencyChoice *ferry_sync_frequency_get_choices (guint *out_n_choices);
/* The translated labels, for gtk_string_list_new ().
 * Returns: (transfer full) */
GStrv    ferry_sync_frequency_dup_labels   (void);
/* The choice a schedule falls under: "every:4h" is "every few hours",
 * "every:15m" is "every 15 minutes". FALSE for a schedule it cannot read
 * or has no choice for (e.g. "every:7m"). */
gboolean ferry_sync_frequency_find_choice  (const char               *schedule,
                                            guint                    *out_position);

/* FALSE for anything but the spellings above. */
gboolean ferry_sync_frequency_parse        (const char               *schedule,
                                            FerrySyncFrequency       *out_frequency);
/* The schedule text; NULL for values out of range. Returns: (transfer full) */
char    *ferry_sync_frequency_to_schedule  (const FerrySyncFrequency *frequency);
/* For the Local Connections list: "Manual only", "Every 15 minutes",
 * "Every hour", "Every 3 hours", "Daily at 02:00"; the text itself when it
 * cannot be read. Returns: (transfer full) */
char    *ferry_sync_frequency_describe     (const char               *schedule);

/* The choices of a connection's scheduled deep sync: never, every night,
 * Saturdays or Sundays at 02:00, as labels (translated) and the schedule
 * text of each; @current (nullable: "manual") is added, as its text,
 * when it is none of them (set with `ferryctl connection set`), so that
 * saving the dialog keeps it. *@out_selected is @current's position.
 * Returns: (transfer full) the labels */
GStrv    ferry_sync_frequency_dup_deep_choices (const char *current,
                                                GStrv      *out_schedules,
                                                guint      *out_selected);

G_END_DECLS
