/* ferry-cloud-cmd-serve.c: `ferry-cloud serve`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "ferry-cloud-admin.h"
#include "ferry-cloud-problem.h"
#include "ferry-cloud-server.h"

typedef struct
{
  char    *db;
  char    *listen;
  char    *tls_cert;
  char    *tls_key;
  gint64   max_body;
  int      max_batch;
  int      token_hours;
  double   error_rate;
  double   drop_rate;
  double   throttle_rate;
  int      retry_after;
  int      latency;
  gint64   seed;
} ServeOptions;

static void
serve_options_clear (ServeOptions *options)
{
  g_free (options->db);
  g_free (options->listen);
  g_free (options->tls_cert);
  g_free (options->tls_key);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServeOptions, serve_options_clear)

static gboolean
quit_cb (gpointer data)
{
  g_printerr ("ferry-cloud: stopping\n");
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

/* Environment first, then the command line, which wins. */
static FerryCloudFaults *
build_faults (ServeOptions  *options,
              GError       **error)
{
  g_autoptr(FerryCloudFaults) faults = ferry_cloud_faults_new ();
  const char *spec = g_getenv ("FERRY_CLOUD_FAULTS");

  if (spec != NULL && *spec != '\0' && !ferry_cloud_faults_parse (faults, spec, error))
    {
      g_prefix_error (error, "FERRY_CLOUD_FAULTS: ");
      return NULL;
    }
  if (options->error_rate >= 0)
    ferry_cloud_faults_set_error_rate (faults, options->error_rate);
  if (options->drop_rate >= 0)
    ferry_cloud_faults_set_drop_rate (faults, options->drop_rate);
  if (options->throttle_rate >= 0)
    ferry_cloud_faults_set_throttle_rate (faults, options->throttle_rate);
  if (options->retry_after >= 0)
    ferry_cloud_faults_set_retry_after (faults, (guint) options->retry_after);
  if (options->latency >= 0)
    ferry_cloud_faults_set_latency (faults, (guint) options->latency);
  if (options->seed >= 0)
    ferry_cloud_faults_set_seed (faults, (guint64) options->seed);

  return g_steal_pointer (&faults);
}

static gboolean
check_options (ServeOptions  *options,
               GError       **error)
{
  double rates[] = { options->error_rate, options->drop_rate, options->throttle_rate };

  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      if (rates[i] > 1.0)
        {
          g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                       "A fault rate is a fraction from 0 to 1, not %g.", rates[i]);
          return FALSE;
        }
    }
  if ((options->tls_cert == NULL) != (options->tls_key == NULL))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "HTTPS needs both --tls-cert and --tls-key.");
      return FALSE;
    }
  if (options->max_body < 1024 || options->max_batch < 1 || options->token_hours < 1)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "--max-body must be at least 1024, --max-batch and --token-lifetime at least 1.");
      return FALSE;
    }
  return TRUE;
}

static int
serve (ServeOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudStore) store = NULL;
  g_autoptr(FerryCloudFaults) faults = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(FerryCloudServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *url = NULL;
  g_autofree char *described = NULL;
  guint term, interrupt;

  if (!check_options (options, &error)
      || (faults = build_faults (options, &error)) == NULL)
    return ferry_cloud_admin_fail (error);

  if (options->tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (options->tls_cert, options->tls_key, &error);
      if (certificate == NULL)
        {
          g_prefix_error (&error, "Cannot use the TLS certificate %s with key %s: ",
                          options->tls_cert, options->tls_key);
          return ferry_cloud_admin_fail (error);
        }
    }

  if ((store = ferry_cloud_admin_open_store (options->db, &error)) == NULL)
    return ferry_cloud_admin_fail (error);

  server = ferry_cloud_server_new (store, ferry_cloud_faults_is_enabled (faults) ? faults : NULL,
                                   certificate);
  ferry_cloud_server_set_max_body (server, (gsize) options->max_body);
  ferry_cloud_server_set_max_batch (server, (guint) options->max_batch);
  ferry_cloud_server_set_token_lifetime (server, (gint64) options->token_hours * 3600);
  if (!ferry_cloud_server_listen (server, options->listen, &error))
    return ferry_cloud_admin_fail (error);

  loop = g_main_loop_new (NULL, FALSE);
  term = g_unix_signal_add (SIGTERM, quit_cb, loop);
  interrupt = g_unix_signal_add (SIGINT, quit_cb, loop);

  url = ferry_cloud_server_get_url (server);
  described = ferry_cloud_faults_describe (faults);
  g_printerr ("ferry-cloud %s: %s\n", PACKAGE_VERSION, described);
  /* Scripts and tests wait for this line. */
  printf ("ferry-cloud: listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  g_source_remove (term);
  g_source_remove (interrupt);
  ferry_cloud_server_stop (server);
  g_clear_object (&server);
  g_clear_object (&store);
  g_printerr ("ferry-cloud: stopped\n");

  return 0;
}

int
ferry_cloud_cmd_serve (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_auto(ServeOptions) options = {
    .max_body = FERRY_CLOUD_DEFAULT_MAX_BODY,
    .max_batch = FERRY_CLOUD_DEFAULT_MAX_BATCH,
    .token_hours = FERRY_CLOUD_DEFAULT_TOKEN_LIFETIME / 3600,
    .error_rate = -1, .drop_rate = -1, .throttle_rate = -1,
    .retry_after = -1, .latency = -1, .seed = -1,
  };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db, "The cloud database (or FERRY_CLOUD_DB)", "FILE" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &options.listen, "Where to listen (default 127.0.0.1:8765; port 0 picks one)", "HOST:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert, "Serve HTTPS with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key, "… and this PEM private key", "FILE" },
    { "max-body", 0, 0, G_OPTION_ARG_INT64, &options.max_body, "Largest request body in bytes (default 8 MiB)", "BYTES" },
    { "max-batch", 0, 0, G_OPTION_ARG_INT, &options.max_batch, "Most records in one batch (default 1000)", "N" },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &options.token_hours, "Hours a login token lasts (default 12)", "HOURS" },
    { "fault-error-rate", 0, 0, G_OPTION_ARG_DOUBLE, &options.error_rate, "Tests: answer this fraction of requests with 503", "F" },
    { "fault-drop-rate", 0, 0, G_OPTION_ARG_DOUBLE, &options.drop_rate, "Tests: commit, then drop this fraction of batches and acknowledgements", "F" },
    { "fault-throttle-rate", 0, 0, G_OPTION_ARG_DOUBLE, &options.throttle_rate, "Tests: answer this fraction of requests with 429", "F" },
    { "fault-retry-after", 0, 0, G_OPTION_ARG_INT, &options.retry_after, "Tests: Retry-After of injected 429s (default 1)", "S" },
    { "fault-latency", 0, 0, G_OPTION_ARG_INT, &options.latency, "Tests: delay every request this long", "MS" },
    { "fault-seed", 0, 0, G_OPTION_ARG_INT64, &options.seed, "Tests: seed of the injected faults", "N" },
    { NULL }
  };

  g_option_context_set_summary (context,
      "Serve the Ferry cloud API. Stops cleanly on SIGTERM or SIGINT.\n"
      "Faults can also be set in FERRY_CLOUD_FAULTS, e.g. \"error=0.1,drop=0.05,seed=7\".");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ferry-cloud: %s\n", error->message);
      return 2;
    }
  if (argc != 1)
    {
      g_printerr ("ferry-cloud: serve takes no arguments, only options (see --help).\n");
      return 2;
    }
  if (options.listen == NULL)
    options.listen = g_strdup ("127.0.0.1:8765");

  return serve (&options);
}
