/* ferry-sync-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine (FerrySyncRun, ferry-sync-run.c) writes its progress into a
 * FerrySyncProgress from its threads. Each change asks for an update of
 * the properties on the job's main context; while one is pending, further
 * changes just wait for it, and it is scheduled no sooner than
 * UPDATE_INTERVAL_US after the previous one: at most ten a second however
 * fast records go by. The last update comes before the caller's callback.
 */
#define G_LOG_DOMAIN "ferry-sync-job"

#include "config.h"

#include <string.h>

#include "ferry-error.h"
#include "ferry-secrets.h"
#include "ferry-sync-job.h"
#include "ferry-sync-private.h"

#define UPDATE_INTERVAL_US (G_USEC_PER_SEC / 10)

struct _FerrySyncJob
{
  GObject            parent_instance;

  FerryConnection   *connection;  /* owned: a snapshot, used by the worker */
  FerrySyncOptions  *options;     /* owned */
  char              *ledger_path; /* owned */
  char              *password;    /* owned, nullable, wiped when freed */
  gboolean           lookup_password; /* none given: the worker asks the Secret Service */
  char              *program;     /* owned */
  GMainContext      *context;     /* owned: where properties are notified */
  FerrySyncProgress *progress;    /* owned */
  gboolean           started;     /* a job runs once; set on the caller's thread */

  GMutex             lock;
  GSource           *scheduled;   /* owned, nullable; guarded by lock */
  gint64             last_update; /* monotonic; guarded by lock */
  FerrySyncResult   *result;      /* owned, nullable; guarded by lock */

  FerrySyncSnapshot  shown;       /* what the properties say; main context only */
};

