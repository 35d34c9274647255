/* cloud-test-batches.h: customer type batches for the HTTP tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cloud-test-results.h"
#include "cloud-test-server.h"

#define TYPES "/api/v1/sites/demo/companies/01/entities/ar.customer_type"
#define CUSTOMERS "/api/v1/sites/demo/companies/01/entities/ar.customer"

/* A customer type record as a batch member; the hash follows the content. */
static inline char *
type_record (const char *code,
             const char *description)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, description, -1);

  return g_strdup_printf ("{\"key\": [\"%s\"], \"hash\": \"%s\", \"op\": \"upsert\", "
                          "\"fields\": {\"customer_type\": \"%s\", \"description\": \"%s\"}}",
                          code, hash, code, description);
}

static inline char *
batch_of (const char *first,
          ...)
{
  GString *out = g_string_new ("{\"records\": [");
  va_list args;

  va_start (args, first);
  for (const char *record = first; record != NULL; record = va_arg (args, const char *))
    {
      if (record != first)
        g_string_append (out, ", ");
      g_string_append (out, record);
    }
  va_end (args);
  g_string_append (out, "]}");

  return g_string_free (out, FALSE);
}

static inline void
assert_result (CloudTestResponse *response,
               guint              index,
               const char        *expected,
               gint64             version)
{
  g_assert_no_error (response->error);
  cloud_test_assert_result (response->json, index, expected, version);
}

static inline JsonObject *
result_at (CloudTestResponse *response,
           guint              index)
{
  g_assert_no_error (response->error);
  return cloud_test_result_at (response->json, index);
}

static inline CloudTestResponse *
push (CloudTestServer *server,
      const char      *token,
      const char      *entity_path,
      const char      *key,
      const char      *body)
{
  g_autofree char *path = g_strconcat (entity_path, "/batches", NULL);

  return cloud_test_request (server, "POST", path, token, key, body);
}
