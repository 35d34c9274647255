/* ferry-mappings-toggle.h: a checkbox or switch of the Advanced Mappings
 * dialog, backed by a connection's mappings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ferry-connection.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MAPPINGS_TOGGLE (ferry_mappings_toggle_get_type ())
/* The base of FerryMappingsEntity (an entity type on or off) and
 * FerryMappingsField (an optional field on or off). "enabled" reads and
 * writes the connection (FerryMappingsEditor's copy) and follows its
 * "mappings-changed", so a widget may bind to it both ways; "sensitive"
 * is FALSE, and "insensitive-reason" says why, when the accounting
 * database cannot supply what the row stands for. */
G_DECLARE_DERIVABLE_TYPE (FerryMappingsToggle, ferry_mappings_toggle, FERRY, MAPPINGS_TOGGLE, GObject)

struct _FerryMappingsToggleClass
{
  GObjectClass parent_class;

  gboolean (*read_enabled)  (FerryMappingsToggle *self,
                             FerryConnection     *connection);
  void     (*write_enabled) (FerryMappingsToggle *self,
                             FerryConnection     *connection,
                             gboolean             enabled);
};

/* For subclasses, once they can answer read_enabled (): starts following
 * @connection. */
void             ferry_mappings_toggle_bind          (FerryMappingsToggle *self,
                                                      FerryConnection     *connection);

FerryConnection *ferry_mappings_toggle_get_connection (FerryMappingsToggle *self);
gboolean         ferry_mappings_toggle_get_enabled   (FerryMappingsToggle *self);
/* Writes the connection; its "mappings-changed" notifies "enabled". */
void             ferry_mappings_toggle_set_enabled   (FerryMappingsToggle *self,
                                                      gboolean             enabled);
gboolean         ferry_mappings_toggle_get_sensitive (FerryMappingsToggle *self);
/* Returns: (nullable) */
const char      *ferry_mappings_toggle_get_insensitive_reason (FerryMappingsToggle *self);
/* For FerryMappingsEditor: NULL makes the row sensitive again. */
void             ferry_mappings_toggle_set_insensitive_reason (FerryMappingsToggle *self,
                                                               const char          *reason);

G_END_DECLS
