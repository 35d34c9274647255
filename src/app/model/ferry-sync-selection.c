/* ferry-sync-selection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-selection"

#include "config.h"

#include "ferry-sync-selection.h"

struct _FerrySyncSelection
{
  GObject          parent_instance;

  FerryConnection *connection; /* owned */
  GListStore      *modules;    /* owned: module FerrySyncSelectionNode */
  GPtrArray       *nodes;      /* owned: the same module nodes, readable before @modules has them */
  GStrv            ids;        /* owned: the entity type ids in the tree, tree order */
  /* What the user unticked rather than what is ticked, so that types the
   * mappings turn on later arrive ticked. */
  GHashTable      *deselected; /* owned: entity type ids */
  FerryCheckState  state;
};

G_DEFINE_FINAL_TYPE (FerrySyncSelection, ferry_sync_selection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_EMPTY,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The connection's enabled entity types that the catalog knows, in
 * catalog order. Returns: (transfer container) borrowed FerryEntityType. */
static GPtrArray *
enabled_types (FerrySyncSelection *self)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (self->connection);
  GPtrArray *types = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (ferry_connection_get_entity_enabled (self->connection, ferry_entity_type_get_id (type)))
        g_ptr_array_add (types, type);
    }
  return types;
}

static GListStore *
module_children (GPtrArray  *types,
                 const char *module_id)
{
  GListStore *children = g_list_store_new (FERRY_TYPE_SYNC_SELECTION_NODE);

  for (guint i = 0; i < types->len; i++)
    {
      FerryEntityType *type = g_ptr_array_index (types, i);
      g_autoptr(FerrySyncSelectionNode) node = NULL;

      if (g_strcmp0 (ferry_entity_type_get_module (type), module_id) != 0)
        continue;
      node = ferry_sync_selection_node_new_entity (ferry_entity_type_get_id (type),
                                                   ferry_entity_type_get_label (type));
      g_list_store_append (children, node);
    }
  return children;
}

/* Module nodes in module order, each with its types; fills @ids in the
 * same order. Returns: (transfer full) FerrySyncSelectionNode. */
static GPtrArray *
build_modules (FerrySyncSelection *self,
               GStrvBuilder       *ids)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (self->connection);
  const char * const *module_ids = ferry_catalog_get_modules (catalog);
  g_autoptr(GPtrArray) types = enabled_types (self);
  GPtrArray *modules = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; module_ids[i] != NULL; i++)
    {
      g_autoptr(GListStore) children = module_children (types, module_ids[i]);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (children));

      if (n == 0)
        continue;
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(FerrySyncSelectionNode) child = g_list_model_get_item (G_LIST_MODEL (children), j);

          g_strv_builder_add (ids, ferry_sync_selection_node_get_id (child));
        }
      g_ptr_array_add (modules,
                       ferry_sync_selection_node_new_module (module_ids[i],
                                                             ferry_catalog_get_module_label (catalog, module_ids[i]),
                                                             G_LIST_MODEL (children)));
    }
  return modules;
}

static FerryCheckState
combine (FerryCheckState state,
         gboolean        first,
         FerryCheckState next)
{
  if (first)
    return next;
  return state == next ? state : FERRY_CHECK_MIXED;
}

/* Sets every node's state from @deselected, and the whole tree's. */
static FerryCheckState
update_module_states (FerrySyncSelection *self)
{
  FerryCheckState all = FERRY_CHECK_UNCHECKED;

  for (guint i = 0; i < self->nodes->len; i++)
    {
      FerrySyncSelectionNode *module = g_ptr_array_index (self->nodes, i);
      GListModel *children = ferry_sync_selection_node_get_children (module);
      FerryCheckState state = FERRY_CHECK_UNCHECKED;
      guint n = g_list_model_get_n_items (children);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr(FerrySyncSelectionNode) child = g_list_model_get_item (children, j);
          gboolean off = g_hash_table_contains (self->deselected,
                                                ferry_sync_selection_node_get_id (child));
          FerryCheckState child_state = off ? FERRY_CHECK_UNCHECKED : FERRY_CHECK_CHECKED;

          ferry_sync_selection_node_set_state (child, child_state);
          state = combine (state, j == 0, child_state);
        }
      ferry_sync_selection_node_set_state (module, state);
      all = combine (all, i == 0, state);
    }
  return all;
}

