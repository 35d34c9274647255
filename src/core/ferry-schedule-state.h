/* ferry-schedule-state.h: when a connection's next automatic run is, and
 * whether it is deep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one computation the scheduler, `ferryctl schedule` and the app share,
 * so they always agree. A connection has two schedules (ferry-schedule.h):
 * its schedule, for shallow syncs, and its deep schedule ("manual" by
 * default, e.g. "weekly:sun:02:00"). Both count from the connection's runs
 * as its ledger shows them (FerryScheduleState), whoever started them:
 *
 *  - Shallow: a connection that never ran is due at once; otherwise the
 *    first slot after the last run of any kind. However many slots were
 *    missed, one run is due.
 *  - Deep: the first deep slot after the last deep run (any trigger, any
 *    result); with no deep run yet, the first deep slot after the first
 *    run. A connection that never ran gets no deep run: its first run is
 *    shallow and sends everything anyway. Missed deep slots make one run.
 *  - One run does both jobs: when a deep slot has come by the time the run
 *    starts (it is at or before the shallow slot, or both are past), the
 *    run is deep, and the next shallow slot counts from it. With the
 *    schedule "manual" only the deep syncs run, once a first sync was
 *    done by hand.
 *  - After two failed runs in a row or more, the run waits
 *    (ferry_schedule_next_after_failures ()) whichever kind it is; if a
 *    deep slot came meanwhile, it is deep.
 */
#pragma once

#include <glib-object.h>

#include "ferry-ledger.h"
#include "ferry-schedule.h"

G_BEGIN_DECLS

typedef struct
{
  GDateTime *last_started;      /* owned, nullable: the newest run of any kind (manual, automatic, shallow, deep) */
  GDateTime *last_end;          /* owned, nullable: its end (its start if it has none) */
  GDateTime *last_deep_started; /* owned, nullable: the newest deep run's start */
  GDateTime *first_started;     /* owned, nullable: the oldest run's start the ledger shows */
  guint      failures;          /* failed runs in a row, newest first, up to the last that finished */
} FerryScheduleState;

/* Reads the connection's ledger at @ledger_path; a ledger file that does
 * not exist is an empty state and TRUE. On error *@out_state is empty. */
gboolean   ferry_schedule_state_load         (FerryScheduleState       *out_state,
                                              const char               *ledger_path,
                                              GError                  **error);
/* The same from a ledger already open. */
gboolean   ferry_schedule_state_read         (FerryScheduleState       *out_state,
                                              FerryLedger              *ledger,
                                              GError                  **error);
void       ferry_schedule_state_clear        (FerryScheduleState       *state);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FerryScheduleState, ferry_schedule_state_clear)

/* What a run that started at @started changes: it is the last run (its
 * end is @started until told otherwise), the first if there was none,
 * and the last deep one if @deep. Failures are the caller's to count. */
void       ferry_schedule_state_record_start (FerryScheduleState       *state,
                                              GDateTime                *started,
                                              gboolean                  deep);

/* The time of the connection's next automatic run (at or before @now means
 * due now), or NULL when there is none: both schedules manual, or only
 * the deep one set and no run yet. *@out_deep: that run is a deep sync.
 * *@out_backing_off: failures put it off. (both nullable)
 * @deep_schedule may be manual; @tz nullable: local time. Pure: the same
 * arguments give the same answer. Returns: (transfer full) (nullable) */
GDateTime *ferry_schedule_state_next_run     (const FerryScheduleState *state,
                                              const FerrySchedule      *schedule,
                                              const FerrySchedule      *deep_schedule,
                                              GDateTime                *now,
                                              GTimeZone                *tz,
                                              gboolean                 *out_deep,
                                              gboolean                 *out_backing_off);

G_END_DECLS
