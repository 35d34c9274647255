/* ferry-export-applier.h: writes cloud export items into the accounting
 * database, exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export item (docs/cloud-api.md, "Exports") is written in one
 * transaction together with a row of the marker table ferry_applied
 * (export id, version), which Ferry keeps inside the accounting database so
 * that the write and the marker commit together. The cloud's export id is
 * kept in the rows' cloud_id column.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ferry-accounting-db.h"
#include "ferry-catalog.h"

G_BEGIN_DECLS

#define FERRY_EXPORT_MARKER_TABLE "ferry_applied"

typedef enum
{
  FERRY_EXPORT_APPLIED,         /* written for the first time */
  FERRY_EXPORT_ALREADY_APPLIED, /* this version (or a later one) is there: nothing written */
  FERRY_EXPORT_UPDATED,         /* a later version replaced what Ferry wrote before */
} FerryExportOutcome;

const char *ferry_export_outcome_to_string (FerryExportOutcome outcome);

#define FERRY_TYPE_EXPORT_APPLIER (ferry_export_applier_get_type ())
/* Not thread-safe, like the FerryAccountingDb it writes to. */
G_DECLARE_FINAL_TYPE (FerryExportApplier, ferry_export_applier, FERRY, EXPORT_APPLIER, GObject)

/* @db must be open read-write; creates the marker table if missing. */
FerryExportApplier *ferry_export_applier_new   (FerryAccountingDb   *db,
                                                FerryCatalog        *catalog,
                                                GError             **error);

/* Applies one export item ({export_id, entity, version, fields}). On
 * success *@out_accounting_id (owned, nullable) is the row's key as people
 * read it, e.g. "1001/007". Errors, with nothing written:
 *   FERRY_ERROR_INVALID_ARGUMENT   the item is malformed, or the database's
 *                                  constraints refuse its values
 *   FERRY_ERROR_REFERENCE_MISSING  a job, employee, … is missing or inactive
 *   FERRY_ERROR_CONFLICT           the rows were changed locally since Ferry
 *                                  wrote them, or the record was typed in by
 *                                  hand
 *   FERRY_ERROR_DATABASE, _BUSY    the database failed (locked, full, read-only,
 *                                  damaged): not the item's fault
 */
gboolean            ferry_export_applier_apply (FerryExportApplier  *self,
                                                JsonObject          *item,
                                                FerryExportOutcome  *out_outcome,
                                                char               **out_accounting_id,
                                                GError             **error);

/* Groups: the items applied between begin_group () and commit_group ()
 * share one transaction (BEGIN IMMEDIATE … COMMIT), each item in a
 * savepoint of its own, so an item that fails leaves nothing and the others
 * stand; one commit then makes the whole group durable at once, which on a
 * database with a rollback journal and synchronous FULL costs as much as one
 * item's. Nothing of a group is written until commit_group () returns TRUE:
 * acknowledge its items only then. If the commit fails, none of them is
 * written. The accounting database stays locked for writing while a group
 * is open, so keep groups short. */
gboolean            ferry_export_applier_begin_group    (FerryExportApplier  *self,
                                                         GError             **error);
gboolean            ferry_export_applier_commit_group   (FerryExportApplier  *self,
                                                         GError             **error);
/* Forgets every item of the open group, if any. */
void                ferry_export_applier_rollback_group (FerryExportApplier  *self);

G_END_DECLS
