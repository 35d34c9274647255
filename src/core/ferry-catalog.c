/* ferry-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-catalog"

#include "ferry-catalog.h"

#include "ferry-array-model.h"
#include "ferry-catalog-private.h"
#include "ferry-error.h"
#include "ferry-resources.h"

#define CATALOG_FORMAT 1
#define ROOT_CONTEXT   "The catalog"

struct _FerryCatalog
{
  GObject          parent_instance;

  GStrv            module_ids;      /* owned, in catalog order */
  GHashTable      *module_labels;   /* owned; id → owned label */
  GPtrArray       *entity_types;    /* owned, of FerryEntityType */
  GHashTable      *positions;       /* owned; id → GUINT_TO_POINTER (position + 1) */
  GHashTable      *by_label;        /* owned; label → borrowed FerryEntityType */
  GPtrArray       *presets;         /* owned, of FerryPreset */
  FerryArrayModel *presets_model;   /* owned, over presets */
  /* owned, n × n: [i * n + j] is TRUE when type i needs type j first,
   * directly or through others. */
  gboolean        *depends_on;
};

static void ferry_catalog_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryCatalog, ferry_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ferry_catalog_list_model_init))

static GType
ferry_catalog_get_item_type (GListModel *model)
{
  return FERRY_TYPE_ENTITY_TYPE;
}

static guint
ferry_catalog_get_n_items (GListModel *model)
{
  return FERRY_CATALOG (model)->entity_types->len;
}

static gpointer
ferry_catalog_get_item (GListModel *model,
                        guint       position)
{
  FerryCatalog *self = FERRY_CATALOG (model);

  if (position >= self->entity_types->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->entity_types, position));
}

static void
ferry_catalog_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_catalog_get_item_type;
  iface->get_n_items = ferry_catalog_get_n_items;
  iface->get_item = ferry_catalog_get_item;
}

static void
ferry_catalog_finalize (GObject *object)
{
  FerryCatalog *self = FERRY_CATALOG (object);

  g_strfreev (self->module_ids);
  g_clear_pointer (&self->module_labels, g_hash_table_unref);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->by_label, g_hash_table_unref);
  g_clear_pointer (&self->entity_types, g_ptr_array_unref);
  g_clear_object (&self->presets_model);
  g_clear_pointer (&self->presets, g_ptr_array_unref);
  g_free (self->depends_on);

  G_OBJECT_CLASS (ferry_catalog_parent_class)->finalize (object);
}

static void
ferry_catalog_class_init (FerryCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_catalog_finalize;
}

static void
ferry_catalog_init (FerryCatalog *self)
{
  self->module_labels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->positions = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_label = g_hash_table_new (g_str_hash, g_str_equal);
}

static gboolean
read_modules (FerryCatalog *self,
              JsonObject   *root,
              GError      **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) module_labels = NULL;
  JsonArray *modules;
  guint n;

  if (!ferry_catalog_json_get_objects (root, ROOT_CONTEXT, "modules", "Module", &modules,
                                       error))
    return FALSE;

  n = json_array_get_length (modules);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);
      g_autofree char *context = g_strdup_printf ("Module #%u", i + 1);
      const char *id, *label;

      if (!ferry_catalog_json_get_string (module, context, "id", TRUE, &id, error)
          || !ferry_catalog_json_get_string (module, context, "label", TRUE, &label, error))
        return FALSE;

      g_strv_builder_add (ids, id);
      g_strv_builder_add (labels, label);
    }

  self->module_ids = g_strv_builder_end (ids);
  module_labels = g_strv_builder_end (labels);
  /* Backwards, so that with duplicate ids the first label wins;
   * validation reports duplicates. */
  for (guint i = n; i > 0; i--)
    g_hash_table_insert (self->module_labels, self->module_ids[i - 1],
                         g_strdup (module_labels[i - 1]));

  return TRUE;
}

static GObject *
read_entity_type (JsonObject *object,
                  const char *context,
                  guint       index,
                  GError    **error)
{
  return G_OBJECT (ferry_entity_type_new_from_json (object, index, error));
}

static GObject *
read_preset (JsonObject *object,
             const char *context,
             guint       index,
             GError    **error)
{
  return G_OBJECT (ferry_preset_new_from_json (object, index, error));
}

static void
index_entity_types (FerryCatalog *self)
{
  /* Backwards, so that with duplicates the first entry wins; validation
   * reports duplicates before anyone relies on these. */
  for (guint i = self->entity_types->len; i > 0; i--)
    {
      FerryEntityType *type = g_ptr_array_index (self->entity_types, i - 1);

      g_hash_table_insert (self->positions, (char *) ferry_entity_type_get_id (type),
                           GUINT_TO_POINTER (i));
      g_hash_table_insert (self->by_label, (char *) ferry_entity_type_get_label (type), type);
    }
}

