/* ferryctl-util.c: what several ferryctl commands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferryctl"

#include "ferryctl-util.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "ferry-catalog.h"
#include "ferry-error.h"
#include "ferry-record-key.h"
#include "ferry-timeframe.h"

/* Prints "PROGRAM: BEFOREMESSAGEAFTER" to stderr. */
static void
print_message (const char *before,
               const char *after,
               const char *format,
               va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  fprintf (stderr, "%s: %s%s%s\n", g_get_prgname (), before, message, after);
}

int
ferryctl_usage_error (const char *format,
                      ...)
{
  va_list args;

  va_start (args, format);
  print_message ("", " (see --help)", format, args);
  va_end (args);
  return FERRYCTL_EXIT_USAGE;
}

void
ferryctl_warn (const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  print_message ("warning: ", "", format, args);
  va_end (args);
}

gboolean
ferryctl_parse_options (GOptionContext     *context,
                        int                *argc,
                        char             ***argv,
                        const char * const *arg_names,
                        int                *out_status)
{
  g_autoptr(GError) error = NULL;
  int wanted = (int) g_strv_length ((GStrv) arg_names);

  if (!g_option_context_parse (context, argc, argv, &error))
    *out_status = ferryctl_usage_error ("%s", error->message);
  else if (*argc - 1 < wanted)
    *out_status = ferryctl_usage_error ("%s is missing", arg_names[*argc - 1]);
  else if (*argc - 1 > wanted)
    *out_status = ferryctl_usage_error ("unexpected argument “%s”", (*argv)[wanted + 1]);
  else
    return TRUE;
  return FALSE;
}

gboolean
ferryctl_parse_profile_json (int                *argc,
                             char             ***argv,
                             const char         *parameter_string,
                             const char * const *arg_names,
                             char              **out_profile,
                             gboolean           *out_json,
                             int                *out_status)
{
  const GOptionEntry entries[] = {
    FERRYCTL_PROFILE_OPTION (out_profile),
    FERRYCTL_JSON_OPTION (out_json),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);

  g_option_context_add_main_entries (context, entries, NULL);
  return ferryctl_parse_options (context, argc, argv, arg_names, out_status);
}

FerryConnectionStore *
ferryctl_open_store (const char  *profile,
                     GError     **error)
{
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (profile);
  g_autoptr(GError) local_error = NULL;

  /* Whatever went wrong, it is the local configuration, not the command
   * line: the message names the file. */
  if (!ferry_connection_store_load (store, &local_error))
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_FAILED, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&store);
}

FerryConnection *
ferryctl_lookup_connection (FerryConnectionStore  *store,
                            const char            *name,
                            GError               **error)
{
  FerryConnection *connection = ferry_connection_store_lookup (store, name);

  if (connection == NULL)
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                 "There is no connection “%s” in %s; `ferryctl connection list` shows "
                 "the connections", name, ferry_connection_store_get_file (store));
  return connection;
}

FerryConnection *
ferryctl_open_connection (const char            *profile,
                          const char            *name,
                          FerryConnectionStore **out_store,
                          GError               **error)
{
  g_autoptr(FerryConnectionStore) store = ferryctl_open_store (profile, error);
  FerryConnection *connection;

  if (store == NULL)
    return NULL;
  connection = ferryctl_lookup_connection (store, name, error);
  if (connection != NULL)
    *out_store = g_steal_pointer (&store);
  return connection;
}

void
ferryctl_print_no_connections (FerryConnectionStore *store)
{
  printf ("No connections in %s; add one with `ferryctl connection add`.\n",
          ferry_connection_store_get_file (store));
}

FerryLedger *
ferryctl_open_ledger (FerryConnectionStore  *store,
                      FerryConnection       *connection,
                      GError               **error)
{
  g_autofree char *path = ferry_connection_store_get_ledger_path (store, connection);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return ferry_ledger_open (path, error);
}

gboolean
ferryctl_get_last_runs (FerryConnectionStore  *store,
                        FerryConnection       *connection,
                        FerryLedgerRun       **out_last,
                        FerryLedgerRun       **out_last_synced,
                        GError               **error)
{
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(GError) local_error = NULL;

  *out_last = NULL;
  if (out_last_synced != NULL)
    *out_last_synced = NULL;

  ledger = ferryctl_open_ledger (store, connection, &local_error);
  if (ledger == NULL)
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!ferry_ledger_get_last_run (ledger, out_last, error))
    return FALSE;
  if (out_last_synced != NULL && !ferry_ledger_get_last_synced_run (ledger, out_last_synced, error))
    {
      g_clear_pointer (out_last, ferry_ledger_run_free);
      return FALSE;
    }
  return TRUE;
}

