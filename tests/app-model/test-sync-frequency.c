/* test-sync-frequency.c: schedules as text and as combo choices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ferry-connection.h"
#include "ferry-sync-frequency.h"

static void
test_parse (void)
{
  struct {
    const char             *schedule;
    FerrySyncFrequencyKind  kind;
    guint                   every, hour, minute;
  } good[] = {
    { "manual", FERRY_SYNC_FREQUENCY_MANUAL, 0, 0, 0 },
    { "hourly", FERRY_SYNC_FREQUENCY_HOURLY, 0, 0, 0 },
    { "every:5m", FERRY_SYNC_FREQUENCY_MINUTES, 5, 0, 0 },
    { "every:59m", FERRY_SYNC_FREQUENCY_MINUTES, 59, 0, 0 },
    { "every:3h", FERRY_SYNC_FREQUENCY_HOURS, 3, 0, 0 },
    { "every:24h", FERRY_SYNC_FREQUENCY_HOURS, 24, 0, 0 },
    { "daily:02:00", FERRY_SYNC_FREQUENCY_DAILY, 0, 2, 0 },
    { "daily:23:59", FERRY_SYNC_FREQUENCY_DAILY, 0, 23, 59 },
  };
  const char * const bad[] = {
    "", "Hourly", "every:", "every:m", "every:0m", "every:60m", "every:25h", "every:5", "every:5s",
    "every:-5m", "every:123m", "daily:", "daily:2:00", "daily:24:00", "daily:02:60", "daily:02:0",
    "daily:02:000", "daily:0200", "weekly", NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      FerrySyncFrequency frequency;
      g_autofree char *back = NULL;

      g_test_message ("%s", good[i].schedule);
      g_assert_true (ferry_sync_frequency_parse (good[i].schedule, &frequency));
      g_assert_cmpint (frequency.kind, ==, good[i].kind);
      g_assert_cmpuint (frequency.every, ==, good[i].every);
      g_assert_cmpuint (frequency.hour, ==, good[i].hour);
      g_assert_cmpuint (frequency.minute, ==, good[i].minute);
      back = ferry_sync_frequency_to_schedule (&frequency);
      g_assert_cmpstr (back, ==, good[i].schedule);
      /* What the connection accepts. */
      g_assert_true (ferry_connection_check_schedule (back, NULL));
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      FerrySyncFrequency frequency = { FERRY_SYNC_FREQUENCY_HOURS, 7, 0, 0 };

      g_test_message ("%s", bad[i]);
      g_assert_false (ferry_sync_frequency_parse (bad[i], &frequency));
      g_assert_cmpuint (frequency.every, ==, 7);
    }
  g_assert_false (ferry_sync_frequency_parse (NULL, &(FerrySyncFrequency) { 0 }));
}

static void
test_to_schedule_range (void)
{
  FerrySyncFrequency minutes = { FERRY_SYNC_FREQUENCY_MINUTES, 60, 0, 0 };
  FerrySyncFrequency hours = { FERRY_SYNC_FREQUENCY_HOURS, 0, 0, 0 };
  FerrySyncFrequency daily = { FERRY_SYNC_FREQUENCY_DAILY, 0, 24, 0 };
  g_autofree char *leading_zero = NULL;

  g_assert_null (ferry_sync_frequency_to_schedule (&minutes));
  g_assert_null (ferry_sync_frequency_to_schedule (&hours));
  g_assert_null (ferry_sync_frequency_to_schedule (&daily));
  daily.hour = 7;
  daily.minute = 5;
  leading_zero = ferry_sync_frequency_to_schedule (&daily);
  g_assert_cmpstr (leading_zero, ==, "daily:07:05");
}

