/* ferry-resources.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-resources"

#include "ferry-resources.h"

#include "ferry-core-resources.h"
#include "ferry-error.h"

#define CORE_RESOURCE_PREFIX "/io/github/ferrysync/Ferry/core/"

GBytes *
ferry_resources_lookup (const char *name,
                        GError    **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  g_return_val_if_fail (name != NULL, NULL);

  /* Looked up in our own GResource (not the global table): a static
   * library's constructor is not guaranteed to run. */
  path = g_strconcat (CORE_RESOURCE_PREFIX, name, NULL);
  bytes = g_resource_lookup_data (ferry_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                   "Built-in data file “%s” is missing from this build of Ferry: %s",
                   name, local_error->message);
      return NULL;
    }

  return bytes;
}
