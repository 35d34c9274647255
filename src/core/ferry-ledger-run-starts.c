/* ferry-ledger-run-starts.c: when runs started, as the schedules need it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-ledger"

#include "config.h"

#include "ferry-ledger-private.h"

/* The started_at of the one row @sql selects, or NULL when it selects none. */
static gboolean
read_start (FerryLedger        *self,
            FerryLedgerStmtId   id,
            const char         *sql,
            const char         *doing,
            GDateTime         **out_started,
            GError            **error)
{
  g_autoptr(FerryLedgerStmt) stmt = ferry_ledger_stmt (self, id, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_started = ferry_ledger_datetime_from_us (sqlite3_column_int64 (stmt, 0));
  else if (rc != SQLITE_DONE)
    return ferry_ledger_fail (self, rc, doing, error);
  return TRUE;
}

gboolean
ferry_ledger_get_run_starts (FerryLedger  *self,
                             GDateTime   **out_first_started,
                             GDateTime   **out_last_deep_started,
                             GError      **error)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) deep = NULL;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);

  if (out_first_started != NULL
      && !read_start (self, LEDGER_STMT_FIRST_STARTED,
                      "SELECT started_at FROM runs ORDER BY id LIMIT 1",
                      "read the first run", &first, error))
    return FALSE;
  if (out_last_deep_started != NULL
      && !read_start (self, LEDGER_STMT_LAST_DEEP_STARTED,
                      "SELECT started_at FROM runs WHERE sync_type = 'deep'"
                      " ORDER BY id DESC LIMIT 1",
                      "read the last deep sync", &deep, error))
    return FALSE;
  if (out_first_started != NULL)
    *out_first_started = g_steal_pointer (&first);
  if (out_last_deep_started != NULL)
    *out_last_deep_started = g_steal_pointer (&deep);
  return TRUE;
}