static void
changed (FerrySyncSelection *self)
{
  FerryCheckState old = self->state;

  self->state = update_module_states (self);
  if (old != self->state)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      if (old == FERRY_CHECK_UNCHECKED || self->state == FERRY_CHECK_UNCHECKED)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Forgets unticked types that left the tree: turned on again later, they
 * come back ticked like any new type. */
static void
prune_deselected (FerrySyncSelection *self)
{
  GHashTableIter iter;
  const char *id;

  g_hash_table_iter_init (&iter, self->deselected);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    {
      if (!g_strv_contains ((const char * const *) self->ids, id))
        g_hash_table_iter_remove (&iter);
    }
}

void
ferry_sync_selection_reload (FerrySyncSelection *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) modules = NULL;
  g_auto(GStrv) ids = NULL;

  g_return_if_fail (FERRY_IS_SYNC_SELECTION (self));

  modules = build_modules (self, builder);
  ids = g_strv_builder_end (builder);
  if (self->ids != NULL && g_strv_equal ((const char * const *) ids, (const char * const *) self->ids))
    return;

  g_strfreev (self->ids);
  self->ids = g_steal_pointer (&ids);
  g_ptr_array_unref (self->nodes);
  self->nodes = g_steal_pointer (&modules);
  prune_deselected (self);
  /* States first, so a tree view never shows the new rows unset. */
  update_module_states (self);
  g_list_store_splice (self->modules, 0, g_list_model_get_n_items (G_LIST_MODEL (self->modules)),
                       self->nodes->pdata, self->nodes->len);
  changed (self);
}

static void
on_mappings_changed (FerryConnection    *connection,
                     FerrySyncSelection *self)
{
  ferry_sync_selection_reload (self);
}

static void
ferry_sync_selection_constructed (GObject *object)
{
  FerrySyncSelection *self = FERRY_SYNC_SELECTION (object);

  G_OBJECT_CLASS (ferry_sync_selection_parent_class)->constructed (object);

  g_signal_connect_object (self->connection, "mappings-changed",
                           G_CALLBACK (on_mappings_changed), self, G_CONNECT_DEFAULT);
  ferry_sync_selection_reload (self);
}

static void
ferry_sync_selection_finalize (GObject *object)
{
  FerrySyncSelection *self = FERRY_SYNC_SELECTION (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->modules);
  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_strfreev);
  g_clear_pointer (&self->deselected, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_sync_selection_parent_class)->finalize (object);
}

static void
ferry_sync_selection_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FerrySyncSelection *self = FERRY_SYNC_SELECTION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_EMPTY:
      g_value_set_boolean (value, ferry_sync_selection_is_empty (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sync_selection_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  FerrySyncSelection *self = FERRY_SYNC_SELECTION (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sync_selection_class_init (FerrySyncSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = ferry_sync_selection_constructed;
  object_class->finalize = ferry_sync_selection_finalize;
  object_class->get_property = ferry_sync_selection_get_property;
  object_class->set_property = ferry_sync_selection_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, FERRY_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY] = g_param_spec_boolean ("empty", NULL, NULL, TRUE, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, FERRY_TYPE_CHECK_STATE,
                                              FERRY_CHECK_UNCHECKED, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ferry_sync_selection_init (FerrySyncSelection *self)
{
  self->modules = g_list_store_new (FERRY_TYPE_SYNC_SELECTION_NODE);
  self->nodes = g_ptr_array_new_with_free_func (g_object_unref);
  self->deselected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

FerrySyncSelection *
ferry_sync_selection_new (FerryConnection *connection)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);

  return g_object_new (FERRY_TYPE_SYNC_SELECTION, "connection", connection, NULL);
}

FerryConnection *
ferry_sync_selection_get_connection (FerrySyncSelection *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION (self), NULL);

  return self->connection;
}

GListModel *
ferry_sync_selection_get_model (FerrySyncSelection *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION (self), NULL);

  return G_LIST_MODEL (self->modules);
}

static FerrySyncSelectionNode *
find_in (GListModel *model,
         const char *id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerrySyncSelectionNode) node = g_list_model_get_item (model, i);
      GListModel *children = ferry_sync_selection_node_get_children (node);
      FerrySyncSelectionNode *found;

      /* The model keeps a reference: the borrowed pointer stays valid. */
      if (g_strcmp0 (ferry_sync_selection_node_get_id (node), id) == 0)
        return node;
      if (children != NULL && (found = find_in (children, id)) != NULL)
        return found;
    }
  return NULL;
}

