/* ferry-demo-writer.h: writes the rows of a demo company, table by table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ferry-accounting-db.h"
#include "ferry-demo-spec.h"

G_BEGIN_DECLS

typedef struct _FerryDemoWriter FerryDemoWriter;

/* Called every few thousand rows with the rows written so far in the whole
 * run; returning FALSE with @error set stops the run. */
typedef gboolean (*FerryDemoProgressFunc) (const char  *table,
                                           guint64      done,
                                           gpointer     user_data,
                                           GError     **error);

/* @spec and @db are borrowed and must outlive the writer. */
FerryDemoWriter *ferry_demo_writer_new         (FerryDemoSpec          *spec,
                                                FerryAccountingDb      *db,
                                                guint64                 seed,
                                                const GDate            *as_of);
void             ferry_demo_writer_free        (FerryDemoWriter        *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDemoWriter, ferry_demo_writer_free)

/* Inserts @n_rows rows into table @index of the spec; tables must be
 * written in spec order, inside a transaction the caller holds. Only the
 * columns later tables refer to are kept in memory. */
gboolean         ferry_demo_writer_write_table (FerryDemoWriter        *self,
                                                guint                   index,
                                                guint64                 n_rows,
                                                FerryDemoProgressFunc   progress,
                                                gpointer                user_data,
                                                GError                **error);

G_END_DECLS
