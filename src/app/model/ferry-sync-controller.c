/* ferry-sync-controller.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-controller"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "ferry-app-format.h"
#include "ferry-background-sync.h"
#include "ferry-error.h"
#include "ferry-notify.h"
#include "ferry-run-lock.h"
#include "ferry-schedule.h"
#include "ferry-scheduler.h"
#include "ferry-secrets.h"
#include "ferry-sync-controller-private.h"
#include "ferry-sync-job.h"

struct _FerrySyncController
{
  GObject             parent_instance;

  FerryAppState      *state;        /* owned */
  FerryConnection    *connection;   /* owned */
  FerrySyncSelection *selection;    /* owned */
  FerrySyncJob       *job;          /* owned, nullable: the run going on */
  GCancellable       *cancellable;  /* owned, nullable: of the run going on */
  GCancellable       *refreshing;   /* owned, nullable: of the ledger read */
  GListModel         *errors;       /* owned: FerrySyncErrorItem */
  FerryLedgerRun     *last_synced;  /* owned, nullable */
  guint               times_source; /* refreshes "5 minutes ago" */
  FerryScheduleState  schedule_state; /* from the ledger's runs */
  GFileMonitor       *lock_monitor; /* owned, nullable: the run lock's file */

  gboolean            running;
  double              fraction;
  char               *phase_text;   /* owned */
  char               *entity_label; /* owned, nullable */
  char               *progress_text; /* owned, nullable */
  char               *counts_text;  /* owned, nullable */
  char               *last_synced_text; /* owned, nullable */
  char               *last_synced_relative; /* owned, nullable */
  char               *duration_text; /* owned, nullable */
  char               *result_text;  /* owned, nullable */
  char               *next_sync_text; /* owned, nullable */
  char               *busy_text;    /* owned, nullable */
  char               *message;      /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (FerrySyncController, ferry_sync_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_SELECTION,
  PROP_RUNNING,
  PROP_PHASE_TEXT,
  PROP_FRACTION,
  PROP_ENTITY_LABEL,
  PROP_PROGRESS_TEXT,
  PROP_COUNTS_TEXT,
  PROP_LAST_SYNCED,
  PROP_LAST_SYNCED_RELATIVE,
  PROP_DURATION_TEXT,
  PROP_RESULT_TEXT,
  PROP_NEXT_SYNC_TEXT,
  PROP_BUSY_TEXT,
  PROP_ERRORS,
  PROP_HAS_ERRORS,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define SET_STRING(self, field, value, prop) \
  ferry_notify_set_string (G_OBJECT (self), &(self)->field, (value), properties[prop])

static const char *
phase_text (FerrySyncPhase phase)
{
  switch (phase)
    {
    case FERRY_SYNC_PHASE_PREPARING:
      return _("Preparing…");
    case FERRY_SYNC_PHASE_PUSHING:
      return _("Sending records…");
    case FERRY_SYNC_PHASE_RECONCILING:
      return _("Comparing with the cloud…");
    case FERRY_SYNC_PHASE_EXPORTING:
      return _("Writing the cloud’s exports…");
    case FERRY_SYNC_PHASE_FINISHING:
      return _("Finishing…");
    case FERRY_SYNC_PHASE_DONE:
      return _("Done");
    case FERRY_SYNC_PHASE_IDLE:
    default:
      return "";
    }
}

char *
ferry_sync_controller_dup_ledger_path (FerrySyncController *self)
{
  return ferry_connection_store_get_ledger_path (ferry_app_state_get_store (self->state),
                                                 self->connection);
}

static void
set_fraction (FerrySyncController *self,
              double               fraction)
{
  if (self->fraction == fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
set_running (FerrySyncController *self,
             gboolean             running)
{
  ferry_notify_set_boolean (G_OBJECT (self), &self->running, running, properties[PROP_RUNNING]);
}

static void
on_job_notify (FerrySyncController *self)
{
  FerryLedgerCounts counts;
  g_autofree char *done = ferry_format_number (ferry_sync_job_get_done (self->job));
  g_autofree char *total = ferry_format_number (ferry_sync_job_get_total (self->job));
  g_autofree char *progress = NULL;
  g_autofree char *counts_text = NULL;

  ferry_sync_job_get_counts (self->job, &counts);
  /* Until the run knows what to expect, "0 of 0" and "No records" say nothing. */
  if (ferry_sync_job_get_done (self->job) > 0)
    counts_text = ferry_format_run_counts (&counts);
  if (ferry_sync_job_get_total (self->job) > 0)
    /* Translators: records done of the records a run expects, e.g. “1,204 of 5,000 records” */
    progress = g_strdup_printf (_("%s of %s records"), done, total);

  SET_STRING (self, phase_text, phase_text (ferry_sync_job_get_phase (self->job)), PROP_PHASE_TEXT);
  SET_STRING (self, entity_label, ferry_sync_job_get_entity_label (self->job), PROP_ENTITY_LABEL);
  SET_STRING (self, progress_text, progress, PROP_PROGRESS_TEXT);
  SET_STRING (self, counts_text, counts_text, PROP_COUNTS_TEXT);
  set_fraction (self, ferry_sync_job_get_fraction (self->job));
}

static char *describe_holder (FerrySyncController *self,
                              gboolean            *out_here);
static void  update_busy     (FerrySyncController *self);

/* How a run that did not finish ended, for result-text. */
static void
end_with_error (FerrySyncController *self,
                const GError        *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      SET_STRING (self, result_text, _("Cancelled"), PROP_RESULT_TEXT);
      SET_STRING (self, message, NULL, PROP_MESSAGE);
    }
  else if (g_error_matches (error, FERRY_ERROR, FERRY_ERROR_BUSY))
    {
      /* An automatic run or ferryctl holds the connection; runs are not
       * queued. The run lock names the program; when it is this one, its
       * "cancel it there" would point nowhere. */
      gboolean here = FALSE;
      g_autofree char *holder = describe_holder (self, &here);
      g_autofree char *own = NULL;

      if (here)
        own = g_strdup_printf (_("%s Start another sync after it ends; its result shows here."),
                               holder);
      SET_STRING (self, result_text, _("Not started"), PROP_RESULT_TEXT);
      SET_STRING (self, message, own != NULL ? own : error->message, PROP_MESSAGE);
    }
  else
    {
      SET_STRING (self, result_text, _("Failed"), PROP_RESULT_TEXT);
      SET_STRING (self, message, error->message, PROP_MESSAGE);
    }
}

static void
end_run (FerrySyncController *self)
{
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  SET_STRING (self, phase_text, "", PROP_PHASE_TEXT);
  SET_STRING (self, entity_label, NULL, PROP_ENTITY_LABEL);
  set_running (self, FALSE);
  update_busy (self);
  ferry_sync_controller_refresh (self);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerrySyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySyncResult) sync_result = NULL;

  sync_result = ferry_sync_job_run_finish (FERRY_SYNC_JOB (source), result, &error);
  if (sync_result == NULL)
    end_with_error (self, error);
  else
    {
      SET_STRING (self, result_text, ferry_format_run_result (sync_result->result), PROP_RESULT_TEXT);
      SET_STRING (self, message, sync_result->message, PROP_MESSAGE);
    }
  if (self->job == FERRY_SYNC_JOB (source))
    end_run (self);
}

typedef struct
{
  FerrySyncController *self;    /* owned */
  FerrySyncOptions    *options; /* owned */
} StartData;

static void
start_data_free (StartData *data)
{
  g_object_unref (data->self);
  ferry_sync_options_free (data->options);
  g_free (data);
}

static void
on_password (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  StartData *data = user_data;
  FerrySyncController *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPassword) password = NULL;

  password = ferry_account_lookup_password_for_finish (FERRY_ACCOUNT (source), result, &error);
  if (password == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      end_with_error (self, error);
      end_run (self);
      start_data_free (data);
      return;
    }
  self->job = ferry_sync_job_new (ferry_app_state_get_store (self->state), self->connection,
                                  data->options);
  ferry_sync_job_set_password (self->job, password);
  g_signal_connect_object (self->job, "notify", G_CALLBACK (on_job_notify), self,
                           G_CONNECT_SWAPPED);
  ferry_sync_job_run_async (self->job, self->cancellable, on_run_done, g_object_ref (self));
  start_data_free (data);
}

