/* ferry-export-private.h: rows of an export item, shared by the applier files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ferry-accounting-db.h"
#include "ferry-canonical.h"
#include "ferry-catalog.h"

G_BEGIN_DECLS

/* One column of a row about to be written, in the schema's form. */
typedef struct
{
  const char     *column;  /* borrowed from the catalog */
  const char     *label;   /* borrowed from the catalog */
  FerryFieldType  type;
  FerryValueKind  kind;    /* NULL, INTEGER or TEXT */
  gint64          integer;
  char           *text;    /* owned; FERRY_VALUE_TEXT */
} FerryExportValue;

/* A row: a GArray of FerryExportValue that frees their text. */
GArray                 *ferry_export_row_new       (void);
void                    ferry_export_row_add_copy  (GArray                 *row,
                                                    const FerryExportValue *value);
const FerryExportValue *ferry_export_row_lookup    (GArray                 *row,
                                                    const char             *column);
/* Converts fields.@name from the API's JSON form (money "1234.50" → cents,
 * decimals and dates as checked text) and appends it to @row. */
gboolean                ferry_export_row_add_json  (GArray                 *row,
                                                    FerryField             *field,
                                                    JsonObject             *fields,
                                                    GError                **error);
/* The key values of @row, display form ("1001/007"). */
char                   *ferry_export_row_display_key (GArray               *row,
                                                      const char * const   *key);

void                    ferry_export_value_bind    (const FerryExportValue *value,
                                                    sqlite3_stmt           *stmt,
                                                    int                     index);

/* Table and column names come from the catalog; they go into SQL text only
 * if they look like names, and quoted. */
gboolean                ferry_export_is_identifier (const char             *name);
void                    ferry_export_append_identifier (GString            *sql,
                                                        const char         *name);

/* What rows of a table reference, worked out from the catalog and the
 * schema once: the catalog's references of @fields, then the schema's
 * foreign keys of @table except those to @skip_table (nullable).
 * Returns: (transfer full) FerryExportReference. */
typedef struct _FerryExportReference FerryExportReference;

GPtrArray              *ferry_export_references_new (FerryAccountingDb  *db,
                                                     FerryCatalog       *catalog,
                                                     GListModel         *fields,
                                                     const char         *table,
                                                     const char         *skip_table,
                                                     GError            **error);
/* Checks @references of @row against the accounting database:
 * FERRY_ERROR_REFERENCE_MISSING naming what is missing and the fix.
 * @context gives values @row lacks (the header of an item); nullable. */
gboolean                ferry_export_check_references (FerryAccountingDb  *db,
                                                       FerryCatalog       *catalog,
                                                       GPtrArray          *references,
                                                       GArray             *row,
                                                       GArray             *context,
                                                       GError            **error);

/* How an export type's rows are laid out in the accounting database. */
typedef struct
{
  FerryEntityType *type;         /* borrowed from the catalog */
  GPtrArray       *header;       /* FerryField (owned refs): the header columns */
  GPtrArray       *item_columns; /* FerryField (owned refs): header fields the items
                                  * table repeats (commitment, job), then the item fields */
  GPtrArray       *links;        /* const char * (borrowed): header key columns in the
                                  * items table, which find a header's items */
  GPtrArray       *header_references; /* FerryExportReference (owned) */
  GPtrArray       *item_references;   /* FerryExportReference (owned); nullable
                                       * without an items table */
} FerryExportPlan;

/* FERRY_ERROR_SCHEMA if a table or column name is unusable or missing. */
FerryExportPlan *ferry_export_plan_new  (FerryAccountingDb  *db,
                                         FerryCatalog       *catalog,
                                         FerryEntityType    *type,
                                         GError            **error);
void             ferry_export_plan_free (FerryExportPlan    *plan);

/* Inserts the header and its items, cloud_id @export_id on the header and
 * "@export_id/ITEM" on each item. */
gboolean ferry_export_write_insert   (FerryAccountingDb  *db,
                                      FerryExportPlan    *plan,
                                      GArray             *header,
                                      GPtrArray          *items,
                                      const char         *export_id,
                                      GError            **error);
/* Updates the header whose cloud_id is @export_id and replaces its items. */
gboolean ferry_export_write_update   (FerryAccountingDb  *db,
                                      FerryExportPlan    *plan,
                                      GArray             *header,
                                      GPtrArray          *items,
                                      const char         *export_id,
                                      GError            **error);
/* The canonical text of the rows of @export_id as they are now, one
 * "ROW\tCOLUMN\tVALUE" line per column; *@out_found FALSE if the header is
 * gone. */
gboolean ferry_export_write_describe (FerryAccountingDb  *db,
                                      FerryExportPlan    *plan,
                                      const char         *export_id,
                                      GString            *out,
                                      gboolean           *out_found,
                                      GError            **error);
/* The cloud_id (owned, nullable) of the row with @header's natural key;
 * *@out_found FALSE if there is none. */
gboolean ferry_export_write_find_key (FerryAccountingDb  *db,
                                      FerryExportPlan    *plan,
                                      GArray             *header,
                                      gboolean           *out_found,
                                      char              **out_cloud_id,
                                      GError            **error);

G_END_DECLS
