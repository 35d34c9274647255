/* ferry-cloud-store.h: the storage of ferry-cloud (SQLite, WAL)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns the database of the cloud service: sites, companies, users, tokens,
 * records, batches and export items (src/cloud/cloud-schema.sql). One
 * store is used by one thread at a time. Errors are in the
 * FERRY_CLOUD_PROBLEM domain so the server can answer them as they are.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ferry-catalog.h"

G_BEGIN_DECLS

#define FERRY_TYPE_CLOUD_STORE (ferry_cloud_store_get_type ())
G_DECLARE_FINAL_TYPE (FerryCloudStore, ferry_cloud_store, FERRY, CLOUD_STORE, GObject)

/* Opens @path, creating it (and its schema) if needed. */
FerryCloudStore *ferry_cloud_store_open              (const char       *path,
                                                      GError          **error);
FerryCatalog    *ferry_cloud_store_get_catalog       (FerryCloudStore  *self);
const char      *ferry_cloud_store_get_path          (FerryCloudStore  *self);

/* Unix seconds, UTC. Tests may pin it with set_now (0 = the real clock). */
gint64           ferry_cloud_store_now               (FerryCloudStore  *self);
void             ferry_cloud_store_set_now           (FerryCloudStore  *self,
                                                      gint64            now);
/* "2026-11-23T14:05:09Z" */
char            *ferry_cloud_format_time             (gint64            unix_seconds);

gint64           ferry_cloud_store_add_site          (FerryCloudStore  *self,
                                                      const char       *name,
                                                      GError          **error);
/* FERRY_CLOUD_PROBLEM_UNKNOWN_SITE when there is none. */
gboolean         ferry_cloud_store_lookup_site       (FerryCloudStore  *self,
                                                      const char       *name,
                                                      gint64           *out_site_id,
                                                      GError          **error);
/* {"sites": [{"name", "created_at"}]} */
JsonNode        *ferry_cloud_store_list_sites        (FerryCloudStore  *self,
                                                      GError          **error);

gint64           ferry_cloud_store_add_company       (FerryCloudStore  *self,
                                                      gint64            site_id,
                                                      const char       *code,
                                                      const char       *name,
                                                      GError          **error);
/* FERRY_CLOUD_PROBLEM_UNKNOWN_COMPANY when there is none. */
gboolean         ferry_cloud_store_lookup_company    (FerryCloudStore  *self,
                                                      gint64            site_id,
                                                      const char       *code,
                                                      gint64           *out_company_id,
                                                      GError          **error);
/* {"companies": [{"code", "name"}]} in code order. */
JsonNode        *ferry_cloud_store_list_companies    (FerryCloudStore  *self,
                                                      gint64            site_id,
                                                      GError          **error);

G_END_DECLS
