/* ferry-sync-progress.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sync-progress"

#include "config.h"

#include "ferry-sync-progress.h"
#include "ferry-sync-result.h"

G_DEFINE_ENUM_TYPE (FerrySyncPhase, ferry_sync_phase,
                    G_DEFINE_ENUM_VALUE (FERRY_SYNC_PHASE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (FERRY_SYNC_PHASE_PREPARING, "preparing"),
                    G_DEFINE_ENUM_VALUE (FERRY_SYNC_PHASE_PUSHING, "pushing"),
                    G_DEFINE_ENUM_VALUE (FERRY_SYNC_PHASE_RECONCILING, "reconciling"),
                    G_DEFINE_ENUM_VALUE (FERRY_SYNC_PHASE_EXPORTING, "exporting"),
                    G_DEFINE_ENUM_VALUE (FERRY_SYNC_PHASE_FINISHING, "finishing"),
                    G_DEFINE_ENUM_VALUE (FERRY_SYNC_PHASE_DONE, "done"))

struct _FerrySyncProgress
{
  GMutex                   lock;
  FerrySyncSnapshot        state;     /* guarded by lock */
  FerrySyncProgressNotify  notify;
  gpointer                 user_data; /* borrowed */
};

const char *
ferry_sync_phase_to_string (FerrySyncPhase phase)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (FERRY_TYPE_SYNC_PHASE);
  GEnumValue *value = g_enum_get_value (klass, (int) phase);

  return value != NULL ? value->value_nick : NULL;
}

void
ferry_sync_snapshot_clear (FerrySyncSnapshot *snapshot)
{
  g_clear_pointer (&snapshot->entity_id, g_free);
  g_clear_pointer (&snapshot->entity_label, g_free);
}

FerrySyncProgress *
ferry_sync_progress_new (FerrySyncProgressNotify notify,
                         gpointer                user_data)
{
  FerrySyncProgress *self = g_new0 (FerrySyncProgress, 1);

  g_mutex_init (&self->lock);
  self->notify = notify;
  self->user_data = user_data;
  return self;
}

void
ferry_sync_progress_free (FerrySyncProgress *self)
{
  if (self == NULL)
    return;
  ferry_sync_snapshot_clear (&self->state);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static void
changed (FerrySyncProgress *self)
{
  if (self->notify != NULL)
    self->notify (self->user_data);
}

void
ferry_sync_progress_set_phase (FerrySyncProgress *self,
                               FerrySyncPhase     phase)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->state.phase = phase;
  g_mutex_unlock (&self->lock);
  changed (self);
}

void
ferry_sync_progress_set_entity (FerrySyncProgress *self,
                                FerryEntityType   *entity_type)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  g_free (self->state.entity_id);
  g_free (self->state.entity_label);
  self->state.entity_id = entity_type ? g_strdup (ferry_entity_type_get_id (entity_type)) : NULL;
  self->state.entity_label = entity_type ? g_strdup (ferry_entity_type_get_label (entity_type)) : NULL;
  g_mutex_unlock (&self->lock);
  changed (self);
}

void
ferry_sync_progress_set_total (FerrySyncProgress *self,
                               guint64            total)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->state.total = total;
  g_mutex_unlock (&self->lock);
  changed (self);
}

void
ferry_sync_progress_add_total (FerrySyncProgress *self,
                               guint64            n)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->state.total += n;
  g_mutex_unlock (&self->lock);
  changed (self);
}

void
ferry_sync_progress_add_done (FerrySyncProgress *self,
                              guint64            n)
{
  g_return_if_fail (self != NULL);

  if (n == 0)
    return;
  g_mutex_lock (&self->lock);
  self->state.done += n;
  g_mutex_unlock (&self->lock);
  changed (self);
}

void
ferry_sync_progress_add_counts (FerrySyncProgress       *self,
                                const FerryLedgerCounts *delta)
{
  g_return_if_fail (self != NULL && delta != NULL);

  g_mutex_lock (&self->lock);
  ferry_sync_counts_add (&self->state.counts, delta);
  g_mutex_unlock (&self->lock);
  changed (self);
}

void
ferry_sync_progress_get_counts (FerrySyncProgress *self,
                                FerryLedgerCounts *out_counts)
{
  g_return_if_fail (self != NULL && out_counts != NULL);

  g_mutex_lock (&self->lock);
  *out_counts = self->state.counts;
  g_mutex_unlock (&self->lock);
}

void
ferry_sync_progress_snapshot (FerrySyncProgress *self,
                              FerrySyncSnapshot *out)
{
  g_return_if_fail (self != NULL && out != NULL);

  g_mutex_lock (&self->lock);
  *out = self->state;
  out->entity_id = g_strdup (self->state.entity_id);
  out->entity_label = g_strdup (self->state.entity_label);
  g_mutex_unlock (&self->lock);
}
