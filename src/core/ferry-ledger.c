/* ferry-ledger.c: opening a ledger, its schema, statements and transactions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-ledger"

#include "config.h"

#include "ferry-ledger-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "ferry-error.h"

/* PRAGMA application_id of every ledger ("FRLG"): tells a ledger from any
 * other SQLite file. */
#define LEDGER_APPLICATION_ID 0x46524c47

/* Times are unix microseconds (UTC); keys and hashes compare as bytes
 * (BINARY), the order of ferry_record_key_to_text() everywhere. */
static const char schema_v1[] =
  "CREATE TABLE runs ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  trigger     TEXT NOT NULL CHECK (trigger IN ('manual', 'automatic')),"
  "  sync_type   TEXT NOT NULL CHECK (sync_type IN ('shallow', 'deep')),"
  "  direction   TEXT NOT NULL CHECK (direction IN ('push', 'export', 'both')),"
  "  timeframe   TEXT NOT NULL,"
  "  entities    TEXT NOT NULL," /* JSON array of entity type ids */
  "  program     TEXT NOT NULL,"
  "  pid         INTEGER NOT NULL,"
  "  started_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL," /* the run's last write: the end of an interrupted run */
  "  ended_at    INTEGER,"
  "  duration_ms INTEGER,"
  "  sent        INTEGER NOT NULL DEFAULT 0,"
  "  created     INTEGER NOT NULL DEFAULT 0,"
  "  updated     INTEGER NOT NULL DEFAULT 0,"
  "  unchanged   INTEGER NOT NULL DEFAULT 0,"
  "  deleted     INTEGER NOT NULL DEFAULT 0,"
  "  rejected    INTEGER NOT NULL DEFAULT 0,"
  "  waiting     INTEGER NOT NULL DEFAULT 0,"
  "  failed      INTEGER NOT NULL DEFAULT 0,"
  "  skipped     INTEGER NOT NULL DEFAULT 0,"
  "  result      TEXT NOT NULL DEFAULT 'running' CHECK (result IN ('running', 'succeeded',"
  "                'record-errors', 'failed', 'cancelled', 'interrupted')),"
  "  message     TEXT"
  ") STRICT;"
  "CREATE INDEX runs_running ON runs (id) WHERE result = 'running';"
  "CREATE TABLE records ("
  "  entity        TEXT NOT NULL,"
  "  key           TEXT NOT NULL,"
  "  hash          TEXT,"    /* what the cloud holds; NULL: nothing or a tombstone */
  "  version       INTEGER," /* the cloud's version */
  /* Comparisons, not IN (…): SQLite builds a temporary table for each
   * evaluation of an IN list, and this is checked for every record written. */
  "  state         TEXT NOT NULL CHECK (state = 'synced' OR state = 'deleted'"
  "                  OR state = 'rejected' OR state = 'waiting' OR state = 'failed'),"
  "  attempts      INTEGER NOT NULL DEFAULT 0,"
  "  error_code    TEXT,"
  "  error_message TEXT,"
  "  run_id        INTEGER,"
  "  updated_at    INTEGER NOT NULL,"
  "  PRIMARY KEY (entity, key)"
  ") STRICT, WITHOUT ROWID;"
  /* Shallow syncs retry these (rejected, waiting, failed); they are few, so
   * the index is cheap. Queries repeat this WHERE to use it. */
  "CREATE INDEX records_pending ON records (entity, key)"
  "  WHERE state <> 'synced' AND state <> 'deleted';"
  "CREATE TABLE run_errors ("
  "  id      INTEGER PRIMARY KEY,"
  "  run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,"
  "  entity  TEXT NOT NULL,"
  "  key     TEXT NOT NULL,"
  "  field   TEXT,"
  "  code    TEXT NOT NULL,"
  "  message TEXT NOT NULL,"
  "  hint    TEXT"
  ") STRICT;"
  "CREATE INDEX run_errors_by_run ON run_errors (run_id, id);";

/* Version 2: the mappings each entity type was last read with in full, so a
 * shallow sync knows when switched fields changed every record's hash. */
static const char schema_v2[] =
  "CREATE TABLE mappings ("
  "  entity      TEXT PRIMARY KEY NOT NULL,"
  "  fingerprint TEXT NOT NULL"
  ") STRICT;";