gboolean
ferry_sync_controller_start (FerrySyncController    *self,
                             const FerrySyncOptions *options)
{
  StartData *data;
  g_auto(GStrv) selected = NULL;

  g_return_val_if_fail (FERRY_IS_SYNC_CONTROLLER (self), FALSE);

  if (self->running)
    return TRUE;
  data = g_new0 (StartData, 1);
  data->options = options != NULL ? ferry_sync_options_copy (options) : ferry_sync_options_new ();
  if (ferry_sync_options_get_entities (data->options) == NULL)
    {
      selected = ferry_sync_selection_dup_selected_ids (self->selection);
      ferry_sync_options_set_entities (data->options, (const char * const *) selected);
    }
  if (g_strv_length ((GStrv) ferry_sync_options_get_entities (data->options)) == 0)
    {
      ferry_sync_options_free (data->options);
      g_free (data);
      SET_STRING (self, message, _("Tick at least one entity type to sync."), PROP_MESSAGE);
      return FALSE;
    }
  data->self = g_object_ref (self);
  self->cancellable = g_cancellable_new ();
  set_fraction (self, 0);
  set_running (self, TRUE);
  SET_STRING (self, message, NULL, PROP_MESSAGE);
  SET_STRING (self, result_text, NULL, PROP_RESULT_TEXT);
  SET_STRING (self, progress_text, NULL, PROP_PROGRESS_TEXT);
  SET_STRING (self, counts_text, NULL, PROP_COUNTS_TEXT);
  SET_STRING (self, phase_text, phase_text (FERRY_SYNC_PHASE_PREPARING), PROP_PHASE_TEXT);
  ferry_account_lookup_password_for_async (ferry_app_state_get_account (self->state),
                                           self->connection, self->cancellable, on_password, data);
  return TRUE;
}

