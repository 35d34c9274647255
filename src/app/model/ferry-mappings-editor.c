/* ferry-mappings-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-mappings-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-mappings-editor.h"

struct _FerryMappingsEditor
{
  GObject          parent_instance;

  FerryConnection *connection; /* owned: the connection being edited */
  FerryConnection *copy;       /* owned: the edits */
  GListStore      *entities;   /* owned: every FerryMappingsEntity, module by module */
  GHashTable      *by_module;  /* owned: module id → GListStore of FerryMappingsEntity */
  GStrv            modules;    /* owned: module ids with entity types */
  GHashTable      *tables;     /* owned, nullable: table → GStrv of its columns */
  gboolean         modified;
};

G_DEFINE_FINAL_TYPE (FerryMappingsEditor, ferry_mappings_editor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_MODIFIED,
  PROP_SCHEDULE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  return g_strv_equal (a != NULL ? a : (const char * const[]) { NULL },
                       b != NULL ? b : (const char * const[]) { NULL });
}

static gboolean
fields_equal (FerryConnection *a,
              FerryConnection *b)
{
  g_auto(GStrv) entities_a = ferry_connection_dup_field_entities (a);
  g_auto(GStrv) entities_b = ferry_connection_dup_field_entities (b);

  if (!strv_equal0 ((const char * const *) entities_a, (const char * const *) entities_b))
    return FALSE;
  for (guint i = 0; entities_a[i] != NULL; i++)
    {
      g_auto(GStrv) off_a = ferry_connection_dup_disabled_fields (a, entities_a[i]);
      g_auto(GStrv) off_b = ferry_connection_dup_disabled_fields (b, entities_a[i]);

      if (!strv_equal0 ((const char * const *) off_a, (const char * const *) off_b))
        return FALSE;
    }
  return TRUE;
}

static gboolean
settings_equal (FerryConnection *a,
                FerryConnection *b)
{
  g_auto(GStrv) enabled_a = ferry_connection_dup_enabled_entities (a);
  g_auto(GStrv) enabled_b = ferry_connection_dup_enabled_entities (b);

  return strv_equal0 ((const char * const *) enabled_a, (const char * const *) enabled_b)
         && fields_equal (a, b)
         && g_strcmp0 (ferry_connection_get_schedule (a), ferry_connection_get_schedule (b)) == 0;
}

static void
update_modified (FerryMappingsEditor *self)
{
  gboolean modified = !settings_equal (self->copy, self->connection);

  if (modified == self->modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
on_copy_changed (FerryMappingsEditor *self)
{
  update_modified (self);
}

static void
on_copy_schedule (FerryMappingsEditor *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULE]);
  update_modified (self);
}

/* Why @type cannot sync with this accounting database, or NULL. */
static char *
entity_reason (FerryMappingsEditor *self,
               FerryEntityType     *type)
{
  const char *table = ferry_entity_type_get_table (type);
  const char *items_table = ferry_entity_type_get_items_table (type);

  if (self->tables == NULL)
    return NULL;
  if (!g_hash_table_contains (self->tables, table))
    /* Translators: the first %s is a table name, the second an entity type */
    return g_strdup_printf (_("The accounting database has no table %s: this accounting "
                              "system does not keep %s records."),
                            table, ferry_entity_type_get_label (type));
  if (items_table != NULL && !g_hash_table_contains (self->tables, items_table))
    return g_strdup_printf (_("The accounting database has no table %s for the items of %s."),
                            items_table, ferry_entity_type_get_label (type));
  return NULL;
}

static void
update_field_support (FerryMappingsEditor *self,
                      FerryMappingsEntity *entity)
{
  const char *table = ferry_entity_type_get_table (ferry_mappings_entity_get_entity_type (entity));
  const char * const *columns = self->tables != NULL ? g_hash_table_lookup (self->tables, table) : NULL;
  GListModel *fields = ferry_mappings_entity_get_fields (entity);
  guint n = g_list_model_get_n_items (fields);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMappingsField) field = g_list_model_get_item (fields, i);
      const char *name = ferry_mappings_field_get_name (field);
      g_autofree char *reason = NULL;

      /* A missing table already makes the whole entity type insensitive. */
      if (columns != NULL && !g_strv_contains (columns, name))
        reason = g_strdup_printf (_("The accounting database has no column %s in table %s."),
                                  name, table);
      ferry_mappings_toggle_set_insensitive_reason (FERRY_MAPPINGS_TOGGLE (field), reason);
    }
}

