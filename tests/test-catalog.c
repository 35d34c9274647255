/* test-catalog.c: the built-in entity catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ferry-catalog.h"
#include "ferry-error.h"
#include "ferry-test-util.h"

/* The Advanced Mappings checkmarks of the hh2 "Set Up the Synchronization
 * Client for Exporting PCCOs" article, and the entity types it syncs. */
static const char * const pcco_checkmarks[] = {
  "Contract (CN)", "Contract Change Order (CN)", "Contract Change Order (PJ)",
  "Contract Change Order Item (CN)", "Contract Change Request (PJ)", "Contract Item (CN)",
  "Customer", "Customer Type", "Invoice (AP)", "Job (CV)", "Quick Bill Contract",
  "Quick Bill Contract Item", NULL
};
static const char * const pcco_circles_off[] = {
  "Commitment Change Order", "Employee", "Equipment", "Credit Account", "Debit Account", NULL
};
static const char * const pcco_synced[] = {
  "Transaction (JC)", "Contract (CN)", "Contract Change Order (CN)",
  "Contract Change Order (PJ)", "Contract Change Order Item (CN)",
  "Contract Change Request (PJ)", "Contract Item (CN)", "Customer", "Customer Type",
  "Quick Bill Contract", "Quick Bill Contract Item", NULL
};

static FerryEntityType *
lookup_label (FerryCatalog *catalog,
              const char   *label)
{
  FerryEntityType *type = ferry_catalog_lookup_by_label (catalog, label);

  if (type == NULL)
    g_error ("No entity type is labelled “%s”", label);

  return type;
}

/* The ids of the entity types with these labels, as a set. */
static GHashTable *
ids_of_labels (FerryCatalog       *catalog,
               const char * const *labels)
{
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; labels[i] != NULL; i++)
    g_hash_table_add (ids, (char *) ferry_entity_type_get_id (lookup_label (catalog, labels[i])));

  return ids;
}

static void
assert_set_equals_strv (GHashTable         *expected,
                        const char * const *actual)
{
  g_assert_cmpuint (g_strv_length ((GStrv) actual), ==, g_hash_table_size (expected));
  for (guint i = 0; actual[i] != NULL; i++)
    {
      if (!g_hash_table_contains (expected, actual[i]))
        g_error ("“%s” is not expected here", actual[i]);
    }
}

static void
assert_fields_equal (GListModel *a,
                     GListModel *b)
{
  g_assert_true (g_list_model_get_item_type (a) == FERRY_TYPE_FIELD);
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(FerryField) x = g_list_model_get_item (a, i);
      g_autoptr(FerryField) y = g_list_model_get_item (b, i);

      g_assert_cmpstr (ferry_field_get_name (x), ==, ferry_field_get_name (y));
      g_assert_cmpstr (ferry_field_get_label (x), ==, ferry_field_get_label (y));
      g_assert_cmpint (ferry_field_get_field_type (x), ==, ferry_field_get_field_type (y));
      g_assert_cmpint (ferry_field_get_optional (x), ==, ferry_field_get_optional (y));
      g_assert_cmpint (ferry_field_get_enabled_by_default (x), ==,
                       ferry_field_get_enabled_by_default (y));
      g_assert_cmpstr (ferry_field_get_references (x), ==, ferry_field_get_references (y));
    }
}

static void
assert_entity_types_equal (FerryEntityType *x,
                           FerryEntityType *y)
{
  g_assert_cmpstr (ferry_entity_type_get_id (x), ==, ferry_entity_type_get_id (y));
  g_assert_cmpstr (ferry_entity_type_get_label (x), ==, ferry_entity_type_get_label (y));
  g_assert_cmpstr (ferry_entity_type_get_module (x), ==, ferry_entity_type_get_module (y));
  g_assert_cmpint (ferry_entity_type_get_direction (x), ==,
                   ferry_entity_type_get_direction (y));
  g_assert_cmpstr (ferry_entity_type_get_table (x), ==, ferry_entity_type_get_table (y));
  ferry_test_assert_strv_equal (ferry_entity_type_get_parents (x), ferry_entity_type_get_parents (y));
  ferry_test_assert_strv_equal (ferry_entity_type_get_key (x), ferry_entity_type_get_key (y));
  g_assert_cmpint (ferry_entity_type_get_selected_by_default (x), ==,
                   ferry_entity_type_get_selected_by_default (y));
  g_assert_cmpstr (ferry_entity_type_get_description (x), ==,
                   ferry_entity_type_get_description (y));
  assert_fields_equal (ferry_entity_type_get_fields (x), ferry_entity_type_get_fields (y));
  g_assert_cmpstr (ferry_entity_type_get_items_table (x), ==,
                   ferry_entity_type_get_items_table (y));
  ferry_test_assert_strv_equal (ferry_entity_type_get_items_key (x), ferry_entity_type_get_items_key (y));
  assert_fields_equal (ferry_entity_type_get_item_fields (x),
                       ferry_entity_type_get_item_fields (y));
}

