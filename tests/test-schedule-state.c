/* test-schedule-state.c: when a connection's next automatic run is, and
 * whether it is deep, on fixed times in Europe/Paris
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "ferry-ledger.h"
#include "ferry-schedule-state.h"
#include "schedule-test-util.h"

static GTimeZone *paris;

/* "2026-11-29T02:00" on the Paris wall clock; NULL for NULL. */
static GDateTime *
at (const char *local)
{
  g_autofree char *text = NULL;
  GDateTime *when;

  if (local == NULL)
    return NULL;
  text = g_strconcat (local, ":00", NULL);
  when = g_date_time_new_from_iso8601 (text, paris);
  g_assert_nonnull (when);
  return when;
}

/* A state whose only run (first, last and maybe deep) started at @last. */
static void
state_set (FerryScheduleState *state,
           const char         *first,
           const char         *last,
           const char         *last_end,
           const char         *last_deep,
           guint               failures)
{
  ferry_schedule_state_clear (state);
  state->first_started = at (first);
  state->last_started = at (last);
  state->last_end = at (last_end != NULL ? last_end : last);
  state->last_deep_started = at (last_deep);
  state->failures = failures;
}

/* Asserts the next run, as "2026-11-29T02:00" in Paris or NULL, and its kind. */
static void
assert_next (const FerryScheduleState *state,
             const char               *schedule_text,
             const char               *deep_text,
             const char               *now_local,
             const char               *expected,
             gboolean                  expected_deep,
             gboolean                  expected_backing_off)
{
  FerrySchedule schedule = parse (schedule_text);
  FerrySchedule deep_schedule = parse (deep_text);
  g_autoptr(GDateTime) now = at (now_local);
  g_autoptr(GDateTime) next = NULL;
  gboolean deep = !expected_deep, backing_off = !expected_backing_off;

  next = ferry_schedule_state_next_run (state, &schedule, &deep_schedule, now, paris, &deep,
                                        &backing_off);
  if (expected == NULL)
    {
      g_assert_null (next);
      g_assert_false (deep);
      g_assert_false (backing_off);
      return;
    }
  g_assert_nonnull (next);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (next, paris);
    g_autofree char *got = g_date_time_format (local, "%Y-%m-%dT%H:%M");

    g_assert_cmpstr (got, ==, expected);
  }
  g_assert_cmpint (deep, ==, expected_deep);
  g_assert_cmpint (backing_off, ==, expected_backing_off);
}

/* Nothing scheduled, nothing runs; a connection that never ran runs a
 * shallow sync at once, never a deep one, even with deep slots every minute. */
static void
test_manual_and_first_run (void)
{
  g_auto(FerryScheduleState) state = { NULL, };

  assert_next (&state, "manual", "manual", "2026-11-29T10:00", NULL, FALSE, FALSE);
  assert_next (&state, "hourly", "every:1m", "2026-11-29T10:00", "2026-11-29T10:00", FALSE,
               FALSE);
  assert_next (&state, "hourly", "weekly:sun:02:00", "2026-11-29T10:00", "2026-11-29T10:00",
               FALSE, FALSE);
  /* Only deep syncs scheduled: they count from a first sync done by hand. */
  assert_next (&state, "manual", "weekly:sun:02:00", "2026-11-29T10:00", NULL, FALSE, FALSE);

  /* After that first run the deep slots apply, counted from it. */
  state_set (&state, "2026-11-29T10:00", "2026-11-29T10:00", NULL, NULL, 0);
  assert_next (&state, "manual", "weekly:sun:02:00", "2026-11-29T10:05", "2026-12-06T02:00",
               TRUE, FALSE);
  assert_next (&state, "hourly", "every:1m", "2026-11-29T10:00", "2026-11-29T10:01", TRUE,
               FALSE);
}

/* A deep slot at or before the shallow one makes that run deep; the
 * shallow slots before it stay shallow. */
