/* ferry-scheduler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-scheduler"

#include "config.h"

#include <string.h>

#include "ferry-error.h"
#include "ferry-ledger.h"
#include "ferry-run-lock.h"
#include "ferry-schedule-state.h"
#include "ferry-scheduler.h"
#include "ferry-secrets.h"
#include "ferry-sync-job.h"

/* What the scheduler knows of one connection, by id. */
typedef struct
{
  FerryScheduler *scheduler;    /* borrowed: it outlives its states */
  char           *id;           /* owned */
  char           *name;         /* owned */
  FerrySyncJob   *job;          /* owned, nullable: the run in progress */
  GCancellable   *cancellable;  /* owned */
  gboolean        warned;       /* the log said its ledger could not be read */
  FerryScheduleState history;   /* owned: the runs as the schedules count them */
  gboolean        deep;         /* the run in progress is deep */
  gboolean        told_first;   /* the log said deep syncs wait for a first sync */
  GDateTime      *told;         /* owned, nullable: the slot a skip or back-off was logged for */
  char           *bad_schedule; /* owned, nullable: the schedule text a warning was given for */
} ConnectionState;

struct _FerryScheduler
{
  GObject     parent_instance;

  char       *profile_dir;   /* owned, nullable */
  char       *program;       /* owned */
  char       *password_file; /* owned, nullable */
  GHashTable *states;        /* id (owned) → ConnectionState (owned) */
  guint       interval;      /* seconds between checks at most */
  guint       check_id;      /* the timeout of the next check */
  gboolean    stopping;
  GTask      *stop_task;     /* owned, nullable: waits for the runs to end */
  GCancellable *reading;     /* owned, nullable: a check's ledger reads, off the main loop */
  FerryRunLock *lock;        /* owned, nullable: this profile's schedules are ours */
};

G_DEFINE_FINAL_TYPE (FerryScheduler, ferry_scheduler, G_TYPE_OBJECT)

enum
{
  RUN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_check (FerryScheduler *self,
                            GDateTime      *earliest);

static void
connection_state_free (ConnectionState *state)
{
  g_free (state->id);
  g_free (state->name);
  g_clear_object (&state->job);
  g_clear_object (&state->cancellable);
  ferry_schedule_state_clear (&state->history);
  g_clear_pointer (&state->told, g_date_time_unref);
  g_free (state->bad_schedule);
  g_free (state);
}

static void
ferry_scheduler_finalize (GObject *object)
{
  FerryScheduler *self = FERRY_SCHEDULER (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  g_clear_object (&self->reading);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_object (&self->stop_task);
  g_clear_object (&self->lock);
  g_free (self->profile_dir);
  g_free (self->program);
  g_free (self->password_file);

  G_OBJECT_CLASS (ferry_scheduler_parent_class)->finalize (object);
}

static void
ferry_scheduler_class_init (FerrySchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_scheduler_finalize;

  signals[RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, FERRY_TYPE_SYNC_RESULT,
                  G_TYPE_ERROR);
}

static void
ferry_scheduler_init (FerryScheduler *self)
{
  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) connection_state_free);
  self->interval = 60;
}

FerryScheduler *
ferry_scheduler_new (const char *profile_dir,
                     const char *program)
{
  FerryScheduler *self = g_object_new (FERRY_TYPE_SCHEDULER, NULL);

  self->profile_dir = g_strdup (profile_dir);
  self->program = g_strdup (program != NULL ? program : "ferry scheduler");
  return self;
}

void
ferry_scheduler_set_password_file (FerryScheduler *self,
                                   const char     *path)
{
  g_return_if_fail (FERRY_IS_SCHEDULER (self));

  g_free (self->password_file);
  self->password_file = g_strdup (path);
}

guint
ferry_scheduler_get_n_running (FerryScheduler *self)
{
  GHashTableIter iter;
  ConnectionState *state;
  guint n = 0;

  g_return_val_if_fail (FERRY_IS_SCHEDULER (self), 0);

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    n += state->job != NULL;
  return n;
}

