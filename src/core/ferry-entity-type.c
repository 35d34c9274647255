/* ferry-entity-type.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-entity-type"

#include "ferry-entity-type.h"

#include "ferry-array-model.h"
#include "ferry-catalog-private.h"
#include "ferry-error.h"

struct _FerryEntityType
{
  GObject          parent_instance;

  char            *id;                  /* owned */
  char            *label;               /* owned */
  char            *module;              /* owned */
  FerryDirection   direction;
  char            *table;               /* owned */
  GStrv            parents;             /* owned */
  GStrv            key;                 /* owned */
  GPtrArray       *fields;              /* owned, of FerryField */
  FerryArrayModel *fields_model;        /* owned, over fields */
  GHashTable      *fields_by_name;      /* owned; name → borrowed FerryField */
  gboolean         selected_by_default;
  char            *description;         /* owned */

  char            *items_table;         /* owned, nullable */
  GStrv            items_key;           /* owned, empty without items */
  FerryArrayModel *item_fields_model;   /* owned, empty without items */

  GStrv            dependencies;        /* owned */
};

G_DEFINE_FINAL_TYPE (FerryEntityType, ferry_entity_type, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_MODULE,
  PROP_DESCRIPTION,
  PROP_SELECTED_BY_DEFAULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In FerryDirection order. */
static const char * const direction_names[] = { "push", "export", "both", NULL };

gboolean
ferry_direction_from_string (const char     *name,
                             FerryDirection *out_direction)
{
  int index = ferry_catalog_name_index (direction_names, name);

  if (index < 0)
    return FALSE;

  *out_direction = (FerryDirection) index;
  return TRUE;
}

const char *
ferry_direction_to_string (FerryDirection direction)
{
  g_return_val_if_fail (direction <= FERRY_DIRECTION_BOTH, NULL);

  return direction_names[direction];
}

static void
ferry_entity_type_finalize (GObject *object)
{
  FerryEntityType *self = FERRY_ENTITY_TYPE (object);

  g_free (self->id);
  g_free (self->label);
  g_free (self->module);
  g_free (self->table);
  g_strfreev (self->parents);
  g_strfreev (self->key);
  g_clear_pointer (&self->fields_by_name, g_hash_table_unref);
  g_clear_object (&self->fields_model);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_free (self->description);
  g_free (self->items_table);
  g_strfreev (self->items_key);
  g_clear_object (&self->item_fields_model);
  g_strfreev (self->dependencies);

  G_OBJECT_CLASS (ferry_entity_type_parent_class)->finalize (object);
}

static void
ferry_entity_type_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryEntityType *self = FERRY_ENTITY_TYPE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_MODULE:
      g_value_set_string (value, self->module);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_SELECTED_BY_DEFAULT:
      g_value_set_boolean (value, self->selected_by_default);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_entity_type_class_init (FerryEntityTypeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_entity_type_finalize;
  object_class->get_property = ferry_entity_type_get_property;

  /* Read-only: entity types never change, but list views bind to these. */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_MODULE] = g_param_spec_string ("module", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_SELECTED_BY_DEFAULT] =
    g_param_spec_boolean ("selected-by-default", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_entity_type_init (FerryEntityType *self)
{
}

const char *
ferry_entity_type_get_id (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return self->id;
}

const char *
ferry_entity_type_get_label (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return self->label;
}

const char *
ferry_entity_type_get_module (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return self->module;
}

FerryDirection
ferry_entity_type_get_direction (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), FERRY_DIRECTION_PUSH);

  return self->direction;
}

gboolean
ferry_entity_type_is_push (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), FALSE);

  return self->direction != FERRY_DIRECTION_EXPORT;
}

gboolean
ferry_entity_type_is_export (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), FALSE);

  return self->direction != FERRY_DIRECTION_PUSH;
}

const char *
ferry_entity_type_get_table (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return self->table;
}

const char * const *
ferry_entity_type_get_parents (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return (const char * const *) self->parents;
}

const char * const *
ferry_entity_type_get_key (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return (const char * const *) self->key;
}

GListModel *
ferry_entity_type_get_fields (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return G_LIST_MODEL (self->fields_model);
}

FerryField *
ferry_entity_type_lookup_field (FerryEntityType *self,
                                const char      *name)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->fields_by_name, name);
}

gboolean
ferry_entity_type_get_selected_by_default (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), FALSE);

  return self->selected_by_default;
}

const char *
ferry_entity_type_get_description (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return self->description;
}

const char *
ferry_entity_type_get_items_table (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return self->items_table;
}

const char * const *
ferry_entity_type_get_items_key (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return (const char * const *) self->items_key;
}

GListModel *
ferry_entity_type_get_item_fields (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return G_LIST_MODEL (self->item_fields_model);
}

const char * const *
ferry_entity_type_get_dependencies (FerryEntityType *self)
{
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (self), NULL);

  return (const char * const *) self->dependencies;
}

static void
add_once (GPtrArray  *ids,
          const char *id)
{
  if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
    g_ptr_array_add (ids, g_strdup (id));
}

/* Adds the entity types @fields reference, except @self's own id. */
static void
add_references (FerryEntityType *self,
                GListModel      *fields,
                GPtrArray       *ids)
{
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);
      const char *references = ferry_field_get_references (field);

      /* A self-reference (a parent job, say) orders records, not types. */
      if (references != NULL && !g_str_equal (references, self->id))
        add_once (ids, references);
    }
}

static GStrv
compute_dependencies (FerryEntityType *self)
{
  GPtrArray *ids = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  for (guint i = 0; self->parents[i] != NULL; i++)
    add_once (ids, self->parents[i]);
  add_references (self, G_LIST_MODEL (self->fields_model), ids);
  add_references (self, G_LIST_MODEL (self->item_fields_model), ids);

  return (GStrv) g_ptr_array_free (ids, FALSE);
}

