/* ferry-background-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-background-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-background-sync.h"
#include "ferry-error.h"
#include "ferry-notify.h"
#include "ferry-runs-watch.h"
#include "ferry-scheduler.h"
#include "ferry-sync-result.h"

struct _FerryBackgroundSync
{
  GObject                    parent_instance;

  char                      *profile_dir;   /* owned, nullable */
  guint                      check_seconds;
  guint                      retry_seconds;
  FerryScheduler            *scheduler;     /* owned, nullable: between start and stop */
  FerryRunsWatch            *watch;         /* owned: the other program's runs */
  guint                      retry_id;
  FerryBackgroundSyncStatus  status;
  char                      *status_text;   /* owned */
};

G_DEFINE_FINAL_TYPE (FerryBackgroundSync, ferry_background_sync, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  N_PROPS
};

enum
{
  RUN_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void try_start (FerryBackgroundSync *self);

static const char *
stopped_text (void)
{
  return _("Automatic syncs run only while Ferry or ferryctl daemon is running.");
}

static void
set_status (FerryBackgroundSync       *self,
            FerryBackgroundSyncStatus  status,
            const char                *text)
{
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  ferry_notify_set_string (G_OBJECT (self), &self->status_text, text, properties[PROP_STATUS_TEXT]);
}

/* Of this app's scheduler, or of the watch over another program's runs. */
static void
on_run_finished (GObject               *source,
                 const char            *connection_id,
                 const char            *connection_name,
                 const FerrySyncResult *result,
                 const GError          *error,
                 FerryBackgroundSync   *self)
{
  g_signal_emit (self, signals[RUN_FINISHED], 0, connection_id, connection_name, result, error);
}

static gboolean
retry_cb (gpointer user_data)
{
  FerryBackgroundSync *self = user_data;

  self->retry_id = 0;
  try_start (self);
  return G_SOURCE_REMOVE;
}

/* Another program runs the schedules, or they could not start: look again
 * later. */
static void
wait_and_retry (FerryBackgroundSync *self,
                const GError        *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_BUSY))
    {
      g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (self->profile_dir);
      g_autofree char *program = NULL;
      gboolean running = FALSE;

      ferry_scheduler_query_profile (store, &running, &program);
      text = program != NULL
             /* Translators: %s is a program, e.g. “ferryctl daemon” */
             ? g_strdup_printf (_("%s runs the automatic syncs of this computer’s connections. "
                                  "Ferry shows their runs and takes over when it stops."), program)
             : g_strdup (_("Another program runs the automatic syncs of this computer’s "
                           "connections. Ferry shows their runs and takes over when it stops."));
      set_status (self, FERRY_BACKGROUND_SYNC_ELSEWHERE, text);
      ferry_runs_watch_poll (self->watch);
    }
  else
    {
      text = g_strdup_printf (_("Automatic syncs cannot run: %s"), error->message);
      g_warning ("%s", text);
      set_status (self, FERRY_BACKGROUND_SYNC_FAILED, text);
    }
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add_seconds (self->retry_seconds, retry_cb, self);
}

static void
try_start (FerryBackgroundSync *self)
{
  g_autoptr(GError) error = NULL;

  if (self->scheduler == NULL)
    {
      self->scheduler = ferry_scheduler_new (self->profile_dir, FERRY_PROGRAM_NAME);
      g_signal_connect_object (self->scheduler, "run-finished", G_CALLBACK (on_run_finished),
                               self, G_CONNECT_DEFAULT);
    }
  if (!ferry_scheduler_start (self->scheduler, self->check_seconds, &error))
    {
      wait_and_retry (self, error);
      return;
    }
  g_message ("Running the automatic syncs of this profile");
  set_status (self, FERRY_BACKGROUND_SYNC_RUNNING,
              _("Ferry runs the automatic syncs of this computer’s connections."));
}

