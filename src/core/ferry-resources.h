/* ferry-resources.h: data files compiled into libferry-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Returns the bytes of a core data file, e.g. "catalog.json". */
GBytes *ferry_resources_lookup (const char *name,
                                GError    **error);

G_END_DECLS
