/* ferry-cloud.c: the reference cloud service
 *
 * The service itself (sites, push batches, export feed) arrives with its
 * own issue; until then the executable answers --version and --help and
 * says plainly that serving is not available.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib.h>

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage: ferry-cloud COMMAND [OPTION…]\n\n"
           "The reference implementation of Ferry’s cloud API.\n\n"
           "Commands:\n"
           "  serve        Serve the API (not available in this version)\n");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc >= 2 && g_str_equal (argv[1], "--version"))
    {
      printf ("ferry-cloud %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      print_usage (stdout);
      return 0;
    }
  if (argc >= 2 && g_str_equal (argv[1], "serve"))
    {
      fprintf (stderr, "ferry-cloud: serving the cloud API is not available in Ferry %s yet.\n",
               PACKAGE_VERSION);
      return 1;
    }

  print_usage (stderr);
  return 2;
}
