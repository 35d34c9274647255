/* ferryctl-sync.c: `ferryctl sync`, one run of a local connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The run is a FerrySyncJob, the engine the app uses, on a worker thread;
 * the main thread keeps the loop that draws its progress and turns SIGINT
 * and SIGTERM into a cancellation, which the job records before it ends.
 * Everything that can be checked before the run (options, the connection,
 * the entity types, the password) is, so a mistake costs no run.
 */
#define G_LOG_DOMAIN "ferryctl-sync"

#include <stdio.h>
#include <unistd.h>

#include "ferry-cloud-client.h"
#include "ferry-error.h"
#include "ferry-secrets.h"
#include "ferry-sync-plan.h"
#include "ferryctl-sync-report.h"

typedef struct
{
  char     *profile;       /* owned */
  char     *password_file; /* owned */
  char     *since;         /* owned */
  char     *entities;      /* owned */
  char     *direction;     /* owned */
  gboolean  deep;
  gboolean  stop_on_error;
  gboolean  dry_run;
  gboolean  json;
} SyncArgs;

static void
sync_args_clear (SyncArgs *args)
{
  g_free (args->profile);
  g_free (args->password_file);
  g_free (args->since);
  g_free (args->entities);
  g_free (args->direction);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SyncArgs, sync_args_clear)

static gboolean
parse_args (int        *argc,
            char     ***argv,
            SyncArgs   *args,
            int        *out_status)
{
  const GOptionEntry entries[] = {
    FERRYCTL_PROFILE_OPTION (&args->profile),
    { "deep", 0, 0, G_OPTION_ARG_NONE, &args->deep,
      "Re-read every record, send what differs, delete what vanished, compare with the cloud",
      NULL },
    { "since", 0, 0, G_OPTION_ARG_STRING, &args->since,
      "Only records modified since WHEN: today, last-week, last-month, last-year, beginning "
      "(the default) or a date YYYY-MM-DD", "WHEN" },
    { "entities", 0, 0, G_OPTION_ARG_STRING, &args->entities,
      "Only these entity types (ids as `ferryctl catalog` prints them)", "ID,ID…" },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &args->direction,
      "push (accounting → cloud), export (the cloud's approved work → accounting) or both "
      "(the default: push, then export)", "WHICH" },
    { "stop-on-error", 0, 0, G_OPTION_ARG_NONE, &args->stop_on_error,
      "Stop at the first rejected record or export item that cannot be written (also a "
      "setting of the connection)", NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &args->dry_run,
      "Read and compare, but send nothing: how many records a sync would send", NULL },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &args->password_file,
      "Read the cloud password from FILE (mode 0600) instead of the Secret Service", "FILE" },
    FERRYCTL_JSON_OPTION (&args->json),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("CONNECTION — sync with the cloud");

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Sends the connection's records to the cloud, then writes the work "
                                "approved in the cloud\n(change orders, commitments, time "
                                "entries, …) into the accounting database, each item\nonce. A "
                                "shallow sync (the default) sends what changed since the last "
                                "one; a deep\nsync compares every record. The password comes "
                                "from the Secret Service\n(`ferryctl login`) or --password-file. "
                                "Ctrl-C cancels.");
  return ferryctl_parse_options (context, argc, argv,
                                 (const char * const[]) { "CONNECTION", NULL }, out_status);
}

/* "ar.customer, cv.job" → { "ar.customer", "cv.job" }, without empty ids. */
static GStrv
split_ids (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *id = g_strstrip (parts[i]);

      if (*id != '\0')
        g_strv_builder_add (ids, id);
    }
  return g_strv_builder_end (ids);
}

