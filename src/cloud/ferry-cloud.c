/* ferry-cloud.c: the reference cloud service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "ferry-cloud-admin.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "serve", ferry_cloud_cmd_serve, "Serve the API over HTTP or HTTPS" },
  { "site", ferry_cloud_cmd_site, "Create or list sites (tenants)" },
  { "company", ferry_cloud_cmd_company, "Create or list the companies of a site" },
  { "user", ferry_cloud_cmd_user, "Create, change or list users (passwords from stdin)" },
  { "records", ferry_cloud_cmd_records, "List pushed records, or their counts and digests" },
  { "export", ferry_cloud_cmd_export, "Enqueue export items, or list them and their status" },
};

static void
print_usage (FILE *out)
{
  fprintf (out,
           "Usage: ferry-cloud COMMAND [OPTION…]\n\n"
           "The reference implementation of Ferry’s cloud API (docs/cloud-api.md).\n"
           "Every command takes --db FILE (or FERRY_CLOUD_DB) and --help.\n\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
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

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].run (argc - 1, argv + 1);
    }

  if (argc >= 2)
    fprintf (stderr, "ferry-cloud: unknown command “%s”.\n\n", argv[1]);
  print_usage (stderr);
  return 2;
}
