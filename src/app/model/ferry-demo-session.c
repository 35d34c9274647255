/* ferry-demo-session.c: starting and stopping the embedded demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A start is a chain on the main loop: forget the last demo's password →
 * make the files (worker thread, ferry-demo-prepare.c) → spawn the cloud
 * and read the address it listens on → add the connection → connect the
 * account. The cloud is spawned from the main thread, so that it can be
 * told to die with the process that started it (PR_SET_PDEATHSIG follows
 * the thread that forked).
 */
#define G_LOG_DOMAIN "ferry-demo-session"

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "ferry-demo-generator.h"
#include "ferry-demo-session-private.h"
#include "ferry-demo-session.h"
#include "ferry-error.h"
#include "ferry-notify.h"

#define LISTENING_PREFIX "ferry-cloud: listening on "
/* The cloud opens one SQLite file; far longer means it will not start. */
#define START_TIMEOUT_S 30

struct _FerryDemoSession
{
  GObject       parent_instance;

  char         *directory;   /* owned */
  char         *profile_dir; /* owned */
  guint64       records;
  char         *status;      /* owned */
  char         *cloud_url;   /* owned, nullable */
  char         *site_url;    /* owned, nullable */
  gboolean      running;
  gboolean      started;
  GSubprocess  *process;     /* owned, nullable: the demo cloud */
  GCancellable *cancellable; /* owned: stop () cancels it */
};

G_DEFINE_FINAL_TYPE (FerryDemoSession, ferry_demo_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_PROFILE_DIR,
  PROP_RECORDS,
  PROP_STATUS,
  PROP_CLOUD_URL,
  PROP_SITE_URL,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What one start carries from step to step. */
typedef struct
{
  FerryAppState    *state;     /* owned */
  FerryDemoPlan    *plan;      /* owned */
  GDataInputStream *out;       /* owned, nullable: the cloud's standard output */
  guint             timeout_id;
  gboolean          timed_out;
} StartOp;

static void
start_op_free (StartOp *op)
{
  g_clear_handle_id (&op->timeout_id, g_source_remove);
  g_clear_object (&op->state);
  g_clear_pointer (&op->plan, ferry_demo_plan_free);
  g_clear_object (&op->out);
  g_free (op);
}

static void
set_string (FerryDemoSession  *self,
            char             **field,
            const char        *value,
            guint              prop)
{
  ferry_notify_set_string (G_OBJECT (self), field, value, properties[prop]);
}

static void
set_running (FerryDemoSession *self,
             gboolean          running)
{
  ferry_notify_set_boolean (G_OBJECT (self), &self->running, running, properties[PROP_RUNNING]);
}

/* ---- Finding ferry-cloud ------------------------------------------------- */

static char *
executable_or_null (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return g_canonicalize_filename (path, NULL);
  return NULL;
}

char *
ferry_demo_session_find_cloud (GError **error)
{
  const char *env = g_getenv ("FERRY_CLOUD");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
  /* Relative to the running program: src/app (the app in its build tree),
   * tests/… (a test), the installed bindir; then the installed programs. */
  const char *relative[] = { "../cloud/ferry-cloud", "../../src/cloud/ferry-cloud", "ferry-cloud" };
  const char *installed[] = { FERRY_LIBEXECDIR "/ferry-cloud", FERRY_BINDIR "/ferry-cloud" };
  char *found;

  if (env != NULL && *env != '\0')
    {
      if ((found = executable_or_null (env)) != NULL)
        return found;
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                   _("FERRY_CLOUD names %s, which is not a program; point it at ferry-cloud."),
                   env);
      return NULL;
    }
  for (guint i = 0; dir != NULL && i < G_N_ELEMENTS (relative); i++)
    {
      g_autofree char *path = g_build_filename (dir, relative[i], NULL);

      if ((found = executable_or_null (path)) != NULL)
        return found;
    }
  for (guint i = 0; i < G_N_ELEMENTS (installed); i++)
    if ((found = executable_or_null (installed[i])) != NULL)
      return found;

  g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                       _("Could not find ferry-cloud, the demo’s cloud service. Build Ferry "
                         "with Meson, which builds ferry-cloud too, or set FERRY_CLOUD to the "
                         "program."));
  return NULL;
}

