/* ferryctl-connection-set.c: `ferryctl connection set`, when a connection
 * syncs and what a run does on a failure, for a server without a desktop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferryctl-connection"

#include <stdio.h>

#include "ferry-error.h"
#include "ferryctl-util.h"

typedef struct
{
  char *profile;       /* owned, nullable */
  char *schedule;      /* owned, nullable: not given */
  char *deep_schedule; /* owned, nullable: not given */
  char *stop_on_error; /* owned, nullable: not given; "yes" or "no" */
} SetOptions;

static void
set_options_clear (SetOptions *options)
{
  g_free (options->profile);
  g_free (options->schedule);
  g_free (options->deep_schedule);
  g_free (options->stop_on_error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SetOptions, set_options_clear)

/* Checks a schedule option's value before anything is read or written; a
 * usage error's status, or 0. */
static int
check_schedule_option (const char *option,
                       const char *value)
{
  g_autoptr(GError) error = NULL;

  if (value == NULL || ferry_connection_check_schedule (value, &error))
    return FERRYCTL_EXIT_OK;
  return ferryctl_usage_error ("%s: %s", option, error->message);
}

static int
check_options (const SetOptions *options,
               gboolean         *out_stop_on_error)
{
  int status;

  if (options->schedule == NULL && options->deep_schedule == NULL
      && options->stop_on_error == NULL)
    return ferryctl_usage_error ("nothing to change: give --schedule, --deep-schedule or "
                                 "--stop-on-error");
  if ((status = check_schedule_option ("--schedule", options->schedule)) != FERRYCTL_EXIT_OK
      || (status = check_schedule_option ("--deep-schedule", options->deep_schedule))
         != FERRYCTL_EXIT_OK)
    return status;
  if (options->stop_on_error == NULL)
    return FERRYCTL_EXIT_OK;
  if (g_ascii_strcasecmp (options->stop_on_error, "yes") == 0)
    *out_stop_on_error = TRUE;
  else if (g_ascii_strcasecmp (options->stop_on_error, "no") == 0)
    *out_stop_on_error = FALSE;
  else
    return ferryctl_usage_error ("--stop-on-error takes yes or no, not “%s”",
                                 options->stop_on_error);
  return FERRYCTL_EXIT_OK;
}

int
ferryctl_connection_set (int    argc,
                         char **argv)
{
  g_auto(SetOptions) options = { NULL, };
  const GOptionEntry entries[] = {
    FERRYCTL_PROFILE_OPTION (&options.profile),
    { "schedule", 0, 0, G_OPTION_ARG_STRING, &options.schedule,
      "When to sync automatically: hourly, manual, every:15m, daily:02:00 …", "S" },
    { "deep-schedule", 0, 0, G_OPTION_ARG_STRING, &options.deep_schedule,
      "When an automatic sync is deep instead: weekly:sun:02:00, daily:03:00 …, or manual",
      "S" },
    { "stop-on-error", 0, 0, G_OPTION_ARG_STRING, &options.stop_on_error,
      "yes: stop a run at the first rejected record; no: go on with the others", "yes|no" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new ("CONNECTION — change when a connection syncs");
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(FerryConnection) edited = NULL;
  g_autoptr(GError) error = NULL;
  FerryConnection *connection;
  gboolean stop_on_error = FALSE;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Changes the settings given and keeps the others. "
                                "A running `ferryctl daemon` or Ferry app uses them from its "
                                "next check.");
  if (!ferryctl_parse_options (context, &argc, &argv,
                               (const char * const[]) { "CONNECTION", NULL }, &status))
    return status;
  if ((status = check_options (&options, &stop_on_error)) != FERRYCTL_EXIT_OK)
    return status;

  connection = ferryctl_open_connection (options.profile, argv[1], &store, &error);
  if (connection == NULL)
    return ferryctl_fail (error);
  edited = ferry_connection_copy (connection);
  if (options.schedule != NULL)
    ferry_connection_set_schedule (edited, options.schedule);
  if (options.deep_schedule != NULL)
    ferry_connection_set_deep_schedule (edited, options.deep_schedule);
  if (options.stop_on_error != NULL)
    ferry_connection_set_stop_on_error (edited, stop_on_error);
  if (!ferry_connection_store_update (store, edited, &error))
    return ferryctl_fail (error);

  printf ("Updated “%s”: schedule %s, deep schedule %s, on a failure %s.\n",
          ferry_connection_get_name (connection), ferry_connection_get_schedule (connection),
          ferry_connection_get_deep_schedule (connection),
          ferry_connection_get_stop_on_error (connection) ? "stop the run" : "go on");
  printf ("See when it syncs: ferryctl schedule \"%s\"\n", ferry_connection_get_name (connection));
  return FERRYCTL_EXIT_OK;
}
