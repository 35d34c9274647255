/* ferry-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-source"

#include "config.h"

#include "ferry-error.h"
#include "ferry-source.h"

G_DEFINE_INTERFACE (FerrySource, ferry_source, G_TYPE_OBJECT)

static void
ferry_source_default_init (FerrySourceInterface *iface)
{
}

/* Cursors are for what Ferry pushes: an export type's table is written by
 * Ferry, not read. */
static gboolean
check_push (FerryEntityType  *entity_type,
            GError          **error)
{
  if (ferry_entity_type_is_push (entity_type))
    return TRUE;
  g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
               "%s is not pushed to the cloud; its records are not read from the "
               "accounting system", ferry_entity_type_get_label (entity_type));
  return FALSE;
}

gboolean
ferry_source_open (FerrySource  *self,
                   GError      **error)
{
  g_return_val_if_fail (FERRY_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return FERRY_SOURCE_GET_IFACE (self)->open (self, error);
}

void
ferry_source_close (FerrySource *self)
{
  g_return_if_fail (FERRY_IS_SOURCE (self));

  FERRY_SOURCE_GET_IFACE (self)->close (self);
}

gboolean
ferry_source_check (FerrySource         *self,
                    FerryRecordBuilder  *builder,
                    GError             **error)
{
  g_return_val_if_fail (FERRY_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (FERRY_IS_RECORD_BUILDER (builder), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return FERRY_SOURCE_GET_IFACE (self)->check (self, builder, error);
}

gboolean
ferry_source_count (FerrySource      *self,
                    FerryEntityType  *entity_type,
                    GDateTime        *since,
                    gint64           *out_count,
                    GError          **error)
{
  g_return_val_if_fail (FERRY_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (entity_type), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return FERRY_SOURCE_GET_IFACE (self)->count (self, entity_type, since, out_count, error);
}

FerrySourceCursor *
ferry_source_open_cursor (FerrySource         *self,
                          FerryRecordBuilder  *builder,
                          GDateTime           *since,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_return_val_if_fail (FERRY_IS_SOURCE (self), NULL);
  g_return_val_if_fail (FERRY_IS_RECORD_BUILDER (builder), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_push (ferry_record_builder_get_entity_type (builder), error))
    return NULL;
  return FERRY_SOURCE_GET_IFACE (self)->open_cursor (self, builder, since, cancellable, error);
}

FerrySourceCursor *
ferry_source_open_key_cursor (FerrySource      *self,
                              FerryEntityType  *entity_type,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_return_val_if_fail (FERRY_IS_SOURCE (self), NULL);
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (entity_type), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_push (entity_type, error))
    return NULL;
  return FERRY_SOURCE_GET_IFACE (self)->open_key_cursor (self, entity_type, cancellable, error);
}

gboolean
ferry_source_has_key (FerrySource         *self,
                      FerryEntityType     *entity_type,
                      const char * const  *key,
                      gboolean            *out_exists,
                      GError             **error)
{
  const char * const *key_fields;

  g_return_val_if_fail (FERRY_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (FERRY_IS_ENTITY_TYPE (entity_type), FALSE);
  g_return_val_if_fail (key != NULL && out_exists != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key_fields = ferry_entity_type_get_key (entity_type);
  if (g_strv_length ((char **) key) != g_strv_length ((char **) key_fields))
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                   "A key of %s has %u values, but %u were given",
                   ferry_entity_type_get_label (entity_type),
                   g_strv_length ((char **) key_fields), g_strv_length ((char **) key));
      return FALSE;
    }
  return FERRY_SOURCE_GET_IFACE (self)->has_key (self, entity_type, key, out_exists, error);
}