static void
test_deep_beats_shallow (void)
{
  g_auto(FerryScheduleState) state = { NULL, };

  /* Saturday 23:10, the last deep run a week before. */
  state_set (&state, "2026-11-01T10:00", "2026-11-28T23:10", NULL, "2026-11-22T02:00", 0);
  assert_next (&state, "hourly", "weekly:sun:02:00", "2026-11-28T23:30", "2026-11-29T00:00",
               FALSE, FALSE);
  state_set (&state, "2026-11-01T10:00", "2026-11-29T01:00", NULL, "2026-11-22T02:00", 0);
  /* The same slot: deep. */
  assert_next (&state, "hourly", "weekly:sun:02:00", "2026-11-29T01:30", "2026-11-29T02:00",
               TRUE, FALSE);
  /* The deep slot first: deep, at its time. */
  state_set (&state, "2026-11-01T10:00", "2026-11-29T00:00", NULL, "2026-11-22T02:00", 0);
  assert_next (&state, "every:3h", "weekly:sun:02:00", "2026-11-29T00:30", "2026-11-29T02:00",
               TRUE, FALSE);
  /* Both due (the computer slept through them): one run, deep. */
  assert_next (&state, "hourly", "weekly:sun:02:00", "2026-11-29T09:40", "2026-11-29T01:00",
               TRUE, FALSE);
  /* A deep run by hand on Saturday counts, and Sunday's slot still comes;
   * after it, the next deep slot is a week on. */
  state_set (&state, "2026-11-01T10:00", "2026-11-29T01:00", NULL, "2026-11-28T15:00", 0);
  assert_next (&state, "hourly", "weekly:sun:02:00", "2026-11-29T01:30", "2026-11-29T02:00",
               TRUE, FALSE);
  state_set (&state, "2026-11-01T10:00", "2026-11-29T02:00", NULL, "2026-11-29T02:00", 0);
  assert_next (&state, "hourly", "weekly:sun:02:00", "2026-11-29T02:30", "2026-11-29T03:00",
               FALSE, FALSE);
}

/* With the schedule manual, only the deep syncs run. */
static void
test_deep_only (void)
{
  g_auto(FerryScheduleState) state = { NULL, };
  g_autoptr(GDateTime) ran = at ("2026-11-29T02:00");

  state_set (&state, "2026-11-25T14:00", "2026-11-25T14:00", NULL, NULL, 0);
  assert_next (&state, "manual", "weekly:sun:02:00", "2026-11-26T09:00", "2026-11-29T02:00",
               TRUE, FALSE);
  ferry_schedule_state_record_start (&state, ran, TRUE);
  assert_next (&state, "manual", "weekly:sun:02:00", "2026-11-29T02:05", "2026-12-06T02:00",
               TRUE, FALSE);
  /* A manual shallow sync meanwhile does not move the deep slot. */
  g_clear_pointer (&ran, g_date_time_unref);
  ran = at ("2026-12-02T11:00");
  ferry_schedule_state_record_start (&state, ran, FALSE);
  assert_next (&state, "manual", "weekly:sun:02:00", "2026-12-02T11:05", "2026-12-06T02:00",
               TRUE, FALSE);
}

/* Failures put the run off whichever kind it is; a deep slot that came
 * meanwhile makes the run that ends the wait deep. */
static void
test_backoff_still_deep (void)
{
  g_auto(FerryScheduleState) state = { NULL, };

  /* One failure changes nothing. */
  state_set (&state, "2026-11-01T10:00", "2026-11-29T00:00", "2026-11-29T00:01",
             "2026-11-28T02:00", 1);
  assert_next (&state, "hourly", "daily:02:00", "2026-11-29T00:30", "2026-11-29T01:00", FALSE,
               FALSE);
  /* Eight: four hours from the end of the last, then the first slot. */
  state.failures = 8;
  assert_next (&state, "hourly", "daily:02:00", "2026-11-29T00:30", "2026-11-29T05:00", TRUE,
               TRUE);
  /* Deep only: the deep slot after the wait. */
  assert_next (&state, "manual", "daily:02:00", "2026-11-29T00:30", "2026-11-30T02:00", TRUE,
               TRUE);
  /* Two (five minutes): the 02:00 slot is after the wait; not put off. */
  state_set (&state, "2026-11-01T10:00", "2026-11-29T01:00", "2026-11-29T01:02",
             "2026-11-28T02:00", 2);
  assert_next (&state, "hourly", "daily:02:00", "2026-11-29T01:30", "2026-11-29T02:00", TRUE,
               FALSE);
}

/* However many deep slots were missed, one deep run is due; the next
 * counts from it. */
static void
test_missed_deep_slots (void)
{
  g_auto(FerryScheduleState) state = { NULL, };
  g_autoptr(GDateTime) now = at ("2026-11-29T11:30");

  state_set (&state, "2026-10-01T10:00", "2026-11-29T11:15", NULL, "2026-11-01T02:00", 0);
  assert_next (&state, "hourly", "weekly:sun:02:00", "2026-11-29T11:30", "2026-11-08T02:00",
               TRUE, FALSE);
  ferry_schedule_state_record_start (&state, now, TRUE);
  assert_next (&state, "hourly", "weekly:sun:02:00", "2026-11-29T11:31", "2026-11-29T12:00",
               FALSE, FALSE);
  /* No deep run yet: the first deep slot after the first run. */
  state_set (&state, "2026-10-01T10:00", "2026-11-29T11:15", NULL, NULL, 0);
  assert_next (&state, "manual", "weekly:sun:02:00", "2026-11-29T11:30", "2026-10-04T02:00",
               TRUE, FALSE);
}

