/* test-ferryctl.c: the command line, run as a user would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "ferry-catalog.h"
#include "ferry-test-util.h"

static void
test_usage (void)
{
  FerryTestResult r = { 0 };

  ferry_test_run_ferryctl (&r, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "catalog"));
  g_assert_nonnull (strstr (r.out, "demo-data"));
  for (guint i = 0; i < 4; i++)
    {
      const char *command = (const char *[]) { "connection", "login", "history", "status" }[i];

      g_assert_nonnull (strstr (r.out, command));
    }
  ferry_test_result_clear (&r);

  ferry_test_run_ferryctl (&r, "--profile", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--profile needs a directory"));
  ferry_test_result_clear (&r);

  ferry_test_run_ferryctl (&r, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "Usage"));
  ferry_test_result_clear (&r);

  ferry_test_run_ferryctl (&r, "frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown command “frobnicate”"));
  ferry_test_result_clear (&r);

  ferry_test_run_ferryctl (&r, "--version", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "ferryctl " PACKAGE_VERSION "\n");
  ferry_test_result_clear (&r);
}

static void
test_catalog_text (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  FerryTestResult r = { 0 };

  ferry_test_run_ferryctl (&r, "catalog", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* Every entity type and every module appears, by the labels users know. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char *module = ferry_entity_type_get_module (type);

      g_assert_nonnull (strstr (r.out, ferry_entity_type_get_label (type)));
      g_assert_nonnull (strstr (r.out, ferry_catalog_get_module_label (catalog, module)));
    }
  g_assert_nonnull (strstr (r.out, "PCCO export"));
  g_assert_nonnull (strstr (r.out, "deep sync of 11 entity types, timeframe: The beginning of time"));
  ferry_test_result_clear (&r);
}

static void
test_catalog_json (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FerryCatalog) reparsed = NULL;
  JsonObject *root;
  FerryTestResult r = { 0 };

  ferry_test_run_ferryctl (&r, "catalog", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "entity_types")),
                    ==, g_list_model_get_n_items (G_LIST_MODEL (catalog)));

  /* What ferryctl prints is itself a valid catalog. */
  bytes = g_bytes_new (r.out, strlen (r.out));
  reparsed = ferry_catalog_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ferry_catalog_lookup (reparsed, "jc.transaction"));
  ferry_test_result_clear (&r);
}

static void
test_catalog_file_invalid (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ferryctl-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "catalog.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  FerryTestResult r = { 0 };

  /* The built-in catalog with one parent misspelt. */
  g_assert_true (g_file_get_contents (g_getenv ("FERRY_CATALOG_JSON"), &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"parents\": [\"ar.customer_type\"]"));
  {
    g_autoptr(GString) broken = g_string_new (text);
    g_string_replace (broken, "\"parents\": [\"ar.customer_type\"]",
                      "\"parents\": [\"ar.customer_typo\"]", 1);
    g_assert_true (g_file_set_contents (path, broken->str, -1, &error));
    g_assert_no_error (error);
  }

  ferry_test_run_ferryctl (&r, "catalog", "--file", path, NULL);
  g_assert_cmpint (r.status, ==, 6);
  g_assert_nonnull (strstr (r.err, "ar.customer_typo"));
  g_assert_nonnull (strstr (r.err, "ar.customer"));
  g_assert_cmpstr (r.out, ==, "");
  ferry_test_result_clear (&r);

  /* The unbroken file validates. */
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  ferry_test_run_ferryctl (&r, "catalog", "--file", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  ferry_test_result_clear (&r);

  ferry_test_run_ferryctl (&r, "catalog", "--file", "/nonexistent/catalog.json", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "/nonexistent/catalog.json"));
  ferry_test_result_clear (&r);

  g_unlink (path);
  g_rmdir (dir);
}

/* Stopping a long generation (Ctrl+C, or systemd's SIGTERM) leaves neither
 * the database nor its temporary file behind. */
static void
test_demo_data_interrupted (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);
  g_autofree char *dir = g_dir_make_tmp ("ferryctl-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "accounting.db", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, g_getenv ("FERRYCTL"), "demo-data", "--out", path,
                              "--records", "5000000", NULL);
  g_assert_no_error (error);

  /* Wait until it is writing its temporary file. */
  while (ferry_test_count_files (dir) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  g_assert_cmpuint (ferry_test_count_files (dir), >=, 1);

  g_subprocess_send_signal (process, signum);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 4);
  g_assert_nonnull (strstr (err, "was not written"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (ferry_test_count_files (dir), ==, 0);

  ferry_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferryctl/usage", test_usage);
  g_test_add_func ("/ferryctl/catalog/text", test_catalog_text);
  g_test_add_func ("/ferryctl/catalog/json", test_catalog_json);
  g_test_add_func ("/ferryctl/catalog/file-invalid", test_catalog_file_invalid);
  g_test_add_data_func ("/ferryctl/demo-data/interrupted", GINT_TO_POINTER (SIGINT),
                        test_demo_data_interrupted);
  g_test_add_data_func ("/ferryctl/demo-data/terminated", GINT_TO_POINTER (SIGTERM),
                        test_demo_data_interrupted);

  return g_test_run ();
}
