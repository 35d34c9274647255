/* test-connection.c: local connections, their JSON, the URL policy and
 * connections.json in a profile directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/stat.h>

#include "ferry-connection-store.h"
#include "ferry-error.h"
#include "ferry-test-util.h"

static FerryConnection *
new_valid_connection (const char *name)
{
  FerryConnection *connection = ferry_connection_new (NULL, name);

  ferry_connection_set_location (connection, "/srv/accounting/company.db");
  ferry_connection_set_site_url (connection, "https://cloud.example.com");
  ferry_connection_set_site (connection, "demo");
  ferry_connection_set_company (connection, "01");
  ferry_connection_set_user (connection, "ada");
  return connection;
}

static char *
to_text (FerryConnection *connection)
{
  g_autoptr(JsonNode) node = ferry_connection_to_json (connection);

  return json_to_string (node, FALSE);
}

static void
test_defaults (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autoptr(FerryConnection) connection = ferry_connection_new (NULL, "Main office");
  g_auto(GStrv) entities = ferry_connection_dup_enabled_entities (connection);
  guint n_selected = 0;

  g_assert_true (g_uuid_string_is_valid (ferry_connection_get_id (connection)));
  g_assert_true (ferry_connection_get_catalog (connection) == catalog);
  g_assert_cmpstr (ferry_connection_get_name (connection), ==, "Main office");
  g_assert_cmpint (ferry_connection_get_kind (connection), ==, FERRY_ACCOUNTING_KIND_SQLITE);
  g_assert_cmpstr (ferry_connection_get_schedule (connection), ==, "hourly");
  g_assert_cmpuint (ferry_connection_get_batch_size (connection), ==, 1000);
  g_assert_false (ferry_connection_get_stop_on_error (connection));
  g_assert_cmpstr (ferry_connection_get_site_url (connection), ==, "");

  /* Enabled: exactly the catalog's selected-by-default types, in its order. */
  for (guint i = 0; i < ferry_catalog_get_n_entity_types (catalog); i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char *id = ferry_entity_type_get_id (type);

      g_assert_cmpint (ferry_connection_get_entity_enabled (connection, id), ==,
                       ferry_entity_type_get_selected_by_default (type));
      if (ferry_entity_type_get_selected_by_default (type))
        g_assert_cmpstr (entities[n_selected++], ==, id);
    }
  g_assert_cmpuint (n_selected, >, 0);
  g_assert_null (entities[n_selected]);
  g_assert_true (ferry_connection_get_entity_enabled (connection, "ar.customer"));
  g_assert_false (ferry_connection_get_entity_enabled (connection, "cn.contract"));

  /* Off by default in the catalog, so switched off; other fields on. */
  g_assert_false (ferry_connection_get_field_enabled (connection, "ap.vendor", "tax_id"));
  g_assert_false (ferry_connection_get_field_enabled (connection, "pr.employee", "hourly_rate"));
  g_assert_true (ferry_connection_get_field_enabled (connection, "ap.vendor", "email"));
  g_assert_true (ferry_connection_get_field_enabled (connection, "ap.vendor", "name"));

  /* A new connection has no site yet: valid, but not ready to sync. */
  ferry_connection_set_location (connection, "/srv/a.db");
  g_assert_true (ferry_connection_validate (connection, NULL));
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ferry_connection_check_cloud (connection, &error));
    ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                  "Main office", "cloud site URL", NULL);
  }
}