void
ferry_background_sync_start (FerryBackgroundSync *self)
{
  g_return_if_fail (FERRY_IS_BACKGROUND_SYNC (self));

  if (self->status == FERRY_BACKGROUND_SYNC_STOPPED)
    try_start (self);
}

static void
on_scheduler_stopped (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_scheduler_stop_finish (FERRY_SCHEDULER (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ferry_background_sync_stop_async (FerryBackgroundSync *self,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(FerryScheduler) scheduler = NULL;

  g_return_if_fail (FERRY_IS_BACKGROUND_SYNC (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, ferry_background_sync_stop_async);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  scheduler = g_steal_pointer (&self->scheduler);
  set_status (self, FERRY_BACKGROUND_SYNC_STOPPED, stopped_text ());
  if (scheduler == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  ferry_scheduler_stop_async (scheduler, on_scheduler_stopped, g_steal_pointer (&task));
}

gboolean
ferry_background_sync_stop_finish (FerryBackgroundSync  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ferry_background_sync_set_intervals (FerryBackgroundSync *self,
                                     guint                check_seconds,
                                     guint                retry_seconds)
{
  g_return_if_fail (FERRY_IS_BACKGROUND_SYNC (self));

  self->check_seconds = MAX (check_seconds, 1);
  self->retry_seconds = MAX (retry_seconds, 1);
}

FerryBackgroundSyncStatus
ferry_background_sync_get_status (FerryBackgroundSync *self)
{
  g_return_val_if_fail (FERRY_IS_BACKGROUND_SYNC (self), FERRY_BACKGROUND_SYNC_STOPPED);

  return self->status;
}

const char *
ferry_background_sync_get_status_text (FerryBackgroundSync *self)
{
  g_return_val_if_fail (FERRY_IS_BACKGROUND_SYNC (self), NULL);

  return self->status_text;
}

guint
ferry_background_sync_get_n_running (FerryBackgroundSync *self)
{
  g_return_val_if_fail (FERRY_IS_BACKGROUND_SYNC (self), 0);

  return self->scheduler != NULL ? ferry_scheduler_get_n_running (self->scheduler) : 0;
}

static void
ferry_background_sync_dispose (GObject *object)
{
  FerryBackgroundSync *self = FERRY_BACKGROUND_SYNC (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->watch);

  G_OBJECT_CLASS (ferry_background_sync_parent_class)->dispose (object);
}

static void
ferry_background_sync_finalize (GObject *object)
{
  FerryBackgroundSync *self = FERRY_BACKGROUND_SYNC (object);

  g_free (self->profile_dir);
  g_free (self->status_text);

  G_OBJECT_CLASS (ferry_background_sync_parent_class)->finalize (object);
}

static void
ferry_background_sync_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerryBackgroundSync *self = FERRY_BACKGROUND_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_background_sync_class_init (FerryBackgroundSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_background_sync_dispose;
  object_class->finalize = ferry_background_sync_finalize;
  object_class->get_property = ferry_background_sync_get_property;

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, FERRY_BACKGROUND_SYNC_STOPPED,
                      FERRY_BACKGROUND_SYNC_FAILED, FERRY_BACKGROUND_SYNC_STOPPED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, FERRY_TYPE_SYNC_RESULT,
                  G_TYPE_ERROR);
}

static void
ferry_background_sync_init (FerryBackgroundSync *self)
{
  self->check_seconds = 60;
  self->retry_seconds = FERRY_BACKGROUND_SYNC_RETRY_SECONDS;
  self->status_text = g_strdup (stopped_text ());
}

FerryBackgroundSync *
ferry_background_sync_new (const char *profile_dir)
{
  FerryBackgroundSync *self = g_object_new (FERRY_TYPE_BACKGROUND_SYNC, NULL);

  self->profile_dir = g_strdup (profile_dir);
  self->watch = ferry_runs_watch_new (profile_dir);
  g_signal_connect_object (self->watch, "run-finished", G_CALLBACK (on_run_finished), self,
                           G_CONNECT_DEFAULT);
  return self;
}