static void
assert_presets_equal (FerryPreset *x,
                      FerryPreset *y)
{
  const char * const *entities = ferry_preset_get_field_entities (x);

  g_assert_cmpstr (ferry_preset_get_id (x), ==, ferry_preset_get_id (y));
  g_assert_cmpstr (ferry_preset_get_label (x), ==, ferry_preset_get_label (y));
  g_assert_cmpstr (ferry_preset_get_description (x), ==, ferry_preset_get_description (y));
  ferry_test_assert_strv_equal (ferry_preset_get_enable (x), ferry_preset_get_enable (y));
  ferry_test_assert_strv_equal (entities, ferry_preset_get_field_entities (y));
  for (guint i = 0; entities[i] != NULL; i++)
    ferry_test_assert_strv_equal (ferry_preset_get_disabled_fields (x, entities[i]),
                       ferry_preset_get_disabled_fields (y, entities[i]));
  g_assert_cmpstr (ferry_preset_get_sync_type (x), ==, ferry_preset_get_sync_type (y));
  g_assert_cmpstr (ferry_preset_get_sync_timeframe (x), ==, ferry_preset_get_sync_timeframe (y));
  ferry_test_assert_strv_equal (ferry_preset_get_sync_select (x), ferry_preset_get_sync_select (y));
}

/* Compares everything the public API shows. */
static void
assert_catalogs_equal (FerryCatalog *a,
                       FerryCatalog *b)
{
  const char * const *modules = ferry_catalog_get_modules (a);
  GListModel *presets_a = ferry_catalog_get_presets (a);
  GListModel *presets_b = ferry_catalog_get_presets (b);

  ferry_test_assert_strv_equal (modules, ferry_catalog_get_modules (b));
  for (guint i = 0; modules[i] != NULL; i++)
    g_assert_cmpstr (ferry_catalog_get_module_label (a, modules[i]), ==,
                     ferry_catalog_get_module_label (b, modules[i]));

  g_assert_cmpuint (ferry_catalog_get_n_entity_types (a), ==,
                    ferry_catalog_get_n_entity_types (b));
  for (guint i = 0; i < ferry_catalog_get_n_entity_types (a); i++)
    {
      g_autoptr(FerryEntityType) x = g_list_model_get_item (G_LIST_MODEL (a), i);
      g_autoptr(FerryEntityType) y = g_list_model_get_item (G_LIST_MODEL (b), i);

      assert_entity_types_equal (x, y);
    }

  g_assert_cmpuint (g_list_model_get_n_items (presets_a), ==,
                    g_list_model_get_n_items (presets_b));
  for (guint i = 0; i < g_list_model_get_n_items (presets_a); i++)
    {
      g_autoptr(FerryPreset) x = g_list_model_get_item (presets_a, i);
      g_autoptr(FerryPreset) y = g_list_model_get_item (presets_b, i);

      assert_presets_equal (x, y);
    }
}

static JsonNode *
parse_json_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static FerryCatalog *
catalog_from_json_node (JsonNode *node,
                        GError  **error)
{
  char *text = json_to_string (node, FALSE);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

  return ferry_catalog_new_from_bytes (bytes, error);
}

