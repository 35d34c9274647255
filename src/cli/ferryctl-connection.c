/* ferryctl-connection.c: `ferryctl connection add|list|show|remove`
 * (`set` is in ferryctl-connection-set.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferryctl-connection"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-error.h"
#include "ferry-secrets.h"
#include "ferryctl-util.h"

typedef struct
{
  char     *profile;       /* owned, nullable */
  char     *location;      /* owned, nullable */
  char     *site_url;      /* owned, nullable */
  char     *site;          /* owned, nullable */
  char     *company;       /* owned, nullable */
  char     *user;          /* owned, nullable */
  char     *schedule;      /* owned, nullable */
  char     *deep_schedule; /* owned, nullable */
  char     *entities;      /* owned, nullable: "id,id" */
  char     *preset;        /* owned, nullable */
  int       batch_size;    /* -1 when not given */
  gboolean  stop_on_error;
} AddOptions;

static void
add_options_clear (AddOptions *options)
{
  g_free (options->profile);
  g_free (options->location);
  g_free (options->site_url);
  g_free (options->site);
  g_free (options->company);
  g_free (options->user);
  g_free (options->schedule);
  g_free (options->deep_schedule);
  g_free (options->entities);
  g_free (options->preset);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AddOptions, add_options_clear)

/* A usage error naming the first required option that is missing, or 0. */
static int
check_required (const AddOptions *options)
{
  const struct { const char *value; const char *option; } required[] = {
    { options->location, "--location DB (the accounting database file)" },
    { options->site_url, "--site-url URL (the cloud's address, e.g. https://cloud.example.com)" },
    { options->site, "--site SITE (the cloud site, e.g. demo)" },
    { options->company, "--company CODE (the company code in the site, e.g. 01)" },
    { options->user, "--user USER (the cloud user name)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (required[i].value == NULL || *required[i].value == '\0')
        return ferryctl_usage_error ("%s is required", required[i].option);
    }
  return FERRYCTL_EXIT_OK;
}

static void
set_entities (FerryConnection *connection,
              const char      *list)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (ids, parts[i]);
    }
  strv = g_strv_builder_end (ids);
  ferry_connection_set_enabled_entities (connection, (const char * const *) strv);
}

static int
unknown_preset (FerryCatalog *catalog,
                const char   *id)
{
  GListModel *presets = ferry_catalog_get_presets (catalog);
  g_autoptr(GString) known = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(FerryPreset) preset = g_list_model_get_item (presets, i);

      g_string_append_printf (known, "%s%s (%s)", i > 0 ? ", " : "",
                              ferry_preset_get_id (preset), ferry_preset_get_label (preset));
    }
  return ferryctl_usage_error ("--preset: there is no preset “%s”; the presets are %s", id,
                               known->len > 0 ? known->str : "none");
}

/* Fills a new connection from the options; a usage error's status, or 0. */
static int
apply_add_options (FerryConnection  *connection,
                   const AddOptions *options)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (connection);
  g_autofree char *location = g_canonicalize_filename (options->location, NULL);

  ferry_connection_set_location (connection, location);
  ferry_connection_set_site_url (connection, options->site_url);
  ferry_connection_set_site (connection, options->site);
  ferry_connection_set_company (connection, options->company);
  ferry_connection_set_user (connection, options->user);
  if (options->schedule != NULL)
    ferry_connection_set_schedule (connection, options->schedule);
  if (options->deep_schedule != NULL)
    ferry_connection_set_deep_schedule (connection, options->deep_schedule);
  if (options->batch_size != -1)
    ferry_connection_set_batch_size (connection, (guint) MAX (options->batch_size, 0));
  ferry_connection_set_stop_on_error (connection, options->stop_on_error);
  if (options->entities != NULL)
    set_entities (connection, options->entities);
  if (options->preset != NULL)
    {
      FerryPreset *preset = ferry_catalog_lookup_preset (catalog, options->preset);

      if (preset == NULL)
        return unknown_preset (catalog, options->preset);
      ferry_connection_apply_preset (connection, preset);
    }
  return FERRYCTL_EXIT_OK;
}

