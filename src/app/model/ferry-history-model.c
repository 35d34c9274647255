/* ferry-history-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reload snapshots (id, name, ledger path) of each connection on the main
 * thread and reads the ledgers on a worker thread. The worker keeps its
 * FerryLedgers open between reloads: closing the last connection to a WAL
 * database checkpoints it, which would change the -wal file the monitor
 * watches and start another reload. Only one reload runs at a time, so the
 * open ledgers are used by one thread at a time.
 */
#define G_LOG_DOMAIN "ferry-history-model"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-history-model.h"

/* At most one reload a second for ledger changes: a sync writes often. */
#define RELOAD_INTERVAL_MS 1000

struct _FerryHistoryModel
{
  GObject               parent_instance;

  FerryConnectionStore *store;        /* owned */
  GPtrArray            *items;        /* owned: FerryRunItem, newest first */
  GHashTable           *ledgers;      /* owned: path → FerryLedger, the worker's */
  char                 *ledger_dir;   /* owned: DATA/ledgers */
  GFileMonitor         *monitor;      /* owned, nullable */
  guint                 dir_poll_id;  /* while DATA/ledgers does not exist */
  GCancellable         *cancellable;  /* owned: cancelled on dispose */
  guint                 throttle_id;
  gint64                last_reload;  /* monotonic µs */
  gboolean              loading;
  gboolean              reload_pending;
  char                 *error;        /* owned, nullable */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryHistoryModel, ferry_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *id;   /* owned */
  char *name; /* owned */
  char *path; /* owned */
} Source;

static void
source_free (gpointer data)
{
  Source *source = data;

  g_free (source->id);
  g_free (source->name);
  g_free (source->path);
  g_free (source);
}

typedef struct
{
  GPtrArray  *sources; /* owned: Source */
  GHashTable *ledgers; /* owned ref of the model's */
} Reload;

static void
reload_free (gpointer data)
{
  Reload *reload = data;

  g_ptr_array_unref (reload->sources);
  g_hash_table_unref (reload->ledgers);
  g_free (reload);
}

typedef struct
{
  GPtrArray *items; /* owned */
  char      *error; /* owned, nullable */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_ptr_array_unref (loaded->items);
  g_free (loaded->error);
  g_free (loaded);
}

/* Worker thread. FALSE with @error set when the ledger could not be read. */
static gboolean
read_source (Source      *source,
             GHashTable  *ledgers,
             GPtrArray   *items,
             GError     **error)
{
  FerryLedger *ledger = g_hash_table_lookup (ledgers, source->path);
  g_autoptr(GPtrArray) runs = NULL;

  if (ledger == NULL)
    {
      ledger = ferry_ledger_open (source->path, error);
      if (ledger == NULL)
        return FALSE;
      g_hash_table_insert (ledgers, g_strdup (source->path), ledger);
    }
  runs = ferry_ledger_list_runs (ledger, FERRY_HISTORY_MODEL_RUNS_PER_LEDGER, 0, error);
  if (runs == NULL)
    {
      g_hash_table_remove (ledgers, source->path);
      return FALSE;
    }
  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (items, ferry_run_item_new (source->id, source->name, source->path,
                                                g_ptr_array_index (runs, i)));
  return TRUE;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  return ferry_run_item_compare (*(FerryRunItem **) a, *(FerryRunItem **) b);
}

