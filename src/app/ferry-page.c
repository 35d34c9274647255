/* ferry-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-page"

#include "config.h"

#include "ferry-page.h"

typedef struct
{
  FerryAppState *state; /* owned, nullable */
} FerryPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (FerryPage, ferry_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
ferry_page_set_state (FerryPage     *self,
                      FerryAppState *state)
{
  FerryPagePrivate *priv = ferry_page_get_instance_private (self);
  g_autoptr(FerryAppState) previous = NULL;

  g_return_if_fail (FERRY_IS_PAGE (self));
  g_return_if_fail (state == NULL || FERRY_IS_APP_STATE (state));

  if (priv->state == state)
    return;
  previous = g_steal_pointer (&priv->state);
  priv->state = state != NULL ? g_object_ref (state) : NULL;
  if (FERRY_PAGE_GET_CLASS (self)->state_changed != NULL)
    FERRY_PAGE_GET_CLASS (self)->state_changed (self, previous);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

FerryAppState *
ferry_page_get_state (FerryPage *self)
{
  FerryPagePrivate *priv = ferry_page_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_PAGE (self), NULL);

  return priv->state;
}

static void
ferry_page_dispose (GObject *object)
{
  ferry_page_set_state (FERRY_PAGE (object), NULL);

  G_OBJECT_CLASS (ferry_page_parent_class)->dispose (object);
}

static void
ferry_page_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_object (value, ferry_page_get_state (FERRY_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_page_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      ferry_page_set_state (FERRY_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_page_class_init (FerryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_page_dispose;
  object_class->get_property = ferry_page_get_property;
  object_class->set_property = ferry_page_set_property;

  properties[PROP_STATE] =
    g_param_spec_object ("state", NULL, NULL, FERRY_TYPE_APP_STATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_page_init (FerryPage *self)
{
}

void
ferry_label_set_text_or_hide (GtkLabel   *label,
                              const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}
