/* ferry-preset.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-preset"

#include "ferry-preset.h"

#include "ferry-catalog-private.h"
#include "ferry-timeframe.h"

struct _FerryPreset
{
  GObject     parent_instance;

  char       *id;               /* owned */
  char       *label;            /* owned */
  char       *description;      /* owned */
  GStrv       enable;           /* owned */
  GStrv       field_entities;   /* owned, in catalog order */
  GHashTable *disabled_fields;  /* owned; entity id → owned GStrv */
  char       *sync_type;        /* owned */
  char       *sync_timeframe;   /* owned */
  GStrv       sync_select;      /* owned */
};

G_DEFINE_FINAL_TYPE (FerryPreset, ferry_preset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const sync_types[] = { "shallow", "deep", NULL };

static void
ferry_preset_finalize (GObject *object)
{
  FerryPreset *self = FERRY_PRESET (object);

  g_free (self->id);
  g_free (self->label);
  g_free (self->description);
  g_strfreev (self->enable);
  g_strfreev (self->field_entities);
  g_clear_pointer (&self->disabled_fields, g_hash_table_unref);
  g_free (self->sync_type);
  g_free (self->sync_timeframe);
  g_strfreev (self->sync_select);

  G_OBJECT_CLASS (ferry_preset_parent_class)->finalize (object);
}

static void
ferry_preset_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryPreset *self = FERRY_PRESET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_preset_class_init (FerryPresetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_preset_finalize;
  object_class->get_property = ferry_preset_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_preset_init (FerryPreset *self)
{
  self->disabled_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_strfreev);
}

const char *
ferry_preset_get_id (FerryPreset *self)
{
  g_return_val_if_fail (FERRY_IS_PRESET (self), NULL);

  return self->id;
}

const char *
ferry_preset_get_label (FerryPreset *self)
{
  g_return_val_if_fail (FERRY_IS_PRESET (self), NULL);

  return self->label;
}

const char *
ferry_preset_get_description (FerryPreset *self)
{
  g_return_val_if_fail (FERRY_IS_PRESET (self), NULL);

  return self->description;
}

const char * const *
ferry_preset_get_enable (FerryPreset *self)
{
  g_return_val_if_fail (FERRY_IS_PRESET (self), NULL);

  return (const char * const *) self->enable;
}

const char * const *
ferry_preset_get_field_entities (FerryPreset *self)
{
  g_return_val_if_fail (FERRY_IS_PRESET (self), NULL);

  return (const char * const *) self->field_entities;
}

const char * const *
ferry_preset_get_disabled_fields (FerryPreset *self,
                                  const char  *entity_id)
{
  static const char * const none[] = { NULL };
  const char * const *fields;

  g_return_val_if_fail (FERRY_IS_PRESET (self), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);

  fields = g_hash_table_lookup (self->disabled_fields, entity_id);
  return fields != NULL ? fields : none;
}

const char *
ferry_preset_get_sync_type (FerryPreset *self)
{
  g_return_val_if_fail (FERRY_IS_PRESET (self), NULL);

  return self->sync_type;
}

const char *
ferry_preset_get_sync_timeframe (FerryPreset *self)
{
  g_return_val_if_fail (FERRY_IS_PRESET (self), NULL);

  return self->sync_timeframe;
}

const char * const *
ferry_preset_get_sync_select (FerryPreset *self)
{
  g_return_val_if_fail (FERRY_IS_PRESET (self), NULL);

  return (const char * const *) self->sync_select;
}

static gboolean
read_disable_fields (FerryPreset *self,
                     JsonObject  *object,
                     const char  *context,
                     GError     **error)
{
  g_autofree char *where = g_strdup_printf ("%s, disable_fields", context);
  g_autoptr(GStrvBuilder) entities = g_strv_builder_new ();
  JsonObject *disable_fields;
  JsonObjectIter iter;
  const char *entity_id;
  JsonNode *node;

  if (!ferry_catalog_json_get_object (object, context, "disable_fields", TRUE,
                                      &disable_fields, error))
    return FALSE;

  json_object_iter_init_ordered (&iter, disable_fields);
  while (json_object_iter_next_ordered (&iter, &entity_id, &node))
    {
      GStrv fields;

      if (!ferry_catalog_json_get_strv (disable_fields, where, entity_id, &fields, error))
        return FALSE;
      g_hash_table_insert (self->disabled_fields, g_strdup (entity_id), fields);
      g_strv_builder_add (entities, entity_id);
    }

  self->field_entities = g_strv_builder_end (entities);
  return TRUE;
}

static gboolean
read_sync (FerryPreset *self,
           JsonObject  *object,
           const char  *context,
           GError     **error)
{
  g_autofree char *where = g_strdup_printf ("%s, sync", context);
  int type, timeframe;
  JsonObject *sync;

  if (!ferry_catalog_json_get_object (object, context, "sync", TRUE, &sync, error)
      || !ferry_catalog_json_get_choice (sync, where, "type", sync_types, &type, error)
      || !ferry_catalog_json_get_choice (sync, where, "timeframe", ferry_timeframe_get_names (), &timeframe,
                                         error)
      || !ferry_catalog_json_get_strv (sync, where, "select", &self->sync_select, error))
    return FALSE;

  self->sync_type = g_strdup (sync_types[type]);
  self->sync_timeframe = g_strdup (ferry_timeframe_to_string (timeframe));
  return TRUE;
}

FerryPreset *
ferry_preset_new_from_json (JsonObject *object,
                            guint       index,
                            GError    **error)
{
  g_autoptr(FerryPreset) self = g_object_new (FERRY_TYPE_PRESET, NULL);
  g_autofree char *context = g_strdup_printf ("Preset #%u", index + 1);
  const char *id, *label, *description;

  if (!ferry_catalog_json_get_string (object, context, "id", TRUE, &id, error))
    return NULL;

  g_free (context);
  context = g_strdup_printf ("Preset “%s”", id);

  if (!ferry_catalog_json_get_string (object, context, "label", TRUE, &label, error)
      || !ferry_catalog_json_get_string (object, context, "description", TRUE, &description,
                                         error)
      || !ferry_catalog_json_get_strv (object, context, "enable", &self->enable, error)
      || !read_disable_fields (self, object, context, error)
      || !read_sync (self, object, context, error))
    return NULL;

  self->id = g_strdup (id);
  self->label = g_strdup (label);
  self->description = g_strdup (description);

  return g_steal_pointer (&self);
}

void
ferry_preset_to_json (FerryPreset *self,
                      JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  ferry_catalog_json_add_string (builder, "id", self->id);
  ferry_catalog_json_add_string (builder, "label", self->label);
  ferry_catalog_json_add_string (builder, "description", self->description);
  ferry_catalog_json_add_strv (builder, "enable", (const char * const *) self->enable);

  json_builder_set_member_name (builder, "disable_fields");
  json_builder_begin_object (builder);
  for (guint i = 0; self->field_entities[i] != NULL; i++)
    ferry_catalog_json_add_strv (builder, self->field_entities[i],
                                 ferry_preset_get_disabled_fields (self,
                                                                   self->field_entities[i]));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "sync");
  json_builder_begin_object (builder);
  ferry_catalog_json_add_string (builder, "type", self->sync_type);
  ferry_catalog_json_add_string (builder, "timeframe", self->sync_timeframe);
  ferry_catalog_json_add_strv (builder, "select", (const char * const *) self->sync_select);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}
