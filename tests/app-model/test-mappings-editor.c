/* test-mappings-editor.c: the Mappings / Advanced Mappings dialog's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "app-model-test-util.h"
#include "ferry-mappings-editor.h"
#include "ferry-mappings-load.h"
#include "ferry-test-util.h"

/* The seed 002 (hh2, "Set Up … for Exporting PCCOs"): the checkmarks to
 * place in Advanced Mappings, and the circles of Transaction (JC) to clear. */
static const char * const seed_checkmarks[] = {
  "Contract (CN)", "Contract Change Order (CN)", "Contract Change Order (PJ)",
  "Contract Change Order Item (CN)", "Contract Change Request (PJ)", "Contract Item (CN)",
  "Customer", "Customer Type", "Invoice (AP)", "Job (CV)", "Quick Bill Contract",
  "Quick Bill Contract Item", NULL,
};
static const char * const seed_circles[] = {
  "Commitment Change Order", "Employee", "Equipment", "Credit Account", "Debit Account", NULL,
};

typedef struct
{
  FerryCatalog        *catalog;
  FerryConnection     *connection;
  FerryMappingsEditor *editor;
  JsonObject          *json;   /* data/catalog.json, read here on its own */
  char                *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  fixture->catalog = app_model_test_load_catalog ();
  fixture->connection = app_model_test_new_connection (fixture->catalog, NULL);
  fixture->editor = ferry_mappings_editor_new (fixture->connection, NULL, NULL);
  json_parser_load_from_file (parser, g_getenv ("FERRY_CATALOG_JSON"), &error);
  g_assert_no_error (error);
  fixture->json = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  fixture->dir = g_dir_make_tmp ("ferry-mappings-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->editor);
  g_clear_object (&fixture->connection);
  g_clear_object (&fixture->catalog);
  g_clear_pointer (&fixture->json, json_object_unref);
  ferry_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static JsonObject *
json_preset (Fixture    *fixture,
             const char *id)
{
  JsonArray *presets = json_object_get_array_member (fixture->json, "presets");

  for (guint i = 0; i < json_array_get_length (presets); i++)
    {
      JsonObject *preset = json_array_get_object_element (presets, i);

      if (g_strcmp0 (json_object_get_string_member (preset, "id"), id) == 0)
        return preset;
    }
  g_error ("data/catalog.json has no preset “%s”", id);
}

static void
add_strings (GHashTable *set,
             JsonArray  *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_hash_table_add (set, g_strdup (json_array_get_string_element (array, i)));
}

static void
assert_set_equals_strv (GHashTable         *expected,
                        const char * const *got)
{
  for (guint i = 0; got[i] != NULL; i++)
    if (!g_hash_table_contains (expected, got[i]))
      g_error ("“%s” is on, which neither the defaults, the seed nor the preset turn on", got[i]);
  g_assert_cmpuint (g_strv_length ((char **) got), ==, g_hash_table_size (expected));
}

static gboolean
toggle_enabled (gpointer toggle)
{
  return ferry_mappings_toggle_get_enabled (FERRY_MAPPINGS_TOGGLE (toggle));
}

static void
set_toggle (gpointer toggle,
            gboolean enabled)
{
  ferry_mappings_toggle_set_enabled (FERRY_MAPPINGS_TOGGLE (toggle), enabled);
}

static gboolean
toggle_sensitive (gpointer toggle)
{
  return ferry_mappings_toggle_get_sensitive (FERRY_MAPPINGS_TOGGLE (toggle));
}

static const char *
toggle_reason (gpointer toggle)
{
  return ferry_mappings_toggle_get_insensitive_reason (FERRY_MAPPINGS_TOGGLE (toggle));
}

static FerryMappingsEntity *
entity_of (Fixture    *fixture,
           const char *label)
{
  FerryEntityType *type = ferry_catalog_lookup_by_label (fixture->catalog, label);
  FerryMappingsEntity *entity;

  g_assert_nonnull (type);
  entity = ferry_mappings_editor_lookup_entity (fixture->editor, ferry_entity_type_get_id (type));
  g_assert_nonnull (entity);
  return entity;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not say “%s”", text, part);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* What a fresh connection has on after the PCCO preset: the catalog's
 * defaults, the seed's checkmarks and what data/catalog.json's preset turns
 * on; the seed's checkmarks are all in the preset. */
static GHashTable *
expected_after_pcco (Fixture *fixture)
{
  JsonArray *enable = json_object_get_array_member (json_preset (fixture, "pcco-export"), "enable");
  JsonArray *json_types = json_object_get_array_member (fixture->json, "entity_types");
  GHashTable *expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) preset_enable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) seed_ids = app_model_test_ids_of_labels (fixture->catalog, seed_checkmarks);

  for (guint i = 0; i < json_array_get_length (json_types); i++)
    {
      JsonObject *type = json_array_get_object_element (json_types, i);

      if (json_object_get_boolean_member (type, "default"))
        g_hash_table_add (expected, g_strdup (json_object_get_string_member (type, "id")));
    }
  add_strings (preset_enable, enable);
  for (guint i = 0; seed_ids[i] != NULL; i++)
    {
      g_assert_true (g_hash_table_contains (preset_enable, seed_ids[i]));
      g_hash_table_add (expected, g_strdup (seed_ids[i]));
    }
  add_strings (expected, enable);
  return expected;
}

/* The names of the seed's circles, in the catalog's field order. */
static GStrv
seed_circle_names (Fixture *fixture)
{
  FerryEntityType *transaction = ferry_catalog_lookup_by_label (fixture->catalog, "Transaction (JC)");
  GListModel *fields = ferry_entity_type_get_fields (transaction);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GStrv names;

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);

      if (g_strv_contains (seed_circles, ferry_field_get_label (field)))
        g_strv_builder_add (builder, ferry_field_get_name (field));
    }
  names = g_strv_builder_end (builder);
  g_assert_cmpuint (g_strv_length (names), ==, g_strv_length ((char **) seed_circles));
  return names;
}

