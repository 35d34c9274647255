/* test-catalog-small.c: small inline catalogs — dependency order, and
 * every kind of broken catalog rejected with a message naming the entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "ferry-catalog.h"
#include "ferry-error.h"
#include "ferry-test-util.h"

/* Small catalogs, written with ' for " to stay readable. Module "m" and
 * entity types whose key is a string field "k". */
#define CATALOG(types, presets) \
  "{'format':1,'modules':[{'id':'m','label':'M'}],'entity_types':[" types "]," \
  "'presets':[" presets "]}"
#define TYPE(id, parents, fields) \
  "{'id':'" id "','label':'Label " id "','module':'m','direction':'push','table':'t'," \
  "'parents':[" parents "],'key':['k'],'default':true,'description':'D'," \
  "'fields':[{'name':'k','label':'K','type':'string'}" fields "]}"
#define FIELD(name, extra) ",{'name':'" name "','label':'F','type':'string'" extra "}"
#define PRESET(id, enable, disable, type, timeframe, select) \
  "{'id':'" id "','label':'P','description':'D','enable':[" enable "]," \
  "'disable_fields':{" disable "},'sync':{'type':'" type "','timeframe':'" timeframe "'," \
  "'select':[" select "]}}"
#define OPTIONAL ",'optional':true"

static FerryCatalog *
catalog_from_text (const char *text,
                   GError    **error)
{
  g_autofree char *json = g_strdelimit (g_strdup (text), "'", '"');
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return ferry_catalog_new_from_bytes (bytes, error);
}

static void
test_small_valid (void)
{
  /* The baseline the broken cases below depart from; a field may refer to
   * its own entity type, and a preset may switch off an optional field. */
  static const char *text = CATALOG (
    TYPE ("a", "", FIELD ("up", ",'references':'a'") FIELD ("o", OPTIONAL ",'default':false"))
    "," TYPE ("b", "'a'", FIELD ("a", ",'references':'a'")),
    PRESET ("p", "'a','b'", "'a':['o']", "shallow", "week", "'b'"));
  g_autoptr(FerryCatalog) catalog = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GError) error = NULL;
  FerryField *o;

  catalog = catalog_from_text (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_catalog_get_n_entity_types (catalog), ==, 2);
  o = ferry_entity_type_lookup_field (ferry_catalog_lookup (catalog, "a"), "o");
  g_assert_true (ferry_field_get_optional (o));
  g_assert_false (ferry_field_get_enabled_by_default (o));
  g_assert_null (ferry_entity_type_get_dependencies (ferry_catalog_lookup (catalog, "a"))[0]);
  ferry_test_assert_strv_equal (ferry_entity_type_get_dependencies (ferry_catalog_lookup (catalog, "b")),
                     (const char *[]) { "a", NULL });

  sorted = ferry_catalog_sort_by_dependency (catalog, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (sorted, 0)), ==, "a");
}

static void
test_small_stable_order (void)
{
  /* "a" needs "c": the whole catalog sorts b, c, a (ties in catalog
   * order), but a subset without "c" keeps a before b. */
  static const char *text = CATALOG (
    TYPE ("a", "'c'", "") "," TYPE ("b", "", "") "," TYPE ("c", "", ""), "");
  g_autoptr(FerryCatalog) catalog = catalog_from_text (text, NULL);
  g_autoptr(GPtrArray) all = ferry_catalog_sort_by_dependency (catalog, NULL, NULL);
  g_autoptr(GPtrArray) some = ferry_catalog_sort_by_dependency (
    catalog, (const char *[]) { "b", "a", NULL }, NULL);
  g_autoptr(GPtrArray) none = ferry_catalog_sort_by_dependency (
    catalog, (const char *[]) { NULL }, NULL);

  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (all, 0)), ==, "b");
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (all, 1)), ==, "c");
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (all, 2)), ==, "a");
  g_assert_cmpuint (some->len, ==, 2);
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (some, 0)), ==, "a");
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (some, 1)), ==, "b");
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_small_transitive_order (void)
{
  /* "a" needs "c" only through "b", which is not asked for. */
  static const char *text = CATALOG (
    TYPE ("a", "'b'", "") "," TYPE ("b", "'c'", "") "," TYPE ("c", "", ""), "");
  g_autoptr(FerryCatalog) catalog = catalog_from_text (text, NULL);
  g_autoptr(GPtrArray) sorted = ferry_catalog_sort_by_dependency (
    catalog, (const char *[]) { "a", "c", NULL }, NULL);

  g_assert_cmpuint (sorted->len, ==, 2);
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (sorted, 0)), ==, "c");
  g_assert_cmpstr (ferry_entity_type_get_id (g_ptr_array_index (sorted, 1)), ==, "a");
}

typedef struct
{
  const char *name;
  const char *json;
  const char *message; /* a part of the error message */
} BrokenCatalog;