static void
test_json_round_trip (void)
{
  g_autoptr(FerryConnection) connection = new_valid_connection ("Yard – Ünïcode");
  g_autoptr(FerryConnection) again = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_auto(GStrv) fields = NULL;

  ferry_connection_set_schedule (connection, "daily:02:00");
  ferry_connection_set_deep_schedule (connection, "weekly:sun:02:00");
  ferry_connection_set_batch_size (connection, 250);
  ferry_connection_set_stop_on_error (connection, TRUE);
  ferry_connection_set_entity_enabled (connection, "cn.contract", TRUE);
  ferry_connection_set_entity_enabled (connection, "gl.account", FALSE);
  ferry_connection_set_field_enabled (connection, "jc.transaction", "units", FALSE);
  ferry_connection_set_field_enabled (connection, "jc.transaction", "employee", FALSE);
  ferry_connection_set_field_enabled (connection, "ap.vendor", "tax_id", TRUE);

  node = ferry_connection_to_json (connection);
  again = ferry_connection_new_from_json (NULL, node, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (ferry_connection_get_id (again), ==, ferry_connection_get_id (connection));
  g_assert_cmpstr (ferry_connection_get_name (again), ==, "Yard – Ünïcode");
  g_assert_cmpstr (ferry_connection_get_location (again), ==, "/srv/accounting/company.db");
  g_assert_cmpstr (ferry_connection_get_site_url (again), ==, "https://cloud.example.com");
  g_assert_cmpstr (ferry_connection_get_site (again), ==, "demo");
  g_assert_cmpstr (ferry_connection_get_company (again), ==, "01");
  g_assert_cmpstr (ferry_connection_get_user (again), ==, "ada");
  g_assert_cmpstr (ferry_connection_get_schedule (again), ==, "daily:02:00");
  g_assert_cmpstr (ferry_connection_get_deep_schedule (again), ==, "weekly:sun:02:00");
  g_assert_cmpuint (ferry_connection_get_batch_size (again), ==, 250);
  g_assert_true (ferry_connection_get_stop_on_error (again));
  g_assert_true (ferry_connection_get_entity_enabled (again, "cn.contract"));
  g_assert_false (ferry_connection_get_entity_enabled (again, "gl.account"));
  g_assert_true (ferry_connection_get_field_enabled (again, "ap.vendor", "tax_id"));
  fields = ferry_connection_dup_disabled_fields (again, "jc.transaction");
  /* In the catalog's field order, not the order they were switched off. */
  ferry_test_assert_strv_equal ((const char * const *) fields,
                                (const char * const[]) { "units", "employee", NULL });

  /* Same bytes both ways: the writer is deterministic. */
  text = to_text (connection);
  text_again = to_text (again);
  g_assert_cmpstr (text, ==, text_again);
  g_assert_nonnull (strstr (text, "\"kind\":\"sqlite\""));
  g_assert_nonnull (strstr (text, "\"site_url\":\"https://cloud.example.com\""));
}

/* Replaces (or with @value NULL removes) @member of a valid connection's
 * JSON and checks reading fails saying each of the following strings. */
static void
assert_json_refused (const char *member,
                     const char *value,
                     ...)
{
  g_autoptr(FerryConnection) connection = new_valid_connection ("Main");
  g_autoptr(JsonNode) node = ferry_connection_to_json (connection);
  g_autoptr(FerryConnection) again = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_node_get_object (node);
  va_list args;

  if (value == NULL)
    json_object_remove_member (object, member);
  else
    json_object_set_member (object, member, json_from_string (value, NULL));

  again = ferry_connection_new_from_json (NULL, node, &error);
  g_assert_null (again);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);

  va_start (args, value);
  for (const char *part = va_arg (args, const char *); part != NULL;
       part = va_arg (args, const char *))
    {
      if (strstr (error->message, part) == NULL)
        g_error ("“%s” does not say “%s”", error->message, part);
    }
  va_end (args);
}