void
ferry_sync_controller_cancel (FerrySyncController *self)
{
  g_return_if_fail (FERRY_IS_SYNC_CONTROLLER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
ferry_sync_controller_retry_failed (FerrySyncController *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(FerrySyncOptions) options = ferry_sync_options_new ();
  g_auto(GStrv) entities = NULL;
  FerryCatalog *catalog = ferry_connection_get_catalog (self->connection);

  g_return_val_if_fail (FERRY_IS_SYNC_CONTROLLER (self), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (self->errors); i++)
    {
      g_autoptr(FerrySyncErrorItem) item = g_list_model_get_item (self->errors, i);
      const char *entity = ferry_sync_error_item_get_entity (item);

      if (ferry_catalog_lookup (catalog, entity) != NULL && g_hash_table_add (seen, (gpointer) entity))
        g_strv_builder_add (builder, entity);
    }
  entities = g_strv_builder_end (builder);
  if (entities[0] == NULL)
    return FALSE;
  ferry_sync_options_set_sync_type (options, FERRY_LEDGER_SYNC_SHALLOW);
  ferry_sync_options_set_entities (options, (const char * const *) entities);
  return ferry_sync_controller_start (self, options);
}

static void
set_errors (FerrySyncController *self,
            GListModel          *errors)
{
  gboolean had = g_list_model_get_n_items (self->errors) > 0;

  g_set_object (&self->errors, errors);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERRORS]);
  if (had != (g_list_model_get_n_items (errors) > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ERRORS]);
}

