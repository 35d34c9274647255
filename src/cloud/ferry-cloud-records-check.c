/* ferry-cloud-records-check.c: the per-record rules of a push batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rejection codes of docs/cloud-api.md, "Push batches", and its
 * reference and parent rules ("References").
 */
#define G_LOG_DOMAIN "ferry-cloud-records"

#include "config.h"

#include <string.h>

#include "ferry-record-key.h"
#include "ferry-cloud-records-private.h"

/* What a batch knows about a referenced record. */
typedef enum
{
  STATE_LIVE = 1,
  STATE_DELETED,
  STATE_ABSENT,
} State;

/* One record a record of the batch may need: through a field with
 * "references" (@field set), or through a parent whose key fields all are
 * fields of the entity type (@field NULL). */
typedef struct
{
  FerryEntityType *target;   /* borrowed */
  const char      *field;    /* borrowed, nullable: the referring field */
  const char     **parts;    /* owned array of borrowed names: the fields that
                              * give the target's key, in its key order */
  guint            n_parts;
  GHashTable      *known;    /* borrowed from the check's caches */
} Link;

struct _FerryCloudPushCheck
{
  FerryCloudStore    *store;     /* borrowed */
  gint64              company_id;
  FerryEntityType    *entity;    /* borrowed */
  const char * const *key;       /* borrowed: key field names */
  guint               n_key;
  const char        **values;    /* owned array of borrowed strings: scratch */
  GArray             *links;     /* of Link, owned */
  GHashTable         *caches;    /* entity id → (key text → State), owned */
  GHashTable         *own;       /* borrowed from caches, nullable */
  GHashTable         *seen;      /* key texts carried by the batch so far, owned */
  JsonObject         *empty;     /* owned: stands for absent fields */
};

static void
link_clear (gpointer data)
{
  Link *link = data;

  g_free (link->parts);
}

static GHashTable *
cache_for (FerryCloudPushCheck *self,
           FerryEntityType     *target)
{
  const char *id = ferry_entity_type_get_id (target);
  GHashTable *known = g_hash_table_lookup (self->caches, id);

  if (known == NULL)
    {
      known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->caches, (gpointer) id, known);
    }
  return known;
}

static void
add_link (FerryCloudPushCheck *self,
          FerryEntityType     *target,
          const char          *field)
{
  const char * const *key = ferry_entity_type_get_key (target);
  Link link = { target, field, NULL, g_strv_length ((char **) key), cache_for (self, target) };

  link.parts = g_new0 (const char *, link.n_parts + 1);
  memcpy (link.parts, key, link.n_parts * sizeof (char *));
  /* The referring field gives the last key field; the others come from
   * the record's fields of the same names. */
  if (field != NULL)
    link.parts[link.n_parts - 1] = field;
  g_array_append_val (self->links, link);
}

