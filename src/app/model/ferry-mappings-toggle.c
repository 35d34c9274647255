/* ferry-mappings-toggle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-mappings-toggle"

#include "config.h"

#include "ferry-mappings-toggle.h"

typedef struct
{
  FerryConnection *connection; /* owned, nullable until bound: the mappings being edited */
  char            *reason;     /* owned, nullable: why it is insensitive */
  gboolean         enabled;    /* the last value notified */
} FerryMappingsTogglePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (FerryMappingsToggle, ferry_mappings_toggle, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_SENSITIVE,
  PROP_INSENSITIVE_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_mappings_changed (FerryConnection     *connection,
                     FerryMappingsToggle *self)
{
  FerryMappingsTogglePrivate *priv = ferry_mappings_toggle_get_instance_private (self);
  gboolean enabled = FERRY_MAPPINGS_TOGGLE_GET_CLASS (self)->read_enabled (self, connection);

  if (enabled == priv->enabled)
    return;
  priv->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

static void
ferry_mappings_toggle_finalize (GObject *object)
{
  FerryMappingsTogglePrivate *priv =
    ferry_mappings_toggle_get_instance_private (FERRY_MAPPINGS_TOGGLE (object));

  g_clear_object (&priv->connection);
  g_free (priv->reason);

  G_OBJECT_CLASS (ferry_mappings_toggle_parent_class)->finalize (object);
}

static void
ferry_mappings_toggle_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerryMappingsToggle *self = FERRY_MAPPINGS_TOGGLE (object);
  FerryMappingsTogglePrivate *priv = ferry_mappings_toggle_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, priv->enabled);
      break;
    case PROP_SENSITIVE:
      g_value_set_boolean (value, priv->reason == NULL);
      break;
    case PROP_INSENSITIVE_REASON:
      g_value_set_string (value, priv->reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_mappings_toggle_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ENABLED:
      ferry_mappings_toggle_set_enabled (FERRY_MAPPINGS_TOGGLE (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_mappings_toggle_class_init (FerryMappingsToggleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ferry_mappings_toggle_finalize;
  object_class->get_property = ferry_mappings_toggle_get_property;
  object_class->set_property = ferry_mappings_toggle_set_property;

  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                                                   ro | G_PARAM_WRITABLE);
  properties[PROP_SENSITIVE] = g_param_spec_boolean ("sensitive", NULL, NULL, TRUE, ro);
  properties[PROP_INSENSITIVE_REASON] =
    g_param_spec_string ("insensitive-reason", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_mappings_toggle_init (FerryMappingsToggle *self)
{
}

void
ferry_mappings_toggle_bind (FerryMappingsToggle *self,
                            FerryConnection     *connection)
{
  FerryMappingsTogglePrivate *priv = ferry_mappings_toggle_get_instance_private (self);

  g_return_if_fail (FERRY_IS_MAPPINGS_TOGGLE (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (priv->connection == NULL);

  priv->connection = g_object_ref (connection);
  priv->enabled = FERRY_MAPPINGS_TOGGLE_GET_CLASS (self)->read_enabled (self, connection);
  g_signal_connect_object (connection, "mappings-changed",
                           G_CALLBACK (on_mappings_changed), self, G_CONNECT_DEFAULT);
}

FerryConnection *
ferry_mappings_toggle_get_connection (FerryMappingsToggle *self)
{
  FerryMappingsTogglePrivate *priv = ferry_mappings_toggle_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_MAPPINGS_TOGGLE (self), NULL);

  return priv->connection;
}

gboolean
ferry_mappings_toggle_get_enabled (FerryMappingsToggle *self)
{
  FerryMappingsTogglePrivate *priv = ferry_mappings_toggle_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_MAPPINGS_TOGGLE (self), FALSE);

  return priv->enabled;
}

void
ferry_mappings_toggle_set_enabled (FerryMappingsToggle *self,
                                   gboolean             enabled)
{
  FerryMappingsTogglePrivate *priv = ferry_mappings_toggle_get_instance_private (self);

  g_return_if_fail (FERRY_IS_MAPPINGS_TOGGLE (self));
  g_return_if_fail (priv->connection != NULL);

  FERRY_MAPPINGS_TOGGLE_GET_CLASS (self)->write_enabled (self, priv->connection, enabled);
}

gboolean
ferry_mappings_toggle_get_sensitive (FerryMappingsToggle *self)
{
  FerryMappingsTogglePrivate *priv = ferry_mappings_toggle_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_MAPPINGS_TOGGLE (self), FALSE);

  return priv->reason == NULL;
}

const char *
ferry_mappings_toggle_get_insensitive_reason (FerryMappingsToggle *self)
{
  FerryMappingsTogglePrivate *priv = ferry_mappings_toggle_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_MAPPINGS_TOGGLE (self), NULL);

  return priv->reason;
}

void
ferry_mappings_toggle_set_insensitive_reason (FerryMappingsToggle *self,
                                              const char          *reason)
{
  FerryMappingsTogglePrivate *priv = ferry_mappings_toggle_get_instance_private (self);
  gboolean was_sensitive;

  g_return_if_fail (FERRY_IS_MAPPINGS_TOGGLE (self));

  if (g_strcmp0 (priv->reason, reason) == 0)
    return;
  was_sensitive = priv->reason == NULL;
  g_free (priv->reason);
  priv->reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSENSITIVE_REASON]);
  if (was_sensitive != (reason == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENSITIVE]);
}
