/* ferry-run-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-run-item"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-run-item.h"

struct _FerryRunItem
{
  GObject         parent_instance;

  char           *connection_id;   /* owned */
  char           *connection_name; /* owned */
  char           *ledger_path;     /* owned */
  FerryLedgerRun *run;             /* owned */
};

G_DEFINE_FINAL_TYPE (FerryRunItem, ferry_run_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION_ID,
  PROP_CONNECTION_NAME,
  PROP_LEDGER_PATH,
  PROP_RUN,
  PROP_STARTED_AT,
  PROP_RESULT,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryRunItem *
ferry_run_item_new (const char           *connection_id,
                    const char           *connection_name,
                    const char           *ledger_path,
                    const FerryLedgerRun *run)
{
  FerryRunItem *self;

  g_return_val_if_fail (connection_id != NULL, NULL);
  g_return_val_if_fail (connection_name != NULL, NULL);
  g_return_val_if_fail (ledger_path != NULL, NULL);
  g_return_val_if_fail (run != NULL, NULL);

  self = g_object_new (FERRY_TYPE_RUN_ITEM, NULL);
  self->connection_id = g_strdup (connection_id);
  self->connection_name = g_strdup (connection_name);
  self->ledger_path = g_strdup (ledger_path);
  self->run = ferry_ledger_run_copy (run);
  return self;
}

const char *
ferry_run_item_get_connection_id (FerryRunItem *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_ITEM (self), NULL);
  return self->connection_id;
}

const char *
ferry_run_item_get_connection_name (FerryRunItem *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_ITEM (self), NULL);
  return self->connection_name;
}

const char *
ferry_run_item_get_ledger_path (FerryRunItem *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_ITEM (self), NULL);
  return self->ledger_path;
}

const FerryLedgerRun *
ferry_run_item_get_run (FerryRunItem *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_ITEM (self), NULL);
  return self->run;
}

FerryLedgerRunResult
ferry_run_item_get_result (FerryRunItem *self)
{
  g_return_val_if_fail (FERRY_IS_RUN_ITEM (self), FERRY_LEDGER_RESULT_FAILED);
  return self->run->result;
}

gboolean
ferry_run_item_get_problem (FerryRunItem *self)
{
  FerryLedgerRunResult result = ferry_run_item_get_result (self);

  return result != FERRY_LEDGER_RESULT_SUCCEEDED && result != FERRY_LEDGER_RESULT_RUNNING;
}

int
ferry_run_item_compare (FerryRunItem *a,
                        FerryRunItem *b)
{
  int order = g_date_time_compare (b->run->started_at, a->run->started_at);

  if (order == 0)
    order = g_utf8_collate (a->connection_name, b->connection_name);
  if (order == 0)
    order = (b->run->id > a->run->id) - (b->run->id < a->run->id);
  return order;
}

typedef struct
{
  char   *ledger_path; /* owned */
  gint64  run_id;
  guint   limit;
} LoadErrors;

static void
load_errors_free (gpointer data)
{
  LoadErrors *load = data;

  g_free (load->ledger_path);
  g_free (load);
}

static void
load_errors_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  LoadErrors *load = task_data;
  g_autoptr(FerryLedger) ledger = NULL;
  GPtrArray *errors = NULL;
  GError *error = NULL;

  /* Opening would create an empty ledger where the file was removed. */
  if (!g_file_test (load->ledger_path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                               _("The ledger “%s” is gone"), load->ledger_path);
      return;
    }
  ledger = ferry_ledger_open (load->ledger_path, &error);
  if (ledger != NULL)
    errors = ferry_ledger_list_run_errors (ledger, load->run_id,
                                           load->limit > 0 ? load->limit : G_MAXUINT, 0, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, errors, (GDestroyNotify) g_ptr_array_unref);
}

