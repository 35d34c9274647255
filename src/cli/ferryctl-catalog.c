/* ferryctl-catalog.c: `ferryctl catalog`, the entity catalog for people and scripts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferryctl-catalog"

#include <stdio.h>

#include "ferry-catalog.h"
#include "ferry-timeframe.h"
#include "ferryctl-util.h"

/* Returns how many fields @fields has; *out_optional how many are optional. */
static guint
count_fields (GListModel *fields,
              guint      *out_optional)
{
  guint n = g_list_model_get_n_items (fields);

  *out_optional = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);

      if (ferry_field_get_optional (field))
        (*out_optional)++;
    }

  return n;
}

static void
append_fields (GString    *line,
               GListModel *fields)
{
  guint optional;
  guint n = count_fields (fields, &optional);

  g_string_append_printf (line, "%u field%s", n, n == 1 ? "" : "s");
  if (optional > 0)
    g_string_append_printf (line, " (%u optional)", optional);
}

static void
print_entity_type (FerryEntityType *type)
{
  const char * const *parents = ferry_entity_type_get_parents (type);
  g_autofree char *key = g_strjoinv (", ", (GStrv) ferry_entity_type_get_key (type));
  g_autoptr(GString) line = g_string_new (NULL);

  printf ("  [%s] %s  (%s)\n", ferry_entity_type_get_selected_by_default (type) ? "x" : " ",
          ferry_entity_type_get_label (type), ferry_entity_type_get_id (type));

  g_string_append_printf (line, "%s · key: %s · ",
                          ferry_direction_to_string (ferry_entity_type_get_direction (type)),
                          key);
  if (parents[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (GStrv) parents);

      g_string_append_printf (line, "parents: %s · ", list);
    }
  else
    g_string_append (line, "no parents · ");
  append_fields (line, ferry_entity_type_get_fields (type));

  if (ferry_entity_type_get_items_table (type) != NULL)
    {
      g_string_append_printf (line, " · items in %s: ", ferry_entity_type_get_items_table (type));
      append_fields (line, ferry_entity_type_get_item_fields (type));
    }

  printf ("      %s\n", line->str);
}

static void
print_modules (FerryCatalog *catalog)
{
  const char * const *modules = ferry_catalog_get_modules (catalog);
  guint n = ferry_catalog_get_n_entity_types (catalog);

  for (guint m = 0; modules[m] != NULL; m++)
    {
      guint listed = 0;

      printf ("%s%s\n", m > 0 ? "\n" : "", ferry_catalog_get_module_label (catalog, modules[m]));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);

          if (g_str_equal (ferry_entity_type_get_module (type), modules[m]))
            {
              print_entity_type (type);
              listed++;
            }
        }
      if (listed == 0)
        printf ("  (no entity types)\n");
    }

  printf ("\n[x] selected by default\n");
}

static void
print_preset (FerryCatalog *catalog,
              FerryPreset  *preset)
{
  const char * const *enable = ferry_preset_get_enable (preset);
  const char * const *entities = ferry_preset_get_field_entities (preset);
  guint n_select = g_strv_length ((GStrv) ferry_preset_get_sync_select (preset));
  FerryTimeframe timeframe;

  printf ("  %s  (%s)\n", ferry_preset_get_label (preset), ferry_preset_get_id (preset));
  printf ("      turns on %u entity type%s", g_strv_length ((GStrv) enable),
          enable[0] != NULL && enable[1] == NULL ? "" : "s");
  for (guint i = 0; entities[i] != NULL; i++)
    {
      FerryEntityType *type = ferry_catalog_lookup (catalog, entities[i]);
      const char * const *names = ferry_preset_get_disabled_fields (preset, entities[i]);
      g_autoptr(GString) labels = g_string_new (NULL);

      for (guint j = 0; names[j] != NULL; j++)
        g_string_append_printf (labels, "%s%s", j > 0 ? ", " : "",
                                ferry_field_get_label (ferry_entity_type_lookup_field (type,
                                                                                       names[j])));
      printf (" · switches off %s on %s", labels->str, ferry_entity_type_get_label (type));
    }
  if (!ferry_timeframe_from_string (ferry_preset_get_sync_timeframe (preset), &timeframe))
    g_return_if_reached ();
  printf ("\n      then a %s sync of %u entity type%s, timeframe: %s\n",
          ferry_preset_get_sync_type (preset), n_select, n_select == 1 ? "" : "s",
          ferry_timeframe_get_label (timeframe));
}

static void
print_summary (FerryCatalog *catalog)
{
  GListModel *presets = ferry_catalog_get_presets (catalog);

  print_modules (catalog);

  printf ("\nPresets\n");
  for (guint i = 0; i < g_list_model_get_n_items (presets); i++)
    {
      g_autoptr(FerryPreset) preset = g_list_model_get_item (presets, i);

      print_preset (catalog, preset);
    }
  if (g_list_model_get_n_items (presets) == 0)
    printf ("  (none)\n");
}

int
ferryctl_catalog (int    argc,
                  char **argv)
{
  gboolean json = FALSE;
  g_autofree char *file = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print the catalog as JSON, in the format of catalog.json", NULL },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file,
      "Load and check this catalog instead of the built-in one", "PATH" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(FerryCatalog) loaded = NULL;
  g_autoptr(GError) error = NULL;
  FerryCatalog *catalog;
  int status;

  g_option_context_set_summary (context,
                                "Prints the entity types Ferry can sync, by module, and the "
                                "presets.\nWith --file, checks a catalog being edited: on a "
                                "problem it says what to fix and exits with status 6\n(2 when "
                                "the file cannot be read).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!ferryctl_parse_options (context, &argc, &argv, (const char * const[]) { NULL }, &status))
    return status;

  if (file != NULL)
    {
      loaded = ferry_catalog_new_from_file (file, &error);
      if (loaded == NULL)
        return ferryctl_fail (error);
    }
  catalog = loaded != NULL ? loaded : ferry_catalog_get_default ();

  if (json)
    {
      g_autoptr(JsonNode) root = ferry_catalog_to_json (catalog);

      ferryctl_print_json (root);
    }
  else
    print_summary (catalog);

  return FERRYCTL_EXIT_OK;
}
