/* ferry-connection-store.c: connections.json in the profile directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-connection-store"

#include "ferry-connection-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ferry-error.h"

#define CONNECTIONS_FILE "connections.json"
#define LOCK_FILE "connections.lock"

struct _FerryConnectionStore
{
  GObject     parent_instance;

  char       *config_dir;  /* owned */
  char       *data_dir;    /* owned */
  char       *file;        /* owned */
  GListStore *connections; /* owned, of FerryConnection, sorted by name */
};

G_DEFINE_FINAL_TYPE (FerryConnectionStore, ferry_connection_store, G_TYPE_OBJECT)

static void
ferry_connection_store_finalize (GObject *object)
{
  FerryConnectionStore *self = FERRY_CONNECTION_STORE (object);

  g_free (self->config_dir);
  g_free (self->data_dir);
  g_free (self->file);
  g_clear_object (&self->connections);

  G_OBJECT_CLASS (ferry_connection_store_parent_class)->finalize (object);
}

static void
ferry_connection_store_class_init (FerryConnectionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_connection_store_finalize;
}

static void
ferry_connection_store_init (FerryConnectionStore *self)
{
  self->connections = g_list_store_new (FERRY_TYPE_CONNECTION);
}

FerryConnectionStore *
ferry_connection_store_new (const char *profile_dir)
{
  FerryConnectionStore *self = g_object_new (FERRY_TYPE_CONNECTION_STORE, NULL);

  if (profile_dir == NULL || *profile_dir == '\0')
    profile_dir = g_getenv ("FERRY_PROFILE");

  if (profile_dir != NULL && *profile_dir != '\0')
    {
      g_autofree char *profile = g_canonicalize_filename (profile_dir, NULL);

      self->config_dir = g_build_filename (profile, "config", NULL);
      self->data_dir = g_build_filename (profile, "data", NULL);
    }
  else
    {
      self->config_dir = g_build_filename (g_get_user_config_dir (), "ferry", NULL);
      self->data_dir = g_build_filename (g_get_user_data_dir (), "ferry", NULL);
    }
  self->file = g_build_filename (self->config_dir, CONNECTIONS_FILE, NULL);

  return self;
}

const char *
ferry_connection_store_get_config_dir (FerryConnectionStore *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), NULL);

  return self->config_dir;
}

const char *
ferry_connection_store_get_data_dir (FerryConnectionStore *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), NULL);

  return self->data_dir;
}

const char *
ferry_connection_store_get_file (FerryConnectionStore *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), NULL);

  return self->file;
}

char *
ferry_connection_store_get_ledger_path (FerryConnectionStore *self,
                                        FerryConnection      *connection)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);

  name = g_strconcat (ferry_connection_get_id (connection), ".db", NULL);
  return g_build_filename (self->data_dir, "ledgers", name, NULL);
}

/* Creates @path (and missing parents) for this user only; tightens the
 * directory itself if it exists with a looser mode. */
static gboolean
ensure_private_dir (const char  *path,
                    GError     **error)
{
  struct stat st;

  if (g_mkdir_with_parents (path, 0700) != 0 || g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                   "Could not create the directory “%s”: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  if ((st.st_mode & 0077) != 0 && st.st_uid == geteuid () && g_chmod (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                   "Could not make the directory “%s” private (mode 0700): %s", path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
ferry_connection_store_ensure_ledger_dir (FerryConnectionStore  *self,
                                          GError               **error)
{
  g_autofree char *ledgers = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), FALSE);

  ledgers = g_build_filename (self->data_dir, "ledgers", NULL);
  return ensure_private_dir (self->data_dir, error) && ensure_private_dir (ledgers, error);
}

GListModel *
ferry_connection_store_get_connections (FerryConnectionStore *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), NULL);

  return G_LIST_MODEL (self->connections);
}

static gboolean
same_name (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_str_equal (fa, fb);
}

/* Borrowed from @connections, or NULL. With @name, the connection of that
 * name other than one with @except_id; with @id, the one with that id. */