static gboolean
has_reference_to (GListModel *fields,
                  const char *target_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);

      if (g_strcmp0 (ferry_field_get_references (field), target_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_fields (FerryEntityType    *entity,
            const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (ferry_entity_type_lookup_field (entity, names[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
plan_links (FerryCloudPushCheck *self,
            FerryCatalog        *catalog)
{
  GListModel *fields = ferry_entity_type_get_fields (self->entity);
  const char * const *parents = ferry_entity_type_get_parents (self->entity);

  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(FerryField) field = g_list_model_get_item (fields, i);
      const char *target_id = ferry_field_get_references (field);
      FerryEntityType *target = target_id ? ferry_catalog_lookup (catalog, target_id) : NULL;

      if (target != NULL)
        add_link (self, target, ferry_field_get_name (field));
    }

  /* A parent that a field refers to is checked through that field: its
   * key fields may share names with the record's own (a change order
   * item's "item" is not the contract item it refers to). */
  for (guint i = 0; parents[i] != NULL; i++)
    {
      FerryEntityType *target = ferry_catalog_lookup (catalog, parents[i]);

      if (target != NULL && !has_reference_to (fields, parents[i])
          && has_fields (self->entity, ferry_entity_type_get_key (target)))
        add_link (self, target, NULL);
    }

  self->own = g_hash_table_lookup (self->caches, ferry_entity_type_get_id (self->entity));
}

FerryCloudPushCheck *
ferry_cloud_push_check_new (FerryCloudStore *store,
                            gint64           company_id,
                            FerryEntityType *entity)
{
  FerryCloudPushCheck *self = g_new0 (FerryCloudPushCheck, 1);

  self->store = store;
  self->company_id = company_id;
  self->entity = entity;
  self->key = ferry_entity_type_get_key (entity);
  self->n_key = g_strv_length ((char **) self->key);
  self->values = g_new0 (const char *, self->n_key + 1);
  self->links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_array_set_clear_func (self->links, link_clear);
  self->caches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) g_hash_table_unref);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->empty = json_object_new ();
  plan_links (self, ferry_cloud_store_get_catalog (store));

  return self;
}

void
ferry_cloud_push_check_free (FerryCloudPushCheck *self)
{
  if (self == NULL)
    return;
  g_free (self->values);
  g_array_unref (self->links);
  g_hash_table_unref (self->caches);
  g_hash_table_unref (self->seen);
  json_object_unref (self->empty);
  g_free (self);
}

/* Takes ownership of @message. */
static void
refuse (FerryCloudRejection *rejection,
        const char          *code,
        const char          *field,
        char                *message)
{
  ferry_cloud_rejection_clear (rejection);
  rejection->code = code;
  rejection->field = g_strdup (field);
  rejection->message = message;
}

static const char *
field_label (FerryEntityType *entity,
             const char      *name)
{
  FerryField *field = ferry_entity_type_lookup_field (entity, name);

  return field != NULL ? ferry_field_get_label (field) : name;
}

/* Fills self->values from "key"; FALSE (and a rejection) unless it is an
 * array of non-empty strings, one per key field. */
static gboolean
check_key (FerryCloudPushCheck *self,
           JsonObject          *record,
           FerryCloudRejection *rejection)
{
  JsonNode *node = json_object_get_member (record, "key");
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autofree char *names = NULL;

  if (array == NULL || json_array_get_length (array) != self->n_key)
    goto invalid;
  for (guint i = 0; i < self->n_key; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        goto invalid;
      self->values[i] = json_node_get_string (element);
      if (*self->values[i] == '\0')
        goto invalid;
    }
  self->values[self->n_key] = NULL;
  return TRUE;

invalid:
  names = g_strjoinv (", ", (char **) self->key);
  refuse (rejection, "invalid-key", NULL,
          g_strdup_printf ("“key” must be a JSON array of %u non-empty string%s: %s.",
                           self->n_key, self->n_key == 1 ? "" : "s", names));
  return FALSE;
}

static gboolean
check_op (JsonObject          *record,
          gboolean            *out_is_delete,
          FerryCloudRejection *rejection)
{
  JsonNode *node = json_object_get_member (record, "op");
  const char *op = node && JSON_NODE_HOLDS_VALUE (node)
                   && json_node_get_value_type (node) == G_TYPE_STRING
                   ? json_node_get_string (node) : NULL;

  *out_is_delete = g_strcmp0 (op, "delete") == 0;
  if (node == NULL || *out_is_delete || g_strcmp0 (op, "upsert") == 0)
    return TRUE;
  refuse (rejection, "invalid-op", NULL,
          g_strdup_printf ("“op” is %s%s%s; use \"upsert\" or \"delete\" (or leave it out "
                           "for an upsert).", op ? "“" : "", op ? op : "not a string",
                           op ? "”" : ""));
  return FALSE;
}

/* The key text of a value of @fields: NULL when absent, null or empty. */
static char *
member_key_text (JsonObject *fields,
                 const char *name)
{
  char *text = ferry_cloud_value_to_key_text (json_object_get_member (fields, name));

  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* Every key field in @fields equals the key. */
static gboolean
check_key_fields (FerryCloudPushCheck *self,
                  JsonObject          *fields,
                  FerryCloudRejection *rejection)
{
  for (guint i = 0; i < self->n_key; i++)
    {
      g_autofree char *text = member_key_text (fields, self->key[i]);

      if (g_strcmp0 (text, self->values[i]) != 0)
        {
          refuse (rejection, "key-mismatch", self->key[i],
                  g_strdup_printf ("%s (%s) is %s%s%s in “fields” but “%s” in the key. "
                                   "Send the same value in both.",
                                   field_label (self->entity, self->key[i]), self->key[i],
                                   text ? "“" : "", text ? text : "empty", text ? "”" : "",
                                   self->values[i]));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
lookup_state (FerryCloudPushCheck  *self,
              Link                 *link,
              const char           *key_text,
              State                *out_state,
              GError              **error)
{
  gpointer state;
  sqlite3_stmt *stmt;
  int rc;

  if (g_hash_table_lookup_extended (link->known, key_text, NULL, &state))
    {
      *out_state = GPOINTER_TO_INT (state);
      return TRUE;
    }

  stmt = ferry_cloud_store_prepare (self->store,
      "SELECT deleted FROM record WHERE company_id = ?1 AND entity = ?2 AND key = ?3", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->company_id);
  sqlite3_bind_text (stmt, 2, ferry_entity_type_get_id (link->target), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, key_text, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_state = sqlite3_column_int (stmt, 0) ? STATE_DELETED : STATE_LIVE;
  else if (rc == SQLITE_DONE)
    *out_state = STATE_ABSENT;
  else
    ferry_cloud_store_set_error (self->store, error, "look up a referenced record");
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return FALSE;

  g_hash_table_insert (link->known, g_strdup (key_text), GINT_TO_POINTER (*out_state));
  return TRUE;
}

static void
refuse_missing (FerryCloudPushCheck *self,
                Link                *link,
                const char * const  *values,
                State                state,
                FerryCloudRejection *rejection)
{
  const char *label = ferry_entity_type_get_label (link->target);
  g_autofree char *display = ferry_record_key_display (values);

  refuse (rejection, "missing-parent", link->field,
          state == STATE_DELETED
          ? g_strdup_printf ("%s %s was deleted. If it still exists in the accounting system, "
                             "sync %s first.", label, display, label)
          : g_strdup_printf ("%s %s has not been synced yet. Sync %s first.",
                             label, display, label));
}

/* FALSE with @error set on a store error; a missing record refuses. */
static gboolean
check_link (FerryCloudPushCheck  *self,
            Link                 *link,
            JsonObject           *fields,
            FerryCloudRejection  *rejection,
            GError              **error)
{
  g_auto(GStrv) values = g_new0 (char *, link->n_parts + 1);
  g_autofree char *key_text = NULL;
  guint last = link->n_parts - 1;
  State state;

  if (link->field != NULL && (values[last] = member_key_text (fields, link->field)) == NULL)
    return TRUE;
  for (guint i = 0; i < link->n_parts; i++)
    {
      if (values[i] == NULL)
        values[i] = member_key_text (fields, link->parts[i]);
      if (values[i] != NULL)
        continue;
      if (link->field == NULL)
        return TRUE;  /* the record does not name this parent */
      refuse (rejection, "missing-parent", link->field,
              g_strdup_printf ("%s (%s) is “%s”, but %s (%s) is empty, and %s needs both. "
                               "Fill in %s.", field_label (self->entity, link->field),
                               link->field, values[last], field_label (self->entity, link->parts[i]),
                               link->parts[i], ferry_entity_type_get_label (link->target),
                               link->parts[i]));
      return TRUE;
    }

  key_text = ferry_record_key_to_text ((const char * const *) values);
  if (!lookup_state (self, link, key_text, &state, error))
    return FALSE;
  if (state != STATE_LIVE)
    refuse_missing (self, link, (const char * const *) values, state, rejection);
  return TRUE;
}

/* The upsert's hash and fields, checked against the catalog. */
static gboolean
check_content (FerryCloudPushCheck  *self,
               JsonObject           *record,
               FerryCloudPushRecord *out,
               FerryCloudRejection  *rejection)
{
  JsonNode *hash = json_object_get_member (record, "hash");
  JsonNode *fields = json_object_get_member (record, "fields");

  if (hash == NULL || !JSON_NODE_HOLDS_VALUE (hash)
      || json_node_get_value_type (hash) != G_TYPE_STRING
      || !ferry_record_hash_is_valid (json_node_get_string (hash)))
    {
      refuse (rejection, "invalid-hash", NULL,
              g_strdup ("An upsert needs “hash”: the SHA-256 of the record as 64 "
                        "lowercase hex digits."));
      return FALSE;
    }
  out->hash = json_node_get_string (hash);

  if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
    out->fields = json_node_get_object (fields);
  else if (fields == NULL || JSON_NODE_HOLDS_NULL (fields))
    out->fields = self->empty;
  else
    {
      refuse (rejection, "invalid-value", NULL,
              g_strdup ("“fields” must be a JSON object of the record’s fields by name."));
      return FALSE;
    }

  return ferry_cloud_validate_fields (ferry_entity_type_get_fields (self->entity), out->fields,
                                      NULL, rejection)
         && check_key_fields (self, out->fields, rejection);
}

gboolean
ferry_cloud_push_check_record (FerryCloudPushCheck   *self,
                               JsonObject            *record,
                               FerryCloudPushRecord  *out,
                               FerryCloudRejection   *rejection,
                               GError               **error)
{
  g_autofree char *key_text = NULL;
  char *seen;

  memset (out, 0, sizeof *out);
  if (!check_key (self, record, rejection))
    return TRUE;

  key_text = ferry_record_key_to_text (self->values);
  if ((seen = g_hash_table_lookup (self->seen, key_text)) != NULL)
    {
      g_autofree char *display = ferry_record_key_display (self->values);

      out->key_text = seen;
      refuse (rejection, "duplicate-key", NULL,
              g_strdup_printf ("%s %s is already earlier in this batch. Send each record "
                               "once per batch.",
                               ferry_entity_type_get_label (self->entity), display));
      return TRUE;
    }
  out->key_text = key_text;
  g_hash_table_add (self->seen, g_steal_pointer (&key_text));

  if (!check_op (record, &out->is_delete, rejection) || out->is_delete)
    return TRUE;
  if (!check_content (self, record, out, rejection))
    return TRUE;

  for (guint i = 0; i < self->links->len; i++)
    {
      if (!check_link (self, &g_array_index (self->links, Link, i), out->fields, rejection, error))
        return FALSE;
      if (rejection->code != NULL)
        return TRUE;
    }
  return TRUE;
}

void
ferry_cloud_push_check_note (FerryCloudPushCheck *self,
                             const char          *key_text,
                             gboolean             live)
{
  if (self->own != NULL)
    g_hash_table_insert (self->own, g_strdup (key_text),
                         GINT_TO_POINTER (live ? STATE_LIVE : STATE_DELETED));
}