static void
set_time (GDateTime **slot,
          GDateTime  *value)
{
  g_clear_pointer (slot, g_date_time_unref);
  *slot = value != NULL ? g_date_time_ref (value) : NULL;
}

/* What a check read of one connection's ledger, on a worker thread. */
typedef struct
{
  FerryScheduleState history;
  char              *error;   /* owned, nullable: why it could not be read */
} LedgerRead;

static void
ledger_read_free (LedgerRead *read)
{
  ferry_schedule_state_clear (&read->history);
  g_free (read->error);
  g_free (read);
}

/* The runs as the schedules count them, read at each check, not once: a
 * run started elsewhere (a sync by hand that went through ends a back-off;
 * a deep one moves the next deep slot) counts as the app and `ferryctl
 * schedule` count it. What only this scheduler knows (a password file it
 * could not read) stays until the ledger has newer. */
static void
merge_history (ConnectionState *state,
               LedgerRead      *read)
{
  if (read->error != NULL)
    {
      if (!state->warned)
        g_warning ("“%s”: could not read its ledger: %s", state->name, read->error);
      state->warned = TRUE;
      return;
    }
  state->warned = FALSE;
  if (state->history.last_started != NULL
      && (read->history.last_started == NULL
          || g_date_time_compare (read->history.last_started, state->history.last_started) < 0))
    return;
  ferry_schedule_state_clear (&state->history);
  state->history = read->history;
  memset (&read->history, 0, sizeof read->history);
}

/* Logs once per slot. */
static gboolean
first_time_for (ConnectionState *state,
                GDateTime       *slot)
{
  if (state->told != NULL && g_date_time_equal (state->told, slot))
    return FALSE;
  set_time (&state->told, slot);
  return TRUE;
}

static void
log_result (ConnectionState       *state,
            const FerrySyncResult *result,
            const GError          *error)
{
  if (error == NULL)
    g_message ("“%s”: automatic %s %s in %.1f s: %u sent, %u rejected, %u exported, %u not "
               "exported", state->name, state->deep ? "deep sync" : "sync",
               ferry_ledger_run_result_to_string (result->result),
               result->duration_ms / 1000.0, result->counts.sent, result->counts.rejected,
               result->counts.exported + result->counts.export_updated,
               result->counts.export_failed);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("“%s”: automatic sync cancelled", state->name);
  else if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_BUSY))
    g_message ("“%s”: slot skipped, not queued: %s", state->name, error->message);
  else
    g_warning ("“%s”: automatic %s failed (%u in a row): %s", state->name,
               state->deep ? "deep sync" : "sync", state->history.failures, error->message);
}

/* Stopping ends once no run and no check's reads are going on. */
static void
maybe_stopped (FerryScheduler *self)
{
  if (self->stop_task != NULL && ferry_scheduler_get_n_running (self) == 0 && self->reading == NULL)
    g_task_return_boolean (g_steal_pointer (&self->stop_task), TRUE);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ConnectionState *state = user_data;
  FerryScheduler *self = state->scheduler;
  g_autoptr(FerrySyncResult) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  summary = ferry_sync_job_run_finish (FERRY_SYNC_JOB (source), result, &error);
  set_time (&state->history.last_end, now);
  if (error == NULL)
    state->history.failures = 0;
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           && !g_error_matches (error, FERRY_ERROR, FERRY_ERROR_BUSY))
    state->history.failures++;
  log_result (state, summary, error);
  g_clear_object (&state->job);
  g_signal_emit (self, signals[RUN_FINISHED], 0, state->id, state->name, summary, error);

  if (self->stopping)
    maybe_stopped (self);
  else
    schedule_check (self, NULL);
  g_object_unref (self);
}

