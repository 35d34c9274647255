/* ferry-cloud-admin-exports.c: `ferry-cloud export`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stands in for the cloud portal's approval step: `add` enqueues export
 * items as if they had been approved in the cloud, `list` shows the
 * operator where each one stands with the accounting system.
 */
#define G_LOG_DOMAIN "ferry-cloud-admin"

#include "config.h"

#include <stdio.h>

#include "ferry-cloud-admin.h"
#include "ferry-cloud-exports.h"
#include "ferry-cloud-problem.h"

#define USAGE "Usage: ferry-cloud export --db FILE --site SITE --company CODE " \
              "add FILE | list [--status STATUS]\n"

static char *
read_stdin (GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[65536];
  gsize n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, (gssize) n);
  if (ferror (stdin))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "Cannot read the export items from standard input.");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The export items in @file ("-": standard input), parsed. */
static JsonNode *
load_items (const char  *file,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *name = g_str_equal (file, "-") ? "standard input" : file;

  if (g_str_equal (file, "-"))
    text = read_stdin (error);
  else if (!g_file_get_contents (file, &text, NULL, &local_error))
    g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                 "%s", local_error->message);
  if (text == NULL)
    return NULL;

  if (!json_parser_load_from_data (parser, text, -1, &local_error)
      || json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_MALFORMED_JSON,
                   "%s is not JSON (%s). Give one export item object or an array of them.",
                   name, local_error ? local_error->message : "it is empty");
      return NULL;
    }
  return json_parser_steal_root (parser);
}

int
ferry_cloud_cmd_export (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("add FILE | list");
  g_autoptr(FerryCloudStore) store = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *site = NULL;
  g_autofree char *company = NULL;
  g_autofree char *status = NULL;
  gint64 company_id;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The cloud database", "FILE" },
    { "site", 0, 0, G_OPTION_ARG_STRING, &site, "The site", "SITE" },
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, "The company code", "CODE" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      "Only items with this status: pending, failed or applied (list)", "STATUS" },
    { NULL }
  };
  gboolean add, list;

  g_option_context_set_summary (context,
      "Enqueue export items as if approved in the cloud (FILE holds one item\n"
      "object or an array of them; - reads standard input), or list the items\n"
      "of a company and their status.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ferry-cloud: %s\n", error->message);
      return 2;
    }
  add = argc == 3 && g_strcmp0 (argv[1], "add") == 0 && status == NULL;
  list = argc == 2 && g_strcmp0 (argv[1], "list") == 0;
  if (!add && !list)
    {
      g_printerr (USAGE);
      return 2;
    }

  if ((store = ferry_cloud_admin_open_store (db, &error)) == NULL
      || !ferry_cloud_admin_resolve_company (store, site, company, NULL, &company_id, &error))
    return ferry_cloud_admin_fail (error);

  if (add)
    {
      g_autoptr(JsonNode) items = load_items (argv[2], &error);

      if (items != NULL)
        result = ferry_cloud_exports_enqueue (store, company_id, items, &error);
    }
  else
    result = ferry_cloud_exports_list (store, company_id, status, &error);

  if (result == NULL)
    return ferry_cloud_admin_fail (error);
  ferry_cloud_admin_print_json (result);
  return 0;
}