static int
connection_add (int    argc,
                char **argv)
{
  g_auto(AddOptions) options = { .batch_size = -1 };
  const GOptionEntry entries[] = {
    FERRYCTL_PROFILE_OPTION (&options.profile),
    { "location", 0, 0, G_OPTION_ARG_FILENAME, &options.location,
      "The accounting database (SQLite file)", "DB" },
    { "site-url", 0, 0, G_OPTION_ARG_STRING, &options.site_url,
      "The cloud's address: https://…, or http:// on this machine only", "URL" },
    { "site", 0, 0, G_OPTION_ARG_STRING, &options.site, "The cloud site", "SITE" },
    { "company", 0, 0, G_OPTION_ARG_STRING, &options.company, "The company code in the site",
      "CODE" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user, "The cloud user name", "USER" },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &options.batch_size,
      "Records per batch, 1 to 1000 (default 1000)", "N" },
    { "schedule", 0, 0, G_OPTION_ARG_STRING, &options.schedule,
      "When to sync automatically: hourly (default), manual, every:15m, daily:02:00 …", "S" },
    { "deep-schedule", 0, 0, G_OPTION_ARG_STRING, &options.deep_schedule,
      "When an automatic sync is deep instead: manual (default, never), weekly:sun:02:00 …",
      "S" },
    { "entities", 0, 0, G_OPTION_ARG_STRING, &options.entities,
      "Only these entity types (ids from `ferryctl catalog`) instead of the defaults", "ID,ID" },
    { "preset", 0, 0, G_OPTION_ARG_STRING, &options.preset,
      "Apply a preset of the catalog (e.g. pcco-export) on top", "ID" },
    { "stop-on-error", 0, 0, G_OPTION_ARG_NONE, &options.stop_on_error,
      "Stop a run at the first rejected record or export item that cannot be written", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("NAME — add a local connection");
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(FerryConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) enabled = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!ferryctl_parse_options (context, &argc, &argv, (const char * const[]) { "NAME", NULL },
                               &status))
    return status;
  if ((status = check_required (&options)) != FERRYCTL_EXIT_OK)
    return status;

  connection = ferry_connection_new (NULL, argv[1]);
  if ((status = apply_add_options (connection, &options)) != FERRYCTL_EXIT_OK)
    return status;
  /* Checked before the store is touched, so a bad value is a usage error
   * even when the profile has problems of its own. */
  if (!ferry_connection_validate (connection, &error))
    return ferryctl_fail (error);

  store = ferryctl_open_store (options.profile, &error);
  if (store == NULL || !ferry_connection_store_add (store, connection, &error))
    return ferryctl_fail (error);

  enabled = ferry_connection_dup_enabled_entities (connection);
  printf ("Added “%s”: %s, site %s, company %s, user %s, %u entity types.\n",
          ferry_connection_get_name (connection), ferry_connection_get_location (connection),
          ferry_connection_get_site (connection), ferry_connection_get_company (connection),
          ferry_connection_get_user (connection), g_strv_length (enabled));
  printf ("Next: ferryctl login \"%s\"\n", ferry_connection_get_name (connection));
  if (!g_file_test (ferry_connection_get_location (connection), G_FILE_TEST_EXISTS))
    ferryctl_warn ("“%s” does not exist (yet); a sync needs it",
                   ferry_connection_get_location (connection));
  return FERRYCTL_EXIT_OK;
}

/* "succeeded, today 14:05 (3 min ago)", "never run", …; warns when the
 * ledger cannot be read. */