/* A deep run reads every record: the timeframe is the beginning of time. */
static void
start_run (FerryScheduler       *self,
           ConnectionState      *state,
           FerryConnectionStore *store,
           FerryConnection      *connection,
           gboolean              deep)
{
  g_autoptr(FerrySyncOptions) options = ferry_sync_options_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPassword) password = NULL;

  ferry_schedule_state_record_start (&state->history, now, deep);
  state->deep = deep;
  /* From the keyring, the job looks it up on its worker thread. */
  if (self->password_file != NULL
      && (password = ferry_secrets_read_password_file (self->password_file, &error)) == NULL)
    {
      state->history.failures++;
      g_warning ("“%s”: automatic %s not started (%u in a row): %s", state->name,
                 deep ? "deep sync" : "sync", state->history.failures, error->message);
      g_signal_emit (self, signals[RUN_FINISHED], 0, state->id, state->name, NULL, error);
      return;
    }
  ferry_sync_options_set_trigger (options, FERRY_LEDGER_TRIGGER_AUTOMATIC);
  ferry_sync_options_set_sync_type (options, deep ? FERRY_LEDGER_SYNC_DEEP
                                                  : FERRY_LEDGER_SYNC_SHALLOW);
  if (deep)
    ferry_sync_options_set_timeframe (options, FERRY_TIMEFRAME_ALL);
  state->job = ferry_sync_job_new (store, connection, options);
  if (password != NULL)
    ferry_sync_job_set_password (state->job, password);
  else
    ferry_sync_job_set_lookup_password (state->job);
  ferry_sync_job_set_program (state->job, self->program);
  g_clear_object (&state->cancellable);
  state->cancellable = g_cancellable_new ();
  if (deep)
    g_message ("“%s”: automatic deep sync started (deep schedule %s)", state->name,
               ferry_connection_get_deep_schedule (connection));
  else
    g_message ("“%s”: automatic sync started (schedule %s)", state->name,
               ferry_connection_get_schedule (connection));
  ferry_sync_job_run_async (state->job, state->cancellable, run_done_cb, state);
  g_object_ref (self);
}

/* Both schedules of @connection; a schedule it cannot read is warned
 * about once per text, and the connection waits for a fix. */
static gboolean
parse_schedules (ConnectionState *state,
                 FerryConnection *connection,
                 FerrySchedule   *out_schedule,
                 FerrySchedule   *out_deep_schedule)
{
  const char *text = ferry_connection_get_schedule (connection);
  const char *deep_text = ferry_connection_get_deep_schedule (connection);
  g_autofree char *both = g_strconcat (text, "\n", deep_text, NULL);
  g_autoptr(GError) error = NULL;

  if (ferry_schedule_parse (text, out_schedule, &error)
      && ferry_schedule_parse (deep_text, out_deep_schedule, &error))
    return TRUE;
  if (g_strcmp0 (state->bad_schedule, both) != 0)
    g_warning ("“%s”: %s", state->name, error->message);
  g_free (state->bad_schedule);
  state->bad_schedule = g_steal_pointer (&both);
  return FALSE;
}

static void
log_backing_off (ConnectionState *state,
                 GDateTime       *next)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (next);
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M %Z");

  g_message ("“%s”: %u failed runs in a row; backing off until %s", state->name,
             state->history.failures, when);
}

