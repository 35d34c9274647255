/* ferry-cloud-admin.c: what the subcommands share, and `site` and `company`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-admin"

#include "config.h"

#include <stdio.h>

#include "ferry-cloud-admin.h"
#include "ferry-cloud-problem.h"

FerryCloudStore *
ferry_cloud_admin_open_store (const char  *db,
                              GError     **error)
{
  if (db == NULL)
    db = g_getenv ("FERRY_CLOUD_DB");
  if (db == NULL || *db == '\0')
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "Which database? Give --db FILE or set FERRY_CLOUD_DB.");
      return NULL;
    }
  return ferry_cloud_store_open (db, error);
}

gboolean
ferry_cloud_admin_resolve_company (FerryCloudStore  *store,
                                   const char       *site,
                                   const char       *company,
                                   gint64           *out_site_id,
                                   gint64           *out_company_id,
                                   GError          **error)
{
  gint64 site_id;

  if (site == NULL || (out_company_id != NULL && company == NULL))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   out_company_id != NULL ? "Give --site SITE and --company CODE."
                                          : "Give --site SITE.");
      return FALSE;
    }
  if (!ferry_cloud_store_lookup_site (store, site, &site_id, error))
    return FALSE;
  if (out_site_id != NULL)
    *out_site_id = site_id;
  if (out_company_id != NULL
      && !ferry_cloud_store_lookup_company (store, site_id, company, out_company_id, error))
    return FALSE;
  return TRUE;
}

int
ferry_cloud_admin_fail (const GError *error)
{
  g_printerr ("ferry-cloud: %s\n", error->message);
  return 1;
}

void
ferry_cloud_admin_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

/* Parses options; prints usage errors. Returns FALSE when the caller should
 * exit with 2. */
static gboolean
parse (GOptionContext   *context,
       int              *argc,
       char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("ferry-cloud: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

int
ferry_cloud_cmd_site (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("add NAME | list");
  g_autoptr(FerryCloudStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The cloud database", "FILE" },
    { NULL }
  };

  g_option_context_set_summary (context, "Create or list sites (tenants).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse (context, &argc, &argv))
    return 2;

  if (argc == 3 && g_strcmp0 (argv[1], "add") == 0)
    {
      if ((store = ferry_cloud_admin_open_store (db, &error)) == NULL
          || ferry_cloud_store_add_site (store, argv[2], &error) == 0)
        return ferry_cloud_admin_fail (error);
      g_print ("Site %s created.\n", argv[2]);
      return 0;
    }
  if (argc == 2 && g_strcmp0 (argv[1], "list") == 0)
    {
      g_autoptr(JsonNode) sites = NULL;

      if ((store = ferry_cloud_admin_open_store (db, &error)) == NULL
          || (sites = ferry_cloud_store_list_sites (store, &error)) == NULL)
        return ferry_cloud_admin_fail (error);
      ferry_cloud_admin_print_json (sites);
      return 0;
    }

  g_printerr ("Usage: ferry-cloud site --db FILE add NAME | list\n");
  return 2;
}

int
ferry_cloud_cmd_company (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("add CODE NAME | list");
  g_autoptr(FerryCloudStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *site = NULL;
  gint64 site_id;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "The cloud database", "FILE" },
    { "site", 0, 0, G_OPTION_ARG_STRING, &site, "The site", "SITE" },
    { NULL }
  };

  g_option_context_set_summary (context, "Create or list the companies of a site.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse (context, &argc, &argv))
    return 2;
  if (!((argc == 4 && g_strcmp0 (argv[1], "add") == 0)
        || (argc == 2 && g_strcmp0 (argv[1], "list") == 0)))
    {
      g_printerr ("Usage: ferry-cloud company --db FILE --site SITE add CODE NAME | list\n");
      return 2;
    }

  if ((store = ferry_cloud_admin_open_store (db, &error)) == NULL
      || !ferry_cloud_admin_resolve_company (store, site, NULL, &site_id, NULL, &error))
    return ferry_cloud_admin_fail (error);

  if (argc == 4)
    {
      if (ferry_cloud_store_add_company (store, site_id, argv[2], argv[3], &error) == 0)
        return ferry_cloud_admin_fail (error);
      g_print ("Company %s (%s) created in site %s.\n", argv[2], argv[3], site);
    }
  else
    {
      g_autoptr(JsonNode) companies = ferry_cloud_store_list_companies (store, site_id, &error);

      if (companies == NULL)
        return ferry_cloud_admin_fail (error);
      ferry_cloud_admin_print_json (companies);
    }
  return 0;
}
