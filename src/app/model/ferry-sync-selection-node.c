/* ferry-sync-selection-node.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-selection-node"

#include "config.h"

#include "ferry-sync-selection-node.h"

G_DEFINE_ENUM_TYPE (FerryCheckState, ferry_check_state,
                    G_DEFINE_ENUM_VALUE (FERRY_CHECK_UNCHECKED, "unchecked"),
                    G_DEFINE_ENUM_VALUE (FERRY_CHECK_CHECKED, "checked"),
                    G_DEFINE_ENUM_VALUE (FERRY_CHECK_MIXED, "mixed"))

struct _FerrySyncSelectionNode
{
  GObject          parent_instance;

  char            *id;       /* owned */
  char            *label;    /* owned */
  GListModel      *children; /* owned, nullable: NULL for an entity type */
  FerryCheckState  state;
};

G_DEFINE_FINAL_TYPE (FerrySyncSelectionNode, ferry_sync_selection_node, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LABEL,
  PROP_IS_MODULE,
  PROP_STATE,
  PROP_ACTIVE,
  PROP_INCONSISTENT,
  PROP_CHILDREN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_sync_selection_node_finalize (GObject *object)
{
  FerrySyncSelectionNode *self = FERRY_SYNC_SELECTION_NODE (object);

  g_free (self->id);
  g_free (self->label);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (ferry_sync_selection_node_parent_class)->finalize (object);
}

static void
ferry_sync_selection_node_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  FerrySyncSelectionNode *self = FERRY_SYNC_SELECTION_NODE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_IS_MODULE:
      g_value_set_boolean (value, self->children != NULL);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->state == FERRY_CHECK_CHECKED);
      break;
    case PROP_INCONSISTENT:
      g_value_set_boolean (value, self->state == FERRY_CHECK_MIXED);
      break;
    case PROP_CHILDREN:
      g_value_set_object (value, self->children);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sync_selection_node_class_init (FerrySyncSelectionNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ferry_sync_selection_node_finalize;
  object_class->get_property = ferry_sync_selection_node_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, ro);
  properties[PROP_IS_MODULE] = g_param_spec_boolean ("is-module", NULL, NULL, FALSE, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, FERRY_TYPE_CHECK_STATE,
                                              FERRY_CHECK_UNCHECKED, ro);
  /* For GtkCheckButton: a MIXED box is drawn inconsistent, not active. */
  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, ro);
  properties[PROP_INCONSISTENT] = g_param_spec_boolean ("inconsistent", NULL, NULL, FALSE, ro);
  properties[PROP_CHILDREN] = g_param_spec_object ("children", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_sync_selection_node_init (FerrySyncSelectionNode *self)
{
}

static FerrySyncSelectionNode *
node_new (const char *id,
          const char *label)
{
  FerrySyncSelectionNode *self = g_object_new (FERRY_TYPE_SYNC_SELECTION_NODE, NULL);

  self->id = g_strdup (id);
  self->label = g_strdup (label);
  return self;
}

FerrySyncSelectionNode *
ferry_sync_selection_node_new_module (const char *module_id,
                                      const char *label,
                                      GListModel *children)
{
  FerrySyncSelectionNode *self;

  g_return_val_if_fail (module_id != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (children), NULL);

  self = node_new (module_id, label);
  self->children = g_object_ref (children);
  return self;
}

FerrySyncSelectionNode *
ferry_sync_selection_node_new_entity (const char *entity_id,
                                      const char *label)
{
  g_return_val_if_fail (entity_id != NULL, NULL);

  return node_new (entity_id, label);
}

void
ferry_sync_selection_node_set_state (FerrySyncSelectionNode *self,
                                     FerryCheckState         state)
{
  FerryCheckState old;

  g_return_if_fail (FERRY_IS_SYNC_SELECTION_NODE (self));

  old = self->state;
  if (old == state)
    return;

  self->state = state;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (old == FERRY_CHECK_CHECKED || state == FERRY_CHECK_CHECKED)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  if (old == FERRY_CHECK_MIXED || state == FERRY_CHECK_MIXED)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCONSISTENT]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
ferry_sync_selection_node_get_id (FerrySyncSelectionNode *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION_NODE (self), NULL);

  return self->id;
}

const char *
ferry_sync_selection_node_get_label (FerrySyncSelectionNode *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION_NODE (self), NULL);

  return self->label;
}

gboolean
ferry_sync_selection_node_get_is_module (FerrySyncSelectionNode *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION_NODE (self), FALSE);

  return self->children != NULL;
}

FerryCheckState
ferry_sync_selection_node_get_state (FerrySyncSelectionNode *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION_NODE (self), FERRY_CHECK_UNCHECKED);

  return self->state;
}

GListModel *
ferry_sync_selection_node_get_children (FerrySyncSelectionNode *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION_NODE (self), NULL);

  return self->children;
}
