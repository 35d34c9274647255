/* ferry-accounting-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-accounting-db"

#include "ferry-accounting-db.h"

#include <glib/gstdio.h>

#include "ferry-error.h"
#include "ferry-resources.h"

struct _FerryAccountingDb
{
  GObject  parent_instance;

  char       *path;       /* owned */
  sqlite3    *db;         /* owned, nullable once closed */
  GHashTable *statements; /* SQL (owned) → sqlite3_stmt (owned): prepare_cached */
};

G_DEFINE_FINAL_TYPE (FerryAccountingDb, ferry_accounting_db, G_TYPE_OBJECT)

void
ferry_accounting_column_free (FerryAccountingColumn *column)
{
  if (column == NULL)
    return;
  g_free (column->name);
  g_free (column->type);
  g_free (column);
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
ferry_accounting_db_finalize (GObject *object)
{
  FerryAccountingDb *self = FERRY_ACCOUNTING_DB (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_critical ("Accounting database “%s” closed with statements still open", self->path);
  g_free (self->path);

  G_OBJECT_CLASS (ferry_accounting_db_parent_class)->finalize (object);
}

static void
ferry_accounting_db_class_init (FerryAccountingDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_accounting_db_finalize;
}

static void
ferry_accounting_db_init (FerryAccountingDb *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, statement_free);
}

/* SQLite's messages speak to programmers; these speak to the administrator
 * who has to do something about it. */
static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *path,
                  const char  *doing)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_BUSY,
                   "The accounting database “%s” is locked by another program; "
                   "close it and try again", path);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "“%s” is not an SQLite database; check that the location "
                   "points at the accounting database file", path);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "The accounting database “%s” is damaged (%s); restore it "
                   "from a backup", path, detail);
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                     "The accounting database “%s” does not exist; check the location", path);
      else
        g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                     "The accounting database “%s” cannot be opened (%s); check "
                     "that Ferry’s user may read and write it", path, detail);
      break;
    case SQLITE_READONLY:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "Could not %s: the accounting database “%s” is read-only (%s)",
                   doing, path, detail);
      break;
    case SQLITE_CONSTRAINT:
      /* The values, not the database: the caller can correct them. */
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "Could not %s: the accounting database “%s” refused the values (%s)",
                   doing, path, detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "Could not %s: the disk holding “%s” is full; free some space "
                   "and try again", doing, path);
      break;
    case SQLITE_IOERR:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "Could not %s: reading or writing “%s” failed (%s); check the disk",
                   doing, path, detail);
      break;
    default:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "Could not %s in the accounting database “%s”: %s",
                   doing, path, detail);
      break;
    }
}

gboolean
ferry_accounting_db_fail (FerryAccountingDb  *self,
                          int                 rc,
                          const char         *doing,
                          GError            **error)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), FALSE);

  set_sqlite_error (error, self->db, rc, self->path, doing);
  return FALSE;
}

static gboolean
check_open (FerryAccountingDb  *self,
            GError            **error)
{
  if (self->db != NULL)
    return TRUE;
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
               "The accounting database “%s” is already closed", self->path);
  return FALSE;
}

gboolean
ferry_accounting_db_exec (FerryAccountingDb  *self,
                          const char         *sql,
                          const char         *doing,
                          GError            **error)
{
  int rc;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL && doing != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return ferry_accounting_db_fail (self, rc, doing, error);
  return TRUE;
}

sqlite3_stmt *
ferry_accounting_db_prepare (FerryAccountingDb  *self,
                             const char         *sql,
                             const char         *doing,
                             GError            **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), NULL);
  g_return_val_if_fail (sql != NULL && doing != NULL, NULL);

  if (!check_open (self, error))
    return NULL;
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      ferry_accounting_db_fail (self, rc, doing, error);
      return NULL;
    }
  return stmt;
}

