/* ferry-sync-parents.h: records that wait because a parent did not go through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cloud refuses a record whose parent it does not hold
 * (docs/cloud-api.md, "References"). When a parent was rejected, sending
 * its children would only collect more rejections that hide the one that
 * matters, so the engine holds them back as *waiting*, with a message that
 * names the parent, and sends them once the parent goes through.
 *
 * FerrySyncBlocked is the set of keys, per entity type, that children must
 * wait for: loaded from the ledger's rejected and waiting records when a
 * run begins, and kept up to date as the run's batches are answered.
 * FerrySyncParents knows, for one entity type, which parent records a
 * record needs, with the cloud's rules: a field with "references" gives
 * the last key field of the referenced type and fields of the same names
 * give the others; a parent no field refers to is needed when all its key
 * fields are fields of the record.
 *
 * Threads: the engine changes the set of an entity type only while that
 * type is pushed (its two senders under the run's send_lock), and reads
 * the sets of its parents, which are complete by then; so the sets need
 * no lock of their own, but must all exist before a run starts.
 */
#pragma once

#include "ferry-catalog.h"
#include "ferry-ledger.h"
#include "ferry-record.h"

G_BEGIN_DECLS

typedef struct _FerrySyncBlocked FerrySyncBlocked;

/* Empty sets for every push type of @catalog. */
FerrySyncBlocked *ferry_sync_blocked_new    (FerryCatalog      *catalog);
void              ferry_sync_blocked_free   (FerrySyncBlocked  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySyncBlocked, ferry_sync_blocked_free)

/* Adds the ledger's rejected and waiting records of every push type. */
gboolean          ferry_sync_blocked_load   (FerrySyncBlocked  *self,
                                             FerryLedger       *ledger,
                                             GError           **error);
/* @why completes "Waiting for Job (CV) 21-101, …": e.g. "which the cloud
 * rejected: …". NULL: ask the ledger when a child needs it. */
void              ferry_sync_blocked_add    (FerrySyncBlocked  *self,
                                             const char        *entity_id,
                                             const char        *key_text,
                                             const char        *why);
void              ferry_sync_blocked_remove (FerrySyncBlocked  *self,
                                             const char        *entity_id,
                                             const char        *key_text);
guint             ferry_sync_blocked_count  (FerrySyncBlocked  *self,
                                             const char        *entity_id);

typedef struct _FerrySyncParents FerrySyncParents;

FerrySyncParents *ferry_sync_parents_new    (FerryCatalog      *catalog,
                                             FerryEntityType   *entity_type);
void              ferry_sync_parents_free   (FerrySyncParents  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySyncParents, ferry_sync_parents_free)

/* Whether any parent type has blocked keys now: when not, no record of
 * this type waits, and checking them costs nothing. */
gboolean          ferry_sync_parents_may_wait (FerrySyncParents *self,
                                               FerrySyncBlocked *blocked);

/* The waiting message of @record if a parent it needs is blocked, e.g.
 * "Waiting for Job (CV) 21-101, which the cloud rejected: …"; NULL when it
 * can go. @ledger (nullable) gives the reasons the set does not hold.
 * (transfer full) */
char             *ferry_sync_parents_check  (FerrySyncParents  *self,
                                             FerrySyncBlocked  *blocked,
                                             const FerryRecord *record,
                                             FerryLedger       *ledger);

G_END_DECLS