static FerrySyncOptions *
make_options (const SyncArgs  *args,
              GError         **error)
{
  g_autoptr(FerrySyncOptions) options = ferry_sync_options_new ();

  ferry_sync_options_set_sync_type (options, args->deep ? FERRY_LEDGER_SYNC_DEEP
                                                        : FERRY_LEDGER_SYNC_SHALLOW);
  ferry_sync_options_set_trigger (options, FERRY_LEDGER_TRIGGER_MANUAL);
  ferry_sync_options_set_dry_run (options, args->dry_run);
  ferry_sync_options_set_stop_on_error (options, args->stop_on_error);
  if (args->direction != NULL
      && !ferry_sync_options_set_direction_from_string (options, args->direction, error))
    return NULL;
  if (args->since != NULL
      && !ferry_sync_options_set_timeframe_from_string (options, args->since, error))
    return NULL;
  if (args->entities != NULL)
    {
      g_auto(GStrv) ids = split_ids (args->entities);

      if (ids[0] == NULL)
        {
          g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                               "--entities needs entity type ids, e.g. ar.customer,cv.job "
                               "(`ferryctl catalog` lists them)");
          return NULL;
        }
      ferry_sync_options_set_entities (options, (const char * const *) ids);
    }
  return g_steal_pointer (&options);
}

/* The ids of the entity types the run will push or export, in run order. */
static GStrv
plan_entities (FerryConnection         *connection,
               const FerrySyncOptions  *options,
               GError                 **error)
{
  g_autoptr(GPtrArray) types = ferry_sync_plan_for_options (connection, options, error);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  if (types == NULL)
    return NULL;
  for (guint i = 0; i < types->len; i++)
    g_strv_builder_add (ids, ferry_entity_type_get_id (g_ptr_array_index (types, i)));
  return g_strv_builder_end (ids);
}

/* The password from --password-file, else the Secret Service. A dry run
 * sends nothing, so it needs none. */
static char *
get_password (FerryConnection  *connection,
              const SyncArgs   *args,
              GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *name = ferry_connection_get_name (connection);
  char *password;

  if (args->password_file != NULL)
    return ferry_secrets_read_password_file (args->password_file, error);
  if (args->dry_run)
    return NULL;

  password = ferry_secrets_lookup (connection, NULL, &local_error);
  if (password != NULL)
    return password;
  /* Without a keyring the message already names both ways out. */
  if (!g_error_matches (local_error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                 "The Secret Service keeps no password of %s at %s for “%s”. Keep it there "
                 "with `ferryctl login \"%s\"`, or give --password-file FILE (a file only you "
                 "can read, chmod 600 FILE) to every sync",
                 ferry_connection_get_user (connection),
                 ferry_connection_get_site_url (connection), name, name);
  return NULL;
}

typedef struct
{
  FerrySyncJob    *job;    /* borrowed */
  FerrySyncResult *result; /* owned, out */
} Work;

static gboolean
run_job (gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  Work *work = data;

  work->result = ferry_sync_job_run (work->job, cancellable, error);
  return work->result != NULL;
}

/* The exit status of a run, by its result and the error it ended with. */
static int
decide_status (const FerryctlSyncOutcome *outcome)
{
  const FerrySyncResult *result = outcome->result;
  const GError *error = outcome->error;

  if (error == NULL)
    return result->result == FERRY_LEDGER_RESULT_SUCCEEDED ? FERRYCTL_EXIT_OK
                                                            : FERRYCTL_EXIT_RECORD_ERRORS;
  /* A connection that stops at the first rejected record: that record is
   * the problem, not the computer. */
  if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_FAILED) && result != NULL
      && result->counts.rejected + result->counts.export_failed > 0
      && (ferry_sync_options_get_stop_on_error (outcome->options)
          || ferry_connection_get_stop_on_error (outcome->connection)))
    return FERRYCTL_EXIT_RECORD_ERRORS;
  return ferryctl_exit_status_for_error (error);
}

/* The run's row and first record errors, from the ledger. */
static void
read_run (FerryConnectionStore *store,
          FerryctlSyncOutcome  *outcome,
          guint                 limit)
{
  const FerrySyncResult *result = outcome->result;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;

  if (result == NULL || result->run_id <= 0)
    return;
  ledger = ferryctl_open_ledger (store, outcome->connection, &error);
  if (ledger != NULL)
    outcome->run = ferry_ledger_get_run (ledger, result->run_id, &error);
  outcome->n_errors = result->counts.rejected + result->counts.waiting + result->counts.failed
                      + result->counts.export_failed;
  if (outcome->run != NULL && outcome->n_errors > 0)
    outcome->errors = ferry_ledger_list_run_errors (ledger, result->run_id, limit, 0, &error);
  if (error != NULL)
    ferryctl_warn ("could not read run %" G_GINT64_FORMAT " from the ledger: %s",
                   result->run_id, error->message);
  if (outcome->errors != NULL)
    outcome->n_errors = MAX (outcome->n_errors, outcome->errors->len);
}

