/* ferry-cloud-records-private.h: reading and checking the records of a push batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body of a batch, read without building a JSON tree; and the rules
 * each of its records must pass. A FerryCloudPushCheck lives for one
 * batch. It knows the entity type's references and parents, remembers
 * which referenced records exist (so each is looked up at most once per
 * batch) and which keys the batch has already carried.
 */
#pragma once

#include "ferry-cloud-store-private.h"
#include "ferry-cloud-validate.h"

G_BEGIN_DECLS

/* A batch's body as ferry-cloud-records-reader.c reads it. */
typedef enum
{
  FERRY_CLOUD_JSON_ABSENT,
  FERRY_CLOUD_JSON_NULL,
  FERRY_CLOUD_JSON_FALSE,
  FERRY_CLOUD_JSON_TRUE,
  FERRY_CLOUD_JSON_INTEGER,
  FERRY_CLOUD_JSON_NUMBER,   /* with a fraction or exponent, or too long */
  FERRY_CLOUD_JSON_STRING,
  FERRY_CLOUD_JSON_ARRAY,
  FERRY_CLOUD_JSON_OBJECT,
} FerryCloudJsonKind;

typedef struct
{
  FerryCloudJsonKind  kind;
  guint               raw_len;
  const char         *raw;      /* the value's text in the body */
  const char         *string;   /* STRING: decoded, in the body's buffer */
  gint64              integer;  /* INTEGER */
} FerryCloudJsonValue;

typedef struct
{
  const char          *name;    /* decoded, in the body's buffer */
  FerryCloudJsonValue  value;
} FerryCloudJsonMember;

/* One record object. When "key" is an array its elements are items
 * [first_item, first_item + n_items); when "fields" is an object its
 * members are members [first_member, first_member + n_members). */
typedef struct
{
  FerryCloudJsonValue key;
  FerryCloudJsonValue op;
  FerryCloudJsonValue hash;
  FerryCloudJsonValue fields;
  guint               first_item;
  guint               n_items;
  guint               first_member;
  guint               n_members;
} FerryCloudPushInput;

typedef struct
{
  char   *buffer;   /* owned: the decoded strings */
  GArray *records;  /* of FerryCloudPushInput, owned */
  GArray *items;    /* of FerryCloudJsonValue, owned */
  GArray *members;  /* of FerryCloudJsonMember, owned */
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

FerryCloudPushCheck *ferry_cloud_push_check_new    (FerryCloudStore           *store,
                                                    gint64                     company_id,
                                                    FerryEntityType           *entity);
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
 * or deleted, for the records after it in the batch. */
void                 ferry_cloud_push_check_note   (FerryCloudPushCheck       *self,
                                                    const char                *key_text,
                                                    gboolean                   live);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudPushCheck, ferry_cloud_push_check_free)

G_END_DECLS