/* Version 3: what each run's export pass did. */
static const char schema_v3[] =
  "ALTER TABLE runs ADD COLUMN exported INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE runs ADD COLUMN export_updated INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE runs ADD COLUMN export_failed INTEGER NOT NULL DEFAULT 0;";

/* migrations[v] brings schema version v to v + 1. */
static const char * const migrations[] = {
  schema_v1,
  schema_v2,
  schema_v3,
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == FERRY_LEDGER_SCHEMA_VERSION);

static const char * const ledger_tables[] = { "records", "runs", "run_errors", "mappings" };

G_DEFINE_FINAL_TYPE (FerryLedger, ferry_ledger, G_TYPE_OBJECT)

static void
ferry_ledger_finalize (GObject *object)
{
  FerryLedger *self = FERRY_LEDGER (object);

  for (guint i = 0; i < N_LEDGER_STMTS; i++)
    sqlite3_finalize (self->stmts[i]);
  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    g_critical ("Ledger “%s” closed with statements still open", self->path);
  g_free (self->path);
  g_free (self->lock_path);

  G_OBJECT_CLASS (ferry_ledger_parent_class)->finalize (object);
}

static void
ferry_ledger_class_init (FerryLedgerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_ledger_finalize;
}

static void
ferry_ledger_init (FerryLedger *self)
{
}

gboolean
ferry_ledger_fail (FerryLedger  *self,
                   int           rc,
                   const char   *doing,
                   GError      **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_BUSY,
                   "Could not %s: another program kept the ledger “%s” locked for "
                   "more than %d seconds; try again",
                   doing, self->path, FERRY_LEDGER_BUSY_TIMEOUT_MS / 1000);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "“%s” is not a Ferry ledger: it is not an SQLite database; move it "
                   "away and Ferry starts a new ledger", self->path);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "The ledger “%s” is damaged (%s); move it away and run a deep sync "
                   "to rebuild it", self->path, detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "Could not %s: the disk holding the ledger “%s” is full; free some "
                   "space and try again", doing, self->path);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "Could not %s: the ledger “%s” cannot be written (%s); check that "
                   "Ferry’s user owns it and its folder", doing, self->path, detail);
      break;
    case SQLITE_IOERR:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "Could not %s: reading or writing the ledger “%s” failed (%s); "
                   "check the disk", doing, self->path, detail);
      break;
    default:
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "Could not %s in the ledger “%s”: %s", doing, self->path, detail);
      break;
    }
  return FALSE;
}

FerryLedgerStmt *
ferry_ledger_stmt (FerryLedger        *self,
                   FerryLedgerStmtId   id,
                   const char         *sql,
                   GError            **error)
{
  g_return_val_if_fail (id < N_LEDGER_STMTS, NULL);

  if (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[id], NULL);

      if (rc != SQLITE_OK)
        {
          ferry_ledger_fail (self, rc, "prepare a query", error);
          return NULL;
        }
    }
  sqlite3_reset (self->stmts[id]);
  return self->stmts[id];
}

void
ferry_ledger_stmt_reset (FerryLedgerStmt *stmt)
{
  sqlite3_reset (stmt);
}

gboolean
ferry_ledger_step_done (FerryLedger      *self,
                        FerryLedgerStmt  *stmt,
                        const char       *doing,
                        GError          **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return ferry_ledger_fail (self, rc, doing, error);
  return TRUE;
}

static gboolean
run_cached (FerryLedger        *self,
            FerryLedgerStmtId   id,
            const char         *sql,
            const char         *doing,
            GError            **error)
{
  g_autoptr(FerryLedgerStmt) stmt = ferry_ledger_stmt (self, id, sql, error);

  return stmt != NULL && ferry_ledger_step_done (self, stmt, doing, error);
}

gboolean
ferry_ledger_begin (FerryLedger  *self,
                    const char   *doing,
                    GError      **error)
{
  return run_cached (self, LEDGER_STMT_BEGIN, "BEGIN IMMEDIATE", doing, error);
}

gboolean
ferry_ledger_commit (FerryLedger  *self,
                     const char   *doing,
                     GError      **error)
{
  if (run_cached (self, LEDGER_STMT_COMMIT, "COMMIT", doing, error))
    return TRUE;
  ferry_ledger_rollback (self);
  return FALSE;
}

