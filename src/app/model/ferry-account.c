/* ferry-account.c: the account's state, its settings file and passwords
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connecting, restoring and disconnecting are in ferry-account-connect.c.
 */
#define G_LOG_DOMAIN "ferry-account"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ferry-account-private.h"
#include "ferry-company.h"
#include "ferry-notify.h"
#include "ferry-secrets.h"

#define GROUP "Account"

struct _FerryAccount
{
  GObject     parent_instance;

  char       *file;             /* owned: CONFIG/account.ini */
  char       *site_url;         /* owned, never NULL */
  char       *user;             /* owned, never NULL */
  gboolean    busy;
  gboolean    connected;
  char       *site;             /* owned, nullable */
  char       *display_name;     /* owned, nullable */
  char       *role;             /* owned, nullable */
  gboolean    can_sync;
  char       *can_sync_message; /* owned, nullable */
  char       *error_message;    /* owned, nullable */
  GListStore *companies;        /* owned, of FerryCompany */
  char       *held_password;    /* owned, nullable, wiped: only when the keyring failed */
};

G_DEFINE_FINAL_TYPE (FerryAccount, ferry_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SITE_URL,
  PROP_USER,
  PROP_BUSY,
  PROP_CONNECTED,
  PROP_SITE,
  PROP_DISPLAY_NAME,
  PROP_ROLE,
  PROP_CAN_SYNC,
  PROP_CAN_SYNC_MESSAGE,
  PROP_ERROR_MESSAGE,
  PROP_COMPANIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (FerryAccount  *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  ferry_notify_set_string (G_OBJECT (self), field, value, properties[prop]);
}

static void
set_boolean (FerryAccount *self,
             gboolean     *field,
             gboolean      value,
             guint         prop)
{
  ferry_notify_set_boolean (G_OBJECT (self), field, value, properties[prop]);
}

static void
load_settings (FerryAccount *self)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *site_url = NULL;
  g_autofree char *user = NULL;

  if (!g_key_file_load_from_file (key_file, self->file, G_KEY_FILE_NONE, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("Could not read %s: %s", self->file, error->message);
      return;
    }
  site_url = g_key_file_get_string (key_file, GROUP, "site-url", NULL);
  user = g_key_file_get_string (key_file, GROUP, "user", NULL);
  ferry_account_set_site_url (self, site_url);
  ferry_account_set_user (self, user);
}

gboolean
ferry_account_save (FerryAccount  *self,
                    GError       **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *dir = g_path_get_dirname (self->file);
  g_autofree char *data = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  g_key_file_set_string (key_file, GROUP, "site-url", self->site_url);
  g_key_file_set_string (key_file, GROUP, "user", self->user);
  data = g_key_file_to_data (key_file, &length, NULL);
  return g_file_set_contents_full (self->file, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static void
ferry_account_finalize (GObject *object)
{
  FerryAccount *self = FERRY_ACCOUNT (object);

  ferry_account_hold_password (self, NULL);
  g_free (self->file);
  g_free (self->site_url);
  g_free (self->user);
  g_free (self->site);
  g_free (self->display_name);
  g_free (self->role);
  g_free (self->can_sync_message);
  g_free (self->error_message);
  g_clear_object (&self->companies);

  G_OBJECT_CLASS (ferry_account_parent_class)->finalize (object);
}

static void
ferry_account_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerryAccount *self = FERRY_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SITE_URL:
      g_value_set_string (value, self->site_url);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    case PROP_SITE:
      g_value_set_string (value, self->site);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    case PROP_CAN_SYNC:
      g_value_set_boolean (value, self->can_sync);
      break;
    case PROP_CAN_SYNC_MESSAGE:
      g_value_set_string (value, self->can_sync_message);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_COMPANIES:
      g_value_set_object (value, self->companies);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_account_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FerryAccount *self = FERRY_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SITE_URL:
      ferry_account_set_site_url (self, g_value_get_string (value));
      break;
    case PROP_USER:
      ferry_account_set_user (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
read_only_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
read_only_boolean (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
ferry_account_class_init (FerryAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_account_finalize;
  object_class->get_property = ferry_account_get_property;
  object_class->set_property = ferry_account_set_property;

  properties[PROP_SITE_URL] =
    g_param_spec_string ("site-url", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = read_only_boolean ("busy");
  properties[PROP_CONNECTED] = read_only_boolean ("connected");
  properties[PROP_SITE] = read_only_string ("site");
  properties[PROP_DISPLAY_NAME] = read_only_string ("display-name");
  properties[PROP_ROLE] = read_only_string ("role");
  properties[PROP_CAN_SYNC] = read_only_boolean ("can-sync");
  properties[PROP_CAN_SYNC_MESSAGE] = read_only_string ("can-sync-message");
  properties[PROP_ERROR_MESSAGE] = read_only_string ("error-message");
  properties[PROP_COMPANIES] =
    g_param_spec_object ("companies", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_account_init (FerryAccount *self)
{
  self->site_url = g_strdup ("");
  self->user = g_strdup ("");
  self->companies = g_list_store_new (FERRY_TYPE_COMPANY);
}

FerryAccount *
ferry_account_new (const char *config_dir)
{
  FerryAccount *self;

  g_return_val_if_fail (config_dir != NULL, NULL);

  self = g_object_new (FERRY_TYPE_ACCOUNT, NULL);
  self->file = g_build_filename (config_dir, FERRY_ACCOUNT_FILE, NULL);
  load_settings (self);
  return self;
}

const char *
ferry_account_get_site_url (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);

  return self->site_url;
}

void
ferry_account_set_site_url (FerryAccount *self,
                            const char   *site_url)
{
  g_return_if_fail (FERRY_IS_ACCOUNT (self));

  set_string (self, &self->site_url, site_url != NULL ? site_url : "", PROP_SITE_URL);
}

const char *
ferry_account_get_user (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);

  return self->user;
}

void
ferry_account_set_user (FerryAccount *self,
                        const char   *user)
{
  g_return_if_fail (FERRY_IS_ACCOUNT (self));

  set_string (self, &self->user, user != NULL ? user : "", PROP_USER);
}

gboolean
ferry_account_get_busy (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), FALSE);

  return self->busy;
}

gboolean
ferry_account_get_connected (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), FALSE);

  return self->connected;
}

const char *
ferry_account_get_site (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);

  return self->site;
}

const char *
ferry_account_get_display_name (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);

  return self->display_name;
}

