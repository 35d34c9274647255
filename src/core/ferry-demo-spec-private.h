/* ferry-demo-spec-private.h: shared by the parts of the demo spec parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ferry-demo-spec.h"

G_BEGIN_DECLS

/* Reads the generator of @column (kind, parameters, null_probability) from
 * @object; the table's earlier columns are known. */
gboolean          ferry_demo_column_parse   (FerryDemoSpec     *spec,
                                             FerryDemoTable    *table,
                                             FerryDemoColumn   *column,
                                             JsonObject        *object,
                                             GError           **error);
void              ferry_demo_column_free    (FerryDemoColumn   *column);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDemoColumn, ferry_demo_column_free)

/* Reads "lists": named word lists, items are strings or tuples of strings. */
gboolean          ferry_demo_lists_parse    (FerryDemoSpec     *spec,
                                             JsonObject        *root,
                                             GError           **error);
void              ferry_demo_list_free      (FerryDemoList     *list);

/* A number from 0 to 1, else an error naming @name. */
gboolean          ferry_demo_read_probability (JsonNode        *node,
                                               const char      *name,
                                               double          *out,
                                               GError         **error);
/* The indexes of the columns @names (a JSON list) names, which must have
 * been generated already; an error naming @member otherwise. */
GArray           *ferry_demo_table_lookup_columns (FerryDemoTable  *table,
                                                   JsonNode        *names,
                                                   const char      *member,
                                                   GError         **error);

/* The index of the date column (or modified_at) named by the string
 * @node, generated already; -1 if there is none. */
int               ferry_demo_table_lookup_date_column (FerryDemoTable *table,
                                                       JsonNode       *node);

/* A JSON string, integer, boolean or null as a value; NULL and an error for
 * anything else. */
FerryDemoLiteral *ferry_demo_literal_new    (JsonNode          *node,
                                             GError           **error);

G_END_DECLS
