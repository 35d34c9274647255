/* ferry-mappings-entity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-mappings-entity"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-mappings-entity.h"

struct _FerryMappingsEntity
{
  FerryMappingsToggle  parent_instance;

  FerryEntityType     *entity_type; /* owned */
  GListStore          *fields;      /* owned: FerryMappingsField */
  guint                synced_count;
};

G_DEFINE_FINAL_TYPE (FerryMappingsEntity, ferry_mappings_entity, FERRY_TYPE_MAPPINGS_TOGGLE)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_MODULE,
  PROP_DIRECTION,
  PROP_DESCRIPTION,
  PROP_SYNCED_COUNT,
  PROP_FIELDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
ferry_mappings_entity_read_enabled (FerryMappingsToggle *toggle,
                                    FerryConnection     *connection)
{
  FerryMappingsEntity *self = FERRY_MAPPINGS_ENTITY (toggle);

  return ferry_connection_get_entity_enabled (connection, ferry_entity_type_get_id (self->entity_type));
}

static void
ferry_mappings_entity_write_enabled (FerryMappingsToggle *toggle,
                                     FerryConnection     *connection,
                                     gboolean             enabled)
{
  FerryMappingsEntity *self = FERRY_MAPPINGS_ENTITY (toggle);

  ferry_connection_set_entity_enabled (connection, ferry_entity_type_get_id (self->entity_type), enabled);
}

static void
ferry_mappings_entity_finalize (GObject *object)
{
  FerryMappingsEntity *self = FERRY_MAPPINGS_ENTITY (object);

  g_clear_object (&self->entity_type);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (ferry_mappings_entity_parent_class)->finalize (object);
}

static void
ferry_mappings_entity_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerryMappingsEntity *self = FERRY_MAPPINGS_ENTITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, ferry_entity_type_get_id (self->entity_type));
      break;
    case PROP_LABEL:
      g_value_set_string (value, ferry_entity_type_get_label (self->entity_type));
      break;
    case PROP_MODULE:
      g_value_set_string (value, ferry_entity_type_get_module (self->entity_type));
      break;
    case PROP_DIRECTION:
      g_value_set_string (value, ferry_mappings_entity_get_direction_text (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, ferry_entity_type_get_description (self->entity_type));
      break;
    case PROP_SYNCED_COUNT:
      g_value_set_uint (value, self->synced_count);
      break;
    case PROP_FIELDS:
      g_value_set_object (value, self->fields);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_mappings_entity_class_init (FerryMappingsEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryMappingsToggleClass *toggle_class = FERRY_MAPPINGS_TOGGLE_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ferry_mappings_entity_finalize;
  object_class->get_property = ferry_mappings_entity_get_property;
  toggle_class->read_enabled = ferry_mappings_entity_read_enabled;
  toggle_class->write_enabled = ferry_mappings_entity_write_enabled;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_MODULE] = g_param_spec_string ("module", NULL, NULL, NULL, ro);
  properties[PROP_DIRECTION] = g_param_spec_string ("direction", NULL, NULL, NULL, ro);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, ro);
  properties[PROP_SYNCED_COUNT] = g_param_spec_uint ("synced-count", NULL, NULL,
                                                     0, G_MAXUINT, 0, ro);
  properties[PROP_FIELDS] = g_param_spec_object ("fields", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_mappings_entity_init (FerryMappingsEntity *self)
{
  self->fields = g_list_store_new (FERRY_TYPE_MAPPINGS_FIELD);
}

FerryMappingsEntity *
ferry_mappings_entity_new (FerryConnection *connection,
                           FerryEntityType *entity_type)
{
  FerryMappingsEntity *self;
  GListModel *fields;
  const char *id;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (entity_type), NULL);

  self = g_object_new (FERRY_TYPE_MAPPINGS_ENTITY, NULL);
  self->entity_type = g_object_ref (entity_type);
  id = ferry_entity_type_get_id (entity_type);

  fields = ferry_entity_type_get_fields (entity_type);
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);
      g_autoptr(FerryMappingsField) row = NULL;

      if (!ferry_field_get_optional (field))
        continue;
      row = ferry_mappings_field_new (connection, id, field);
      g_list_store_append (self->fields, row);
    }

  ferry_mappings_toggle_bind (FERRY_MAPPINGS_TOGGLE (self), connection);
  return self;
}

FerryEntityType *
ferry_mappings_entity_get_entity_type (FerryMappingsEntity *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_ENTITY (self), NULL);

  return self->entity_type;
}

const char *
ferry_mappings_entity_get_id (FerryMappingsEntity *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_ENTITY (self), NULL);

  return ferry_entity_type_get_id (self->entity_type);
}

const char *
ferry_mappings_entity_get_label (FerryMappingsEntity *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_ENTITY (self), NULL);

  return ferry_entity_type_get_label (self->entity_type);
}

const char *
ferry_mappings_entity_get_module (FerryMappingsEntity *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_ENTITY (self), NULL);

  return ferry_entity_type_get_module (self->entity_type);
}

const char *
ferry_mappings_entity_get_direction_text (FerryMappingsEntity *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_ENTITY (self), NULL);

  switch (ferry_entity_type_get_direction (self->entity_type))
    {
    case FERRY_DIRECTION_PUSH:
      return _("Accounting → cloud");
    case FERRY_DIRECTION_EXPORT:
      return _("Cloud → accounting");
    case FERRY_DIRECTION_BOTH:
    default:
      return _("Both ways");
    }
}

guint
ferry_mappings_entity_get_synced_count (FerryMappingsEntity *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_ENTITY (self), 0);

  return self->synced_count;
}

void
ferry_mappings_entity_set_synced_count (FerryMappingsEntity *self,
                                        guint                count)
{
  g_return_if_fail (FERRY_IS_MAPPINGS_ENTITY (self));

  if (self->synced_count == count)
    return;
  self->synced_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED_COUNT]);
}

GListModel *
ferry_mappings_entity_get_fields (FerryMappingsEntity *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_ENTITY (self), NULL);

  return G_LIST_MODEL (self->fields);
}

FerryMappingsField *
ferry_mappings_entity_lookup_field (FerryMappingsEntity *self,
                                    const char          *name)
{
  guint n;

  g_return_val_if_fail (FERRY_IS_MAPPINGS_ENTITY (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->fields));
  for (guint i = 0; i < n; i++)
    {
      /* The store keeps a reference: the borrowed pointer stays valid. */
      g_autoptr(FerryMappingsField) field = g_list_model_get_item (G_LIST_MODEL (self->fields), i);

      if (g_strcmp0 (ferry_mappings_field_get_name (field), name) == 0)
        return field;
    }
  return NULL;
}
