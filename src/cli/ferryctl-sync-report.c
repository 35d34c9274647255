/* ferryctl-sync-report.c: the progress bar, summary and JSON of `ferryctl sync`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferryctl-sync"

#include "ferryctl-sync-report.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define BAR_WIDTH       20
#define DEFAULT_COLUMNS 80

/* Progress bar */

struct _FerryctlSyncProgress
{
  FerrySyncJob *job;     /* owned */
  gulong        handler;
  guint         idle_id;
  gboolean      drawn;
};

static int
terminal_columns (void)
{
  struct winsize size;

  if (ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10)
    return size.ws_col;
  return DEFAULT_COLUMNS;
}

/* "Customer  4200/10000" while pushing; what the run does otherwise. */
static char *
describe_step (FerrySyncJob *job)
{
  const char *label = ferry_sync_job_get_entity_label (job);

  switch (ferry_sync_job_get_phase (job))
    {
    case FERRY_SYNC_PHASE_PUSHING:
      return g_strdup_printf ("%s  %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                              label != NULL ? label : "Reading",
                              ferry_sync_job_get_done (job), ferry_sync_job_get_total (job));
    case FERRY_SYNC_PHASE_RECONCILING:
      return g_strdup ("Comparing with the cloud");
    case FERRY_SYNC_PHASE_EXPORTING:
      return g_strdup_printf ("Exporting %s", label != NULL ? label : "");
    case FERRY_SYNC_PHASE_FINISHING:
    case FERRY_SYNC_PHASE_DONE:
      return g_strdup ("Finishing");
    case FERRY_SYNC_PHASE_IDLE:
    case FERRY_SYNC_PHASE_PREPARING:
    default:
      return g_strdup ("Preparing (logging in, counting records)");
    }
}

/* "[#######.............]  35%  Customer  3500/10000  sent 3400 · rejected 1",
 * cut to @columns. */
static char *
format_line (FerrySyncJob *job,
             int           columns)
{
  g_autoptr(GString) line = g_string_new ("[");
  g_autofree char *step = describe_step (job);
  double fraction = ferry_sync_job_get_fraction (job);
  int filled = (int) (fraction * BAR_WIDTH);
  FerryLedgerCounts counts;

  ferry_sync_job_get_counts (job, &counts);
  for (int i = 0; i < BAR_WIDTH; i++)
    g_string_append_c (line, i < filled ? '#' : '.');
  g_string_append_printf (line, "] %3d%%  %s  sent %u", (int) (fraction * 100), step,
                          counts.sent);
  if (counts.skipped > 0)
    g_string_append_printf (line, " · unchanged %u", counts.skipped + counts.unchanged);
  if (counts.rejected + counts.waiting > 0)
    g_string_append_printf (line, " · rejected %u · waiting %u", counts.rejected, counts.waiting);
  if (counts.failed > 0)
    g_string_append_printf (line, " · failed %u", counts.failed);
  if (counts.exported + counts.export_updated + counts.export_failed > 0)
    g_string_append_printf (line, " · exported %u", counts.exported + counts.export_updated);
  if (counts.export_failed > 0)
    g_string_append_printf (line, " · not exported %u", counts.export_failed);

  if (g_utf8_strlen (line->str, -1) >= columns)
    {
      char *cut = g_utf8_substring (line->str, 0, columns - 2);
      char *ended = g_strconcat (cut, "…", NULL);

      g_free (cut);
      return ended;
    }
  return g_strdup (line->str);
}

static gboolean
redraw_cb (gpointer data)
{
  FerryctlSyncProgress *self = data;
  g_autofree char *line = format_line (self->job, terminal_columns ());

  self->idle_id = 0;
  /* Carriage return and "erase to the end of the line". */
  printf ("\r%s\033[K", line);
  fflush (stdout);
  self->drawn = TRUE;
  return G_SOURCE_REMOVE;
}

static void
on_job_notify (GObject    *object,
               GParamSpec *pspec,
               gpointer    data)
{
  FerryctlSyncProgress *self = data;

  /* A change notifies several properties at once: one redraw for all. */
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (redraw_cb, self);
}

FerryctlSyncProgress *
ferryctl_sync_progress_new (FerrySyncJob *job)
{
  FerryctlSyncProgress *self = g_new0 (FerryctlSyncProgress, 1);

  self->job = g_object_ref (job);
  self->handler = g_signal_connect (job, "notify", G_CALLBACK (on_job_notify), self);
  return self;
}

