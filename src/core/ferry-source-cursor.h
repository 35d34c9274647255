/* ferry-source-cursor.h: records of one entity type, read in key-text order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ferry-record.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SOURCE_CURSOR (ferry_source_cursor_get_type ())
/* A cursor yields the records of one entity type from a FerrySource (see
 * ferry-source.h), in strictly increasing key-text order (bytewise, as
 * strcmp() compares ferry_record_key_to_text()), so that a caller can walk
 * it side by side with the ledger. It builds each record's canonical form
 * and hash, or only its key for a key cursor. A key that the source holds
 * twice is yielded once more, with a problem (the order is then
 * non-decreasing for those only). A cursor is used from one thread, like
 * its source.
 *
 * Subclasses (one per kind of source) implement fetch() and close(). */
G_DECLARE_DERIVABLE_TYPE (FerrySourceCursor, ferry_source_cursor, FERRY, SOURCE_CURSOR, GObject)

struct _FerrySourceCursorClass
{
  GObjectClass parent_class;

  /* Fills @row with the next row's values (one per column of the builder,
   * or per key field for a key cursor), borrowed until the next call, in
   * key-text order. FALSE without an error at the end. */
  gboolean (*fetch) (FerrySourceCursor  *self,
                     FerryValue         *row,
                     GCancellable       *cancellable,
                     GError            **error);
  /* Lets go of what the cursor holds (statements, a read transaction);
   * called once, at the end, on an error, by close() or on dispose. */
  void     (*close) (FerrySourceCursor  *self);

  gpointer padding[8];
};

/* Moves to the next record: TRUE with *@out_record pointing at it (borrowed
 * until the next call; check ferry_record_get_problem()), FALSE at the end
 * (*@out_record NULL, no error) or on an error (G_IO_ERROR_CANCELLED when
 * @cancellable of the cursor was cancelled; FERRY_ERROR_BUSY, _DATABASE…).
 * After FALSE the cursor is closed. */
gboolean            ferry_source_cursor_next        (FerrySourceCursor  *self,
                                                     FerryRecord       **out_record,
                                                     GError            **error);
/* Ends reading early; safe to call more than once. */
void                ferry_source_cursor_close       (FerrySourceCursor  *self);

FerryRecordBuilder *ferry_source_cursor_get_builder (FerrySourceCursor  *self);
/* TRUE if the cursor yields keys only (no fields, no hash). */
gboolean            ferry_source_cursor_get_keys_only (FerrySourceCursor *self);
GCancellable       *ferry_source_cursor_get_cancellable (FerrySourceCursor *self);
/* Records yielded so far. */
guint64             ferry_source_cursor_get_n_read  (FerrySourceCursor  *self);

G_END_DECLS
