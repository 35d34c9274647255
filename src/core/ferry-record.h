/* ferry-record.h: the canonical form of a record, as sent and as hashed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A record's canonical form is the JSON object of the fields it sends: every
 * field of its entity type except the optional ones switched off in the
 * mappings, members sorted by name (bytewise), no spaces, UTF-8. It is the
 * "fields" member of a batch record, byte for byte, and its SHA-256 in
 * lowercase hex is the record's hash. So the hash changes exactly when a
 * sent value changes, and switching a field off or on changes it too (an
 * absent member is not a null one).
 *
 * Each value takes the form of ferry-canonical.h.
 *
 * A value that cannot be turned into that form (a date "2026-02-30", cents
 * "12.5", text that is not UTF-8) gives the record a *problem*: a message
 * naming the entity type, key, field and value, and saying what to fix. Such
 * a record has a key (so it can be reported and retried) but no fields and
 * no hash; the cloud never sees it.
 *
 * Key values are the canonical values of the key fields as text ("1042" for
 * an integer), and the key text is ferry_record_key_to_text() of them.
 */
#pragma once

#include <glib-object.h>

#include "ferry-canonical.h"
#include "ferry-entity-type.h"

G_BEGIN_DECLS

typedef struct _FerryRecord FerryRecord;

#define FERRY_TYPE_RECORD (ferry_record_get_type ())
GType               ferry_record_get_type        (void) G_GNUC_CONST;

/* An empty record for ferry_record_builder_build() to fill, again and again:
 * its buffers are reused, so reading a table allocates nothing per row. */
FerryRecord        *ferry_record_new             (void);
FerryRecord        *ferry_record_copy            (const FerryRecord *record);
void                ferry_record_free            (FerryRecord       *record);

/* The key values in key order (NULL-terminated) and the key text
 * (["1001","10"]). Both borrowed until the record is built again. */
const char * const *ferry_record_get_key         (const FerryRecord *record);
const char         *ferry_record_get_key_text    (const FerryRecord *record);
/* The canonical form, compact JSON; NULL for a key-only record or one with
 * a problem. */
const char         *ferry_record_get_fields_json (const FerryRecord *record,
                                                  gsize             *out_length);
/* 64 lowercase hex digits; NULL when there are no fields. */
const char         *ferry_record_get_hash        (const FerryRecord *record);
/* Why the record cannot be sent (FERRY_ERROR_INVALID_ARGUMENT), or NULL. */
const GError       *ferry_record_get_problem     (const FerryRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryRecord, ferry_record_free)

#define FERRY_TYPE_RECORD_BUILDER (ferry_record_builder_get_type ())
/* Immutable once made, so one builder may serve several threads. */
G_DECLARE_FINAL_TYPE (FerryRecordBuilder, ferry_record_builder, FERRY, RECORD_BUILDER, GObject)

/* @switched_off (nullable, NULL-terminated) names optional fields of
 * @entity_type the mappings leave out; FERRY_ERROR_INVALID_ARGUMENT for a
 * name that is not a field, or a required field. */
FerryRecordBuilder *ferry_record_builder_new     (FerryEntityType    *entity_type,
                                                  const char * const *switched_off,
                                                  GError            **error);

FerryEntityType    *ferry_record_builder_get_entity_type (FerryRecordBuilder *self);
/* The fields a record carries, in catalog order (NULL-terminated): the
 * columns a source reads, and the order of the values of a row. */
const char * const *ferry_record_builder_get_columns     (FerryRecordBuilder *self);
guint               ferry_record_builder_get_n_columns   (FerryRecordBuilder *self);
/* The key fields, in key order: their types, and their positions among the
 * columns. Both borrowed; @out_n_keys is the length of each. */
const FerryFieldType *ferry_record_builder_get_key_types (FerryRecordBuilder *self,
                                                         guint              *out_n_keys);
const guint        *ferry_record_builder_get_key_columns (FerryRecordBuilder *self,
                                                          guint              *out_n_keys);

/* Fills @record from @row (one value per column). Returns FALSE when the
 * record has a problem; it still has its key then. */
gboolean            ferry_record_builder_build     (FerryRecordBuilder *self,
                                                    const FerryValue   *row,
                                                    FerryRecord        *record);
/* Fills only the key of @record from @key_values (one per key field). */
gboolean            ferry_record_builder_build_key (FerryRecordBuilder *self,
                                                    const FerryValue   *key_values,
                                                    FerryRecord        *record);
/* Gives @record, already built, the problem of a key that a source holds
 * twice: only the first of them can be sent. */
void                ferry_record_builder_mark_duplicate (FerryRecordBuilder *self,
                                                         FerryRecord        *record);

/* Fills only the key values and key text of @record from @values, whose
 * key fields have @types, exactly as a record built from them would have
 * them. Values that are no valid key (NULL, a broken date) appear as their
 * raw text and give no problem: this is for sources that sort rows by key
 * text themselves (an SQL function), including rows that have a problem. */
void                ferry_record_set_key           (FerryRecord          *record,
                                                    const FerryFieldType *types,
                                                    const FerryValue     *values,
                                                    guint                 n_values);

G_END_DECLS