static void
update_support (FerryMappingsEditor *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entities));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMappingsEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->entities), i);
      g_autofree char *reason = entity_reason (self, ferry_mappings_entity_get_entity_type (entity));

      ferry_mappings_toggle_set_insensitive_reason (FERRY_MAPPINGS_TOGGLE (entity), reason);
      update_field_support (self, entity);
    }
}

static void
build_rows (FerryMappingsEditor *self)
{
  FerryCatalog *catalog = ferry_connection_get_catalog (self->copy);
  const char * const *module_ids = ferry_catalog_get_modules (catalog);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  g_autoptr(GStrvBuilder) modules = g_strv_builder_new ();

  for (guint i = 0; module_ids[i] != NULL; i++)
    {
      g_autoptr(GListStore) store = g_list_store_new (FERRY_TYPE_MAPPINGS_ENTITY);

      for (guint j = 0; j < n; j++)
        {
          g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (catalog), j);
          g_autoptr(FerryMappingsEntity) entity = NULL;

          if (g_strcmp0 (ferry_entity_type_get_module (type), module_ids[i]) != 0)
            continue;
          entity = ferry_mappings_entity_new (self->copy, type);
          g_list_store_append (store, entity);
          g_list_store_append (self->entities, entity);
        }
      if (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
        continue;
      g_strv_builder_add (modules, module_ids[i]);
      g_hash_table_insert (self->by_module, g_strdup (module_ids[i]), g_steal_pointer (&store));
    }
  self->modules = g_strv_builder_end (modules);
}

static void
ferry_mappings_editor_constructed (GObject *object)
{
  FerryMappingsEditor *self = FERRY_MAPPINGS_EDITOR (object);

  G_OBJECT_CLASS (ferry_mappings_editor_parent_class)->constructed (object);

  self->copy = ferry_connection_copy (self->connection);
  build_rows (self);
  g_signal_connect_object (self->copy, "mappings-changed",
                           G_CALLBACK (on_copy_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->copy, "notify::schedule",
                           G_CALLBACK (on_copy_schedule), self, G_CONNECT_SWAPPED);
}

static void
ferry_mappings_editor_finalize (GObject *object)
{
  FerryMappingsEditor *self = FERRY_MAPPINGS_EDITOR (object);

  g_clear_object (&self->connection);
  g_clear_object (&self->copy);
  g_clear_object (&self->entities);
  g_clear_pointer (&self->by_module, g_hash_table_unref);
  g_clear_pointer (&self->modules, g_strfreev);
  g_clear_pointer (&self->tables, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_mappings_editor_parent_class)->finalize (object);
}

static void
ferry_mappings_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerryMappingsEditor *self = FERRY_MAPPINGS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    case PROP_SCHEDULE:
      g_value_set_string (value, ferry_mappings_editor_get_schedule (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_mappings_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FerryMappingsEditor *self = FERRY_MAPPINGS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    case PROP_SCHEDULE:
      ferry_mappings_editor_set_schedule (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_mappings_editor_class_init (FerryMappingsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = ferry_mappings_editor_constructed;
  object_class->finalize = ferry_mappings_editor_finalize;
  object_class->get_property = ferry_mappings_editor_get_property;
  object_class->set_property = ferry_mappings_editor_set_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, FERRY_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE, ro);
  properties[PROP_SCHEDULE] = g_param_spec_string ("schedule", NULL, NULL, NULL,
                                                   ro | G_PARAM_WRITABLE);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_mappings_editor_init (FerryMappingsEditor *self)
{
  self->entities = g_list_store_new (FERRY_TYPE_MAPPINGS_ENTITY);
  self->by_module = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

FerryMappingsEditor *
ferry_mappings_editor_new (FerryConnection *connection,
                           GHashTable      *tables,
                           GHashTable      *synced_counts)
{
  FerryMappingsEditor *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);

  self = g_object_new (FERRY_TYPE_MAPPINGS_EDITOR, "connection", connection, NULL);
  ferry_mappings_editor_set_tables (self, tables);
  ferry_mappings_editor_set_synced_counts (self, synced_counts);
  return self;
}

void
ferry_mappings_editor_set_tables (FerryMappingsEditor *self,
                                  GHashTable          *tables)
{
  g_return_if_fail (FERRY_IS_MAPPINGS_EDITOR (self));

  if (tables != NULL)
    g_hash_table_ref (tables);
  g_clear_pointer (&self->tables, g_hash_table_unref);
  self->tables = tables;
  update_support (self);
}

void
ferry_mappings_editor_set_synced_counts (FerryMappingsEditor *self,
                                         GHashTable          *synced_counts)
{
  guint n;

  g_return_if_fail (FERRY_IS_MAPPINGS_EDITOR (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->entities));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMappingsEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->entities), i);
      gpointer count = synced_counts != NULL
                       ? g_hash_table_lookup (synced_counts, ferry_mappings_entity_get_id (entity))
                       : NULL;

      ferry_mappings_entity_set_synced_count (entity, GPOINTER_TO_UINT (count));
    }
}

FerryConnection *
ferry_mappings_editor_get_connection (FerryMappingsEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), NULL);

  return self->connection;
}

