/* ferry-cloud-admin-records.c: `ferry-cloud records`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the cloud holds for a company, for an operator: a page of records
 * of one entity type, or the counts and digests a client reconciles with.
 */
#define G_LOG_DOMAIN "ferry-cloud-admin"

#include "config.h"

#include "ferry-cloud-admin.h"
#include "ferry-cloud-problem.h"
#include "ferry-cloud-records.h"

#define USAGE "Usage: ferry-cloud records --db FILE --site SITE --company CODE " \
              "list --entity ENTITY [--limit N] [--after CURSOR] [--include-deleted] | " \
              "summary [--entity ENTITY]\n"

typedef struct
{
  char     *db;
  char     *site;
  char     *company;
  char     *entity;
  char     *after;
  int       limit;
  gboolean  include_deleted;
} RecordsOptions;

static void
records_options_clear (RecordsOptions *options)
{
  g_free (options->db);
  g_free (options->site);
  g_free (options->company);
  g_free (options->entity);
  g_free (options->after);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RecordsOptions, records_options_clear)

static FerryEntityType *
lookup_entity (FerryCloudStore  *store,
               const char       *id,
               GError          **error)
{
  FerryEntityType *entity = ferry_catalog_lookup (ferry_cloud_store_get_catalog (store), id);

  if (entity == NULL || !ferry_entity_type_is_push (entity))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNKNOWN_ENTITY,
                   "“%s” is not a push entity type of the catalog (e.g. cn.contract).", id);
      return NULL;
    }
  return entity;
}

static int
run (RecordsOptions *options,
     gboolean        list)
{
  g_autoptr(FerryCloudStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  FerryEntityType *entity = NULL;
  gint64 company_id;

  if ((store = ferry_cloud_admin_open_store (options->db, &error)) == NULL
      || !ferry_cloud_admin_resolve_company (store, options->site, options->company, NULL,
                                             &company_id, &error))
    return ferry_cloud_admin_fail (error);
  if (options->entity != NULL && (entity = lookup_entity (store, options->entity, &error)) == NULL)
    return ferry_cloud_admin_fail (error);

  if (list)
    result = ferry_cloud_records_list (store, company_id, entity, options->after,
                                       (guint) options->limit, TRUE, options->include_deleted,
                                       &error);
  else if (entity != NULL)
    result = ferry_cloud_records_summary (store, company_id, entity, &error);
  else
    result = ferry_cloud_records_company_summary (store, company_id, &error);
  if (result == NULL)
    return ferry_cloud_admin_fail (error);

  ferry_cloud_admin_print_json (result);
  return 0;
}

int
ferry_cloud_cmd_records (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("list | summary");
  g_autoptr(GError) error = NULL;
  g_auto(RecordsOptions) options = { .limit = 500 };
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options.db, "The cloud database", "FILE" },
    { "site", 0, 0, G_OPTION_ARG_STRING, &options.site, "The site", "SITE" },
    { "company", 0, 0, G_OPTION_ARG_STRING, &options.company, "The company's code", "CODE" },
    { "entity", 0, 0, G_OPTION_ARG_STRING, &options.entity,
      "The entity type, e.g. cn.contract (list: required)", "ENTITY" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &options.limit,
      "At most this many records (list; 1 to 5000, default 500)", "N" },
    { "after", 0, 0, G_OPTION_ARG_STRING, &options.after,
      "Start after this cursor, the \"next\" of the previous page (list)", "CURSOR" },
    { "include-deleted", 0, 0, G_OPTION_ARG_NONE, &options.include_deleted,
      "Include deleted records (list)", NULL },
    { NULL }
  };

  g_option_context_set_summary (context,
      "List the records pushed to a company, with their fields, in key order;\n"
      "or the count, deleted count and digest of each entity type (summary).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ferry-cloud: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || !(g_strcmp0 (argv[1], "list") == 0 || g_strcmp0 (argv[1], "summary") == 0))
    {
      g_printerr (USAGE);
      return 2;
    }
  if (g_strcmp0 (argv[1], "list") == 0
      && (options.entity == NULL || options.limit < 1 || options.limit > 5000))
    {
      g_printerr ("ferry-cloud: records list needs --entity ENTITY, and --limit from 1 to 5000.\n");
      return 2;
    }

  return run (&options, g_strcmp0 (argv[1], "list") == 0);
}
