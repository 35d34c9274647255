/* ferry-sync-batch.h: one batch of a push, as sent and as remembered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A batch is built once, by the thread that reads the source, and never
 * changes afterwards: a retry sends the same body bytes with the same
 * idempotency key, which is what lets the cloud answer a resend with the
 * stored result (docs/cloud-api.md, "Idempotency"). The body is
 *
 *   {"records":[{"key":["1001","10"],"hash":"9b1d…","op":"upsert","fields":{…}},
 *               {"key":["1001","11"],"op":"delete"}]}
 *
 * written with the record's ready canonical form (ferry-record.h), so
 * nothing is parsed or re-encoded. Beside the records to send it carries
 * the records the reader decided not to send: held back because a parent
 * did not go through (waiting), or unreadable in the source (a problem),
 * so that the thread that writes the ledger records them in order.
 */
#pragma once

#include <glib.h>

#include "ferry-ledger.h"
#include "ferry-record.h"

G_BEGIN_DECLS

/* One record of the body. */
typedef struct
{
  const char    *key_text; /* owned by the batch */
  const char    *hash;     /* owned by the batch; NULL for a deletion */
  FerryLedgerOp  op;
  gsize          offset;   /* the member's bytes in the body */
  gsize          length;
} FerrySyncBatchRecord;

typedef enum
{
  FERRY_SYNC_HELD_WAITING, /* a parent was rejected or waits itself */
  FERRY_SYNC_HELD_PROBLEM, /* the source's values cannot be sent */
} FerrySyncHeldKind;

/* A record not sent; strings owned by the batch. */
typedef struct
{
  FerrySyncHeldKind  kind;
  const char        *key_text;
  const char        *code;    /* NULL for waiting (the ledger's parent-rejected) */
  const char        *message;
  const char        *hint;    /* nullable */
} FerrySyncHeld;

typedef struct _FerrySyncBatch FerrySyncBatch;

/* An empty batch of @entity_id (copied). */
FerrySyncBatch *ferry_sync_batch_new           (const char           *entity_id);
void            ferry_sync_batch_free          (FerrySyncBatch       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySyncBatch, ferry_sync_batch_free)

const char     *ferry_sync_batch_get_entity    (FerrySyncBatch       *self);

/* @record must have fields and a hash (no problem). */
void            ferry_sync_batch_add_upsert    (FerrySyncBatch       *self,
                                                const FerryRecord    *record);
void            ferry_sync_batch_add_delete    (FerrySyncBatch       *self,
                                                const char           *key_text);
void            ferry_sync_batch_add_held      (FerrySyncBatch       *self,
                                                FerrySyncHeldKind     kind,
                                                const char           *key_text,
                                                const char           *code,
                                                const char           *message,
                                                const char           *hint);

guint           ferry_sync_batch_get_n_records (FerrySyncBatch       *self);
const FerrySyncBatchRecord *ferry_sync_batch_get_record (FerrySyncBatch *self,
                                                         guint           index);
guint           ferry_sync_batch_get_n_held    (FerrySyncBatch       *self);
const FerrySyncHeld *ferry_sync_batch_get_held (FerrySyncBatch       *self,
                                                guint                 index);
/* Bytes of the body so far. */
gsize           ferry_sync_batch_get_size      (FerrySyncBatch       *self);

/* The body; the batch takes no more records afterwards. The same bytes
 * on every call. (transfer full) */
GBytes         *ferry_sync_batch_get_body      (FerrySyncBatch       *self);

/* A batch of @n_records records of @self from @first, with the same bytes
 * for each, for a cloud that found the batch too large. No held records.
 * (transfer full) */
FerrySyncBatch *ferry_sync_batch_slice         (FerrySyncBatch       *self,
                                                guint                 first,
                                                guint                 n_records);

/* "<connection id>.<run id>-<nonce>.<entity>.<number>", with every
 * character the API does not allow in an Idempotency-Key (A-Z a-z 0-9
 * . _ : -) replaced by '_', at most 128 characters. The nonce keeps keys
 * unique when a thrown-away ledger counts runs from 1 again.
 * @suffix: (nullable): appended after a '-', for the parts of a split batch.
 * (transfer full) */
char           *ferry_sync_batch_make_key      (const char           *connection_id,
                                                gint64                run_id,
                                                const char           *nonce,
                                                const char           *entity_id,
                                                guint                 number,
                                                const char           *suffix);

G_END_DECLS