FerryConnection *
ferry_mappings_editor_get_edited_connection (FerryMappingsEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), NULL);

  return self->copy;
}

GListModel *
ferry_mappings_editor_get_entities (FerryMappingsEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), NULL);

  return G_LIST_MODEL (self->entities);
}

const char * const *
ferry_mappings_editor_get_modules (FerryMappingsEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), NULL);

  return (const char * const *) self->modules;
}

GListModel *
ferry_mappings_editor_get_module_entities (FerryMappingsEditor *self,
                                           const char          *module_id)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), NULL);
  g_return_val_if_fail (module_id != NULL, NULL);

  return g_hash_table_lookup (self->by_module, module_id);
}

FerryMappingsEntity *
ferry_mappings_editor_lookup_entity (FerryMappingsEditor *self,
                                     const char          *entity_id)
{
  guint n;

  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->entities));
  for (guint i = 0; i < n; i++)
    {
      /* The store keeps a reference: the borrowed pointer stays valid. */
      g_autoptr(FerryMappingsEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->entities), i);

      if (g_strcmp0 (ferry_mappings_entity_get_id (entity), entity_id) == 0)
        return entity;
    }
  return NULL;
}

gboolean
ferry_mappings_editor_is_modified (FerryMappingsEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), FALSE);

  return self->modified;
}

static void
copy_disabled_fields (FerryConnection    *from,
                      FerryConnection    *to,
                      const char * const *entity_ids)
{
  for (guint i = 0; entity_ids[i] != NULL; i++)
    {
      g_auto(GStrv) off = ferry_connection_dup_disabled_fields (from, entity_ids[i]);

      ferry_connection_set_disabled_fields (to, entity_ids[i], (const char * const *) off);
    }
}

void
ferry_mappings_editor_apply_to (FerryMappingsEditor *self,
                                FerryConnection     *connection)
{
  g_auto(GStrv) enabled = NULL;
  g_auto(GStrv) old_field_entities = NULL;
  g_auto(GStrv) new_field_entities = NULL;

  g_return_if_fail (FERRY_IS_MAPPINGS_EDITOR (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  enabled = ferry_connection_dup_enabled_entities (self->copy);
  old_field_entities = ferry_connection_dup_field_entities (connection);
  new_field_entities = ferry_connection_dup_field_entities (self->copy);

  ferry_connection_set_enabled_entities (connection, (const char * const *) enabled);
  copy_disabled_fields (self->copy, connection, (const char * const *) old_field_entities);
  copy_disabled_fields (self->copy, connection, (const char * const *) new_field_entities);
  ferry_connection_set_schedule (connection, ferry_connection_get_schedule (self->copy));
  update_modified (self);
}

const char *
ferry_mappings_editor_get_schedule (FerryMappingsEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MAPPINGS_EDITOR (self), NULL);

  return ferry_connection_get_schedule (self->copy);
}

/* The copy's notify::schedule notifies "schedule" and "modified". */
void
ferry_mappings_editor_set_schedule (FerryMappingsEditor *self,
                                    const char          *schedule)
{
  g_return_if_fail (FERRY_IS_MAPPINGS_EDITOR (self));
  g_return_if_fail (ferry_connection_check_schedule (schedule, NULL));

  ferry_connection_set_schedule (self->copy, schedule);
}