void
ferry_run_item_load_errors_async (FerryRunItem        *self,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadErrors *load;

  g_return_if_fail (FERRY_IS_RUN_ITEM (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_run_item_load_errors_async);
  load = g_new0 (LoadErrors, 1);
  load->ledger_path = g_strdup (self->ledger_path);
  load->run_id = self->run->id;
  load->limit = limit;
  g_task_set_task_data (task, load, load_errors_free);
  g_task_run_in_thread (task, load_errors_thread);
}

GPtrArray *
ferry_run_item_load_errors_finish (FerryRunItem  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The task data of ferry_run_item_load_last_async (). */
enum { LAST_ID, LAST_NAME, LAST_PATH };

static void
load_last_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char * const *load = task_data;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryLedgerRun) run = NULL;
  GError *error = NULL;

  if (g_file_test (load[LAST_PATH], G_FILE_TEST_IS_REGULAR))
    {
      ledger = ferry_ledger_open (load[LAST_PATH], &error);
      if (ledger != NULL)
        ferry_ledger_get_last_run (ledger, &run, &error);
      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (run == NULL)
    {
      /* Translators: %s is a local connection's name */
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                               _("“%s” has not synced yet"), load[LAST_NAME]);
      return;
    }
  g_task_return_pointer (task,
                         ferry_run_item_new (load[LAST_ID], load[LAST_NAME], load[LAST_PATH], run),
                         g_object_unref);
}

void
ferry_run_item_load_last_async (const char          *connection_id,
                                const char          *connection_name,
                                const char          *ledger_path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  const char *load[] = { [LAST_ID] = connection_id, [LAST_NAME] = connection_name,
                         [LAST_PATH] = ledger_path, NULL };
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (connection_id != NULL && connection_name != NULL && ledger_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_run_item_load_last_async);
  g_task_set_task_data (task, g_strdupv ((char **) load), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, load_last_thread);
}

FerryRunItem *
ferry_run_item_load_last_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
ferry_run_item_finalize (GObject *object)
{
  FerryRunItem *self = FERRY_RUN_ITEM (object);

  g_free (self->connection_id);
  g_free (self->connection_name);
  g_free (self->ledger_path);
  g_clear_pointer (&self->run, ferry_ledger_run_free);

  G_OBJECT_CLASS (ferry_run_item_parent_class)->finalize (object);
}

static void
ferry_run_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FerryRunItem *self = FERRY_RUN_ITEM (object);

  switch (prop_id)
    {
    case PROP_CONNECTION_ID:
      g_value_set_string (value, self->connection_id);
      break;
    case PROP_CONNECTION_NAME:
      g_value_set_string (value, self->connection_name);
      break;
    case PROP_LEDGER_PATH:
      g_value_set_string (value, self->ledger_path);
      break;
    case PROP_RUN:
      g_value_set_boxed (value, self->run);
      break;
    case PROP_STARTED_AT:
      g_value_set_boxed (value, self->run->started_at);
      break;
    case PROP_RESULT:
      g_value_set_int (value, self->run->result);
      break;
    case PROP_PROBLEM:
      g_value_set_boolean (value, ferry_run_item_get_problem (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_run_item_class_init (FerryRunItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_run_item_finalize;
  object_class->get_property = ferry_run_item_get_property;

  properties[PROP_CONNECTION_ID] = g_param_spec_string ("connection-id", NULL, NULL, NULL, flags);
  properties[PROP_CONNECTION_NAME] = g_param_spec_string ("connection-name", NULL, NULL, NULL, flags);
  properties[PROP_LEDGER_PATH] = g_param_spec_string ("ledger-path", NULL, NULL, NULL, flags);
  properties[PROP_RUN] = g_param_spec_boxed ("run", NULL, NULL, FERRY_TYPE_LEDGER_RUN, flags);
  properties[PROP_STARTED_AT] = g_param_spec_boxed ("started-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_RESULT] = g_param_spec_int ("result", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_PROBLEM] = g_param_spec_boolean ("problem", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_run_item_init (FerryRunItem *self)
{
}
