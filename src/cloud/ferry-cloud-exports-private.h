/* ferry-cloud-exports-private.h: what the two halves of the export feed share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-cloud-exports.c enqueues (the cloud's side); ferry-cloud-exports-feed.c
 * serves the feed, records acknowledgements (the accounting system's side)
 * and lists items for the operator.
 */
#pragma once

#include "ferry-cloud-exports.h"
#include "ferry-cloud-store-private.h"

G_BEGIN_DECLS

/* One row of export_item. */
typedef struct
{
  gint64  id;               /* 0: no such item */
  char   *entity;           /* owned */
  gint64  version;
  gint64  sequence;
  char   *fields;           /* owned: compact JSON */
  char   *status;           /* owned */
  gint64  applied_version;  /* 0: never applied */
  char   *accounting_id;    /* owned, nullable */
  gint64  attempts;
  char   *last_error;       /* owned, nullable */
} FerryCloudExportItem;

void        ferry_cloud_export_item_clear     (FerryCloudExportItem  *item);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FerryCloudExportItem, ferry_cloud_export_item_clear)

/* Fills @item with the item @export_id of the company; leaves item->id 0
 * when there is none. FALSE only on a database error. */
gboolean    ferry_cloud_export_item_lookup    (FerryCloudStore       *store,
                                               gint64                 company_id,
                                               const char            *export_id,
                                               FerryCloudExportItem  *item,
                                               GError               **error);

/* Steps a write statement once and resets it; @context names the work in
 * the log. */
gboolean    ferry_cloud_exports_step          (FerryCloudStore       *store,
                                               sqlite3_stmt          *stmt,
                                               const char            *context,
                                               GError               **error);

/* Binds @text (not copied), or NULL as SQL NULL. */
void        ferry_cloud_exports_bind_text     (sqlite3_stmt          *stmt,
                                               int                    index,
                                               const char            *text);

/* The member @name of @object when it is a JSON string, else NULL. */
const char *ferry_cloud_exports_string_member (JsonObject            *object,
                                               const char            *name);

G_END_DECLS
