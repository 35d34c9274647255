/* ferry-array-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-array-model"

#include "ferry-array-model.h"

struct _FerryArrayModel
{
  GObject    parent_instance;

  GType      item_type;
  GPtrArray *items; /* owned reference, of item_type */
};

static void ferry_array_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryArrayModel, ferry_array_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ferry_array_model_list_model_init))

static GType
ferry_array_model_get_item_type (GListModel *model)
{
  return FERRY_ARRAY_MODEL (model)->item_type;
}

static guint
ferry_array_model_get_n_items (GListModel *model)
{
  return FERRY_ARRAY_MODEL (model)->items->len;
}

static gpointer
ferry_array_model_get_item (GListModel *model,
                            guint       position)
{
  FerryArrayModel *self = FERRY_ARRAY_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ferry_array_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_array_model_get_item_type;
  iface->get_n_items = ferry_array_model_get_n_items;
  iface->get_item = ferry_array_model_get_item;
}

static void
ferry_array_model_finalize (GObject *object)
{
  FerryArrayModel *self = FERRY_ARRAY_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_array_model_parent_class)->finalize (object);
}

static void
ferry_array_model_class_init (FerryArrayModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_array_model_finalize;
}

static void
ferry_array_model_init (FerryArrayModel *self)
{
}

FerryArrayModel *
ferry_array_model_new (GType      item_type,
                       GPtrArray *items)
{
  FerryArrayModel *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (items != NULL, NULL);

  self = g_object_new (FERRY_TYPE_ARRAY_MODEL, NULL);
  self->item_type = item_type;
  self->items = g_ptr_array_ref (items);

  return self;
}
