/* ferry-sync-batch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-batch"

#include "config.h"

#include <string.h>

#include "ferry-sync-batch.h"

#define BODY_OPENING "{\"records\":["
#define BODY_CLOSING "]}"
#define KEY_MAX      128

struct _FerrySyncBatch
{
  char         *entity;   /* owned */
  GString      *body;     /* owned */
  GStringChunk *strings;  /* owned: key texts, hashes, messages */
  GArray       *records;  /* owned, of FerrySyncBatchRecord */
  GArray       *held;     /* owned, of FerrySyncHeld */
  GBytes       *finished; /* owned, nullable: the body once asked for */
};

FerrySyncBatch *
ferry_sync_batch_new (const char *entity_id)
{
  FerrySyncBatch *self;

  g_return_val_if_fail (entity_id != NULL, NULL);

  self = g_new0 (FerrySyncBatch, 1);
  self->entity = g_strdup (entity_id);
  self->body = g_string_sized_new (16 * 1024);
  g_string_append (self->body, BODY_OPENING);
  self->strings = g_string_chunk_new (8 * 1024);
  self->records = g_array_new (FALSE, FALSE, sizeof (FerrySyncBatchRecord));
  self->held = g_array_new (FALSE, FALSE, sizeof (FerrySyncHeld));
  return self;
}

void
ferry_sync_batch_free (FerrySyncBatch *self)
{
  if (self == NULL)
    return;
  g_free (self->entity);
  g_string_free (self->body, TRUE);
  g_string_chunk_free (self->strings);
  g_array_unref (self->records);
  g_array_unref (self->held);
  g_clear_pointer (&self->finished, g_bytes_unref);
  g_free (self);
}

const char *
ferry_sync_batch_get_entity (FerrySyncBatch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->entity;
}

/* Starts a member; returns its record, to be completed by the caller. */
static FerrySyncBatchRecord *
begin_member (FerrySyncBatch *self,
              const char     *key_text,
              FerryLedgerOp   op)
{
  FerrySyncBatchRecord record = { 0, };

  if (self->records->len > 0)
    g_string_append_c (self->body, ',');
  record.key_text = g_string_chunk_insert (self->strings, key_text);
  record.op = op;
  record.offset = self->body->len;
  g_array_append_val (self->records, record);

  /* Key text is a compact JSON array of strings: the "key" as it is. */
  g_string_append (self->body, "{\"key\":");
  g_string_append (self->body, key_text);
  return &g_array_index (self->records, FerrySyncBatchRecord, self->records->len - 1);
}

void
ferry_sync_batch_add_upsert (FerrySyncBatch    *self,
                             const FerryRecord *record)
{
  FerrySyncBatchRecord *member;
  const char *fields, *hash;
  gsize fields_length = 0;

  g_return_if_fail (self != NULL && self->finished == NULL);
  g_return_if_fail (record != NULL);

  fields = ferry_record_get_fields_json (record, &fields_length);
  hash = ferry_record_get_hash (record);
  g_return_if_fail (fields != NULL && hash != NULL);

  member = begin_member (self, ferry_record_get_key_text (record), FERRY_LEDGER_OP_UPSERT);
  member->hash = g_string_chunk_insert (self->strings, hash);
  g_string_append (self->body, ",\"hash\":\"");
  g_string_append (self->body, hash);
  g_string_append (self->body, "\",\"op\":\"upsert\",\"fields\":");
  g_string_append_len (self->body, fields, (gssize) fields_length);
  g_string_append_c (self->body, '}');
  member->length = self->body->len - member->offset;
}

void
ferry_sync_batch_add_delete (FerrySyncBatch *self,
                             const char     *key_text)
{
  FerrySyncBatchRecord *member;

  g_return_if_fail (self != NULL && self->finished == NULL);
  g_return_if_fail (key_text != NULL);

  member = begin_member (self, key_text, FERRY_LEDGER_OP_DELETE);
  g_string_append (self->body, ",\"op\":\"delete\"}");
  member->length = self->body->len - member->offset;
}