static void
apply_view (FerrySyncController *self,
            FerrySyncLedgerView *view)
{
  FerryLedgerRun *last = view->last_run;
  g_autoptr(GListModel) errors = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *counts = NULL;
  g_autofree char *duration = NULL;

  g_clear_pointer (&self->last_synced, ferry_ledger_run_free);
  self->last_synced = g_steal_pointer (&view->last_synced);
  ferry_schedule_state_clear (&self->schedule_state);
  self->schedule_state = view->schedule_state;
  memset (&view->schedule_state, 0, sizeof view->schedule_state);
  duration = self->last_synced != NULL ? ferry_format_duration (self->last_synced->duration_ms) : NULL;
  SET_STRING (self, duration_text, duration, PROP_DURATION_TEXT);
  if (last != NULL && last->result != FERRY_LEDGER_RESULT_RUNNING && !self->running)
    {
      counts = ferry_format_run_counts (&last->counts);
      SET_STRING (self, counts_text, counts, PROP_COUNTS_TEXT);
      SET_STRING (self, result_text, ferry_format_run_result (last->result), PROP_RESULT_TEXT);
      if (last->message != NULL)
        SET_STRING (self, message, last->message, PROP_MESSAGE);
      set_fraction (self, last->result == FERRY_LEDGER_RESULT_SUCCEEDED ? 1.0 : self->fraction);
    }
  errors = ferry_sync_error_items_new (ferry_connection_get_catalog (self->connection), view->errors);
  set_errors (self, errors);
  ferry_sync_controller_update_times (self, now);
}

static void
on_view_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerrySyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySyncLedgerView) view = ferry_sync_ledger_view_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (view == NULL)
    {
      g_warning ("Could not read the ledger of “%s”: %s",
                 ferry_connection_get_name (self->connection), error->message);
      SET_STRING (self, message, error->message, PROP_MESSAGE);
      return;
    }
  apply_view (self, view);
}

void
ferry_sync_controller_refresh (FerrySyncController *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_SYNC_CONTROLLER (self));

  /* Only the newest read counts. */
  g_cancellable_cancel (self->refreshing);
  g_clear_object (&self->refreshing);
  self->refreshing = g_cancellable_new ();
  path = ferry_sync_controller_dup_ledger_path (self);
  ferry_sync_ledger_view_read_async (path, self->refreshing, on_view_read, g_object_ref (self));
}

/* The next run, and who runs it when not this app; else say nothing does. */
static char *
describe_next (FerrySyncController *self,
               GDateTime           *now)
{
  const char *schedule = ferry_connection_get_schedule (self->connection);
  const char *deep_schedule = ferry_connection_get_deep_schedule (self->connection);
  g_autofree char *next = ferry_sync_describe_next_sync (&self->schedule_state, schedule,
                                                         deep_schedule, now);
  g_autofree char *program = NULL;
  gboolean running = FALSE;
  FerrySchedule parsed, deep;

  if (!ferry_schedule_parse (schedule, &parsed, NULL)
      || !ferry_schedule_parse (deep_schedule, &deep, NULL)
      || (parsed.kind == FERRY_SCHEDULE_MANUAL && deep.kind == FERRY_SCHEDULE_MANUAL))
    return g_steal_pointer (&next);
  ferry_scheduler_query_profile (ferry_app_state_get_store (self->state), &running, &program);
  if (running)
    return program != NULL && !g_str_equal (program, FERRY_PROGRAM_NAME)
           /* TRANSLATORS: "Next automatic sync: in 9 minutes (run by ferryctl daemon)" */
           ? g_strdup_printf (_("%s (run by %s)"), next, program)
           : g_steal_pointer (&next);
  return g_strdup_printf (_("%s — only while Ferry is open or ferryctl daemon runs; nothing "
                            "runs automatic syncs now"), next);
}