/* Runs @job with the progress bar where it helps. */
static void
run (FerryConnectionStore *store,
     FerrySyncJob         *job,
     gboolean              json,
     FerryctlSyncOutcome  *outcome)
{
  g_autoptr(FerryctlSyncProgress) progress = NULL;
  Work work = { job, NULL };

  if (!json && isatty (STDOUT_FILENO))
    progress = ferryctl_sync_progress_new (job);
  ferryctl_run_cancellable ("sync", run_job, &work, &outcome->error);
  g_clear_pointer (&progress, ferryctl_sync_progress_free);

  /* The job keeps its own copy, whatever the outcome. */
  g_clear_pointer (&work.result, ferry_sync_result_free);
  outcome->result = ferry_sync_job_get_result (job);
  outcome->status = decide_status (outcome);
  read_run (store, outcome, json ? FERRYCTL_SYNC_ERRORS_SHOWN_JSON : FERRYCTL_SYNC_ERRORS_SHOWN);
}

/* Why the run failed, with what to do, on standard error. */
static void
report_failure (FerryctlSyncOutcome *outcome)
{
  FerryConnection *connection = outcome->connection;
  const char *name = ferry_connection_get_name (connection);
  GError *error = outcome->error;

  if (error == NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fprintf (stderr, "%s: cancelled. What the cloud acknowledged is kept; the next sync "
               "goes on from there.\n", g_get_prgname ());
      return;
    }
  if (g_error_matches (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH))
    g_prefix_error (&error, "The cloud refused the password of user “%s” at %s; keep the right "
                    "one with `ferryctl login \"%s\"` (or correct --password-file): ",
                    ferry_connection_get_user (connection),
                    ferry_connection_get_site_url (connection), name);
  else if (outcome->status == FERRYCTL_EXIT_CLOUD)
    g_prefix_error (&error, "Could not sync “%s” with %s: ", name,
                    ferry_connection_get_site_url (connection));
  ferryctl_fail (error);
}

int
ferryctl_sync (int    argc,
               char **argv)
{
  g_auto(SyncArgs) args = { NULL, };
  g_auto(FerryctlSyncOutcome) outcome = { NULL, };
  g_autoptr(FerrySyncOptions) options = NULL;
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(FerryPassword) password = NULL;
  g_autoptr(FerrySyncJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FerryConnection *connection;
  int status;

  if (!parse_args (&argc, &argv, &args, &status))
    return status;
  options = make_options (&args, &error);
  if (options == NULL)
    return ferryctl_usage_error ("%s", error->message);

  connection = ferryctl_open_connection (args.profile, argv[1], &store, &error);
  if (connection == NULL)
    return ferryctl_fail (error);
  outcome.connection = connection;
  outcome.options = options;
  outcome.entities = plan_entities (connection, options, &error);
  if (outcome.entities == NULL
      || (!args.dry_run && !ferry_connection_check_cloud (connection, &error)))
    return ferryctl_fail (error);
  password = get_password (connection, &args, &error);
  if (password == NULL && error != NULL)
    return ferryctl_fail (error);

  job = ferry_sync_job_new (store, connection, options);
  ferry_sync_job_set_program (job, "ferryctl");
  ferry_sync_job_set_password (job, password);
  g_clear_pointer (&password, ferry_secrets_password_free);

  run (store, job, args.json, &outcome);
  if (args.json)
    ferryctl_sync_print_json (&outcome);
  else
    ferryctl_sync_print_summary (&outcome);
  report_failure (&outcome);
  return outcome.status;
}