void
ferry_ledger_rollback (FerryLedger *self)
{
  g_autoptr(GError) error = NULL;

  if (sqlite3_get_autocommit (self->db))
    return;
  if (!run_cached (self, LEDGER_STMT_ROLLBACK, "ROLLBACK", "undo an unfinished write", &error))
    g_warning ("%s", error->message);
}

void
ferry_ledger_bind_text (FerryLedgerStmt *stmt,
                        int              index,
                        const char      *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

GDateTime *
ferry_ledger_datetime_from_us (gint64 unix_us)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);

  return g_date_time_add (seconds, unix_us % G_USEC_PER_SEC);
}

char *
ferry_ledger_dup_column (FerryLedgerStmt *stmt,
                         int              column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

sqlite3 *
ferry_ledger_get_handle (FerryLedger *self)
{
  g_return_val_if_fail (FERRY_IS_LEDGER (self), NULL);

  return self->db;
}

const char *
ferry_ledger_get_path (FerryLedger *self)
{
  g_return_val_if_fail (FERRY_IS_LEDGER (self), NULL);

  return self->path;
}

const char *
ferry_ledger_get_lock_path (FerryLedger *self)
{
  g_return_val_if_fail (FERRY_IS_LEDGER (self), NULL);

  return self->lock_path;
}

/* One-off statements of opening; not worth caching. */
static gboolean
query_single (FerryLedger  *self,
              const char   *sql,
              const char   *doing,
              int          *out_int,
              char        **out_text,
              GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && out_int != NULL)
        *out_int = sqlite3_column_int (stmt, 0);
      if (rc == SQLITE_ROW && out_text != NULL)
        *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return ferry_ledger_fail (self, rc, doing, error);
  return TRUE;
}

static gboolean
exec_sql (FerryLedger  *self,
          const char   *sql,
          const char   *doing,
          GError      **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return ferry_ledger_fail (self, rc, doing, error);
  return TRUE;
}

/* A ledger carries our application id; a new file is empty. Anything else
 * is someone else's database, left untouched. */
static gboolean
identify_snapshot (FerryLedger  *self,
                   GError      **error)
{
  g_autofree char *table = NULL;
  int application_id = 0;

  if (!query_single (self, "PRAGMA application_id", "read the ledger",
                     &application_id, NULL, error))
    return FALSE;
  if (application_id == LEDGER_APPLICATION_ID)
    return TRUE;
  if (application_id != 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "“%s” is not a Ferry ledger: it is another program’s SQLite database; "
                   "move it away and Ferry starts a new ledger", self->path);
      return FALSE;
    }
  if (!query_single (self, "SELECT name FROM sqlite_schema ORDER BY rowid LIMIT 1",
                     "read the ledger", NULL, &table, error))
    return FALSE;
  if (table != NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "“%s” is not a Ferry ledger: it holds other tables (“%s”); move it "
                   "away and Ferry starts a new ledger", self->path, table);
      return FALSE;
    }
  return TRUE;
}

/* Both reads in one read transaction: a ledger another program is
 * creating at this moment (its tables and its stamp commit together) is
 * seen either empty or whole, never as a foreign database. */
static gboolean
identify (FerryLedger  *self,
          GError      **error)
{
  gboolean ok;

  if (!exec_sql (self, "BEGIN DEFERRED", "read the ledger", error))
    return FALSE;
  ok = identify_snapshot (self, error);
  /* Nothing was written: ending the transaction cannot lose anything. */
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  return ok;
}

static gboolean
configure (FerryLedger  *self,
           GError      **error)
{
  g_autofree char *mode = NULL;

  if (!query_single (self, "PRAGMA journal_mode = WAL", "switch the ledger to WAL mode",
                     NULL, &mode, error))
    return FALSE;
  if (g_strcmp0 (mode, "wal") != 0)
    g_warning ("The ledger “%s” stays in %s mode: its file system cannot do WAL; "
               "the app may wait while a sync writes", self->path, mode);
  /* FULL: a committed batch survives a power cut, not only a crash. */
  return exec_sql (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
                   "configure the ledger", error);
}

