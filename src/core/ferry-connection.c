/* ferry-connection.c: the connection object, its settings and mappings
 *
 * Reading, writing and checking connections is in ferry-connection-json.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-connection"

#include "ferry-connection.h"

#include <string.h>

G_DEFINE_ENUM_TYPE (FerryAccountingKind, ferry_accounting_kind,
                    G_DEFINE_ENUM_VALUE (FERRY_ACCOUNTING_KIND_SQLITE, "sqlite"))

gboolean
ferry_accounting_kind_from_string (const char          *name,
                                   FerryAccountingKind *out_kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (FERRY_TYPE_ACCOUNTING_KIND);
  GEnumValue *value;

  if (name == NULL)
    return FALSE;
  value = g_enum_get_value_by_nick (klass, name);
  if (value == NULL)
    return FALSE;

  *out_kind = value->value;
  return TRUE;
}

const char *
ferry_accounting_kind_to_string (FerryAccountingKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (FERRY_TYPE_ACCOUNTING_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  /* Nicks are static strings of the registered type, so they outlive
   * the class reference. */
  return value != NULL ? value->value_nick : NULL;
}

struct _FerryConnection
{
  GObject              parent_instance;

  FerryCatalog        *catalog;         /* owned */
  char                *id;              /* owned */
  char                *name;            /* owned, never NULL */
  FerryAccountingKind  kind;
  char                *location;        /* owned, never NULL */
  char                *site_url;        /* owned, never NULL */
  char                *site;            /* owned, never NULL */
  char                *company;         /* owned, never NULL */
  char                *user;            /* owned, never NULL */
  char                *schedule;        /* owned, never NULL */
  char                *deep_schedule;   /* owned, never NULL */
  guint                batch_size;
  gboolean             stop_on_error;

  GHashTable          *entities;        /* owned set of owned entity ids */
  GHashTable          *disabled_fields; /* owned; entity id → owned set of
                                         * field names, never an empty set */
};

G_DEFINE_FINAL_TYPE (FerryConnection, ferry_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_LOCATION,
  PROP_SITE_URL,
  PROP_SITE,
  PROP_COMPANY,
  PROP_USER,
  PROP_SCHEDULE,
  PROP_DEEP_SCHEDULE,
  PROP_BATCH_SIZE,
  PROP_STOP_ON_ERROR,
  PROP_ENABLED_ENTITIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MAPPINGS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GHashTable *
new_string_set (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* The string member of @self that a string property stores. */
static char **
string_slot (FerryConnection *self,
             guint            prop_id)
{
  switch (prop_id)
    {
    case PROP_NAME: return &self->name;
    case PROP_LOCATION: return &self->location;
    case PROP_SITE_URL: return &self->site_url;
    case PROP_SITE: return &self->site;
    case PROP_COMPANY: return &self->company;
    case PROP_USER: return &self->user;
    case PROP_SCHEDULE: return &self->schedule;
    case PROP_DEEP_SCHEDULE: return &self->deep_schedule;
    default: return NULL;
    }
}

static void
set_string (FerryConnection *self,
            guint            prop_id,
            const char      *value)
{
  char **slot = string_slot (self, prop_id);

  g_assert (slot != NULL);
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*slot, value) == 0)
    return;

  g_free (*slot);
  *slot = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
ferry_connection_apply_defaults (FerryConnection *self)
{
  guint n = ferry_catalog_get_n_entity_types (self->catalog);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEntityType) type = g_list_model_get_item (G_LIST_MODEL (self->catalog), i);
      GListModel *fields = ferry_entity_type_get_fields (type);
      const char *id = ferry_entity_type_get_id (type);

      if (ferry_entity_type_get_selected_by_default (type))
        g_hash_table_add (self->entities, g_strdup (id));

      for (guint j = 0; j < g_list_model_get_n_items (fields); j++)
        {
          g_autoptr(FerryField) field = g_list_model_get_item (fields, j);
          GHashTable *off;

          if (!ferry_field_get_optional (field) || ferry_field_get_enabled_by_default (field))
            continue;
          off = g_hash_table_lookup (self->disabled_fields, id);
          if (off == NULL)
            {
              off = new_string_set ();
              g_hash_table_insert (self->disabled_fields, g_strdup (id), off);
            }
          g_hash_table_add (off, g_strdup (ferry_field_get_name (field)));
        }
    }
}

