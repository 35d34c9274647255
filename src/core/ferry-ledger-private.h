/* ferry-ledger-private.h: what the files of FerryLedger share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-ledger.c opens the file, owns the schema and the statement cache;
 * ferry-ledger-records.c reads and writes record states;
 * ferry-ledger-runs.c writes and reads runs and their errors;
 * ferry-ledger-run-writes.c and ferry-ledger-run-starts.c hold more of that.
 */
#pragma once

#include <sqlite3.h>

#include "ferry-ledger.h"

G_BEGIN_DECLS

/* Every statement is prepared once per FerryLedger, on first use. */
typedef enum
{
  LEDGER_STMT_BEGIN,
  LEDGER_STMT_COMMIT,
  LEDGER_STMT_ROLLBACK,
  LEDGER_STMT_LOOKUP,
  LEDGER_STMT_PAGE_ALL,
  LEDGER_STMT_PAGE_PENDING,
  LEDGER_STMT_WRITE_ACK,
  LEDGER_STMT_WRITE_HOLD,
  LEDGER_STMT_INSERT_ERROR,
  LEDGER_STMT_COUNT_BY_ENTITY,
  LEDGER_STMT_COUNT_LIVE,
  LEDGER_STMT_COUNT_LIVE_ENTITY,
  LEDGER_STMT_RUN_RESULT,
  LEDGER_STMT_RUN_ADD,
  LEDGER_STMT_ANY_RUNNING,
  LEDGER_STMT_INTERRUPT,
  LEDGER_STMT_INSERT_RUN,
  LEDGER_STMT_FINISH_RUN,
  LEDGER_STMT_GET_RUN,
  LEDGER_STMT_LAST_RUN,
  LEDGER_STMT_LAST_SYNCED,
  LEDGER_STMT_LAST_DEEP,
  LEDGER_STMT_LIST_RUNS,
  LEDGER_STMT_LIST_ERRORS,
  LEDGER_STMT_GET_MAPPING,
  LEDGER_STMT_SET_MAPPING,
  LEDGER_STMT_FIRST_STARTED,
  LEDGER_STMT_LAST_DEEP_STARTED,
  N_LEDGER_STMTS
} FerryLedgerStmtId;

struct _FerryLedger
{
  GObject       parent_instance;

  char         *path;                   /* owned, absolute */
  char         *lock_path;              /* owned */
  sqlite3      *db;                     /* owned */
  sqlite3_stmt *stmts[N_LEDGER_STMTS];  /* owned, nullable until first used */

  /* The run begun on this object, for a monotonic duration. */
  gint64        active_run_id;
  gint64        active_run_started_us;  /* g_get_monotonic_time() */
};

/* A cached statement; g_autoptr() resets it when it goes out of scope. */
typedef sqlite3_stmt FerryLedgerStmt;

/* Returns: (transfer none) @id's statement, prepared from @sql on first use
 * (the same @sql every time), reset; NULL with @error set on failure. */
FerryLedgerStmt *ferry_ledger_stmt       (FerryLedger        *self,
                                          FerryLedgerStmtId   id,
                                          const char         *sql,
                                          GError            **error);
void             ferry_ledger_stmt_reset (FerryLedgerStmt    *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryLedgerStmt, ferry_ledger_stmt_reset)

/* Sets @error from SQLite result @rc, in words a person can act on; @doing
 * completes "Could not …". Always returns FALSE. */
gboolean   ferry_ledger_fail             (FerryLedger        *self,
                                          int                 rc,
                                          const char         *doing,
                                          GError            **error);
/* BEGIN IMMEDIATE: the write lock is taken up front, so a transaction never
 * fails half-way because another program wrote first. */
gboolean   ferry_ledger_begin            (FerryLedger        *self,
                                          const char         *doing,
                                          GError            **error);
gboolean   ferry_ledger_commit           (FerryLedger        *self,
                                          const char         *doing,
                                          GError            **error);
/* Rolls back if a transaction is open; never fails. */
void       ferry_ledger_rollback         (FerryLedger        *self);
/* Steps a statement that returns no row. */
gboolean   ferry_ledger_step_done        (FerryLedger        *self,
                                          FerryLedgerStmt    *stmt,
                                          const char         *doing,
                                          GError            **error);

/* Binds UTF-8 text borrowed until the statement is reset; NULL binds NULL. */
void       ferry_ledger_bind_text        (FerryLedgerStmt    *stmt,
                                          int                 index,
                                          const char         *text);
GDateTime *ferry_ledger_datetime_from_us (gint64              unix_us);
/* A nullable text column as an owned string. */
char      *ferry_ledger_dup_column       (FerryLedgerStmt    *stmt,
                                          int                 column);

/* In ferry-ledger-runs.c. */
/* Opens the transaction of a write for run @run_id, which must be running. */
gboolean   ferry_ledger_begin_for_run    (FerryLedger        *self,
                                          gint64              run_id,
                                          const char         *doing,
                                          GError            **error);
/* Ends what begin_for_run () opened: when @written, adds @tally to the
 * run's counts and commits; otherwise, or when that fails, rolls back. */
gboolean   ferry_ledger_end_for_run      (FerryLedger        *self,
                                          gint64              run_id,
                                          gboolean            written,
                                          const FerryLedgerCounts *tally,
                                          gint64              now_us,
                                          const char         *doing,
                                          GError            **error);
/* These two expect an open transaction. */
gboolean   ferry_ledger_check_running    (FerryLedger        *self,
                                          gint64              run_id,
                                          GError            **error);
gboolean   ferry_ledger_add_counts       (FerryLedger        *self,
                                          gint64              run_id,
                                          const FerryLedgerCounts *delta,
                                          gint64              now_us,
                                          GError            **error);
/* In ferry-ledger-runs.c; expects an open transaction. */
gboolean   ferry_ledger_insert_run_error (FerryLedger        *self,
                                          gint64              run_id,
                                          const char         *entity,
                                          const char         *key_text,
                                          const char         *field,
                                          const char         *code,
                                          const char         *message,
                                          const char         *hint,
                                          GError            **error);

/* For tests: the SQLite handle, borrowed. */
sqlite3   *ferry_ledger_get_handle       (FerryLedger        *self);

G_END_DECLS
