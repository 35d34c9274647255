/* ferry-cloud-records-check.c: the per-record rules of a push batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rejection codes of docs/cloud-api.md, "Push batches", and its
 * reference and parent rules ("References"). Everything that depends only
 * on the entity type (its fields by name, its links to other records) is
 * worked out once per batch, so a record costs lookups, not allocations.
 * Which referenced records are stored is remembered from batch to batch
 * (ferry-cloud-records-known.c).
 */
#define G_LOG_DOMAIN "ferry-cloud-records"

#include "config.h"

#include <string.h>

#include "ferry-record-key.h"
#include "ferry-cloud-records-private.h"

/* Longest key of a linked entity type; the catalog's longest is 6. */
#define MAX_PARTS 8
#define NO_FIELD G_MAXUINT

/* One record a record of the batch may need: through a field with
 * "references" (@field set), or through a parent whose key fields all are
 * fields of the entity type (@field NULL). */
typedef struct
{
  FerryEntityType *target;           /* borrowed */
  const char      *field;            /* borrowed, nullable: the referring field */
  guint            parts[MAX_PARTS]; /* the fields giving the target's key, in its
                                      * key order, as indexes; NO_FIELD if none */
  guint            n_parts;
  GHashTable      *known;            /* borrowed from the FerryCloudKnown */
} Link;

struct _FerryCloudPushCheck
{
  FerryCloudStore    *store;        /* borrowed */
  gint64              company_id;
  FerryEntityType    *entity;       /* borrowed */
  const char * const *key;          /* borrowed: key field names */
  guint               n_key;
  guint              *key_fields;   /* owned: the index of each key field */
  const char        **values;       /* owned array of borrowed strings: the key */
  GPtrArray          *fields;       /* of FerryField, owned: the catalog's */
  GHashTable         *by_name;      /* field name → index + 1, owned */
  char              **members;      /* owned: "\"name\":" of each field, by index */
  guint              *guesses;      /* owned: by position in "fields", the index the
                                     * previous record's member there had */
  const FerryJsonValue **current; /* owned array of borrowed values, by index */
  GString            *fields_json;  /* owned */
  GString            *link_key;     /* owned: the key text of a link, reused */
  GArray             *links;        /* of Link, owned */
  FerryCloudKnown    *known;        /* borrowed from the store */
  GHashTable         *own;          /* borrowed from known, nullable */
  GHashTable         *seen;         /* key texts carried by the batch so far, owned */
};

static guint
field_index (FerryCloudPushCheck *self,
             const char          *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->by_name, name)) - 1;
}

/* field_index () of the member at @position of "fields": records of a
 * batch carry their fields in the same order, so the previous record's
 * answer is checked first. */
static guint
member_index (FerryCloudPushCheck *self,
              guint                position,
              const char          *name)
{
  guint index;

  if (position < self->fields->len)
    {
      index = self->guesses[position];
      if (index != NO_FIELD
          && strcmp (ferry_field_get_name (g_ptr_array_index (self->fields, index)), name) == 0)
        return index;
    }
  index = field_index (self, name);
  if (position < self->fields->len)
    self->guesses[position] = index;
  return index;
}

static const char *
field_label (FerryCloudPushCheck *self,
             guint                index,
             const char          *fallback)
{
  return index != NO_FIELD ? ferry_field_get_label (g_ptr_array_index (self->fields, index))
                           : fallback;
}

static void
add_link (FerryCloudPushCheck *self,
          FerryEntityType     *target,
          const char          *field)
{
  const char * const *key = ferry_entity_type_get_key (target);
  Link link = { target, field, { 0, }, g_strv_length ((char **) key),
                ferry_cloud_known_lookup (self->known, ferry_entity_type_get_id (target), TRUE) };

  if (link.n_parts > MAX_PARTS)
    {
      g_warning ("%s has a key of %u fields; records referring to it are not checked",
                 ferry_entity_type_get_id (target), link.n_parts);
      return;
    }
  for (guint i = 0; i < link.n_parts; i++)
    link.parts[i] = field_index (self, key[i]);
  /* The referring field gives the last key field; the others come from
   * the record's fields of the same names. */
  if (field != NULL)
    link.parts[link.n_parts - 1] = field_index (self, field);
  g_array_append_val (self->links, link);
}

