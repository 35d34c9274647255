/* schedule-test-util.h: what the schedule tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-schedule.h"

G_BEGIN_DECLS

/* @text read by the scheduler's grammar, which must accept it. */
static inline FerrySchedule
parse (const char *text)
{
  FerrySchedule schedule;
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_schedule_parse (text, &schedule, &error));
  g_assert_no_error (error);
  return schedule;
}

G_END_DECLS
