/* ferry-sync-error-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-error-item"

#include "config.h"

#include "ferry-record-key.h"
#include "ferry-sync-error-item.h"

struct _FerrySyncErrorItem
{
  GObject  parent_instance;

  char    *entity;       /* owned */
  char    *entity_label; /* owned */
  char    *key;          /* owned */
  char    *message;      /* owned */
  char    *hint;         /* owned, nullable */
  char    *field;        /* owned, nullable */
  char    *code;         /* owned, nullable */
};

G_DEFINE_FINAL_TYPE (FerrySyncErrorItem, ferry_sync_error_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTITY_LABEL,
  PROP_KEY,
  PROP_MESSAGE,
  PROP_HINT,
  PROP_FIELD,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ["21-101","02-200"] as people read it: 21-101 / 02-200. */
static char *
display_key (const char *key_text)
{
  g_auto(GStrv) values = key_text != NULL ? ferry_record_key_from_text (key_text, NULL) : NULL;

  if (values == NULL)
    return g_strdup (key_text);
  return ferry_record_key_display ((const char * const *) values);
}

FerrySyncErrorItem *
ferry_sync_error_item_new (const FerryLedgerRunError *run_error,
                           const char                *entity_label)
{
  FerrySyncErrorItem *self;

  g_return_val_if_fail (run_error != NULL, NULL);

  self = g_object_new (FERRY_TYPE_SYNC_ERROR_ITEM, NULL);
  self->entity = g_strdup (run_error->entity);
  self->entity_label = g_strdup (entity_label != NULL ? entity_label : run_error->entity);
  self->key = display_key (run_error->key_text);
  self->message = g_strdup (run_error->message);
  self->hint = g_strdup (run_error->hint);
  self->field = g_strdup (run_error->field);
  self->code = g_strdup (run_error->code);
  return self;
}

const char *
ferry_sync_error_item_get_entity (FerrySyncErrorItem *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_ERROR_ITEM (self), NULL);
  return self->entity;
}

const char *
ferry_sync_error_item_get_entity_label (FerrySyncErrorItem *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_ERROR_ITEM (self), NULL);
  return self->entity_label;
}

const char *
ferry_sync_error_item_get_key (FerrySyncErrorItem *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_ERROR_ITEM (self), NULL);
  return self->key;
}

const char *
ferry_sync_error_item_get_message (FerrySyncErrorItem *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_ERROR_ITEM (self), NULL);
  return self->message;
}

const char *
ferry_sync_error_item_get_hint (FerrySyncErrorItem *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_ERROR_ITEM (self), NULL);
  return self->hint;
}

const char *
ferry_sync_error_item_get_field (FerrySyncErrorItem *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_ERROR_ITEM (self), NULL);
  return self->field;
}

const char *
ferry_sync_error_item_get_code (FerrySyncErrorItem *self)
{
  g_return_val_if_fail (FERRY_IS_SYNC_ERROR_ITEM (self), NULL);
  return self->code;
}

static void
ferry_sync_error_item_finalize (GObject *object)
{
  FerrySyncErrorItem *self = FERRY_SYNC_ERROR_ITEM (object);

  g_free (self->entity);
  g_free (self->entity_label);
  g_free (self->key);
  g_free (self->message);
  g_free (self->hint);
  g_free (self->field);
  g_free (self->code);

  G_OBJECT_CLASS (ferry_sync_error_item_parent_class)->finalize (object);
}

static void
ferry_sync_error_item_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerrySyncErrorItem *self = FERRY_SYNC_ERROR_ITEM (object);

  switch (prop_id)
    {
    case PROP_ENTITY_LABEL:
      g_value_set_string (value, self->entity_label);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_sync_error_item_class_init (FerrySyncErrorItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const char *names[N_PROPS] = { NULL, "entity-label", "key", "message", "hint", "field", "code" };

  object_class->finalize = ferry_sync_error_item_finalize;
  object_class->get_property = ferry_sync_error_item_get_property;

  for (guint i = 1; i < N_PROPS; i++)
    properties[i] = g_param_spec_string (names[i], NULL, NULL, NULL,
                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_sync_error_item_init (FerrySyncErrorItem *self)
{
}