/* Walks every field of every entity type; returns the catalog it saw. */
static gpointer
read_default_catalog (gpointer data)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  guint n_fields = 0;

  for (guint i = 0; i < ferry_catalog_get_n_entity_types (catalog); i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      GListModel *fields = ferry_entity_type_get_fields (type);

      for (guint j = 0; j < g_list_model_get_n_items (fields); j++)
        {
          g_autoptr(FerryField) field = g_list_model_get_item (fields, j);

          g_assert_true (ferry_entity_type_lookup_field (type, ferry_field_get_name (field))
                         == field);
          n_fields++;
        }
    }
  g_assert_cmpuint (n_fields, >, 0);

  return catalog;
}

static void
test_default_concurrent (void)
{
  GThread *threads[8];
  gpointer first = NULL;

  /* Registered first, so these threads race to load the catalog. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", read_default_catalog, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      gpointer seen = g_thread_join (threads[i]);

      g_assert_nonnull (seen);
      if (first == NULL)
        first = seen;
      g_assert_true (seen == first);
    }
  g_assert_true (ferry_catalog_get_default () == first);
}

static void
test_default_loads (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autoptr(FerryEntityType) first = NULL;

  g_assert_true (FERRY_IS_CATALOG (catalog));
  g_assert_true (ferry_catalog_get_default () == catalog);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (catalog)) == FERRY_TYPE_ENTITY_TYPE);
  g_assert_cmpuint (ferry_catalog_get_n_entity_types (catalog), >=, 29);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==,
                    ferry_catalog_get_n_entity_types (catalog));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (catalog),
                                        ferry_catalog_get_n_entity_types (catalog)));

  first = g_list_model_get_item (G_LIST_MODEL (catalog), 0);
  g_assert_true (ferry_catalog_lookup (catalog, ferry_entity_type_get_id (first)) == first);
  g_assert_null (ferry_catalog_lookup (catalog, "no.such_type"));
  g_assert_null (ferry_catalog_lookup_by_label (catalog, "No Such Type"));
  g_assert_cmpstr (ferry_catalog_get_module_label (catalog, "cn"), ==, "Contracts (CN)");
  g_assert_null (ferry_catalog_get_module_label (catalog, "zz"));
}

static void
test_default_same_as_file (void)
{
  const char *path = g_getenv ("FERRY_CATALOG_JSON");
  g_autoptr(FerryCatalog) from_file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (path);
  from_file = ferry_catalog_new_from_file (path, &error);
  g_assert_no_error (error);
  assert_catalogs_equal (ferry_catalog_get_default (), from_file);
}

static void
test_default_labels (void)
{
  static const char * const labels[] = {
    "Contract (CN)", "Contract Change Order (CN)", "Contract Change Order (PJ)",
    "Contract Change Order Item (CN)", "Contract Change Request (PJ)", "Contract Item (CN)",
    "Customer", "Customer Type", "Invoice (AP)", "Job (CV)", "Quick Bill Contract",
    "Quick Bill Contract Item", "Transaction (JC)", "Vendor (AP)", "Employee (PR)",
    "Equipment (EQ)", "Standard Cost Code (JC)", "Category (JC)", "Job Cost Code (JC)",
    "Extra (JC)", "Commitment (JC)", "Commitment Change Order (JC)", "Estimate (JC)",
    "GL Account", NULL
  };
  static const char * const export_labels[] = {
    "Prime Contract Change Order", "Commitment", "Commitment Change Order", "Time Entry",
    "Subcontractor Invoice", NULL
  };
  FerryCatalog *catalog = ferry_catalog_get_default ();

  for (guint i = 0; labels[i] != NULL; i++)
    {
      FerryEntityType *type = lookup_label (catalog, labels[i]);

      g_assert_cmpstr (ferry_entity_type_get_label (type), ==, labels[i]);
      g_assert_true (ferry_entity_type_is_push (type));
      g_assert_nonnull (ferry_catalog_get_module_label (catalog,
                                                        ferry_entity_type_get_module (type)));
    }

  for (guint i = 0; export_labels[i] != NULL; i++)
    {
      FerryEntityType *type = lookup_label (catalog, export_labels[i]);

      g_assert_cmpint (ferry_entity_type_get_direction (type), ==, FERRY_DIRECTION_EXPORT);
      g_assert_true (ferry_entity_type_is_export (type));
      g_assert_false (ferry_entity_type_is_push (type));
    }
}

static void
test_transaction_fields (void)
{
  static const char * const optional[] = {
    "Commitment Change Order", "Employee", "Equipment", "Credit Account", "Debit Account",
    "Pay ID", "Reference 1", "Reference 2", NULL
  };
  FerryEntityType *transaction = lookup_label (ferry_catalog_get_default (), "Transaction (JC)");
  GListModel *fields = ferry_entity_type_get_fields (transaction);
  guint found = 0;

  g_assert_true (g_list_model_get_item_type (fields) == FERRY_TYPE_FIELD);
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);
      const char *label = ferry_field_get_label (field);

      g_assert_true (ferry_entity_type_lookup_field (transaction,
                                                     ferry_field_get_name (field)) == field);
      if (g_strv_contains (optional, label))
        {
          g_assert_true (ferry_field_get_optional (field));
          found++;
        }
      if (g_strv_contains (ferry_entity_type_get_key (transaction), ferry_field_get_name (field)))
        g_assert_false (ferry_field_get_optional (field));
    }

  g_assert_cmpuint (found, ==, g_strv_length ((GStrv) optional));
  g_assert_null (ferry_entity_type_lookup_field (transaction, "no_such_field"));
}

static void
test_pcco_preset (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autoptr(FerryPreset) preset = g_list_model_get_item (ferry_catalog_get_presets (catalog), 0);
  g_autoptr(GHashTable) enabled = ids_of_labels (catalog, pcco_checkmarks);
  g_autoptr(GHashTable) off = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) synced = ids_of_labels (catalog, pcco_synced);
  const char *transaction = ferry_entity_type_get_id (lookup_label (catalog, "Transaction (JC)"));
  const char * const *disabled = ferry_preset_get_disabled_fields (preset, transaction);

  g_assert_cmpstr (ferry_preset_get_label (preset), ==, "PCCO export");
  g_assert_true (ferry_catalog_lookup_preset (catalog, ferry_preset_get_id (preset)) == preset);

  /* The seed's checkmarks, the Transaction (JC) whose circles it edits,
   * and the export itself. */
  g_hash_table_add (enabled, (char *) transaction);
  g_hash_table_add (enabled, (char *) ferry_entity_type_get_id (
                                lookup_label (catalog, "Prime Contract Change Order")));
  assert_set_equals_strv (enabled, ferry_preset_get_enable (preset));

  ferry_test_assert_strv_equal (ferry_preset_get_field_entities (preset),
                     (const char *[]) { transaction, NULL });
  for (guint i = 0; disabled[i] != NULL; i++)
    {
      FerryEntityType *type = ferry_catalog_lookup (catalog, transaction);

      g_hash_table_add (off, (char *) ferry_field_get_label (
                               ferry_entity_type_lookup_field (type, disabled[i])));
    }
  g_assert_cmpuint (g_strv_length ((GStrv) disabled), ==, g_hash_table_size (off));
  g_assert_cmpuint (g_hash_table_size (off), ==, g_strv_length ((GStrv) pcco_circles_off));
  for (guint i = 0; pcco_circles_off[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (off, pcco_circles_off[i]));

  g_assert_cmpstr (ferry_preset_get_sync_type (preset), ==, "deep");
  g_assert_cmpstr (ferry_preset_get_sync_timeframe (preset), ==, "all");
  assert_set_equals_strv (synced, ferry_preset_get_sync_select (preset));
}

static void
test_presets_reference_catalog (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  GListModel *presets = ferry_catalog_get_presets (catalog);

  g_assert_true (g_list_model_get_item_type (presets) == FERRY_TYPE_PRESET);
  g_assert_cmpuint (g_list_model_get_n_items (presets), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(FerryPreset) preset = g_list_model_get_item (presets, i);
      const char * const *enable = ferry_preset_get_enable (preset);
      const char * const *entities = ferry_preset_get_field_entities (preset);
      const char * const *select = ferry_preset_get_sync_select (preset);

      g_assert_cmpuint (g_strv_length ((GStrv) enable), >, 0);
      for (guint j = 0; enable[j] != NULL; j++)
        g_assert_nonnull (ferry_catalog_lookup (catalog, enable[j]));
      for (guint j = 0; select[j] != NULL; j++)
        g_assert_nonnull (ferry_catalog_lookup (catalog, select[j]));
      for (guint j = 0; entities[j] != NULL; j++)
        {
          FerryEntityType *type = ferry_catalog_lookup (catalog, entities[j]);
          const char * const *names = ferry_preset_get_disabled_fields (preset, entities[j]);

          g_assert_nonnull (type);
          for (guint k = 0; names[k] != NULL; k++)
            g_assert_true (ferry_field_get_optional (ferry_entity_type_lookup_field (type,
                                                                                     names[k])));
        }
      g_assert_nonnull (ferry_preset_get_disabled_fields (preset, "no.such_type"));
      g_assert_null (ferry_preset_get_disabled_fields (preset, "no.such_type")[0]);
    }

  g_assert_null (ferry_catalog_lookup_preset (catalog, "no-such-preset"));
}

static guint
position_of (GPtrArray  *sorted,
             const char *id)
{
  for (guint i = 0; i < sorted->len; i++)
    {
      if (g_str_equal (ferry_entity_type_get_id (g_ptr_array_index (sorted, i)), id))
        return i;
    }

  g_error ("“%s” is missing from the sorted list", id);
}

static void
test_sort_default (void)
{
  static const char * const chain[] = {
    "Customer Type", "Customer", "Job (CV)", "Contract (CN)", "Contract Item (CN)", NULL
  };
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autoptr(GPtrArray) sorted = ferry_catalog_sort_by_dependency (catalog, NULL, NULL);

  g_assert_nonnull (sorted);
  g_assert_cmpuint (sorted->len, ==, ferry_catalog_get_n_entity_types (catalog));

  for (guint i = 1; chain[i] != NULL; i++)
    g_assert_cmpuint (
      position_of (sorted, ferry_entity_type_get_id (lookup_label (catalog, chain[i - 1]))), <,
      position_of (sorted, ferry_entity_type_get_id (lookup_label (catalog, chain[i]))));

  for (guint i = 0; i < sorted->len; i++)
    {
      FerryEntityType *type = g_ptr_array_index (sorted, i);
      const char * const *parents = ferry_entity_type_get_parents (type);
      const char * const *dependencies = ferry_entity_type_get_dependencies (type);

      g_assert_cmpuint (position_of (sorted, ferry_entity_type_get_id (type)), ==, i);
      for (guint j = 0; parents[j] != NULL; j++)
        g_assert_cmpuint (position_of (sorted, parents[j]), <, i);
      for (guint j = 0; dependencies[j] != NULL; j++)
        g_assert_cmpuint (position_of (sorted, dependencies[j]), <, i);
    }
}

static void
test_sort_subset (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) unrelated = NULL;
  GPtrArray *unknown;

  /* Contract (CN) needs Customer Type only through Customer and Job (CV). */
  sorted = ferry_catalog_sort_by_dependency (
    catalog, (const char *[]) { "cn.contract_item", "cn.contract", "ar.customer_type",
                                "cn.contract", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sorted->len, ==, 3);
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (sorted, 0)), ==,
                   "ar.customer_type");
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (sorted, 1)), ==, "cn.contract");
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (sorted, 2)), ==,
                   "cn.contract_item");

  /* Independent types keep catalog order, whatever order they were asked in. */
  unrelated = ferry_catalog_sort_by_dependency (
    catalog, (const char *[]) { "pr.employee", "gl.account", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unrelated->len, ==, 2);
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (unrelated, 0)), ==, "gl.account");
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (unrelated, 1)), ==,
                   "pr.employee");

  unknown = ferry_catalog_sort_by_dependency (
    catalog, (const char *[]) { "cv.job", "cn.contrat", NULL }, &error);
  g_assert_null (unknown);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "“cn.contrat”"));
}