static void
ferry_connection_constructed (GObject *object)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  G_OBJECT_CLASS (ferry_connection_parent_class)->constructed (object);

  if (self->catalog == NULL)
    self->catalog = g_object_ref (ferry_catalog_get_default ());
  if (self->id == NULL)
    self->id = g_uuid_string_random ();
  ferry_connection_apply_defaults (self);
}

static void
ferry_connection_finalize (GObject *object)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  g_clear_object (&self->catalog);
  g_free (self->id);
  g_free (self->name);
  g_free (self->location);
  g_free (self->site_url);
  g_free (self->site);
  g_free (self->company);
  g_free (self->user);
  g_free (self->schedule);
  g_free (self->deep_schedule);
  g_clear_pointer (&self->entities, g_hash_table_unref);
  g_clear_pointer (&self->disabled_fields, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_connection_parent_class)->finalize (object);
}

static void
ferry_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryConnection *self = FERRY_CONNECTION (object);
  char **slot = string_slot (self, prop_id);

  if (slot != NULL)
    {
      g_value_set_string (value, *slot);
      return;
    }

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_STOP_ON_ERROR:
      g_value_set_boolean (value, self->stop_on_error);
      break;
    case PROP_ENABLED_ENTITIES:
      g_value_take_boxed (value, ferry_connection_dup_enabled_entities (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  if (string_slot (self, prop_id) != NULL)
    {
      set_string (self, prop_id, g_value_get_string (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_KIND:
      ferry_connection_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_BATCH_SIZE:
      ferry_connection_set_batch_size (self, g_value_get_uint (value));
      break;
    case PROP_STOP_ON_ERROR:
      ferry_connection_set_stop_on_error (self, g_value_get_boolean (value));
      break;
    case PROP_ENABLED_ENTITIES:
      ferry_connection_set_enabled_entities (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_connection_class_init (FerryConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = ferry_connection_constructed;
  object_class->finalize = ferry_connection_finalize;
  object_class->get_property = ferry_connection_get_property;
  object_class->set_property = ferry_connection_set_property;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, FERRY_TYPE_CATALOG, construct);
  /* NULL at construction gives a new random id. */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, FERRY_TYPE_ACCOUNTING_KIND,
                       FERRY_ACCOUNTING_KIND_SQLITE, rw);
  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, "", rw);
  properties[PROP_SITE_URL] = g_param_spec_string ("site-url", NULL, NULL, "", rw);
  properties[PROP_SITE] = g_param_spec_string ("site", NULL, NULL, "", rw);
  properties[PROP_COMPANY] = g_param_spec_string ("company", NULL, NULL, "", rw);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, "", rw);
  properties[PROP_SCHEDULE] =
    g_param_spec_string ("schedule", NULL, NULL, FERRY_CONNECTION_SCHEDULE, rw);
  properties[PROP_DEEP_SCHEDULE] =
    g_param_spec_string ("deep-schedule", NULL, NULL, FERRY_CONNECTION_DEEP_SCHEDULE, rw);
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, FERRY_CONNECTION_BATCH_MIN,
                       FERRY_CONNECTION_BATCH_MAX, FERRY_CONNECTION_BATCH_SIZE, rw);
  properties[PROP_STOP_ON_ERROR] =
    g_param_spec_boolean ("stop-on-error", NULL, NULL, FALSE, rw);
  properties[PROP_ENABLED_ENTITIES] =
    g_param_spec_boxed ("enabled-entities", NULL, NULL, G_TYPE_STRV, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Any change of the enabled entity types or switched-off fields. */
  signals[SIGNAL_MAPPINGS_CHANGED] =
    g_signal_new ("mappings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ferry_connection_init (FerryConnection *self)
{
  self->name = g_strdup ("");
  self->location = g_strdup ("");
  self->site_url = g_strdup ("");
  self->site = g_strdup ("");
  self->company = g_strdup ("");
  self->user = g_strdup ("");
  self->schedule = g_strdup (FERRY_CONNECTION_SCHEDULE);
  self->deep_schedule = g_strdup (FERRY_CONNECTION_DEEP_SCHEDULE);
  self->kind = FERRY_ACCOUNTING_KIND_SQLITE;
  self->batch_size = FERRY_CONNECTION_BATCH_SIZE;
  self->entities = new_string_set ();
  self->disabled_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_hash_table_unref);
}

FerryConnection *
ferry_connection_new (FerryCatalog *catalog,
                      const char   *name)
{
  g_return_val_if_fail (catalog == NULL || FERRY_IS_CATALOG (catalog), NULL);

  return g_object_new (FERRY_TYPE_CONNECTION,
                       "catalog", catalog,
                       "name", name,
                       NULL);
}

FerryConnection *
ferry_connection_copy (FerryConnection *self)
{
  FerryConnection *copy;

  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);

  copy = g_object_new (FERRY_TYPE_CONNECTION,
                       "catalog", self->catalog,
                       "id", self->id,
                       NULL);
  ferry_connection_update_from (copy, self);
  return copy;
}

void
ferry_connection_update_from (FerryConnection *self,
                              FerryConnection *source)
{
  g_auto(GStrv) entities = NULL;
  g_auto(GStrv) mine = NULL;
  g_auto(GStrv) theirs = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (FERRY_IS_CONNECTION (source));
  g_return_if_fail (g_str_equal (self->id, source->id));

  if (self == source)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop_id = PROP_0 + 1; prop_id < N_PROPS; prop_id++)
    {
      char **slot = string_slot (source, prop_id);

      if (slot != NULL)
        set_string (self, prop_id, *slot);
    }
  ferry_connection_set_kind (self, source->kind);
  ferry_connection_set_batch_size (self, source->batch_size);
  ferry_connection_set_stop_on_error (self, source->stop_on_error);

  entities = ferry_connection_dup_enabled_entities (source);
  ferry_connection_set_enabled_entities (self, (const char * const *) entities);

  mine = ferry_connection_dup_field_entities (self);
  for (guint i = 0; mine[i] != NULL; i++)
    {
      if (!g_hash_table_contains (source->disabled_fields, mine[i]))
        ferry_connection_set_disabled_fields (self, mine[i], NULL);
    }
  theirs = ferry_connection_dup_field_entities (source);
  for (guint i = 0; theirs[i] != NULL; i++)
    {
      g_auto(GStrv) fields = ferry_connection_dup_disabled_fields (source, theirs[i]);

      ferry_connection_set_disabled_fields (self, theirs[i], (const char * const *) fields);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

FerryCatalog *
ferry_connection_get_catalog (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);

  return self->catalog;
}

const char *
ferry_connection_get_id (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);

  return self->id;
}

/* Getters and setters of the string settings, all alike. */
#define STRING_ACCESSORS(member, PROP)                                  \
  const char *                                                          \
  ferry_connection_get_##member (FerryConnection *self)                 \
  {                                                                     \
    g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);            \
    return self->member;                                                \
  }                                                                     \
  void                                                                  \
  ferry_connection_set_##member (FerryConnection *self,                 \
                                 const char      *value)                \
  {                                                                     \
    g_return_if_fail (FERRY_IS_CONNECTION (self));                      \
    set_string (self, PROP, value);                                     \
  }