/* The clock's changes: a daily deep slot the clock skips runs when it
 * jumps over it, as every slot does. */
static void
test_deep_across_dst (void)
{
  g_auto(FerryScheduleState) state = { NULL, };

  state_set (&state, "2026-03-01T10:00", "2026-03-29T01:00", NULL, "2026-03-28T02:30", 0);
  assert_next (&state, "every:6h", "daily:02:30", "2026-03-29T01:10", "2026-03-29T03:00", TRUE,
               FALSE);
}

/* Runs as a ledger holds them: the oldest, the newest deep one of any
 * result, the newest of all, and the failures in a row since the last
 * that went through (a cancelled one neither counts nor breaks the row). */
static void
test_load (void)
{
  static const struct { FerryLedgerSyncType type; FerryLedgerRunResult result; } runs[] = {
    { FERRY_LEDGER_SYNC_SHALLOW, FERRY_LEDGER_RESULT_FAILED },
    { FERRY_LEDGER_SYNC_SHALLOW, FERRY_LEDGER_RESULT_SUCCEEDED },
    { FERRY_LEDGER_SYNC_DEEP, FERRY_LEDGER_RESULT_FAILED },
    { FERRY_LEDGER_SYNC_SHALLOW, FERRY_LEDGER_RESULT_CANCELLED },
    { FERRY_LEDGER_SYNC_SHALLOW, FERRY_LEDGER_RESULT_FAILED },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-schedule-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_auto(FerryScheduleState) state = { NULL, };
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  const FerryLedgerRun *newest, *deep, *oldest;

  g_assert_no_error (error);
  g_assert_true (ferry_schedule_state_load (&state, path, &error));
  g_assert_no_error (error);
  g_assert_null (state.last_started);
  g_assert_null (state.first_started);
  g_assert_cmpuint (state.failures, ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  ledger = ferry_ledger_open (path, &error);
  g_assert_no_error (error);
  lock = ferry_run_lock_try_acquire (ferry_ledger_get_lock_path (ledger), "Main", "test", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      FerryLedgerRunInfo info = { FERRY_LEDGER_TRIGGER_AUTOMATIC, runs[i].type,
                                  FERRY_LEDGER_DIRECTION_BOTH, "all",
                                  (const char * const[]) { "ar.customer", NULL } };
      gint64 id = ferry_ledger_begin_run (ledger, lock, &info, &error);

      g_assert_no_error (error);
      g_assert_true (ferry_ledger_finish_run (ledger, id, NULL, runs[i].result, NULL, &error));
      g_assert_no_error (error);
      g_usleep (2000);
    }
  stored = ferry_ledger_list_runs (ledger, 10, 0, &error);
  g_assert_no_error (error);
  newest = stored->pdata[0];
  deep = stored->pdata[2];
  oldest = stored->pdata[4];

  g_assert_true (ferry_schedule_state_load (&state, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (state.last_started, newest->started_at));
  g_assert_true (g_date_time_equal (state.last_end, newest->ended_at));
  g_assert_true (g_date_time_equal (state.last_deep_started, deep->started_at));
  g_assert_true (g_date_time_equal (state.first_started, oldest->started_at));
  g_assert_cmpuint (state.failures, ==, 2);

  g_clear_object (&ledger);
  g_clear_object (&lock);
  for (const char * const *suffix = (const char * const[]) { "", "-wal", "-shm", ".lock", NULL };
       *suffix != NULL; suffix++)
    {
      g_autofree char *file = g_strconcat (path, *suffix, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  paris = g_time_zone_new_identifier ("Europe/Paris");
  if (paris == NULL)
    g_error ("The time zone Europe/Paris is not installed (tzdata)");

  g_test_add_func ("/schedule-state/manual-and-first-run", test_manual_and_first_run);
  g_test_add_func ("/schedule-state/deep-beats-shallow", test_deep_beats_shallow);
  g_test_add_func ("/schedule-state/deep-only", test_deep_only);
  g_test_add_func ("/schedule-state/backoff-still-deep", test_backoff_still_deep);
  g_test_add_func ("/schedule-state/missed-deep-slots", test_missed_deep_slots);
  g_test_add_func ("/schedule-state/deep-across-dst", test_deep_across_dst);
  g_test_add_func ("/schedule-state/load", test_load);
  status = g_test_run ();
  g_time_zone_unref (paris);
  return status;
}
