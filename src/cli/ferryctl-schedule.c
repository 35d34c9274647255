/* ferryctl-schedule.c: `ferryctl schedule CONNECTION`, when automatic syncs run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The connection's schedules in words and its next runs on this computer's
 * wall clock, as the scheduler counts them (ferry_schedule_state_next_run ()):
 * a slot missed while the computer was off or asleep makes one run due now,
 * failures put the next run off, and a deep slot makes a run deep.
 */
#define G_LOG_DOMAIN "ferryctl-schedule"

#include <stdio.h>

#include "ferry-schedule-state.h"
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

/* One of the next automatic runs. */
typedef struct
{
  GDateTime *at;   /* owned */
  gboolean   deep;
} Slot;

static void
slot_clear (Slot *slot)
{
  g_clear_pointer (&slot->at, g_date_time_unref);
}

/* What the ferryctl schedule prints, computed as the scheduler would. */
typedef struct
{
  GArray    *slots;         /* owned: Slot, soonest first; the first is now when due */
  gboolean   due;
  GDateTime *backing_off;   /* owned, nullable: failures put the next run off until then */
  guint      failures;
  gboolean   waits_first;   /* only deep syncs are scheduled and it never ran */
} Outlook;

static void
outlook_clear (Outlook *outlook)
{
  g_clear_pointer (&outlook->slots, g_array_unref);
  g_clear_pointer (&outlook->backing_off, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outlook, outlook_clear)

/* Up to @count runs from @state on, each supposed to go through (so no
 * back-off after the first). */
static void
compute_outlook (FerryScheduleState  *state,
                 const FerrySchedule *schedule,
                 const FerrySchedule *deep_schedule,
                 GDateTime           *now,
                 guint                count,
                 Outlook             *out)
{
  out->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_array_set_clear_func (out->slots, (GDestroyNotify) slot_clear);
  out->failures = state->failures;
  out->waits_first = state->last_started == NULL && schedule->kind == FERRY_SCHEDULE_MANUAL
                     && deep_schedule->kind != FERRY_SCHEDULE_MANUAL;
  while (out->slots->len < count)
    {
      gboolean deep = FALSE, backing_off = FALSE;
      g_autoptr(GDateTime) next = ferry_schedule_state_next_run (state, schedule, deep_schedule,
                                                                 now, NULL, &deep, &backing_off);
      Slot slot;

      if (next == NULL)
        break;
      if (out->slots->len == 0)
        {
          out->due = g_date_time_compare (next, now) <= 0;
          if (backing_off)
            out->backing_off = g_date_time_ref (next);
        }
      slot.at = g_date_time_ref (g_date_time_compare (next, now) < 0 ? now : next);
      slot.deep = deep;
      g_array_append_val (out->slots, slot);
      ferry_schedule_state_record_start (state, slot.at, deep);
      state->failures = 0;
    }
}

static void
print_json (FerryConnection *connection,
            const Outlook   *outlook)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *backing_off = NULL;

  if (outlook->backing_off != NULL)
    backing_off = ferryctl_format_utc (outlook->backing_off);
  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "connection", ferry_connection_get_name (connection));
  ferryctl_json_add_string (builder, "schedule", ferry_connection_get_schedule (connection));
  ferryctl_json_add_string (builder, "deep_schedule",
                            ferry_connection_get_deep_schedule (connection));
  json_builder_set_member_name (builder, "due");
  json_builder_add_boolean_value (builder, outlook->due);
  json_builder_set_member_name (builder, "failures");
  json_builder_add_int_value (builder, outlook->failures);
  ferryctl_json_add_string (builder, "backing_off_until", backing_off);
  json_builder_set_member_name (builder, "next");
  json_builder_begin_array (builder);
  for (guint i = 0; i < outlook->slots->len; i++)
    {
      g_autofree char *when = ferryctl_format_utc (g_array_index (outlook->slots, Slot, i).at);

      json_builder_add_string_value (builder, when);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_runs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < outlook->slots->len; i++)
    {
      const Slot *slot = &g_array_index (outlook->slots, Slot, i);
      g_autofree char *when = ferryctl_format_utc (slot->at);

      json_builder_begin_object (builder);
      ferryctl_json_add_string (builder, "at", when);
      ferryctl_json_add_string (builder, "sync_type", slot->deep ? "deep" : "shallow");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ferryctl_print_json (root);
}

static char *
format_local (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  return g_date_time_format (local, "%a %Y-%m-%d %H:%M %Z");
}

