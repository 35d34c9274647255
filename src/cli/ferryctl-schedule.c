/* ferryctl-schedule.c: `ferryctl schedule CONNECTION`, when automatic syncs run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection's schedule in words and its next slots on this computer's
 * wall clock, counted from the last run as an automatic run would: a slot
 * missed while the computer was off or asleep makes one run due now.
 */
#define G_LOG_DOMAIN "ferryctl-schedule"

#include <stdio.h>

#include "ferry-schedule.h"
#include "ferryctl-util.h"

#define DEFAULT_COUNT 5
#define MAX_COUNT 100

/* "every hour, at minute 0" for people. */
static char *
describe (const FerrySchedule *schedule)
{
  static const char * const days[] = { NULL, "Monday", "Tuesday", "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday" };
  g_autoptr(GString) on = NULL;

  switch (schedule->kind)
    {
    case FERRY_SCHEDULE_MINUTES:
      return g_strdup_printf ("every %u minute%s", schedule->every, schedule->every == 1 ? "" : "s");
    case FERRY_SCHEDULE_HOURS:
      return schedule->every == 1 ? g_strdup ("every hour, at minute 0")
                                  : g_strdup_printf ("every %u hours, at minute 0", schedule->every);
    case FERRY_SCHEDULE_DAILY:
      return g_strdup_printf ("every day at %02u:%02u", schedule->hour, schedule->minute);
    case FERRY_SCHEDULE_WEEKLY:
      on = g_string_new (NULL);
      for (guint day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
        {
          if ((schedule->weekdays & (1u << day)) != 0)
            g_string_append_printf (on, "%s%s", on->len > 0 ? ", " : "", days[day]);
        }
      return g_strdup_printf ("every %s at %02u:%02u", on->str, schedule->hour, schedule->minute);
    case FERRY_SCHEDULE_MANUAL:
    default:
      return g_strdup ("manual only: no automatic sync");
    }
}

/* Up to @count slots; the first is now when a run is due. */
static GPtrArray *
next_slots (const FerrySchedule *schedule,
            GDateTime           *last,
            GDateTime           *now,
            guint                count,
            gboolean            *out_due)
{
  GPtrArray *slots = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  g_autoptr(GDateTime) after = g_date_time_ref (now);

  *out_due = ferry_schedule_is_due (schedule, last, now, NULL);
  if (*out_due)
    g_ptr_array_add (slots, g_date_time_ref (now));
  while (slots->len < count)
    {
      GDateTime *next = ferry_schedule_next (schedule, after, NULL);

      if (next == NULL)
        break;
      g_ptr_array_add (slots, next);
      g_clear_pointer (&after, g_date_time_unref);
      after = g_date_time_ref (next);
    }
  return slots;
}

static void
print_json (FerryConnection *connection,
            const char      *text,
            GPtrArray       *slots,
            gboolean         due)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "connection", ferry_connection_get_name (connection));
  ferryctl_json_add_string (builder, "schedule", text);
  json_builder_set_member_name (builder, "due");
  json_builder_add_boolean_value (builder, due);
  json_builder_set_member_name (builder, "next");
  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    {
      g_autofree char *when = ferryctl_format_utc (slots->pdata[i]);

      json_builder_add_string_value (builder, when);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ferryctl_print_json (root);
}

static void
print_text (FerryConnection     *connection,
            const FerrySchedule *schedule,
            const FerryLedgerRun *last,
            GPtrArray           *slots,
            gboolean             due,
            GDateTime           *now)
{
  g_autofree char *words = describe (schedule);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  printf ("“%s” syncs %s (%s; times are local, %s).\n", ferry_connection_get_name (connection),
          words, ferry_connection_get_schedule (connection), g_time_zone_get_identifier (tz));
  if (last != NULL)
    {
      g_autofree char *when = ferryctl_format_when (last->started_at, now);

      printf ("Last run: %s, %s.\n", when, ferry_ledger_run_result_to_string (last->result));
    }
  else
    printf ("Last run: never.\n");
  if (slots->len == 0)
    return;
  printf ("Next automatic syncs:\n");
  for (guint i = 0; i < slots->len; i++)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (slots->pdata[i]);
      g_autofree char *when = g_date_time_format (local, "%a %Y-%m-%d %H:%M %Z");

      if (i == 0 && due)
        printf ("  now: a slot passed since the last run (or it never ran); one run is due, "
                "however many were missed\n");
      else
        printf ("  %s\n", when);
    }
}

int
ferryctl_schedule (int    argc,
                   char **argv)
{
  g_autofree char *profile = NULL;
  gboolean json = FALSE;
  int count = DEFAULT_COUNT;
  const GOptionEntry entries[] = {
    FERRYCTL_PROFILE_OPTION (&profile),
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "How many of the next runs to list (default 5)", "N" },
    FERRYCTL_JSON_OPTION (&json),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("CONNECTION — when automatic syncs run");
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(FerryLedgerRun) last = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  FerryConnection *connection;
  FerrySchedule schedule;
  gboolean due;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!ferryctl_parse_options (context, &argc, &argv,
                               (const char * const[]) { "CONNECTION", NULL }, &status))
    return status;
  if (count < 1 || count > MAX_COUNT)
    return ferryctl_usage_error ("--count must be a number from 1 to %d", MAX_COUNT);

  connection = ferryctl_open_connection (profile, argv[1], &store, &error);
  if (connection == NULL
      || !ferry_schedule_parse (ferry_connection_get_schedule (connection), &schedule, &error)
      || !ferryctl_get_last_runs (store, connection, &last, NULL, &error))
    return ferryctl_fail (error);

  slots = next_slots (&schedule, last != NULL ? last->started_at : NULL, now, (guint) count, &due);
  if (json)
    print_json (connection, ferry_connection_get_schedule (connection), slots, due);
  else
    print_text (connection, &schedule, last, slots, due, now);
  return FERRYCTL_EXIT_OK;
}
