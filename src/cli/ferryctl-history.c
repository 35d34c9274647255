/* ferryctl-history.c: `ferryctl history` and `ferryctl status`, from the ledgers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferryctl-history"

#include <stdio.h>

#include "ferry-error.h"
#include "ferry-scheduler.h"
#include "ferryctl-util.h"

#define DEFAULT_RUN_LIMIT 20

static GStrv
run_row (const FerryLedgerRun *run)
{
  GStrv row = g_new0 (char *, 16);

  row[0] = g_strdup_printf ("%" G_GINT64_FORMAT, run->id);
  row[1] = ferryctl_format_local (run->started_at);
  row[2] = g_strdup (ferry_ledger_trigger_to_string (run->trigger));
  row[3] = g_strdup (ferry_ledger_sync_type_to_string (run->sync_type));
  row[4] = g_strdup (ferryctl_timeframe_label (run->timeframe));
  row[5] = ferryctl_format_duration (run->duration_ms);
  row[6] = g_strdup_printf ("%u", run->counts.sent);
  row[7] = g_strdup_printf ("%u", run->counts.unchanged);
  row[8] = g_strdup_printf ("%u", run->counts.deleted);
  row[9] = g_strdup_printf ("%u", run->counts.rejected);
  row[10] = g_strdup_printf ("%u", run->counts.waiting);
  row[11] = g_strdup_printf ("%u", run->counts.failed);
  row[12] = g_strdup_printf ("%u", run->counts.exported + run->counts.export_updated);
  row[13] = g_strdup_printf ("%u", run->counts.export_failed);
  row[14] = g_strdup (ferry_ledger_run_result_to_string (run->result));
  return row;
}

static void
print_runs (FerryConnection *connection,
            GPtrArray       *runs)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (runs->len == 0)
    {
      printf ("“%s” has not run yet.\n", ferry_connection_get_name (connection));
      return;
    }
  g_ptr_array_add (rows, g_strsplit ("RUN|STARTED|TRIGGER|TYPE|TIMEFRAME|DURATION|SENT|UNCHANGED|"
                                     "DELETED|REJECTED|WAITING|FAILED|EXPORTED|NOT EXPORTED|RESULT", "|", -1));
  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (rows, run_row (runs->pdata[i]));
  ferryctl_print_table (rows);

  for (guint i = 0; i < runs->len; i++)
    {
      const FerryLedgerRun *run = runs->pdata[i];

      if (run->message != NULL)
        printf ("Run %" G_GINT64_FORMAT ": %s\n", run->id, run->message);
    }
  printf ("(times are local; `--errors RUN` lists a run’s record errors)\n");
}

static void
print_runs_json (FerryConnection *connection,
                 GPtrArray       *runs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "connection", ferry_connection_get_name (connection));
  json_builder_set_member_name (builder, "runs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < runs->len; i++)
    json_builder_add_value (builder, ferryctl_run_to_json (runs->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ferryctl_print_json (root);
}

static void
print_errors (FerryConnection      *connection,
              const FerryLedgerRun *run,
              GPtrArray            *errors)
{
  g_autofree char *started = ferryctl_format_local (run->started_at);

  printf ("Run %" G_GINT64_FORMAT " of “%s”: %s %s sync, started %s, %s\n", run->id,
          ferry_connection_get_name (connection), ferry_ledger_trigger_to_string (run->trigger),
          ferry_ledger_sync_type_to_string (run->sync_type), started,
          ferry_ledger_run_result_to_string (run->result));
  if (errors->len == 0)
    {
      printf ("No record errors.\n");
      return;
    }
  printf ("%u record error%s:\n", errors->len, errors->len == 1 ? "" : "s");
  for (guint i = 0; i < errors->len; i++)
    ferryctl_print_run_error (errors->pdata[i]);
}

static void
print_errors_json (FerryConnection      *connection,
                   const FerryLedgerRun *run,
                   GPtrArray            *errors)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "connection", ferry_connection_get_name (connection));
  json_builder_set_member_name (builder, "run");
  json_builder_add_value (builder, ferryctl_run_to_json (run));
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < errors->len; i++)
    json_builder_add_value (builder, ferryctl_run_error_to_json (errors->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ferryctl_print_json (root);
}

/* `--errors RUN`: the per-record errors of one run. */
static int
show_run_errors (FerryConnection *connection,
                 FerryLedger     *ledger,
                 gint64           run_id,
                 guint            limit,
                 gboolean         json)
{
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;

  run = ledger != NULL ? ferry_ledger_get_run (ledger, run_id, &error) : NULL;
  if (run == NULL && (error == NULL || g_error_matches (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND)))
    {
      g_clear_error (&error);
      g_set_error (&error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                   "“%s” has no run %" G_GINT64_FORMAT "; `ferryctl history \"%s\"` "
                   "lists its runs",
                   ferry_connection_get_name (connection), run_id,
                   ferry_connection_get_name (connection));
    }
  if (run != NULL)
    errors = ferry_ledger_list_run_errors (ledger, run_id, limit, 0, &error);
  if (errors == NULL)
    return ferryctl_fail (error);

  if (json)
    print_errors_json (connection, run, errors);
  else
    print_errors (connection, run, errors);
  return FERRYCTL_EXIT_OK;
}

