/* ferryctl.c: Ferry's command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ferryctl.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Subcommand;

static const Subcommand subcommands[] = {
  { "catalog", ferryctl_catalog, "Print the entity catalog (--json for machines)" },
  { "demo-data", ferryctl_demo_data, "Generate a demo accounting database" },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "Usage: ferryctl COMMAND [OPTION…]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (out, "  %-12s %s\n", subcommands[i].name, subcommands[i].summary);
  fprintf (out, "\nRun “ferryctl COMMAND --help” for a command’s options.\n");
}

int
ferryctl_fail (const GError *error)
{
  fprintf (stderr, "ferryctl: %s\n", error->message);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
      || g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("ferryctl %s\n", PACKAGE_VERSION);
      return 0;
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
  return 2;
}
