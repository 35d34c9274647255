/* ferryctl-sync-test-util.h: what the `ferryctl sync` tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On top of the sync engine tests' fixture (a scratch directory, a demo
 * accounting database, a real ferry-cloud on loopback and a connection
 * "Main office" with every push entity type), the connection is saved in
 * the scratch profile and the cloud password is in a 0600 file, so the
 * tests run the real `ferryctl` binary as an administrator would, and
 * check what it did against the source, the ledger and the cloud.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/stat.h>

#include "sync-engine-test-util.h"

#define CONNECTION "Main office"
/* Guards against a hang only: outcomes are asserted, never durations. */
#define WAIT_LIMIT_US (120 * G_USEC_PER_SEC)

static inline char *
cli_profile (Fixture *fixture)
{
  return g_build_filename (fixture->dir, "profile", NULL);
}

static inline char *
cli_password_file (Fixture *fixture)
{
  return g_build_filename (fixture->dir, "password", NULL);
}

/* Writes @text to @path with mode 0600 (or @mode). */
static inline void
write_secret_file (const char *path,
                   const char *text,
                   int         mode)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, mode, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static inline void
cli_set_up (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password_file = NULL;

  fixture_set_up (fixture, data);
  g_assert_true (ferry_connection_store_add (fixture->store, fixture->connection, &error));
  g_assert_no_error (error);
  password_file = cli_password_file (fixture);
  write_secret_file (password_file, CLOUD_TEST_PASSWORD "\n", 0600);
}

/* Saves the connection after the fixture changed it (a new cloud URL). */
static inline void
cli_save_connection (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_connection_store_update (fixture->store, fixture->connection, &error));
  g_assert_no_error (error);
}

/* The same cloud database served again with @faults (nullable), and the
 * saved connection pointed at its new port. */
static inline void
cli_relaunch_cloud (Fixture            *fixture,
                    const char * const *faults)
{
  fixture_relaunch_cloud (fixture, faults);
  cli_save_connection (fixture);
}

/* A new accounting database of @records records in place of the fixture's. */
static inline void
cli_replace_source (Fixture *fixture,
                    guint    records)
{
  g_assert_cmpint (g_unlink (fixture->db), ==, 0);
  make_demo_db (fixture->db, records);
}

/* argv for `ferryctl --profile PROFILE ARGS…`; with @sync, the command is
 * `sync "Main office" --password-file FILE ARGS…`. */
static inline GPtrArray *
cli_argv (Fixture    *fixture,
          gboolean    sync,
          const char *first_arg,
          va_list     args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, g_strdup (g_getenv ("FERRYCTL")));
  g_ptr_array_add (argv, g_strdup ("--profile"));
  g_ptr_array_add (argv, cli_profile (fixture));
  if (sync)
    {
      g_ptr_array_add (argv, g_strdup ("sync"));
      g_ptr_array_add (argv, g_strdup (CONNECTION));
      g_ptr_array_add (argv, g_strdup ("--password-file"));
      g_ptr_array_add (argv, cli_password_file (fixture));
    }
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  g_ptr_array_add (argv, NULL);
  return argv;
}

static inline GSubprocess *
cli_spawn_valist (Fixture    *fixture,
                  gboolean    sync,
                  const char *first_arg,
                  va_list     args)
{
  g_autoptr(GPtrArray) argv = cli_argv (fixture, sync, first_arg, args);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  return process;
}

/* Waits for @process and collects what it printed. */
static inline void
cli_finish (GSubprocess     *process,
            FerryTestResult *result)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("ferryctl was killed by signal %d; it said: %s", g_subprocess_get_term_sig (process),
             result->err);
  result->status = g_subprocess_get_exit_status (process);
  if (result->err[0] != '\0')
    g_test_message ("ferryctl said: %s", result->err);
}

/* Starts `ferryctl sync "Main office" --password-file FILE ARGS…`. */
static inline GSubprocess *
cli_spawn_sync (Fixture    *fixture,
                const char *first_arg,
                ...)
{
  GSubprocess *process;
  va_list args;

  va_start (args, first_arg);
  process = cli_spawn_valist (fixture, TRUE, first_arg, args);
  va_end (args);
  return process;
}

/* Runs `ferryctl --profile PROFILE ARGS…` (@sync FALSE) or
 * `ferryctl … sync "Main office" --password-file FILE ARGS…` (@sync TRUE). */
static inline void
cli_run (FerryTestResult *result,
         Fixture         *fixture,
         gboolean         sync,
         const char      *first_arg,
         ...)
{
  g_autoptr(GSubprocess) process = NULL;
  va_list args;

  va_start (args, first_arg);
  process = cli_spawn_valist (fixture, sync, first_arg, args);
  va_end (args);
  cli_finish (process, result);
}

#define RUN_SYNC(result, fixture, ...) cli_run ((result), (fixture), TRUE, __VA_ARGS__, NULL)
#define RUN_CTL(result, fixture, ...) cli_run ((result), (fixture), FALSE, __VA_ARGS__, NULL)

static inline void
assert_says (const char *text,
             const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not say “%s”", text, part);
}

/* The object ferryctl printed, owned by @parser. */
static inline JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static inline gint64
count_of (JsonObject *object,
          const char *name)
{
  JsonObject *counts = json_object_get_object_member (object, "counts");

  g_assert_true (json_object_has_member (counts, name));
  return json_object_get_int_member (counts, name);
}

