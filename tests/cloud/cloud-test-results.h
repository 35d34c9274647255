/* cloud-test-results.h: checks of a push batch's answer, shared by the
 * store-level and the HTTP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

static inline JsonObject *
cloud_test_result_at (JsonNode *answer,
                      guint     i)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "results");

  g_assert_cmpuint (i, <, json_array_get_length (results));
  return json_array_get_object_element (results, i);
}

/* @version 0 means the answer's version is null. */
static inline void
cloud_test_assert_result (JsonNode   *answer,
                          guint       i,
                          const char *result,
                          gint64      version)
{
  JsonObject *object = cloud_test_result_at (answer, i);

  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, result);
  if (version == 0)
    g_assert_true (json_object_get_null_member (object, "version"));
  else
    g_assert_cmpint (json_object_get_int_member (object, "version"), ==, version);
}
