/* ferry-sqlite-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sqlite-source"

#include "config.h"

#include <string.h>

#include "ferry-accounting-db.h"
#include "ferry-error.h"
#include "ferry-record-key.h"
#include "ferry-sqlite-source.h"

/* ferry_key_text (TYPES, VALUE…): the key text of a row. TYPES has one
 * letter per key field, 'a' + its FerryFieldType. */
#define KEY_FUNCTION   "ferry_key_text"
#define MAX_KEY_FIELDS 16
/* SQLite virtual machine steps between looks at the cancellable. */
#define CANCEL_CHECK_STEPS 1000

struct _FerrySqliteSource
{
  GObject            parent_instance;

  char              *path;            /* owned */
  guint              busy_timeout_ms;
  FerryAccountingDb *db;              /* owned, nullable until opened */
  guint              n_readers;       /* cursors inside the read transaction */
};

static void ferry_sqlite_source_iface_init (FerrySourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerrySqliteSource, ferry_sqlite_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_SOURCE,
                                                      ferry_sqlite_source_iface_init))

enum
{
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- The cursor ---- */

#define FERRY_TYPE_SQLITE_CURSOR (ferry_sqlite_cursor_get_type ())
G_DECLARE_FINAL_TYPE (FerrySqliteCursor, ferry_sqlite_cursor, FERRY, SQLITE_CURSOR,
                      FerrySourceCursor)

struct _FerrySqliteCursor
{
  FerrySourceCursor  parent_instance;

  FerrySqliteSource *source;    /* owned */
  sqlite3_stmt      *stmt;      /* owned, nullable once closed */
  guint              n_values;  /* values per row, after the key text */
  char              *doing;     /* owned: completes "Could not …" */
};

G_DEFINE_FINAL_TYPE (FerrySqliteCursor, ferry_sqlite_cursor, FERRY_TYPE_SOURCE_CURSOR)

static void end_read (FerrySqliteSource *self);

/* Also reads result columns, through sqlite3_column_value(): SQLite calls
 * that use of an unprotected value unsafe across threads only, and a
 * connection here serves one thread. */
static void
read_value (sqlite3_value *argument,
            FerryValue    *value)
{
  switch (sqlite3_value_type (argument))
    {
    case SQLITE_INTEGER:
      value->kind = FERRY_VALUE_INTEGER;
      value->integer = sqlite3_value_int64 (argument);
      break;
    case SQLITE_FLOAT:
      value->kind = FERRY_VALUE_REAL;
      value->real = sqlite3_value_double (argument);
      break;
    case SQLITE_NULL:
      value->kind = FERRY_VALUE_NULL;
      break;
    default: /* text, and blobs taken as text: the record checks UTF-8 */
      value->kind = FERRY_VALUE_TEXT;
      value->text = (const char *) sqlite3_value_text (argument);
      value->length = (gsize) sqlite3_value_bytes (argument);
      if (value->text == NULL)
        value->kind = FERRY_VALUE_NULL;
      break;
    }
}

static int
check_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

static gboolean
ferry_sqlite_cursor_fetch (FerrySourceCursor  *cursor,
                           FerryValue         *row,
                           GCancellable       *cancellable,
                           GError            **error)
{
  FerrySqliteCursor *self = FERRY_SQLITE_CURSOR (cursor);
  sqlite3 *handle = ferry_accounting_db_get_handle (self->source->db);
  int rc;

  /* The first step sorts the whole selection: a cancellation must be able
   * to interrupt it. */
  if (cancellable != NULL)
    sqlite3_progress_handler (handle, CANCEL_CHECK_STEPS, check_cancelled, cancellable);
  rc = sqlite3_step (self->stmt);
  if (cancellable != NULL)
    sqlite3_progress_handler (handle, 0, NULL, NULL);

  if (rc == SQLITE_ROW)
    {
      /* Column 0 is the key text, which only served the ORDER BY. */
      for (guint i = 0; i < self->n_values; i++)
        read_value (sqlite3_column_value (self->stmt, (int) i + 1), &row[i]);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc == SQLITE_INTERRUPT && g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return ferry_accounting_db_fail (self->source->db, rc, self->doing, error);
}

static void
ferry_sqlite_cursor_close (FerrySourceCursor *cursor)
{
  FerrySqliteCursor *self = FERRY_SQLITE_CURSOR (cursor);

  g_clear_pointer (&self->stmt, sqlite3_finalize);
  if (self->source != NULL)
    end_read (self->source);
}

static void
ferry_sqlite_cursor_finalize (GObject *object)
{
  FerrySqliteCursor *self = FERRY_SQLITE_CURSOR (object);

  g_clear_object (&self->source);
  g_free (self->doing);

  G_OBJECT_CLASS (ferry_sqlite_cursor_parent_class)->finalize (object);
}

static void
ferry_sqlite_cursor_class_init (FerrySqliteCursorClass *klass)
{
  FerrySourceCursorClass *cursor_class = FERRY_SOURCE_CURSOR_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ferry_sqlite_cursor_finalize;
  cursor_class->fetch = ferry_sqlite_cursor_fetch;
  cursor_class->close = ferry_sqlite_cursor_close;
}

static void
ferry_sqlite_cursor_init (FerrySqliteCursor *self)
{
}

/* ---- SQL ---- */

/* The record in the user data is scratch space for the key text. */
static void
key_text_function (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  FerryRecord *scratch = sqlite3_user_data (context);
  const char *types = (const char *) sqlite3_value_text (argv[0]);
  FerryFieldType key_types[MAX_KEY_FIELDS];
  FerryValue values[MAX_KEY_FIELDS] = { { 0 } };
  guint n_keys = (guint) argc - 1;
  const char *key_text;

  if (argc < 2 || n_keys > MAX_KEY_FIELDS || types == NULL || strlen (types) != n_keys)
    {
      sqlite3_result_error (context, KEY_FUNCTION ": wrong arguments", -1);
      return;
    }
  for (guint i = 0; i < n_keys; i++)
    {
      key_types[i] = (FerryFieldType) (types[i] - 'a');
      read_value (argv[i + 1], &values[i]);
    }
  ferry_record_set_key (scratch, key_types, values, n_keys);
  key_text = ferry_record_get_key_text (scratch);
  sqlite3_result_text (context, key_text, -1, SQLITE_TRANSIENT);
}

/* Table and column names come from the catalog; they still go into SQL
 * text only if they look like names, and quoted. */
static gboolean
is_identifier (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_')
        return FALSE;
    }
  return strlen (name) <= 128;
}

static void
append_identifier (GString    *sql,
                   const char *name)
{
  g_string_append_c (sql, '"');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (sql, '"');
      g_string_append_c (sql, *p);
    }
  g_string_append_c (sql, '"');
}