static const char *
chunk_insert (GStringChunk *chunk,
              const char   *text)
{
  return text != NULL ? g_string_chunk_insert (chunk, text) : NULL;
}

void
ferry_sync_batch_add_held (FerrySyncBatch    *self,
                           FerrySyncHeldKind  kind,
                           const char        *key_text,
                           const char        *code,
                           const char        *message,
                           const char        *hint)
{
  FerrySyncHeld held;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key_text != NULL && message != NULL);

  held.kind = kind;
  held.key_text = chunk_insert (self->strings, key_text);
  held.code = chunk_insert (self->strings, code);
  held.message = chunk_insert (self->strings, message);
  held.hint = chunk_insert (self->strings, hint);
  g_array_append_val (self->held, held);
}

guint
ferry_sync_batch_get_n_records (FerrySyncBatch *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->records->len;
}

const FerrySyncBatchRecord *
ferry_sync_batch_get_record (FerrySyncBatch *self,
                             guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->records->len, NULL);

  return &g_array_index (self->records, FerrySyncBatchRecord, index);
}

guint
ferry_sync_batch_get_n_held (FerrySyncBatch *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->held->len;
}

const FerrySyncHeld *
ferry_sync_batch_get_held (FerrySyncBatch *self,
                           guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->held->len, NULL);

  return &g_array_index (self->held, FerrySyncHeld, index);
}

gsize
ferry_sync_batch_get_size (FerrySyncBatch *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->body->len;
}

GBytes *
ferry_sync_batch_get_body (FerrySyncBatch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->finished == NULL)
    {
      g_string_append (self->body, BODY_CLOSING);
      self->finished = g_bytes_new_static (self->body->str, self->body->len);
    }
  return g_bytes_ref (self->finished);
}

FerrySyncBatch *
ferry_sync_batch_slice (FerrySyncBatch *self,
                        guint           first,
                        guint           n_records)
{
  FerrySyncBatch *slice;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (first + n_records <= self->records->len, NULL);

  slice = ferry_sync_batch_new (self->entity);
  for (guint i = first; i < first + n_records; i++)
    {
      const FerrySyncBatchRecord *from = ferry_sync_batch_get_record (self, i);
      FerrySyncBatchRecord *member;
      gsize offset;

      if (slice->records->len > 0)
        g_string_append_c (slice->body, ',');
      offset = slice->body->len;
      g_string_append_len (slice->body, self->body->str + from->offset, (gssize) from->length);
      g_array_append_val (slice->records, *from);
      member = &g_array_index (slice->records, FerrySyncBatchRecord, slice->records->len - 1);
      member->key_text = g_string_chunk_insert (slice->strings, from->key_text);
      member->hash = chunk_insert (slice->strings, from->hash);
      member->offset = offset;
    }
  return slice;
}

char *
ferry_sync_batch_make_key (const char *connection_id,
                           gint64      run_id,
                           const char *nonce,
                           const char *entity_id,
                           guint       number,
                           const char *suffix)
{
  GString *key;

  g_return_val_if_fail (connection_id != NULL && nonce != NULL && entity_id != NULL, NULL);

  key = g_string_new (NULL);
  g_string_printf (key, "%s.%" G_GINT64_FORMAT "-%s.%s.%u", connection_id, run_id, nonce,
                   entity_id, number);
  if (suffix != NULL)
    g_string_append_printf (key, "-%s", suffix);
  for (gsize i = 0; i < key->len; i++)
    {
      char c = key->str[i];

      if (!g_ascii_isalnum (c) && strchr ("._:-", c) == NULL)
        key->str[i] = '_';
    }
  if (key->len > KEY_MAX)
    g_string_erase (key, 0, (gssize) (key->len - KEY_MAX));
  return g_string_free (key, FALSE);
}