static gboolean
has_reference_to (FerryCloudPushCheck *self,
                  const char          *target_id)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      if (g_strcmp0 (ferry_field_get_references (g_ptr_array_index (self->fields, i)),
                     target_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_fields (FerryCloudPushCheck *self,
            const char * const  *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (field_index (self, names[i]) == NO_FIELD)
        return FALSE;
    }
  return TRUE;
}

static void
plan_links (FerryCloudPushCheck *self,
            FerryCatalog        *catalog)
{
  const char * const *parents = ferry_entity_type_get_parents (self->entity);

  for (guint i = 0; i < self->fields->len; i++)
    {
      FerryField *field = g_ptr_array_index (self->fields, i);
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

      if (target != NULL && !has_reference_to (self, parents[i])
          && has_fields (self, ferry_entity_type_get_key (target)))
        add_link (self, target, NULL);
    }

  self->own = ferry_cloud_known_lookup (self->known, ferry_entity_type_get_id (self->entity), FALSE);
}

static void
index_fields (FerryCloudPushCheck *self)
{
  GListModel *fields = ferry_entity_type_get_fields (self->entity);
  guint n = g_list_model_get_n_items (fields);

  self->fields = g_ptr_array_new_full (n, g_object_unref);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->members = g_new0 (char *, n + 1);
  self->guesses = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      FerryField *field = g_list_model_get_item (fields, i);

      g_ptr_array_add (self->fields, field);
      g_hash_table_insert (self->by_name, (gpointer) ferry_field_get_name (field),
                           GUINT_TO_POINTER (i + 1));
      self->members[i] = g_strdup_printf ("\"%s\":", ferry_field_get_name (field));
      self->guesses[i] = NO_FIELD;
    }
  self->current = g_new0 (const FerryJsonValue *, n);

  self->key_fields = g_new (guint, self->n_key);
  for (guint i = 0; i < self->n_key; i++)
    self->key_fields[i] = field_index (self, self->key[i]);
}

FerryCloudPushCheck *
ferry_cloud_push_check_new (FerryCloudStore  *store,
                            gint64            company_id,
                            FerryEntityType  *entity,
                            GError          **error)
{
  FerryCloudKnown *known = ferry_cloud_known_get (store, company_id, error);
  FerryCloudPushCheck *self;

  if (known == NULL)
    return NULL;
  self = g_new0 (FerryCloudPushCheck, 1);
  self->known = known;
  self->store = store;
  self->company_id = company_id;
  self->entity = entity;
  self->key = ferry_entity_type_get_key (entity);
  self->n_key = g_strv_length ((char **) self->key);
  self->values = g_new0 (const char *, self->n_key + 1);
  index_fields (self);
  self->fields_json = g_string_sized_new (1024);
  self->link_key = g_string_sized_new (64);
  self->links = g_array_new (FALSE, FALSE, sizeof (Link));
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  plan_links (self, ferry_cloud_store_get_catalog (store));

  return self;
}