static void
append_identifiers (GString            *sql,
                    const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_string_append (sql, ", ");
      append_identifier (sql, names[i]);
    }
}

/* 'a' + FerryFieldType per key field: the first argument of KEY_FUNCTION. */
static char *
key_types_argument (FerryRecordBuilder *builder)
{
  guint n_keys;
  const FerryFieldType *types = ferry_record_builder_get_key_types (builder, &n_keys);
  char *argument = g_new0 (char, n_keys + 1);

  for (guint i = 0; i < n_keys; i++)
    argument[i] = (char) ('a' + types[i]);
  return argument;
}

/* SELECT key_text, COLUMNS FROM table [WHERE modified_at >= ?2] ORDER BY 1;
 * ?1 is the key types. The caller checked the names. */
static char *
build_select (FerryEntityType    *entity_type,
              const char * const *columns,
              gboolean            since)
{
  const char * const *key = ferry_entity_type_get_key (entity_type);
  g_autoptr(GString) sql = g_string_new ("SELECT " KEY_FUNCTION " (?1");

  append_identifiers (sql, key);
  g_string_append (sql, ")");
  append_identifiers (sql, columns);
  g_string_append (sql, " FROM ");
  append_identifier (sql, ferry_entity_type_get_table (entity_type));
  if (since)
    g_string_append (sql, " WHERE \"" FERRY_SQLITE_SOURCE_MODIFIED_COLUMN "\" >= ?2");
  g_string_append (sql, " ORDER BY 1");
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The text modified_at compares with: the same UTC form, so that text
 * order is time order and the index on modified_at serves the range. */
static char *
format_since (GDateTime *since)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (since);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* ---- FerrySqliteSource ---- */

static gboolean
ensure_open (FerrySqliteSource  *self,
             GError            **error)
{
  g_autoptr(FerryAccountingDb) db = NULL;
  int rc;

  if (self->db != NULL)
    return TRUE;

  db = ferry_accounting_db_open_full (self->path, FERRY_ACCOUNTING_DB_READ_ONLY,
                                      self->busy_timeout_ms, error);
  if (db == NULL)
    return FALSE;
  /* SQLite frees the scratch record with the function. */
  rc = sqlite3_create_function_v2 (ferry_accounting_db_get_handle (db), KEY_FUNCTION, -1,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                   ferry_record_new (), key_text_function, NULL, NULL,
                                   (void (*) (void *)) ferry_record_free);
  if (rc != SQLITE_OK)
    return ferry_accounting_db_fail (db, rc, "prepare reading records", error);

  self->db = g_steal_pointer (&db);
  return TRUE;
}

/* The first cursor starts the read transaction, the last one ends it. A
 * deferred transaction locks at its first read: that read happens here, so
 * that a database locked by another program is found when a cursor opens
 * (after the busy timeout), not halfway through it. */
static gboolean
begin_read (FerrySqliteSource  *self,
            GError            **error)
{
  if (self->n_readers == 0)
    {
      if (!ferry_accounting_db_exec (self->db, "BEGIN", "start reading", error))
        return FALSE;
      if (!ferry_accounting_db_exec (self->db, "SELECT count(*) FROM sqlite_master",
                                     "start reading", error))
        {
          sqlite3_exec (ferry_accounting_db_get_handle (self->db), "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  self->n_readers++;
  return TRUE;
}

static void
end_read (FerrySqliteSource *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self->n_readers > 0);

  if (--self->n_readers > 0)
    return;
  /* Nothing was written: ending cannot lose anything, only warn. */
  if (!ferry_accounting_db_exec (self->db, "COMMIT", "finish reading", &error))
    g_warning ("%s", error->message);
}

static gboolean
check_name (FerryEntityType  *entity_type,
            const char       *name,
            GError          **error)
{
  if (is_identifier (name))
    return TRUE;
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_SCHEMA,
               "%s needs “%s” in the accounting database, which is not a table or "
               "column name Ferry can read", ferry_entity_type_get_label (entity_type),
               name != NULL ? name : "");
  return FALSE;
}

/* FERRY_ERROR_SCHEMA unless the table of @entity_type has @columns, and
 * modified_at if @modified. */
static gboolean
verify_columns (FerrySqliteSource   *self,
                FerryEntityType     *entity_type,
                const char * const  *columns,
                gboolean             modified,
                GError             **error)
{
  const char *table = ferry_entity_type_get_table (entity_type);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) needed = NULL;

  g_strv_builder_addv (builder, (const char **) columns);
  if (modified)
    g_strv_builder_add (builder, FERRY_SQLITE_SOURCE_MODIFIED_COLUMN);
  needed = g_strv_builder_end (builder);

  if (!check_name (entity_type, table, error))
    return FALSE;
  for (guint i = 0; needed[i] != NULL; i++)
    {
      if (!check_name (entity_type, needed[i], error))
        return FALSE;
    }
  return ferry_accounting_db_verify_columns (self->db, table, (const char * const *) needed,
                                             error);
}

static FerrySourceCursor *
open_statement_cursor (FerrySqliteSource   *self,
                       FerryRecordBuilder  *builder,
                       gboolean             keys_only,
                       GDateTime           *since,
                       GCancellable        *cancellable,
                       GError             **error)
{
  FerryEntityType *entity_type = ferry_record_builder_get_entity_type (builder);
  const char * const *columns = keys_only ? ferry_entity_type_get_key (entity_type)
                                          : ferry_record_builder_get_columns (builder);
  g_autofree char *types = key_types_argument (builder);
  g_autofree char *since_text = since != NULL ? format_since (since) : NULL;
  g_autofree char *sql = NULL;
  g_autofree char *doing = NULL;
  FerrySqliteCursor *cursor;
  sqlite3_stmt *stmt;

  if (!ensure_open (self, error) || !begin_read (self, error))
    return NULL;
  if (!verify_columns (self, entity_type, columns, since != NULL, error))
    {
      end_read (self);
      return NULL;
    }

  doing = g_strdup_printf ("read the records of %s", ferry_entity_type_get_label (entity_type));
  sql = build_select (entity_type, columns, since != NULL);
  stmt = ferry_accounting_db_prepare (self->db, sql, doing, error);
  if (stmt == NULL)
    {
      end_read (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, types, -1, SQLITE_TRANSIENT);
  if (since_text != NULL)
    sqlite3_bind_text (stmt, 2, since_text, -1, SQLITE_TRANSIENT);

  cursor = g_object_new (FERRY_TYPE_SQLITE_CURSOR,
                         "builder", builder,
                         "keys-only", keys_only,
                         "cancellable", cancellable,
                         NULL);
  cursor->source = g_object_ref (self);
  cursor->stmt = stmt;
  cursor->n_values = g_strv_length ((char **) columns);
  cursor->doing = g_steal_pointer (&doing);
  return FERRY_SOURCE_CURSOR (cursor);
}

static gboolean
ferry_sqlite_source_open (FerrySource  *source,
                          GError      **error)
{
  return ensure_open (FERRY_SQLITE_SOURCE (source), error);
}

static void
ferry_sqlite_source_close (FerrySource *source)
{
  FerrySqliteSource *self = FERRY_SQLITE_SOURCE (source);
  g_autoptr(GError) error = NULL;

  if (self->db == NULL)
    return;
  /* Cursors hold a reference on the source, so this is a caller's bug. */
  g_return_if_fail (self->n_readers == 0);
  if (!ferry_accounting_db_close (self->db, &error))
    g_warning ("%s", error->message);
  g_clear_object (&self->db);
}

static gboolean
ferry_sqlite_source_check (FerrySource         *source,
                           FerryRecordBuilder  *builder,
                           GError             **error)
{
  FerrySqliteSource *self = FERRY_SQLITE_SOURCE (source);

  return ensure_open (self, error)
         && verify_columns (self, ferry_record_builder_get_entity_type (builder),
                            ferry_record_builder_get_columns (builder), TRUE, error);
}

static gboolean
ferry_sqlite_source_count (FerrySource      *source,
                           FerryEntityType  *entity_type,
                           GDateTime        *since,
                           gint64           *out_count,
                           GError          **error)
{
  FerrySqliteSource *self = FERRY_SQLITE_SOURCE (source);
  const char *no_columns[] = { NULL };
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM ");
  g_autofree char *since_text = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!ensure_open (self, error)
      || !verify_columns (self, entity_type, no_columns, since != NULL, error))
    return FALSE;
  if (since == NULL)
    return ferry_accounting_db_count_rows (self->db, ferry_entity_type_get_table (entity_type),
                                           out_count, error);

  append_identifier (sql, ferry_entity_type_get_table (entity_type));
  g_string_append (sql, " WHERE \"" FERRY_SQLITE_SOURCE_MODIFIED_COLUMN "\" >= ?1");
  stmt = ferry_accounting_db_prepare (self->db, sql->str, "count records", error);
  if (stmt == NULL)
    return FALSE;
  since_text = format_since (since);
  sqlite3_bind_text (stmt, 1, since_text, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return ferry_accounting_db_fail (self->db, rc, "count records", error);
  return TRUE;
}

static FerrySourceCursor *
ferry_sqlite_source_open_cursor (FerrySource         *source,
                                 FerryRecordBuilder  *builder,
                                 GDateTime           *since,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  return open_statement_cursor (FERRY_SQLITE_SOURCE (source), builder, FALSE, since,
                                cancellable, error);
}

static FerrySourceCursor *
ferry_sqlite_source_open_key_cursor (FerrySource      *source,
                                     FerryEntityType  *entity_type,
                                     GCancellable     *cancellable,
                                     GError          **error)
{
  /* Only its key matters, which switched-off fields never touch. */
  g_autoptr(FerryRecordBuilder) builder = ferry_record_builder_new (entity_type, NULL, error);

  if (builder == NULL)
    return NULL;
  return open_statement_cursor (FERRY_SQLITE_SOURCE (source), builder, TRUE, NULL,
                                cancellable, error);
}

/* SELECT key_text FROM table WHERE k1 = ?2 AND …: a value may match a row
 * whose key text differs (text '01' against the integer 1), so the key
 * text decides. */
static gboolean
ferry_sqlite_source_has_key (FerrySource         *source,
                             FerryEntityType     *entity_type,
                             const char * const  *key,
                             gboolean            *out_exists,
                             GError             **error)
{
  FerrySqliteSource *self = FERRY_SQLITE_SOURCE (source);
  const char * const *key_fields = ferry_entity_type_get_key (entity_type);
  g_autoptr(FerryRecordBuilder) builder = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT " KEY_FUNCTION " (?1");
  g_autofree char *types = NULL;
  g_autofree char *wanted = ferry_record_key_to_text (key);
  sqlite3_stmt *stmt;
  int rc;

  builder = ferry_record_builder_new (entity_type, NULL, error);
  if (builder == NULL || !ensure_open (self, error)
      || !verify_columns (self, entity_type, key_fields, FALSE, error))
    return FALSE;

  append_identifiers (sql, key_fields);
  g_string_append (sql, ") FROM ");
  append_identifier (sql, ferry_entity_type_get_table (entity_type));
  for (guint i = 0; key_fields[i] != NULL; i++)
    {
      g_string_append (sql, i == 0 ? " WHERE " : " AND ");
      append_identifier (sql, key_fields[i]);
      g_string_append_printf (sql, " = ?%u", i + 2);
    }
  stmt = ferry_accounting_db_prepare (self->db, sql->str, "look up a record", error);
  if (stmt == NULL)
    return FALSE;
  types = key_types_argument (builder);
  sqlite3_bind_text (stmt, 1, types, -1, SQLITE_STATIC);
  for (guint i = 0; key[i] != NULL; i++)
    sqlite3_bind_text (stmt, (int) i + 2, key[i], -1, SQLITE_STATIC);

  *out_exists = FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), wanted) == 0)
        *out_exists = TRUE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return ferry_accounting_db_fail (self->db, rc, "look up a record", error);
  return TRUE;
}

