/* test-timeframe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ferry-timeframe.h"

static void
test_round_trip (void)
{
  const char * const *names = ferry_timeframe_get_names ();
  guint n = 0;

  for (; names[n] != NULL; n++)
    {
      FerryTimeframe timeframe;

      g_assert_true (ferry_timeframe_from_string (names[n], &timeframe));
      g_assert_cmpint (timeframe, ==, n);
      g_assert_cmpstr (ferry_timeframe_to_string (timeframe), ==, names[n]);
    }
  g_assert_cmpuint (n, ==, FERRY_TIMEFRAME_ALL + 1);
}

static void
test_unknown (void)
{
  FerryTimeframe timeframe = FERRY_TIMEFRAME_WEEK;

  g_assert_false (ferry_timeframe_from_string ("decade", &timeframe));
  g_assert_false (ferry_timeframe_from_string ("", &timeframe));
  g_assert_false (ferry_timeframe_from_string (NULL, &timeframe));
  g_assert_false (ferry_timeframe_from_string ("ALL", &timeframe));
  g_assert_cmpint (timeframe, ==, FERRY_TIMEFRAME_WEEK);
}

static void
test_labels (void)
{
  /* The words of the hh2 client's Settings dialog. */
  g_assert_cmpstr (ferry_timeframe_get_label (FERRY_TIMEFRAME_TODAY), ==, "Today");
  g_assert_cmpstr (ferry_timeframe_get_label (FERRY_TIMEFRAME_WEEK), ==, "Last week");
  g_assert_cmpstr (ferry_timeframe_get_label (FERRY_TIMEFRAME_MONTH), ==, "Last month");
  g_assert_cmpstr (ferry_timeframe_get_label (FERRY_TIMEFRAME_YEAR), ==, "Last year");
  g_assert_cmpstr (ferry_timeframe_get_label (FERRY_TIMEFRAME_ALL), ==, "The beginning of time");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeframe/round-trip", test_round_trip);
  g_test_add_func ("/timeframe/unknown", test_unknown);
  g_test_add_func ("/timeframe/labels", test_labels);

  return g_test_run ();
}
