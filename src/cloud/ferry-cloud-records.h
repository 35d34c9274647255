/* ferry-cloud-records.h: pushed records: batches, read back, reconciliation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `record` and `batch` tables of the store (docs/cloud-api.md, "Push
 * batches" and "Read back"). The caller has checked the user, the company,
 * that @entity is a push type, the Idempotency-Key's syntax, the content
 * type and the body size. Errors are in the FERRY_CLOUD_PROBLEM domain.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ferry-cloud-store.h"

G_BEGIN_DECLS

/* Applies one push batch in ONE transaction, including its batch row.
 * @body is the raw request body. The idempotency key is checked first: the
 * same key with the same fingerprint (SHA-256 of the entity id, "\n" and
 * the body bytes) returns the stored response with *@out_replayed TRUE; the
 * same key with another fingerprint is IDEMPOTENCY_KEY_REUSED.
 * Errors: MALFORMED_JSON (not {"records": [objects]}), BATCH_TOO_LARGE
 * (more than @max_records), store errors. A record's problems are
 * "rejected" results, not errors. Returns the response body (JSON). */
GBytes   *ferry_cloud_records_push            (FerryCloudStore  *store,
                                               gint64            company_id,
                                               gint64            user_id,
                                               FerryEntityType  *entity,
                                               const char       *idempotency_key,
                                               GBytes           *body,
                                               guint             max_records,
                                               gboolean         *out_replayed,
                                               GError          **error);

/* One page of records in key-text order: {"records": [...], "next": cursor
 * or null}. @cursor is the "next" of the previous page, or NULL for the
 * first. @limit is 1 to 5,000; INVALID_REQUEST otherwise, and for a cursor
 * this server did not give out. */
JsonNode *ferry_cloud_records_list            (FerryCloudStore  *store,
                                               gint64            company_id,
                                               FerryEntityType  *entity,
                                               const char       *cursor,
                                               guint             limit,
                                               gboolean          with_fields,
                                               gboolean          include_deleted,
                                               GError          **error);

/* {"entity", "count", "deleted", "digest"} */
JsonNode *ferry_cloud_records_summary         (FerryCloudStore  *store,
                                               gint64            company_id,
                                               FerryEntityType  *entity,
                                               GError          **error);

/* {"entities": [one summary per entity type with stored records, in
 * dependency order]} */
JsonNode *ferry_cloud_records_company_summary (FerryCloudStore  *store,
                                               gint64            company_id,
                                               GError          **error);

G_END_DECLS
