/* ferry-connection.h: a local connection (an accounting database and the
 * cloud company it syncs with)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-catalog.h"

G_BEGIN_DECLS

/* Which accounting system a connection reads; written by its nick in JSON
 * ("sqlite") so other kinds can follow without renumbering files. */
typedef enum
{
  FERRY_ACCOUNTING_KIND_SQLITE, /* a database of data/accounting-schema.sql */
} FerryAccountingKind;

#define FERRY_TYPE_ACCOUNTING_KIND (ferry_accounting_kind_get_type ())
GType       ferry_accounting_kind_get_type    (void) G_GNUC_CONST;
gboolean    ferry_accounting_kind_from_string (const char          *name,
                                               FerryAccountingKind *out_kind);
const char *ferry_accounting_kind_to_string   (FerryAccountingKind  kind);

#define FERRY_CONNECTION_NAME_MAX   64
#define FERRY_CONNECTION_BATCH_MIN  1
#define FERRY_CONNECTION_BATCH_MAX  1000
#define FERRY_CONNECTION_BATCH_SIZE 1000
#define FERRY_CONNECTION_SCHEDULE   "hourly"
#define FERRY_CONNECTION_DEEP_SCHEDULE "manual"

#define FERRY_TYPE_CONNECTION (ferry_connection_get_type ())
/* Plain data with a property for every setting (notify only on change) and
 * a "mappings-changed" signal, so the app can bind to it. Not thread-safe:
 * give a worker thread its own ferry_connection_copy ().
 *
 * Setters accept any value so an edit dialog can hold half-typed input;
 * ferry_connection_validate () is the gate, and FerryConnectionStore and
 * ferry_connection_new_from_json () call it. */
G_DECLARE_FINAL_TYPE (FerryConnection, ferry_connection, FERRY, CONNECTION, GObject)

/* A new connection with a random id and the defaults: the catalog's
 * selected-by-default entity types, the optional fields that are off by
 * default switched off, schedule "hourly", deep schedule "manual", batches of 1000 (the most the API takes).
 * @catalog: (nullable): NULL for ferry_catalog_get_default (). */
FerryConnection     *ferry_connection_new               (FerryCatalog      *catalog,
                                                         const char        *name);
/* A deep copy with the same id. */
FerryConnection     *ferry_connection_copy              (FerryConnection   *self);
/* Makes @self's settings those of @source (same id required), notifying
 * what changed; how an edit dialog's copy is applied. */
void                 ferry_connection_update_from       (FerryConnection   *self,
                                                         FerryConnection   *source);

/* The JSON object of connections.json (see ferry-connection-store.h), and
 * back. Reading checks every member and then ferry_connection_validate ();
 * FERRY_ERROR_INVALID_ARGUMENT names the bad member.
 * @catalog: (nullable): NULL for the default catalog. */
JsonNode            *ferry_connection_to_json           (FerryConnection   *self);
FerryConnection     *ferry_connection_new_from_json     (FerryCatalog      *catalog,
                                                         JsonNode          *node,
                                                         GError           **error);

/* Everything a saved connection must satisfy; FERRY_ERROR_INVALID_ARGUMENT
 * naming the setting and what to do. The cloud settings may be empty
 * (not connected yet) but must be right when set. */
gboolean             ferry_connection_validate          (FerryConnection   *self,
                                                         GError           **error);
/* Whether site URL, site, company and user are all set, as a sync needs. */
gboolean             ferry_connection_check_cloud       (FerryConnection   *self,
                                                         GError           **error);

/* Rules for single values, for forms and command lines. */
gboolean             ferry_connection_check_name        (const char        *name,
                                                         GError           **error);
/* https:// anywhere; http:// only for loopback hosts (127.0.0.0/8, ::1,
 * localhost). */
gboolean             ferry_connection_check_url         (const char        *url,
                                                         GError           **error);
/* Loose: "hourly", "manual", "every:15m", "daily:02:00" and the like;
 * the scheduler gives the words their meaning. */
gboolean             ferry_connection_check_schedule    (const char        *schedule,
                                                         GError           **error);

FerryCatalog        *ferry_connection_get_catalog       (FerryConnection   *self);
/* A UUID, fixed for the connection's life (renames keep it); the ledger
 * and the password are filed under it. */
