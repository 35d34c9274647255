/* ferry-mappings-load.h: what the Mappings dialog needs from the disk —
 * the accounting database's tables and the ledger's counts — read on a
 * worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ferry-accounting-db.h"
#include "ferry-connection.h"

G_BEGIN_DECLS

/* The tables of @db and their columns: table name → GStrv of column
 * names, as FerryMappingsEditor takes them. Blocking.
 * Returns: (transfer full) */
GHashTable *ferry_mappings_read_tables  (FerryAccountingDb  *db,
                                         GError            **error);
/* Entity type id → records the cloud holds (GUINT_TO_POINTER), from
 * ferry_ledger_count_by_entity (). Returns: (transfer full) */
GHashTable *ferry_mappings_count_synced (GPtrArray          *ledger_counts);

/* Reads both on a worker thread: the tables of the connection's
 * accounting database (read-only) and, when @ledger_path (nullable) is a
 * file, the counts of its ledger; a connection that never ran has no
 * ledger and no counts. */
void        ferry_mappings_load_async   (FerryConnection     *connection,
                                         const char          *ledger_path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* FALSE with @error when either could not be read; what could be read is
 * still returned: *@out_tables and *@out_synced_counts are NULL or
 * (transfer full). */
gboolean    ferry_mappings_load_finish  (GAsyncResult        *result,
                                         GHashTable         **out_tables,
                                         GHashTable         **out_synced_counts,
                                         GError             **error);

G_END_DECLS
