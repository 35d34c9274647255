/* ferry-schedule-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-schedule"

#include "config.h"

#include <string.h>

#include "ferry-ledger.h"
#include "ferry-schedule-state.h"

/* Runs looked at for the failures in a row. */
#define HISTORY_RUNS 50

/* Where a back-off counts from: the end of the last run. */
static GDateTime *
backoff_base (const FerryScheduleState *state)
{
  return state->last_end != NULL ? state->last_end : state->last_started;
}

static void
set_time (GDateTime **slot,
          GDateTime  *value)
{
  g_clear_pointer (slot, g_date_time_unref);
  *slot = value != NULL ? g_date_time_ref (value) : NULL;
}

void
ferry_schedule_state_clear (FerryScheduleState *state)
{
  g_return_if_fail (state != NULL);

  g_clear_pointer (&state->last_started, g_date_time_unref);
  g_clear_pointer (&state->last_end, g_date_time_unref);
  g_clear_pointer (&state->last_deep_started, g_date_time_unref);
  g_clear_pointer (&state->first_started, g_date_time_unref);
  state->failures = 0;
}

/* The newest run and the failures in a row since the last that finished:
 * cancelled and interrupted runs neither count nor break the row. */
static void
read_recent_runs (FerryScheduleState *state,
                  GPtrArray          *runs)
{
  for (guint i = 0; i < runs->len; i++)
    {
      const FerryLedgerRun *run = runs->pdata[i];

      if (i == 0)
        {
          set_time (&state->last_started, run->started_at);
          set_time (&state->last_end, run->ended_at != NULL ? run->ended_at : run->started_at);
        }
      if (run->result == FERRY_LEDGER_RESULT_SUCCEEDED
          || run->result == FERRY_LEDGER_RESULT_RECORD_ERRORS)
        break;
      if (run->result == FERRY_LEDGER_RESULT_FAILED)
        state->failures++;
    }
}

gboolean
ferry_schedule_state_read (FerryScheduleState  *out_state,
                           FerryLedger         *ledger,
                           GError             **error)
{
  g_autoptr(GPtrArray) runs = NULL;

  g_return_val_if_fail (out_state != NULL, FALSE);
  g_return_val_if_fail (FERRY_IS_LEDGER (ledger), FALSE);

  memset (out_state, 0, sizeof *out_state);
  runs = ferry_ledger_list_runs (ledger, HISTORY_RUNS, 0, error);
  if (runs == NULL
      || !ferry_ledger_get_run_starts (ledger, &out_state->first_started,
                                       &out_state->last_deep_started, error))
    {
      ferry_schedule_state_clear (out_state);
      return FALSE;
    }
  read_recent_runs (out_state, runs);
  return TRUE;
}

gboolean
ferry_schedule_state_load (FerryScheduleState  *out_state,
                           const char          *ledger_path,
                           GError             **error)
{
  g_autoptr(FerryLedger) ledger = NULL;

  g_return_val_if_fail (out_state != NULL, FALSE);
  g_return_val_if_fail (ledger_path != NULL, FALSE);

  memset (out_state, 0, sizeof *out_state);
  if (!g_file_test (ledger_path, G_FILE_TEST_EXISTS))
    return TRUE;
  ledger = ferry_ledger_open (ledger_path, error);
  return ledger != NULL && ferry_schedule_state_read (out_state, ledger, error);
}

void
ferry_schedule_state_record_start (FerryScheduleState *state,
                                   GDateTime          *started,
                                   gboolean            deep)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (started != NULL);

  set_time (&state->last_started, started);
  set_time (&state->last_end, started);
  if (state->first_started == NULL)
    set_time (&state->first_started, started);
  if (deep)
    set_time (&state->last_deep_started, started);
}

/* The shallow schedule's next run: now for a connection that never ran,
 * NULL for "manual". */
static GDateTime *
next_shallow (const FerryScheduleState *state,
              const FerrySchedule      *schedule,
              GDateTime                *now,
              GTimeZone                *tz,
              gboolean                 *out_backing_off)
{
  if (schedule->kind == FERRY_SCHEDULE_MANUAL)
    return NULL;
  if (state->last_started == NULL)
    return g_date_time_ref (now);
  if (state->failures >= 2)
    return ferry_schedule_next_after_failures (schedule, backoff_base (state), state->failures, tz,
                                               out_backing_off);
  return ferry_schedule_next (schedule, state->last_started, tz);
}

/* The first deep slot that has not had its deep run, or NULL when deep
 * syncs do not apply (yet). */
static GDateTime *
pending_deep_slot (const FerryScheduleState *state,
                   const FerrySchedule      *deep_schedule,
                   GTimeZone                *tz)
{
  GDateTime *base = state->last_deep_started;

  if (deep_schedule->kind == FERRY_SCHEDULE_MANUAL)
    return NULL;
  if (base == NULL)
    base = state->first_started != NULL ? state->first_started : state->last_started;
  if (base == NULL)
    return NULL;
  return ferry_schedule_next (deep_schedule, base, tz);
}

static GDateTime *
earlier_of (GDateTime *a,
            GDateTime *b)
{
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;
  return g_date_time_compare (b, a) < 0 ? b : a;
}

GDateTime *
ferry_schedule_state_next_run (const FerryScheduleState *state,
                               const FerrySchedule      *schedule,
                               const FerrySchedule      *deep_schedule,
                               GDateTime                *now,
                               GTimeZone                *tz,
                               gboolean                 *out_deep,
                               gboolean                 *out_backing_off)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) shallow = NULL;
  g_autoptr(GDateTime) deep_slot = NULL;
  g_autoptr(GDateTime) deep = NULL;
  gboolean shallow_backing_off = FALSE, deep_backing_off = FALSE;
  GDateTime *next, *starts;

  if (out_deep != NULL)
    *out_deep = FALSE;
  if (out_backing_off != NULL)
    *out_backing_off = FALSE;
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (schedule != NULL && deep_schedule != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  shallow = next_shallow (state, schedule, now, tz, &shallow_backing_off);
  deep_slot = pending_deep_slot (state, deep_schedule, tz);
  /* A deep run waits for the back-off too; the slot it got past still
   * makes the run that ends the wait deep. */
  if (deep_slot != NULL && state->failures >= 2)
    deep = ferry_schedule_next_after_failures (deep_schedule, backoff_base (state), state->failures,
                                               tz, &deep_backing_off);
  else if (deep_slot != NULL)
    deep = g_date_time_ref (deep_slot);

  next = earlier_of (shallow, deep);
  if (next == NULL)
    return NULL;
  if (out_backing_off != NULL)
    *out_backing_off = (next == shallow && shallow_backing_off)
                       || (next == deep && deep_backing_off);
  /* A run due now starts now: a deep slot that came by then counts. */
  starts = g_date_time_compare (next, now) < 0 ? now : next;
  if (out_deep != NULL)
    *out_deep = deep_slot != NULL && g_date_time_compare (deep_slot, starts) <= 0;
  return g_date_time_ref (next);
}