/* One connection: starts its run if due; *@earliest is the soonest next. */
static void
check_connection (FerryScheduler       *self,
                  FerryConnectionStore *store,
                  FerryConnection      *connection,
                  LedgerRead           *read,
                  GDateTime           **earliest)
{
  const char *id = ferry_connection_get_id (connection);
  ConnectionState *state = g_hash_table_lookup (self->states, id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next = NULL;
  FerrySchedule schedule, deep_schedule;
  gboolean deep = FALSE, backing_off = FALSE;

  if (state == NULL)
    {
      state = g_new0 (ConnectionState, 1);
      state->scheduler = self;
      state->id = g_strdup (id);
      g_hash_table_insert (self->states, g_strdup (id), state);
    }
  g_free (state->name);
  state->name = g_strdup (ferry_connection_get_name (connection));
  if (!parse_schedules (state, connection, &schedule, &deep_schedule))
    return;
  if (schedule.kind == FERRY_SCHEDULE_MANUAL && deep_schedule.kind == FERRY_SCHEDULE_MANUAL)
    return;
  if (state->job == NULL)
    merge_history (state, read);

  next = ferry_schedule_state_next_run (&state->history, &schedule, &deep_schedule, now, NULL,
                                        &deep, &backing_off);
  if (next == NULL)
    {
      if (!state->told_first)
        g_message ("“%s”: deep syncs begin after its first sync; run one by hand", state->name);
      state->told_first = TRUE;
      return;
    }
  if (g_date_time_compare (next, now) > 0)
    {
      if (backing_off && first_time_for (state, next))
        log_backing_off (state, next);
      if (*earliest == NULL || g_date_time_compare (next, *earliest) < 0)
        set_time (earliest, next);
      return;
    }
  if (state->job != NULL)
    {
      if (first_time_for (state, next))
        g_message ("“%s”: slot skipped: the run it started before is still going", state->name);
      return;
    }
  start_run (self, state, store, connection, deep);
}

/* A check's reads: the profile's connections and each one's ledger. The
 * ledgers are SQLite files another program may be writing: never read on
 * the main loop, which may be the app's. */
typedef struct
{
  FerryConnectionStore *store; /* owned */
  GPtrArray            *reads; /* owned: LedgerRead, one per connection, in list order */
} CheckRead;

static void
check_read_free (CheckRead *check)
{
  g_clear_object (&check->store);
  g_clear_pointer (&check->reads, g_ptr_array_unref);
  g_free (check);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CheckRead *check = g_new0 (CheckRead, 1);
  GError *error = NULL;
  GListModel *connections;

  check->store = ferry_connection_store_new (task_data);
  check->reads = g_ptr_array_new_with_free_func ((GDestroyNotify) ledger_read_free);
  if (!ferry_connection_store_load (check->store, &error))
    {
      check_read_free (check);
      g_task_return_error (task, error);
      return;
    }
  connections = ferry_connection_store_get_connections (check->store);
  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(FerryConnection) connection = g_list_model_get_item (connections, i);
      g_autofree char *path = ferry_connection_store_get_ledger_path (check->store, connection);
      LedgerRead *read = g_new0 (LedgerRead, 1);
      g_autoptr(GError) read_error = NULL;

      if (!ferry_schedule_state_load (&read->history, path, &read_error))
        read->error = g_strdup (read_error->message);
      g_ptr_array_add (check->reads, read);
    }
  g_task_return_pointer (task, check, (GDestroyNotify) check_read_free);
}

static void
on_check_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  FerryScheduler *self = FERRY_SCHEDULER (source);
  CheckRead *check;
  g_autoptr(GDateTime) earliest = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *connections;

  check = g_task_propagate_pointer (G_TASK (result), &error);
  g_clear_object (&self->reading);
  if (self->stopping)
    {
      g_clear_pointer (&check, check_read_free);
      maybe_stopped (self);
      return;
    }
  if (check == NULL)
    {
      g_warning ("Could not read the connections: %s", error->message);
      schedule_check (self, NULL);
      return;
    }
  connections = ferry_connection_store_get_connections (check->store);
  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(FerryConnection) connection = g_list_model_get_item (connections, i);

      check_connection (self, check->store, connection, check->reads->pdata[i], &earliest);
    }
  check_read_free (check);
  schedule_check (self, earliest);
}

static gboolean
check_cb (gpointer user_data)
{
  FerryScheduler *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->check_id = 0;
  /* A check still reading decides the next one when it ends. */
  if (self->reading != NULL)
    return G_SOURCE_REMOVE;
  self->reading = g_cancellable_new ();
  task = g_task_new (self, self->reading, on_check_read, NULL);
  g_task_set_source_tag (task, check_cb);
  g_task_set_task_data (task, g_strdup (self->profile_dir), g_free);
  g_task_run_in_thread (task, read_thread);
  return G_SOURCE_REMOVE;
}