static gboolean
read_catalog (FerryCatalog *self,
              JsonNode     *root_node,
              GError      **error)
{
  JsonObject *root;
  gint64 format;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
                   "The catalog must be a JSON object with the members “format”, "
                   "“modules”, “entity_types” and “presets”");
      return FALSE;
    }

  root = json_node_get_object (root_node);
  if (!ferry_catalog_json_get_int (root, ROOT_CONTEXT, "format", &format, error))
    return FALSE;
  if (format != CATALOG_FORMAT)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
                   "Catalog format %" G_GINT64_FORMAT " is not supported; "
                   "this version of Ferry reads format %d",
                   format, CATALOG_FORMAT);
      return FALSE;
    }

  if (!read_modules (self, root, error))
    return FALSE;

  self->entity_types = ferry_catalog_json_get_entries (root, ROOT_CONTEXT, "entity_types",
                                                       "Entity type", read_entity_type, error);
  if (self->entity_types == NULL)
    return FALSE;
  index_entity_types (self);

  self->presets = ferry_catalog_json_get_entries (root, ROOT_CONTEXT, "presets", "Preset",
                                                  read_preset, error);
  if (self->presets == NULL)
    return FALSE;
  self->presets_model = ferry_array_model_new (FERRY_TYPE_PRESET, self->presets);

  return TRUE;
}

static gboolean
lookup_position (FerryCatalog *self,
                 const char   *id,
                 guint        *out_position)
{
  guint stored = GPOINTER_TO_UINT (g_hash_table_lookup (self->positions, id));

  if (stored == 0)
    return FALSE;

  *out_position = stored - 1;
  return TRUE;
}

/* Marks in @row every type @position needs first, directly or not. */
static void
mark_dependencies (FerryCatalog *self,
                   guint         position,
                   gboolean     *row)
{
  FerryEntityType *type = g_ptr_array_index (self->entity_types, position);
  const char * const *dependencies = ferry_entity_type_get_dependencies (type);

  for (guint i = 0; dependencies[i] != NULL; i++)
    {
      guint dependency;

      if (lookup_position (self, dependencies[i], &dependency) && !row[dependency])
        {
          row[dependency] = TRUE;
          mark_dependencies (self, dependency, row);
        }
    }
}

static void
compute_depends_on (FerryCatalog *self)
{
  guint n = self->entity_types->len;

  self->depends_on = g_new0 (gboolean, (gsize) n * n + 1);
  for (guint i = 0; i < n; i++)
    mark_dependencies (self, i, self->depends_on + (gsize) i * n);
}

FerryCatalog *
ferry_catalog_new_from_bytes (GBytes  *json,
                              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(FerryCatalog) self = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (json, &size);
  if (size == 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
                   "The catalog is empty; it must be a JSON object");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
                   "The catalog is not valid JSON: %s", local_error->message);
      return NULL;
    }

  self = g_object_new (FERRY_TYPE_CATALOG, NULL);
  if (!read_catalog (self, json_parser_get_root (parser), error)
      || !ferry_catalog_validate (self, error))
    return NULL;
  compute_depends_on (self);

  return g_steal_pointer (&self);
}

FerryCatalog *
ferry_catalog_new_from_file (const char *path,
                             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  FerryCatalog *self;
  char *contents;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      gboolean missing = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

      g_set_error (error, FERRY_ERROR, missing ? FERRY_ERROR_NOT_FOUND : FERRY_ERROR_FAILED,
                   "Could not read the catalog: %s", local_error->message);
      return NULL;
    }

  bytes = g_bytes_new_take (contents, length);
  self = ferry_catalog_new_from_bytes (bytes, error);
  if (self == NULL)
    g_prefix_error (error, "%s: ", path);

  return self;
}

static FerryCatalog *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ferry_resources_lookup ("catalog.json", &error);
  FerryCatalog *self = bytes != NULL ? ferry_catalog_new_from_bytes (bytes, &error) : NULL;

  /* The tests load the built-in catalog, so this is a broken build. */
  if (self == NULL)
    g_error ("The built-in entity catalog cannot be used: %s", error->message);

  return self;
}

FerryCatalog *
ferry_catalog_get_default (void)
{
  static FerryCatalog *default_catalog; /* owned, never freed */

  if (g_once_init_enter (&default_catalog))
    g_once_init_leave (&default_catalog, load_default ());

  return default_catalog;
}

guint
ferry_catalog_get_n_entity_types (FerryCatalog *self)
{
  g_return_val_if_fail (FERRY_IS_CATALOG (self), 0);

  return self->entity_types->len;
}

FerryEntityType *
ferry_catalog_peek_entity_type (FerryCatalog *self,
                                guint         position)
{
  g_return_val_if_fail (position < self->entity_types->len, NULL);

  return g_ptr_array_index (self->entity_types, position);
}