void
ferryctl_sync_progress_free (FerryctlSyncProgress *self)
{
  g_clear_signal_handler (&self->handler, self->job);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->drawn)
    {
      printf ("\r\033[K");
      fflush (stdout);
    }
  g_object_unref (self->job);
  g_free (self);
}

/* Outcome */

void
ferryctl_sync_outcome_clear (FerryctlSyncOutcome *outcome)
{
  g_clear_pointer (&outcome->entities, g_strfreev);
  g_clear_error (&outcome->error);
  g_clear_pointer (&outcome->run, ferry_ledger_run_free);
  g_clear_pointer (&outcome->errors, g_ptr_array_unref);
}

const char *
ferryctl_sync_outcome_get_result (const FerryctlSyncOutcome *outcome)
{
  if (outcome->status == FERRYCTL_EXIT_BUSY)
    return "busy";
  if (outcome->result == NULL)
    return ferry_ledger_run_result_to_string (FERRY_LEDGER_RESULT_FAILED);
  return ferry_ledger_run_result_to_string (outcome->result->result);
}

/* Summary */

/* "Deep sync", "Dry run of a shallow sync". */
static const char *
describe_run (const FerrySyncOptions *options)
{
  gboolean deep = ferry_sync_options_get_sync_type (options) == FERRY_LEDGER_SYNC_DEEP;

  if (ferry_sync_options_get_dry_run (options))
    return deep ? "Dry run of a deep sync" : "Dry run of a shallow sync";
  return deep ? "Deep sync" : "Shallow sync";
}

static gboolean
is_empty (const FerryLedgerCounts *counts)
{
  static const FerryLedgerCounts none = { 0, };

  return memcmp (counts, &none, sizeof none) == 0;
}

static void
print_push_counts (const FerrySyncResult *result)
{
  const FerryLedgerCounts *c = &result->counts;

  if (result->dry_run)
    printf ("Would send %u record%s; %u the cloud already holds as they are. Nothing was sent.\n",
            c->sent, c->sent == 1 ? "" : "s", c->skipped);
  else
    printf ("Sent %u record%s: %u created, %u updated, %u unchanged, %u deleted, %u rejected.\n"
            "Skipped %u record%s the cloud already holds as they are.\n",
            c->sent, c->sent == 1 ? "" : "s", c->created, c->updated, c->unchanged, c->deleted,
            c->rejected, c->skipped, c->skipped == 1 ? "" : "s");
  if (c->waiting + c->failed > 0)
    printf ("Held back: %u waiting for a rejected record they depend on, %u failed.\n",
            c->waiting, c->failed);
}

/* Whether the run's plan has export types, and its direction pushes. */
static void
plan_directions (const FerryctlSyncOutcome *outcome,
                 gboolean                  *out_push,
                 gboolean                  *out_export)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (outcome->connection);

  *out_push = *out_export = FALSE;
  for (guint i = 0; outcome->entities != NULL && outcome->entities[i] != NULL; i++)
    {
      FerryEntityType *type = ferry_catalog_lookup (catalog, outcome->entities[i]);

      if (type != NULL && ferry_entity_type_is_export (type))
        *out_export = TRUE;
      else
        *out_push = TRUE;
    }
}

static void
print_counts (const FerryctlSyncOutcome *outcome)
{
  const FerrySyncResult *result = outcome->result;
  const FerryLedgerCounts *c = &result->counts;
  guint exported = c->exported + c->export_updated;
  gboolean push, export;

  plan_directions (outcome, &push, &export);
  if (push)
    print_push_counts (result);
  if (export)
    printf ("Exported %u item%s from the cloud into the accounting database: %u new, %u "
            "updated, %u not written.\n", exported, exported == 1 ? "" : "s", c->exported,
            c->export_updated, c->export_failed);
  if (result->retries > 0)
    printf ("Repeated %u request%s after failures worth retrying.\n", result->retries,
            result->retries == 1 ? "" : "s");
}

