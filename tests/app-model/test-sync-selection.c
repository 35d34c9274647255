/* test-sync-selection.c: the Sync tab's select/deselect tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "app-model-test-util.h"
#include "ferry-sync-selection.h"
#include "ferry-test-util.h"

typedef struct
{
  FerryCatalog       *catalog;
  FerryConnection    *connection;
  FerrySyncSelection *selection;
  guint               n_changed;
  guint               n_empty_notified;
} Fixture;

static void
on_changed (FerrySyncSelection *selection,
            Fixture            *fixture)
{
  fixture->n_changed++;
}

static void
on_empty_notified (FerrySyncSelection *selection,
                   GParamSpec         *pspec,
                   Fixture            *fixture)
{
  fixture->n_empty_notified++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->catalog = app_model_test_load_catalog ();
  /* The seed's connection: the PCCO export set up in Advanced Mappings. */
  fixture->connection = app_model_test_new_connection (fixture->catalog, "pcco-export");
  fixture->selection = ferry_sync_selection_new (fixture->connection);
  g_signal_connect (fixture->selection, "changed", G_CALLBACK (on_changed), fixture);
  g_signal_connect (fixture->selection, "notify::empty", G_CALLBACK (on_empty_notified), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->selection);
  g_clear_object (&fixture->connection);
  g_clear_object (&fixture->catalog);
}

static FerryCheckState
state_of (Fixture    *fixture,
          const char *id)
{
  FerrySyncSelectionNode *node = ferry_sync_selection_lookup (fixture->selection, id);

  if (node == NULL)
    g_error ("No node “%s” in the tree", id);
  return ferry_sync_selection_node_get_state (node);
}

static void
tick (Fixture    *fixture,
      const char *id,
      gboolean    checked)
{
  FerrySyncSelectionNode *node = ferry_sync_selection_lookup (fixture->selection, id);

  g_assert_nonnull (node);
  ferry_sync_selection_set_checked (fixture->selection, node, checked);
}

static void
assert_selected (Fixture            *fixture,
                 const char * const *expected)
{
  g_auto(GStrv) selected = ferry_sync_selection_dup_selected_ids (fixture->selection);

  if (!g_strv_equal ((const char * const *) selected, expected))
    {
      g_autofree char *got = g_strjoinv (", ", selected);
      g_autofree char *want = g_strjoinv (", ", (char **) expected);

      g_error ("Selected “%s”, expected “%s”", got, want);
    }
}

/* The tree: modules in catalog order, each with its enabled entity types
 * in catalog order, labels as the catalog has them; everything ticked. */
static void
test_initial (Fixture       *fixture,
              gconstpointer  data)
{
  GListModel *modules = ferry_sync_selection_get_model (fixture->selection);
  const char * const *catalog_modules = ferry_catalog_get_modules (fixture->catalog);
  g_auto(GStrv) enabled = ferry_connection_dup_enabled_entities (fixture->connection);
  g_autoptr(GPtrArray) order = ferry_catalog_sort_by_dependency (fixture->catalog,
                                                                 (const char * const *) enabled, NULL);
  g_autoptr(GStrvBuilder) expected = g_strv_builder_new ();
  g_auto(GStrv) expected_ids = NULL;
  guint previous_module = 0, n_types = 0;

  g_assert_cmpuint (g_list_model_get_n_items (modules), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(FerrySyncSelectionNode) module = g_list_model_get_item (modules, i);
      const char *id = ferry_sync_selection_node_get_id (module);
      GListModel *children = ferry_sync_selection_node_get_children (module);
      guint position = 0;

      while (catalog_modules[position] != NULL && g_strcmp0 (catalog_modules[position], id) != 0)
        position++;
      g_assert_nonnull (catalog_modules[position]);
      g_assert_true (i == 0 || position > previous_module);
      previous_module = position;
      g_assert_true (ferry_sync_selection_node_get_is_module (module));
      g_assert_cmpstr (ferry_sync_selection_node_get_label (module), ==,
                       ferry_catalog_get_module_label (fixture->catalog, id));
      g_assert_cmpint (ferry_sync_selection_node_get_state (module), ==, FERRY_CHECK_CHECKED);
      g_assert_cmpuint (g_list_model_get_n_items (children), >, 0);
      for (guint j = 0; j < g_list_model_get_n_items (children); j++)
        {
          g_autoptr(FerrySyncSelectionNode) child = g_list_model_get_item (children, j);
          FerryEntityType *type = ferry_catalog_lookup (fixture->catalog,
                                                        ferry_sync_selection_node_get_id (child));

          g_assert_nonnull (type);
          g_assert_false (ferry_sync_selection_node_get_is_module (child));
          g_assert_null (ferry_sync_selection_node_get_children (child));
          g_assert_cmpstr (ferry_entity_type_get_module (type), ==, id);
          g_assert_cmpstr (ferry_sync_selection_node_get_label (child), ==,
                           ferry_entity_type_get_label (type));
          g_assert_true (ferry_connection_get_entity_enabled (fixture->connection,
                                                              ferry_entity_type_get_id (type)));
          g_assert_cmpint (ferry_sync_selection_node_get_state (child), ==, FERRY_CHECK_CHECKED);
          n_types++;
        }
    }
  g_assert_cmpuint (n_types, ==, g_strv_length (enabled));

  /* The export type is in the tree too, under its module. */
  g_assert_nonnull (ferry_sync_selection_lookup (fixture->selection, "export.pcco"));
  g_assert_null (ferry_sync_selection_lookup (fixture->selection, "export.time_entry"));
  g_assert_false (ferry_sync_selection_is_empty (fixture->selection));
  g_assert_cmpint (ferry_sync_selection_get_state (fixture->selection), ==, FERRY_CHECK_CHECKED);

  for (guint i = 0; i < order->len; i++)
    g_strv_builder_add (expected, ferry_entity_type_get_id (g_ptr_array_index (order, i)));
  expected_ids = g_strv_builder_end (expected);
  assert_selected (fixture, (const char * const *) expected_ids);
}