/* Who holds the connection's run lock now, in words; NULL when nobody
 * does. *@out_here: it is this app's automatic run. */
static char *
describe_holder (FerrySyncController *self,
                 gboolean            *out_here)
{
  g_autofree char *ledger_path = ferry_sync_controller_dup_ledger_path (self);
  g_autofree char *lock_path = ferry_run_lock_path_for_ledger (ledger_path);
  g_autoptr(FerryRunLockHolder) holder = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *since = NULL;
  gboolean held = FALSE;

  *out_here = FALSE;
  if (!ferry_run_lock_query (lock_path, &held, &holder, NULL) || !held)
    return NULL;
  if (holder == NULL)
    return g_strdup (_("Another program is syncing this connection now."));
  local = g_date_time_to_local (holder->started_at);
  since = g_date_time_format (local, "%H:%M");
  if ((*out_here = holder->pid == getpid ()))
    /* Translators: %s is a time, “14:05” */
    return g_strdup_printf (_("An automatic sync has been running since %s."), since);
  /* Translators: “ferryctl daemon (pid 4242) has been syncing this connection since 14:05.” */
  return g_strdup_printf (_("%s (pid %d) has been syncing this connection since %s."),
                          holder->program, (int) holder->pid, since);
}

/* A run of the connection that this controller did not start: an
 * automatic one of this app, ferryctl's, the daemon's. When it ends, the
 * ledger has news. */
static void
update_busy (FerrySyncController *self)
{
  g_autofree char *text = NULL;
  gboolean here = FALSE, was_busy = self->busy_text != NULL;

  if (!self->running)
    text = describe_holder (self, &here);
  SET_STRING (self, busy_text, text, PROP_BUSY_TEXT);
  if (was_busy && text == NULL)
    ferry_sync_controller_refresh (self);
}

static void
on_lock_changed (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 gpointer           user_data)
{
  update_busy (user_data);
}

static void
watch_lock (FerrySyncController *self)
{
  g_autofree char *ledger_path = ferry_sync_controller_dup_ledger_path (self);
  g_autofree char *lock_path = ferry_run_lock_path_for_ledger (ledger_path);
  g_autoptr(GFile) file = g_file_new_for_path (lock_path);
  g_autoptr(GError) error = NULL;

  /* Without a monitor the times tick still notices, later. */
  self->lock_monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->lock_monitor == NULL)
    {
      g_debug ("Not watching %s: %s", lock_path, error->message);
      return;
    }
  g_signal_connect_object (self->lock_monitor, "changed", G_CALLBACK (on_lock_changed), self,
                           G_CONNECT_DEFAULT);
}

void
ferry_sync_controller_update_times (FerrySyncController *self,
                                    GDateTime           *now)
{
  g_autofree char *absolute = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *next = NULL;
  GDateTime *when = NULL;

  g_return_if_fail (FERRY_IS_SYNC_CONTROLLER (self));

  if (self->last_synced != NULL)
    {
      when = self->last_synced->ended_at != NULL ? self->last_synced->ended_at
                                                 : self->last_synced->started_at;
      absolute = ferry_format_absolute_time (when, g_date_time_get_timezone (now));
      relative = ferry_format_relative_time (when, now);
    }
  next = describe_next (self, now);
  update_busy (self);
  SET_STRING (self, last_synced_text, absolute, PROP_LAST_SYNCED);
  SET_STRING (self, last_synced_relative, relative, PROP_LAST_SYNCED_RELATIVE);
  SET_STRING (self, next_sync_text, next, PROP_NEXT_SYNC_TEXT);
}

static gboolean
on_times_tick (gpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  ferry_sync_controller_update_times (data, now);
  return G_SOURCE_CONTINUE;
}

static void
append_line (GString    *text,
             const char *label,
             const char *value)
{
  if (value != NULL && *value != '\0')
    g_string_append_printf (text, "%s: %s\n", label, value);
}

