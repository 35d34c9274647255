/* ferry-mappings-field.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-mappings-field"

#include "config.h"

#include "ferry-mappings-field.h"

struct _FerryMappingsField
{
  FerryMappingsToggle  parent_instance;

  char                *entity_id; /* owned */
  FerryField          *field;     /* owned */
};

G_DEFINE_FINAL_TYPE (FerryMappingsField, ferry_mappings_field, FERRY_TYPE_MAPPINGS_TOGGLE)

enum {
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
ferry_mappings_field_read_enabled (FerryMappingsToggle *toggle,
                                   FerryConnection     *connection)
{
  FerryMappingsField *self = FERRY_MAPPINGS_FIELD (toggle);

  return ferry_connection_get_field_enabled (connection, self->entity_id,
                                             ferry_field_get_name (self->field));
}

static void
ferry_mappings_field_write_enabled (FerryMappingsToggle *toggle,
                                    FerryConnection     *connection,
                                    gboolean             enabled)
{
  FerryMappingsField *self = FERRY_MAPPINGS_FIELD (toggle);

  ferry_connection_set_field_enabled (connection, self->entity_id,
                                      ferry_field_get_name (self->field), enabled);
}

static void
ferry_mappings_field_finalize (GObject *object)
{
  FerryMappingsField *self = FERRY_MAPPINGS_FIELD (object);

  g_free (self->entity_id);
  g_clear_object (&self->field);

  G_OBJECT_CLASS (ferry_mappings_field_parent_class)->finalize (object);
}

static void
ferry_mappings_field_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FerryMappingsField *self = FERRY_MAPPINGS_FIELD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, ferry_field_get_name (self->field));
      break;
    case PROP_LABEL:
      g_value_set_string (value, ferry_field_get_label (self->field));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_mappings_field_class_init (FerryMappingsFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryMappingsToggleClass *toggle_class = FERRY_MAPPINGS_TOGGLE_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_mappings_field_finalize;
  object_class->get_property = ferry_mappings_field_get_property;
  toggle_class->read_enabled = ferry_mappings_field_read_enabled;
  toggle_class->write_enabled = ferry_mappings_field_write_enabled;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_mappings_field_init (FerryMappingsField *self)
{
}

FerryMappingsField *
ferry_mappings_field_new (FerryConnection *connection,
                          const char      *entity_id,
                          FerryField      *field)
{
  FerryMappingsField *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);
  g_return_val_if_fail (FERRY_IS_FIELD (field), NULL);

  self = g_object_new (FERRY_TYPE_MAPPINGS_FIELD, NULL);
  self->entity_id = g_strdup (entity_id);
  self->field = g_object_ref (field);
  ferry_mappings_toggle_bind (FERRY_MAPPINGS_TOGGLE (self), connection);
  return self;
}

const char *
ferry_mappings_field_get_name (FerryMappingsField *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_FIELD (self), NULL);

  return ferry_field_get_name (self->field);
}

const char *
ferry_mappings_field_get_label (FerryMappingsField *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_FIELD (self), NULL);

  return ferry_field_get_label (self->field);
}
