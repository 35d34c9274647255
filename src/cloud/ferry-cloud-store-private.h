/* ferry-cloud-store-private.h: what the cloud's modules use of the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "ferry-cloud-problem.h"
#include "ferry-cloud-store.h"

G_BEGIN_DECLS

sqlite3      *ferry_cloud_store_get_handle  (FerryCloudStore  *self);

/* A prepared statement for @sql, cached by the store under @sql's address:
 * @sql must be a string literal (never built at run time). It comes back
 * reset with its bindings cleared. Never finalize it. */
sqlite3_stmt *ferry_cloud_store_prepare     (FerryCloudStore  *self,
                                             const char       *sql,
                                             GError          **error);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. rollback never fails. */
gboolean      ferry_cloud_store_begin       (FerryCloudStore  *self,
                                             GError          **error);
gboolean      ferry_cloud_store_commit      (FerryCloudStore  *self,
                                             GError          **error);
void          ferry_cloud_store_rollback    (FerryCloudStore  *self);

/* Sets @error from the last SQLite error: a locked database becomes
 * service-unavailable (retry later), everything else internal-error; the
 * SQLite message and @context go to the log, not to the client. */
void          ferry_cloud_store_set_error   (FerryCloudStore  *self,
                                             GError          **error,
                                             const char       *context);

/* The next number of a store-wide counter (e.g. "export-sequence"), inside
 * the caller's transaction. */
gboolean      ferry_cloud_store_next_value  (FerryCloudStore  *self,
                                             const char       *counter,
                                             gint64           *out_value,
                                             GError          **error);

G_END_DECLS