char *
ferry_sync_controller_dup_details (FerrySyncController *self)
{
  GString *text = g_string_new (NULL);
  guint n_errors;

  g_return_val_if_fail (FERRY_IS_SYNC_CONTROLLER (self), NULL);

  n_errors = g_list_model_get_n_items (self->errors);
  append_line (text, _("Connection"), ferry_connection_get_name (self->connection));
  append_line (text, _("Result"), self->result_text);
  append_line (text, _("Message"), self->message);
  append_line (text, _("Last synced"), self->last_synced_text);
  append_line (text, _("Duration"), self->duration_text);
  append_line (text, _("Records"), self->counts_text);
  if (n_errors > 0)
    g_string_append_printf (text, ngettext ("%u record error:\n", "%u record errors:\n", n_errors),
                            n_errors);
  for (guint i = 0; i < n_errors; i++)
    {
      g_autoptr(FerrySyncErrorItem) item = g_list_model_get_item (self->errors, i);
      const char *hint = ferry_sync_error_item_get_hint (item);

      g_string_append_printf (text, "- %s %s: %s\n", ferry_sync_error_item_get_entity_label (item),
                              ferry_sync_error_item_get_key (item),
                              ferry_sync_error_item_get_message (item));
      if (hint != NULL)
        g_string_append_printf (text, "  %s: %s\n", _("Fix"), hint);
    }
  return g_string_free (text, FALSE);
}

FerrySyncController *
ferry_sync_controller_new (FerryAppState   *state,
                           FerryConnection *connection)
{
  FerrySyncController *self;

  g_return_val_if_fail (FERRY_IS_APP_STATE (state), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);

  self = g_object_new (FERRY_TYPE_SYNC_CONTROLLER, NULL);
  self->state = g_object_ref (state);
  self->connection = g_object_ref (connection);
  self->selection = ferry_sync_selection_new (connection);
  self->times_source = g_timeout_add_seconds (30, on_times_tick, self);
  watch_lock (self);
  ferry_sync_controller_refresh (self);
  return self;
}

#define GETTER(type, name, expr) \
  type ferry_sync_controller_get_##name (FerrySyncController *self) \
  { \
    g_return_val_if_fail (FERRY_IS_SYNC_CONTROLLER (self), (type) 0); \
    return (expr); \
  }

GETTER (FerryConnection *, connection, self->connection)
GETTER (FerrySyncSelection *, selection, self->selection)
GETTER (gboolean, running, self->running)
GETTER (const char *, phase_text, self->phase_text)
GETTER (double, fraction, self->fraction)
GETTER (const char *, entity_label, self->entity_label)
GETTER (const char *, progress_text, self->progress_text)
GETTER (const char *, counts_text, self->counts_text)
GETTER (const char *, last_synced, self->last_synced_text)
GETTER (const char *, last_synced_relative, self->last_synced_relative)
GETTER (const char *, duration_text, self->duration_text)
GETTER (const char *, result_text, self->result_text)
GETTER (const char *, next_sync_text, self->next_sync_text)
GETTER (const char *, busy_text, self->busy_text)
GETTER (GListModel *, errors, self->errors)
GETTER (const char *, message, self->message)

static void
ferry_sync_controller_dispose (GObject *object)
{
  FerrySyncController *self = FERRY_SYNC_CONTROLLER (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->refreshing);
  g_clear_handle_id (&self->times_source, g_source_remove);
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->refreshing);
  g_clear_object (&self->selection);
  if (self->lock_monitor != NULL)
    g_file_monitor_cancel (self->lock_monitor);
  g_clear_object (&self->lock_monitor);

  G_OBJECT_CLASS (ferry_sync_controller_parent_class)->dispose (object);
}