G_DEFINE_FINAL_TYPE (FerrySyncJob, ferry_sync_job, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONNECTION,
  PROP_RUNNING,
  PROP_PHASE,
  PROP_ENTITY_ID,
  PROP_ENTITY_LABEL,
  PROP_DONE,
  PROP_TOTAL,
  PROP_FRACTION,
  PROP_COUNTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_running (FerrySyncPhase phase)
{
  return phase != FERRY_SYNC_PHASE_IDLE && phase != FERRY_SYNC_PHASE_DONE;
}

static double
fraction_of (const FerrySyncSnapshot *snapshot)
{
  if (snapshot->phase == FERRY_SYNC_PHASE_DONE)
    return 1.0;
  if (snapshot->total == 0)
    return 0.0;
  return MIN (1.0, (double) snapshot->done / (double) snapshot->total);
}

/* Brings the properties up to the engine's progress; main context. */
static void
apply_progress (FerrySyncJob *self)
{
  GObject *object = G_OBJECT (self);
  FerrySyncSnapshot now = { 0, };
  FerrySyncSnapshot *shown = &self->shown;

  ferry_sync_progress_snapshot (self->progress, &now);
  g_object_freeze_notify (object);
  if (now.phase != shown->phase)
    {
      if (is_running (now.phase) != is_running (shown->phase))
        g_object_notify_by_pspec (object, properties[PROP_RUNNING]);
      g_object_notify_by_pspec (object, properties[PROP_PHASE]);
    }
  if (g_strcmp0 (now.entity_id, shown->entity_id) != 0)
    g_object_notify_by_pspec (object, properties[PROP_ENTITY_ID]);
  if (g_strcmp0 (now.entity_label, shown->entity_label) != 0)
    g_object_notify_by_pspec (object, properties[PROP_ENTITY_LABEL]);
  if (now.done != shown->done)
    g_object_notify_by_pspec (object, properties[PROP_DONE]);
  if (now.total != shown->total)
    g_object_notify_by_pspec (object, properties[PROP_TOTAL]);
  if (fraction_of (&now) != fraction_of (shown))
    g_object_notify_by_pspec (object, properties[PROP_FRACTION]);
  if (memcmp (&now.counts, &shown->counts, sizeof now.counts) != 0)
    g_object_notify_by_pspec (object, properties[PROP_COUNTS]);
  ferry_sync_snapshot_clear (shown);
  *shown = now;
  g_object_thaw_notify (object);
}

static gboolean
update_cb (gpointer data)
{
  FerrySyncJob *self = data;
  GSource *source;

  g_mutex_lock (&self->lock);
  source = g_steal_pointer (&self->scheduled);
  self->last_update = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);

  apply_progress (self);
  g_clear_pointer (&source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* From any thread: schedules one update unless one is pending. */
static void
progress_changed (gpointer data)
{
  FerrySyncJob *self = data;

  g_mutex_lock (&self->lock);
  if (self->scheduled == NULL)
    {
      gint64 wait = self->last_update + UPDATE_INTERVAL_US - g_get_monotonic_time ();

      self->scheduled = g_timeout_source_new ((guint) (MAX (wait, 0) / 1000));
      g_source_set_static_name (self->scheduled, "[ferry] sync progress");
      g_source_set_callback (self->scheduled, update_cb, g_object_ref (self), g_object_unref);
      g_source_attach (self->scheduled, self->context);
    }
  g_mutex_unlock (&self->lock);
}

static void
ferry_sync_job_finalize (GObject *object)
{
  FerrySyncJob *self = FERRY_SYNC_JOB (object);

  g_clear_object (&self->connection);
  ferry_sync_options_free (self->options);
  g_free (self->ledger_path);
  g_clear_pointer (&self->password, ferry_secrets_password_free);
  g_free (self->program);
  g_main_context_unref (self->context);
  ferry_sync_progress_free (self->progress);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->result, ferry_sync_result_free);
  ferry_sync_snapshot_clear (&self->shown);

  G_OBJECT_CLASS (ferry_sync_job_parent_class)->finalize (object);
}

static void
ferry_sync_job_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FerrySyncJob *self = FERRY_SYNC_JOB (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, ferry_sync_job_get_running (self));
      break;
    case PROP_PHASE:
      g_value_set_enum (value, self->shown.phase);
      break;
    case PROP_ENTITY_ID:
      g_value_set_string (value, self->shown.entity_id);
      break;
    case PROP_ENTITY_LABEL:
      g_value_set_string (value, self->shown.entity_label);
      break;
    case PROP_DONE:
      g_value_set_uint64 (value, self->shown.done);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->shown.total);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, fraction_of (&self->shown));
      break;
    case PROP_COUNTS:
      g_value_set_boxed (value, &self->shown.counts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sync_job_class_init (FerrySyncJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ferry_sync_job_finalize;
  object_class->get_property = ferry_sync_job_get_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, FERRY_TYPE_CONNECTION, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, FERRY_TYPE_SYNC_PHASE, FERRY_SYNC_PHASE_IDLE, flags);
  properties[PROP_ENTITY_ID] = g_param_spec_string ("entity-id", NULL, NULL, NULL, flags);
  properties[PROP_ENTITY_LABEL] = g_param_spec_string ("entity-label", NULL, NULL, NULL, flags);
  properties[PROP_DONE] = g_param_spec_uint64 ("done", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_COUNTS] = g_param_spec_boxed ("counts", NULL, NULL, FERRY_TYPE_SYNC_COUNTS, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_sync_job_init (FerrySyncJob *self)
{
  g_mutex_init (&self->lock);
  self->last_update = G_MININT64 / 2;
  self->progress = ferry_sync_progress_new (progress_changed, self);
}

FerrySyncJob *
ferry_sync_job_new (FerryConnectionStore *store,
                    FerryConnection      *connection,
                    FerrySyncOptions     *options)
{
  FerrySyncJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (store), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);

  self = g_object_new (FERRY_TYPE_SYNC_JOB, NULL);
  self->connection = ferry_connection_copy (connection);
  self->options = options != NULL ? ferry_sync_options_copy (options) : ferry_sync_options_new ();
  self->ledger_path = ferry_connection_store_get_ledger_path (store, connection);
  self->program = g_strdup ("ferry");
  self->context = g_main_context_ref_thread_default ();
  return self;
}

void
ferry_sync_job_set_password (FerrySyncJob *self,
                             const char   *password)
{
  g_return_if_fail (FERRY_IS_SYNC_JOB (self));

  g_clear_pointer (&self->password, ferry_secrets_password_free);
  self->password = g_strdup (password);
}

void
ferry_sync_job_set_lookup_password (FerrySyncJob *self)
{
  g_return_if_fail (FERRY_IS_SYNC_JOB (self));
  g_return_if_fail (!self->started);

  self->lookup_password = TRUE;
}

void
ferry_sync_job_set_program (FerrySyncJob *self,
                            const char   *program)
{
  g_return_if_fail (FERRY_IS_SYNC_JOB (self));
  g_return_if_fail (program != NULL);

  g_free (self->program);
  self->program = g_strdup (program);
}

/* A job runs once: the progress and the result belong to that run. */
static gboolean
start (FerrySyncJob  *self,
       GError       **error)
{
  if (self->started)
    {
      g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                           "This sync job has already run; make a new one for another run.");
      return FALSE;
    }
  self->started = TRUE;
  return TRUE;
}