sqlite3_stmt *
ferry_accounting_db_prepare_cached (FerryAccountingDb  *self,
                                    const char         *sql,
                                    const char         *doing,
                                    GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), NULL);
  g_return_val_if_fail (sql != NULL && doing != NULL, NULL);

  if (!check_open (self, error))
    return NULL;
  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      /* What reset returns is the last step's result, told already. */
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      ferry_accounting_db_fail (self, rc, doing, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Steps @stmt to the end, handing each row to @row; finalizes it. */
typedef void (*RowFunc) (sqlite3_stmt *stmt,
                         gpointer      data);

static gboolean
query (FerryAccountingDb  *self,
       const char         *sql,
       const char         *bind_text,
       const char         *doing,
       RowFunc             row,
       gpointer            data,
       GError            **error)
{
  sqlite3_stmt *stmt = ferry_accounting_db_prepare (self, sql, doing, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (bind_text != NULL)
    sqlite3_bind_text (stmt, 1, bind_text, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, data);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return ferry_accounting_db_fail (self, rc, doing, error);
  return TRUE;
}

static void
read_int_row (sqlite3_stmt *stmt,
              gpointer      data)
{
  *(int *) data = sqlite3_column_int (stmt, 0);
}

static FerryAccountingDb *
open_handle (const char  *path,
             int          flags,
             guint        busy_timeout_ms,
             GError     **error)
{
  g_autoptr(FerryAccountingDb) self = g_object_new (FERRY_TYPE_ACCOUNTING_DB, NULL);
  int n_entries = 0;
  int rc;

  self->path = g_strdup (path);
  /* One connection is used by one thread at a time (see the header): no
   * need for SQLite's per-call locking. */
  rc = sqlite3_open_v2 (path, &self->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, NULL, rc, path, "open");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, (int) MIN (busy_timeout_ms, G_MAXINT));

  if (!ferry_accounting_db_exec (self, "PRAGMA foreign_keys = ON", "enforce foreign keys", error))
    return NULL;

  /* Opening is lazy: the first read is what finds a file that is not a
   * database, or a lock held by another program. */
  if (!query (self, "SELECT count(*) FROM sqlite_master", NULL, "read the list of tables",
              read_int_row, &n_entries, error))
    return NULL;

  return g_steal_pointer (&self);
}

FerryAccountingDb *
ferry_accounting_db_open_full (const char             *path,
                               FerryAccountingDbMode   mode,
                               guint                   busy_timeout_ms,
                               GError                **error)
{
  int flags;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Checked first: SQLite would create a missing file in read-write mode
   * without SQLITE_OPEN_CREATE on some VFSes, and says "unable to open"
   * where a person needs "does not exist". */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                   "The accounting database “%s” does not exist; check the location", path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "“%s” is a folder, not an accounting database file", path);
      return NULL;
    }

  flags = mode == FERRY_ACCOUNTING_DB_READ_ONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  return open_handle (path, flags, busy_timeout_ms, error);
}

FerryAccountingDb *
ferry_accounting_db_open (const char             *path,
                          FerryAccountingDbMode   mode,
                          GError                **error)
{
  return ferry_accounting_db_open_full (path, mode,
                                        FERRY_ACCOUNTING_DB_DEFAULT_BUSY_TIMEOUT_MS,
                                        error);
}

static gboolean
apply_schema (FerryAccountingDb  *self,
              GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  gsize size;
  const char *data;
  int rc;

  bytes = ferry_resources_lookup ("accounting-schema.sql", error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  sql = g_strndup (data, size);

  if (!ferry_accounting_db_exec (self, "BEGIN", "start creating the tables", error))
    return FALSE;
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      ferry_accounting_db_fail (self, rc, "create the tables", error);
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return ferry_accounting_db_exec (self, "COMMIT", "create the tables", error);
}

FerryAccountingDb *
ferry_accounting_db_create (const char  *path,
                            GError     **error)
{
  g_autoptr(FerryAccountingDb) self = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* An empty file is what g_mkstemp() leaves; SQLite treats it as new. */
  if (g_stat (path, &st) == 0 && (st.st_size > 0 || !S_ISREG (st.st_mode)))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_EXISTS,
                   "“%s” already exists; choose another file name or remove it first", path);
      return NULL;
    }

  self = open_handle (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      FERRY_ACCOUNTING_DB_DEFAULT_BUSY_TIMEOUT_MS, error);
  if (self == NULL || !apply_schema (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
ferry_accounting_db_close (FerryAccountingDb  *self,
                           GError            **error)
{
  int rc;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), FALSE);

  if (self->db == NULL)
    return TRUE;
  g_hash_table_remove_all (self->statements);
  rc = sqlite3_close (self->db);
  if (rc != SQLITE_OK)
    return ferry_accounting_db_fail (self, rc, "close the database", error);
  self->db = NULL;
  return TRUE;
}

