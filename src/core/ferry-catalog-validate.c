/* ferry-catalog-validate.c: checks that catalog entries agree with each other
 *
 * The shape of each entry is checked while it is read; what is left are
 * the rules that span entries. Each message names the entry to fix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-catalog-validate"

#include "ferry-catalog-private.h"
#include "ferry-error.h"

static gboolean G_GNUC_PRINTF (2, 3)
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
                                                format, args));
  va_end (args);

  return FALSE;
}

/* Remembers @item under @name; returns the item that had it first, if any. */
static gpointer
remember (GHashTable *seen,
          const char *name,
          gpointer    item)
{
  gpointer earlier = g_hash_table_lookup (seen, name);

  if (earlier == NULL)
    g_hash_table_insert (seen, (char *) name, item);

  return earlier;
}

/* @ids name entity types; @member says where they were listed. */
static gboolean
check_known (FerryCatalog       *self,
             const char         *context,
             const char         *member,
             const char * const *ids,
             GError            **error)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (ferry_catalog_lookup (self, ids[i]) == NULL)
        return invalid (error, "%s: %s “%s” is not in the catalog", context, member, ids[i]);
    }

  return TRUE;
}

static gboolean
check_modules (FerryCatalog *self,
               GError      **error)
{
  const char * const *modules = ferry_catalog_get_modules (self);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; modules[i] != NULL; i++)
    {
      if (!g_hash_table_add (seen, (char *) modules[i]))
        return invalid (error, "Module “%s” is listed twice; give each module its own id",
                        modules[i]);
    }

  return TRUE;
}

/* Names, references and key of a list of fields. @what is "field" or
 * "item field", @key_member "key" or "items key". */
static gboolean
check_fields (FerryCatalog       *self,
              const char         *context,
              const char         *what,
              GListModel         *fields,
              const char         *key_member,
              const char * const *key,
              GError            **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      FerryField *field = g_list_model_get_item (fields, i);
      const char *name = ferry_field_get_name (field);
      const char *references = ferry_field_get_references (field);
      g_autofree char *where = g_strdup_printf ("%s, %s “%s”", context, what, name);

      if (!g_hash_table_insert (names, (char *) name, field))
        return invalid (error, "%s: %s “%s” appears twice; rename or remove one",
                        context, what, name);
      if (references != NULL
          && !check_known (self, where, "reference", (const char *[]) { references, NULL },
                           error))
        return FALSE;
    }

  if (key[0] == NULL)
    return invalid (error, "%s: %s is empty; list the fields that identify a record",
                    context, key_member);

  for (guint i = 0; key[i] != NULL; i++)
    {
      FerryField *field = g_hash_table_lookup (names, key[i]);

      if (field == NULL)
        return invalid (error, "%s: %s field “%s” is not one of its %ss; add it or fix the name",
                        context, key_member, key[i], what);
      if (ferry_field_get_optional (field))
        return invalid (error, "%s: %s field “%s” is optional, but a key is always needed; "
                        "remove “optional” from it", context, key_member, key[i]);
    }

  return TRUE;
}

static gboolean
check_entity_type (FerryCatalog    *self,
                   FerryEntityType *type,
                   GError         **error)
{
  const char *id = ferry_entity_type_get_id (type);
  const char *module = ferry_entity_type_get_module (type);
  g_autofree char *context = g_strdup_printf ("Entity type “%s”", id);

  if (ferry_catalog_get_module_label (self, module) == NULL)
    return invalid (error, "%s: module “%s” is not in the catalog’s “modules”; "
                    "add it there or fix the id", context, module);

  if (!check_known (self, context, "parent", ferry_entity_type_get_parents (type), error)
      || !check_fields (self, context, "field", ferry_entity_type_get_fields (type),
                        "key", ferry_entity_type_get_key (type), error))
    return FALSE;

  if (ferry_entity_type_get_items_table (type) == NULL)
    return TRUE;

  return check_fields (self, context, "item field", ferry_entity_type_get_item_fields (type),
                       "items key", ferry_entity_type_get_items_key (type), error);
}

static gboolean
check_entity_types (FerryCatalog *self,
                    GError      **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < ferry_catalog_get_n_entity_types (self); i++)
    {
      FerryEntityType *type = ferry_catalog_peek_entity_type (self, i);
      const char *id = ferry_entity_type_get_id (type);
      const char *label = ferry_entity_type_get_label (type);
      FerryEntityType *earlier;

      if (remember (ids, id, type) != NULL)
        return invalid (error, "Entity type “%s” is defined twice; "
                        "give each entity type its own id", id);

      earlier = remember (labels, label, type);
      if (earlier != NULL)
        return invalid (error, "Entity type “%s”: label “%s” is already used by "
                        "entity type “%s”; labels must be unique",
                        id, label, ferry_entity_type_get_id (earlier));

      if (!check_entity_type (self, type, error))
        return FALSE;
    }

  return TRUE;
}