/* The next check: at @earliest (nullable) or after the interval. */
static void
schedule_check (FerryScheduler *self,
                GDateTime      *earliest)
{
  gint64 wait_ms = (gint64) self->interval * 1000;

  if (self->stopping)
    return;
  if (earliest != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      gint64 until_ms = g_date_time_difference (earliest, now) / 1000 + 500;

      wait_ms = CLAMP (until_ms, 200, wait_ms);
    }
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add ((guint) wait_ms, check_cb, self);
}

static char *
profile_lock_path (FerryConnectionStore *store)
{
  return g_build_filename (ferry_connection_store_get_data_dir (store), "scheduler.lock", NULL);
}

gboolean
ferry_scheduler_query_profile (FerryConnectionStore *store,
                               gboolean             *out_running,
                               char                **out_program)
{
  g_autofree char *path = profile_lock_path (store);
  g_autoptr(FerryRunLockHolder) holder = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (store), FALSE);
  g_return_val_if_fail (out_running != NULL, FALSE);

  if (out_program != NULL)
    *out_program = NULL;
  if (!ferry_run_lock_query (path, out_running, &holder, NULL))
    return FALSE;
  if (out_program != NULL && holder != NULL)
    *out_program = g_strdup (holder->program);
  return TRUE;
}

/* One scheduler per profile, whichever program runs it: the lock file
 * DATA/scheduler.lock says who. */
static gboolean
take_profile (FerryScheduler  *self,
              GError         **error)
{
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (self->profile_dir);
  g_autofree char *path = profile_lock_path (store);
  g_autoptr(FerryRunLockHolder) holder = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean held;

  self->lock = ferry_run_lock_try_acquire (path, "the automatic syncs", self->program, &local_error);
  if (self->lock != NULL)
    return TRUE;
  if (!g_error_matches (local_error, FERRY_ERROR, FERRY_ERROR_BUSY))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  ferry_run_lock_query (path, &held, &holder, NULL);
  if (holder != NULL)
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_BUSY,
                 "The automatic syncs of this profile are already run by %s (pid %d); one "
                 "program runs them, the others show its runs. Stop it first to run them here.",
                 holder->program, (int) holder->pid);
  else
    g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_BUSY,
                         "The automatic syncs of this profile are already run by another "
                         "program; stop it first to run them here.");
  return FALSE;
}

gboolean
ferry_scheduler_start (FerryScheduler  *self,
                       guint            interval_seconds,
                       GError         **error)
{
  g_return_val_if_fail (FERRY_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (!self->stopping, FALSE);

  if (self->password_file != NULL)
    {
      g_autoptr(FerryPassword) password = ferry_secrets_read_password_file (self->password_file, error);

      if (password == NULL)
        return FALSE;
    }
  if (self->lock == NULL && !take_profile (self, error))
    return FALSE;
  self->interval = MAX (interval_seconds, 1);
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_idle_add (check_cb, self);
  return TRUE;
}

void
ferry_scheduler_stop_async (FerryScheduler      *self,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GHashTableIter iter;
  ConnectionState *state;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_SCHEDULER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ferry_scheduler_stop_async);
  self->stopping = TRUE;
  g_clear_handle_id (&self->check_id, g_source_remove);
  g_cancellable_cancel (self->reading);
  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &state))
    {
      if (state->job != NULL)
        g_cancellable_cancel (state->cancellable);
    }
  if (self->lock != NULL)
    ferry_run_lock_release (self->lock);
  g_clear_object (&self->stop_task);
  self->stop_task = g_steal_pointer (&task);
  maybe_stopped (self);
}

gboolean
ferry_scheduler_stop_finish (FerryScheduler  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