/* ---- Ending a start ------------------------------------------------------ */

/* Ends @task (taken) with @error (taken), the cloud stopped. */
static void
start_failed (GTask  *task,
              GError *error)
{
  FerryDemoSession *self = g_task_get_source_object (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, _("The demo could not start: "));
  ferry_demo_session_stop (self);
  set_string (self, &self->status, error->message, PROP_STATUS);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_account_connected (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryDemoSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!ferry_account_connect_finish (FERRY_ACCOUNT (source), result, &error))
    {
      start_failed (g_steal_pointer (&task), error);
      return;
    }
  set_running (self, TRUE);
  set_string (self, &self->status, _("The demo is ready."), PROP_STATUS);
  g_task_return_boolean (task, TRUE);
}

/* ---- The connection and the account -------------------------------------- */

static gboolean
add_connection (FerryDemoSession  *self,
                StartOp           *op,
                GError           **error)
{
  FerryConnectionStore *store = ferry_app_state_get_store (op->state);
  g_autoptr(FerryConnection) connection = NULL;
  g_autofree char *location = g_build_filename (self->directory, "accounting.db", NULL);
  FerryConnection *existing;

  if (!ferry_app_state_load (op->state, error))
    return FALSE;
  existing = ferry_connection_store_lookup (store, FERRY_DEMO_CONNECTION_NAME);
  connection = existing != NULL ? ferry_connection_copy (existing)
                                : ferry_connection_new (NULL, FERRY_DEMO_CONNECTION_NAME);
  ferry_connection_set_location (connection, location);
  ferry_connection_set_site_url (connection, self->cloud_url);
  ferry_connection_set_site (connection, FERRY_DEMO_SITE);
  ferry_connection_set_company (connection, FERRY_DEMO_COMPANY);
  ferry_connection_set_user (connection, FERRY_DEMO_USER);
  if (existing != NULL)
    return ferry_connection_store_update (store, connection, error);
  return ferry_connection_store_add (store, connection, error);
}

static void
on_listening (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryDemoSession *self = g_task_get_source_object (task);
  StartOp *op = g_task_get_task_data (task);
  g_autofree char *line = NULL;
  g_autofree char *site_url = NULL;
  FerryAccount *account = ferry_app_state_get_account (op->state);
  GError *error = NULL;

  g_clear_handle_id (&op->timeout_id, g_source_remove);
  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    &error);
  if (error == NULL && (line == NULL || !g_str_has_prefix (line, LISTENING_PREFIX)))
    {
      g_autofree char *log_path = g_build_filename (self->directory, "cloud.log", NULL);
      g_autofree char *log = NULL;

      g_file_get_contents (log_path, &log, NULL, NULL);
      if (op->timed_out)
        error = g_error_new (FERRY_ERROR, FERRY_ERROR_FAILED,
                             _("ferry-cloud did not start within %d seconds: %s"),
                             START_TIMEOUT_S, log != NULL ? g_strstrip (log) : "");
      else
        error = g_error_new (FERRY_ERROR, FERRY_ERROR_FAILED, _("ferry-cloud stopped at once: %s"),
                             log != NULL ? g_strstrip (log) : "");
    }
  if (error != NULL)
    {
      start_failed (g_steal_pointer (&task), error);
      return;
    }

  set_string (self, &self->cloud_url, line + strlen (LISTENING_PREFIX), PROP_CLOUD_URL);
  site_url = g_strconcat (self->cloud_url, "/" FERRY_DEMO_SITE, NULL);
  set_string (self, &self->site_url, site_url, PROP_SITE_URL);
  if (!add_connection (self, op, &error))
    {
      start_failed (g_steal_pointer (&task), error);
      return;
    }

  set_string (self, &self->status, _("Connecting to the demo cloud…"), PROP_STATUS);
  ferry_account_set_site_url (account, site_url);
  ferry_account_set_user (account, FERRY_DEMO_USER);
  ferry_account_connect_async (account, op->plan->password, self->cancellable,
                               on_account_connected, g_steal_pointer (&task));
}

