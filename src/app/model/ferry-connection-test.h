/* ferry-connection-test.h: "Test connection" of the Local Connections page
 * and the last result of a connection, read on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ferry-connection.h"
#include "ferry-ledger.h"

G_BEGIN_DECLS

/* One entity type the connection syncs, as the database has it. */
typedef struct
{
  char   *entity_id; /* owned */
  char   *label;     /* owned: the catalog's label */
  gint64  count;     /* rows of its table; -1 when the table is missing */
  GStrv   missing;   /* owned, nullable: missing columns (or the table) */
} FerryConnectionTestEntry;

typedef struct
{
  GPtrArray *entries;   /* owned: FerryConnectionTestEntry, in catalog order */
  guint      n_missing; /* entity types whose table or columns are missing */
} FerryConnectionTestResult;

void ferry_connection_test_result_free (FerryConnectionTestResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryConnectionTestResult, ferry_connection_test_result_free)

/* Blocking: opens the connection's database read-only, checks the tables
 * and the non-optional columns of every push entity type the connection
 * has on, and counts their rows. FALSE when the database cannot be
 * opened. */
FerryConnectionTestResult *ferry_connection_test_run (FerryConnection  *connection,
                                                      GError          **error);
/* On a worker thread with a copy of @connection. */
void                       ferry_connection_test_async  (FerryConnection      *connection,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
FerryConnectionTestResult *ferry_connection_test_finish (GAsyncResult         *result,
                                                         GError              **error);

/* For people: "Schema OK. 12 entity types, 4,210 records." or "2 entity
 * types cannot be read: …", then one line per entity type, e.g.
 * "Customer: 1,204 records" or "Job (CV): table “jobs” is missing".
 * Returns: (transfer full) */
char *ferry_connection_test_describe_heading (const FerryConnectionTestResult *result);
char *ferry_connection_test_describe_details (const FerryConnectionTestResult *result);

/* The last run in the ledger at @ledger_path, without creating it: NULL
 * (and TRUE) when the connection never ran. */
void            ferry_connection_last_run_async  (const char           *ledger_path,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
FerryLedgerRun *ferry_connection_last_run_finish (GAsyncResult         *result,
                                                  GError              **error);
/* "Never synced", or "Succeeded · 1,200 sent · 3 rejected".
 * Returns: (transfer full) */
char           *ferry_connection_describe_last_run (const FerryLedgerRun *run);

G_END_DECLS