/* The seed: Deselect All, then tick Transaction (JC); here Customer too. */
static void
test_deselect_then_tick (Fixture       *fixture,
                         gconstpointer  data)
{
  GListModel *modules = ferry_sync_selection_get_model (fixture->selection);

  ferry_sync_selection_deselect_all (fixture->selection);
  g_assert_true (ferry_sync_selection_is_empty (fixture->selection));
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpuint (fixture->n_empty_notified, ==, 1);
  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(FerrySyncSelectionNode) module = g_list_model_get_item (modules, i);

      g_assert_cmpint (ferry_sync_selection_node_get_state (module), ==, FERRY_CHECK_UNCHECKED);
    }
  assert_selected (fixture, (const char * const[]) { NULL });

  tick (fixture, ferry_entity_type_get_id (ferry_catalog_lookup_by_label (fixture->catalog,
                                                                          "Transaction (JC)")), TRUE);
  tick (fixture, ferry_entity_type_get_id (ferry_catalog_lookup_by_label (fixture->catalog,
                                                                          "Customer")), TRUE);
  g_assert_false (ferry_sync_selection_is_empty (fixture->selection));
  g_assert_cmpuint (fixture->n_empty_notified, ==, 2);
  g_assert_cmpint (ferry_sync_selection_get_state (fixture->selection), ==, FERRY_CHECK_MIXED);

  /* Job Cost has other enabled types (cost codes, categories); Accounts
   * Receivable has Customer Type, unticked. */
  g_assert_cmpint (state_of (fixture, "jc"), ==, FERRY_CHECK_MIXED);
  g_assert_cmpint (state_of (fixture, "ar"), ==, FERRY_CHECK_MIXED);
  g_assert_cmpint (state_of (fixture, "jc.transaction"), ==, FERRY_CHECK_CHECKED);
  g_assert_cmpint (state_of (fixture, "jc.category"), ==, FERRY_CHECK_UNCHECKED);
  g_assert_cmpint (state_of (fixture, "ar.customer_type"), ==, FERRY_CHECK_UNCHECKED);
  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(FerrySyncSelectionNode) module = g_list_model_get_item (modules, i);
      const char *id = ferry_sync_selection_node_get_id (module);

      if (!g_str_equal (id, "jc") && !g_str_equal (id, "ar"))
        g_assert_cmpint (ferry_sync_selection_node_get_state (module), ==, FERRY_CHECK_UNCHECKED);
    }
  assert_selected (fixture, (const char * const[]) { "ar.customer", "jc.transaction", NULL });

  /* All of a module's types ticked: the module is ticked. */
  tick (fixture, "ar.customer_type", TRUE);
  g_assert_cmpint (state_of (fixture, "ar"), ==, FERRY_CHECK_CHECKED);
  assert_selected (fixture, (const char * const[]) { "ar.customer_type", "ar.customer",
                                                     "jc.transaction", NULL });
}

/* The Sync tab lists modules in catalog order (cn before cv), but a run
 * needs jobs before the contracts that refer to them. */
static void
test_dependency_order (Fixture       *fixture,
                       gconstpointer  data)
{
  ferry_sync_selection_deselect_all (fixture->selection);
  tick (fixture, "cn.contract", TRUE);
  tick (fixture, "cv.job", TRUE);
  assert_selected (fixture, (const char * const[]) { "cv.job", "cn.contract", NULL });

  /* The preset's recommended selection, as the seed ticks it. */
  ferry_sync_selection_set_selected_ids (fixture->selection,
    ferry_preset_get_sync_select (ferry_catalog_lookup_preset (fixture->catalog, "pcco-export")));
  assert_selected (fixture, (const char * const[]) {
    "ar.customer_type", "ar.customer", "jc.transaction", "cn.contract", "cn.contract_item",
    "cn.change_order", "cn.change_order_item", "pj.change_request", "pj.change_order",
    "cn.quick_bill_contract", "cn.quick_bill_contract_item", NULL });
}