static void
test_round_trip (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  g_autoptr(JsonNode) json = ferry_catalog_to_json (catalog);
  g_autoptr(JsonNode) again_json = NULL;
  g_autoptr(JsonNode) file_json = parse_json_file (g_getenv ("FERRY_CATALOG_JSON"));
  g_autoptr(FerryCatalog) again = NULL;
  g_autoptr(GError) error = NULL;

  again = catalog_from_json_node (json, &error);
  g_assert_no_error (error);
  assert_catalogs_equal (catalog, again);

  again_json = ferry_catalog_to_json (again);
  g_assert_true (json_node_equal (json, again_json));
  /* Same shape as the data file: nothing lost, defaults left out alike. */
  g_assert_true (json_node_equal (json, file_json));
}

static void
test_types_to_string (void)
{
  FerryFieldType type;
  FerryDirection direction;

  for (FerryFieldType t = FERRY_FIELD_STRING; t <= FERRY_FIELD_BOOLEAN; t++)
    {
      g_assert_true (ferry_field_type_from_string (ferry_field_type_to_string (t), &type));
      g_assert_cmpint (type, ==, t);
    }
  g_assert_true (ferry_field_type_from_string ("money", &type));
  g_assert_cmpint (type, ==, FERRY_FIELD_MONEY);
  g_assert_false (ferry_field_type_from_string ("text", &type));

  g_assert_true (ferry_direction_from_string ("export", &direction));
  g_assert_cmpint (direction, ==, FERRY_DIRECTION_EXPORT);
  g_assert_cmpstr (ferry_direction_to_string (FERRY_DIRECTION_BOTH), ==, "both");
  g_assert_false (ferry_direction_from_string ("pull", &direction));
}

