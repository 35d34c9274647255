/* ferry-app-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-app-state"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-app-state.h"
#include "ferry-notify.h"

struct _FerryAppState
{
  GObject               parent_instance;

  char                 *profile_dir;         /* owned, nullable */
  gboolean              demo;
  FerryConnectionStore *store;               /* owned */
  FerryAccount         *account;             /* owned */
  gboolean              can_sync;
  char                 *sync_blocked_reason; /* owned, nullable */
  char                 *load_error;          /* owned, nullable */
  GFileMonitor         *file_monitor;        /* owned, nullable: connections.json, once loaded */
  guint                 reload_id;           /* a reload soon after the file changed */
};

G_DEFINE_FINAL_TYPE (FerryAppState, ferry_app_state, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROFILE_DIR,
  PROP_DEMO,
  PROP_STORE,
  PROP_CONNECTIONS,
  PROP_ACCOUNT,
  PROP_CAN_SYNC,
  PROP_SYNC_BLOCKED_REASON,
  PROP_LOAD_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Why Sync is off, or NULL when it is on. */
static const char *
blocked_reason (FerryAccount *account)
{
  if (ferry_account_get_busy (account))
    return _("Ferry is connecting to the cloud; Sync is available once it is connected.");
  if (!ferry_account_get_connected (account))
    return _("Connect to your cloud account on the Connect page first.");
  if (!ferry_account_get_can_sync (account))
    return ferry_account_get_can_sync_message (account);
  return NULL;
}

static void
update_can_sync (FerryAppState *self)
{
  gboolean can_sync = ferry_account_get_connected (self->account)
                      && ferry_account_get_can_sync (self->account);
  const char *reason = blocked_reason (self->account);

  g_object_freeze_notify (G_OBJECT (self));
  ferry_notify_set_string (G_OBJECT (self), &self->sync_blocked_reason, reason,
                           properties[PROP_SYNC_BLOCKED_REASON]);
  ferry_notify_set_boolean (G_OBJECT (self), &self->can_sync, can_sync, properties[PROP_CAN_SYNC]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_account_notify (FerryAppState *self)
{
  update_can_sync (self);
}

static void
ferry_app_state_constructed (GObject *object)
{
  FerryAppState *self = FERRY_APP_STATE (object);

  G_OBJECT_CLASS (ferry_app_state_parent_class)->constructed (object);

  self->store = ferry_connection_store_new (self->profile_dir);
  self->account = ferry_account_new (ferry_connection_store_get_config_dir (self->store));
  g_signal_connect_object (self->account, "notify::busy", G_CALLBACK (on_account_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::connected", G_CALLBACK (on_account_notify),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::can-sync", G_CALLBACK (on_account_notify),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::can-sync-message",
                           G_CALLBACK (on_account_notify), self, G_CONNECT_SWAPPED);
  update_can_sync (self);
}

static void
ferry_app_state_dispose (GObject *object)
{
  FerryAppState *self = FERRY_APP_STATE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->file_monitor != NULL)
    g_file_monitor_cancel (self->file_monitor);
  g_clear_object (&self->file_monitor);
  g_clear_object (&self->account);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ferry_app_state_parent_class)->dispose (object);
}

static void
ferry_app_state_finalize (GObject *object)
{
  FerryAppState *self = FERRY_APP_STATE (object);

  g_free (self->profile_dir);
  g_free (self->sync_blocked_reason);
  g_free (self->load_error);

  G_OBJECT_CLASS (ferry_app_state_parent_class)->finalize (object);
}

static void
ferry_app_state_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryAppState *self = FERRY_APP_STATE (object);

  switch (prop_id)
    {
    case PROP_PROFILE_DIR:
      g_value_set_string (value, self->profile_dir);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONNECTIONS:
      g_value_set_object (value, ferry_app_state_get_connections (self));
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_CAN_SYNC:
      g_value_set_boolean (value, self->can_sync);
      break;
    case PROP_SYNC_BLOCKED_REASON:
      g_value_set_string (value, self->sync_blocked_reason);
      break;
    case PROP_LOAD_ERROR:
      g_value_set_string (value, self->load_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_app_state_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FerryAppState *self = FERRY_APP_STATE (object);

  switch (prop_id)
    {
    case PROP_PROFILE_DIR:
      self->profile_dir = g_value_dup_string (value);
      break;
    case PROP_DEMO:
      self->demo = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_app_state_class_init (FerryAppStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = ferry_app_state_constructed;
  object_class->dispose = ferry_app_state_dispose;
  object_class->finalize = ferry_app_state_finalize;
  object_class->get_property = ferry_app_state_get_property;
  object_class->set_property = ferry_app_state_set_property;

  properties[PROP_PROFILE_DIR] = g_param_spec_string ("profile-dir", NULL, NULL, NULL, construct);
  properties[PROP_DEMO] = g_param_spec_boolean ("demo", NULL, NULL, FALSE, construct);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, FERRY_TYPE_CONNECTION_STORE,
                                                read_only);
  properties[PROP_CONNECTIONS] = g_param_spec_object ("connections", NULL, NULL,
                                                      G_TYPE_LIST_MODEL, read_only);
  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, FERRY_TYPE_ACCOUNT,
                                                  read_only);
  properties[PROP_CAN_SYNC] = g_param_spec_boolean ("can-sync", NULL, NULL, FALSE, read_only);
  properties[PROP_SYNC_BLOCKED_REASON] = g_param_spec_string ("sync-blocked-reason", NULL, NULL,
                                                              NULL, read_only);
  properties[PROP_LOAD_ERROR] = g_param_spec_string ("load-error", NULL, NULL, NULL, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_app_state_init (FerryAppState *self)
{
}

FerryAppState *
ferry_app_state_new (const char *profile_dir)
{
  return g_object_new (FERRY_TYPE_APP_STATE, "profile-dir", profile_dir, NULL);
}

FerryAppState *
ferry_app_state_new_demo (const char *profile_dir)
{
  g_return_val_if_fail (profile_dir != NULL, NULL);

  return g_object_new (FERRY_TYPE_APP_STATE, "profile-dir", profile_dir, "demo", TRUE, NULL);
}

static gboolean
reload_cb (gpointer user_data)
{
  FerryAppState *self = user_data;
  g_autoptr(GError) error = NULL;

  self->reload_id = 0;
  if (!ferry_app_state_load (self, &error))
    g_warning ("%s", error->message);
  return G_SOURCE_REMOVE;
}

/* `ferryctl connection set` (or another Ferry) changed the file: what the
 * window shows, and what its dialogs would save, follows. A save writes a
 * new file and renames it over the old one, so several events come at
 * once: one reload after them. */
static void
on_file_changed (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 FerryAppState     *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (200, reload_cb, self);
}

static void
watch_file (FerryAppState *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (ferry_connection_store_get_file (self->store));
  g_autoptr(GError) error = NULL;

  self->file_monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->file_monitor == NULL)
    {
      g_debug ("Not watching the connections for changes: %s", error->message);
      return;
    }
  g_signal_connect_object (self->file_monitor, "changed", G_CALLBACK (on_file_changed), self,
                           G_CONNECT_DEFAULT);
}

gboolean
ferry_app_state_load (FerryAppState  *self,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (FERRY_IS_APP_STATE (self), FALSE);

  if (self->file_monitor == NULL)
    watch_file (self);
  if (!ferry_connection_store_load (self->store, &local_error))
    message = g_strdup (local_error->message);
  ferry_notify_set_string (G_OBJECT (self), &self->load_error, message, properties[PROP_LOAD_ERROR]);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

FerryConnectionStore *
ferry_app_state_get_store (FerryAppState *self)
{
  g_return_val_if_fail (FERRY_IS_APP_STATE (self), NULL);

  return self->store;
}

GListModel *
ferry_app_state_get_connections (FerryAppState *self)
{
  g_return_val_if_fail (FERRY_IS_APP_STATE (self), NULL);

  return ferry_connection_store_get_connections (self->store);
}

FerryAccount *
ferry_app_state_get_account (FerryAppState *self)
{
  g_return_val_if_fail (FERRY_IS_APP_STATE (self), NULL);

  return self->account;
}

gboolean
ferry_app_state_get_can_sync (FerryAppState *self)
{
  g_return_val_if_fail (FERRY_IS_APP_STATE (self), FALSE);

  return self->can_sync;
}

const char *
ferry_app_state_get_sync_blocked_reason (FerryAppState *self)
{
  g_return_val_if_fail (FERRY_IS_APP_STATE (self), NULL);

  return self->sync_blocked_reason;
}

const char *
ferry_app_state_get_load_error (FerryAppState *self)
{
  g_return_val_if_fail (FERRY_IS_APP_STATE (self), NULL);

  return self->load_error;
}

gboolean
ferry_app_state_get_demo (FerryAppState *self)
{
  g_return_val_if_fail (FERRY_IS_APP_STATE (self), FALSE);

  return self->demo;
}
