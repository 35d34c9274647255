/* ferry-demo-generator.h: a deterministic demo construction company
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_DEMO_GENERATOR_DEFAULT_RECORDS 20000
/* Fixed, so that the same seed gives the same bytes on any day. */
#define FERRY_DEMO_GENERATOR_DEFAULT_AS_OF "2026-11-01"

#define FERRY_TYPE_DEMO_GENERATOR (ferry_demo_generator_get_type ())
/* Generates a construction company described by data/demo-company.json
 * into a new accounting database. Same seed, records and as-of date give a
 * byte-identical file.
 *
 * Signals:
 *   progress (const char *table, guint64 done, guint64 total): emitted from
 *   the thread calling ferry_demo_generator_run(), at most ten times a
 *   second, with the table being written and the rows written so far. */
G_DECLARE_FINAL_TYPE (FerryDemoGenerator, ferry_demo_generator, FERRY, DEMO_GENERATOR, GObject)

FerryDemoGenerator *ferry_demo_generator_new           (void);

void         ferry_demo_generator_set_seed             (FerryDemoGenerator  *self,
                                                        guint64              seed);
guint64      ferry_demo_generator_get_seed             (FerryDemoGenerator  *self);
/* Rows over all tables; the result has exactly this many. */
void         ferry_demo_generator_set_records          (FerryDemoGenerator  *self,
                                                        guint64              records);
guint64      ferry_demo_generator_get_records          (FerryDemoGenerator  *self);
/* Modification times lie in the years before this day, none on or after. */
void         ferry_demo_generator_set_as_of            (FerryDemoGenerator  *self,
                                                        const GDate         *as_of);
const GDate *ferry_demo_generator_get_as_of            (FerryDemoGenerator  *self);
/* "YYYY-MM-DD"; FERRY_ERROR_INVALID_ARGUMENT otherwise. */
gboolean     ferry_demo_generator_set_as_of_string     (FerryDemoGenerator  *self,
                                                        const char          *text,
                                                        GError             **error);

/* Replaces the built-in company description (for tests and experiments);
 * checks it against the accounting schema. NULL loads the built-in one. */
gboolean     ferry_demo_generator_load_spec            (FerryDemoGenerator  *self,
                                                        GBytes              *json,
                                                        GError             **error);
/* The fewest records the description can be generated with; 0 on error. */
guint64      ferry_demo_generator_get_min_records      (FerryDemoGenerator  *self,
                                                        GError             **error);

/* Writes the company to a temporary file next to @path and renames it into
 * place on success only: a failed, cancelled or killed run never leaves a
 * partial database at @path. FERRY_ERROR_EXISTS if @path exists and not
 * @overwrite; FERRY_ERROR_INVALID_ARGUMENT naming the minimum when the
 * records are too few; G_IO_ERROR_CANCELLED. */
gboolean     ferry_demo_generator_run                  (FerryDemoGenerator  *self,
                                                        const char          *path,
                                                        gboolean             overwrite,
                                                        GCancellable        *cancellable,
                                                        GError             **error);

/* Tables in generation order (after a spec is loaded or a run); borrowed. */
const char * const *ferry_demo_generator_get_tables    (FerryDemoGenerator  *self);
/* Rows the last successful run wrote into @table; 0 before. */
guint64      ferry_demo_generator_get_row_count        (FerryDemoGenerator  *self,
                                                        const char          *table);

G_END_DECLS
