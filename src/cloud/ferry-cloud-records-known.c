/* ferry-cloud-records-known.c: which records are stored, remembered from batch to batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A push checks that every record a pushed record refers to is stored
 * (ferry-cloud-records-check.c). The thousands of records of a large
 * entity type refer to far fewer parents, and looking each of them up
 * again in every batch cost more than the rest of the checks; so a store
 * connection remembers what it learnt, per entity type and key text.
 *
 * What is remembered stays true while only this connection writes
 * records: the batches it stores report what they change
 * (ferry_cloud_push_check_note ()); a commit by any other connection (an
 * admin command, another process) changes PRAGMA data_version, which is
 * read inside each batch's transaction, and empties it; so does a batch
 * whose transaction was rolled back (ferry_cloud_known_forget ()), a
 * batch of another company, and more than MAX_KNOWN keys.
 */
#define G_LOG_DOMAIN "ferry-cloud-records"

#include "config.h"

#include "ferry-cloud-records-private.h"

/* Keys remembered, at most: a few tens of MB. */
#define MAX_KNOWN 250000

struct _FerryCloudKnown
{
  GHashTable *caches;       /* entity id (owned) → (key text (owned) → FerryCloudKnownState), owned */
  gint64      company_id;
  gint64      data_version; /* PRAGMA data_version when last checked */
};

static GQuark
known_quark (void)
{
  return g_quark_from_static_string ("ferry-cloud-records-known");
}

static void
known_free (gpointer data)
{
  FerryCloudKnown *known = data;

  g_hash_table_unref (known->caches);
  g_free (known);
}

static gboolean
read_data_version (FerryCloudStore  *store,
                   gint64           *out_version,
                   GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store, "PRAGMA data_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_version = sqlite3_column_int64 (stmt, 0);
  else
    ferry_cloud_store_set_error (store, error, "read the data version");
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

static guint
count_keys (FerryCloudKnown *known)
{
  GHashTableIter iter;
  gpointer cache;
  guint n_keys = 0;

  g_hash_table_iter_init (&iter, known->caches);
  while (g_hash_table_iter_next (&iter, NULL, &cache))
    n_keys += g_hash_table_size (cache);
  return n_keys;
}

FerryCloudKnown *
ferry_cloud_known_get (FerryCloudStore  *store,
                       gint64            company_id,
                       GError          **error)
{
  FerryCloudKnown *known = g_object_get_qdata (G_OBJECT (store), known_quark ());
  gint64 version;

  if (!read_data_version (store, &version, error))
    return NULL;
  if (known == NULL)
    {
      known = g_new0 (FerryCloudKnown, 1);
      known->caches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_hash_table_unref);
      g_object_set_qdata_full (G_OBJECT (store), known_quark (), known, known_free);
    }
  if (known->company_id != company_id || known->data_version != version
      || count_keys (known) > MAX_KNOWN)
    g_hash_table_remove_all (known->caches);
  known->company_id = company_id;
  known->data_version = version;
  return known;
}

GHashTable *
ferry_cloud_known_lookup (FerryCloudKnown *known,
                          const char      *entity_id,
                          gboolean         create)
{
  GHashTable *cache = g_hash_table_lookup (known->caches, entity_id);

  if (cache == NULL && create)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (known->caches, g_strdup (entity_id), cache);
    }
  return cache;
}

void
ferry_cloud_known_forget (FerryCloudStore *store)
{
  FerryCloudKnown *known = g_object_get_qdata (G_OBJECT (store), known_quark ());

  if (known != NULL)
    g_hash_table_remove_all (known->caches);
}