/* Runs as cli_run () does; the exit status must be @status. */
static inline void
cli_expect_valist (FerryTestResult *result,
                   Fixture         *fixture,
                   gboolean         sync,
                   int              status,
                   const char      *first_arg,
                   va_list          args)
{
  g_autoptr(GSubprocess) process = cli_spawn_valist (fixture, sync, first_arg, args);

  cli_finish (process, result);
  if (result->status != status)
    g_error ("ferryctl exited with %d, not %d: %s%s", result->status, status, result->out,
             result->err);
}

/* Runs `ferryctl sync … --json ARGS…`, which must exit with @status. */
static inline JsonObject *
sync_json (JsonParser *parser,
           Fixture    *fixture,
           int         status,
           const char *first_arg,
           ...)
{
  FerryTestResult result = { 0, };
  JsonObject *object;
  va_list args;

  va_start (args, first_arg);
  cli_expect_valist (&result, fixture, TRUE, status, first_arg, args);
  va_end (args);
  object = parse_object (parser, result.out);
  g_assert_cmpint (json_object_get_int_member (object, "exit_status"), ==, status);
  ferry_test_result_clear (&result);
  return object;
}

#define SYNC_JSON(parser, fixture, status, ...) \
  sync_json ((parser), (fixture), (status), "--json", __VA_ARGS__, NULL)

/* Lines of the cloud's request log that contain @needle. */
static inline guint
count_log_lines (CloudTestServer *server,
                 const char      *needle)
{
  g_autofree char *log = cloud_test_server_read_log (server);
  const char *at = log;
  guint n = 0;

  while ((at = strstr (at, needle)) != NULL)
    {
      n++;
      at += strlen (needle);
    }
  return n;
}

/* Polls the request log until @n lines contain @needle. */
static inline void
wait_for_log (CloudTestServer *server,
              const char      *needle,
              guint            n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  while (count_log_lines (server, needle) < n)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The cloud's log never showed %u × “%s”", n, needle);
      g_usleep (500);
    }
}

/* The catalog's push entity types, in catalog order. */
static inline GPtrArray *
cli_push_types (void)
{
  GListModel *catalog = G_LIST_MODEL (ferry_catalog_get_default ());
  GPtrArray *types = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (catalog); i++)
    {
      FerryEntityType *type = g_list_model_get_item (catalog, i);

      if (ferry_entity_type_is_push (type))
        g_ptr_array_add (types, type);
      else
        g_object_unref (type);
    }
  return types;
}

/* Every push entity type: the cloud holds as many records as its table
 * has rows. One login for all. */
static inline void
assert_cloud_counts_match_tables (Fixture *fixture)
{
  g_autoptr(GPtrArray) types = cli_push_types ();
  g_autoptr(FerryCloudClient) client = cloud_client (fixture);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;

  summaries = ferry_cloud_client_get_company_summary (client, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < types->len; i++)
    {
      FerryEntityType *type = g_ptr_array_index (types, i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s",
                                              ferry_entity_type_get_table (type));
      gint64 cloud = 0;

      for (guint j = 0; j < summaries->len; j++)
        {
          FerryCloudSummary *summary = g_ptr_array_index (summaries, j);

          if (g_str_equal (summary->entity, ferry_entity_type_get_id (type)))
            cloud = summary->count;
        }
      g_assert_cmpint (cloud, ==, query_int (fixture, sql));
    }
}

/* Records the cloud holds now, over every entity type. */
static inline gint64
cloud_total (Fixture *fixture)
{
  g_autoptr(FerryCloudClient) client = cloud_client (fixture);
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  summaries = ferry_cloud_client_get_company_summary (client, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < summaries->len; i++)
    total += ((FerryCloudSummary *) g_ptr_array_index (summaries, i))->count;
  return total;
}

/* Checks one page of records; returns the cursor of the next. */
static inline char *
check_versions_page (FerryCloudClient *client,
                     const char       *entity,
                     const char       *after,
                     guint            *checked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudRecordPage) page =
    ferry_cloud_client_list_records (client, entity, after, 5000,
                                     FERRY_CLOUD_LIST_INCLUDE_DELETED, NULL, &error);

  g_assert_no_error (error);
  for (guint r = 0; r < page->records->len; r++)
    {
      const FerryCloudRecord *record = &g_array_index (page->records, FerryCloudRecord, r);

      if (record->version != 1 || record->deleted)
        g_error ("%s %s: version %" G_GINT64_FORMAT "%s", entity, record->key_text,
                 record->version, record->deleted ? ", deleted" : "");
      (*checked)++;
    }
  return g_strdup (page->next);
}

/* No record the cloud holds was stored twice or deleted: every version is
 * 1. Returns how many records it checked. */
static inline guint
assert_versions_are_one (Fixture *fixture)
{
  g_autoptr(GPtrArray) types = cli_push_types ();
  g_autoptr(FerryCloudClient) client = cloud_client (fixture);
  guint checked = 0;

  for (guint i = 0; i < types->len; i++)
    {
      const char *entity = ferry_entity_type_get_id (g_ptr_array_index (types, i));
      char *after = check_versions_page (client, entity, NULL, &checked);

      while (after != NULL)
        {
          char *next = check_versions_page (client, entity, after, &checked);

          g_free (after);
          after = next;
        }
    }
  return checked;
}

/* The runs `ferryctl history --json` lists, newest first, owned by @parser. */
static inline JsonArray *
history_runs (JsonParser *parser,
              Fixture    *fixture)
{
  FerryTestResult result = { 0, };
  JsonArray *runs;

  RUN_CTL (&result, fixture, "history", CONNECTION, "--json");
  g_assert_cmpint (result.status, ==, 0);
  runs = json_object_get_array_member (parse_object (parser, result.out), "runs");
  ferry_test_result_clear (&result);
  return runs;
}
