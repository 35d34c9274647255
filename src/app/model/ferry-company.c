/* ferry-company.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-company"

#include "ferry-company.h"

struct _FerryCompany
{
  GObject  parent_instance;

  char    *code; /* owned */
  char    *name; /* owned */
};

G_DEFINE_FINAL_TYPE (FerryCompany, ferry_company, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_company_finalize (GObject *object)
{
  FerryCompany *self = FERRY_COMPANY (object);

  g_free (self->code);
  g_free (self->name);

  G_OBJECT_CLASS (ferry_company_parent_class)->finalize (object);
}

static void
ferry_company_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerryCompany *self = FERRY_COMPANY (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_company_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FerryCompany *self = FERRY_COMPANY (object);

  switch (prop_id)
    {
    case PROP_CODE:
      self->code = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_company_class_init (FerryCompanyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_company_finalize;
  object_class->get_property = ferry_company_get_property;
  object_class->set_property = ferry_company_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_company_init (FerryCompany *self)
{
}

FerryCompany *
ferry_company_new (const char *code,
                   const char *name)
{
  return g_object_new (FERRY_TYPE_COMPANY, "code", code, "name", name, NULL);
}

const char *
ferry_company_get_code (FerryCompany *self)
{
  g_return_val_if_fail (FERRY_IS_COMPANY (self), NULL);

  return self->code;
}

const char *
ferry_company_get_name (FerryCompany *self)
{
  g_return_val_if_fail (FERRY_IS_COMPANY (self), NULL);

  return self->name;
}