const char          *ferry_connection_get_id            (FerryConnection   *self);
const char          *ferry_connection_get_name          (FerryConnection   *self);
void                 ferry_connection_set_name          (FerryConnection   *self,
                                                         const char        *name);
FerryAccountingKind  ferry_connection_get_kind          (FerryConnection   *self);
void                 ferry_connection_set_kind          (FerryConnection   *self,
                                                         FerryAccountingKind kind);
/* Absolute path of the accounting database. */
const char          *ferry_connection_get_location      (FerryConnection   *self);
void                 ferry_connection_set_location      (FerryConnection   *self,
                                                         const char        *location);
/* Base address of the cloud, e.g. https://cloud.example.com. */
const char          *ferry_connection_get_site_url      (FerryConnection   *self);
void                 ferry_connection_set_site_url      (FerryConnection   *self,
                                                         const char        *site_url);
/* The tenant, e.g. "demo". */
const char          *ferry_connection_get_site          (FerryConnection   *self);
void                 ferry_connection_set_site          (FerryConnection   *self,
                                                         const char        *site);
/* The company code in the site, e.g. "01". */
const char          *ferry_connection_get_company       (FerryConnection   *self);
void                 ferry_connection_set_company       (FerryConnection   *self,
                                                         const char        *company);
const char          *ferry_connection_get_user          (FerryConnection   *self);
void                 ferry_connection_set_user          (FerryConnection   *self,
                                                         const char        *user);
/* When automatic (shallow) syncs run: the grammar of ferry-schedule.h. */
const char          *ferry_connection_get_schedule      (FerryConnection   *self);
void                 ferry_connection_set_schedule      (FerryConnection   *self,
                                                         const char        *schedule);
/* When automatic syncs are deep instead ("weekly:sun:02:00"); "manual"
 * (the default) for never. Same grammar; see ferry-schedule-state.h. */
const char          *ferry_connection_get_deep_schedule (FerryConnection   *self);
void                 ferry_connection_set_deep_schedule (FerryConnection   *self,
                                                         const char        *deep_schedule);
guint                ferry_connection_get_batch_size    (FerryConnection   *self);
void                 ferry_connection_set_batch_size    (FerryConnection   *self,
                                                         guint              batch_size);
/* Whether a run stops at the first rejected record instead of going on
 * with the records that do not depend on it. */
gboolean             ferry_connection_get_stop_on_error (FerryConnection   *self);
void                 ferry_connection_set_stop_on_error (FerryConnection   *self,
                                                         gboolean           stop_on_error);

/* Mappings: which entity types flow, and which optional fields are
 * switched off. Lists come in catalog order (unknown ids last, sorted). */
gboolean             ferry_connection_get_entity_enabled (FerryConnection  *self,
                                                          const char       *entity_id);
void                 ferry_connection_set_entity_enabled (FerryConnection  *self,
                                                          const char       *entity_id,
                                                          gboolean          enabled);
/* Returns: (transfer full) NULL-terminated, never NULL. */
GStrv                ferry_connection_dup_enabled_entities (FerryConnection *self);
void                 ferry_connection_set_enabled_entities (FerryConnection    *self,
                                                            const char * const *entity_ids);
/* FALSE when the field is switched off; TRUE for any other field. */
gboolean             ferry_connection_get_field_enabled  (FerryConnection  *self,
                                                          const char       *entity_id,
                                                          const char       *field);
void                 ferry_connection_set_field_enabled  (FerryConnection  *self,
                                                          const char       *entity_id,
                                                          const char       *field,
                                                          gboolean          enabled);
/* Entity type ids with at least one field switched off.
 * Returns: (transfer full) NULL-terminated, never NULL. */
GStrv                ferry_connection_dup_field_entities (FerryConnection  *self);
/* Returns: (transfer full) the switched-off fields of @entity_id in field
 * order; empty, never NULL. */
GStrv                ferry_connection_dup_disabled_fields (FerryConnection *self,
                                                           const char      *entity_id);
/* Replaces the switched-off fields of @entity_id; empty or NULL for none. */
void                 ferry_connection_set_disabled_fields (FerryConnection    *self,
                                                           const char         *entity_id,
                                                           const char * const *fields);
/* Turns on the preset's entity types and switches off its fields; it never
 * turns anything off that is on, except the fields it names. */
void                 ferry_connection_apply_preset       (FerryConnection  *self,
                                                          FerryPreset      *preset);

G_END_DECLS