gboolean
ferryctl_query_running (FerryConnectionStore  *store,
                        FerryConnection       *connection,
                        gboolean              *out_running,
                        FerryRunLockHolder   **out_holder,
                        GError               **error)
{
  g_autofree char *ledger_path = ferry_connection_store_get_ledger_path (store, connection);
  g_autofree char *lock_path = ferry_run_lock_path_for_ledger (ledger_path);

  return ferry_run_lock_query (lock_path, out_running, out_holder, error);
}

char *
ferryctl_format_duration (gint64 milliseconds)
{
  gint64 seconds = milliseconds / 1000;

  if (milliseconds < 0)
    return g_strdup ("–");
  if (milliseconds < 1000)
    return g_strdup_printf ("%d ms", (int) milliseconds);
  if (milliseconds < 60 * 1000)
    return g_strdup_printf ("%.1f s", (double) milliseconds / 1000.0);
  if (seconds < 3600)
    return g_strdup_printf ("%d min %02d s", (int) (seconds / 60), (int) (seconds % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT " h %02d min", seconds / 3600,
                          (int) (seconds % 3600 / 60));
}

char *
ferryctl_format_local (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

/* Calendar days from @earlier to @later in local time. */
static int
local_days_between (GDateTime *earlier,
                    GDateTime *later)
{
  g_autoptr(GDateTime) a = g_date_time_to_local (earlier);
  g_autoptr(GDateTime) b = g_date_time_to_local (later);
  GDate day_a, day_b;
  int y, m, d;

  g_date_time_get_ymd (a, &y, &m, &d);
  g_date_clear (&day_a, 1);
  g_date_set_dmy (&day_a, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  g_date_time_get_ymd (b, &y, &m, &d);
  g_date_clear (&day_b, 1);
  g_date_set_dmy (&day_b, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return g_date_days_between (&day_a, &day_b);
}

static char *
format_ago (GTimeSpan span,
            int       days)
{
  if (span < -60 * G_TIME_SPAN_SECOND)
    return g_strdup ("in the future: check the clock");
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup ("just now");
  if (span < G_TIME_SPAN_HOUR)
    return g_strdup_printf ("%d min ago", (int) (span / G_TIME_SPAN_MINUTE));
  if (span < G_TIME_SPAN_DAY || days < 1)
    return g_strdup_printf ("%d h ago", (int) (span / G_TIME_SPAN_HOUR));
  return g_strdup_printf ("%d day%s ago", days, days == 1 ? "" : "s");
}

char *
ferryctl_format_when (GDateTime *when,
                      GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  int days = local_days_between (when, now);
  g_autofree char *ago = format_ago (g_date_time_difference (now, when), days);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autofree char *date = NULL;

  if (days == 0)
    date = g_strdup ("today");
  else if (days == 1)
    date = g_strdup ("yesterday");
  else
    date = g_date_time_format (local, "%Y-%m-%d");
  return g_strdup_printf ("%s %s (%s)", date, time, ago);
}

char *
ferryctl_format_upcoming (GDateTime *when,
                          GDateTime *now)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  int days = local_days_between (now, when);

  if (days == 0)
    return g_strdup_printf ("today %s", time);
  if (days == 1)
    return g_strdup_printf ("tomorrow %s", time);
  return g_date_time_format (local, "%a %Y-%m-%d %H:%M");
}

const char *
ferryctl_timeframe_label (const char *timeframe)
{
  FerryTimeframe known;

  if (timeframe != NULL && ferry_timeframe_from_string (timeframe, &known))
    return ferry_timeframe_get_label (known);
  return timeframe != NULL ? timeframe : "";
}

char *
ferryctl_format_utc (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *when)
{
  json_builder_set_member_name (builder, member);
  if (when != NULL)
    {
      g_autofree char *text = ferryctl_format_utc (when);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

void
ferryctl_json_add_counts (JsonBuilder             *builder,
                          const FerryLedgerCounts *counts)
{
  const struct { const char *name; guint value; } members[] = {
    { "sent", counts->sent },         { "created", counts->created },
    { "updated", counts->updated },   { "unchanged", counts->unchanged },
    { "deleted", counts->deleted },   { "rejected", counts->rejected },
    { "waiting", counts->waiting },   { "failed", counts->failed },
    { "skipped", counts->skipped },   { "exported", counts->exported },
    { "export_updated", counts->export_updated },
    { "export_failed", counts->export_failed },
  };

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (builder, members[i].name);
      json_builder_add_int_value (builder, members[i].value);
    }
  json_builder_end_object (builder);
}

void
ferryctl_json_add_string (JsonBuilder *builder,
                          const char  *member,
                          const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
ferryctl_run_to_json (const FerryLedgerRun *run)
{
  g_autoptr(JsonBuilder) builder = NULL;

  if (run == NULL)
    return json_node_new (JSON_NODE_NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, run->id);
  ferryctl_json_add_string (builder, "trigger", ferry_ledger_trigger_to_string (run->trigger));
  ferryctl_json_add_string (builder, "sync_type",
                            ferry_ledger_sync_type_to_string (run->sync_type));
  ferryctl_json_add_string (builder, "direction",
                            ferry_ledger_direction_to_string (run->direction));
  ferryctl_json_add_string (builder, "timeframe", run->timeframe);
  json_builder_set_member_name (builder, "entities");
  json_builder_begin_array (builder);
  for (guint i = 0; run->entities != NULL && run->entities[i] != NULL; i++)
    json_builder_add_string_value (builder, run->entities[i]);
  json_builder_end_array (builder);
  ferryctl_json_add_string (builder, "program", run->program);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, run->pid);
  add_time (builder, "started_at", run->started_at);
  add_time (builder, "ended_at", run->ended_at);
  json_builder_set_member_name (builder, "duration_ms");
  if (run->duration_ms >= 0)
    json_builder_add_int_value (builder, run->duration_ms);
  else
    json_builder_add_null_value (builder);
  ferryctl_json_add_string (builder, "result", ferry_ledger_run_result_to_string (run->result));
  ferryctl_json_add_string (builder, "message", run->message);
  ferryctl_json_add_counts (builder, &run->counts);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
ferryctl_entity_label (const char *id)
{
  FerryEntityType *type = ferry_catalog_lookup (ferry_catalog_get_default (), id);

  return type != NULL ? ferry_entity_type_get_label (type) : id;
}

/* 1001/10 for ["1001","10"]. */
static char *
key_display (const char *key_text)
{
  g_auto(GStrv) values = ferry_record_key_from_text (key_text, NULL);

  return values != NULL ? ferry_record_key_display ((const char * const *) values)
                        : g_strdup (key_text);
}

void
ferryctl_print_run_error (const FerryLedgerRunError *run_error)
{
  g_autofree char *key = key_display (run_error->key_text);

  printf ("\n  %s %s", ferryctl_entity_label (run_error->entity), key);
  if (run_error->field != NULL)
    printf (", field %s", run_error->field);
  printf (" — %s: %s\n", run_error->code, run_error->message);
  if (run_error->hint != NULL)
    printf ("      Fix: %s\n", run_error->hint);
}

JsonNode *
ferryctl_run_error_to_json (const FerryLedgerRunError *run_error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "entity", run_error->entity);
  ferryctl_json_add_string (builder, "entity_label", ferryctl_entity_label (run_error->entity));
  ferryctl_json_add_string (builder, "key", run_error->key_text);
  ferryctl_json_add_string (builder, "field", run_error->field);
  ferryctl_json_add_string (builder, "code", run_error->code);
  ferryctl_json_add_string (builder, "message", run_error->message);
  ferryctl_json_add_string (builder, "hint", run_error->hint);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
ferryctl_print_table (GPtrArray *rows)
{
  g_autofree glong *widths = NULL;
  guint n_columns;

  if (rows->len == 0)
    return;
  n_columns = g_strv_length (rows->pdata[0]);
  widths = g_new0 (glong, n_columns);
  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = rows->pdata[r];

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      GStrv row = rows->pdata[r];
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < n_columns)
            for (glong pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      printf ("%s\n", line->str);
    }
}

void
ferryctl_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

typedef struct
{
  FerryctlWorkFunc  func;
  gpointer          data;
  GCancellable     *cancellable; /* owned */
  GMainLoop        *loop;        /* owned */
  GError           *error;       /* owned, nullable */
  gboolean          ok;
} Work;

static gboolean
on_work_done (gpointer user_data)
{
  g_main_loop_quit (((Work *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
work_thread (gpointer user_data)
{
  Work *work = user_data;

  work->ok = work->func (work->data, work->cancellable, &work->error);
  g_idle_add (on_work_done, work);
  return NULL;
}

static gboolean
on_stop_signal (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

gboolean
ferryctl_run_cancellable (const char        *thread_name,
                          FerryctlWorkFunc   func,
                          gpointer           data,
                          GError           **error)
{
  Work work = { func, data, g_cancellable_new (), g_main_loop_new (NULL, FALSE), NULL, FALSE };
  guint sigint = g_unix_signal_add (SIGINT, on_stop_signal, work.cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, on_stop_signal, work.cancellable);
  GThread *thread = g_thread_new (thread_name, work_thread, &work);

  g_main_loop_run (work.loop);
  g_thread_join (thread);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_main_loop_unref (work.loop);
  g_object_unref (work.cancellable);

  if (!work.ok)
    g_propagate_error (error, work.error);
  return work.ok;
}
