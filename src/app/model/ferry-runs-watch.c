/* ferry-runs-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-runs-watch"

#include "config.h"

#include "ferry-connection-store.h"
#include "ferry-error.h"
#include "ferry-ledger.h"
#include "ferry-runs-watch.h"
#include "ferry-sync-result.h"

struct _FerryRunsWatch
{
  GObject       parent_instance;

  char         *profile_dir; /* owned, nullable */
  GHashTable   *seen;        /* connection id (owned) → newest run id accounted for (gint64 *) */
  gboolean      started;     /* a poll has noted where the ledgers are */
  GCancellable *reading;     /* owned, nullable: the read going on */
};

G_DEFINE_FINAL_TYPE (FerryRunsWatch, ferry_runs_watch, G_TYPE_OBJECT)

enum
{
  RUN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One connection's newest run, as read on the worker. */
typedef struct
{
  char           *id;   /* owned */
  char           *name; /* owned */
  FerryLedgerRun *run;  /* owned */
} Newest;

static void
newest_free (Newest *newest)
{
  g_free (newest->id);
  g_free (newest->name);
  ferry_ledger_run_free (newest->run);
  g_free (newest);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (task_data);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) newest_free);
  GListModel *connections;

  if (ferry_connection_store_load (store, NULL))
    {
      connections = ferry_connection_store_get_connections (store);
      for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
        {
          g_autoptr(FerryConnection) connection = g_list_model_get_item (connections, i);
          g_autofree char *path = ferry_connection_store_get_ledger_path (store, connection);
          g_autoptr(FerryLedger) ledger = NULL;
          FerryLedgerRun *run = NULL;
          Newest *newest;

          /* Opening a missing ledger would create it. */
          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)
              || (ledger = ferry_ledger_open (path, NULL)) == NULL
              || !ferry_ledger_get_last_run (ledger, &run, NULL) || run == NULL)
            continue;
          newest = g_new0 (Newest, 1);
          newest->id = g_strdup (ferry_connection_get_id (connection));
          newest->name = g_strdup (ferry_connection_get_name (connection));
          newest->run = run;
          g_ptr_array_add (found, newest);
        }
    }
  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/* The run as the scheduler's signal gives it: a result, or the error of a
 * failed run. */
static void
tell (FerryRunsWatch *self,
      const Newest   *newest)
{
  const FerryLedgerRun *run = newest->run;
  g_autoptr(GError) error = NULL;
  FerrySyncResult result = { 0 };

  if (run->result == FERRY_LEDGER_RESULT_CANCELLED || run->result == FERRY_LEDGER_RESULT_INTERRUPTED)
    return;
  if (run->result == FERRY_LEDGER_RESULT_FAILED)
    {
      error = g_error_new_literal (FERRY_ERROR, FERRY_ERROR_FAILED,
                                   run->message != NULL ? run->message : "");
      g_signal_emit (self, signals[RUN_FINISHED], 0, newest->id, newest->name, NULL, error);
      return;
    }
  result.run_id = run->id;
  result.result = run->result;
  result.counts = run->counts;
  result.duration_ms = run->duration_ms;
  result.message = run->message;
  g_signal_emit (self, signals[RUN_FINISHED], 0, newest->id, newest->name, &result, NULL);
}

static void
on_read (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  FerryRunsWatch *self = FERRY_RUNS_WATCH (source);
  g_autoptr(GPtrArray) found = g_task_propagate_pointer (G_TASK (res), NULL);
  gboolean first = !self->started;

  if (found == NULL)
    return;
  g_clear_object (&self->reading);
  self->started = TRUE;
  for (guint i = 0; i < found->len; i++)
    {
      const Newest *newest = found->pdata[i];
      const FerryLedgerRun *run = newest->run;
      gint64 *seen = g_hash_table_lookup (self->seen, newest->id);
      /* A run still going is accounted for once it ends. */
      gint64 upto = run->result == FERRY_LEDGER_RESULT_RUNNING ? run->id - 1 : run->id;

      if (!first && run->id > (seen != NULL ? *seen : 0) && upto == run->id
          && run->trigger == FERRY_LEDGER_TRIGGER_AUTOMATIC)
        tell (self, newest);
      g_hash_table_insert (self->seen, g_strdup (newest->id), g_memdup2 (&upto, sizeof upto));
    }
}

void
ferry_runs_watch_poll (FerryRunsWatch *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_RUNS_WATCH (self));

  if (self->reading != NULL)
    return;
  self->reading = g_cancellable_new ();
  task = g_task_new (self, self->reading, on_read, NULL);
  g_task_set_source_tag (task, ferry_runs_watch_poll);
  g_task_set_task_data (task, g_strdup (self->profile_dir), g_free);
  g_task_run_in_thread (task, read_thread);
}

static void
ferry_runs_watch_dispose (GObject *object)
{
  FerryRunsWatch *self = FERRY_RUNS_WATCH (object);

  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);

  G_OBJECT_CLASS (ferry_runs_watch_parent_class)->dispose (object);
}

static void
ferry_runs_watch_finalize (GObject *object)
{
  FerryRunsWatch *self = FERRY_RUNS_WATCH (object);

  g_hash_table_unref (self->seen);
  g_free (self->profile_dir);

  G_OBJECT_CLASS (ferry_runs_watch_parent_class)->finalize (object);
}

static void
ferry_runs_watch_class_init (FerryRunsWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_runs_watch_dispose;
  object_class->finalize = ferry_runs_watch_finalize;

  signals[RUN_FINISHED] =
    g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, FERRY_TYPE_SYNC_RESULT,
                  G_TYPE_ERROR);
}

static void
ferry_runs_watch_init (FerryRunsWatch *self)
{
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

FerryRunsWatch *
ferry_runs_watch_new (const char *profile_dir)
{
  FerryRunsWatch *self = g_object_new (FERRY_TYPE_RUNS_WATCH, NULL);

  self->profile_dir = g_strdup (profile_dir);
  return self;
}