static void
print_errors (const FerryctlSyncOutcome *outcome)
{
  const char *name = ferry_connection_get_name (outcome->connection);
  guint shown = outcome->errors != NULL ? outcome->errors->len : 0;

  if (outcome->n_errors == 0)
    return;
  printf ("\n%u record error%s:\n", outcome->n_errors, outcome->n_errors == 1 ? "" : "s");
  for (guint i = 0; i < shown; i++)
    ferryctl_print_run_error (outcome->errors->pdata[i]);
  if (outcome->n_errors > shown)
    printf ("\n… and %u more: `ferryctl history \"%s\" --errors %" G_GINT64_FORMAT "` lists "
            "them all.\n", outcome->n_errors - shown, name, outcome->result->run_id);
}

void
ferryctl_sync_print_summary (const FerryctlSyncOutcome *outcome)
{
  const FerrySyncResult *result = outcome->result;
  const char *name = ferry_connection_get_name (outcome->connection);
  g_autofree char *duration = NULL;
  g_autofree char *run = NULL;

  /* A run refused before it began has nothing to sum up. */
  if (result == NULL || (result->run_id == 0 && !result->dry_run)
      || outcome->status == FERRYCTL_EXIT_BUSY)
    return;

  duration = ferryctl_format_duration (result->duration_ms);
  run = result->run_id > 0 ? g_strdup_printf (", run %" G_GINT64_FORMAT, result->run_id)
                           : g_strdup ("");
  printf ("%s of “%s” (%s%s): %s in %s.\n", describe_run (outcome->options), name,
          ferryctl_timeframe_label (ferry_sync_options_get_timeframe_text (outcome->options)),
          run, ferryctl_sync_outcome_get_result (outcome), duration);
  /* A run that failed before it sent anything has nothing to count. */
  if (!is_empty (&result->counts) || result->result == FERRY_LEDGER_RESULT_SUCCEEDED)
    print_counts (outcome);
  /* A failure's message goes to standard error, with what to do. */
  if (result->message != NULL && outcome->error == NULL)
    printf ("%s\n", result->message);
  print_errors (outcome);
}

/* JSON */

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *values)
{
  json_builder_set_member_name (builder, member);
  if (values == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *member,
                 gboolean     known,
                 gint64       value)
{
  json_builder_set_member_name (builder, member);
  if (known)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_result (JsonBuilder               *builder,
            const FerryctlSyncOutcome *outcome)
{
  const FerrySyncResult *result = outcome->result;
  FerryLedgerCounts none = { 0, };
  const char *message = outcome->error != NULL ? outcome->error->message : NULL;

  if (result != NULL && result->message != NULL)
    message = result->message;
  ferryctl_json_add_string (builder, "result", ferryctl_sync_outcome_get_result (outcome));
  json_builder_set_member_name (builder, "exit_status");
  json_builder_add_int_value (builder, outcome->status);
  ferryctl_json_add_string (builder, "message", message);
  add_int_or_null (builder, "run_id", result != NULL && result->run_id > 0,
                   result != NULL ? result->run_id : 0);
  add_int_or_null (builder, "duration_ms", result != NULL && outcome->status != FERRYCTL_EXIT_BUSY,
                   result != NULL ? result->duration_ms : 0);
  json_builder_set_member_name (builder, "retries");
  json_builder_add_int_value (builder, result != NULL ? result->retries : 0);
  ferryctl_json_add_counts (builder, result != NULL ? &result->counts : &none);
}

void
ferryctl_sync_print_json (const FerryctlSyncOutcome *outcome)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const FerrySyncOptions *options = outcome->options;

  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "connection", ferry_connection_get_name (outcome->connection));
  ferryctl_json_add_string (builder, "connection_id", ferry_connection_get_id (outcome->connection));
  ferryctl_json_add_string (builder, "sync_type",
                            ferry_ledger_sync_type_to_string (ferry_sync_options_get_sync_type (options)));
  ferryctl_json_add_string (builder, "timeframe", ferry_sync_options_get_timeframe_text (options));
  add_strv (builder, "entities", (const char * const *) outcome->entities);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, ferry_sync_options_get_dry_run (options));
  add_result (builder, outcome);

  json_builder_set_member_name (builder, "errors_total");
  json_builder_add_int_value (builder, outcome->n_errors);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; outcome->errors != NULL && i < outcome->errors->len; i++)
    json_builder_add_value (builder, ferryctl_run_error_to_json (outcome->errors->pdata[i]));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "run");
  json_builder_add_value (builder, ferryctl_run_to_json (outcome->run));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ferryctl_print_json (root);
}
