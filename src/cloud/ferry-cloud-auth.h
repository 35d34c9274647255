/* ferry-cloud-auth.h: users, logins and bearer tokens of the cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-cloud-store.h"

G_BEGIN_DECLS

/* Who sent a request: the user behind a valid token. */
typedef struct
{
  gint64    user_id;
  gint64    site_id;
  char     *site;          /* owned */
  char     *user;          /* owned */
  char     *display_name;  /* owned */
  char     *role;          /* owned: "admin" or "member" */
  gboolean  can_sync;
} FerryCloudPrincipal;

void ferry_cloud_principal_free (FerryCloudPrincipal *principal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCloudPrincipal, ferry_cloud_principal_free)

/* Tokens start with this, so a leaked one is easy to recognise. */
#define FERRY_CLOUD_TOKEN_PREFIX "fy1_"

/* @role is "admin" or "member"; @display_name may be NULL (the name). */
gint64               ferry_cloud_auth_add_user     (FerryCloudStore  *store,
                                                    gint64            site_id,
                                                    const char       *name,
                                                    const char       *display_name,
                                                    const char       *role,
                                                    gboolean          can_sync,
                                                    const char       *password,
                                                    guint             iterations,
                                                    GError          **error);
/* Changes what is not NULL (@can_sync: -1 leaves it). A new password
 * revokes the user's tokens. */
gboolean             ferry_cloud_auth_update_user  (FerryCloudStore  *store,
                                                    gint64            site_id,
                                                    const char       *name,
                                                    const char       *role,
                                                    int               can_sync,
                                                    const char       *password,
                                                    guint             iterations,
                                                    GError          **error);
/* {"users": [{"name", "display_name", "role", "can_sync", "created_at"}]} */
JsonNode            *ferry_cloud_auth_list_users   (FerryCloudStore  *store,
                                                    gint64            site_id,
                                                    GError          **error);

/* Checks the password and issues a token valid for @lifetime seconds.
 * Unknown user and wrong password fail alike (invalid-credentials), after
 * the same amount of work. */
char                *ferry_cloud_auth_login        (FerryCloudStore      *store,
                                                    gint64                site_id,
                                                    const char           *user,
                                                    const char           *password,
                                                    gint64                lifetime,
                                                    gint64               *out_expires_at,
                                                    FerryCloudPrincipal **out_principal,
                                                    GError              **error);
/* The principal behind @token on @site_id; unauthorized (saying why) if
 * the token is unknown, expired, revoked or of another site. */
FerryCloudPrincipal *ferry_cloud_auth_check_token  (FerryCloudStore  *store,
                                                    gint64            site_id,
                                                    const char       *token,
                                                    GError          **error);
gboolean             ferry_cloud_auth_revoke       (FerryCloudStore  *store,
                                                    const char       *token,
                                                    GError          **error);
/* GET /me: the principal with the site's companies. */
JsonNode            *ferry_cloud_auth_describe     (FerryCloudStore      *store,
                                                    FerryCloudPrincipal  *principal,
                                                    GError              **error);
/* Adds the members of GET /me to an open object of @builder. */
void                 ferry_cloud_auth_add_members  (FerryCloudPrincipal  *principal,
                                                    JsonBuilder          *builder);

G_END_DECLS