static char *
describe_last_run (FerryLedgerRun *run,
                   const GError   *error,
                   GDateTime      *now)
{
  g_autofree char *when = NULL;

  if (error != NULL)
    {
      ferryctl_warn ("%s", error->message);
      return g_strdup ("unknown (ledger unreadable)");
    }
  if (run == NULL)
    return g_strdup ("never run");
  when = ferryctl_format_when (run->started_at, now);
  return g_strdup_printf ("%s, %s", ferry_ledger_run_result_to_string (run->result), when);
}

/* "hourly", or "hourly, deep weekly:sun:02:00" when deep syncs are on. */
static char *
describe_schedules (FerryConnection *connection)
{
  const char *deep = ferry_connection_get_deep_schedule (connection);

  if (g_str_equal (deep, "manual"))
    return g_strdup (ferry_connection_get_schedule (connection));
  return g_strdup_printf ("%s, deep %s", ferry_connection_get_schedule (connection), deep);
}

static void
print_list (FerryConnectionStore *store)
{
  GListModel *connections = ferry_connection_store_get_connections (store);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_ptr_array_add (rows, g_strsplit ("NAME|SYSTEM|LOCATION|SITE/COMPANY|USER|SCHEDULE|LAST RUN",
                                     "|", -1));
  for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(FerryConnection) connection = g_list_model_get_item (connections, i);
      g_autoptr(FerryLedgerRun) run = NULL;
      g_autoptr(GError) error = NULL;
      GStrv row = g_new0 (char *, 8);

      ferryctl_get_last_runs (store, connection, &run, NULL, &error);
      row[0] = g_strdup (ferry_connection_get_name (connection));
      row[1] = g_strdup (ferry_accounting_kind_to_string (ferry_connection_get_kind (connection)));
      row[2] = g_strdup (ferry_connection_get_location (connection));
      row[3] = g_strdup_printf ("%s/%s", ferry_connection_get_site (connection),
                                ferry_connection_get_company (connection));
      row[4] = g_strdup (ferry_connection_get_user (connection));
      row[5] = describe_schedules (connection);
      row[6] = describe_last_run (run, error, now);
      g_ptr_array_add (rows, row);
    }
  ferryctl_print_table (rows);
}

/* The connection as in connections.json, with its ledger's path and its
 * last run added. */
static JsonNode *
connection_to_json (FerryConnectionStore *store,
                    FerryConnection      *connection)
{
  JsonNode *node = ferry_connection_to_json (connection);
  JsonObject *object = json_node_get_object (node);
  g_autofree char *ledger = ferry_connection_store_get_ledger_path (store, connection);
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GError) error = NULL;

  if (!ferryctl_get_last_runs (store, connection, &run, NULL, &error))
    ferryctl_warn ("%s", error->message);
  json_object_set_string_member (object, "ledger", ledger);
  json_object_set_member (object, "last_run", ferryctl_run_to_json (run));
  return node;
}

static int
connection_list (int    argc,
                 char **argv)
{
  g_autofree char *profile = NULL;
  gboolean json = FALSE;
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *connections;
  int status;

  if (!ferryctl_parse_profile_json (&argc, &argv, "— list the local connections",
                                    (const char * const[]) { NULL }, &profile, &json, &status))
    return status;
  store = ferryctl_open_store (profile, &error);
  if (store == NULL)
    return ferryctl_fail (error);
  connections = ferry_connection_store_get_connections (store);

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonObject) object = json_object_new ();
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
        {
          g_autoptr(FerryConnection) connection = g_list_model_get_item (connections, i);

          json_array_add_element (array, connection_to_json (store, connection));
        }
      json_object_set_array_member (object, "connections", array);
      json_node_set_object (root, object);
      ferryctl_print_json (root);
    }
  else if (g_list_model_get_n_items (connections) == 0)
    ferryctl_print_no_connections (store);
  else
    print_list (store);
  return FERRYCTL_EXIT_OK;
}

