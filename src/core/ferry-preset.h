/* ferry-preset.h: a named set of mapping changes, e.g. "PCCO export"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FERRY_TYPE_PRESET (ferry_preset_get_type ())
G_DECLARE_FINAL_TYPE (FerryPreset, ferry_preset, FERRY, PRESET, GObject)

const char         *ferry_preset_get_id              (FerryPreset *self);
const char         *ferry_preset_get_label           (FerryPreset *self);
const char         *ferry_preset_get_description     (FerryPreset *self);
/* Entity type ids the preset turns on; it never turns any off.
 * NULL-terminated, never NULL. */
const char * const *ferry_preset_get_enable          (FerryPreset *self);
/* Entity type ids whose optional fields the preset switches off. */
const char * const *ferry_preset_get_field_entities  (FerryPreset *self);
/* Field names switched off for @entity_id; empty (never NULL) if none. */
const char * const *ferry_preset_get_disabled_fields (FerryPreset *self,
                                                      const char  *entity_id);
/* The sync the preset recommends afterwards: "shallow" or "deep", a
 * timeframe ("today", "week", "month", "year", "all") and the entity types
 * to select in the Sync tab. */
const char         *ferry_preset_get_sync_type       (FerryPreset *self);
const char         *ferry_preset_get_sync_timeframe  (FerryPreset *self);
const char * const *ferry_preset_get_sync_select     (FerryPreset *self);

G_END_DECLS