const char *
ferry_accounting_db_get_path (FerryAccountingDb *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), NULL);

  return self->path;
}

sqlite3 *
ferry_accounting_db_get_handle (FerryAccountingDb *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), NULL);

  return self->db;
}

int
ferry_accounting_db_get_schema_version (FerryAccountingDb  *self,
                                        GError            **error)
{
  int version = -1;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), -1);

  if (!query (self, "PRAGMA user_version", NULL, "read the schema version",
              read_int_row, &version, error))
    return -1;
  return version;
}

static void
add_text_row (sqlite3_stmt *stmt,
              gpointer      data)
{
  g_strv_builder_add (data, (const char *) sqlite3_column_text (stmt, 0));
}

GStrv
ferry_accounting_db_list_tables (FerryAccountingDb  *self,
                                 GError            **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), NULL);

  if (!query (self, "SELECT name FROM sqlite_master WHERE type = 'table' "
              "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid", NULL,
              "read the list of tables", add_text_row, builder, error))
    return NULL;
  return g_strv_builder_end (builder);
}

gboolean
ferry_accounting_db_has_table (FerryAccountingDb  *self,
                               const char         *table,
                               GError            **error)
{
  int found = 0;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  if (!query (self, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", table,
              "read the list of tables", read_int_row, &found, error))
    return FALSE;
  if (found)
    return TRUE;

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
               "The accounting database “%s” has no table “%s”; check that the "
               "location points at the right database", self->path, table);
  return FALSE;
}

static void
add_column_row (sqlite3_stmt *stmt,
                gpointer      data)
{
  FerryAccountingColumn *column = g_new0 (FerryAccountingColumn, 1);

  column->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  column->type = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  column->not_null = sqlite3_column_int (stmt, 2) != 0;
  column->has_default = sqlite3_column_int (stmt, 3) != 0;
  column->primary_key = sqlite3_column_int (stmt, 4);
  g_ptr_array_add (data, column);
}

GPtrArray *
ferry_accounting_db_list_columns (FerryAccountingDb  *self,
                                  const char         *table,
                                  GError            **error)
{
  g_autoptr(GPtrArray) columns = NULL;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  if (!ferry_accounting_db_has_table (self, table, error))
    return NULL;
  columns = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_accounting_column_free);
  if (!query (self, "SELECT name, type, \"notnull\", dflt_value IS NOT NULL, pk "
              "FROM pragma_table_info (?1) ORDER BY cid", table,
              "read the columns of a table", add_column_row, columns, error))
    return NULL;
  return g_steal_pointer (&columns);
}

static gboolean
has_column (GPtrArray  *columns,
            const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    {
      FerryAccountingColumn *column = g_ptr_array_index (columns, i);

      if (g_str_equal (column->name, name))
        return TRUE;
    }
  return FALSE;
}