STRING_ACCESSORS (name, PROP_NAME)
STRING_ACCESSORS (location, PROP_LOCATION)
STRING_ACCESSORS (site_url, PROP_SITE_URL)
STRING_ACCESSORS (site, PROP_SITE)
STRING_ACCESSORS (company, PROP_COMPANY)
STRING_ACCESSORS (user, PROP_USER)
STRING_ACCESSORS (schedule, PROP_SCHEDULE)
STRING_ACCESSORS (deep_schedule, PROP_DEEP_SCHEDULE)

#undef STRING_ACCESSORS

FerryAccountingKind
ferry_connection_get_kind (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FERRY_ACCOUNTING_KIND_SQLITE);

  return self->kind;
}

void
ferry_connection_set_kind (FerryConnection     *self,
                           FerryAccountingKind  kind)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (ferry_accounting_kind_to_string (kind) != NULL);

  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

guint
ferry_connection_get_batch_size (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FERRY_CONNECTION_BATCH_SIZE);

  return self->batch_size;
}

void
ferry_connection_set_batch_size (FerryConnection *self,
                                 guint            batch_size)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));

  if (self->batch_size == batch_size)
    return;
  self->batch_size = batch_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_SIZE]);
}

gboolean
ferry_connection_get_stop_on_error (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);

  return self->stop_on_error;
}