static void
ferry_sqlite_source_iface_init (FerrySourceInterface *iface)
{
  iface->open = ferry_sqlite_source_open;
  iface->close = ferry_sqlite_source_close;
  iface->check = ferry_sqlite_source_check;
  iface->count = ferry_sqlite_source_count;
  iface->open_cursor = ferry_sqlite_source_open_cursor;
  iface->open_key_cursor = ferry_sqlite_source_open_key_cursor;
  iface->has_key = ferry_sqlite_source_has_key;
}

static void
ferry_sqlite_source_dispose (GObject *object)
{
  ferry_sqlite_source_close (FERRY_SOURCE (object));

  G_OBJECT_CLASS (ferry_sqlite_source_parent_class)->dispose (object);
}

static void
ferry_sqlite_source_finalize (GObject *object)
{
  FerrySqliteSource *self = FERRY_SQLITE_SOURCE (object);

  g_free (self->path);

  G_OBJECT_CLASS (ferry_sqlite_source_parent_class)->finalize (object);
}

static void
ferry_sqlite_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FerrySqliteSource *self = FERRY_SQLITE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sqlite_source_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FerrySqliteSource *self = FERRY_SQLITE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sqlite_source_class_init (FerrySqliteSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_sqlite_source_dispose;
  object_class->finalize = ferry_sqlite_source_finalize;
  object_class->get_property = ferry_sqlite_source_get_property;
  object_class->set_property = ferry_sqlite_source_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_sqlite_source_init (FerrySqliteSource *self)
{
  self->busy_timeout_ms = FERRY_ACCOUNTING_DB_DEFAULT_BUSY_TIMEOUT_MS;
}

FerrySqliteSource *
ferry_sqlite_source_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (FERRY_TYPE_SQLITE_SOURCE, "path", path, NULL);
}

const char *
ferry_sqlite_source_get_path (FerrySqliteSource *self)
{
  g_return_val_if_fail (FERRY_IS_SQLITE_SOURCE (self), NULL);

  return self->path;
}

void
ferry_sqlite_source_set_busy_timeout (FerrySqliteSource *self,
                                      guint              busy_timeout_ms)
{
  g_return_if_fail (FERRY_IS_SQLITE_SOURCE (self));

  self->busy_timeout_ms = busy_timeout_ms;
  if (self->db != NULL)
    sqlite3_busy_timeout (ferry_accounting_db_get_handle (self->db),
                          (int) MIN (busy_timeout_ms, G_MAXINT));
}

guint
ferry_sqlite_source_get_busy_timeout (FerrySqliteSource *self)
{
  g_return_val_if_fail (FERRY_IS_SQLITE_SOURCE (self), 0);

  return self->busy_timeout_ms;
}