/* ---- The cloud ----------------------------------------------------------- */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
on_start_timeout (gpointer user_data)
{
  GTask *task = user_data;
  FerryDemoSession *self = g_task_get_source_object (task);
  StartOp *op = g_task_get_task_data (task);

  op->timeout_id = 0;
  op->timed_out = TRUE;
  /* Its standard output closes, which ends the read. */
  if (self->process != NULL)
    g_subprocess_send_signal (self->process, SIGTERM);
  return G_SOURCE_REMOVE;
}

static void
spawn_cloud (GTask *task)
{
  FerryDemoSession *self = g_task_get_source_object (task);
  StartOp *op = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *db = g_build_filename (self->directory, "cloud.db", NULL);
  g_autofree char *log = g_build_filename (self->directory, "cloud.log", NULL);
  GError *error = NULL;

  set_string (self, &self->status, _("Starting the demo cloud…"), PROP_STATUS);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, op->plan->cloud, "serve",
                                               "--db", db, "--listen", "127.0.0.1:0", NULL);
  if (self->process == NULL)
    {
      start_failed (task, error);
      return;
    }
  op->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  op->timeout_id = g_timeout_add_seconds (START_TIMEOUT_S, on_start_timeout, task);
  g_data_input_stream_read_line_async (op->out, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_listening, task);
}

/* ---- The files ----------------------------------------------------------- */

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (ferry_demo_prepare (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    start_failed (task, error);
  else
    spawn_cloud (task);
}

static void
prepare (GTask *task)
{
  FerryDemoSession *self = g_task_get_source_object (task);
  StartOp *op = g_task_get_task_data (task);
  g_autoptr(GTask) worker = g_task_new (NULL, self->cancellable, on_prepared, task);

  set_string (self, &self->status, _("Preparing the demo company…"), PROP_STATUS);
  g_task_set_source_tag (worker, prepare);
  g_task_set_task_data (worker, op->plan, NULL);
  g_task_run_in_thread (worker, prepare_thread);
}

/* The last demo's cloud listened on another port: its kept password is of
 * no use any more. */
static void
on_old_password_forgotten (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_account_disconnect_finish (FERRY_ACCOUNT (source), result, &error))
    g_debug ("Could not forget the last demo's password: %s", error->message);
  prepare (user_data);
}

void
ferry_demo_session_start_async (FerryDemoSession    *self,
                                FerryAppState       *state,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FerryAccount *account;
  StartOp *op;
  GError *error = NULL;
  char *cloud;

  g_return_if_fail (FERRY_IS_DEMO_SESSION (self));
  g_return_if_fail (FERRY_IS_APP_STATE (state));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_demo_session_start_async);
  if (self->started)
    {
      g_task_return_new_error (task, FERRY_ERROR, FERRY_ERROR_EXISTS, "%s",
                               _("The demo has been started already."));
      return;
    }
  self->started = TRUE;
  if (g_cancellable_is_cancelled (cancellable))
    g_cancellable_cancel (self->cancellable);
  else if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             self->cancellable, G_CONNECT_SWAPPED);
  if ((cloud = ferry_demo_session_find_cloud (&error)) == NULL)
    {
      start_failed (g_steal_pointer (&task), error);
      return;
    }

  op = g_new0 (StartOp, 1);
  op->state = g_object_ref (state);
  op->plan = g_new0 (FerryDemoPlan, 1);
  *op->plan = (FerryDemoPlan) { cloud, g_strdup (self->directory), g_strdup (self->profile_dir),
                                self->records, ferry_demo_new_password () };
  g_task_set_task_data (task, op, (GDestroyNotify) start_op_free);

  account = ferry_app_state_get_account (state);
  if (*ferry_account_get_site_url (account) != '\0')
    ferry_account_disconnect_async (account, self->cancellable, on_old_password_forgotten,
                                    g_steal_pointer (&task));
  else
    prepare (g_steal_pointer (&task));
}

gboolean
ferry_demo_session_start_finish (FerryDemoSession  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ferry_demo_session_stop (FerryDemoSession *self)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FERRY_IS_DEMO_SESSION (self));

  g_cancellable_cancel (self->cancellable);
  process = g_steal_pointer (&self->process);
  if (process != NULL)
    {
      g_subprocess_send_signal (process, SIGTERM);
      if (!g_subprocess_wait (process, NULL, &error))
        g_warning ("Could not wait for the demo cloud to stop: %s", error->message);
    }
  set_running (self, FALSE);
}

