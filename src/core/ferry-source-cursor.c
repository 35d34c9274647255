/* ferry-source-cursor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-source-cursor"

#include "config.h"

#include <string.h>

#include "ferry-error.h"
#include "ferry-source-cursor.h"

typedef struct
{
  FerryRecordBuilder *builder;     /* owned */
  gboolean            keys_only;
  GCancellable       *cancellable; /* owned, nullable */
  FerryRecord        *record;      /* owned: rebuilt for every row */
  FerryValue         *row;         /* owned: one value per column */
  GString            *previous;    /* owned: key text of the last record */
  guint64             n_read;
  gboolean            closed;
} FerrySourceCursorPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FerrySourceCursor, ferry_source_cursor, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUILDER,
  PROP_KEYS_ONLY,
  PROP_CANCELLABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_source_cursor_constructed (GObject *object)
{
  FerrySourceCursor *self = FERRY_SOURCE_CURSOR (object);
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);
  guint n_values;

  G_OBJECT_CLASS (ferry_source_cursor_parent_class)->constructed (object);

  g_assert (priv->builder != NULL);
  if (priv->keys_only)
    ferry_record_builder_get_key_types (priv->builder, &n_values);
  else
    n_values = ferry_record_builder_get_n_columns (priv->builder);
  priv->row = g_new0 (FerryValue, MAX (n_values, 1));
}

static void
ferry_source_cursor_dispose (GObject *object)
{
  ferry_source_cursor_close (FERRY_SOURCE_CURSOR (object));

  G_OBJECT_CLASS (ferry_source_cursor_parent_class)->dispose (object);
}

static void
ferry_source_cursor_finalize (GObject *object)
{
  FerrySourceCursor *self = FERRY_SOURCE_CURSOR (object);
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);

  g_clear_object (&priv->builder);
  g_clear_object (&priv->cancellable);
  ferry_record_free (priv->record);
  g_free (priv->row);
  g_string_free (priv->previous, TRUE);

  G_OBJECT_CLASS (ferry_source_cursor_parent_class)->finalize (object);
}

static void
ferry_source_cursor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FerrySourceCursor *self = FERRY_SOURCE_CURSOR (object);
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_BUILDER:
      g_value_set_object (value, priv->builder);
      break;
    case PROP_KEYS_ONLY:
      g_value_set_boolean (value, priv->keys_only);
      break;
    case PROP_CANCELLABLE:
      g_value_set_object (value, priv->cancellable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_source_cursor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FerrySourceCursor *self = FERRY_SOURCE_CURSOR (object);
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_BUILDER:
      priv->builder = g_value_dup_object (value);
      break;
    case PROP_KEYS_ONLY:
      priv->keys_only = g_value_get_boolean (value);
      break;
    case PROP_CANCELLABLE:
      priv->cancellable = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_source_cursor_class_init (FerrySourceCursorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ferry_source_cursor_constructed;
  object_class->dispose = ferry_source_cursor_dispose;
  object_class->finalize = ferry_source_cursor_finalize;
  object_class->get_property = ferry_source_cursor_get_property;
  object_class->set_property = ferry_source_cursor_set_property;

  properties[PROP_BUILDER] =
    g_param_spec_object ("builder", NULL, NULL, FERRY_TYPE_RECORD_BUILDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEYS_ONLY] =
    g_param_spec_boolean ("keys-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL, G_TYPE_CANCELLABLE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_source_cursor_init (FerrySourceCursor *self)
{
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);

  priv->record = ferry_record_new ();
  priv->previous = g_string_new (NULL);
}

void
ferry_source_cursor_close (FerrySourceCursor *self)
{
  FerrySourceCursorPrivate *priv;

  g_return_if_fail (FERRY_IS_SOURCE_CURSOR (self));

  priv = ferry_source_cursor_get_instance_private (self);
  if (priv->closed)
    return;
  priv->closed = TRUE;
  FERRY_SOURCE_CURSOR_GET_CLASS (self)->close (self);
}

/* Returns FALSE if the record came out of order: the source broke its
 * promise, and the caller's merge with the ledger would go wrong. */
static gboolean
check_order (FerrySourceCursor  *self,
             GError            **error)
{
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);
  FerryEntityType *entity_type = ferry_record_builder_get_entity_type (priv->builder);
  const char *key_text = ferry_record_get_key_text (priv->record);
  int order = priv->n_read > 0 ? strcmp (key_text, priv->previous->str) : 1;

  if (order < 0)
    {
      g_set_error (error, FERRY_ERROR, FERRY_ERROR_FAILED,
                   "The records of %s came out of key order (%s after %s); this is a "
                   "fault in Ferry, please report it",
                   ferry_entity_type_get_label (entity_type), key_text, priv->previous->str);
      return FALSE;
    }
  if (order == 0)
    ferry_record_builder_mark_duplicate (priv->builder, priv->record);
  else
    g_string_assign (priv->previous, key_text);
  return TRUE;
}

gboolean
ferry_source_cursor_next (FerrySourceCursor  *self,
                          FerryRecord       **out_record,
                          GError            **error)
{
  FerrySourceCursorPrivate *priv;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (FERRY_IS_SOURCE_CURSOR (self), FALSE);
  g_return_val_if_fail (out_record != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  priv = ferry_source_cursor_get_instance_private (self);
  *out_record = NULL;
  if (priv->closed)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (priv->cancellable, &local_error)
      || !FERRY_SOURCE_CURSOR_GET_CLASS (self)->fetch (self, priv->row, priv->cancellable,
                                                       &local_error))
    {
      ferry_source_cursor_close (self);
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (priv->keys_only)
    ferry_record_builder_build_key (priv->builder, priv->row, priv->record);
  else
    ferry_record_builder_build (priv->builder, priv->row, priv->record);
  if (!check_order (self, error))
    {
      ferry_source_cursor_close (self);
      return FALSE;
    }

  priv->n_read++;
  *out_record = priv->record;
  return TRUE;
}

FerryRecordBuilder *
ferry_source_cursor_get_builder (FerrySourceCursor *self)
{
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_SOURCE_CURSOR (self), NULL);

  return priv->builder;
}

gboolean
ferry_source_cursor_get_keys_only (FerrySourceCursor *self)
{
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_SOURCE_CURSOR (self), FALSE);

  return priv->keys_only;
}

GCancellable *
ferry_source_cursor_get_cancellable (FerrySourceCursor *self)
{
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_SOURCE_CURSOR (self), NULL);

  return priv->cancellable;
}

guint64
ferry_source_cursor_get_n_read (FerrySourceCursor *self)
{
  FerrySourceCursorPrivate *priv = ferry_source_cursor_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_SOURCE_CURSOR (self), 0);

  return priv->n_read;
}
