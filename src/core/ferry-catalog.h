/* ferry-catalog.h: the entity catalog (data/catalog.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-entity-type.h"
#include "ferry-preset.h"

G_BEGIN_DECLS

#define FERRY_TYPE_CATALOG (ferry_catalog_get_type ())
/* A GListModel of FerryEntityType in catalog order. Immutable once loaded,
 * so it may be shared between threads. */
G_DECLARE_FINAL_TYPE (FerryCatalog, ferry_catalog, FERRY, CATALOG, GObject)

/* Parses and validates; FERRY_ERROR_INVALID_CATALOG with a message naming
 * the offending entry on any problem (unknown parent, cycle, duplicate id,
 * missing key field, …). */
FerryCatalog    *ferry_catalog_new_from_bytes  (GBytes        *json,
                                                GError       **error);
FerryCatalog    *ferry_catalog_new_from_file   (const char    *path,
                                                GError       **error);
/* The catalog built into Ferry, loaded once; borrowed, never NULL. */
FerryCatalog    *ferry_catalog_get_default     (void);

guint            ferry_catalog_get_n_entity_types (FerryCatalog *self);
FerryEntityType *ferry_catalog_lookup          (FerryCatalog  *self,
                                                const char    *id);
FerryEntityType *ferry_catalog_lookup_by_label (FerryCatalog  *self,
                                                const char    *label);

/* Module ids in catalog order (NULL-terminated) and their labels. */
const char * const *ferry_catalog_get_modules  (FerryCatalog  *self);
const char      *ferry_catalog_get_module_label (FerryCatalog *self,
                                                const char    *module_id);

/* A GListModel of FerryPreset in catalog order. */
GListModel      *ferry_catalog_get_presets     (FerryCatalog  *self);
FerryPreset     *ferry_catalog_lookup_preset   (FerryCatalog  *self,
                                                const char    *id);

/* The given entity types (all of them if @ids is NULL) ordered so every
 * type comes after those it depends on (parents and field references),
 * ties in catalog order. Unknown ids are an error.
 * Returns: (transfer container) GPtrArray of borrowed FerryEntityType. */
GPtrArray       *ferry_catalog_sort_by_dependency (FerryCatalog       *self,
                                                   const char * const *ids,
                                                   GError            **error);

/* The catalog as JSON, in the same shape as data/catalog.json. */
JsonNode        *ferry_catalog_to_json         (FerryCatalog  *self);

G_END_DECLS