static void
test_choices (void)
{
  guint n, position = G_MAXUINT;
  const FerrySyncFrequencyChoice *choices = ferry_sync_frequency_get_choices (&n);
  g_auto(GStrv) labels = ferry_sync_frequency_dup_labels ();
  const char * const expected[] = {
    "Manual only", "Every 5 minutes", "Every 15 minutes", "Every 30 minutes", "Every hour",
    "Every few hours", "Daily", NULL,
  };

  g_assert_cmpuint (n, ==, 7);
  g_assert_true (g_strv_equal ((const char * const *) labels, expected));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *schedule = ferry_sync_frequency_to_schedule (&choices[i].frequency);

      /* Every choice's default is a valid schedule that maps back to it. */
      g_assert_nonnull (schedule);
      g_assert_true (ferry_sync_frequency_find_choice (schedule, &position));
      g_assert_cmpuint (position, ==, i);
    }
  g_assert_true (choices[5].has_value);
  g_assert_true (choices[6].has_value);
  g_assert_false (choices[4].has_value);

  /* The default schedule is "Every hour". */
  g_assert_true (ferry_sync_frequency_find_choice (FERRY_CONNECTION_SCHEDULE, &position));
  g_assert_cmpstr (expected[position], ==, "Every hour");
  g_assert_true (ferry_sync_frequency_find_choice ("every:9h", &position));
  g_assert_cmpuint (position, ==, 5);
  g_assert_true (ferry_sync_frequency_find_choice ("daily:18:30", &position));
  g_assert_cmpuint (position, ==, 6);
  position = 42;
  g_assert_false (ferry_sync_frequency_find_choice ("every:7m", &position));
  g_assert_false (ferry_sync_frequency_find_choice ("nonsense", &position));
  g_assert_cmpuint (position, ==, 42);
}

static void
test_describe (void)
{
  const char * const cases[][2] = {
    { "manual", "Manual only" },
    { "hourly", "Every hour" },
    { "every:1m", "Every minute" },
    { "every:15m", "Every 15 minutes" },
    { "every:1h", "Every hour" },
    { "every:3h", "Every 3 hours" },
    { "daily:02:00", "Daily at 02:00" },
    { "fortnightly", "fortnightly" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ferry_sync_frequency_describe (cases[i][0]);

      g_assert_cmpstr (text, ==, cases[i][1]);
    }
}

/* The scheduled deep sync's choices; one set with ferryctl is kept. */
static void
test_deep_choices (void)
{
  g_auto(GStrv) schedules = NULL;
  g_auto(GStrv) labels = ferry_sync_frequency_dup_deep_choices (NULL, &schedules, &(guint) { 0 });
  g_auto(GStrv) custom_schedules = NULL;
  g_auto(GStrv) custom = NULL;
  guint selected = 42;

  g_assert_cmpuint (g_strv_length (labels), ==, 4);
  g_assert_cmpuint (g_strv_length (schedules), ==, 4);
  g_assert_cmpstr (labels[0], ==, "Never");
  g_assert_cmpstr (schedules[0], ==, "manual");
  g_assert_cmpstr (labels[3], ==, "Sundays at 02:00");
  g_assert_cmpstr (schedules[3], ==, "weekly:sun:02:00");
  g_clear_pointer (&labels, g_strfreev);
  g_clear_pointer (&schedules, g_strfreev);
  labels = ferry_sync_frequency_dup_deep_choices ("weekly:sat:02:00", &schedules, &selected);
  g_assert_cmpuint (selected, ==, 2);

  custom = ferry_sync_frequency_dup_deep_choices ("daily:23:15", &custom_schedules, &selected);
  g_assert_cmpuint (g_strv_length (custom), ==, 5);
  g_assert_cmpuint (selected, ==, 4);
  g_assert_cmpstr (custom[4], ==, "Daily at 23:15");
  g_assert_cmpstr (custom_schedules[4], ==, "daily:23:15");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-frequency/parse", test_parse);
  g_test_add_func ("/sync-frequency/to-schedule-range", test_to_schedule_range);
  g_test_add_func ("/sync-frequency/choices", test_choices);
  g_test_add_func ("/sync-frequency/describe", test_describe);
  g_test_add_func ("/sync-frequency/deep-choices", test_deep_choices);

  return g_test_run ();
}