FerrySyncSelectionNode *
ferry_sync_selection_lookup (FerrySyncSelection *self,
                             const char         *id)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return find_in (G_LIST_MODEL (self->modules), id);
}

/* Without notifying. */
static void
mark (FerrySyncSelection *self,
      const char         *entity_id,
      gboolean            checked)
{
  if (checked)
    g_hash_table_remove (self->deselected, entity_id);
  else
    g_hash_table_add (self->deselected, g_strdup (entity_id));
}

static void
mark_all (FerrySyncSelection *self,
          gboolean            checked)
{
  for (guint i = 0; self->ids[i] != NULL; i++)
    mark (self, self->ids[i], checked);
}

void
ferry_sync_selection_select_all (FerrySyncSelection *self)
{
  g_return_if_fail (FERRY_IS_SYNC_SELECTION (self));

  mark_all (self, TRUE);
  changed (self);
}

void
ferry_sync_selection_deselect_all (FerrySyncSelection *self)
{
  g_return_if_fail (FERRY_IS_SYNC_SELECTION (self));

  mark_all (self, FALSE);
  changed (self);
}

void
ferry_sync_selection_set_checked (FerrySyncSelection     *self,
                                  FerrySyncSelectionNode *node,
                                  gboolean                checked)
{
  GListModel *children;

  g_return_if_fail (FERRY_IS_SYNC_SELECTION (self));
  g_return_if_fail (FERRY_IS_SYNC_SELECTION_NODE (node));

  children = ferry_sync_selection_node_get_children (node);
  if (children == NULL)
    {
      mark (self, ferry_sync_selection_node_get_id (node), checked);
    }
  else
    {
      guint n = g_list_model_get_n_items (children);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerrySyncSelectionNode) child = g_list_model_get_item (children, i);

          mark (self, ferry_sync_selection_node_get_id (child), checked);
        }
    }
  changed (self);
}

void
ferry_sync_selection_toggle (FerrySyncSelection     *self,
                             FerrySyncSelectionNode *node)
{
  ferry_sync_selection_set_checked (self, node,
                                    ferry_sync_selection_node_get_state (node) != FERRY_CHECK_CHECKED);
}

void
ferry_sync_selection_set_selected_ids (FerrySyncSelection *self,
                                       const char * const *entity_ids)
{
  g_return_if_fail (FERRY_IS_SYNC_SELECTION (self));

  for (guint i = 0; self->ids[i] != NULL; i++)
    mark (self, self->ids[i], entity_ids != NULL && g_strv_contains (entity_ids, self->ids[i]));
  changed (self);
}

GStrv
ferry_sync_selection_dup_selected_ids (FerrySyncSelection *self)
{
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION (self), NULL);

  for (guint i = 0; self->ids[i] != NULL; i++)
    {
      if (!g_hash_table_contains (self->deselected, self->ids[i]))
        g_ptr_array_add (selected, self->ids[i]);
    }
  g_ptr_array_add (selected, NULL);

  /* The tree holds catalog types only, so this does not fail. */
  sorted = ferry_catalog_sort_by_dependency (ferry_connection_get_catalog (self->connection),
                                             (const char * const *) selected->pdata, &error);
  if (sorted == NULL)
    {
      g_critical ("Could not order the selected entity types: %s", error->message);
      return g_strv_builder_end (builder);
    }
  for (guint i = 0; i < sorted->len; i++)
    g_strv_builder_add (builder, ferry_entity_type_get_id (g_ptr_array_index (sorted, i)));
  return g_strv_builder_end (builder);
}

gboolean
ferry_sync_selection_is_empty (FerrySyncSelection *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION (self), TRUE);

  return self->state == FERRY_CHECK_UNCHECKED;
}

FerryCheckState
ferry_sync_selection_get_state (FerrySyncSelection *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_SELECTION (self), FERRY_CHECK_UNCHECKED);

  return self->state;
}