void
ferry_cloud_push_check_free (FerryCloudPushCheck *self)
{
  if (self == NULL)
    return;
  g_free (self->key_fields);
  g_free (self->values);
  g_ptr_array_unref (self->fields);
  g_hash_table_unref (self->by_name);
  g_strfreev (self->members);
  g_free (self->guesses);
  g_free (self->current);
  g_string_free (self->fields_json, TRUE);
  g_string_free (self->link_key, TRUE);
  g_array_unref (self->links);
  g_hash_table_unref (self->seen);
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

/* @value as ferry_cloud_validate_kind () sees it. */
static FerryCloudValueKind
value_kind (const FerryJsonValue *value)
{
  switch (value != NULL ? value->kind : FERRY_JSON_ABSENT)
    {
    case FERRY_JSON_ABSENT:
    case FERRY_JSON_NULL:
      return FERRY_CLOUD_VALUE_ABSENT;
    case FERRY_JSON_FALSE:
    case FERRY_JSON_TRUE:
      return FERRY_CLOUD_VALUE_BOOLEAN;
    case FERRY_JSON_INTEGER:
      return FERRY_CLOUD_VALUE_INTEGER;
    case FERRY_JSON_STRING:
      return FERRY_CLOUD_VALUE_STRING;
    case FERRY_JSON_NUMBER:
    case FERRY_JSON_ARRAY:
    case FERRY_JSON_OBJECT:
    default:
      return FERRY_CLOUD_VALUE_OTHER;
    }
}

/* The text of a value as it appears in a key, NULL when it has none or is
 * empty: ferry_cloud_value_to_key_text () without its copies. */
static const char *
key_text_of (const FerryJsonValue *value,
             char                  digits[24])
{
  if (value == NULL || value->kind == FERRY_JSON_ABSENT)
    return NULL;
  if (value->kind == FERRY_JSON_STRING)
    return *value->string != '\0' ? value->string : NULL;
  if (value->kind == FERRY_JSON_INTEGER)
    {
      g_snprintf (digits, 24, "%" G_GINT64_FORMAT, value->integer);
      return digits;
    }
  return NULL;
}

/* Fills self->values from "key"; FALSE (and a rejection) unless it is an
 * array of non-empty strings, one per key field. */
static gboolean
check_key (FerryCloudPushCheck       *self,
           const FerryCloudPushBody  *body,
           const FerryCloudPushInput *input,
           FerryCloudRejection       *rejection)
{
  g_autofree char *names = NULL;

  if (input->key.kind == FERRY_JSON_ARRAY && input->n_items == self->n_key)
    {
      guint i;

      for (i = 0; i < self->n_key; i++)
        {
          const FerryJsonValue *item = &g_array_index (body->items, FerryJsonValue,
                                                       input->first_item + i);

          if (item->kind != FERRY_JSON_STRING || *item->string == '\0')
            break;
          self->values[i] = item->string;
        }
      if (i == self->n_key)
        return TRUE;
    }

  names = g_strjoinv (", ", (char **) self->key);
  refuse (rejection, "invalid-key", NULL,
          g_strdup_printf ("“key” must be a JSON array of %u non-empty string%s: %s.",
                           self->n_key, self->n_key == 1 ? "" : "s", names));
  return FALSE;
}

static gboolean
check_op (const FerryJsonValue *op,
          gboolean             *out_is_delete,
          FerryCloudRejection  *rejection)
{
  const char *name = op->kind == FERRY_JSON_STRING ? op->string : NULL;

  *out_is_delete = g_strcmp0 (name, "delete") == 0;
  if (op->kind == FERRY_JSON_ABSENT || *out_is_delete || g_strcmp0 (name, "upsert") == 0)
    return TRUE;
  refuse (rejection, "invalid-op", NULL,
          g_strdup_printf ("“op” is %s%s%s; use \"upsert\" or \"delete\" (or leave it out "
                           "for an upsert).", name ? "“" : "", name ? name : "not a string",
                           name ? "”" : ""));
  return FALSE;
}

/* Sorts the members of "fields" by catalog field into self->current, then
 * checks them as ferry_cloud_validate_fields () does: every catalog field,
 * then members the catalog does not know. */
static gboolean
check_fields (FerryCloudPushCheck       *self,
              const FerryCloudPushBody  *body,
              const FerryCloudPushInput *input,
              FerryCloudRejection       *rejection)
{
  const char *unknown = NULL;

  memset (self->current, 0, self->fields->len * sizeof (FerryJsonValue *));
  if (input->fields.kind != FERRY_JSON_OBJECT && input->fields.kind != FERRY_JSON_NULL
      && input->fields.kind != FERRY_JSON_ABSENT)
    {
      refuse (rejection, "invalid-value", NULL,
              g_strdup ("“fields” must be a JSON object of the record’s fields by name."));
      return FALSE;
    }
  for (guint i = 0; input->fields.kind == FERRY_JSON_OBJECT && i < input->n_members; i++)
    {
      const FerryJsonMember *member = &g_array_index (body->members, FerryJsonMember,
                                                      input->first_member + i);
      guint index = member_index (self, i, member->name);

      if (index != NO_FIELD)
        self->current[index] = &member->value;
      else if (unknown == NULL)
        unknown = member->name;
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      const FerryJsonValue *value = self->current[i];
      FerryCloudValueKind kind = value_kind (value);

      if (!ferry_cloud_validate_kind (g_ptr_array_index (self->fields, i), kind,
                                      kind == FERRY_CLOUD_VALUE_STRING ? value->string : NULL,
                                      rejection))
        return FALSE;
    }
  if (unknown != NULL)
    {
      refuse (rejection, "unknown-field", unknown,
              g_strdup_printf ("“%s” is not a field of %s.", unknown,
                               ferry_entity_type_get_label (self->entity)));
      return FALSE;
    }
  return TRUE;
}

/* Every key field in "fields" equals the key. */
static gboolean
check_key_fields (FerryCloudPushCheck *self,
                  FerryCloudRejection *rejection)
{
  for (guint i = 0; i < self->n_key; i++)
    {
      char digits[24];
      guint index = self->key_fields[i];
      const char *text = key_text_of (index != NO_FIELD ? self->current[index] : NULL, digits);

      if (g_strcmp0 (text, self->values[i]) != 0)
        {
          refuse (rejection, "key-mismatch", self->key[i],
                  g_strdup_printf ("%s (%s) is %s%s%s in “fields” but “%s” in the key. "
                                   "Send the same value in both.",
                                   field_label (self, index, self->key[i]), self->key[i],
                                   text ? "“" : "", text ? text : "empty", text ? "”" : "",
                                   self->values[i]));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
lookup_state (FerryCloudPushCheck   *self,
              Link                  *link,
              const char            *key_text,
              FerryCloudKnownState  *out_state,
              GError               **error)
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
    *out_state = sqlite3_column_int (stmt, 0) ? FERRY_CLOUD_KNOWN_DELETED : FERRY_CLOUD_KNOWN_LIVE;
  else if (rc == SQLITE_DONE)
    *out_state = FERRY_CLOUD_KNOWN_ABSENT;
  else
    ferry_cloud_store_set_error (self->store, error, "look up a referenced record");
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return FALSE;

  g_hash_table_insert (link->known, g_strdup (key_text), GINT_TO_POINTER (*out_state));
  return TRUE;
}

static void
refuse_missing (Link                 *link,
                const char * const   *values,
                FerryCloudKnownState  state,
                FerryCloudRejection  *rejection)
{
  const char *label = ferry_entity_type_get_label (link->target);
  g_autofree char *display = ferry_record_key_display (values);

  refuse (rejection, "missing-parent", link->field,
          state == FERRY_CLOUD_KNOWN_DELETED
          ? g_strdup_printf ("%s %s was deleted. If it still exists in the accounting system, "
                             "sync %s first.", label, display, label)
          : g_strdup_printf ("%s %s has not been synced yet. Sync %s first.",
                             label, display, label));
}

/* FALSE with @error set on a store error; a missing record refuses. */
static gboolean
check_link (FerryCloudPushCheck  *self,
            Link                 *link,
            FerryCloudRejection  *rejection,
            GError              **error)
{
  const char *values[MAX_PARTS + 1] = { NULL, };
  char digits[MAX_PARTS][24];
  guint last = link->n_parts - 1;
  FerryCloudKnownState state;

  for (guint k = 0; k < link->n_parts; k++)
    {
      /* The referring field first: without a value it needs nothing. */
      guint i = link->field != NULL ? (k + last) % link->n_parts : k;
      guint index = link->parts[i];

      values[i] = key_text_of (index != NO_FIELD ? self->current[index] : NULL, digits[i]);
      if (values[i] != NULL)
        continue;
      if (link->field == NULL || i == last)
        return TRUE;
      refuse (rejection, "missing-parent", link->field,
              g_strdup_printf ("%s (%s) is “%s”, but %s is empty, and %s needs both. Fill it in.",
                               field_label (self, link->parts[last], link->field), link->field,
                               values[last], field_label (self, index, "its other key field"),
                               ferry_entity_type_get_label (link->target)));
      return TRUE;
    }

  g_string_truncate (self->link_key, 0);
  ferry_record_key_append_text (self->link_key, values);
  if (!lookup_state (self, link, self->link_key->str, &state, error))
    return FALSE;
  if (state != FERRY_CLOUD_KNOWN_LIVE)
    refuse_missing (link, values, state, rejection);
  return TRUE;
}

/* The fields as they are stored: compact JSON in catalog order, each
 * value exactly as the client wrote it (the reader has checked it). */
static void
write_fields (FerryCloudPushCheck  *self,
              FerryCloudPushRecord *out)
{
  GString *json = self->fields_json;

  g_string_truncate (json, 0);
  g_string_append_c (json, '{');
  for (guint i = 0; i < self->fields->len; i++)
    {
      const FerryJsonValue *value = self->current[i];

      if (value == NULL)
        continue;
      if (json->len > 1)
        g_string_append_c (json, ',');
      g_string_append (json, self->members[i]);
      g_string_append_len (json, value->raw, value->raw_len);
    }
  g_string_append_c (json, '}');
  out->fields_json = json->str;
  out->fields_len = json->len;
}

/* An upsert's hash and fields. */
static gboolean
check_upsert (FerryCloudPushCheck       *self,
              const FerryCloudPushBody  *body,
              const FerryCloudPushInput *input,
              FerryCloudPushRecord      *out,
              FerryCloudRejection       *rejection,
              GError                   **error)
{
  if (input->hash.kind != FERRY_JSON_STRING || !ferry_record_hash_is_valid (input->hash.string))
    {
      refuse (rejection, "invalid-hash", NULL,
              g_strdup ("An upsert needs “hash”: the SHA-256 of the record as 64 lowercase "
                        "hex digits."));
      return TRUE;
    }
  out->hash = input->hash.string;

  if (!check_fields (self, body, input, rejection) || !check_key_fields (self, rejection))
    return TRUE;
  for (guint i = 0; i < self->links->len; i++)
    {
      if (!check_link (self, &g_array_index (self->links, Link, i), rejection, error))
        return FALSE;
      if (rejection->code != NULL)
        return TRUE;
    }
  write_fields (self, out);
  return TRUE;
}

gboolean
ferry_cloud_push_check_record (FerryCloudPushCheck        *self,
                               const FerryCloudPushBody   *body,
                               const FerryCloudPushInput  *input,
                               FerryCloudPushRecord       *out,
                               FerryCloudRejection        *rejection,
                               GError                    **error)
{
  g_autofree char *key_text = NULL;
  char *seen;

  memset (out, 0, sizeof *out);
  if (!check_key (self, body, input, rejection))
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

  if (!check_op (&input->op, &out->is_delete, rejection) || out->is_delete)
    return TRUE;
  return check_upsert (self, body, input, out, rejection, error);
}

void
ferry_cloud_push_check_note (FerryCloudPushCheck *self,
                             const char          *key_text,
                             gboolean             live)
{
  if (self->own != NULL)
    g_hash_table_insert (self->own, g_strdup (key_text),
                         GINT_TO_POINTER (live ? FERRY_CLOUD_KNOWN_LIVE : FERRY_CLOUD_KNOWN_DELETED));
}