static FerryConnection *
find_in (GPtrArray  *connections,
         const char *name,
         const char *id,
         const char *except_id)
{
  for (guint i = 0; i < connections->len; i++)
    {
      FerryConnection *connection = connections->pdata[i];
      const char *connection_id = ferry_connection_get_id (connection);

      if (id != NULL && g_str_equal (connection_id, id))
        return connection;
      if (name != NULL && g_strcmp0 (connection_id, except_id) != 0
          && same_name (ferry_connection_get_name (connection), name))
        return connection;
    }
  return NULL;
}

/* The listed connections as a new array of references. */
static GPtrArray *
listed (FerryConnectionStore *self)
{
  GListModel *model = G_LIST_MODEL (self->connections);
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (array, g_list_model_get_item (model, i));
  return array;
}

FerryConnection *
ferry_connection_store_lookup (FerryConnectionStore *self,
                               const char           *name)
{
  g_autoptr(GPtrArray) connections = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* The store holds its own reference, so the borrowed pointer outlives
   * the array. */
  connections = listed (self);
  return find_in (connections, name, NULL, NULL);
}

FerryConnection *
ferry_connection_store_lookup_by_id (FerryConnectionStore *self,
                                     const char           *id)
{
  g_autoptr(GPtrArray) connections = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  connections = listed (self);
  return find_in (connections, NULL, id, NULL);
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  FerryConnection *ca = *(FerryConnection * const *) a;
  FerryConnection *cb = *(FerryConnection * const *) b;
  g_autofree char *fa = g_utf8_casefold (ferry_connection_get_name (ca), -1);
  g_autofree char *fb = g_utf8_casefold (ferry_connection_get_name (cb), -1);
  int result = g_utf8_collate (fa, fb);

  if (result == 0)
    result = strcmp (ferry_connection_get_id (ca), ferry_connection_get_id (cb));
  return result;
}

/* A damaged file is never rewritten: the person must decide what to keep. */
static gboolean
damaged (FerryConnectionStore  *self,
         const char            *problem,
         GError               **error)
{
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "The connections file “%s” is damaged: %s. Repair it in a text editor, or "
               "move it away to start again without connections; Ferry has not changed it",
               self->file, problem);
  return FALSE;
}

/* Checks the file's connections agree with each other. */
static gboolean
check_unique (FerryConnectionStore  *self,
              GPtrArray             *connections,
              GError               **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < connections->len; i++)
    {
      FerryConnection *connection = connections->pdata[i];
      const char *id = ferry_connection_get_id (connection);
      const char *name = ferry_connection_get_name (connection);
      g_autofree char *problem = NULL;

      if (!g_hash_table_add (ids, (gpointer) id))
        problem = g_strdup_printf ("two connections have the id %s", id);
      else if (!g_hash_table_add (names, g_utf8_casefold (name, -1)))
        problem = g_strdup_printf ("two connections are named “%s”", name);
      if (problem != NULL)
        return damaged (self, problem, error);
    }
  return TRUE;
}

static gboolean
parse_file (FerryConnectionStore  *self,
            const char            *contents,
            gsize                  length,
            GPtrArray             *connections,
            GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *node;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    return damaged (self, local_error->message, error);
  if (json_parser_get_root (parser) == NULL)
    return damaged (self, "it is empty", error);
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return damaged (self, "it is not a JSON object", error);
  root = json_node_get_object (json_parser_get_root (parser));

  node = json_object_get_member (root, "format");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return damaged (self, "member “format” is missing or not a number", error);
  if (json_node_get_int (node) != FERRY_CONNECTIONS_FILE_FORMAT)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "The connections file “%s” has format %" G_GINT64_FORMAT ", which this "
                   "Ferry does not know (it reads format %d); update Ferry. Ferry has not "
                   "changed it", self->file, json_node_get_int (node),
                   FERRY_CONNECTIONS_FILE_FORMAT);
      return FALSE;
    }
  node = json_object_get_member (root, "connections");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return damaged (self, "member “connections” is missing or not an array", error);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      FerryConnection *connection =
        ferry_connection_new_from_json (NULL, json_array_get_element (array, i), &local_error);

      if (connection == NULL)
        return damaged (self, local_error->message, error);
      g_ptr_array_add (connections, connection);
    }
  return check_unique (self, connections, error);
}

