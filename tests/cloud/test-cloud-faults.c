/* test-cloud-faults.c: parsing, determinism and rates of injected faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ferry-cloud-faults.h"
#include "ferry-cloud-problem.h"

#define DRAWS 10000

static void
test_off_by_default (void)
{
  g_autoptr(FerryCloudFaults) faults = ferry_cloud_faults_new ();
  g_autofree char *described = ferry_cloud_faults_describe (faults);

  g_assert_false (ferry_cloud_faults_is_enabled (faults));
  g_assert_cmpstr (described, ==, "faults: off");
  g_assert_cmpuint (ferry_cloud_faults_get_latency (faults), ==, 0);
  g_assert_cmpuint (ferry_cloud_faults_get_retry_after (faults), ==, 1);
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpint (ferry_cloud_faults_draw (faults, i % 2), ==, FERRY_CLOUD_FAULT_NONE);
}

static void
test_parse (void)
{
  g_autoptr(FerryCloudFaults) faults = ferry_cloud_faults_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  g_assert_true (ferry_cloud_faults_parse (faults,
                                           "error=0.1,drop=0.05,latency=50,throttle=0.1,retry-after=2,seed=7",
                                           &error));
  g_assert_no_error (error);
  g_assert_true (ferry_cloud_faults_is_enabled (faults));
  g_assert_cmpuint (ferry_cloud_faults_get_latency (faults), ==, 50);
  g_assert_cmpuint (ferry_cloud_faults_get_retry_after (faults), ==, 2);
  described = ferry_cloud_faults_describe (faults);
  g_assert_cmpstr (described, ==,
                   "faults: error 10%, throttle 10% (Retry-After 2 s), drop 5%, latency 50 ms, seed 7");

  /* On top of what is set; spaces and a trailing comma are fine. */
  g_assert_true (ferry_cloud_faults_parse (faults, " error = 0 , drop=0, throttle=0,", &error));
  g_assert_no_error (error);
  g_clear_pointer (&described, g_free);
  described = ferry_cloud_faults_describe (faults);
  g_assert_cmpstr (described, ==, "faults: latency 50 ms, seed 7");

  g_assert_true (ferry_cloud_faults_parse (faults, "latency=0", &error));
  g_assert_false (ferry_cloud_faults_is_enabled (faults));

  /* Rates that add up to exactly 1 in decimal are fine. */
  g_assert_true (ferry_cloud_faults_parse (faults, "error=0.7,throttle=0.2,drop=0.1", &error));
  g_assert_no_error (error);

  g_assert_true (ferry_cloud_faults_parse (faults, "", &error));
  g_assert_no_error (error);
}

static void
test_parse_errors (void)
{
  static const struct
  {
    const char *spec;
    const char *named; /* the message names the bad part */
  } bad[] = {
    { "error=1.5", "error=1.5" },
    { "error=-0.1", "error=-0.1" },
    { "drop=lots", "drop=lots" },
    { "throttle=", "throttle=" },
    { "error=0.1x", "error=0.1x" },
    { "error=nan", "error=nan" },
    { "latency=-5", "latency=-5" },
    { "latency=1000000", "latency=1000000" },
    { "retry-after=1.5", "retry-after=1.5" },
    { "seed=seven", "seed=seven" },
    { "seed=18446744073709551616", "seed=18446744073709551616" },
    { "chaos=0.5", "chaos" },
    { "error", "error" },
    { "error=0.6,drop=0.3,throttle=0.2", "1.1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(FerryCloudFaults) faults = ferry_cloud_faults_new ();
      g_autoptr(GError) error = NULL;

      g_test_message ("spec “%s”", bad[i].spec);
      g_assert_false (ferry_cloud_faults_parse (faults, bad[i].spec, &error));
      g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST);
      g_assert_nonnull (strstr (error->message, bad[i].named));
    }
}

static void
test_parse_all_or_nothing (void)
{
  g_autoptr(FerryCloudFaults) faults = ferry_cloud_faults_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ferry_cloud_faults_parse (faults, "latency=50,error=2", &error));
  g_assert_nonnull (error);
  g_assert_false (ferry_cloud_faults_is_enabled (faults));
  g_assert_cmpuint (ferry_cloud_faults_get_latency (faults), ==, 0);
}

/* Fills @out with DRAWS faults, mutating on every third request. */
static void
draw_sequence (FerryCloudFaults *faults,
               FerryCloudFault  *out)
{
  for (guint i = 0; i < DRAWS; i++)
    out[i] = ferry_cloud_faults_draw (faults, i % 3 == 0);
}

