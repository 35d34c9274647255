/* ferry-sqlite-source.h: records from an SQLite accounting database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-source.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SQLITE_SOURCE (ferry_sqlite_source_get_type ())
/* A FerrySource over an accounting database with the layout of
 * data/accounting-schema.sql: one table per push entity type, named by the
 * catalog, a column per field, and "modified_at" (UTC, written
 * YYYY-MM-DDTHH:MM:SSZ) on every row for timeframes.
 *
 * The database is opened read-only (SQLITE_OPEN_READONLY): Ferry never
 * writes to it while pushing. Each cursor reads inside a read transaction,
 * so a program writing at the same time never shows it half a change; while
 * a cursor reads, that program's commits wait (in rollback-journal mode; in
 * WAL mode they do not). A database locked by a writer is waited for up to
 * the busy timeout, then FERRY_ERROR_BUSY says so.
 *
 * Key-text order: the key text of a row, ["1","10"], does not sort like its
 * columns do (["1","10"] < ["10","1"] because '"' < '0'; an integer key
 * sorts as text, "10" before "9"; escapes move '"' and control characters).
 * So the source registers an SQL function that makes the key text with the
 * same code as the records (ferry_record_set_key()) and orders by it. That
 * is a sort of the rows read, which SQLite does in bounded memory (spilling
 * to temporary files, about the size of the rows read), and a cancellable's
 * cancellation interrupts it. It costs about 1 µs a row (0.5 s of CPU for
 * the 550,000 transactions of a 1,000,000-record demo company, whose whole
 * push side reads and hashes in about 2 s with 12 MB of memory). Ordering by
 * the primary key instead would be wrong for integer keys and for values
 * with characters below '#'; sorting in Ferry would not be memory bounded. */
G_DECLARE_FINAL_TYPE (FerrySqliteSource, ferry_sqlite_source, FERRY, SQLITE_SOURCE, GObject)

/* The column of every table that timeframes filter on. */
#define FERRY_SQLITE_SOURCE_MODIFIED_COLUMN "modified_at"

/* Nothing is opened until the source is first used. */
FerrySqliteSource *ferry_sqlite_source_new              (const char        *path);

const char        *ferry_sqlite_source_get_path         (FerrySqliteSource *self);
/* How long to wait for another program's lock before FERRY_ERROR_BUSY;
 * FERRY_ACCOUNTING_DB_DEFAULT_BUSY_TIMEOUT_MS unless set before opening. */
void               ferry_sqlite_source_set_busy_timeout (FerrySqliteSource *self,
                                                         guint              busy_timeout_ms);
guint              ferry_sqlite_source_get_busy_timeout (FerrySqliteSource *self);

G_END_DECLS
