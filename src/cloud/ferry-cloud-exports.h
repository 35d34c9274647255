/* ferry-cloud-exports.h: the export feed (cloud → accounting system)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Work approved in the cloud waits as export items until the accounting
 * system acknowledges it as applied (docs/cloud-api.md, "Exports"). Each
 * item has an export id unique in its company, a version that goes up when
 * its fields change, and a store-wide sequence number that is renewed with
 * every version, so an edited item comes back at the end of the feed.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ferry-cloud-store.h"

G_BEGIN_DECLS

/* Enqueues @items: one item object or an array of them, each
 * {"export_id": optional, "entity": an export type id, "fields": {…}}, with
 * the line items of types that have them in fields.items. An item without
 * export_id gets "<entity suffix>-<n>" (e.g. "pcco-17"). A new export id is
 * version 1; changed fields make version + 1 with a new sequence and status
 * pending; the same fields leave the item unchanged. All or nothing: any
 * invalid item fails the call (UNKNOWN_ENTITY, INVALID_REQUEST or
 * MALFORMED_JSON) and nothing is stored.
 * Returns {"items": [{"export_id", "entity", "version", "sequence",
 * "result": "created" | "updated" | "unchanged"}]} in request order. */
JsonNode *ferry_cloud_exports_enqueue     (FerryCloudStore  *store,
                                           gint64            company_id,
                                           JsonNode         *items,
                                           GError          **error);

/* The feed: items whose current version is not acknowledged as applied,
 * with sequence > @after, in sequence order, at most @limit (1 to 1,000),
 * of @entity only unless it is NULL.
 * Returns {"items": [...], "next_after": last sequence or null}. */
JsonNode *ferry_cloud_exports_feed        (FerryCloudStore  *store,
                                           gint64            company_id,
                                           gint64            after,
                                           guint             limit,
                                           FerryEntityType  *entity,
                                           GError          **error);

/* Records @body, {"acknowledgements": [{"export_id", "version", "status":
 * "applied" | "failed", "message", "accounting_id"}]}, in one transaction.
 * Returns {"results": [{"export_id", "version", "result": "recorded" |
 * "stale" | "unknown"}]} in request order. Idempotent: the same
 * acknowledgement again is answered "recorded" and changes nothing. */
JsonNode *ferry_cloud_exports_acknowledge (FerryCloudStore  *store,
                                           gint64            company_id,
                                           gint64            user_id,
                                           JsonNode         *body,
                                           GError          **error);

/* For the operator: every item of the company in sequence order, or those
 * with @status ("pending", "failed" or "applied"; NULL for all), without
 * their fields. Returns {"items": [...]}. */
JsonNode *ferry_cloud_exports_list        (FerryCloudStore  *store,
                                           gint64            company_id,
                                           const char       *status,
                                           GError          **error);

G_END_DECLS
