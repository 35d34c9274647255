/* ferry-sync-plan.h: which entity types a run pushes, in which order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-connection.h"
#include "ferry-ledger.h"
#include "ferry-sync-options.h"

G_BEGIN_DECLS

/* The entity types of a run: @selected (nullable: every type) that are
 * enabled in @connection's mappings and go in @direction (push types,
 * export types or both), in dependency order (parents before the records
 * that refer to them).
 *
 * A selection naming an unknown id, a type of the other direction or a
 * type the mappings leave out is FERRY_ERROR_INVALID_ARGUMENT naming every
 * such entry and what to do; so is a plan with nothing in it.
 *
 * Returns: (transfer container) GPtrArray of borrowed FerryEntityType,
 * never empty; the catalog outlives it. */
GPtrArray *ferry_sync_plan_entities (FerryConnection      *connection,
                                     const char * const   *selected,
                                     FerryLedgerDirection  direction,
                                     GError              **error);

/* The same for a run with @options: their entity types and direction; a
 * dry run asks nothing of the cloud, so it pushes only (and refuses the
 * export direction). */
GPtrArray *ferry_sync_plan_for_options (FerryConnection        *connection,
                                        const FerrySyncOptions *options,
                                        GError                **error);

/* Whether @entity depends on @other through parents and references, also
 * through types in between. */
gboolean   ferry_sync_plan_depends_on (FerryCatalog     *catalog,
                                       FerryEntityType  *entity,
                                       FerryEntityType  *other);

G_END_DECLS