void
ferry_connection_set_stop_on_error (FerryConnection *self,
                                    gboolean         stop_on_error)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));

  stop_on_error = !!stop_on_error;
  if (self->stop_on_error == stop_on_error)
    return;
  self->stop_on_error = stop_on_error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOP_ON_ERROR]);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The members of @set: first those named by @model's items (entity types
 * or fields, in model order), then any others, sorted. */
static GStrv
ordered_members (GHashTable *set,
                 GListModel *model)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) rest = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree const char **others = NULL;
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;
  guint n_others;
  GHashTableIter iter;
  gpointer key;

  if (set != NULL)
    {
      g_hash_table_iter_init (&iter, set);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (rest, key);
    }

  for (guint i = 0; i < n && g_hash_table_size (rest) > 0; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      const char *name = FERRY_IS_ENTITY_TYPE (item)
                         ? ferry_entity_type_get_id (FERRY_ENTITY_TYPE (item))
                         : ferry_field_get_name (FERRY_FIELD (item));

      if (g_hash_table_remove (rest, name))
        g_strv_builder_add (builder, name);
    }

  others = (const char **) g_hash_table_get_keys_as_array (rest, &n_others);
  g_qsort_with_data (others, n_others, sizeof (char *), compare_strings, NULL);
  g_strv_builder_addv (builder, others);
  return g_strv_builder_end (builder);
}

static GListModel *
fields_of (FerryConnection *self,
           const char      *entity_id)
{
  FerryEntityType *type = ferry_catalog_lookup (self->catalog, entity_id);

  return type != NULL ? ferry_entity_type_get_fields (type) : NULL;
}

static void
mappings_changed (FerryConnection *self,
                  gboolean         entities_changed)
{
  if (entities_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED_ENTITIES]);
  g_signal_emit (self, signals[SIGNAL_MAPPINGS_CHANGED], 0);
}

gboolean
ferry_connection_get_entity_enabled (FerryConnection *self,
                                     const char      *entity_id)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (entity_id != NULL, FALSE);

  return g_hash_table_contains (self->entities, entity_id);
}

void
ferry_connection_set_entity_enabled (FerryConnection *self,
                                     const char      *entity_id,
                                     gboolean         enabled)
{
  gboolean changed;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (entity_id != NULL);

  if (enabled)
    changed = g_hash_table_add (self->entities, g_strdup (entity_id));
  else
    changed = g_hash_table_remove (self->entities, entity_id);
  if (changed)
    mappings_changed (self, TRUE);
}

GStrv
ferry_connection_dup_enabled_entities (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);

  return ordered_members (self->entities, G_LIST_MODEL (self->catalog));
}

/* Whether @set holds exactly the strings of @strv (NULL for none). */
static gboolean
set_equals_strv (GHashTable         *set,
                 const char * const *strv)
{
  guint n = 0;

  for (; strv != NULL && strv[n] != NULL; n++)
    {
      if (set == NULL || !g_hash_table_contains (set, strv[n]))
        return FALSE;
    }
  return n == (set != NULL ? g_hash_table_size (set) : 0);
}