/* The engine's work, on whichever thread calls it. */
static FerrySyncResult *
execute (FerrySyncJob  *self,
         GCancellable  *cancellable,
         GError       **error)
{
  FerrySyncRun *run;
  FerrySyncResult result;
  gboolean ok;

  run = ferry_sync_run_new (self->connection, self->options, self->ledger_path, self->password,
                            self->program, self->progress);
  /* A keyring call may wait for the user to unlock it: on this worker,
   * never on the caller's main loop. */
  run->lookup_password = self->lookup_password;
  ok = ferry_sync_run_execute (run, cancellable, &result, error);
  ferry_sync_run_free (run);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->result, ferry_sync_result_free);
  self->result = ferry_sync_result_copy (&result);
  g_mutex_unlock (&self->lock);

  if (!ok)
    {
      g_free (result.message);
      return NULL;
    }
  /* The caller's copy takes the message. */
  return g_memdup2 (&result, sizeof result);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  FerrySyncResult *result = execute (source_object, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ferry_sync_result_free);
}

/* On the caller's main context: the last update of the properties comes
 * before the caller learns the run ended. */
static void
run_done (GObject      *object,
          GAsyncResult *inner,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  FerrySyncJob *self = FERRY_SYNC_JOB (object);
  GError *error = NULL;
  FerrySyncResult *result = g_task_propagate_pointer (G_TASK (inner), &error);

  apply_progress (self);
  if (result == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, result, (GDestroyNotify) ferry_sync_result_free);
}

void
ferry_sync_job_run_async (FerrySyncJob        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;

  g_return_if_fail (FERRY_IS_SYNC_JOB (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, ferry_sync_job_run_async);
  if (!start (self, &error))
    {
      g_task_return_error (outer, error);
      return;
    }
  /* The worker reports cancellation itself, after recording the run. */
  inner = g_task_new (self, cancellable, run_done, g_steal_pointer (&outer));
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_name (inner, "[ferry] sync");
  g_task_run_in_thread (inner, run_thread);
}

FerrySyncResult *
ferry_sync_job_run_finish (FerrySyncJob  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_sync_job_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

FerrySyncResult *
ferry_sync_job_run (FerrySyncJob  *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!start (self, error))
    return NULL;
  return execute (self, cancellable, error);
}

FerryConnection *
ferry_sync_job_get_connection (FerrySyncJob *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), NULL);

  return self->connection;
}

const FerrySyncOptions *
ferry_sync_job_get_options (FerrySyncJob *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), NULL);

  return self->options;
}

gboolean
ferry_sync_job_get_running (FerrySyncJob *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), FALSE);

  return is_running (self->shown.phase);
}

FerrySyncPhase
ferry_sync_job_get_phase (FerrySyncJob *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), FERRY_SYNC_PHASE_IDLE);

  return self->shown.phase;
}

const char *
ferry_sync_job_get_entity_id (FerrySyncJob *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), NULL);

  return self->shown.entity_id;
}

const char *
ferry_sync_job_get_entity_label (FerrySyncJob *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), NULL);

  return self->shown.entity_label;
}

guint64
ferry_sync_job_get_done (FerrySyncJob *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), 0);

  return self->shown.done;
}

guint64
ferry_sync_job_get_total (FerrySyncJob *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), 0);

  return self->shown.total;
}

double
ferry_sync_job_get_fraction (FerrySyncJob *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), 0.0);

  return fraction_of (&self->shown);
}

void
ferry_sync_job_get_counts (FerrySyncJob      *self,
                           FerryLedgerCounts *out_counts)
{
  g_return_if_fail (FERRY_IS_SYNC_JOB (self));
  g_return_if_fail (out_counts != NULL);

  *out_counts = self->shown.counts;
}

const FerrySyncResult *
ferry_sync_job_get_result (FerrySyncJob *self)
{
  const FerrySyncResult *result;

  g_return_val_if_fail (FERRY_IS_SYNC_JOB (self), NULL);

  /* Written once, by the run, before it ends. */
  g_mutex_lock (&self->lock);
  result = self->result;
  g_mutex_unlock (&self->lock);
  return result;
}
