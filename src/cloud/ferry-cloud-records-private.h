/* ferry-cloud-records-private.h: checking the records of one push batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A FerryCloudPushCheck lives for one batch. It knows the entity type's
 * references and parents, remembers which referenced records exist (so
 * each is looked up at most once per batch) and which keys the batch has
 * already carried.
 */
#pragma once

#include "ferry-cloud-store-private.h"
#include "ferry-cloud-validate.h"

G_BEGIN_DECLS

typedef struct _FerryCloudPushCheck FerryCloudPushCheck;

/* A record that passed the checks; everything is borrowed from the parsed
 * body or from the check, valid until the check is freed. */
typedef struct
{
  const char *key_text;   /* ["1001","10"] */
  gboolean    is_delete;
  const char *hash;       /* NULL for a delete */
  JsonObject *fields;     /* NULL for a delete */
} FerryCloudPushRecord;

FerryCloudPushCheck *ferry_cloud_push_check_new    (FerryCloudStore      *store,
                                                    gint64                company_id,
                                                    FerryEntityType      *entity);
void                 ferry_cloud_push_check_free   (FerryCloudPushCheck  *self);

/* Checks one record of the batch (a JSON object). Returns FALSE only for
 * a store error; a refused record returns TRUE with @rejection->code set,
 * an accepted one with @rejection->code NULL and @out filled. */
gboolean             ferry_cloud_push_check_record (FerryCloudPushCheck  *self,
                                                    JsonObject           *record,
                                                    FerryCloudPushRecord *out,
                                                    FerryCloudRejection  *rejection,
                                                    GError              **error);

/* Tells the check that a record of its own entity type is now stored live
 * or deleted, for the records after it in the batch. */
void                 ferry_cloud_push_check_note   (FerryCloudPushCheck  *self,
                                                    const char           *key_text,
                                                    gboolean              live);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudPushCheck, ferry_cloud_push_check_free)

G_END_DECLS
