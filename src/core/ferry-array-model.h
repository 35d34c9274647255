/* ferry-array-model.h: a read-only GListModel over an array of objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_TYPE_ARRAY_MODEL (ferry_array_model_get_type ())
/* Unlike GListStore, reading it never writes (GListStore caches the last
 * position it looked up), so one model may be read from several threads. */
G_DECLARE_FINAL_TYPE (FerryArrayModel, ferry_array_model, FERRY, ARRAY_MODEL, GObject)

/* @items: objects of @item_type; the model keeps a reference to the array,
 * which must not change afterwards. */
FerryArrayModel *ferry_array_model_new (GType      item_type,
                                        GPtrArray *items);

G_END_DECLS