static gboolean
apply_migrations (FerryLedger  *self,
                  GError      **error)
{
  g_autofree char *stamp = NULL;
  int version = 0;

  if (!ferry_ledger_begin (self, "update the ledger", error))
    return FALSE;
  /* Read again inside the transaction: another program may have just done it. */
  if (!query_single (self, "PRAGMA user_version", "read the ledger version",
                     &version, NULL, error))
    goto fail;

  for (int v = version; v < FERRY_LEDGER_SCHEMA_VERSION; v++)
    {
      g_debug ("Ledger %s: schema version %d → %d", self->path, v, v + 1);
      if (!exec_sql (self, migrations[v], "update the ledger’s tables", error))
        goto fail;
    }
  stamp = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d",
                           LEDGER_APPLICATION_ID, FERRY_LEDGER_SCHEMA_VERSION);
  if (!exec_sql (self, stamp, "update the ledger version", error))
    goto fail;
  return ferry_ledger_commit (self, "update the ledger", error);

fail:
  ferry_ledger_rollback (self);
  return FALSE;
}

static gboolean
migrate (FerryLedger  *self,
         GError      **error)
{
  int version = 0;

  if (!query_single (self, "PRAGMA user_version", "read the ledger version",
                     &version, NULL, error))
    return FALSE;
  if (version > FERRY_LEDGER_SCHEMA_VERSION)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
                   "The ledger “%s” was written by a newer version of Ferry (ledger "
                   "version %d; this Ferry knows up to %d); update Ferry to use it",
                   self->path, version, FERRY_LEDGER_SCHEMA_VERSION);
      return FALSE;
    }
  if (version == FERRY_LEDGER_SCHEMA_VERSION)
    return TRUE;
  return apply_migrations (self, error);
}

static gboolean
verify_tables (FerryLedger  *self,
               GError      **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (ledger_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema "
                                              "WHERE type = 'table' AND name = '%s'",
                                              ledger_tables[i]);
      int found = 0;

      if (!query_single (self, sql, "read the ledger’s tables", &found, NULL, error))
        return FALSE;
      if (found == 0)
        {
          g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                       "The ledger “%s” is damaged: its table “%s” is missing; move it "
                       "away and run a deep sync to rebuild it",
                       self->path, ledger_tables[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* SQLite would create the file with the umask's mode, and its -wal and -shm
 * files copy that mode: create it 0600 first, in a 0700 folder. */
static gboolean
prepare_file (const char  *path,
              GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                   "Could not create the folder “%s” for the ledger: %s",
                   folder, g_strerror (saved_errno));
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "“%s” is a folder, not a Ferry ledger", path);
      return FALSE;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    close (fd);
  else if (errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_DATABASE,
                   "Could not create the ledger “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static FerryLedger *
open_once (const char  *path,
           GError     **error)
{
  g_autoptr(FerryLedger) self = NULL;
  int rc;

  self = g_object_new (FERRY_TYPE_LEDGER, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  self->lock_path = ferry_run_lock_path_for_ledger (self->path);

  if (!prepare_file (self->path, error))
    return NULL;
  /* NOMUTEX: one thread at a time uses a FerryLedger (see the header). */
  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      ferry_ledger_fail (self, rc, "open the ledger", error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, FERRY_LEDGER_BUSY_TIMEOUT_MS);

  if (!identify (self, error)
      || !configure (self, error)
      || !migrate (self, error)
      || !verify_tables (self, error)
      || !ferry_ledger_check_interrupted (self, error))
    return NULL;

  g_debug ("Opened the ledger %s", self->path);
  return g_steal_pointer (&self);
}

FerryLedger *
ferry_ledger_open (const char  *path,
                   GError     **error)
{
  gint64 deadline;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Two programs setting up one new ledger at once (WAL, the tables) can
   * refuse each other at once instead of waiting (SQLite sees a deadlock):
   * the one refused starts again, and then finds it done. */
  deadline = g_get_monotonic_time () + (gint64) FERRY_LEDGER_BUSY_TIMEOUT_MS * 1000;
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      FerryLedger *ledger = open_once (path, &local_error);

      if (ledger != NULL)
        return ledger;
      if (!g_error_matches (local_error, FERRY_ERROR, FERRY_ERROR_BUSY)
          || g_get_monotonic_time () >= deadline)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_usleep (MIN (attempt, 10) * 10 * 1000);
    }
}
