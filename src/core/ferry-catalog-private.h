/* ferry-catalog-private.h: what the catalog loader shares with its entries
 *
 * Not installed; only the files of the catalog include it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ferry-catalog.h"

G_BEGIN_DECLS

/* Reading catalog.json (ferry-catalog-json.c). @context names the entry
 * being read, e.g. "Entity type “cn.contract”", and starts every message.
 * Every failure is FERRY_ERROR_INVALID_CATALOG. */

/* A non-empty string; *out is borrowed from @object. With @required FALSE
 * a missing member leaves *out NULL. */
gboolean     ferry_catalog_json_get_string  (JsonObject   *object,
                                             const char   *context,
                                             const char   *member,
                                             gboolean      required,
                                             const char  **out,
                                             GError      **error);
/* With @required FALSE a missing member gives @fallback. */
gboolean     ferry_catalog_json_get_boolean (JsonObject   *object,
                                             const char   *context,
                                             const char   *member,
                                             gboolean      required,
                                             gboolean      fallback,
                                             gboolean     *out,
                                             GError      **error);
gboolean     ferry_catalog_json_get_int     (JsonObject   *object,
                                             const char   *context,
                                             const char   *member,
                                             gint64       *out,
                                             GError      **error);
/* An array of strings; *out is a new NULL-terminated vector. */
gboolean     ferry_catalog_json_get_strv    (JsonObject   *object,
                                             const char   *context,
                                             const char   *member,
                                             GStrv        *out,
                                             GError      **error);
/* *out is borrowed; with @required FALSE a missing member leaves it NULL. */
gboolean     ferry_catalog_json_get_object  (JsonObject   *object,
                                             const char   *context,
                                             const char   *member,
                                             gboolean      required,
                                             JsonObject  **out,
                                             GError      **error);
/* A required array of objects; *out is borrowed. @what names an element
 * for messages, which count from 1: "Entity type" gives "Entity type #3". */
gboolean     ferry_catalog_json_get_objects (JsonObject   *object,
                                             const char   *context,
                                             const char   *member,
                                             const char   *what,
                                             JsonArray   **out,
                                             GError      **error);

/* Builds one entry (field, entity type, preset) from element @index of an
 * array; @context names the owner of the array. */
typedef GObject *(*FerryCatalogReadEntry) (JsonObject *object,
                                           const char *context,
                                           guint       index,
                                           GError    **error);
/* A new array of the objects @read builds from the array @member. */
GPtrArray   *ferry_catalog_json_get_entries (JsonObject            *object,
                                             const char            *context,
                                             const char            *member,
                                             const char            *what,
                                             FerryCatalogReadEntry  read,
                                             GError               **error);

/* A required string that must be one of the NULL-terminated @choices;
 * *out_index is its position there. */
gboolean     ferry_catalog_json_get_choice  (JsonObject         *object,
                                             const char         *context,
                                             const char         *member,
                                             const char * const *choices,
                                             int                *out_index,
                                             GError            **error);
/* The position of @name in the NULL-terminated @names, or -1. */
int          ferry_catalog_name_index       (const char * const *names,
                                             const char         *name);

void         ferry_catalog_json_add_string  (JsonBuilder        *builder,
                                             const char         *member,
                                             const char         *value);
void         ferry_catalog_json_add_strv    (JsonBuilder        *builder,
                                             const char         *member,
                                             const char * const *strv);

/* Building and writing the entries (ferry-field.c, ferry-entity-type.c,
 * ferry-preset.c). @context names the owner of a field. */
FerryField      *ferry_field_new_from_json       (JsonObject   *object,
                                                  const char   *context,
                                                  guint         index,
                                                  GError      **error);
void             ferry_field_to_json             (FerryField   *self,
                                                  JsonBuilder  *builder);
FerryEntityType *ferry_entity_type_new_from_json (JsonObject   *object,
                                                  guint         index,
                                                  GError      **error);
void             ferry_entity_type_to_json       (FerryEntityType *self,
                                                  JsonBuilder     *builder);
FerryPreset     *ferry_preset_new_from_json      (JsonObject   *object,
                                                  guint         index,
                                                  GError      **error);
void             ferry_preset_to_json            (FerryPreset  *self,
                                                  JsonBuilder  *builder);

/* Borrowed entity type at @position (< n_entity_types). */
FerryEntityType *ferry_catalog_peek_entity_type  (FerryCatalog *self,
                                                  guint         position);
/* Borrowed preset at @position, or NULL past the end. */
FerryPreset     *ferry_catalog_peek_preset       (FerryCatalog *self,
                                                  guint         position);

/* Checks that entries agree with each other (ferry-catalog-validate.c):
 * unique ids and labels, known modules, parents and references, keys, no
 * dependency cycle, presets naming what exists. Uses the public lookups,
 * which must already work. */
gboolean         ferry_catalog_validate          (FerryCatalog *self,
                                                  GError      **error);

G_END_DECLS
