/* ferry-source.h: where pushed records come from (an accounting system)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A source holds the records of the push entity types of one local
 * connection. FerrySqliteSource reads the SQLite accounting database of
 * data/accounting-schema.sql; other kinds of accounting system implement
 * the same interface.
 *
 * How a sync uses it:
 *   - check() for each entity type it will push ("Test connection" too): the
 *     table and every column the mappings need exist;
 *   - count() for progress and the deep-sync estimate;
 *   - open_cursor() for the records modified since the start of the
 *     timeframe (all of them without one), in key-text order, each with its
 *     canonical form and hash;
 *   - deletions: a deep sync re-reads only the timeframe, but a record
 *     outside it has not vanished. A ledger key has vanished when it is
 *     absent from the whole table: open_key_cursor() yields every key of the
 *     table in the same order, to walk side by side with the ledger's keys,
 *     and has_key() answers for a single key.
 *
 * A source is used from one thread at a time (a sync's worker thread);
 * cursors open at the same time share one read transaction, so they see the
 * same state of the database.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-entity-type.h"
#include "ferry-record.h"
#include "ferry-source-cursor.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SOURCE (ferry_source_get_type ())
G_DECLARE_INTERFACE (FerrySource, ferry_source, FERRY, SOURCE, GObject)

struct _FerrySourceInterface
{
  GTypeInterface parent_iface;

  gboolean           (*open)            (FerrySource         *self,
                                         GError             **error);
  void               (*close)           (FerrySource         *self);
  gboolean           (*check)           (FerrySource         *self,
                                         FerryRecordBuilder  *builder,
                                         GError             **error);
  gboolean           (*count)           (FerrySource         *self,
                                         FerryEntityType     *entity_type,
                                         GDateTime           *since,
                                         gint64              *out_count,
                                         GError             **error);
  FerrySourceCursor *(*open_cursor)     (FerrySource         *self,
                                         FerryRecordBuilder  *builder,
                                         GDateTime           *since,
                                         GCancellable        *cancellable,
                                         GError             **error);
  FerrySourceCursor *(*open_key_cursor) (FerrySource         *self,
                                         FerryEntityType     *entity_type,
                                         GCancellable        *cancellable,
                                         GError             **error);
  gboolean           (*has_key)         (FerrySource         *self,
                                         FerryEntityType     *entity_type,
                                         const char * const  *key,
                                         gboolean            *out_exists,
                                         GError             **error);
};

/* Connects; the other calls open the source on first use, so this is for
 * finding a wrong location or a locked database early (FERRY_ERROR_NOT_FOUND,
 * FERRY_ERROR_BUSY, FERRY_ERROR_DATABASE). Opening twice is harmless. */
gboolean           ferry_source_open            (FerrySource         *self,
                                                 GError             **error);
/* Disconnects; every cursor must have been closed or dropped. */
void               ferry_source_close           (FerrySource         *self);

/* FERRY_ERROR_SCHEMA naming the table or columns that @builder's entity
 * type and mappings need and the source lacks. */
gboolean           ferry_source_check           (FerrySource         *self,
                                                 FerryRecordBuilder  *builder,
                                                 GError             **error);

/* Records of @entity_type modified at or after @since (nullable: all). */
gboolean           ferry_source_count           (FerrySource         *self,
                                                 FerryEntityType     *entity_type,
                                                 GDateTime           *since,
                                                 gint64              *out_count,
                                                 GError             **error);

/* The records of @builder's entity type (a push type) modified at or after
 * @since (nullable: all), in key-text order, built by @builder. A cancelled
 * @cancellable stops the cursor within a fraction of a second, even while
 * the source is still sorting. */
FerrySourceCursor *ferry_source_open_cursor     (FerrySource         *self,
                                                 FerryRecordBuilder  *builder,
                                                 GDateTime           *since,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* Every key of @entity_type (a push type) in the source, whatever its
 * modification time, in key-text order; the records carry keys only. */
FerrySourceCursor *ferry_source_open_key_cursor (FerrySource         *self,
                                                 FerryEntityType     *entity_type,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* Whether the source holds a record of @entity_type with key values @key
 * (as ferry_record_get_key() gives them). */
gboolean           ferry_source_has_key         (FerrySource         *self,
                                                 FerryEntityType     *entity_type,
                                                 const char * const  *key,
                                                 gboolean            *out_exists,
                                                 GError             **error);

G_END_DECLS