const char *
ferry_account_get_role (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);

  return self->role;
}

gboolean
ferry_account_get_can_sync (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), FALSE);

  return self->can_sync;
}

const char *
ferry_account_get_can_sync_message (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);

  return self->can_sync_message;
}

const char *
ferry_account_get_error_message (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);

  return self->error_message;
}

GListModel *
ferry_account_get_companies (FerryAccount *self)
{
  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), NULL);

  return G_LIST_MODEL (self->companies);
}

void
ferry_account_set_busy (FerryAccount *self,
                        gboolean      busy)
{
  set_boolean (self, &self->busy, busy, PROP_BUSY);
}

void
ferry_account_set_error (FerryAccount *self,
                         const char   *message)
{
  set_string (self, &self->error_message, message, PROP_ERROR_MESSAGE);
}

static void
set_companies (FerryAccount *self,
               GPtrArray    *companies)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; companies != NULL && i < companies->len; i++)
    {
      const FerryCloudCompany *company = g_ptr_array_index (companies, i);

      g_ptr_array_add (items, ferry_company_new (company->code, company->name));
    }
  g_list_store_splice (self->companies, 0, g_list_model_get_n_items (G_LIST_MODEL (self->companies)),
                       items->pdata, items->len);
}

void
ferry_account_apply_user (FerryAccount         *self,
                          const FerryCloudUser *me)
{
  g_autofree char *message = NULL;
  const char *display_name = me->display_name;

  if (display_name == NULL || *display_name == '\0')
    display_name = me->user;
  if (!me->can_sync)
    message = g_strdup_printf (_("Your account can see site %s but may not sync. Ask an "
                                 "administrator of the site to give you Can Sync."), me->site);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->site, me->site, PROP_SITE);
  set_string (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
  set_string (self, &self->role, me->role, PROP_ROLE);
  set_string (self, &self->can_sync_message, message, PROP_CAN_SYNC_MESSAGE);
  set_companies (self, me->companies);
  set_boolean (self, &self->can_sync, me->can_sync, PROP_CAN_SYNC);
  set_boolean (self, &self->connected, TRUE, PROP_CONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ferry_account_clear_user (FerryAccount *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->connected, FALSE, PROP_CONNECTED);
  set_boolean (self, &self->can_sync, FALSE, PROP_CAN_SYNC);
  set_string (self, &self->site, NULL, PROP_SITE);
  set_string (self, &self->display_name, NULL, PROP_DISPLAY_NAME);
  set_string (self, &self->role, NULL, PROP_ROLE);
  set_string (self, &self->can_sync_message, NULL, PROP_CAN_SYNC_MESSAGE);
  set_companies (self, NULL);
  ferry_account_hold_password (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ferry_account_hold_password (FerryAccount *self,
                             const char   *password)
{
  g_clear_pointer (&self->held_password, ferry_secrets_password_free);
  self->held_password = g_strdup (password);
}

gboolean
ferry_account_holds_password (FerryAccount *self)
{
  return self->held_password != NULL;
}

/* ---- Passwords of local connections ------------------------------------ */

gboolean
ferry_account_matches (FerryAccount    *self,
                       FerryConnection *connection)
{
  g_autofree char *account_api_url = NULL;
  g_autofree char *connection_api_url = NULL;

  g_return_val_if_fail (FERRY_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), FALSE);

  if (*self->user == '\0' || g_strcmp0 (ferry_connection_get_user (connection), self->user) != 0)
    return FALSE;
  account_api_url = ferry_secrets_account_api_url (self->site_url, NULL);
  connection_api_url = ferry_secrets_connection_api_url (connection);
  return account_api_url != NULL && g_strcmp0 (account_api_url, connection_api_url) == 0;
}

static void
on_connection_password (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = ferry_secrets_lookup_finish (result, &error);

  if (password != NULL)
    g_task_return_pointer (task, password, (GDestroyNotify) ferry_secrets_password_free);
  else
    g_task_return_error (task, error);
}

void
ferry_account_lookup_password_for_async (FerryAccount        *self,
                                         FerryConnection     *connection,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_ACCOUNT (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_account_lookup_password_for_async);
  if (self->held_password != NULL && ferry_account_matches (self, connection))
    {
      g_task_return_pointer (task, g_strdup (self->held_password),
                             (GDestroyNotify) ferry_secrets_password_free);
      return;
    }
  ferry_secrets_lookup_async (connection, cancellable, on_connection_password,
                              g_steal_pointer (&task));
}

char *
ferry_account_lookup_password_for_finish (FerryAccount  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
