/* ferry-notify.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-notify"

#include "ferry-notify.h"

gboolean
ferry_notify_set_string (GObject     *object,
                         char       **field,
                         const char  *value,
                         GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}

gboolean
ferry_notify_set_boolean (GObject    *object,
                          gboolean   *field,
                          gboolean    value,
                          GParamSpec *pspec)
{
  if (*field == !!value)
    return FALSE;
  *field = !!value;
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}