int
ferryctl_history (int    argc,
                  char **argv)
{
  g_autofree char *profile = NULL;
  gboolean json = FALSE;
  int limit = -1;
  gint64 run_id = 0;
  const GOptionEntry entries[] = {
    FERRYCTL_PROFILE_OPTION (&profile),
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      "At most N runs, newest first (default 20), or N errors with --errors (default all)", "N" },
    { "errors", 0, 0, G_OPTION_ARG_INT64, &run_id, "The record errors of run RUN", "RUN" },
    FERRYCTL_JSON_OPTION (&json),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("CONNECTION — the runs of a connection");
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;
  FerryConnection *connection;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!ferryctl_parse_options (context, &argc, &argv,
                               (const char * const[]) { "CONNECTION", NULL }, &status))
    return status;
  if (limit == 0 || limit < -1)
    return ferryctl_usage_error ("--limit must be a number of at least 1");
  if (run_id < 0)
    return ferryctl_usage_error ("--errors needs a run number from `ferryctl history`");

  connection = ferryctl_open_connection (profile, argv[1], &store, &error);
  if (connection == NULL)
    return ferryctl_fail (error);
  ledger = ferryctl_open_ledger (store, connection, &error);
  if (ledger == NULL && error != NULL)
    return ferryctl_fail (error);

  if (run_id > 0)
    return show_run_errors (connection, ledger, run_id, limit > 0 ? (guint) limit : 0, json);

  runs = ledger != NULL
         ? ferry_ledger_list_runs (ledger, limit > 0 ? (guint) limit : DEFAULT_RUN_LIMIT, 0, &error)
         : g_ptr_array_new ();
  if (runs == NULL)
    return ferryctl_fail (error);
  if (json)
    print_runs_json (connection, runs);
  else
    print_runs (connection, runs);
  return FERRYCTL_EXIT_OK;
}

/* What `status` knows about one connection. */
typedef struct
{
  FerryConnection    *connection;  /* borrowed */
  FerryLedgerRun     *last;        /* owned, nullable */
  FerryLedgerRun     *last_synced; /* owned, nullable */
  gboolean            running;
  FerryRunLockHolder *holder;      /* owned, nullable */
  GDateTime          *next;        /* owned, nullable: the next automatic run; none scheduled */
  gboolean            next_deep;
  gboolean            backing_off;
  GError             *error;       /* owned, nullable: the ledger or lock could not be read */
} Status;

static void
status_free (Status *status)
{
  g_clear_pointer (&status->last, ferry_ledger_run_free);
  g_clear_pointer (&status->last_synced, ferry_ledger_run_free);
  g_clear_pointer (&status->holder, ferry_run_lock_holder_free);
  g_clear_pointer (&status->next, g_date_time_unref);
  g_clear_error (&status->error);
  g_free (status);
}

static Status *
status_new (FerryConnectionStore *store,
            FerryConnection      *connection,
            GDateTime            *now)
{
  Status *status = g_new0 (Status, 1);

  status->connection = connection;
  if (ferryctl_query_running (store, connection, &status->running, &status->holder,
                              &status->error)
      && ferryctl_get_last_runs (store, connection, &status->last, &status->last_synced,
                                 &status->error))
    ferryctl_next_automatic (store, connection, now, &status->next, &status->next_deep,
                             &status->backing_off, &status->error);
  if (status->error != NULL)
    ferryctl_warn ("“%s”: %s", ferry_connection_get_name (connection), status->error->message);
  return status;
}

static char *
describe_now (const Status *status)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *since = NULL;

  if (!status->running)
    return g_strdup ("idle");
  if (status->holder == NULL)
    return g_strdup ("syncing");
  local = g_date_time_to_local (status->holder->started_at);
  since = g_date_time_format (local, "%H:%M");
  return g_strdup_printf ("syncing (%s, pid %d, since %s)", status->holder->program,
                          (int) status->holder->pid, since);
}

/* "due now", "15:00", "Sun 02:00 (deep)", "16:00 (backing off)", "off". */
static char *
describe_next (const Status *status,
               GDateTime    *now)
{
  g_autofree char *when = NULL;

  if (status->next == NULL)
    return g_strdup (status->error != NULL ? "unknown" : "off");
  when = g_date_time_compare (status->next, now) <= 0 ? g_strdup ("due now")
                                                      : ferryctl_format_upcoming (status->next, now);
  return g_strdup_printf ("%s%s%s", when, status->next_deep ? " (deep)" : "",
                          status->backing_off ? " (backing off after failures)" : "");
}