static const BrokenCatalog broken_catalogs[] = {
  { "not-json", "{'format': 1, 'modules': [", "not valid JSON" },
  { "empty", "", "empty" },
  { "not-an-object", "['format', 1]", "must be a JSON object" },
  { "format", "{'format': 2, 'modules': [], 'entity_types': [], 'presets': []}",
    "format 2 is not supported" },
  { "format-type", "{'format': '1', 'modules': [], 'entity_types': [], 'presets': []}",
    "member “format” must be a whole number" },
  { "missing-entity-types", "{'format': 1, 'modules': [], 'presets': []}",
    "The catalog: member “entity_types” is missing" },
  { "entity-not-object", CATALOG ("42", ""), "Entity type #1 must be a JSON object" },
  { "missing-id", CATALOG ("{'label': 'A'}", ""), "Entity type #1: member “id” is missing" },
  { "missing-label",
    CATALOG ("{'id': 'a', 'module': 'm'}", ""), "Entity type “a”: member “label” is missing" },
  { "wrong-type",
    CATALOG ("{'id':'a','label':'A','module':'m','direction':'push','table':'t','parents':'b'}",
             ""),
    "Entity type “a”: member “parents” must be an array of non-empty strings" },
  { "field-not-object", CATALOG (TYPE ("a", "", ",'f'"), ""),
    "Entity type “a”, field #2 must be a JSON object" },
  { "wrong-boolean", CATALOG (TYPE ("a", "", FIELD ("f", ",'optional':'yes'")), ""),
    "Entity type “a”, field “f”: member “optional” must be true or false" },
  { "field-missing-name", CATALOG (TYPE ("a", "", ",{'label':'F','type':'string'}"), ""),
    "Entity type “a”, field #2: member “name” is missing" },
  { "module-not-object", "{'format':1,'modules':['m'],'entity_types':[],'presets':[]}",
    "Module #1 must be a JSON object" },
  { "duplicate-id", CATALOG (TYPE ("a", "", "") "," TYPE ("a", "", ""), ""),
    "Entity type “a” is defined twice" },
  { "duplicate-label",
    CATALOG (TYPE ("a", "", "") ",{'id':'b','label':'Label a','module':'m','direction':'push',"
             "'table':'t','parents':[],'key':['k'],'default':false,'description':'D',"
             "'fields':[{'name':'k','label':'K','type':'string'}]}", ""),
    "Entity type “b”: label “Label a” is already used by entity type “a”" },
  { "duplicate-module",
    "{'format':1,'modules':[{'id':'m','label':'M'},{'id':'m','label':'N'}],"
    "'entity_types':[],'presets':[]}",
    "Module “m” is listed twice" },
  { "unknown-module",
    CATALOG ("{'id':'a','label':'A','module':'zz','direction':'push','table':'t','parents':[],"
             "'key':['k'],'default':true,'description':'D',"
             "'fields':[{'name':'k','label':'K','type':'string'}]}", ""),
    "Entity type “a”: module “zz” is not in the catalog’s “modules”" },
  { "direction",
    CATALOG ("{'id':'a','label':'A','module':'m','direction':'sideways','table':'t',"
             "'parents':[],'key':['k'],'default':true,'description':'D','fields':[]}", ""),
    "Entity type “a”: direction “sideways” is not valid; use push, export or both" },
  { "field-type", CATALOG (TYPE ("a", "", ",{'name':'f','label':'F','type':'text'}"), ""),
    "Entity type “a”, field “f”: type “text” is not valid" },
  { "duplicate-field", CATALOG (TYPE ("a", "", FIELD ("f", "") FIELD ("f", "")), ""),
    "Entity type “a”: field “f” appears twice" },
  { "unknown-parent", CATALOG (TYPE ("a", "", "") "," TYPE ("b", "'a','zz'", ""), ""),
    "Entity type “b”: parent “zz” is not in the catalog" },
  { "unknown-reference", CATALOG (TYPE ("a", "", FIELD ("f", ",'references':'zz'")), ""),
    "Entity type “a”, field “f”: reference “zz” is not in the catalog" },
  { "parent-cycle",
    CATALOG (TYPE ("a", "'c'", "") "," TYPE ("b", "'a'", "") "," TYPE ("c", "'b'", ""), ""),
    "a → c → b → a" },
  { "reference-cycle",
    CATALOG (TYPE ("a", "'b'", "") "," TYPE ("b", "", FIELD ("f", ",'references':'a'")), ""),
    "a → b → a" },
  { "self-parent", CATALOG (TYPE ("a", "'a'", ""), ""),
    "Entity type “a” depends on itself: a → a" },
  { "empty-key",
    CATALOG ("{'id':'a','label':'A','module':'m','direction':'push','table':'t','parents':[],"
             "'key':[],'default':true,'description':'D',"
             "'fields':[{'name':'k','label':'K','type':'string'}]}", ""),
    "Entity type “a”: key is empty" },
  { "key-not-a-field",
    CATALOG ("{'id':'a','label':'A','module':'m','direction':'push','table':'t','parents':[],"
             "'key':['k','nope'],'default':true,'description':'D',"
             "'fields':[{'name':'k','label':'K','type':'string'}]}", ""),
    "Entity type “a”: key field “nope” is not one of its fields" },
  { "optional-key",
    CATALOG ("{'id':'a','label':'A','module':'m','direction':'push','table':'t','parents':[],"
             "'key':['k'],'default':true,'description':'D',"
             "'fields':[{'name':'k','label':'K','type':'string','optional':true}]}", ""),
    "Entity type “a”: key field “k” is optional" },
  { "items-key",
    CATALOG ("{'id':'a','label':'A','module':'m','direction':'export','table':'t','parents':[],"
             "'key':['k'],'default':true,'description':'D',"
             "'fields':[{'name':'k','label':'K','type':'string'}],"
             "'items':{'table':'ti','key':['line'],"
             "'fields':[{'name':'item','label':'I','type':'string'}]}}", ""),
    "Entity type “a”: items key field “line” is not one of its item fields" },
  { "items-reference",
    CATALOG ("{'id':'a','label':'A','module':'m','direction':'export','table':'t','parents':[],"
             "'key':['k'],'default':true,'description':'D',"
             "'fields':[{'name':'k','label':'K','type':'string'}],"
             "'items':{'table':'ti','key':['item'],'fields':[{'name':'item','label':'I',"
             "'type':'string','references':'zz'}]}}", ""),
    "Entity type “a”, item field “item”: reference “zz” is not in the catalog" },
  { "required-field-default-off", CATALOG (TYPE ("a", "", FIELD ("f", ",'default':false")), ""),
    "Entity type “a”, field “f”: “default”: false only applies to an optional field" },
  { "duplicate-preset",
    CATALOG (TYPE ("a", "", ""), PRESET ("p", "'a'", "", "deep", "all", "")
             "," PRESET ("p", "'a'", "", "deep", "all", "")),
    "Preset “p” is defined twice" },
  { "preset-missing-sync",
    CATALOG (TYPE ("a", "", ""),
             "{'id':'p','label':'P','description':'D','enable':['a'],'disable_fields':{}}"),
    "Preset “p”: member “sync” is missing" },
  { "preset-enable",
    CATALOG (TYPE ("a", "", ""), PRESET ("p", "'a','zz'", "", "deep", "all", "")),
    "Preset “p”: “enable” entry “zz” is not in the catalog" },
  { "preset-disable-entity",
    CATALOG (TYPE ("a", "", ""), PRESET ("p", "'a'", "'zz':['k']", "deep", "all", "")),
    "Preset “p”: “disable_fields” entry “zz” is not in the catalog" },
  { "preset-disable-missing-field",
    CATALOG (TYPE ("a", "", ""), PRESET ("p", "'a'", "'a':['nope']", "deep", "all", "")),
    "Preset “p”: entity type “a” has no field “nope”" },
  { "preset-disable-required-field",
    CATALOG (TYPE ("a", "", FIELD ("f", "")), PRESET ("p", "'a'", "'a':['f']", "deep", "all", "")),
    "Preset “p”: field “f” of entity type “a” is required" },
  { "preset-select",
    CATALOG (TYPE ("a", "", ""), PRESET ("p", "'a'", "", "deep", "all", "'a','zz'")),
    "Preset “p”: “sync” “select” entry “zz” is not in the catalog" },
  { "preset-sync-type",
    CATALOG (TYPE ("a", "", ""), PRESET ("p", "'a'", "", "medium", "all", "")),
    "Preset “p”, sync: type “medium” is not valid; use shallow or deep" },
  { "preset-timeframe",
    CATALOG (TYPE ("a", "", ""), PRESET ("p", "'a'", "", "deep", "decade", "")),
    "Preset “p”, sync: timeframe “decade” is not valid; use today, week, month, year or all" },
};