static void
test_json_errors (void)
{
  g_autoptr(JsonNode) array = json_from_string ("[]", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (ferry_connection_new_from_json (NULL, array, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);

  assert_json_refused ("id", NULL, "“id”", "missing", NULL);
  assert_json_refused ("id", "\"42\"", "“id”", "UUID", NULL);
  assert_json_refused ("name", NULL, "“name”", "missing", NULL);
  assert_json_refused ("name", "\"a/b\"", "“name”", "“/”", NULL);
  assert_json_refused ("name", "\"\"", "“name”", "needs a name", NULL);
  assert_json_refused ("name", "7", "“name”", "must be a string", NULL);
  assert_json_refused ("batchsize", "100", "Main", "“batchsize”", "unknown member", NULL);
  assert_json_refused ("kind", "\"oracle\"", "Main", "“kind”", "sqlite", NULL);
  assert_json_refused ("location", NULL, "“location”", "missing", NULL);
  assert_json_refused ("location", "\"company.db\"", "Main", "“location”", "full path", NULL);
  assert_json_refused ("site_url", "\"http://cloud.example.com\"", "Main", "“site_url”",
                       "https://cloud.example.com", NULL);
  assert_json_refused ("site", "\"de mo\"", "Main", "“site”", "de mo", NULL);
  assert_json_refused ("company", "\"01/02\"", "Main", "“company”", NULL);
  assert_json_refused ("user", "\"a\\nb\"", "Main", "“user”", NULL);
  assert_json_refused ("schedule", "\"Every Day\"", "Main", "“schedule”", "hourly", NULL);
  assert_json_refused ("deep_schedule", "\"Sun\"", "Main", "“deep_schedule”", "weekly", NULL);
  assert_json_refused ("batch_size", "0", "Main", "“batch_size”", "1 to 1000", NULL);
  assert_json_refused ("batch_size", "1001", "Main", "“batch_size”", "1 to 1000", NULL);
  assert_json_refused ("batch_size", "\"500\"", "Main", "“batch_size”", "whole number", NULL);
  assert_json_refused ("stop_on_error", "\"yes\"", "Main", "“stop_on_error”", NULL);
  assert_json_refused ("entities", "[\"ar.customer\", \"ar.nope\"]", "Main", "“entities”",
                       "ar.nope", NULL);
  assert_json_refused ("entities", "[1]", "Main", "“entities”", "strings", NULL);
  assert_json_refused ("disabled_fields", "{\"ar.customer\": [\"fax\"]}", "Main",
                       "“disabled_fields”", "ar.customer", "fax", NULL);
  assert_json_refused ("disabled_fields", "{\"ar.customer\": [\"name\"]}", "Main",
                       "“disabled_fields”", "“name”", "required", NULL);
  assert_json_refused ("disabled_fields", "{\"ar.nope\": []}", "Main", "“disabled_fields”",
                       "ar.nope", NULL);
  assert_json_refused ("disabled_fields", "[]", "Main", "“disabled_fields”", NULL);
}

static void
test_json_optional_members (void)
{
  g_autoptr(FerryConnection) connection = new_valid_connection ("Main");
  g_autoptr(JsonNode) node = ferry_connection_to_json (connection);
  g_autoptr(FerryConnection) again = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object = json_node_get_object (node);

  /* A hand-written file may leave out what has a default. */
  json_object_remove_member (object, "schedule");
  json_object_remove_member (object, "batch_size");
  json_object_remove_member (object, "entities");
  json_object_remove_member (object, "disabled_fields");
  json_object_remove_member (object, "site_url");
  again = ferry_connection_new_from_json (NULL, node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_connection_get_schedule (again), ==, "hourly");
  g_assert_cmpuint (ferry_connection_get_batch_size (again), ==, 1000);
  g_assert_cmpstr (ferry_connection_get_site_url (again), ==, "");
  g_assert_true (ferry_connection_get_entity_enabled (again, "ar.customer"));
  g_assert_false (ferry_connection_get_field_enabled (again, "ap.vendor", "tax_id"));

  /* When "disabled_fields" is there, it is the whole list: defaults too. */
  g_clear_object (&again);
  json_object_set_member (object, "disabled_fields", json_from_string ("{}", NULL));
  again = ferry_connection_new_from_json (NULL, node, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_connection_get_field_enabled (again, "ap.vendor", "tax_id"));
}

static void
test_name_rules (void)
{
  g_autofree char *longest = g_strnfill (64, 'n');
  g_autofree char *too_long = g_strnfill (65, 'n');
  const char * const good[] = { "Main", "Bureau d'études 2", "a", "x-y_z.(1)", longest };
  const char * const bad[] = { "", "a/b", "tab\there", "line\nbreak", " leading", "trailing ",
                               "nul\x01", too_long };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      ferry_connection_check_name (good[i], &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ferry_connection_check_name (bad[i], &error));
      g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);
    }
  g_assert_false (ferry_connection_check_name (NULL, NULL));
  g_assert_false (ferry_connection_check_name ("\xff\xfe", NULL));
}

