/* ferry-sync-plan.h: which entity types a run pushes, in which order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-connection.h"

G_BEGIN_DECLS

/* The push entity types of a run: @selected (nullable: every type) that
 * are enabled in @connection's mappings, in dependency order (parents
 * before the records that refer to them).
 *
 * A selection naming an unknown id, an export type or a type the mappings
 * leave out is FERRY_ERROR_INVALID_ARGUMENT naming every such entry and
 * what to do; so is a plan with nothing in it.
 *
 * Returns: (transfer container) GPtrArray of borrowed FerryEntityType,
 * never empty; the catalog outlives it. */
GPtrArray *ferry_sync_plan_entities (FerryConnection    *connection,
                                     const char * const *selected,
                                     GError            **error);

/* Whether @entity depends on @other through parents and references, also
 * through types in between. */
gboolean   ferry_sync_plan_depends_on (FerryCatalog     *catalog,
                                       FerryEntityType  *entity,
                                       FerryEntityType  *other);

G_END_DECLS