static void
test_broken (gconstpointer data)
{
  const BrokenCatalog *broken = data;
  g_autoptr(FerryCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = catalog_from_text (broken->json, &error);
  g_assert_null (catalog);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG);
  g_test_message ("%s", error->message);
  if (strstr (error->message, broken->message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, broken->message);
}

static void
test_broken_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "catalog",
                                                 "unknown-parent.json", NULL);
  g_autoptr(FerryCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = ferry_catalog_new_from_file (path, &error);
  g_assert_null (catalog);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "Entity type “cn.contract_item”: "
                                            "parent “cn.contrat” is not in the catalog"));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCatalog) catalog = ferry_catalog_new_from_file ("/nonexistent/catalog.json",
                                                                 &error);

  g_assert_null (catalog);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/catalog.json"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalog/small/valid", test_small_valid);
  g_test_add_func ("/catalog/small/stable-order", test_small_stable_order);
  g_test_add_func ("/catalog/small/transitive-order", test_small_transitive_order);
  g_test_add_func ("/catalog/broken/file", test_broken_file);
  g_test_add_func ("/catalog/broken/missing-file", test_missing_file);

  for (guint i = 0; i < G_N_ELEMENTS (broken_catalogs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalog/broken/%s", broken_catalogs[i].name);

      g_test_add_data_func (path, &broken_catalogs[i], test_broken);
    }

  return g_test_run ();
}