static void
test_url_policy (void)
{
  static const char * const accepted[] = {
    "https://cloud.example.com",
    "https://cloud.example.com/",
    "HTTPS://Cloud.Example.com:8443/portal",
    "https://10.1.2.3",
    "http://localhost:8080",
    "http://LocalHost",
    "http://127.0.0.1:40123",
    "http://127.45.6.7",
    "http://[::1]:8443",
  };
  static const struct { const char *url; const char *says; } refused[] = {
    { "http://cloud.example.com", "https://cloud.example.com" },
    { "http://cloud.example.com", "localhost" },
    { "http://10.0.0.5:8080", "not encrypted" },
    { "http://192.168.1.10", "https://192.168.1.10" },
    { "http://localhost.example.com", "not encrypted" },
    { "http://128.0.0.1", "not encrypted" },
    { "http://[::2]", "not encrypted" },
    { "ftp://cloud.example.com", "https://" },
    { "cloud.example.com", "https://cloud.example.com" },
    { "", "e.g. https://cloud.example.com" },
    { "https://", "not a valid address" },
    { "https://ada:secret@cloud.example.com", "user name" },
    { "https://cloud.example.com/?site=demo", "“?”" },
    { "https://cloud.example.com/#x", "“#”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;

      ferry_connection_check_url (accepted[i], &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ferry_connection_check_url (refused[i].url, &error));
      ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                    refused[i].says, NULL);
    }
  g_assert_false (ferry_connection_check_url (NULL, NULL));

  /* The message never repeats a password given in the address. */
  {
    g_autoptr(GError) error = NULL;

    ferry_connection_check_url ("https://ada:hunter2@cloud.example.com", &error);
    g_assert_null (strstr (error->message, "hunter2"));
  }
}