/* @connection has exactly the entity types of @expected on and the seed's
 * circles of Transaction (JC) off. */
static void
assert_seed_mappings (FerryConnection    *connection,
                      GHashTable         *expected,
                      const char * const *circles)
{
  g_auto(GStrv) enabled = ferry_connection_dup_enabled_entities (connection);
  g_auto(GStrv) off = ferry_connection_dup_disabled_fields (connection, "jc.transaction");

  assert_set_equals_strv (expected, (const char * const *) enabled);
  ferry_test_assert_strv_equal ((const char * const *) off, circles);
}

/* The flagship journey: the seed's ~30 clicks are one preset. */
static void
test_pcco_preset (Fixture       *fixture,
                  gconstpointer  data)
{
  FerryPreset *preset = ferry_catalog_lookup_preset (fixture->catalog, "pcco-export");
  g_autoptr(GHashTable) expected = expected_after_pcco (fixture);
  g_auto(GStrv) circles = seed_circle_names (fixture);
  g_autofree char *summary = NULL;
  g_autofree char *again = NULL;
  guint contract_notified = 0, modified_notified = 0;

  g_signal_connect (entity_of (fixture, "Contract (CN)"), "notify::enabled",
                    G_CALLBACK (count_notify), &contract_notified);
  g_signal_connect (fixture->editor, "notify::modified", G_CALLBACK (count_notify), &modified_notified);
  g_assert_false (ferry_mappings_editor_is_modified (fixture->editor));

  summary = ferry_mappings_editor_apply_preset (fixture->editor, preset);
  assert_seed_mappings (ferry_mappings_editor_get_edited_connection (fixture->editor), expected,
                        (const char * const *) circles);
  g_assert_false (toggle_enabled (
    ferry_mappings_entity_lookup_field (entity_of (fixture, "Transaction (JC)"), "employee")));

  /* The summary names what changed; Customer was on already. */
  g_test_message ("%s", summary);
  assert_contains (summary, "Turned on 11 entity types: ");
  assert_contains (summary, "Contract Change Request (PJ)");
  assert_contains (summary, "Prime Contract Change Order");
  g_assert_null (strstr (summary, "Customer"));
  assert_contains (summary, "Switched off 5 fields of Transaction (JC): Commitment Change Order, "
                            "Employee, Equipment, Credit Account, Debit Account.");
  assert_contains (summary, "No entity type was turned off.");

  /* Rows follow the copy; the connection waits for apply_to (). */
  g_assert_cmpuint (contract_notified, ==, 1);
  g_assert_true (toggle_enabled (entity_of (fixture, "Contract (CN)")));
  g_assert_true (ferry_mappings_editor_is_modified (fixture->editor));
  g_assert_cmpuint (modified_notified, ==, 1);
  g_assert_false (ferry_connection_get_entity_enabled (fixture->connection, "cn.contract"));
  ferry_mappings_editor_apply_to (fixture->editor, fixture->connection);
  assert_seed_mappings (fixture->connection, expected, (const char * const *) circles);
  g_assert_false (ferry_mappings_editor_is_modified (fixture->editor));

  /* Twice: nothing to do. */
  again = ferry_mappings_editor_apply_preset (fixture->editor, preset);
  assert_contains (again, "Nothing to change");
  g_assert_false (ferry_mappings_editor_is_modified (fixture->editor));
}