/* Labels of the switched-off fields of @type, joined by ", "; NULL if none. */
static char *
disabled_field_labels (FerryConnection *connection,
                       FerryEntityType *type)
{
  g_auto(GStrv) fields = ferry_connection_dup_disabled_fields (connection,
                                                               ferry_entity_type_get_id (type));
  g_autoptr(GString) labels = g_string_new (NULL);

  if (fields[0] == NULL)
    return NULL;
  for (guint i = 0; fields[i] != NULL; i++)
    {
      FerryField *field = ferry_entity_type_lookup_field (type, fields[i]);

      g_string_append_printf (labels, "%s%s", i > 0 ? ", " : "",
                              field != NULL ? ferry_field_get_label (field) : fields[i]);
    }
  return g_string_free (g_steal_pointer (&labels), FALSE);
}

static void
print_entity_types (FerryConnection *connection)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (connection);
  const char * const *modules = ferry_catalog_get_modules (catalog);
  g_auto(GStrv) enabled = ferry_connection_dup_enabled_entities (connection);

  printf ("\nEntity types (%u of %u on)\n", g_strv_length (enabled),
          ferry_catalog_get_n_entity_types (catalog));
  for (guint m = 0; modules[m] != NULL; m++)
    {
      gboolean header = FALSE;

      for (guint i = 0; enabled[i] != NULL; i++)
        {
          FerryEntityType *type = ferry_catalog_lookup (catalog, enabled[i]);
          g_autofree char *off = NULL;

          if (type == NULL || !g_str_equal (ferry_entity_type_get_module (type), modules[m]))
            continue;
          if (!header)
            printf ("  %s\n", ferry_catalog_get_module_label (catalog, modules[m]));
          header = TRUE;
          off = disabled_field_labels (connection, type);
          printf ("    %s (%s)%s%s\n", ferry_entity_type_get_label (type), enabled[i],
                  off != NULL ? " — switched off: " : "", off != NULL ? off : "");
        }
    }
}

