/* ferry-sync-error-item.h: one per-record error of a run, as the Sync page
 * lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read-only properties: entity-label ("Customer"), key (the record's key
 * text), message, hint (nullable: how to fix it), field (nullable), code.
 */
#pragma once

#include <glib-object.h>

#include "ferry-ledger.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SYNC_ERROR_ITEM (ferry_sync_error_item_get_type ())
G_DECLARE_FINAL_TYPE (FerrySyncErrorItem, ferry_sync_error_item, FERRY, SYNC_ERROR_ITEM, GObject)

/* @entity_label: (nullable): the catalog's label; the entity id when NULL. */
FerrySyncErrorItem *ferry_sync_error_item_new              (const FerryLedgerRunError *run_error,
                                                            const char                *entity_label);

const char         *ferry_sync_error_item_get_entity       (FerrySyncErrorItem        *self);
const char         *ferry_sync_error_item_get_entity_label (FerrySyncErrorItem        *self);
const char         *ferry_sync_error_item_get_key          (FerrySyncErrorItem        *self);
const char         *ferry_sync_error_item_get_message      (FerrySyncErrorItem        *self);
const char         *ferry_sync_error_item_get_hint         (FerrySyncErrorItem        *self);
const char         *ferry_sync_error_item_get_field        (FerrySyncErrorItem        *self);
const char         *ferry_sync_error_item_get_code         (FerrySyncErrorItem        *self);

G_END_DECLS