static void
ferry_sync_controller_finalize (GObject *object)
{
  FerrySyncController *self = FERRY_SYNC_CONTROLLER (object);

  g_clear_object (&self->state);
  g_clear_object (&self->connection);
  g_clear_object (&self->errors);
  g_clear_pointer (&self->last_synced, ferry_ledger_run_free);
  g_free (self->phase_text);
  g_free (self->entity_label);
  g_free (self->progress_text);
  g_free (self->counts_text);
  g_free (self->last_synced_text);
  g_free (self->last_synced_relative);
  g_free (self->duration_text);
  g_free (self->result_text);
  g_free (self->next_sync_text);
  g_free (self->busy_text);
  g_free (self->message);
  ferry_schedule_state_clear (&self->schedule_state);

  G_OBJECT_CLASS (ferry_sync_controller_parent_class)->finalize (object);
}

static void
ferry_sync_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerrySyncController *self = FERRY_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION: g_value_set_object (value, self->connection); break;
    case PROP_SELECTION: g_value_set_object (value, self->selection); break;
    case PROP_RUNNING: g_value_set_boolean (value, self->running); break;
    case PROP_PHASE_TEXT: g_value_set_string (value, self->phase_text); break;
    case PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case PROP_ENTITY_LABEL: g_value_set_string (value, self->entity_label); break;
    case PROP_PROGRESS_TEXT: g_value_set_string (value, self->progress_text); break;
    case PROP_COUNTS_TEXT: g_value_set_string (value, self->counts_text); break;
    case PROP_LAST_SYNCED: g_value_set_string (value, self->last_synced_text); break;
    case PROP_LAST_SYNCED_RELATIVE: g_value_set_string (value, self->last_synced_relative); break;
    case PROP_DURATION_TEXT: g_value_set_string (value, self->duration_text); break;
    case PROP_RESULT_TEXT: g_value_set_string (value, self->result_text); break;
    case PROP_NEXT_SYNC_TEXT: g_value_set_string (value, self->next_sync_text); break;
    case PROP_BUSY_TEXT: g_value_set_string (value, self->busy_text); break;
    case PROP_ERRORS: g_value_set_object (value, self->errors); break;
    case PROP_HAS_ERRORS: g_value_set_boolean (value, g_list_model_get_n_items (self->errors) > 0); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sync_controller_class_init (FerrySyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const struct { guint id; const char *name; } strings[] = {
    { PROP_PHASE_TEXT, "phase-text" },
    { PROP_ENTITY_LABEL, "entity-label" },
    { PROP_PROGRESS_TEXT, "progress-text" },
    { PROP_COUNTS_TEXT, "counts-text" },
    { PROP_LAST_SYNCED, "last-synced" },
    { PROP_LAST_SYNCED_RELATIVE, "last-synced-relative" },
    { PROP_DURATION_TEXT, "duration-text" },
    { PROP_RESULT_TEXT, "result-text" },
    { PROP_NEXT_SYNC_TEXT, "next-sync-text" },
    { PROP_BUSY_TEXT, "busy-text" },
    { PROP_MESSAGE, "message" },
  };

  object_class->dispose = ferry_sync_controller_dispose;
  object_class->finalize = ferry_sync_controller_finalize;
  object_class->get_property = ferry_sync_controller_get_property;

  properties[PROP_CONNECTION] = g_param_spec_object ("connection", NULL, NULL,
                                                     FERRY_TYPE_CONNECTION, flags);
  properties[PROP_SELECTION] = g_param_spec_object ("selection", NULL, NULL,
                                                    FERRY_TYPE_SYNC_SELECTION, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_ERRORS] = g_param_spec_object ("errors", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_HAS_ERRORS] = g_param_spec_boolean ("has-errors", NULL, NULL, FALSE, flags);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    properties[strings[i].id] = g_param_spec_string (strings[i].name, NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_sync_controller_init (FerrySyncController *self)
{
  self->phase_text = g_strdup ("");
  self->errors = G_LIST_MODEL (g_list_store_new (FERRY_TYPE_SYNC_ERROR_ITEM));
}