/* The saved connections as a new array; empty when there is no file. */
static GPtrArray *
read_file (FerryConnectionStore  *self,
           GError               **error)
{
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (self->file, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&connections);
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                   "Could not read the connections file: %s", local_error->message);
      return NULL;
    }
  if (!parse_file (self, contents, length, connections, error))
    return NULL;

  g_ptr_array_sort (connections, compare_by_name);
  return g_steal_pointer (&connections);
}

/* Makes the list hold @connections, keeping the objects already listed
 * (so bindings stay) and updating them in place; the list changes only
 * when connections come, go or are renamed out of order. */
static void
refresh (FerryConnectionStore *self,
         GPtrArray            *connections)
{
  g_autoptr(GPtrArray) old = listed (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < connections->len; i++)
    {
      FerryConnection *connection = connections->pdata[i];
      FerryConnection *existing = find_in (old, NULL, ferry_connection_get_id (connection), NULL);

      if (existing != NULL)
        {
          ferry_connection_update_from (existing, connection);
          connection = existing;
        }
      g_ptr_array_add (items, g_object_ref (connection));
    }

  g_ptr_array_sort (items, compare_by_name);
  /* The same objects in the same order: the list did not change (no
   * items-changed, so views are not rebuilt for a reload). */
  if (items->len == old->len
      && memcmp (items->pdata, old->pdata, items->len * sizeof (gpointer)) == 0)
    return;
  g_list_store_splice (self->connections, 0, old->len, items->pdata, items->len);
}

gboolean
ferry_connection_store_load (FerryConnectionStore  *self,
                             GError               **error)
{
  g_autoptr(GPtrArray) connections = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), FALSE);

  connections = read_file (self, error);
  if (connections == NULL)
    return FALSE;

  refresh (self, connections);
  return TRUE;
}