/* "Do NOT remove any previously selected checkmarks": a preset leaves what
 * the user had on, and fields already off are not reported again. */
static void
test_preset_keeps_choices (Fixture       *fixture,
                           gconstpointer  data)
{
  FerryConnection *copy = ferry_mappings_editor_get_edited_connection (fixture->editor);
  FerryMappingsEntity *extra = entity_of (fixture, "Extra (JC)");
  FerryMappingsEntity *transaction = entity_of (fixture, "Transaction (JC)");
  g_autofree char *summary = NULL;

  set_toggle (extra, TRUE);
  set_toggle (ferry_mappings_entity_lookup_field (transaction, "employee"), FALSE);
  set_toggle (ferry_mappings_entity_lookup_field (transaction, "units"), FALSE);
  g_assert_true (ferry_connection_get_entity_enabled (copy, "jc.extra"));

  summary = ferry_mappings_editor_apply_preset (fixture->editor,
                                                ferry_catalog_lookup_preset (fixture->catalog, "pcco-export"));
  g_test_message ("%s", summary);
  g_assert_true (toggle_enabled (extra));
  g_assert_false (ferry_connection_get_field_enabled (copy, "jc.transaction", "units"));
  assert_contains (summary, "Switched off 4 fields of Transaction (JC): Commitment Change Order, "
                            "Equipment, Credit Account, Debit Account.");
  g_assert_null (strstr (summary, "Units"));
  g_assert_null (strstr (summary, "Extra (JC)"));
}

static GHashTable *
counts_of (const char *first_id,
           ...)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  va_list args;

  va_start (args, first_id);
  for (const char *id = first_id; id != NULL; id = va_arg (args, const char *))
    g_hash_table_insert (counts, g_strdup (id), GUINT_TO_POINTER (va_arg (args, guint)));
  va_end (args);
  return counts;
}

static void
test_confirmation (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) counts = counts_of ("ar.customer", 1204u, "ar.customer_type", 1u,
                                            "export.pcco", 12u, NULL);
  g_autofree char *customer = NULL;
  g_autofree char *customer_type = NULL;
  g_autofree char *vendor = NULL;
  g_autofree char *pcco = NULL;
  g_autofree char *pcco_unknown = NULL;
  g_autofree char *time_entry = NULL;

  ferry_mappings_editor_set_synced_counts (fixture->editor, counts);
  g_assert_cmpuint (ferry_mappings_entity_get_synced_count (entity_of (fixture, "Customer")), ==, 1204);

  customer = ferry_mappings_editor_confirmation_for_disable (fixture->editor, entity_of (fixture, "Customer"));
  assert_contains (customer, "1,204 Customer records are in the cloud. If you turn Customer off, "
                             "changes to them stop flowing to the cloud; what is there stays.");
  customer_type = ferry_mappings_editor_confirmation_for_disable (fixture->editor,
                                                                  entity_of (fixture, "Customer Type"));
  assert_contains (customer_type, "1 Customer Type record is in the cloud.");
  /* On, never synced: no question. */
  vendor = ferry_mappings_editor_confirmation_for_disable (fixture->editor, entity_of (fixture, "Vendor (AP)"));
  g_assert_null (vendor);

  /* An export type written before. */
  pcco = ferry_mappings_editor_confirmation_for_disable (fixture->editor,
                                                         entity_of (fixture, "Prime Contract Change Order"));
  assert_contains (pcco, "12 Prime Contract Change Order records were written into the accounting database.");
  assert_contains (pcco, "approved in the cloud from now on will no longer be written into it");

  /* On in the connection, nothing counted: still a flow in use. */
  ferry_connection_set_entity_enabled (fixture->connection, "export.time_entry", TRUE);
  pcco_unknown = ferry_mappings_editor_confirmation_for_disable (fixture->editor,
                                                                 entity_of (fixture, "Time Entry"));
  assert_contains (pcco_unknown, "If you turn Time Entry off, Time Entry records approved in the cloud "
                                 "will no longer be written into the accounting database.");
  ferry_connection_set_entity_enabled (fixture->connection, "export.time_entry", FALSE);
  time_entry = ferry_mappings_editor_confirmation_for_disable (fixture->editor, entity_of (fixture, "Time Entry"));
  g_assert_null (time_entry);

  /* Counts withdrawn: nothing to confirm. */
  ferry_mappings_editor_set_synced_counts (fixture->editor, NULL);
  g_clear_pointer (&customer, g_free);
  customer = ferry_mappings_editor_confirmation_for_disable (fixture->editor, entity_of (fixture, "Customer"));
  g_assert_null (customer);
}

