/* ferry-json-util.c: checks shared by the readers of Ferry's JSON files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-json-util"

#include "config.h"

#include "ferry-json-util.h"

gboolean
ferry_json_node_holds (JsonNode *node,
                       GType     kind)
{
  if (kind == JSON_TYPE_ARRAY)
    return JSON_NODE_HOLDS_ARRAY (node);
  if (kind == JSON_TYPE_OBJECT)
    return JSON_NODE_HOLDS_OBJECT (node);
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == kind;
}