gboolean
ferry_accounting_db_verify_columns (FerryAccountingDb   *self,
                                    const char          *table,
                                    const char * const  *columns,
                                    GError             **error)
{
  g_autoptr(GPtrArray) present = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  guint n_missing = 0;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), FALSE);
  g_return_val_if_fail (table != NULL && columns != NULL, FALSE);

  present = ferry_accounting_db_list_columns (self, table, error);
  if (present == NULL)
    return FALSE;

  for (gsize i = 0; columns[i] != NULL; i++)
    {
      if (has_column (present, columns[i]))
        continue;
      g_string_append_printf (missing, "%s“%s”", n_missing > 0 ? ", " : "", columns[i]);
      n_missing++;
    }
  if (n_missing == 0)
    return TRUE;

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
               "Table “%s” of the accounting database “%s” has no %s %s; check "
               "that the location points at the right database",
               table, self->path, n_missing == 1 ? "column" : "columns", missing->str);
  return FALSE;
}

gboolean
ferry_accounting_db_count_rows (FerryAccountingDb  *self,
                                const char         *table,
                                gint64             *out_count,
                                GError            **error)
{
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  g_auto(GStrv) parts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), FALSE);
  g_return_val_if_fail (table != NULL && out_count != NULL, FALSE);

  /* An identifier cannot be a parameter: only an existing table's name,
   * quoted, goes into the SQL text. */
  if (!ferry_accounting_db_has_table (self, table, error))
    return FALSE;
  parts = g_strsplit (table, "\"", -1);
  quoted = g_strjoinv ("\"\"", parts);
  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", quoted);

  stmt = ferry_accounting_db_prepare (self, sql, "count rows", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return ferry_accounting_db_fail (self, rc, "count rows", error);
  return TRUE;
}

typedef struct
{
  gint64   n_rows;
  char    *first;    /* owned, nullable */
  GString *problems; /* owned, nullable */
} Findings;

/* Columns: table, rowid, parent table, foreign key id. */
static void
add_foreign_key_row (sqlite3_stmt *stmt,
                     gpointer      data)
{
  Findings *findings = data;

  if (findings->n_rows++ == 0)
    findings->first = g_strdup_printf ("row %" G_GINT64_FORMAT " of “%s” refers to a "
                                       "missing row of “%s”",
                                       (gint64) sqlite3_column_int64 (stmt, 1),
                                       (const char *) sqlite3_column_text (stmt, 0),
                                       (const char *) sqlite3_column_text (stmt, 2));
}

gboolean
ferry_accounting_db_check_foreign_keys (FerryAccountingDb  *self,
                                        GError            **error)
{
  Findings findings = { 0 };
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), FALSE);

  ok = query (self, "PRAGMA foreign_key_check", NULL, "check references between tables",
              add_foreign_key_row, &findings, error);
  if (ok && findings.n_rows > 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "The accounting database “%s” has %" G_GINT64_FORMAT " %s whose "
                   "references point nowhere, e.g. %s; fix or remove them in the "
                   "accounting system", self->path, findings.n_rows,
                   findings.n_rows == 1 ? "row" : "rows", findings.first);
      ok = FALSE;
    }
  g_free (findings.first);
  return ok;
}

static void
add_integrity_row (sqlite3_stmt *stmt,
                   gpointer      data)
{
  Findings *findings = data;
  const char *line = (const char *) sqlite3_column_text (stmt, 0);

  if (g_strcmp0 (line, "ok") == 0)
    return;
  if (findings->n_rows++ < 3)
    g_string_append_printf (findings->problems, "%s%s", findings->n_rows > 1 ? "; " : "", line);
}

gboolean
ferry_accounting_db_check_integrity (FerryAccountingDb  *self,
                                     GError            **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  Findings findings = { 0, NULL, problems };

  g_return_val_if_fail (FERRY_IS_ACCOUNTING_DB (self), FALSE);

  if (!query (self, "PRAGMA integrity_check", NULL, "check the database file",
              add_integrity_row, &findings, error))
    return FALSE;
  if (findings.n_rows == 0)
    return TRUE;

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
               "The accounting database “%s” is damaged (%" G_GINT64_FORMAT " %s: %s%s); "
               "restore it from a backup", self->path, findings.n_rows,
               findings.n_rows == 1 ? "problem" : "problems", problems->str,
               findings.n_rows > 3 ? "; …" : "");
  return FALSE;
}