/* An accounting system without Contract Change Requests, and one whose
 * jobs have no start date. */
static void
test_insensitive (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = app_model_test_create_accounting_db (fixture->dir, "DROP TABLE pj_change_order;"
                                                       "DROP TABLE pj_change_request;"
                                                       "ALTER TABLE cv_job DROP COLUMN start_date;");
  g_autoptr(FerryAccountingDb) db = ferry_accounting_db_open (path, FERRY_ACCOUNTING_DB_READ_ONLY, NULL);
  g_autoptr(GHashTable) tables = NULL;
  g_autoptr(GError) error = NULL;
  FerryMappingsEntity *request = entity_of (fixture, "Contract Change Request (PJ)");
  FerryMappingsEntity *job = entity_of (fixture, "Job (CV)");
  FerryMappingsField *start_date = ferry_mappings_entity_lookup_field (job, "start_date");
  guint sensitive_notified = 0;

  g_assert_nonnull (db);
  tables = ferry_mappings_read_tables (db, &error);
  g_assert_no_error (error);
  g_assert_true (g_hash_table_contains (tables, "cv_job"));
  g_assert_false (g_hash_table_contains (tables, "pj_change_request"));

  g_assert_true (toggle_sensitive (request));
  g_signal_connect (request, "notify::sensitive", G_CALLBACK (count_notify), &sensitive_notified);
  ferry_mappings_editor_set_tables (fixture->editor, tables);
  g_assert_cmpuint (sensitive_notified, ==, 1);
  g_assert_false (toggle_sensitive (request));
  g_assert_cmpstr (toggle_reason (request), ==,
                   "The accounting database has no table pj_change_request: this accounting system "
                   "does not keep Contract Change Request (PJ) records.");
  g_assert_false (toggle_sensitive (entity_of (fixture, "Contract Change Order (PJ)")));
  g_assert_true (toggle_sensitive (job));
  g_assert_null (toggle_reason (job));
  g_assert_true (toggle_sensitive (entity_of (fixture, "Contract (CN)")));
  g_assert_false (toggle_sensitive (start_date));
  assert_contains (toggle_reason (start_date), "no column start_date in table cv_job");
  g_assert_true (toggle_sensitive (ferry_mappings_entity_lookup_field (job, "city")));

  /* A preset that turns one on says it will not sync. */
  {
    g_autofree char *summary =
      ferry_mappings_editor_apply_preset (fixture->editor,
                                          ferry_catalog_lookup_preset (fixture->catalog, "pcco-export"));

    assert_contains (summary, "The accounting database has no tables for Contract Change Request (PJ), "
                              "Contract Change Order (PJ): they will fail to sync");
  }

  /* Unknown again: everything sensitive. */
  ferry_mappings_editor_set_tables (fixture->editor, NULL);
  g_assert_true (toggle_sensitive (request));
  g_assert_true (toggle_sensitive (start_date));
}

/* Rows: modules in catalog order, every entity type once with the
 * catalog's label, optional fields only; edits reach the copy only. */