/* ---- GObject ------------------------------------------------------------- */

static void
ferry_demo_session_dispose (GObject *object)
{
  FerryDemoSession *self = FERRY_DEMO_SESSION (object);

  ferry_demo_session_stop (self);

  G_OBJECT_CLASS (ferry_demo_session_parent_class)->dispose (object);
}

static void
ferry_demo_session_finalize (GObject *object)
{
  FerryDemoSession *self = FERRY_DEMO_SESSION (object);

  g_free (self->directory);
  g_free (self->profile_dir);
  g_free (self->status);
  g_free (self->cloud_url);
  g_free (self->site_url);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ferry_demo_session_parent_class)->finalize (object);
}

static void
ferry_demo_session_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryDemoSession *self = FERRY_DEMO_SESSION (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_PROFILE_DIR:
      g_value_set_string (value, self->profile_dir);
      break;
    case PROP_RECORDS:
      g_value_set_uint64 (value, self->records);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_CLOUD_URL:
      g_value_set_string (value, self->cloud_url);
      break;
    case PROP_SITE_URL:
      g_value_set_string (value, self->site_url);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_demo_session_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FerryDemoSession *self = FERRY_DEMO_SESSION (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      if (self->directory == NULL)
        self->directory = g_build_filename (g_get_user_data_dir (), "ferry", "demo", NULL);
      self->profile_dir = g_build_filename (self->directory, "profile", NULL);
      break;
    case PROP_RECORDS:
      ferry_demo_session_set_records (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_demo_session_class_init (FerryDemoSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ferry_demo_session_dispose;
  object_class->finalize = ferry_demo_session_finalize;
  object_class->get_property = ferry_demo_session_get_property;
  object_class->set_property = ferry_demo_session_set_property;

  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_DIR] = g_param_spec_string ("profile-dir", NULL, NULL, NULL, read_only);
  properties[PROP_RECORDS] =
    g_param_spec_uint64 ("records", NULL, NULL, 1, G_MAXUINT64,
                         FERRY_DEMO_GENERATOR_DEFAULT_RECORDS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, read_only);
  properties[PROP_CLOUD_URL] = g_param_spec_string ("cloud-url", NULL, NULL, NULL, read_only);
  properties[PROP_SITE_URL] = g_param_spec_string ("site-url", NULL, NULL, NULL, read_only);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_demo_session_init (FerryDemoSession *self)
{
  self->records = FERRY_DEMO_GENERATOR_DEFAULT_RECORDS;
  self->status = g_strdup ("");
  self->cancellable = g_cancellable_new ();
}

FerryDemoSession *
ferry_demo_session_new (const char *directory)
{
  return g_object_new (FERRY_TYPE_DEMO_SESSION, "directory", directory, NULL);
}

const char *
ferry_demo_session_get_directory (FerryDemoSession *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_SESSION (self), NULL);

  return self->directory;
}

const char *
ferry_demo_session_get_profile_dir (FerryDemoSession *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_SESSION (self), NULL);

  return self->profile_dir;
}

guint64
ferry_demo_session_get_records (FerryDemoSession *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_SESSION (self), 0);

  return self->records;
}

void
ferry_demo_session_set_records (FerryDemoSession *self,
                                guint64           records)
{
  g_return_if_fail (FERRY_IS_DEMO_SESSION (self));

  if (self->records != records)
    {
      self->records = records;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDS]);
    }
}

const char *
ferry_demo_session_get_status (FerryDemoSession *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_SESSION (self), NULL);

  return self->status;
}

const char *
ferry_demo_session_get_cloud_url (FerryDemoSession *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_SESSION (self), NULL);

  return self->cloud_url;
}

const char *
ferry_demo_session_get_site_url (FerryDemoSession *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_SESSION (self), NULL);

  return self->site_url;
}

gboolean
ferry_demo_session_get_running (FerryDemoSession *self)
{
  g_return_val_if_fail (FERRY_IS_DEMO_SESSION (self), FALSE);

  return self->running;
}
