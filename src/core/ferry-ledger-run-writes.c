/* ferry-ledger-run-writes.c: writes that belong to a running run — the
 * transaction around them, and the export items that could not be written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-ledger"

#include "config.h"

#include "ferry-error.h"
#include "ferry-ledger-private.h"

gboolean
ferry_ledger_begin_for_run (FerryLedger  *self,
                            gint64        run_id,
                            const char   *doing,
                            GError      **error)
{
  if (!ferry_ledger_begin (self, doing, error))
    return FALSE;
  if (ferry_ledger_check_running (self, run_id, error))
    return TRUE;
  ferry_ledger_rollback (self);
  return FALSE;
}

gboolean
ferry_ledger_end_for_run (FerryLedger              *self,
                          gint64                    run_id,
                          gboolean                  written,
                          const FerryLedgerCounts  *tally,
                          gint64                    now_us,
                          const char               *doing,
                          GError                  **error)
{
  if (written && ferry_ledger_add_counts (self, run_id, tally, now_us, error))
    return ferry_ledger_commit (self, doing, error);
  ferry_ledger_rollback (self);
  return FALSE;
}

gboolean
ferry_ledger_record_export_failures (FerryLedger               *self,
                                     gint64                     run_id,
                                     const FerryLedgerProblem  *items,
                                     gsize                      n_items,
                                     GError                   **error)
{
  const char *doing = "record the export items that failed";
  FerryLedgerCounts tally = { 0, };
  gboolean written = TRUE;

  g_return_val_if_fail (FERRY_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (items != NULL || n_items == 0, FALSE);

  for (gsize i = 0; i < n_items; i++)
    {
      if (items[i].entity == NULL || items[i].key_text == NULL || items[i].code == NULL
          || items[i].message == NULL)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                       "Could not %s: item %" G_GSIZE_FORMAT " lacks an export type, export "
                       "id, code or message; nothing was recorded", doing, i + 1);
          return FALSE;
        }
    }
  if (n_items == 0)
    return TRUE;
  if (!ferry_ledger_begin_for_run (self, run_id, doing, error))
    return FALSE;
  for (gsize i = 0; i < n_items && written; i++)
    written = ferry_ledger_insert_run_error (self, run_id, items[i].entity, items[i].key_text,
                                             NULL, items[i].code, items[i].message,
                                             items[i].hint, error);
  tally.export_failed = (guint) n_items;
  return ferry_ledger_end_for_run (self, run_id, written, &tally, g_get_real_time (), doing,
                                   error);
}
