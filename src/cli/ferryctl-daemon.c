/* ferryctl-daemon.c: `ferryctl daemon`, every connection's schedule in the
 * foreground
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a service on the accounting server (data/ferry-daemon.service): it
 * logs to standard error, which systemd keeps in the journal, and stops on
 * SIGTERM or SIGINT by cancelling the runs in progress, which record
 * themselves as cancelled, so the ledger is left consistent.
 */
#define G_LOG_DOMAIN "ferryctl-daemon"

#include <glib-unix.h>
#include <stdio.h>

#include "ferry-scheduler.h"
#include "ferryctl-util.h"

/* The longest wait between two looks at the clock and the connections. */
#define DEFAULT_INTERVAL 30

typedef struct
{
  FerryScheduler *scheduler; /* borrowed */
  GMainLoop      *loop;      /* borrowed */
  gboolean        stopping;
} Daemon;

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Daemon *daemon = user_data;

  ferry_scheduler_stop_finish (FERRY_SCHEDULER (source), result, NULL);
  g_main_loop_quit (daemon->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  Daemon *daemon = user_data;

  if (!daemon->stopping)
    {
      guint running = ferry_scheduler_get_n_running (daemon->scheduler);

      daemon->stopping = TRUE;
      g_message ("Stopping%s", running > 0 ? ": cancelling the runs in progress" : "");
      ferry_scheduler_stop_async (daemon->scheduler, stopped_cb, daemon);
    }
  return G_SOURCE_CONTINUE;
}

int
ferryctl_daemon (int    argc,
                 char **argv)
{
  g_autofree char *profile = NULL;
  g_autofree char *password_file = NULL;
  int interval = DEFAULT_INTERVAL;
  const GOptionEntry entries[] = {
    FERRYCTL_PROFILE_OPTION (&profile),
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      "Every connection's cloud password from FILE (mode 0600), e.g. a systemd credential, "
      "instead of the Secret Service", "FILE" },
    { "check-interval", 0, 0, G_OPTION_ARG_INT, &interval,
      "Look at the clock and the connections at least every N seconds (default 30)", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— run every connection's automatic syncs");
  g_autoptr(FerryScheduler) scheduler = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  Daemon daemon = { NULL, NULL, FALSE };
  guint sigterm, sigint;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Runs the automatic syncs of every connection of the profile on "
                                "their schedules,\nin the foreground, until SIGTERM or Ctrl-C; "
                                "logs to standard error (the journal\nunder systemd). "
                                "`ferryctl schedule CONNECTION` shows when they run.");
  if (!ferryctl_parse_options (context, &argc, &argv, (const char * const[]) { NULL }, &status))
    return status;
  if (interval < 1 || interval > 3600)
    return ferryctl_usage_error ("--check-interval must be a number of seconds from 1 to 3600");

  scheduler = ferry_scheduler_new (profile, "ferryctl daemon");
  ferry_scheduler_set_password_file (scheduler, password_file);
  if (!ferry_scheduler_start (scheduler, (guint) interval, &error))
    return ferryctl_fail (error);

  loop = g_main_loop_new (NULL, FALSE);
  daemon.scheduler = scheduler;
  daemon.loop = loop;
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &daemon);
  sigint = g_unix_signal_add (SIGINT, on_signal, &daemon);
  g_message ("Running the automatic syncs of %s", profile != NULL ? profile : "the default profile");
  g_main_loop_run (loop);
  g_source_remove (sigterm);
  g_source_remove (sigint);
  g_message ("Stopped");
  return FERRYCTL_EXIT_OK;
}
