/* ferry-cloud-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-store"

#include "config.h"

#include <gio/gio.h>

#include "ferry-cloud-store-private.h"

#define SCHEMA_VERSION 1
#define SCHEMA_RESOURCE "/io/github/ferrysync/Ferry/cloud/cloud-schema.sql"

struct _FerryCloudStore
{
  GObject       parent_instance;

  char         *path;        /* owned */
  sqlite3      *db;          /* owned */
  FerryCatalog *catalog;     /* owned */
  GHashTable   *statements;  /* const char *sql → sqlite3_stmt *, owned */
  gint64        now;         /* 0: the real clock */
};

G_DEFINE_FINAL_TYPE (FerryCloudStore, ferry_cloud_store, G_TYPE_OBJECT)

static void
ferry_cloud_store_finalize (GObject *object)
{
  FerryCloudStore *self = FERRY_CLOUD_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* A clean close checkpoints the WAL into the main file. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ferry_cloud_store_parent_class)->finalize (object);
}

static void
ferry_cloud_store_class_init (FerryCloudStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_cloud_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
ferry_cloud_store_init (FerryCloudStore *self)
{
  /* Keyed by the literal's address: hashing the SQL text of every
   * statement of every record was a visible part of a batch's cost. */
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            finalize_statement);
}

void
ferry_cloud_store_set_error (FerryCloudStore  *self,
                             GError          **error,
                             const char       *context)
{
  int code = sqlite3_errcode (self->db);

  g_warning ("%s: %s (SQLite %d) in %s", context, sqlite3_errmsg (self->db),
             sqlite3_extended_errcode (self->db), self->path);

  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_SERVICE_UNAVAILABLE,
                 "The cloud's database is busy. Nothing was stored. Try again in a moment.");
  else if (code == SQLITE_FULL)
    g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_SERVICE_UNAVAILABLE,
                 "The cloud's disk is full. Nothing was stored. Try again once its "
                 "administrator has made room.");
  else
    g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INTERNAL_ERROR,
                 "The cloud could not %s. Nothing was stored. Try again; if it keeps "
                 "failing, tell the administrator of the cloud service.", context);
}

static gboolean
exec (FerryCloudStore  *self,
      const char       *sql,
      const char       *context,
      GError          **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      ferry_cloud_store_set_error (self, error, context);
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
ferry_cloud_store_get_handle (FerryCloudStore *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (self), NULL);

  return self->db;
}

sqlite3_stmt *
ferry_cloud_store_prepare (FerryCloudStore  *self,
                           const char       *sql,
                           GError          **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      ferry_cloud_store_set_error (self, error, "prepare a query");
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);

  return stmt;
}

gboolean
ferry_cloud_store_begin (FerryCloudStore  *self,
                         GError          **error)
{
  return exec (self, "BEGIN IMMEDIATE", "start a transaction", error);
}

gboolean
ferry_cloud_store_commit (FerryCloudStore  *self,
                          GError          **error)
{
  return exec (self, "COMMIT", "commit a transaction", error);
}

void
ferry_cloud_store_rollback (FerryCloudStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
ferry_cloud_store_next_value (FerryCloudStore  *self,
                              const char       *counter,
                              gint64           *out_value,
                              GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (self,
      "INSERT INTO counter (name, value) VALUES (?1, 1) "
      "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, counter, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      ferry_cloud_store_set_error (self, error, "advance a counter");
      sqlite3_reset (stmt);
      return FALSE;
    }
  *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
migrate (FerryCloudStore  *self,
         GError          **error)
{
  g_autoptr(GBytes) schema = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int version;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    {
      ferry_cloud_store_set_error (self, error, "read the schema version");
      return FALSE;
    }
  sqlite3_step (stmt);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version == SCHEMA_VERSION)
    return TRUE;
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INTERNAL_ERROR,
                   "%s was written by a newer ferry-cloud (schema %d; this one knows %d). "
                   "Upgrade ferry-cloud.", self->path, version, SCHEMA_VERSION);
      return FALSE;
    }

  schema = g_resources_lookup_data (SCHEMA_RESOURCE, 0, NULL);
  g_assert (schema != NULL);
  sql = g_strdup_printf ("BEGIN IMMEDIATE;\n%s\nPRAGMA user_version = %d;\nCOMMIT;",
                         (const char *) g_bytes_get_data (schema, NULL), SCHEMA_VERSION);
  if (!exec (self, sql, "create its tables", error))
    {
      ferry_cloud_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

FerryCloudStore *
ferry_cloud_store_open (const char  *path,
                        GError     **error)
{
  g_autoptr(FerryCloudStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FERRY_TYPE_CLOUD_STORE, NULL);
  self->path = g_strdup (path);

  self->catalog = g_object_ref (ferry_catalog_get_default ());

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INTERNAL_ERROR,
                   "Cannot open the cloud database %s: %s. Check that its folder exists "
                   "and is writable.", path, self->db ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  /* Admin commands and the server share the file; wait for each other. */
  sqlite3_busy_timeout (self->db, 5000);

  /* 16 KiB pages for a new database (no effect on an existing one): a
   * quarter of the WAL writes and a shallower record tree than 4 KiB. */
  if (sqlite3_exec (self->db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      int code = sqlite3_errcode (self->db);

      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INTERNAL_ERROR,
                   code == SQLITE_NOTADB
                   ? "%s is not a ferry-cloud database (it is not an SQLite file). "
                     "Point --db at the right file, or at a new one."
                   : "Cannot open the cloud database %s: %s.",
                   path, sqlite3_errmsg (self->db));
      return NULL;
    }
  /* FULL: an answered batch survives a power cut, so a client that
   * recorded an acknowledgement never has to find out otherwise. */
  if (!exec (self, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;",
             "configure the database", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ferry_cloud_store_get_path (FerryCloudStore *self)
{
  return self->path;
}

FerryCatalog *
ferry_cloud_store_get_catalog (FerryCloudStore *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (self), NULL);

  return self->catalog;
}

gint64
ferry_cloud_store_now (FerryCloudStore *self)
{
  if (self->now != 0)
    return self->now;
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
ferry_cloud_store_set_now (FerryCloudStore *self,
                           gint64           now)
{
  self->now = now;
}

char *
ferry_cloud_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
is_valid_name (const char *name)
{
  gsize len = name != NULL ? strlen (name) : 0;

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (name[i]) && name[i] != '-' && name[i] != '_' && name[i] != '.')
        return FALSE;
    }
  return TRUE;
}

/* Inserts with the text parameters @a (and @b, @c when not NULL) after the
 * integer @id (when not 0); maps a UNIQUE violation to a conflict. */
static gint64
insert_row (FerryCloudStore  *self,
            const char       *sql,
            gint64            id,
            const char       *a,
            const char       *b,
            const char       *exists_message,
            GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (self, sql, error);
  int n = 1;
  int rc;

  if (stmt == NULL)
    return 0;
  if (id != 0)
    sqlite3_bind_int64 (stmt, n++, id);
  sqlite3_bind_text (stmt, n++, a, -1, SQLITE_TRANSIENT);
  if (b != NULL)
    sqlite3_bind_text (stmt, n++, b, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, n, ferry_cloud_store_now (self));

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_CONFLICT,
                           exists_message);
      return 0;
    }
  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (self, error, "store a new entry");
      return 0;
    }

  return sqlite3_last_insert_rowid (self->db);
}