/* Closes the ledgers of connections no longer listed or whose file is gone. */
static void
prune_ledgers (GHashTable *ledgers,
               GHashTable *present)
{
  GHashTableIter iter;
  const char *path;

  g_hash_table_iter_init (&iter, ledgers);
  while (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
    if (!g_hash_table_contains (present, path))
      g_hash_table_iter_remove (&iter);
}

static void
reload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Reload *reload = task_data;
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  Loaded *loaded = g_new0 (Loaded, 1);

  loaded->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < reload->sources->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      Source *source = g_ptr_array_index (reload->sources, i);
      g_autoptr(GError) error = NULL;

      /* A connection that never ran: opening would create its ledger. */
      if (!g_file_test (source->path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_hash_table_add (present, source->path);
      if (!read_source (source, reload->ledgers, loaded->items, &error) && loaded->error == NULL)
        loaded->error = g_strdup_printf (_("The history of “%s” could not be read: %s"),
                                         source->name, error->message);
    }
  prune_ledgers (reload->ledgers, present);
  g_ptr_array_sort (loaded->items, compare_items);
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static gboolean
same_item (FerryRunItem *a,
           FerryRunItem *b)
{
  const FerryLedgerRun *ra = ferry_run_item_get_run (a);
  const FerryLedgerRun *rb = ferry_run_item_get_run (b);

  return ra->id == rb->id
         && ra->result == rb->result
         && ra->duration_ms == rb->duration_ms
         && memcmp (&ra->counts, &rb->counts, sizeof ra->counts) == 0
         && g_strcmp0 (ra->message, rb->message) == 0
         && g_strcmp0 (ferry_run_item_get_ledger_path (a), ferry_run_item_get_ledger_path (b)) == 0
         && g_strcmp0 (ferry_run_item_get_connection_name (a),
                       ferry_run_item_get_connection_name (b)) == 0;
}

/* Replaces only what changed, so that a new run or a running run's new
 * counts keep the selection and scroll position of the rows around them. */
static void
replace_items (FerryHistoryModel *self,
               GPtrArray         *items)
{
  guint n_old = self->items->len, n_new = items->len;
  guint prefix = 0, suffix = 0;

  while (prefix < n_old && prefix < n_new
         && same_item (g_ptr_array_index (self->items, prefix), g_ptr_array_index (items, prefix)))
    prefix++;
  while (suffix < n_old - prefix && suffix < n_new - prefix
         && same_item (g_ptr_array_index (self->items, n_old - 1 - suffix),
                       g_ptr_array_index (items, n_new - 1 - suffix)))
    suffix++;
  if (prefix == n_old && prefix == n_new)
    return;

  g_ptr_array_unref (self->items);
  self->items = g_ptr_array_ref (items);
  g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                              n_old - prefix - suffix, n_new - prefix - suffix);
}

static void start_reload (FerryHistoryModel *self);

static void
set_error (FerryHistoryModel *self,
           const char        *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
reload_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  FerryHistoryModel *self;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled: the model was disposed. */
  if (loaded == NULL)
    return;
  self = FERRY_HISTORY_MODEL (object);
  if (self->store == NULL)
    {
      loaded_free (loaded);
      return;
    }
  replace_items (self, loaded->items);
  set_error (self, loaded->error);
  loaded_free (loaded);

  self->loading = FALSE;
  if (self->reload_pending)
    start_reload (self);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GPtrArray *
snapshot_sources (FerryHistoryModel *self)
{
  GListModel *connections = ferry_connection_store_get_connections (self->store);
  GPtrArray *sources = g_ptr_array_new_with_free_func (source_free);

  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(FerryConnection) connection = g_list_model_get_item (connections, i);
      Source *source = g_new0 (Source, 1);

      source->id = g_strdup (ferry_connection_get_id (connection));
      source->name = g_strdup (ferry_connection_get_name (connection));
      source->path = ferry_connection_store_get_ledger_path (self->store, connection);
      g_ptr_array_add (sources, source);
    }
  return sources;
}

static void
start_reload (FerryHistoryModel *self)
{
  g_autoptr(GTask) task = NULL;
  Reload *reload;
  gboolean was_loading = self->loading;

  self->reload_pending = FALSE;
  self->loading = TRUE;
  self->last_reload = g_get_monotonic_time ();

  reload = g_new0 (Reload, 1);
  reload->sources = snapshot_sources (self);
  reload->ledgers = g_hash_table_ref (self->ledgers);
  /* The task holds the model until it is done; dispose cancels it. */
  task = g_task_new (self, self->cancellable, reload_done, NULL);
  g_task_set_source_tag (task, start_reload);
  g_task_set_task_data (task, reload, reload_free);
  g_task_run_in_thread (task, reload_thread);
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
ferry_history_model_reload (FerryHistoryModel *self)
{
  g_return_if_fail (FERRY_IS_HISTORY_MODEL (self));

  if (self->loading)
    self->reload_pending = TRUE;
  else
    start_reload (self);
}

static gboolean
throttled_reload (gpointer user_data)
{
  FerryHistoryModel *self = user_data;

  self->throttle_id = 0;
  ferry_history_model_reload (self);
  return G_SOURCE_REMOVE;
}

/* A ledger (DATA/ledgers/ID.db) or its write-ahead log changed. */
static void
ledger_dir_changed (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  FerryHistoryModel *self = user_data;
  g_autofree char *name = g_file_get_basename (file);
  gint64 wait_ms;

  if (!g_str_has_suffix (name, ".db") && !g_str_has_suffix (name, ".db-wal"))
    return;
  /* A "changes done" follows the changes already seen. */
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED
      || event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT
      || self->throttle_id != 0)
    return;
  wait_ms = RELOAD_INTERVAL_MS - (g_get_monotonic_time () - self->last_reload) / 1000;
  self->throttle_id = g_timeout_add (CLAMP (wait_ms, 100, RELOAD_INTERVAL_MS),
                                     throttled_reload, self);
}

static void
watch_ledgers (FerryHistoryModel *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->ledger_dir);
  g_autoptr(GError) error = NULL;

  self->monitor = g_file_monitor_directory (file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->monitor == NULL)
    {
      g_warning ("Runs of ferryctl will not show until History reloads: %s", error->message);
      return;
    }
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (ledger_dir_changed), self, 0);
}

