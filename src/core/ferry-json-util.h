/* ferry-json-util.h: checks shared by the readers of Ferry's JSON files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* TRUE if @node is an array (@kind JSON_TYPE_ARRAY), an object
 * (JSON_TYPE_OBJECT), or a value of @kind (G_TYPE_STRING, G_TYPE_INT64,
 * G_TYPE_BOOLEAN, …). */
gboolean ferry_json_node_holds (JsonNode *node,
                                GType     kind);

G_END_DECLS