static void
test_deterministic (void)
{
  g_autoptr(FerryCloudFaults) a = ferry_cloud_faults_new ();
  g_autoptr(FerryCloudFaults) b = ferry_cloud_faults_new ();
  g_autoptr(FerryCloudFaults) c = ferry_cloud_faults_new ();
  g_autofree FerryCloudFault *first = g_new (FerryCloudFault, DRAWS);
  g_autofree FerryCloudFault *second = g_new (FerryCloudFault, DRAWS);
  g_autofree FerryCloudFault *other = g_new (FerryCloudFault, DRAWS);
  const char *spec = "error=0.1,throttle=0.1,drop=0.2,seed=7";
  guint differences = 0;

  g_assert_true (ferry_cloud_faults_parse (a, spec, NULL));
  /* The setters give the same stream as the spec. */
  ferry_cloud_faults_set_error_rate (b, 0.1);
  ferry_cloud_faults_set_throttle_rate (b, 0.1);
  ferry_cloud_faults_set_drop_rate (b, 0.2);
  ferry_cloud_faults_set_seed (b, 7);
  g_assert_true (ferry_cloud_faults_parse (c, "error=0.1,throttle=0.1,drop=0.2,seed=8", NULL));

  draw_sequence (a, first);
  draw_sequence (b, second);
  draw_sequence (c, other);
  g_assert_cmpmem (first, DRAWS * sizeof *first, second, DRAWS * sizeof *second);
  for (guint i = 0; i < DRAWS; i++)
    differences += first[i] != other[i];
  g_assert_cmpuint (differences, >, DRAWS / 10);

  /* Setting the seed again starts the stream again. */
  ferry_cloud_faults_set_seed (a, 7);
  draw_sequence (a, second);
  g_assert_cmpmem (first, DRAWS * sizeof *first, second, DRAWS * sizeof *second);
}

static void
assert_about (guint  count,
              double rate)
{
  double expected = rate * DRAWS;
  /* Five standard deviations of a binomial: fails about once in 3.5 million. */
  double slack = 5.0 * sqrt (DRAWS * rate * (1.0 - rate)) + 1.0;

  g_test_message ("%u, expected %.0f +- %.0f", count, expected, slack);
  g_assert_cmpfloat (fabs (count - expected), <=, slack);
}

static void
test_rates (void)
{
  g_autoptr(FerryCloudFaults) faults = ferry_cloud_faults_new ();
  guint counts[FERRY_CLOUD_FAULT_DROP + 1] = { 0 };

  g_assert_true (ferry_cloud_faults_parse (faults, "error=0.1,throttle=0.05,drop=0.2,seed=42", NULL));
  for (guint i = 0; i < DRAWS; i++)
    counts[ferry_cloud_faults_draw (faults, TRUE)]++;
  assert_about (counts[FERRY_CLOUD_FAULT_ERROR], 0.1);
  assert_about (counts[FERRY_CLOUD_FAULT_THROTTLE], 0.05);
  assert_about (counts[FERRY_CLOUD_FAULT_DROP], 0.2);
  assert_about (counts[FERRY_CLOUD_FAULT_NONE], 0.65);
}

static void
test_drop_only_mutating (void)
{
  g_autoptr(FerryCloudFaults) faults = ferry_cloud_faults_new ();
  guint counts[FERRY_CLOUD_FAULT_DROP + 1] = { 0 };

  ferry_cloud_faults_set_drop_rate (faults, 1.0);
  for (guint i = 0; i < DRAWS; i++)
    g_assert_cmpint (ferry_cloud_faults_draw (faults, FALSE), ==, FERRY_CLOUD_FAULT_NONE);
  for (guint i = 0; i < 100; i++)
    g_assert_cmpint (ferry_cloud_faults_draw (faults, TRUE), ==, FERRY_CLOUD_FAULT_DROP);

  /* Reads see the other faults at their own rates. */
  ferry_cloud_faults_set_drop_rate (faults, 0.5);
  ferry_cloud_faults_set_error_rate (faults, 0.2);
  for (guint i = 0; i < DRAWS; i++)
    counts[ferry_cloud_faults_draw (faults, FALSE)]++;
  g_assert_cmpuint (counts[FERRY_CLOUD_FAULT_DROP], ==, 0);
  assert_about (counts[FERRY_CLOUD_FAULT_ERROR], 0.2);
}

static void
test_to_string (void)
{
  g_assert_cmpstr (ferry_cloud_fault_to_string (FERRY_CLOUD_FAULT_NONE), ==, "none");
  g_assert_cmpstr (ferry_cloud_fault_to_string (FERRY_CLOUD_FAULT_ERROR), ==, "error");
  g_assert_cmpstr (ferry_cloud_fault_to_string (FERRY_CLOUD_FAULT_THROTTLE), ==, "throttle");
  g_assert_cmpstr (ferry_cloud_fault_to_string (FERRY_CLOUD_FAULT_DROP), ==, "drop");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cloud/faults/off-by-default", test_off_by_default);
  g_test_add_func ("/cloud/faults/parse", test_parse);
  g_test_add_func ("/cloud/faults/parse-errors", test_parse_errors);
  g_test_add_func ("/cloud/faults/parse-all-or-nothing", test_parse_all_or_nothing);
  g_test_add_func ("/cloud/faults/deterministic", test_deterministic);
  g_test_add_func ("/cloud/faults/rates", test_rates);
  g_test_add_func ("/cloud/faults/drop-only-mutating", test_drop_only_mutating);
  g_test_add_func ("/cloud/faults/to-string", test_to_string);

  return g_test_run ();
}