/* inotify notices a folder that does not exist yet only seconds after it
 * appears, and so would miss the first run of a new profile: until the
 * folder exists, look for it every 2 s. */
static gboolean
poll_ledger_dir (gpointer user_data)
{
  FerryHistoryModel *self = user_data;

  if (!g_file_test (self->ledger_dir, G_FILE_TEST_IS_DIR))
    return G_SOURCE_CONTINUE;
  self->dir_poll_id = 0;
  watch_ledgers (self);
  ferry_history_model_reload (self);
  return G_SOURCE_REMOVE;
}

static void
start_watching (FerryHistoryModel *self)
{
  self->ledger_dir = g_build_filename (ferry_connection_store_get_data_dir (self->store),
                                       "ledgers", NULL);
  if (g_file_test (self->ledger_dir, G_FILE_TEST_IS_DIR))
    watch_ledgers (self);
  else
    self->dir_poll_id = g_timeout_add_seconds (2, poll_ledger_dir, self);
}

FerryHistoryModel *
ferry_history_model_new (FerryConnectionStore *store)
{
  FerryHistoryModel *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (store), NULL);

  self = g_object_new (FERRY_TYPE_HISTORY_MODEL, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (ferry_connection_store_get_connections (store), "items-changed",
                           G_CALLBACK (ferry_history_model_reload), self, G_CONNECT_SWAPPED);
  start_watching (self);
  start_reload (self);
  return self;
}

gboolean
ferry_history_model_get_loading (FerryHistoryModel *self)
{
  g_return_val_if_fail (FERRY_IS_HISTORY_MODEL (self), FALSE);
  return self->loading;
}

const char *
ferry_history_model_get_error (FerryHistoryModel *self)
{
  g_return_val_if_fail (FERRY_IS_HISTORY_MODEL (self), NULL);
  return self->error;
}

static GType
list_model_get_item_type (GListModel *model)
{
  return FERRY_TYPE_RUN_ITEM;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return FERRY_HISTORY_MODEL (model)->items->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  FerryHistoryModel *self = FERRY_HISTORY_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
ferry_history_model_dispose (GObject *object)
{
  FerryHistoryModel *self = FERRY_HISTORY_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->throttle_id, g_source_remove);
  g_clear_handle_id (&self->dir_poll_id, g_source_remove);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ferry_history_model_parent_class)->dispose (object);
}

static void
ferry_history_model_finalize (GObject *object)
{
  FerryHistoryModel *self = FERRY_HISTORY_MODEL (object);

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->ledgers);
  g_object_unref (self->cancellable);
  g_free (self->error);
  g_free (self->ledger_dir);

  G_OBJECT_CLASS (ferry_history_model_parent_class)->finalize (object);
}

static void
ferry_history_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FerryHistoryModel *self = FERRY_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_history_model_class_init (FerryHistoryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_history_model_dispose;
  object_class->finalize = ferry_history_model_finalize;
  object_class->get_property = ferry_history_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_history_model_init (FerryHistoryModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->ledgers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
}
