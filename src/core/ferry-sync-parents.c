/* ferry-sync-parents.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-parents"

#include "config.h"

#include <json-glib/json-glib.h>

#include "ferry-record-key.h"
#include "ferry-sync-parents.h"

struct _FerrySyncBlocked
{
  GHashTable *sets; /* owned: entity id (owned) → key text (owned) → why (owned, nullable) */
};

FerrySyncBlocked *
ferry_sync_blocked_new (FerryCatalog *catalog)
{
  FerrySyncBlocked *self;
  guint n;

  g_return_val_if_fail (FERRY_IS_CATALOG (catalog), NULL);

  self = g_new0 (FerrySyncBlocked, 1);
  self->sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_hash_table_unref);
  n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEntityType) entity = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (ferry_entity_type_is_push (entity))
        g_hash_table_insert (self->sets, g_strdup (ferry_entity_type_get_id (entity)),
                             g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free));
    }
  return self;
}

void
ferry_sync_blocked_free (FerrySyncBlocked *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->sets);
  g_free (self);
}

static GHashTable *
set_of (FerrySyncBlocked *self,
        const char       *entity_id)
{
  return g_hash_table_lookup (self->sets, entity_id);
}

gboolean
ferry_sync_blocked_load (FerrySyncBlocked  *self,
                         FerryLedger       *ledger,
                         GError           **error)
{
  GHashTableIter iter;
  gpointer entity_id, set;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (FERRY_IS_LEDGER (ledger), FALSE);

  g_hash_table_iter_init (&iter, self->sets);
  while (g_hash_table_iter_next (&iter, &entity_id, &set))
    {
      g_autoptr(FerryLedgerCursor) cursor = ferry_ledger_iterate (ledger, entity_id,
                                                                  FERRY_LEDGER_FILTER_PENDING);
      GError *local_error = NULL;

      while (ferry_ledger_cursor_next (cursor, &local_error))
        {
          FerryLedgerState state = ferry_ledger_cursor_get_state (cursor);

          if (state == FERRY_LEDGER_STATE_REJECTED || state == FERRY_LEDGER_STATE_WAITING)
            g_hash_table_insert (set, g_strdup (ferry_ledger_cursor_get_key_text (cursor)), NULL);
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  return TRUE;
}

void
ferry_sync_blocked_add (FerrySyncBlocked *self,
                        const char       *entity_id,
                        const char       *key_text,
                        const char       *why)
{
  GHashTable *set;

  g_return_if_fail (self != NULL);

  set = set_of (self, entity_id);
  g_return_if_fail (set != NULL);
  g_hash_table_insert (set, g_strdup (key_text), g_strdup (why));
}

void
ferry_sync_blocked_remove (FerrySyncBlocked *self,
                           const char       *entity_id,
                           const char       *key_text)
{
  GHashTable *set;

  g_return_if_fail (self != NULL);

  set = set_of (self, entity_id);
  if (set != NULL)
    g_hash_table_remove (set, key_text);
}

guint
ferry_sync_blocked_count (FerrySyncBlocked *self,
                          const char       *entity_id)
{
  GHashTable *set;

  g_return_val_if_fail (self != NULL, 0);

  set = set_of (self, entity_id);
  return set != NULL ? g_hash_table_size (set) : 0;
}

/* Parents */

/* One parent record a record may need. */
typedef struct
{
  FerryEntityType *target; /* borrowed */
  const char      *field;  /* borrowed, nullable: the referring field */
  GStrv            parts;  /* owned: the record's fields giving the target's key, in its order */
} Link;

struct _FerrySyncParents
{
  FerryEntityType *entity_type; /* borrowed: the catalog outlives this */
  GArray          *links;       /* owned, of Link */
};

static void
link_clear (gpointer data)
{
  Link *link = data;

  g_strfreev (link->parts);
}

static gboolean
refers_to (FerryEntityType *entity_type,
           const char      *target_id)
{
  GListModel *fields = ferry_entity_type_get_fields (entity_type);
  guint n = g_list_model_get_n_items (fields);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);

      if (g_strcmp0 (ferry_field_get_references (field), target_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_fields (FerryEntityType    *entity_type,
            const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (ferry_entity_type_lookup_field (entity_type, names[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
add_link (FerrySyncParents *self,
          FerryEntityType  *target,
          const char       *field)
{
  Link link = { target, field, g_strdupv ((char **) ferry_entity_type_get_key (target)) };
  guint n = g_strv_length (link.parts);

  /* The referring field gives the last key field; the others come from
   * the record's fields of the same names. */
  if (field != NULL)
    {
      g_free (link.parts[n - 1]);
      link.parts[n - 1] = g_strdup (field);
    }
  g_array_append_val (self->links, link);
}

FerrySyncParents *
ferry_sync_parents_new (FerryCatalog    *catalog,
                        FerryEntityType *entity_type)
{
  FerrySyncParents *self;
  GListModel *fields;
  const char * const *parents;
  guint n;

  g_return_val_if_fail (FERRY_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (entity_type), NULL);

  self = g_new0 (FerrySyncParents, 1);
  self->entity_type = entity_type;
  self->links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_array_set_clear_func (self->links, link_clear);

  fields = ferry_entity_type_get_fields (entity_type);
  n = g_list_model_get_n_items (fields);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);
      const char *target_id = ferry_field_get_references (field);
      FerryEntityType *target = target_id != NULL ? ferry_catalog_lookup (catalog, target_id) : NULL;

      if (target != NULL && target != entity_type)
        add_link (self, target, ferry_field_get_name (field));
    }

  /* A parent that a field refers to is checked through that field only:
   * its key fields may share names with the record's own. */
  parents = ferry_entity_type_get_parents (entity_type);
  for (guint i = 0; parents[i] != NULL; i++)
    {
      FerryEntityType *target = ferry_catalog_lookup (catalog, parents[i]);

      if (target != NULL && !refers_to (entity_type, parents[i])
          && has_fields (entity_type, ferry_entity_type_get_key (target)))
        add_link (self, target, NULL);
    }
  return self;
}

void
ferry_sync_parents_free (FerrySyncParents *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->links);
  g_free (self);
}

gboolean
ferry_sync_parents_may_wait (FerrySyncParents *self,
                             FerrySyncBlocked *blocked)
{
  g_return_val_if_fail (self != NULL && blocked != NULL, FALSE);

  for (guint i = 0; i < self->links->len; i++)
    {
      const Link *link = &g_array_index (self->links, Link, i);

      if (ferry_sync_blocked_count (blocked, ferry_entity_type_get_id (link->target)) > 0)
        return TRUE;
    }
  return FALSE;
}

/* A field's value as key text: strings as they are, integers in digits;
 * NULL when absent, null or empty. (transfer full) */
static char *
key_value (JsonObject *fields,
           const char *name)
{
  JsonNode *node = json_object_get_member (fields, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING && *json_node_get_string (node) != '\0')
    return g_strdup (json_node_get_string (node));
  return NULL;
}

/* The key values of @link's parent, or NULL when the record needs none
 * (the referring field is empty) or cannot name it (another part is
 * empty: the cloud says so itself). (transfer full) */
static GStrv
parent_key (const Link *link,
            JsonObject *fields)
{
  guint n = g_strv_length (link->parts);
  g_auto(GStrv) values = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      values[i] = key_value (fields, link->parts[i]);
      if (values[i] == NULL)
        return NULL;
    }
  return g_steal_pointer (&values);
}

/* "which the cloud rejected: …" from the ledger, for keys loaded from it. */
static char *
why_from_ledger (FerryLedger     *ledger,
                 FerryEntityType *target,
                 const char      *key_text)
{
  g_autoptr(FerryLedgerRecord) record = NULL;

  if (ledger != NULL && ferry_ledger_lookup (ledger, ferry_entity_type_get_id (target), key_text,
                                             &record, NULL)
      && record != NULL && record->error_message != NULL)
    {
      if (record->state == FERRY_LEDGER_STATE_WAITING)
        return g_strdup_printf ("which is waiting itself: %s", record->error_message);
      return g_strdup_printf ("which the cloud rejected: %s", record->error_message);
    }
  return g_strdup ("which did not go through in an earlier sync");
}

static char *
waiting_message (const Link  *link,
                 GStrv        values,
                 const char  *why,
                 const char  *key_text,
                 FerryLedger *ledger)
{
  g_autofree char *display = ferry_record_key_display ((const char * const *) values);
  g_autofree char *from_ledger = why == NULL ? why_from_ledger (ledger, link->target, key_text)
                                             : NULL;

  return g_strdup_printf ("Waiting for %s %s, %s", ferry_entity_type_get_label (link->target),
                          display, why != NULL ? why : from_ledger);
}

char *
ferry_sync_parents_check (FerrySyncParents  *self,
                          FerrySyncBlocked  *blocked,
                          const FerryRecord *record,
                          FerryLedger       *ledger)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *json;
  gsize length = 0;
  JsonNode *root;

  g_return_val_if_fail (self != NULL && blocked != NULL && record != NULL, NULL);

  json = ferry_record_get_fields_json (record, &length);
  if (json == NULL || !ferry_sync_parents_may_wait (self, blocked))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, json, (gssize) length, NULL))
    g_return_val_if_reached (NULL);
  root = json_parser_get_root (parser);

  for (guint i = 0; i < self->links->len; i++)
    {
      const Link *link = &g_array_index (self->links, Link, i);
      GHashTable *set = blocked->sets != NULL
                        ? g_hash_table_lookup (blocked->sets, ferry_entity_type_get_id (link->target))
                        : NULL;
      g_auto(GStrv) values = NULL;
      g_autofree char *key_text = NULL;
      gpointer why;

      if (set == NULL || g_hash_table_size (set) == 0)
        continue;
      values = parent_key (link, json_node_get_object (root));
      if (values == NULL)
        continue;
      key_text = ferry_record_key_to_text ((const char * const *) values);
      if (g_hash_table_lookup_extended (set, key_text, NULL, &why))
        return waiting_message (link, values, why, key_text, ledger);
    }
  return NULL;
}