static GObject *
read_field (JsonObject *object,
            const char *context,
            guint       index,
            GError    **error)
{
  return G_OBJECT (ferry_field_new_from_json (object, context, index, error));
}

/* A new array of FerryField from the array @member of @object. */
static GPtrArray *
read_fields (JsonObject *object,
             const char *context,
             const char *member,
             GError    **error)
{
  g_autofree char *what = g_strdup_printf ("%s, field", context);

  return ferry_catalog_json_get_entries (object, context, member, what, read_field, error);
}

static gboolean
read_items (FerryEntityType *self,
            JsonObject      *object,
            const char      *context,
            GError         **error)
{
  g_autofree char *where = g_strdup_printf ("%s, items", context);
  g_autoptr(GPtrArray) item_fields = NULL;
  JsonObject *items;
  const char *table;

  if (!ferry_catalog_json_get_object (object, context, "items", FALSE, &items, error))
    return FALSE;

  if (items == NULL)
    {
      self->items_key = g_new0 (char *, 1);
      item_fields = g_ptr_array_new ();
    }
  else
    {
      if (!ferry_catalog_json_get_string (items, where, "table", TRUE, &table, error)
          || !ferry_catalog_json_get_strv (items, where, "key", &self->items_key, error))
        return FALSE;
      item_fields = read_fields (items, where, "fields", error);
      if (item_fields == NULL)
        return FALSE;
      self->items_table = g_strdup (table);
    }

  self->item_fields_model = ferry_array_model_new (FERRY_TYPE_FIELD, item_fields);
  return TRUE;
}

static gboolean
read_fields_and_items (FerryEntityType *self,
                       JsonObject      *object,
                       const char      *context,
                       GError         **error)
{
  self->fields = read_fields (object, context, "fields", error);
  if (self->fields == NULL)
    return FALSE;

  self->fields_model = ferry_array_model_new (FERRY_TYPE_FIELD, self->fields);
  /* With duplicate names the first wins; validation reports them. */
  self->fields_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = self->fields->len; i > 0; i--)
    {
      FerryField *field = g_ptr_array_index (self->fields, i - 1);

      g_hash_table_insert (self->fields_by_name, (char *) ferry_field_get_name (field), field);
    }

  return read_items (self, object, context, error);
}

FerryEntityType *
ferry_entity_type_new_from_json (JsonObject *object,
                                 guint       index,
                                 GError    **error)
{
  g_autoptr(FerryEntityType) self = g_object_new (FERRY_TYPE_ENTITY_TYPE, NULL);
  g_autofree char *context = g_strdup_printf ("Entity type #%u", index + 1);
  const char *id, *label, *module, *table, *description;
  int direction;

  if (!ferry_catalog_json_get_string (object, context, "id", TRUE, &id, error))
    return NULL;

  g_free (context);
  context = g_strdup_printf ("Entity type “%s”", id);

  if (!ferry_catalog_json_get_string (object, context, "label", TRUE, &label, error)
      || !ferry_catalog_json_get_string (object, context, "module", TRUE, &module, error)
      || !ferry_catalog_json_get_choice (object, context, "direction", direction_names,
                                         &direction, error)
      || !ferry_catalog_json_get_string (object, context, "table", TRUE, &table, error)
      || !ferry_catalog_json_get_strv (object, context, "parents", &self->parents, error)
      || !ferry_catalog_json_get_strv (object, context, "key", &self->key, error)
      || !ferry_catalog_json_get_boolean (object, context, "default", TRUE, FALSE,
                                          &self->selected_by_default, error)
      || !ferry_catalog_json_get_string (object, context, "description", TRUE, &description,
                                         error)
      || !read_fields_and_items (self, object, context, error))
    return NULL;

  self->id = g_strdup (id);
  self->label = g_strdup (label);
  self->module = g_strdup (module);
  self->direction = (FerryDirection) direction;
  self->table = g_strdup (table);
  self->description = g_strdup (description);
  self->dependencies = compute_dependencies (self);

  return g_steal_pointer (&self);
}

static void
fields_to_json (GListModel  *fields,
                JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);

      ferry_field_to_json (field, builder);
    }
  json_builder_end_array (builder);
}

void
ferry_entity_type_to_json (FerryEntityType *self,
                           JsonBuilder     *builder)
{
  json_builder_begin_object (builder);
  ferry_catalog_json_add_string (builder, "id", self->id);
  ferry_catalog_json_add_string (builder, "label", self->label);
  ferry_catalog_json_add_string (builder, "module", self->module);
  ferry_catalog_json_add_string (builder, "direction", ferry_direction_to_string (self->direction));
  ferry_catalog_json_add_string (builder, "table", self->table);
  ferry_catalog_json_add_strv (builder, "parents", (const char * const *) self->parents);
  ferry_catalog_json_add_strv (builder, "key", (const char * const *) self->key);
  json_builder_set_member_name (builder, "default");
  json_builder_add_boolean_value (builder, self->selected_by_default);
  ferry_catalog_json_add_string (builder, "description", self->description);
  fields_to_json (G_LIST_MODEL (self->fields_model), builder);

  if (self->items_table != NULL)
    {
      json_builder_set_member_name (builder, "items");
      json_builder_begin_object (builder);
      ferry_catalog_json_add_string (builder, "table", self->items_table);
      ferry_catalog_json_add_strv (builder, "key", (const char * const *) self->items_key);
      fields_to_json (G_LIST_MODEL (self->item_fields_model), builder);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);
}
