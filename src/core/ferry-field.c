/* ferry-field.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-field"

#include "ferry-field.h"

#include "ferry-catalog-private.h"
#include "ferry-error.h"

struct _FerryField
{
  GObject         parent_instance;

  char           *name;       /* owned */
  char           *label;      /* owned */
  FerryFieldType  type;
  gboolean        optional;
  gboolean        enabled_by_default;
  char           *references; /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (FerryField, ferry_field, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  PROP_OPTIONAL,
  PROP_ENABLED_BY_DEFAULT,
  PROP_REFERENCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In FerryFieldType order. */
static const char * const type_names[] = {
  "string", "integer", "money", "decimal", "date", "timestamp", "boolean", NULL
};

gboolean
ferry_field_type_from_string (const char     *name,
                              FerryFieldType *out_type)
{
  int index = ferry_catalog_name_index (type_names, name);

  if (index < 0)
    return FALSE;

  *out_type = (FerryFieldType) index;
  return TRUE;
}

const char *
ferry_field_type_to_string (FerryFieldType type)
{
  g_return_val_if_fail (type <= FERRY_FIELD_BOOLEAN, NULL);

  return type_names[type];
}

static void
ferry_field_finalize (GObject *object)
{
  FerryField *self = FERRY_FIELD (object);

  g_free (self->name);
  g_free (self->label);
  g_free (self->references);

  G_OBJECT_CLASS (ferry_field_parent_class)->finalize (object);
}

static void
ferry_field_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FerryField *self = FERRY_FIELD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_OPTIONAL:
      g_value_set_boolean (value, self->optional);
      break;
    case PROP_ENABLED_BY_DEFAULT:
      g_value_set_boolean (value, self->enabled_by_default);
      break;
    case PROP_REFERENCES:
      g_value_set_string (value, self->references);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_field_class_init (FerryFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_field_finalize;
  object_class->get_property = ferry_field_get_property;

  /* Read-only: fields never change, but list views bind to these. */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_OPTIONAL] = g_param_spec_boolean ("optional", NULL, NULL, FALSE, flags);
  properties[PROP_ENABLED_BY_DEFAULT] =
    g_param_spec_boolean ("enabled-by-default", NULL, NULL, TRUE, flags);
  properties[PROP_REFERENCES] = g_param_spec_string ("references", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_field_init (FerryField *self)
{
}

FerryField *
ferry_field_new (const char     *name,
                 const char     *label,
                 FerryFieldType  type,
                 gboolean        optional,
                 gboolean        enabled_by_default,
                 const char     *references)
{
  FerryField *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);
  g_return_val_if_fail (type <= FERRY_FIELD_BOOLEAN, NULL);

  self = g_object_new (FERRY_TYPE_FIELD, NULL);
  self->name = g_strdup (name);
  self->label = g_strdup (label);
  self->type = type;
  self->optional = optional;
  self->enabled_by_default = !optional || enabled_by_default;
  self->references = g_strdup (references);

  return self;
}

const char *
ferry_field_get_name (FerryField *self)
{
  g_return_val_if_fail (FERRY_IS_FIELD (self), NULL);

  return self->name;
}

const char *
ferry_field_get_label (FerryField *self)
{
  g_return_val_if_fail (FERRY_IS_FIELD (self), NULL);

  return self->label;
}

FerryFieldType
ferry_field_get_field_type (FerryField *self)
{
  g_return_val_if_fail (FERRY_IS_FIELD (self), FERRY_FIELD_STRING);

  return self->type;
}

gboolean
ferry_field_get_optional (FerryField *self)
{
  g_return_val_if_fail (FERRY_IS_FIELD (self), FALSE);

  return self->optional;
}

gboolean
ferry_field_get_enabled_by_default (FerryField *self)
{
  g_return_val_if_fail (FERRY_IS_FIELD (self), TRUE);

  return self->enabled_by_default;
}

const char *
ferry_field_get_references (FerryField *self)
{
  g_return_val_if_fail (FERRY_IS_FIELD (self), NULL);

  return self->references;
}

FerryField *
ferry_field_new_from_json (JsonObject *object,
                           const char *context,
                           guint       index,
                           GError    **error)
{
  g_autofree char *where = g_strdup_printf ("%s, field #%u", context, index + 1);
  const char *name, *label, *references;
  gboolean optional, enabled_by_default;
  int type;

  if (!ferry_catalog_json_get_string (object, where, "name", TRUE, &name, error))
    return NULL;

  g_free (where);
  where = g_strdup_printf ("%s, field “%s”", context, name);

  if (!ferry_catalog_json_get_string (object, where, "label", TRUE, &label, error)
      || !ferry_catalog_json_get_choice (object, where, "type", type_names, &type, error)
      || !ferry_catalog_json_get_boolean (object, where, "optional", FALSE, FALSE,
                                          &optional, error)
      || !ferry_catalog_json_get_boolean (object, where, "default", FALSE, TRUE,
                                          &enabled_by_default, error)
      || !ferry_catalog_json_get_string (object, where, "references", FALSE, &references,
                                         error))
    return NULL;

  /* A required field is always sent; "default": false on one is a mistake
   * someone would otherwise wait in vain to see take effect. */
  if (!optional && !enabled_by_default)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_CATALOG,
                   "%s: “default”: false only applies to an optional field; "
                   "add “optional”: true or remove “default”", where);
      return NULL;
    }

  return ferry_field_new (name, label, (FerryFieldType) type, optional, enabled_by_default,
                          references);
}

void
ferry_field_to_json (FerryField  *self,
                     JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  ferry_catalog_json_add_string (builder, "name", self->name);
  ferry_catalog_json_add_string (builder, "label", self->label);
  ferry_catalog_json_add_string (builder, "type", ferry_field_type_to_string (self->type));

  /* Defaults are left out, as in data/catalog.json. */
  if (self->optional)
    {
      json_builder_set_member_name (builder, "optional");
      json_builder_add_boolean_value (builder, TRUE);
    }
  if (!self->enabled_by_default)
    {
      json_builder_set_member_name (builder, "default");
      json_builder_add_boolean_value (builder, FALSE);
    }
  if (self->references != NULL)
    ferry_catalog_json_add_string (builder, "references", self->references);
  json_builder_end_object (builder);
}