static void
print_show (FerryConnectionStore *store,
            FerryConnection      *connection)
{
  g_autofree char *ledger = ferry_connection_store_get_ledger_path (store, connection);
  g_autoptr(FerryLedgerRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *last = NULL;

  ferryctl_get_last_runs (store, connection, &run, NULL, &error);
  last = describe_last_run (run, error, now);
  printf ("%s\n", ferry_connection_get_name (connection));
  printf ("  id                 %s\n", ferry_connection_get_id (connection));
  printf ("  accounting system  %s\n",
          ferry_accounting_kind_to_string (ferry_connection_get_kind (connection)));
  printf ("  location           %s\n", ferry_connection_get_location (connection));
  printf ("  site URL           %s\n", ferry_connection_get_site_url (connection));
  printf ("  site               %s\n", ferry_connection_get_site (connection));
  printf ("  company            %s\n", ferry_connection_get_company (connection));
  printf ("  user               %s\n", ferry_connection_get_user (connection));
  printf ("  schedule           %s\n", ferry_connection_get_schedule (connection));
  printf ("  deep schedule      %s\n", ferry_connection_get_deep_schedule (connection));
  printf ("  batch size         %u\n", ferry_connection_get_batch_size (connection));
  printf ("  on a failure       %s\n", ferry_connection_get_stop_on_error (connection)
          ? "stop the run" : "go on with the records and export items that do not depend on it");
  printf ("  ledger             %s%s\n", ledger,
          g_file_test (ledger, G_FILE_TEST_EXISTS) ? "" : " (not yet created)");
  printf ("  last run           %s\n", last);
  print_entity_types (connection);
}

static JsonNode *
entity_type_to_json (FerryConnection *connection,
                     FerryEntityType *type)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (connection);
  const char *id = ferry_entity_type_get_id (type);
  g_auto(GStrv) fields = ferry_connection_dup_disabled_fields (connection, id);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  ferryctl_json_add_string (builder, "id", id);
  ferryctl_json_add_string (builder, "label", ferry_entity_type_get_label (type));
  ferryctl_json_add_string (builder, "module", ferry_entity_type_get_module (type));
  ferryctl_json_add_string (builder, "module_label",
                            ferry_catalog_get_module_label (catalog,
                                                            ferry_entity_type_get_module (type)));
  json_builder_set_member_name (builder, "disabled_fields");
  json_builder_begin_array (builder);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      FerryField *field = ferry_entity_type_lookup_field (type, fields[i]);

      json_builder_begin_object (builder);
      ferryctl_json_add_string (builder, "name", fields[i]);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder,
                                     field != NULL ? ferry_field_get_label (field) : fields[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_show_json (FerryConnectionStore *store,
                 FerryConnection      *connection)
{
  g_autoptr(JsonNode) root = connection_to_json (store, connection);
  FerryCatalog *catalog = ferry_connection_get_catalog (connection);
  g_auto(GStrv) enabled = ferry_connection_dup_enabled_entities (connection);
  JsonArray *types = json_array_new ();

  for (guint i = 0; enabled[i] != NULL; i++)
    {
      FerryEntityType *type = ferry_catalog_lookup (catalog, enabled[i]);

      if (type != NULL)
        json_array_add_element (types, entity_type_to_json (connection, type));
    }
  json_object_set_array_member (json_node_get_object (root), "entity_types", types);
  ferryctl_print_json (root);
}

static int
connection_show (int    argc,
                 char **argv)
{
  g_autofree char *profile = NULL;
  gboolean json = FALSE;
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(GError) error = NULL;
  FerryConnection *connection;
  int status;

  if (!ferryctl_parse_profile_json (&argc, &argv, "NAME — show a local connection",
                                    (const char * const[]) { "NAME", NULL }, &profile, &json,
                                    &status))
    return status;
  connection = ferryctl_open_connection (profile, argv[1], &store, &error);
  if (connection == NULL)
    return ferryctl_fail (error);

  if (json)
    print_show_json (store, connection);
  else
    print_show (store, connection);
  return FERRYCTL_EXIT_OK;
}

/* Asks on the terminal; anything but y or yes is no. */
static gboolean
confirm (const char *question)
{
  char answer[16] = "";

  fprintf (stderr, "%s [y/N] ", question);
  fflush (stderr);
  if (fgets (answer, sizeof answer, stdin) == NULL)
    return FALSE;
  g_strstrip (answer);
  return g_ascii_strcasecmp (answer, "y") == 0 || g_ascii_strcasecmp (answer, "yes") == 0;
}

/* Deletes the ledger file and what SQLite and the run lock keep next to it. */
static gboolean
delete_ledger (const char  *path,
               GError     **error)
{
  const char * const suffixes[] = { "-wal", "-shm", "-journal", ".lock", "" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      int saved_errno;

      if (g_unlink (file) == 0 || errno == ENOENT)
        continue;
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Could not delete the ledger file “%s”: %s", file, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Refuses while a run of @connection is in progress. */
static gboolean
check_not_running (FerryConnectionStore  *store,
                   FerryConnection       *connection,
                   GError               **error)
{
  g_autoptr(FerryRunLockHolder) holder = NULL;
  gboolean running = FALSE;

  if (!ferryctl_query_running (store, connection, &running, &holder, error))
    return FALSE;
  if (!running)
    return TRUE;
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_BUSY,
               "A sync of “%s” is running%s%s%s; wait for it to finish or cancel it, then "
               "remove the connection", ferry_connection_get_name (connection),
               holder != NULL ? " (" : "", holder != NULL ? holder->program : "",
               holder != NULL ? ")" : "");
  return FALSE;
}

/* After the connection left connections.json: its password and, if asked,
 * its ledger. Failures here are warnings; the connection is gone. */
static void
forget_connection (FerryConnectionStore *store,
                   FerryConnection      *connection,
                   gboolean              delete)
{
  g_autofree char *ledger = ferry_connection_store_get_ledger_path (store, connection);
  g_autoptr(GError) error = NULL;

  if (!ferry_secrets_clear (connection, NULL, &error))
    {
      ferryctl_warn ("the password could not be forgotten: %s", error->message);
      g_clear_error (&error);
    }
  if (delete && !delete_ledger (ledger, &error))
    ferryctl_warn ("%s", error->message);
  else if (!delete && g_file_test (ledger, G_FILE_TEST_EXISTS))
    printf ("Its ledger stays in %s (--delete-ledger deletes it).\n", ledger);
}

static int
connection_remove (int    argc,
                   char **argv)
{
  g_autofree char *profile = NULL;
  gboolean yes = FALSE, delete = FALSE;
  const GOptionEntry entries[] = {
    FERRYCTL_PROFILE_OPTION (&profile),
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, "Do not ask for confirmation", NULL },
    { "delete-ledger", 0, 0, G_OPTION_ARG_NONE, &delete,
      "Also delete the connection's ledger (its history and what was acknowledged)", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("NAME — remove a local connection");
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(FerryConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *question = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Removes the connection and forgets its password. "
                                "Asks first on a terminal; elsewhere --yes is required.");
  if (!ferryctl_parse_options (context, &argc, &argv, (const char * const[]) { "NAME", NULL },
                               &status))
    return status;
  connection = ferryctl_open_connection (profile, argv[1], &store, &error);
  if (connection == NULL)
    return ferryctl_fail (error);
  g_object_ref (connection);
  if (!check_not_running (store, connection, &error))
    return ferryctl_fail (error);

  if (!yes && !isatty (STDIN_FILENO))
    return ferryctl_usage_error ("not removing “%s” without confirmation: run it on a terminal "
                                 "or add --yes", ferry_connection_get_name (connection));
  question = g_strdup_printf ("Remove the connection “%s” and forget its password%s?",
                              ferry_connection_get_name (connection),
                              delete ? ", and delete its ledger (history and acknowledgements)"
                                     : "");
  if (!yes && !confirm (question))
    {
      fprintf (stderr, "Not removed.\n");
      return FERRYCTL_EXIT_CANCELLED;
    }

  if (!ferry_connection_store_remove (store, connection, &error))
    return ferryctl_fail (error);
  printf ("Removed “%s”.\n", ferry_connection_get_name (connection));
  forget_connection (store, connection, delete);
  return FERRYCTL_EXIT_OK;
}

static const struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} actions[] = {
  { "add", connection_add,
    "NAME --location DB --site-url URL --site SITE --company CODE --user USER" },
  { "list", connection_list, "[--json]" },
  { "show", connection_show, "NAME [--json]" },
  { "set", ferryctl_connection_set,
    "NAME [--schedule S] [--deep-schedule S] [--stop-on-error yes|no]" },
  { "remove", connection_remove, "NAME [--yes] [--delete-ledger]" },
};

static void
print_actions (FILE *out)
{
  fprintf (out, "Usage: ferryctl connection ACTION [OPTION…]\n\nActions:\n");
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    fprintf (out, "  %-7s %s\n", actions[i].name, actions[i].summary);
  fprintf (out, "\nRun “ferryctl connection ACTION --help” for an action’s options.\n");
}

int
ferryctl_connection (int    argc,
                     char **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_actions (argc < 2 ? stderr : stdout);
      return argc < 2 ? FERRYCTL_EXIT_USAGE : FERRYCTL_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      if (g_str_equal (argv[1], actions[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("ferryctl connection %s", argv[1]);

          g_set_prgname (prgname);
          argv[1] = prgname;
          return actions[i].run (argc - 1, argv + 1);
        }
    }

  fprintf (stderr, "ferryctl connection: unknown action “%s”\n\n", argv[1]);
  print_actions (stderr);
  return FERRYCTL_EXIT_USAGE;
}