static char *
serialize (GPtrArray *connections)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, FERRY_CONNECTIONS_FILE_FORMAT);
  json_builder_set_member_name (builder, "connections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < connections->len; i++)
    json_builder_add_value (builder, ferry_connection_to_json (connections->pdata[i]));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* Makes a rename in @path durable: the new directory entry reaches the
 * disk, not just the file's data. */
static gboolean
sync_dir (const char  *path,
          GError     **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int saved_errno = 0;

  if (fd < 0 || (fsync (fd) != 0 && errno != EINVAL))
    saved_errno = errno;
  if (fd >= 0)
    close (fd);
  if (saved_errno == 0)
    return TRUE;

  g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
               "Could not flush the directory “%s” to disk: %s", path,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_file (FerryConnectionStore  *self,
            GPtrArray             *connections,
            GError               **error)
{
  g_autofree char *text = serialize (connections);
  g_autoptr(GError) local_error = NULL;

  /* A temporary file of mode 0600 in the same directory, fsync, rename. */
  if (!g_file_set_contents_full (self->file, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                   "Could not save the connections: %s", local_error->message);
      return FALSE;
    }
  return sync_dir (self->config_dir, error);
}

/* An open descriptor holding an exclusive lock on connections.lock, or -1.
 * Closing it releases the lock. */
static int
lock_file (FerryConnectionStore  *self,
           GError               **error)
{
  g_autofree char *path = g_build_filename (self->config_dir, LOCK_FILE, NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  int result = fd < 0 ? -1 : 0;
  int saved_errno;

  while (fd >= 0 && (result = flock (fd, LOCK_EX)) != 0 && errno == EINTR)
    ;
  if (result == 0)
    return fd;

  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
               "Could not lock “%s”: %s", path, g_strerror (saved_errno));
  return -1;
}

/* Changes @saved (the connections in the file) for @connection. */
typedef gboolean (*ChangeFunc) (GPtrArray        *saved,
                                FerryConnection  *connection,
                                GError          **error);

/* Under the lock: reads the file, applies @change, writes the file and
 * makes the list match it. */
static gboolean
modify (FerryConnectionStore  *self,
        ChangeFunc             change,
        FerryConnection       *connection,
        GError               **error)
{
  g_autoptr(GPtrArray) saved = NULL;
  gboolean ok;
  int fd;

  if (!ensure_private_dir (self->config_dir, error))
    return FALSE;
  fd = lock_file (self, error);
  if (fd < 0)
    return FALSE;

  saved = read_file (self, error);
  ok = saved != NULL && change (saved, connection, error);
  if (ok)
    {
      g_ptr_array_sort (saved, compare_by_name);
      ok = write_file (self, saved, error);
    }
  close (fd);

  if (ok)
    refresh (self, saved);
  return ok;
}

static gboolean
check_name_free (GPtrArray        *saved,
                 FerryConnection  *connection,
                 GError          **error)
{
  const char *name = ferry_connection_get_name (connection);
  FerryConnection *other = find_in (saved, name, NULL, ferry_connection_get_id (connection));

  if (other == NULL)
    return TRUE;
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_EXISTS,
               "There is already a connection named “%s”; choose another name",
               ferry_connection_get_name (other));
  return FALSE;
}

/* The position in @saved of the connection with @connection's id, or -1
 * with FERRY_ERROR_NOT_FOUND. */
static int
position_of (GPtrArray        *saved,
             FerryConnection  *connection,
             GError          **error)
{
  FerryConnection *found = find_in (saved, NULL, ferry_connection_get_id (connection), NULL);
  guint position;

  if (found != NULL && g_ptr_array_find (saved, found, &position))
    return (int) position;
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
               "The connection “%s” is not saved (another program may have removed it); "
               "add it again", ferry_connection_get_name (connection));
  return -1;
}

static gboolean
add_change (GPtrArray        *saved,
            FerryConnection  *connection,
            GError          **error)
{
  if (find_in (saved, NULL, ferry_connection_get_id (connection), NULL) != NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_EXISTS,
                   "The connection “%s” is already saved; edit it instead",
                   ferry_connection_get_name (connection));
      return FALSE;
    }
  if (!check_name_free (saved, connection, error))
    return FALSE;

  g_ptr_array_add (saved, g_object_ref (connection));
  return TRUE;
}

static gboolean
update_change (GPtrArray        *saved,
               FerryConnection  *connection,
               GError          **error)
{
  int position = position_of (saved, connection, error);

  if (position < 0 || !check_name_free (saved, connection, error))
    return FALSE;

  g_object_unref (saved->pdata[position]);
  saved->pdata[position] = g_object_ref (connection);
  return TRUE;
}

static gboolean
remove_change (GPtrArray        *saved,
               FerryConnection  *connection,
               GError          **error)
{
  int position = position_of (saved, connection, error);

  if (position < 0)
    return FALSE;
  g_ptr_array_remove_index (saved, position);
  return TRUE;
}

gboolean
ferry_connection_store_add (FerryConnectionStore  *self,
                            FerryConnection       *connection,
                            GError               **error)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), FALSE);
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), FALSE);

  return ferry_connection_validate (connection, error)
         && modify (self, add_change, connection, error);
}

gboolean
ferry_connection_store_update (FerryConnectionStore  *self,
                               FerryConnection       *connection,
                               GError               **error)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), FALSE);
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), FALSE);

  return ferry_connection_validate (connection, error)
         && modify (self, update_change, connection, error);
}

gboolean
ferry_connection_store_remove (FerryConnectionStore  *self,
                               FerryConnection       *connection,
                               GError               **error)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION_STORE (self), FALSE);
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), FALSE);

  return modify (self, remove_change, connection, error);
}
