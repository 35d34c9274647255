/* ferry-accounting-db.h: a connection to an accounting database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The user_version of data/accounting-schema.sql. */
#define FERRY_ACCOUNTING_DB_SCHEMA_VERSION 1
/* How long a statement waits for another program's lock before giving up. */
#define FERRY_ACCOUNTING_DB_DEFAULT_BUSY_TIMEOUT_MS 5000

typedef enum
{
  FERRY_ACCOUNTING_DB_READ_ONLY,
  FERRY_ACCOUNTING_DB_READ_WRITE,
} FerryAccountingDbMode;

/* One column as PRAGMA table_info describes it. */
typedef struct
{
  char     *name;        /* owned */
  char     *type;        /* owned; declared type, may be "" */
  gboolean  not_null;
  gboolean  has_default;
  int       primary_key; /* 1-based position in the primary key, 0 if none */
} FerryAccountingColumn;

void ferry_accounting_column_free (FerryAccountingColumn *column);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryAccountingColumn, ferry_accounting_column_free)

#define FERRY_TYPE_ACCOUNTING_DB (ferry_accounting_db_get_type ())
/* Not thread-safe: use one connection from one thread at a time. */
G_DECLARE_FINAL_TYPE (FerryAccountingDb, ferry_accounting_db, FERRY, ACCOUNTING_DB, GObject)

/* Creates a database with the built-in schema at @path, which must not exist
 * or be empty (FERRY_ERROR_EXISTS otherwise). Opened read-write. */
FerryAccountingDb *ferry_accounting_db_create     (const char            *path,
                                                   GError               **error);
/* Opens an existing database: FERRY_ERROR_NOT_FOUND when @path is missing,
 * FERRY_ERROR_BUSY when another program holds it locked, FERRY_ERROR_DATABASE
 * when it is not an SQLite database. Foreign keys are enforced. */
FerryAccountingDb *ferry_accounting_db_open       (const char            *path,
                                                   FerryAccountingDbMode  mode,
                                                   GError               **error);
FerryAccountingDb *ferry_accounting_db_open_full  (const char            *path,
                                                   FerryAccountingDbMode  mode,
                                                   guint                  busy_timeout_ms,
                                                   GError               **error);
/* Finalizes the statements of ferry_accounting_db_prepare_cached(); every
 * other statement prepared on the handle must have been finalized. Safe to
 * call twice; later calls on @self fail. */
gboolean     ferry_accounting_db_close            (FerryAccountingDb     *self,
                                                   GError               **error);

const char  *ferry_accounting_db_get_path         (FerryAccountingDb     *self);
/* Borrowed; NULL once closed. */
sqlite3     *ferry_accounting_db_get_handle       (FerryAccountingDb     *self);

/* Runs SQL without parameters (pragmas, BEGIN, COMMIT); @doing completes
 * "Could not …" in the error message, e.g. "start a transaction". */
gboolean     ferry_accounting_db_exec             (FerryAccountingDb     *self,
                                                   const char            *sql,
                                                   const char            *doing,
                                                   GError               **error);
sqlite3_stmt *ferry_accounting_db_prepare         (FerryAccountingDb     *self,
                                                   const char            *sql,
                                                   const char            *doing,
                                                   GError               **error);
/* The statement for @sql, prepared once and kept until @self closes:
 * borrowed, reset and without bindings. For SQL run again and again (one
 * transaction per item). The caller sqlite3_reset()s it when done, never
 * finalizes it, and does not ask for the same @sql while still stepping it. */
sqlite3_stmt *ferry_accounting_db_prepare_cached  (FerryAccountingDb     *self,
                                                   const char            *sql,
                                                   const char            *doing,
                                                   GError               **error);
/* Turns SQLite result code @rc into a GError a person can act on; always
 * returns FALSE so that callers can `return ferry_accounting_db_fail (…)`. */
gboolean     ferry_accounting_db_fail             (FerryAccountingDb     *self,
                                                   int                    rc,
                                                   const char            *doing,
                                                   GError               **error);

/* PRAGMA user_version; -1 on error. */
int          ferry_accounting_db_get_schema_version (FerryAccountingDb   *self,
                                                   GError               **error);
/* User tables in creation order. */
GStrv        ferry_accounting_db_list_tables      (FerryAccountingDb     *self,
                                                   GError               **error);
gboolean     ferry_accounting_db_has_table        (FerryAccountingDb     *self,
                                                   const char            *table,
                                                   GError               **error);
/* Returns: (transfer container) FerryAccountingColumn in table order;
 * FERRY_ERROR_SCHEMA if @table does not exist. */
GPtrArray   *ferry_accounting_db_list_columns     (FerryAccountingDb     *self,
                                                   const char            *table,
                                                   GError               **error);
/* FERRY_ERROR_SCHEMA naming the database, the table and every missing
 * column when @table or one of @columns (NULL-terminated) is missing. */
gboolean     ferry_accounting_db_verify_columns   (FerryAccountingDb     *self,
                                                   const char            *table,
                                                   const char * const    *columns,
                                                   GError               **error);
gboolean     ferry_accounting_db_count_rows       (FerryAccountingDb     *self,
                                                   const char            *table,
                                                   gint64                *out_count,
                                                   GError               **error);
/* PRAGMA foreign_key_check: FERRY_ERROR_DATABASE with the number of rows whose
 * references point nowhere and the first of them. */
gboolean     ferry_accounting_db_check_foreign_keys (FerryAccountingDb   *self,
                                                   GError               **error);
/* PRAGMA integrity_check: FERRY_ERROR_DATABASE with the first problems. */
gboolean     ferry_accounting_db_check_integrity  (FerryAccountingDb     *self,
                                                   GError               **error);

G_END_DECLS