static GStrv
status_row (const Status *status,
            GDateTime    *now)
{
  GStrv row = g_new0 (char *, 7);
  const FerryLedgerRun *synced = status->last_synced;

  row[0] = g_strdup (ferry_connection_get_name (status->connection));
  row[1] = synced != NULL ? ferryctl_format_when (synced->started_at, now) : g_strdup ("never");
  row[2] = synced != NULL ? ferryctl_format_duration (synced->duration_ms) : g_strdup ("–");
  if (status->error != NULL)
    row[3] = g_strdup ("unknown (ledger unreadable)");
  else if (status->last != NULL)
    row[3] = g_strdup (ferry_ledger_run_result_to_string (status->last->result));
  else
    row[3] = g_strdup ("never run");
  row[4] = describe_now (status);
  row[5] = describe_next (status, now);
  return row;
}

static void
print_status (GPtrArray            *statuses,
              FerryConnectionStore *store,
              GDateTime            *now)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *program = NULL;
  gboolean scheduled = FALSE;

  ferry_scheduler_query_profile (store, &scheduled, &program);
  if (scheduled)
    printf ("Automatic syncs are run by %s.\n", program != NULL ? program : "another program");
  else
    printf ("Nothing runs the automatic syncs now: start `ferryctl daemon` (or the Ferry app).\n");
  g_ptr_array_add (rows, g_strsplit ("NAME|LAST SYNCED|DURATION|LAST RESULT|NOW|NEXT AUTOMATIC", "|", -1));
  for (guint i = 0; i < statuses->len; i++)
    g_ptr_array_add (rows, status_row (statuses->pdata[i], now));
  ferryctl_print_table (rows);

  for (guint i = 0; i < statuses->len; i++)
    {
      const Status *status = statuses->pdata[i];

      if (status->last != NULL && status->last->message != NULL)
        printf ("%s: %s\n", ferry_connection_get_name (status->connection),
                status->last->message);
    }
}

static void
add_holder (JsonBuilder              *builder,
            const FerryRunLockHolder *holder)
{
  g_autofree char *started = NULL;

  json_builder_set_member_name (builder, "runner");
  if (holder == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  started = ferryctl_format_utc (holder->started_at);
  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "program", holder->program);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, holder->pid);
  ferryctl_json_add_string (builder, "started_at", started);
  json_builder_end_object (builder);
}

static void
add_next (JsonBuilder  *builder,
          const Status *status)
{
  g_autofree char *at = NULL;

  json_builder_set_member_name (builder, "next_automatic");
  if (status->next == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  at = ferryctl_format_utc (status->next);
  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "at", at);
  ferryctl_json_add_string (builder, "sync_type", status->next_deep ? "deep" : "shallow");
  json_builder_set_member_name (builder, "backing_off");
  json_builder_add_boolean_value (builder, status->backing_off);
  json_builder_end_object (builder);
}

static void
print_status_json (GPtrArray            *statuses,
                   FerryConnectionStore *store)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *program = NULL;
  gboolean scheduled = FALSE;

  ferry_scheduler_query_profile (store, &scheduled, &program);
  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "scheduler", scheduled ? (program != NULL ? program : "unknown")
                                                            : NULL);
  json_builder_set_member_name (builder, "connections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < statuses->len; i++)
    {
      const Status *status = statuses->pdata[i];

      json_builder_begin_object (builder);
      ferryctl_json_add_string (builder, "name", ferry_connection_get_name (status->connection));
      ferryctl_json_add_string (builder, "id", ferry_connection_get_id (status->connection));
      json_builder_set_member_name (builder, "running");
      json_builder_add_boolean_value (builder, status->running);
      add_holder (builder, status->holder);
      add_next (builder, status);
      json_builder_set_member_name (builder, "last_synced");
      json_builder_add_value (builder, ferryctl_run_to_json (status->last_synced));
      json_builder_set_member_name (builder, "last_run");
      json_builder_add_value (builder, ferryctl_run_to_json (status->last));
      ferryctl_json_add_string (builder, "error",
                                status->error != NULL ? status->error->message : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ferryctl_print_json (root);
}

int
ferryctl_status (int    argc,
                 char **argv)
{
  g_autofree char *profile = NULL;
  gboolean json = FALSE;
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) status_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GListModel *connections;
  int status = FERRYCTL_EXIT_OK;

  if (!ferryctl_parse_profile_json (&argc, &argv, "— last synced and running syncs",
                                    (const char * const[]) { NULL }, &profile, &json, &status))
    return status;
  store = ferryctl_open_store (profile, &error);
  if (store == NULL)
    return ferryctl_fail (error);

  connections = ferry_connection_store_get_connections (store);
  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(FerryConnection) connection = g_list_model_get_item (connections, i);
      Status *one = status_new (store, connection, now);

      if (one->error != NULL)
        status = FERRYCTL_EXIT_LOCAL;
      g_ptr_array_add (statuses, one);
    }

  if (json)
    print_status_json (statuses, store);
  else if (statuses->len == 0)
    ferryctl_print_no_connections (store);
  else
    print_status (statuses, store, now);
  return status;
}