static void
test_field_new (void)
{
  g_autoptr(FerryField) required = ferry_field_new ("job", "Job", FERRY_FIELD_STRING, FALSE,
                                                     FALSE, "cv.job");
  g_autoptr(FerryField) optional = ferry_field_new ("rate", "Rate", FERRY_FIELD_MONEY, TRUE,
                                                     FALSE, NULL);
  g_autofree char *label = NULL;

  /* A required field is always on, whatever the caller says. */
  g_assert_true (ferry_field_get_enabled_by_default (required));
  g_assert_cmpstr (ferry_field_get_references (required), ==, "cv.job");
  g_assert_false (ferry_field_get_enabled_by_default (optional));
  g_assert_cmpint (ferry_field_get_field_type (optional), ==, FERRY_FIELD_MONEY);
  g_assert_null (ferry_field_get_references (optional));

  g_object_get (optional, "label", &label, NULL);
  g_assert_cmpstr (label, ==, "Rate");
}

static void
test_items (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  FerryEntityType *pcco = lookup_label (catalog, "Prime Contract Change Order");
  FerryEntityType *job = lookup_label (catalog, "Job (CV)");
  g_autoptr(FerryField) first = NULL;

  g_assert_nonnull (ferry_entity_type_get_items_table (pcco));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_entity_type_get_item_fields (pcco)), >, 0);
  g_assert_nonnull (ferry_entity_type_get_items_key (pcco)[0]);
  first = g_list_model_get_item (ferry_entity_type_get_item_fields (pcco), 0);
  g_assert_true (FERRY_IS_FIELD (first));

  g_assert_null (ferry_entity_type_get_items_table (job));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_entity_type_get_item_fields (job)), ==, 0);
  g_assert_null (ferry_entity_type_get_items_key (job)[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/concurrent-default", test_default_concurrent);
  g_test_add_func ("/catalog/default/loads", test_default_loads);
  g_test_add_func ("/catalog/default/same-as-file", test_default_same_as_file);
  g_test_add_func ("/catalog/default/labels", test_default_labels);
  g_test_add_func ("/catalog/default/transaction-fields", test_transaction_fields);
  g_test_add_func ("/catalog/default/items", test_items);
  g_test_add_func ("/catalog/default/pcco-preset", test_pcco_preset);
  g_test_add_func ("/catalog/default/presets-reference-catalog", test_presets_reference_catalog);
  g_test_add_func ("/catalog/default/sort", test_sort_default);
  g_test_add_func ("/catalog/default/sort-subset", test_sort_subset);
  g_test_add_func ("/catalog/default/round-trip", test_round_trip);
  g_test_add_func ("/catalog/types-to-string", test_types_to_string);
  g_test_add_func ("/catalog/field-new", test_field_new);

  return g_test_run ();
}