static void
test_schedule_rules (void)
{
  static const char * const good[] = { "hourly", "manual", "every:15m", "daily:02:00",
                                       "weekly:mon,thu:06:30" };
  static const char * const bad[] = { "", "Hourly", "every 15m", "15m", "daily;rm",
                                      "hourly\n" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (ferry_connection_check_schedule (good[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ferry_connection_check_schedule (bad[i], &error));
      ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                    "daily:02:00", NULL);
    }
  g_assert_false (ferry_connection_check_schedule (NULL, NULL));
}

static void
count_calls (gpointer  instance,
             gpointer  arg,
             gpointer  user_data)
{
  (*(guint *) user_data)++;
}

static void
test_notify_and_mappings (void)
{
  g_autoptr(FerryConnection) connection = new_valid_connection ("Main");
  FerryPreset *preset = ferry_catalog_lookup_preset (ferry_catalog_get_default (),
                                                     "pcco-export");
  const char * const *enable;
  g_autoptr(GError) error = NULL;
  guint names = 0, entities = 0, mappings = 0;

  g_signal_connect (connection, "notify::name", G_CALLBACK (count_calls), &names);
  g_signal_connect (connection, "notify::enabled-entities", G_CALLBACK (count_calls), &entities);
  g_signal_connect (connection, "mappings-changed", G_CALLBACK (count_calls), &mappings);

  ferry_connection_set_name (connection, "Main");
  g_assert_cmpuint (names, ==, 0);
  g_object_set (connection, "name", "Yard", NULL);
  g_assert_cmpuint (names, ==, 1);

  ferry_connection_set_entity_enabled (connection, "ar.customer", TRUE); /* already on */
  g_assert_cmpuint (entities, ==, 0);
  ferry_connection_set_entity_enabled (connection, "cn.contract", TRUE);
  g_assert_cmpuint (entities, ==, 1);
  g_assert_cmpuint (mappings, ==, 1);
  ferry_connection_set_field_enabled (connection, "ar.customer", "phone", FALSE);
  g_assert_cmpuint (entities, ==, 1);
  g_assert_cmpuint (mappings, ==, 2);
  ferry_connection_set_field_enabled (connection, "ar.customer", "phone", FALSE);
  g_assert_cmpuint (mappings, ==, 2);

  /* A required field switched off is caught by validation. */
  ferry_connection_set_field_enabled (connection, "ar.customer", "name", FALSE);
  g_assert_false (ferry_connection_validate (connection, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "Yard", "“name”", "ar.customer", "required", NULL);
  ferry_connection_set_field_enabled (connection, "ar.customer", "name", TRUE);
  g_assert_true (ferry_connection_validate (connection, NULL));

  /* The PCCO preset turns its types on and Transaction (JC) fields off. */
  g_assert_nonnull (preset);
  mappings = 0;
  ferry_connection_apply_preset (connection, preset);
  g_assert_cmpuint (mappings, ==, 1);
  enable = ferry_preset_get_enable (preset);
  for (guint i = 0; enable[i] != NULL; i++)
    g_assert_true (ferry_connection_get_entity_enabled (connection, enable[i]));
  for (guint i = 0; ferry_preset_get_field_entities (preset)[i] != NULL; i++)
    {
      const char *entity = ferry_preset_get_field_entities (preset)[i];
      const char * const *off = ferry_preset_get_disabled_fields (preset, entity);

      for (guint j = 0; off[j] != NULL; j++)
        g_assert_false (ferry_connection_get_field_enabled (connection, entity, off[j]));
    }
  g_assert_true (ferry_connection_get_entity_enabled (connection, "ar.customer"));
  g_assert_true (ferry_connection_validate (connection, NULL));
  ferry_connection_apply_preset (connection, preset);
  g_assert_cmpuint (mappings, ==, 1);
}

static void
test_copy (void)
{
  g_autoptr(FerryConnection) connection = new_valid_connection ("Main");
  g_autoptr(FerryConnection) copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copy_text = NULL;
  guint mappings = 0;

  ferry_connection_set_field_enabled (connection, "jc.transaction", "units", FALSE);
  ferry_connection_set_entity_enabled (connection, "cv.job", FALSE);
  copy = ferry_connection_copy (connection);
  text = to_text (connection);
  copy_text = to_text (copy);
  g_assert_cmpstr (text, ==, copy_text);

  /* The copy is independent … */
  ferry_connection_set_name (copy, "Renamed");
  ferry_connection_set_field_enabled (copy, "ap.vendor", "tax_id", TRUE);
  g_assert_cmpstr (ferry_connection_get_name (connection), ==, "Main");
  g_assert_false (ferry_connection_get_field_enabled (connection, "ap.vendor", "tax_id"));

  /* … until applied back, which notifies what changed. */
  g_signal_connect (connection, "mappings-changed", G_CALLBACK (count_calls), &mappings);
  ferry_connection_update_from (connection, copy);
  g_assert_cmpstr (ferry_connection_get_name (connection), ==, "Renamed");
  g_assert_true (ferry_connection_get_field_enabled (connection, "ap.vendor", "tax_id"));
  g_assert_cmpuint (mappings, ==, 1);
  g_free (text);
  g_free (copy_text);
  text = to_text (connection);
  copy_text = to_text (copy);
  g_assert_cmpstr (text, ==, copy_text);
}

/* A profile directory of its own for each test: under the isolated home
 * directory that GLib removes afterwards. */
static char *
new_profile (void)
{
  return g_build_filename (g_get_home_dir (), "profile", NULL);
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static void
test_store_dirs (void)
{
  g_autofree char *profile = new_profile ();
  g_autofree char *config = g_build_filename (profile, "config", NULL);
  g_autofree char *data = g_build_filename (profile, "data", NULL);
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (profile);
  g_autoptr(FerryConnectionStore) from_env = NULL;
  g_autoptr(FerryConnectionStore) arg_wins = NULL;
  g_autoptr(FerryConnectionStore) xdg = NULL;
  g_autoptr(FerryConnection) connection = new_valid_connection ("Main");
  g_autofree char *ledger = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *xdg_config = g_build_filename (g_get_user_config_dir (), "ferry", NULL);
  g_autofree char *xdg_data = g_build_filename (g_get_user_data_dir (), "ferry", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (ferry_connection_store_get_config_dir (store), ==, config);
  g_assert_cmpstr (ferry_connection_store_get_data_dir (store), ==, data);
  /* Nothing is created until something is saved. */
  g_assert_false (g_file_test (config, G_FILE_TEST_EXISTS));

  ledger = ferry_connection_store_get_ledger_path (store, connection);
  expected = g_strdup_printf ("%s/ledgers/%s.db", data, ferry_connection_get_id (connection));
  g_assert_cmpstr (ledger, ==, expected);
  ferry_connection_store_ensure_ledger_dir (store, &error);
  g_assert_no_error (error);
  g_free (expected);
  expected = g_path_get_dirname (ledger);
  g_assert_cmpuint (file_mode (expected), ==, 0700);
  g_assert_cmpuint (file_mode (data), ==, 0700);

  g_setenv ("FERRY_PROFILE", profile, TRUE);
  from_env = ferry_connection_store_new (NULL);
  g_assert_cmpstr (ferry_connection_store_get_config_dir (from_env), ==, config);
  arg_wins = ferry_connection_store_new ("/nonexistent/elsewhere");
  g_assert_cmpstr (ferry_connection_store_get_config_dir (arg_wins), ==,
                   "/nonexistent/elsewhere/config");
  g_unsetenv ("FERRY_PROFILE");

  xdg = ferry_connection_store_new (NULL);
  g_assert_cmpstr (ferry_connection_store_get_config_dir (xdg), ==, xdg_config);
  g_assert_cmpstr (ferry_connection_store_get_data_dir (xdg), ==, xdg_data);

}

static void
assert_listed (FerryConnectionStore *store,
               const char * const   *names)
{
  GListModel *list = ferry_connection_store_get_connections (store);
  guint n = 0;

  for (; names[n] != NULL; n++)
    {
      g_autoptr(FerryConnection) connection = g_list_model_get_item (list, n);

      g_assert_nonnull (connection);
      g_assert_cmpstr (ferry_connection_get_name (connection), ==, names[n]);
    }
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
}

static void
test_store_add_list_remove (void)
{
  g_autofree char *profile = new_profile ();
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (profile);
  g_autoptr(FerryConnectionStore) reader = ferry_connection_store_new (profile);
  g_autoptr(FerryConnection) b = new_valid_connection ("b-yard");
  g_autoptr(FerryConnection) a = new_valid_connection ("Annex");
  g_autoptr(FerryConnection) c = new_valid_connection ("City");
  g_autoptr(FerryConnection) dup = new_valid_connection ("ANNEX");
  g_autoptr(FerryConnection) bad = new_valid_connection ("Bad");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *file = ferry_connection_store_get_file (store);

  ferry_connection_store_load (store, &error);
  g_assert_no_error (error);
  assert_listed (store, (const char * const[]) { NULL });

  for (FerryConnection **c_ = (FerryConnection *[]) { b, a, c, NULL }; *c_ != NULL; c_++)
    {
      ferry_connection_store_add (store, *c_, &error);
      g_assert_no_error (error);
    }
  assert_listed (store, (const char * const[]) { "Annex", "b-yard", "City", NULL });
  g_assert_true (ferry_connection_store_lookup (store, "annex") == a);
  g_assert_true (ferry_connection_store_lookup_by_id (store, ferry_connection_get_id (c)) == c);
  g_assert_null (ferry_connection_store_lookup (store, "Nowhere"));
  g_assert_cmpuint (file_mode (file), ==, 0600);
  g_assert_cmpuint (file_mode (ferry_connection_store_get_config_dir (store)), ==, 0700);

  /* Another process sees the same, settings and all. */
  ferry_connection_store_load (reader, &error);
  g_assert_no_error (error);
  assert_listed (reader, (const char * const[]) { "Annex", "b-yard", "City", NULL });
  g_assert_cmpstr (ferry_connection_get_id (ferry_connection_store_lookup (reader, "City")), ==,
                   ferry_connection_get_id (c));

  /* Refusals leave the file as it was. */
  g_file_get_contents (file, &before, NULL, NULL);
  g_assert_false (ferry_connection_store_add (store, dup, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_EXISTS, "Annex", NULL);
  g_clear_error (&error);
  g_assert_false (ferry_connection_store_add (store, a, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_EXISTS);
  g_clear_error (&error);
  ferry_connection_set_site_url (bad, "http://cloud.example.com");
  g_assert_false (ferry_connection_store_add (store, bad, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "site_url", NULL);
  g_clear_error (&error);
  g_file_get_contents (file, &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);

  ferry_connection_store_remove (store, b, &error);
  g_assert_no_error (error);
  assert_listed (store, (const char * const[]) { "Annex", "City", NULL });
  g_assert_false (ferry_connection_store_remove (store, b, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  ferry_connection_store_load (reader, &error);
  g_assert_no_error (error);
  assert_listed (reader, (const char * const[]) { "Annex", "City", NULL });

}

static void
test_store_rename (void)
{
  g_autofree char *profile = new_profile ();
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (profile);
  g_autoptr(FerryConnection) a = new_valid_connection ("Annex");
  g_autoptr(FerryConnection) z = new_valid_connection ("Zoo");
  g_autoptr(FerryConnection) edit = NULL;
  g_autoptr(FerryConnection) stranger = new_valid_connection ("Stranger");
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger_before = NULL;
  g_autofree char *ledger_after = NULL;
  guint names = 0;

  g_assert_true (ferry_connection_store_add (store, a, NULL));
  g_assert_true (ferry_connection_store_add (store, z, NULL));
  ledger_before = ferry_connection_store_get_ledger_path (store, a);
  g_signal_connect (a, "notify::name", G_CALLBACK (count_calls), &names);

  /* An edit dialog works on a copy; saving it updates the listed object. */
  edit = ferry_connection_copy (a);
  ferry_connection_set_name (edit, "Zebra");
  ferry_connection_set_batch_size (edit, 42);
  ferry_connection_store_update (store, edit, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (names, ==, 1);
  g_assert_cmpstr (ferry_connection_get_name (a), ==, "Zebra");
  g_assert_cmpuint (ferry_connection_get_batch_size (a), ==, 42);
  g_assert_true (ferry_connection_store_lookup (store, "Zebra") == a);
  assert_listed (store, (const char * const[]) { "Zebra", "Zoo", NULL });
  ledger_after = ferry_connection_store_get_ledger_path (store, a);
  g_assert_cmpstr (ledger_before, ==, ledger_after);

  ferry_connection_set_name (edit, "zoo");
  g_assert_false (ferry_connection_store_update (store, edit, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_EXISTS, "Zoo", NULL);
  g_clear_error (&error);
  g_assert_cmpstr (ferry_connection_get_name (a), ==, "Zebra");

  g_assert_false (ferry_connection_store_update (store, stranger, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND, "Stranger", NULL);

}

static void
test_store_atomic_write (void)
{
  g_autofree char *profile = new_profile ();
  g_autofree char *config = g_build_filename (profile, "config", NULL);
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (profile);
  g_autoptr(FerryConnection) a = new_valid_connection ("Annex");
  g_autoptr(GError) error = NULL;
  const char *file = ferry_connection_store_get_file (store);
  struct stat before, after;

  /* A config directory someone made readable to all is made private. */
  g_assert_cmpint (g_mkdir_with_parents (config, 0755), ==, 0);
  g_assert_cmpint (g_chmod (config, 0755), ==, 0);
  ferry_connection_store_add (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (config), ==, 0700);
  g_assert_cmpuint (file_mode (file), ==, 0600);

  /* Replaced by a rename (a new inode), never rewritten in place; no
   * temporary file is left behind. */
  g_assert_cmpint (g_chmod (file, 0644), ==, 0);
  g_assert_cmpint (g_stat (file, &before), ==, 0);
  ferry_connection_set_schedule (a, "manual");
  ferry_connection_store_update (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (file, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  g_assert_cmpuint (after.st_mode & 07777, ==, 0600);
  g_assert_cmpuint (ferry_test_count_files (config), ==, 2); /* the file and its lock */

}

/* Writes @contents as connections.json and checks loading and changing
 * both fail saying @says, and leave the file alone. */
static void
assert_file_refused (const char *contents,
                     const char *says)
{
  g_autofree char *profile = new_profile ();
  g_autofree char *config = g_build_filename (profile, "config", NULL);
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (profile);
  g_autoptr(FerryConnection) a = new_valid_connection ("Annex");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *file = ferry_connection_store_get_file (store);

  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, contents, -1, NULL));

  g_assert_false (ferry_connection_store_load (store, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                file, says, "Ferry has not changed it", NULL);
  g_clear_error (&error);
  g_assert_false (ferry_connection_store_add (store, a, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT, file, NULL);

  g_assert_true (g_file_get_contents (file, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_connection_store_get_connections (store)),
                    ==, 0);
}

static void
test_store_damaged_file (void)
{
  g_autoptr(FerryConnection) a = new_valid_connection ("Annex");
  g_autoptr(JsonNode) node = ferry_connection_to_json (a);
  g_autofree char *one = json_to_string (node, FALSE);
  g_autofree char *twice = g_strdup_printf ("{\"format\":1,\"connections\":[%s,%s]}", one, one);
  g_autofree char *bad_member = NULL;

  assert_file_refused ("{\"format\": 1, \"connections\": [", "damaged");
  assert_file_refused ("", "damaged");
  assert_file_refused ("[]", "not a JSON object");
  assert_file_refused ("{\"connections\": []}", "“format”");
  assert_file_refused ("{\"format\": 2, \"connections\": []}", "update Ferry");
  assert_file_refused (twice, "two connections have the id");

  json_object_set_int_member (json_node_get_object (node), "batch_size", 0);
  g_free (one);
  one = json_to_string (node, FALSE);
  bad_member = g_strdup_printf ("{\"format\":1,\"connections\":[%s]}", one);
  assert_file_refused (bad_member, "“batch_size”");
}

static void
count_items_changed (GListModel *list,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_store_two_writers (void)
{
  g_autofree char *profile = new_profile ();
  g_autoptr(FerryConnectionStore) first = ferry_connection_store_new (profile);
  g_autoptr(FerryConnectionStore) second = ferry_connection_store_new (profile);
  g_autoptr(FerryConnection) a = new_valid_connection ("Annex");
  g_autoptr(FerryConnection) b = new_valid_connection ("Barn");
  g_autoptr(FerryConnection) also_a = new_valid_connection ("annex");
  g_autoptr(GError) error = NULL;
  FerryConnection *listed_a;
  guint changes = 0;

  g_assert_true (ferry_connection_store_load (second, NULL));
  g_assert_true (ferry_connection_store_add (first, a, NULL));

  /* The second store has not seen "Annex", but adding re-reads the file:
   * nothing is lost and the name rule still holds. */
  g_assert_false (ferry_connection_store_add (second, also_a, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_EXISTS);
  g_assert_true (ferry_connection_store_add (second, b, NULL));
  assert_listed (second, (const char * const[]) { "Annex", "Barn", NULL });

  /* Reloading keeps the listed objects, so bindings to them stay. */
  listed_a = ferry_connection_store_lookup (second, "Annex");
  g_signal_connect (ferry_connection_store_get_connections (first), "items-changed",
                    G_CALLBACK (count_items_changed), &changes);
  ferry_connection_set_company (a, "02");
  g_assert_true (ferry_connection_store_update (first, a, NULL));
  g_assert_true (ferry_connection_store_load (second, NULL));
  g_assert_true (ferry_connection_store_lookup (second, "Annex") == listed_a);
  g_assert_cmpstr (ferry_connection_get_company (listed_a), ==, "02");
  g_assert_true (ferry_connection_store_load (first, NULL));
  assert_listed (first, (const char * const[]) { "Annex", "Barn", NULL });
  g_assert_cmpuint (changes, >, 0);

}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/connection/defaults", test_defaults);
  g_test_add_func ("/connection/json-round-trip", test_json_round_trip);
  g_test_add_func ("/connection/json-errors", test_json_errors);
  g_test_add_func ("/connection/json-optional-members", test_json_optional_members);
  g_test_add_func ("/connection/name-rules", test_name_rules);
  g_test_add_func ("/connection/url-policy", test_url_policy);
  g_test_add_func ("/connection/schedule-rules", test_schedule_rules);
  g_test_add_func ("/connection/notify-and-mappings", test_notify_and_mappings);
  g_test_add_func ("/connection/copy", test_copy);
  g_test_add_func ("/connection-store/dirs", test_store_dirs);
  g_test_add_func ("/connection-store/add-list-remove", test_store_add_list_remove);
  g_test_add_func ("/connection-store/rename", test_store_rename);
  g_test_add_func ("/connection-store/atomic-write", test_store_atomic_write);
  g_test_add_func ("/connection-store/damaged-file", test_store_damaged_file);
  g_test_add_func ("/connection-store/two-writers", test_store_two_writers);

  return g_test_run ();
}
