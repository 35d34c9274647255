/* ferryctl.c: Ferry's command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ferry-cloud-client.h"
#include "ferry-error.h"
#include "ferryctl.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Subcommand;

static const Subcommand subcommands[] = {
  { "catalog", ferryctl_catalog, "Print the entity catalog (--json for machines)" },
  { "connection", ferryctl_connection, "Add, list, show, change or remove local connections" },
  { "daemon", ferryctl_daemon, "Run every connection's automatic syncs (a service)" },
  { "demo-data", ferryctl_demo_data, "Generate a demo accounting database" },
  { "history", ferryctl_history, "The runs of a connection, and a run's record errors" },
  { "login", ferryctl_login, "Check a connection's cloud password and keep it in the keyring" },
  { "schedule", ferryctl_schedule, "When a connection's automatic syncs run next" },
  { "status", ferryctl_status, "Last synced, duration and result of every connection" },
  { "sync", ferryctl_sync, "Sync a connection with the cloud (shallow, or --deep)" },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: ferryctl [--profile DIR] COMMAND [OPTION…]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (out, "  %-12s %s\n", subcommands[i].name, subcommands[i].summary);
  fprintf (out, "\n--profile DIR keeps connections and ledgers in DIR instead of the XDG\n"
                "directories (as FERRY_PROFILE does). Run “ferryctl COMMAND --help” for a\n"
                "command’s options; docs/ferryctl.md lists the exit statuses.\n");
}

static FerryctlExit
exit_status_for_ferry_error (int code)
{
  switch ((FerryError) code)
    {
    case FERRY_ERROR_INVALID_ARGUMENT:
    case FERRY_ERROR_NOT_FOUND:
    case FERRY_ERROR_EXISTS:
      return FERRYCTL_EXIT_USAGE;
    case FERRY_ERROR_BUSY:
      return FERRYCTL_EXIT_BUSY;
    case FERRY_ERROR_FAILED:
    case FERRY_ERROR_INVALID_CATALOG:
    case FERRY_ERROR_DATABASE:
    case FERRY_ERROR_SCHEMA:
    case FERRY_ERROR_NO_SECRET_SERVICE:
    default:
      return FERRYCTL_EXIT_LOCAL;
    }
}

FerryctlExit
ferryctl_exit_status_for_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, FERRYCTL_EXIT_LOCAL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FERRYCTL_EXIT_CANCELLED;
  if (error->domain == G_OPTION_ERROR)
    return FERRYCTL_EXIT_USAGE;
  if (error->domain == FERRY_CLOUD_CLIENT_ERROR || error->domain == G_RESOLVER_ERROR
      || error->domain == G_TLS_ERROR)
    return FERRYCTL_EXIT_CLOUD;
  if (error->domain == FERRY_ERROR)
    return exit_status_for_ferry_error (error->code);
  return FERRYCTL_EXIT_LOCAL;
}

int
ferryctl_fail (const GError *error)
{
  fprintf (stderr, "%s: %s\n", g_get_prgname () != NULL ? g_get_prgname () : "ferryctl",
           error->message);
  return ferryctl_exit_status_for_error (error);
}

/* Takes a leading "--profile DIR" or "--profile=DIR" off the command line
 * into FERRY_PROFILE, which FerryConnectionStore reads. Returns how many
 * arguments it took, or -1 when DIR is missing. */
static int
take_global_profile (int    argc,
                     char **argv)
{
  const char *dir;
  int taken;

  if (argc > 1 && g_str_has_prefix (argv[1], "--profile="))
    {
      dir = argv[1] + strlen ("--profile=");
      taken = 1;
    }
  else if (argc > 1 && g_str_equal (argv[1], "--profile"))
    {
      if (argc < 3)
        return -1;
      dir = argv[2];
      taken = 2;
    }
  else
    return 0;

  if (*dir == '\0')
    return -1;
  g_setenv ("FERRY_PROFILE", dir, TRUE);
  return taken;
}

int
main (int   argc,
      char *argv[])
{
  int taken;

  setlocale (LC_ALL, "");

  taken = take_global_profile (argc, argv);
  if (taken < 0)
    {
      fprintf (stderr, "ferryctl: --profile needs a directory\n");
      return FERRYCTL_EXIT_USAGE;
    }
  argv[taken] = argv[0];
  argc -= taken;
  argv += taken;

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? FERRYCTL_EXIT_USAGE : FERRYCTL_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("ferryctl %s\n", PACKAGE_VERSION);
      return FERRYCTL_EXIT_OK;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (argv[1], subcommands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("ferryctl %s", argv[1]);
          g_set_prgname (prgname);
          argv[1] = prgname;
          return subcommands[i].run (argc - 1, argv + 1);
        }
    }

  fprintf (stderr, "ferryctl: unknown command “%s”\n\n", argv[1]);
  print_usage (stderr);
  return FERRYCTL_EXIT_USAGE;
}
