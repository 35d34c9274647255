/* ferry-notify.h: a property's field set, and notified only when it changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For objects whose properties are G_PARAM_EXPLICIT_NOTIFY, so that a
 * widget bound to one redraws only when its value really changed.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Replaces *@field (owned, nullable) by a copy of @value and notifies
 * @pspec on @object; TRUE when it changed. */
gboolean ferry_notify_set_string  (GObject     *object,
                                   char       **field,
                                   const char  *value,
                                   GParamSpec  *pspec);
gboolean ferry_notify_set_boolean (GObject     *object,
                                   gboolean    *field,
                                   gboolean     value,
                                   GParamSpec  *pspec);

G_END_DECLS