static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  const char * const *modules = ferry_mappings_editor_get_modules (fixture->editor);
  GListModel *all = ferry_mappings_editor_get_entities (fixture->editor);
  FerryMappingsEntity *transaction = entity_of (fixture, "Transaction (JC)");
  GListModel *fields = ferry_mappings_entity_get_fields (transaction);
  FerryMappingsField *units = ferry_mappings_entity_lookup_field (transaction, "units");
  guint n = 0;
  gboolean enabled;

  ferry_test_assert_strv_equal (modules, ferry_catalog_get_modules (fixture->catalog));
  for (guint i = 0; modules[i] != NULL; i++)
    {
      GListModel *entities = ferry_mappings_editor_get_module_entities (fixture->editor, modules[i]);

      for (guint j = 0; j < g_list_model_get_n_items (entities); j++)
        {
          g_autoptr(FerryMappingsEntity) entity = g_list_model_get_item (entities, j);
          g_autoptr(FerryMappingsEntity) same = g_list_model_get_item (all, n++);
          FerryEntityType *type = ferry_catalog_lookup (fixture->catalog, ferry_mappings_entity_get_id (entity));

          g_assert_true (entity == same);
          g_assert_cmpstr (ferry_mappings_entity_get_module (entity), ==, modules[i]);
          g_assert_cmpstr (ferry_mappings_entity_get_label (entity), ==, ferry_entity_type_get_label (type));
          g_assert_cmpint (toggle_enabled (entity), ==,
                           ferry_entity_type_get_selected_by_default (type));
        }
    }
  g_assert_cmpuint (n, ==, ferry_catalog_get_n_entity_types (fixture->catalog));
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, n);

  g_assert_cmpuint (g_list_model_get_n_items (fields), ==, 11);
  g_assert_null (ferry_mappings_entity_lookup_field (transaction, "amount"));
  g_assert_cmpstr (ferry_mappings_field_get_label (ferry_mappings_entity_lookup_field (transaction, "credit_account")),
                   ==, "Credit Account");
  g_assert_cmpstr (ferry_mappings_entity_get_direction_text (transaction), ==, "Accounting → cloud");
  g_assert_cmpstr (ferry_mappings_entity_get_direction_text (entity_of (fixture, "Time Entry")), ==,
                   "Cloud → accounting");

  /* Both ways through the properties, as a GtkSwitch binding does. */
  g_object_set (units, "enabled", FALSE, NULL);
  g_assert_false (ferry_connection_get_field_enabled (ferry_mappings_editor_get_edited_connection (fixture->editor),
                                                      "jc.transaction", "units"));
  g_assert_true (ferry_connection_get_field_enabled (fixture->connection, "jc.transaction", "units"));
  g_assert_true (ferry_mappings_editor_is_modified (fixture->editor));
  g_object_set (units, "enabled", TRUE, NULL);
  g_assert_false (ferry_mappings_editor_is_modified (fixture->editor));
  g_object_set (transaction, "enabled", TRUE, NULL);
  g_object_get (transaction, "enabled", &enabled, NULL);
  g_assert_true (enabled);
  g_assert_true (ferry_mappings_editor_is_modified (fixture->editor));
  g_assert_false (ferry_connection_get_entity_enabled (fixture->connection, "jc.transaction"));
}

static void
test_schedule (Fixture       *fixture,
               gconstpointer  data)
{
  guint notified = 0;

  g_assert_cmpstr (ferry_mappings_editor_get_schedule (fixture->editor), ==, "hourly");
  g_signal_connect (fixture->editor, "notify::schedule", G_CALLBACK (count_notify), &notified);
  ferry_mappings_editor_set_schedule (fixture->editor, "every:15m");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (ferry_mappings_editor_is_modified (fixture->editor));
  g_assert_cmpstr (ferry_connection_get_schedule (fixture->connection), ==, "hourly");
  ferry_mappings_editor_apply_to (fixture->editor, fixture->connection);
  g_assert_cmpstr (ferry_connection_get_schedule (fixture->connection), ==, "every:15m");
  g_assert_false (ferry_mappings_editor_is_modified (fixture->editor));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/mappings-editor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("pcco-preset", test_pcco_preset);
  ADD ("preset-keeps-choices", test_preset_keeps_choices);
  ADD ("confirmation", test_confirmation);
  ADD ("insensitive", test_insensitive);
  ADD ("rows", test_rows);
  ADD ("schedule", test_schedule);
#undef ADD

  return g_test_run ();
}