FerryEntityType *
ferry_catalog_lookup (FerryCatalog *self,
                      const char   *id)
{
  guint position;

  g_return_val_if_fail (FERRY_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!lookup_position (self, id, &position))
    return NULL;

  return g_ptr_array_index (self->entity_types, position);
}

FerryEntityType *
ferry_catalog_lookup_by_label (FerryCatalog *self,
                               const char   *label)
{
  g_return_val_if_fail (FERRY_IS_CATALOG (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);

  return g_hash_table_lookup (self->by_label, label);
}

const char * const *
ferry_catalog_get_modules (FerryCatalog *self)
{
  g_return_val_if_fail (FERRY_IS_CATALOG (self), NULL);

  return (const char * const *) self->module_ids;
}

const char *
ferry_catalog_get_module_label (FerryCatalog *self,
                                const char   *module_id)
{
  g_return_val_if_fail (FERRY_IS_CATALOG (self), NULL);
  g_return_val_if_fail (module_id != NULL, NULL);

  return g_hash_table_lookup (self->module_labels, module_id);
}

GListModel *
ferry_catalog_get_presets (FerryCatalog *self)
{
  g_return_val_if_fail (FERRY_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self->presets_model);
}

FerryPreset *
ferry_catalog_peek_preset (FerryCatalog *self,
                           guint         position)
{
  if (position >= self->presets->len)
    return NULL;

  return g_ptr_array_index (self->presets, position);
}

FerryPreset *
ferry_catalog_lookup_preset (FerryCatalog *self,
                             const char   *id)
{
  g_return_val_if_fail (FERRY_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->presets->len; i++)
    {
      FerryPreset *preset = g_ptr_array_index (self->presets, i);

      if (g_str_equal (ferry_preset_get_id (preset), id))
        return preset;
    }

  return NULL;
}

/* Whether every wanted type @position needs first is already placed. */
static gboolean
is_ready (FerryCatalog   *self,
          guint           position,
          const gboolean *wanted,
          const gboolean *placed)
{
  guint n = self->entity_types->len;
  const gboolean *row = self->depends_on + (gsize) position * n;

  for (guint j = 0; j < n; j++)
    {
      if (row[j] && wanted[j] && !placed[j])
        return FALSE;
    }

  return TRUE;
}

/* Fills @wanted from @ids (all types if NULL); returns how many. */
static gboolean
mark_wanted (FerryCatalog       *self,
             const char * const *ids,
             gboolean           *wanted,
             guint              *out_count,
             GError            **error)
{
  guint count = 0;

  for (guint i = 0; ids == NULL && i < self->entity_types->len; i++)
    wanted[i] = TRUE;
  if (ids == NULL)
    count = self->entity_types->len;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      guint position;

      if (!lookup_position (self, ids[i], &position))
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                       "Entity type “%s” is not in the catalog", ids[i]);
          return FALSE;
        }
      if (!wanted[position])
        count++;
      wanted[position] = TRUE;
    }

  *out_count = count;
  return TRUE;
}

GPtrArray *
ferry_catalog_sort_by_dependency (FerryCatalog       *self,
                                  const char * const *ids,
                                  GError            **error)
{
  g_autofree gboolean *wanted = NULL;
  g_autofree gboolean *placed = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  guint n, count;

  g_return_val_if_fail (FERRY_IS_CATALOG (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = self->entity_types->len;
  wanted = g_new0 (gboolean, n + 1);
  placed = g_new0 (gboolean, n + 1);
  if (!mark_wanted (self, ids, wanted, &count, error))
    return NULL;

  /* Each round places the first wanted type, in catalog order, whose
   * wanted dependencies are placed: a stable topological order. The
   * catalog has no cycles, so every round places one. */
  sorted = g_ptr_array_sized_new (count);
  while (sorted->len < count)
    {
      guint i = 0;

      while (!wanted[i] || placed[i] || !is_ready (self, i, wanted, placed))
        i++;
      placed[i] = TRUE;
      g_ptr_array_add (sorted, g_ptr_array_index (self->entity_types, i));
    }

  return g_steal_pointer (&sorted);
}

JsonNode *
ferry_catalog_to_json (FerryCatalog *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (FERRY_IS_CATALOG (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, CATALOG_FORMAT);

  json_builder_set_member_name (builder, "modules");
  json_builder_begin_array (builder);
  for (guint i = 0; self->module_ids[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      ferry_catalog_json_add_string (builder, "id", self->module_ids[i]);
      ferry_catalog_json_add_string (builder, "label",
                                     ferry_catalog_get_module_label (self, self->module_ids[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "entity_types");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entity_types->len; i++)
    ferry_entity_type_to_json (g_ptr_array_index (self->entity_types, i), builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "presets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->presets->len; i++)
    ferry_preset_to_json (g_ptr_array_index (self->presets, i), builder);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