static void
print_slots (const Outlook *outlook)
{
  if (outlook->waits_first)
    printf ("No automatic sync until a first sync is done by hand (ferryctl sync): deep "
            "syncs count from it.\n");
  if (outlook->backing_off != NULL)
    {
      g_autofree char *until = format_local (outlook->backing_off);

      printf ("%u failed runs in a row: backing off until %s.\n", outlook->failures, until);
    }
  if (outlook->slots->len == 0)
    return;
  printf ("Next automatic syncs:\n");
  for (guint i = 0; i < outlook->slots->len; i++)
    {
      const Slot *slot = &g_array_index (outlook->slots, Slot, i);
      g_autofree char *when = format_local (slot->at);
      const char *kind = slot->deep ? "  deep sync" : "";

      if (i == 0 && outlook->due)
        printf ("  now: a slot passed since the last run (or it never ran); one run is due, "
                "however many were missed%s\n", slot->deep ? " — a deep sync" : "");
      else
        printf ("  %s%s\n", when, kind);
    }
}

static void
print_text (FerryConnection      *connection,
            const FerrySchedule  *schedule,
            const FerrySchedule  *deep_schedule,
            const FerryLedgerRun *last,
            const Outlook        *outlook,
            GDateTime            *now)
{
  g_autofree char *words = describe (schedule);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  printf ("“%s” syncs %s (%s; times are local, %s).\n", ferry_connection_get_name (connection),
          words, ferry_connection_get_schedule (connection), g_time_zone_get_identifier (tz));
  if (deep_schedule->kind != FERRY_SCHEDULE_MANUAL)
    {
      g_autofree char *deep_words = describe (deep_schedule);

      printf ("Deep syncs (every record read again, deletions found): %s (%s).\n", deep_words,
              ferry_connection_get_deep_schedule (connection));
    }
  else
    printf ("Deep syncs: manual only (no deep schedule).\n");
  if (last != NULL)
    {
      g_autofree char *when = ferryctl_format_when (last->started_at, now);

      printf ("Last run: %s, %s.\n", when, ferry_ledger_run_result_to_string (last->result));
    }
  else
    printf ("Last run: never.\n");
  print_slots (outlook);
}

/* Both schedules of @connection. */
static gboolean
parse_schedules (FerryConnection  *connection,
                 FerrySchedule    *out_schedule,
                 FerrySchedule    *out_deep_schedule,
                 GError          **error)
{
  if (!ferry_schedule_parse (ferry_connection_get_schedule (connection), out_schedule, error))
    {
      g_prefix_error (error, "“%s”, schedule: ", ferry_connection_get_name (connection));
      return FALSE;
    }
  if (!ferry_schedule_parse (ferry_connection_get_deep_schedule (connection), out_deep_schedule,
                             error))
    {
      g_prefix_error (error, "“%s”, deep schedule: ", ferry_connection_get_name (connection));
      return FALSE;
    }
  return TRUE;
}

gboolean
ferryctl_next_automatic (FerryConnectionStore  *store,
                         FerryConnection       *connection,
                         GDateTime             *now,
                         GDateTime            **out_at,
                         gboolean              *out_deep,
                         gboolean              *out_backing_off,
                         GError               **error)
{
  g_autofree char *ledger = ferry_connection_store_get_ledger_path (store, connection);
  g_auto(FerryScheduleState) state = { NULL, };
  FerrySchedule schedule, deep_schedule;

  *out_at = NULL;
  if (!parse_schedules (connection, &schedule, &deep_schedule, error)
      || !ferry_schedule_state_load (&state, ledger, error))
    return FALSE;
  *out_at = ferry_schedule_state_next_run (&state, &schedule, &deep_schedule, now, NULL, out_deep,
                                           out_backing_off);
  return TRUE;
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
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  g_auto(FerryScheduleState) state = { NULL, };
  g_auto(Outlook) outlook = { NULL, };
  g_autofree char *ledger = NULL;
  FerryConnection *connection;
  FerrySchedule schedule, deep_schedule;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!ferryctl_parse_options (context, &argc, &argv,
                               (const char * const[]) { "CONNECTION", NULL }, &status))
    return status;
  if (count < 1 || count > MAX_COUNT)
    return ferryctl_usage_error ("--count must be a number from 1 to %d", MAX_COUNT);

  connection = ferryctl_open_connection (profile, argv[1], &store, &error);
  if (connection == NULL || !parse_schedules (connection, &schedule, &deep_schedule, &error)
      || !ferryctl_get_last_runs (store, connection, &last, NULL, &error))
    return ferryctl_fail (error);
  ledger = ferry_connection_store_get_ledger_path (store, connection);
  if (!ferry_schedule_state_load (&state, ledger, &error))
    return ferryctl_fail (error);

  compute_outlook (&state, &schedule, &deep_schedule, now, (guint) count, &outlook);
  if (json)
    print_json (connection, &outlook);
  else
    print_text (connection, &schedule, &deep_schedule, last, &outlook, now);
  return FERRYCTL_EXIT_OK;
}