enum {
  VISITING = 1,
  VISITED,
};

static char *
describe_cycle (GPtrArray  *path,
                const char *id)
{
  GString *text = g_string_new (NULL);
  guint start = 0;

  g_ptr_array_find_with_equal_func (path, id, g_str_equal, &start);
  for (guint i = start; i < path->len; i++)
    g_string_append_printf (text, "%s → ", (const char *) g_ptr_array_index (path, i));
  g_string_append (text, id);

  return g_string_free (text, FALSE);
}

/* Depth-first over parents and references; @path holds the ids being
 * visited, so meeting one of them again closes a cycle. */
static gboolean
visit (FerryCatalog    *self,
       FerryEntityType *type,
       GHashTable      *state,
       GPtrArray       *path,
       GError         **error)
{
  const char *id = ferry_entity_type_get_id (type);
  const char * const *dependencies = ferry_entity_type_get_dependencies (type);

  switch (GPOINTER_TO_INT (g_hash_table_lookup (state, id)))
    {
    case VISITED:
      return TRUE;
    case VISITING:
      {
        g_autofree char *cycle = describe_cycle (path, id);

        return invalid (error, "Entity type “%s” depends on itself: %s; "
                        "remove one of these parents or field references", id, cycle);
      }
    default:
      break;
    }

  g_hash_table_insert (state, (char *) id, GINT_TO_POINTER (VISITING));
  g_ptr_array_add (path, (char *) id);

  for (guint i = 0; dependencies[i] != NULL; i++)
    {
      if (!visit (self, ferry_catalog_lookup (self, dependencies[i]), state, path, error))
        return FALSE;
    }

  g_ptr_array_remove_index (path, path->len - 1);
  g_hash_table_insert (state, (char *) id, GINT_TO_POINTER (VISITED));
  return TRUE;
}

static gboolean
check_cycles (FerryCatalog *self,
              GError      **error)
{
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) path = g_ptr_array_new ();

  for (guint i = 0; i < ferry_catalog_get_n_entity_types (self); i++)
    {
      if (!visit (self, ferry_catalog_peek_entity_type (self, i), state, path, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_disabled_fields (FerryCatalog *self,
                       FerryPreset  *preset,
                       const char   *context,
                       GError      **error)
{
  const char * const *entities = ferry_preset_get_field_entities (preset);

  if (!check_known (self, context, "“disable_fields” entry", entities, error))
    return FALSE;

  for (guint i = 0; entities[i] != NULL; i++)
    {
      FerryEntityType *type = ferry_catalog_lookup (self, entities[i]);
      const char * const *names = ferry_preset_get_disabled_fields (preset, entities[i]);

      for (guint j = 0; names[j] != NULL; j++)
        {
          FerryField *field = ferry_entity_type_lookup_field (type, names[j]);

          if (field == NULL)
            return invalid (error, "%s: entity type “%s” has no field “%s” to switch off",
                            context, entities[i], names[j]);
          if (!ferry_field_get_optional (field))
            return invalid (error, "%s: field “%s” of entity type “%s” is required and "
                            "cannot be switched off; only optional fields can",
                            context, names[j], entities[i]);
        }
    }

  return TRUE;
}

static gboolean
check_presets (FerryCatalog *self,
               GError      **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  FerryPreset *preset;

  for (guint i = 0; (preset = ferry_catalog_peek_preset (self, i)) != NULL; i++)
    {
      const char *id = ferry_preset_get_id (preset);
      g_autofree char *context = g_strdup_printf ("Preset “%s”", id);

      if (remember (ids, id, preset) != NULL)
        return invalid (error, "Preset “%s” is defined twice; give each preset its own id", id);

      if (!check_known (self, context, "“enable” entry", ferry_preset_get_enable (preset),
                        error)
          || !check_disabled_fields (self, preset, context, error)
          || !check_known (self, context, "“sync” “select” entry",
                           ferry_preset_get_sync_select (preset), error))
        return FALSE;
    }

  return TRUE;
}

gboolean
ferry_catalog_validate (FerryCatalog *self,
                        GError      **error)
{
  g_return_val_if_fail (FERRY_IS_CATALOG (self), FALSE);

  /* Cycles last: the walk needs every parent and reference to exist. */
  return check_modules (self, error)
         && check_entity_types (self, error)
         && check_cycles (self, error)
         && check_presets (self, error);
}
