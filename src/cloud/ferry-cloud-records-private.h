/* ferry-cloud-records-private.h: reading and checking the records of a push batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body of a batch, read without building a JSON tree; and the rules
 * each of its records must pass. A FerryCloudPushCheck lives for one
 * batch, inside its transaction. It knows the entity type's references
 * and parents and which keys the batch has already carried; which
 * referenced records exist is remembered with the store's connection
 * from batch to batch (ferry-cloud-records-check.c says when it forgets).
 */
#pragma once

#include "ferry-cloud-store-private.h"
#include "ferry-cloud-validate.h"
#include "ferry-json-reader.h"

G_BEGIN_DECLS

/* One record object. When "key" is an array its elements are items
 * [first_item, first_item + n_items); when "fields" is an object its
 * members are members [first_member, first_member + n_members). */
typedef struct
{
  FerryJsonValue key;
  FerryJsonValue op;
  FerryJsonValue hash;
  FerryJsonValue fields;
  guint          first_item;
  guint          n_items;
  guint          first_member;
  guint          n_members;
} FerryCloudPushInput;

typedef struct
{
  char   *buffer;   /* owned: the decoded strings */
  GArray *records;  /* of FerryCloudPushInput, owned */
  GArray *items;    /* of FerryJsonValue, owned */
  GArray *members;  /* of FerryJsonMember, owned */
} FerryCloudPushBody;

/* Reads {"records": [objects]}; MALFORMED_JSON for anything else. The
 * body refers to @bytes, which must outlive it. Clear it in any case. */
gboolean ferry_cloud_push_body_read  (FerryCloudPushBody  *body,
                                      GBytes              *bytes,
                                      GError             **error);
void     ferry_cloud_push_body_clear (FerryCloudPushBody  *body);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FerryCloudPushBody, ferry_cloud_push_body_clear)

typedef struct _FerryCloudPushCheck FerryCloudPushCheck;

/* A record that passed the checks; everything is borrowed from the body
 * or from the check, valid until the next record is checked. */
typedef struct
{
  const char *key_text;     /* ["1001","10"]; set as soon as the key is valid */
  gboolean    is_delete;
  const char *hash;         /* NULL for a delete */
  const char *fields_json;  /* compact JSON; NULL for a delete */
  gsize       fields_len;
} FerryCloudPushRecord;

/* Inside the batch's transaction; NULL with @error on a store error. */
FerryCloudPushCheck *ferry_cloud_push_check_new    (FerryCloudStore           *store,
                                                    gint64                     company_id,
                                                    FerryEntityType           *entity,
                                                    GError                   **error);
void                 ferry_cloud_push_check_free   (FerryCloudPushCheck       *self);

/* Checks one record of @body. Returns FALSE only for a store error; a
 * refused record returns TRUE with @rejection->code set, an accepted one
 * with @rejection->code NULL and @out filled. */
gboolean             ferry_cloud_push_check_record (FerryCloudPushCheck       *self,
                                                    const FerryCloudPushBody  *body,
                                                    const FerryCloudPushInput *input,
                                                    FerryCloudPushRecord      *out,
                                                    FerryCloudRejection       *rejection,
                                                    GError                   **error);

/* Tells the check that a record of its own entity type is now stored live
 * or deleted, for the records after it and the batches after this one. */
void                 ferry_cloud_push_check_note   (FerryCloudPushCheck       *self,
                                                    const char                *key_text,
                                                    gboolean                   live);
/* Which records are stored, as one store connection remembers it from
 * batch to batch (ferry-cloud-records-known.c). */
typedef struct _FerryCloudKnown FerryCloudKnown;

typedef enum
{
  FERRY_CLOUD_KNOWN_LIVE = 1,
  FERRY_CLOUD_KNOWN_DELETED,
  FERRY_CLOUD_KNOWN_ABSENT,
} FerryCloudKnownState;

/* What @store's connection remembers for @company_id, emptied unless all
 * of it is still true. Call it inside the batch's transaction, so that
 * nobody else writes until it ends. NULL with @error on a store error.
 * (transfer none) */
FerryCloudKnown     *ferry_cloud_known_get         (FerryCloudStore           *store,
                                                    gint64                     company_id,
                                                    GError                   **error);
/* The states of @entity_id's records by key text (values are
 * FerryCloudKnownState); NULL when none are remembered, unless @create.
 * (transfer none) */
GHashTable          *ferry_cloud_known_lookup      (FerryCloudKnown           *known,
                                                    const char                *entity_id,
                                                    gboolean                   create);
/* Forgets what @store's connection remembers: call it when a batch's
 * transaction is rolled back. */
void                 ferry_cloud_known_forget      (FerryCloudStore           *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudPushCheck, ferry_cloud_push_check_free)

G_END_DECLS