static void
test_module_toggle (Fixture       *fixture,
                    gconstpointer  data)
{
  FerrySyncSelectionNode *cn = ferry_sync_selection_lookup (fixture->selection, "cn");
  GListModel *children = ferry_sync_selection_node_get_children (cn);
  gboolean active, inconsistent;

  ferry_sync_selection_set_checked (fixture->selection, cn, FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(FerrySyncSelectionNode) child = g_list_model_get_item (children, i);

      g_assert_cmpint (ferry_sync_selection_node_get_state (child), ==, FERRY_CHECK_UNCHECKED);
    }
  g_assert_cmpint (ferry_sync_selection_node_get_state (cn), ==, FERRY_CHECK_UNCHECKED);
  g_assert_cmpint (ferry_sync_selection_get_state (fixture->selection), ==, FERRY_CHECK_MIXED);

  /* A click on a mixed module ticks all of it. */
  tick (fixture, "cn.contract", TRUE);
  g_object_get (cn, "active", &active, "inconsistent", &inconsistent, NULL);
  g_assert_false (active);
  g_assert_true (inconsistent);
  ferry_sync_selection_toggle (fixture->selection, cn);
  g_object_get (cn, "active", &active, "inconsistent", &inconsistent, NULL);
  g_assert_true (active);
  g_assert_false (inconsistent);
  g_assert_cmpint (ferry_sync_selection_get_state (fixture->selection), ==, FERRY_CHECK_CHECKED);

  ferry_sync_selection_toggle (fixture->selection, cn);
  g_assert_cmpint (state_of (fixture, "cn.contract"), ==, FERRY_CHECK_UNCHECKED);
  ferry_sync_selection_select_all (fixture->selection);
  g_assert_cmpint (state_of (fixture, "cn.contract"), ==, FERRY_CHECK_CHECKED);
}

/* Mappings change while the tab is open: new types arrive ticked, what
 * the user unticked stays unticked, types turned off leave the tree. */
static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  GListModel *modules = ferry_sync_selection_get_model (fixture->selection);
  guint n_modules = g_list_model_get_n_items (modules);

  tick (fixture, "jc.transaction", FALSE);
  fixture->n_changed = 0;

  g_assert_null (ferry_sync_selection_lookup (fixture->selection, "jc.extra"));
  ferry_connection_set_entity_enabled (fixture->connection, "jc.extra", TRUE);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpint (state_of (fixture, "jc.extra"), ==, FERRY_CHECK_CHECKED);
  g_assert_cmpint (state_of (fixture, "jc.transaction"), ==, FERRY_CHECK_UNCHECKED);
  g_assert_cmpint (state_of (fixture, "jc"), ==, FERRY_CHECK_MIXED);

  /* Equipment (EQ) is the only type of its module. */
  ferry_connection_set_entity_enabled (fixture->connection, "eq.equipment", FALSE);
  g_assert_null (ferry_sync_selection_lookup (fixture->selection, "eq"));
  g_assert_cmpuint (g_list_model_get_n_items (modules), ==, n_modules - 1);

  /* Field changes leave the tree as it is. */
  ferry_connection_set_field_enabled (fixture->connection, "jc.transaction", "units", FALSE);
  g_assert_cmpuint (fixture->n_changed, ==, 2);

  /* Turned off and on again, a type comes back ticked. */
  ferry_connection_set_entity_enabled (fixture->connection, "jc.transaction", FALSE);
  g_assert_null (ferry_sync_selection_lookup (fixture->selection, "jc.transaction"));
  g_assert_cmpint (state_of (fixture, "jc"), ==, FERRY_CHECK_CHECKED);
  ferry_connection_set_entity_enabled (fixture->connection, "jc.transaction", TRUE);
  g_assert_cmpint (state_of (fixture, "jc.transaction"), ==, FERRY_CHECK_CHECKED);

  /* reload () by hand changes nothing when nothing changed. */
  fixture->n_changed = 0;
  ferry_sync_selection_reload (fixture->selection);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
}

static void
test_state_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (FERRY_TYPE_CHECK_STATE);
  GEnumValue *mixed = g_enum_get_value_by_nick (klass, "mixed");

  g_assert_nonnull (mixed);
  g_assert_cmpint (mixed->value, ==, FERRY_CHECK_MIXED);
  g_assert_cmpuint (klass->n_values, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/sync-selection/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("initial", test_initial);
  ADD ("deselect-then-tick", test_deselect_then_tick);
  ADD ("dependency-order", test_dependency_order);
  ADD ("module-toggle", test_module_toggle);
  ADD ("reload", test_reload);
#undef ADD
  g_test_add_func ("/sync-selection/state-enum", test_state_enum);

  return g_test_run ();
}