gint64
ferry_cloud_store_add_site (FerryCloudStore  *self,
                            const char       *name,
                            GError          **error)
{
  g_autofree char *exists = NULL;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (self), 0);

  if (!is_valid_name (name))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "“%s” cannot name a site: use 1 to 64 letters, digits, '-', '_' or '.'.",
                   name ? name : "");
      return 0;
    }
  exists = g_strdup_printf ("Site %s already exists.", name);
  return insert_row (self, "INSERT INTO site (name, created_at) VALUES (?1, ?2)",
                     0, name, NULL, exists, error);
}

/* Looks up one integer by a text (and optionally an integer) parameter. */
static gboolean
lookup_id (FerryCloudStore  *self,
           const char       *sql,
           gint64            scope,
           const char       *name,
           gint64           *out_id,
           GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (scope != 0)
    sqlite3_bind_int64 (stmt, 2, scope);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    ferry_cloud_store_set_error (self, error, "look up an entry");
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW;
}

gboolean
ferry_cloud_store_lookup_site (FerryCloudStore  *self,
                               const char       *name,
                               gint64           *out_site_id,
                               GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (self), FALSE);

  if (lookup_id (self, "SELECT id FROM site WHERE name = ?1", 0, name,
                 out_site_id, &local_error))
    return TRUE;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNKNOWN_SITE,
                 "There is no site “%s” on this server. Check the site URL.", name);
  return FALSE;
}

gint64
ferry_cloud_store_add_company (FerryCloudStore  *self,
                               gint64            site_id,
                               const char       *code,
                               const char       *name,
                               GError          **error)
{
  g_autofree char *exists = NULL;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (self), 0);

  if (!is_valid_name (code))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "“%s” cannot be a company code: use 1 to 64 letters, digits, '-', '_' or '.'.",
                   code ? code : "");
      return 0;
    }
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "Company %s needs a name.", code);
      return 0;
    }
  exists = g_strdup_printf ("Company %s already exists in this site.", code);
  return insert_row (self,
                     "INSERT INTO company (site_id, code, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                     site_id, code, name, exists, error);
}

gboolean
ferry_cloud_store_lookup_company (FerryCloudStore  *self,
                                  gint64            site_id,
                                  const char       *code,
                                  gint64           *out_company_id,
                                  GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (FERRY_IS_CLOUD_STORE (self), FALSE);

  if (lookup_id (self, "SELECT id FROM company WHERE code = ?1 AND site_id = ?2",
                 site_id, code, out_company_id, &local_error))
    return TRUE;
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNKNOWN_COMPANY,
                 "There is no company “%s” in this site. Check the company of the "
                 "local connection.", code);
  return FALSE;
}

/* Runs @sql (with an optional integer parameter) and returns
 * {"<member>": [{<column name>: text or integer, …}]}; integer columns
 * whose name ends in "_at" become RFC 3339 times. */
static JsonNode *
list_rows (FerryCloudStore  *self,
           const char       *sql,
           gint64            param,
           const char       *member,
           GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (param != 0)
    sqlite3_bind_int64 (stmt, 1, param);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *name = sqlite3_column_name (stmt, i);

          json_builder_set_member_name (builder, name);
          if (g_str_has_suffix (name, "_at"))
            {
              g_autofree char *time = ferry_cloud_format_time (sqlite3_column_int64 (stmt, i));
              json_builder_add_string_value (builder, time);
            }
          else if (sqlite3_column_type (stmt, i) == SQLITE_INTEGER)
            json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, i));
          else
            json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, i));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (self, error, "list entries");
      return NULL;
    }
  return json_builder_get_root (builder);
}

JsonNode *
ferry_cloud_store_list_sites (FerryCloudStore  *self,
                              GError          **error)
{
  return list_rows (self, "SELECT name, created_at FROM site ORDER BY name", 0, "sites", error);
}

JsonNode *
ferry_cloud_store_list_companies (FerryCloudStore  *self,
                                  gint64            site_id,
                                  GError          **error)
{
  return list_rows (self, "SELECT code, name FROM company WHERE site_id = ?1 ORDER BY code",
                    site_id, "companies", error);
}