void
ferry_connection_set_enabled_entities (FerryConnection    *self,
                                       const char * const *entity_ids)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));

  if (set_equals_strv (self->entities, entity_ids))
    return;

  g_hash_table_remove_all (self->entities);
  for (guint i = 0; entity_ids != NULL && entity_ids[i] != NULL; i++)
    g_hash_table_add (self->entities, g_strdup (entity_ids[i]));
  mappings_changed (self, TRUE);
}

gboolean
ferry_connection_get_field_enabled (FerryConnection *self,
                                    const char      *entity_id,
                                    const char      *field)
{
  GHashTable *off;

  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (entity_id != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  off = g_hash_table_lookup (self->disabled_fields, entity_id);
  return off == NULL || !g_hash_table_contains (off, field);
}

/* Switches @field of @entity_id off or on; TRUE if that changed anything. */
static gboolean
switch_field (FerryConnection *self,
              const char      *entity_id,
              const char      *field,
              gboolean         enabled)
{
  GHashTable *off = g_hash_table_lookup (self->disabled_fields, entity_id);

  if (enabled)
    {
      if (off == NULL || !g_hash_table_remove (off, field))
        return FALSE;
      if (g_hash_table_size (off) == 0)
        g_hash_table_remove (self->disabled_fields, entity_id);
      return TRUE;
    }

  if (off == NULL)
    {
      off = new_string_set ();
      g_hash_table_insert (self->disabled_fields, g_strdup (entity_id), off);
    }
  return g_hash_table_add (off, g_strdup (field));
}

void
ferry_connection_set_field_enabled (FerryConnection *self,
                                    const char      *entity_id,
                                    const char      *field,
                                    gboolean         enabled)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (entity_id != NULL);
  g_return_if_fail (field != NULL);

  if (switch_field (self, entity_id, field, enabled))
    mappings_changed (self, FALSE);
}

GStrv
ferry_connection_dup_field_entities (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);

  return ordered_members (self->disabled_fields, G_LIST_MODEL (self->catalog));
}

GStrv
ferry_connection_dup_disabled_fields (FerryConnection *self,
                                      const char      *entity_id)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (entity_id != NULL, NULL);

  return ordered_members (g_hash_table_lookup (self->disabled_fields, entity_id),
                          fields_of (self, entity_id));
}

void
ferry_connection_set_disabled_fields (FerryConnection    *self,
                                      const char         *entity_id,
                                      const char * const *fields)
{
  GHashTable *off;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (entity_id != NULL);

  if (set_equals_strv (g_hash_table_lookup (self->disabled_fields, entity_id), fields))
    return;

  g_hash_table_remove (self->disabled_fields, entity_id);
  if (fields != NULL && fields[0] != NULL)
    {
      off = new_string_set ();
      for (guint i = 0; fields[i] != NULL; i++)
        g_hash_table_add (off, g_strdup (fields[i]));
      g_hash_table_insert (self->disabled_fields, g_strdup (entity_id), off);
    }
  mappings_changed (self, FALSE);
}

void
ferry_connection_apply_preset (FerryConnection *self,
                               FerryPreset     *preset)
{
  const char * const *enable;
  const char * const *field_entities;
  gboolean entities_changed = FALSE;
  gboolean fields_changed = FALSE;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (FERRY_IS_PRESET (preset));

  enable = ferry_preset_get_enable (preset);
  for (guint i = 0; enable[i] != NULL; i++)
    entities_changed |= g_hash_table_add (self->entities, g_strdup (enable[i]));

  field_entities = ferry_preset_get_field_entities (preset);
  for (guint i = 0; field_entities[i] != NULL; i++)
    {
      const char * const *fields = ferry_preset_get_disabled_fields (preset, field_entities[i]);

      for (guint j = 0; fields[j] != NULL; j++)
        fields_changed |= switch_field (self, field_entities[i], fields[j], FALSE);
    }

  if (entities_changed || fields_changed)
    mappings_changed (self, entities_changed);
}
