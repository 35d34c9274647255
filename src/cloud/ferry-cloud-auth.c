/* ferry-cloud-auth.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-auth"

#include "config.h"

#include <string.h>

#include "ferry-cloud-auth.h"
#include "ferry-cloud-password.h"
#include "ferry-cloud-store-private.h"

#define TOKEN_BYTES 32

void
ferry_cloud_principal_free (FerryCloudPrincipal *principal)
{
  if (principal == NULL)
    return;
  g_free (principal->site);
  g_free (principal->user);
  g_free (principal->display_name);
  g_free (principal->role);
  g_free (principal);
}

static gboolean
check_role (const char  *role,
            GError     **error)
{
  if (g_strcmp0 (role, "admin") == 0 || g_strcmp0 (role, "member") == 0)
    return TRUE;
  g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
               "“%s” is not a role: use admin or member.", role ? role : "");
  return FALSE;
}

static gboolean
check_password (const char  *password,
                GError     **error)
{
  if (password != NULL && g_utf8_strlen (password, -1) >= 8)
    return TRUE;
  g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
               "The password is too short: use at least 8 characters.");
  return FALSE;
}

gint64
ferry_cloud_auth_add_user (FerryCloudStore  *store,
                           gint64            site_id,
                           const char       *name,
                           const char       *display_name,
                           const char       *role,
                           gboolean          can_sync,
                           const char       *password,
                           guint             iterations,
                           GError          **error)
{
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (name == NULL || *name == '\0' || strlen (name) > 128 || strpbrk (name, " \t\n/") != NULL)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "“%s” cannot be a user name: use 1 to 128 characters without spaces or '/'.",
                   name ? name : "");
      return 0;
    }
  if (!check_role (role, error) || !check_password (password, error))
    return 0;

  hash = ferry_cloud_password_hash (password, iterations);
  stmt = ferry_cloud_store_prepare (store,
      "INSERT INTO user (site_id, name, display_name, role, can_sync, password_hash, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, site_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, display_name ? display_name : name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, role, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, can_sync ? 1 : 0);
  sqlite3_bind_text (stmt, 6, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, ferry_cloud_store_now (store));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_CONFLICT,
                   "User %s already exists in this site.", name);
      return 0;
    }
  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (store, error, "add the user");
      return 0;
    }
  return sqlite3_last_insert_rowid (ferry_cloud_store_get_handle (store));
}

static gboolean
run_update (FerryCloudStore  *store,
            const char       *sql,
            gint64            user_id,
            const char       *text,
            GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (text != NULL)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (store, error, "change the user");
      return FALSE;
    }
  return TRUE;
}

static gboolean
find_user (FerryCloudStore  *store,
           gint64            site_id,
           const char       *name,
           gint64           *out_user_id,
           char            **out_password_hash,
           GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store,
      "SELECT id, password_hash FROM user WHERE site_id = ?1 AND name = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, site_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_user_id = sqlite3_column_int64 (stmt, 0);
      if (out_password_hash != NULL)
        *out_password_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    ferry_cloud_store_set_error (store, error, "look up the user");
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW;
}

gboolean
ferry_cloud_auth_update_user (FerryCloudStore  *store,
                              gint64            site_id,
                              const char       *name,
                              const char       *role,
                              int               can_sync,
                              const char       *password,
                              guint             iterations,
                              GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 user_id;

  if (!find_user (store, site_id, name, &user_id, NULL, &local_error))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_NOT_FOUND,
                     "There is no user %s in this site.", name);
      return FALSE;
    }
  if ((role != NULL && !check_role (role, error))
      || (password != NULL && !check_password (password, error)))
    return FALSE;

  if (!ferry_cloud_store_begin (store, error))
    return FALSE;
  if ((role != NULL
       && !run_update (store, "UPDATE user SET role = ?2 WHERE id = ?1", user_id, role, error))
      || (can_sync >= 0
          && !run_update (store, can_sync ? "UPDATE user SET can_sync = 1 WHERE id = ?1"
                                          : "UPDATE user SET can_sync = 0 WHERE id = ?1",
                          user_id, NULL, error)))
    goto fail;
  if (password != NULL)
    {
      g_autofree char *hash = ferry_cloud_password_hash (password, iterations);

      if (!run_update (store, "UPDATE user SET password_hash = ?2 WHERE id = ?1", user_id, hash, error)
          || !run_update (store, "DELETE FROM token WHERE user_id = ?1", user_id, NULL, error))
        goto fail;
    }
  return ferry_cloud_store_commit (store, error);

fail:
  ferry_cloud_store_rollback (store);
  return FALSE;
}

JsonNode *
ferry_cloud_auth_list_users (FerryCloudStore  *store,
                             gint64            site_id,
                             GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store,
      "SELECT name, display_name, role, can_sync, created_at FROM user "
      "WHERE site_id = ?1 ORDER BY name", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, site_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *created = ferry_cloud_format_time (sqlite3_column_int64 (stmt, 4));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
      json_builder_set_member_name (builder, "display_name");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 1));
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 2));
      json_builder_set_member_name (builder, "can_sync");
      json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 3) != 0);
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, created);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (store, error, "list the users");
      return NULL;
    }
  return json_builder_get_root (builder);
}

static void
token_digest (const char *token,
              guint8      out[32])
{
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = 32;

  g_checksum_update (sum, (const guchar *) token, strlen (token));
  g_checksum_get_digest (sum, out, &len);
  g_checksum_free (sum);
}

/* Loads the principal of @user_id, or of the token whose digest is @digest. */
static FerryCloudPrincipal *
load_principal (FerryCloudStore  *store,
                const char       *sql,
                gint64            user_id,
                const guint8     *digest,
                gint64           *out_expires_at,
                GError          **error)
{
  FerryCloudPrincipal *principal = NULL;
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (digest != NULL)
    sqlite3_bind_blob (stmt, 1, digest, 32, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, user_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      principal = g_new0 (FerryCloudPrincipal, 1);
      principal->user_id = sqlite3_column_int64 (stmt, 0);
      principal->site_id = sqlite3_column_int64 (stmt, 1);
      principal->site = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      principal->user = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      principal->display_name = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      principal->role = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      principal->can_sync = sqlite3_column_int (stmt, 6) != 0;
      if (out_expires_at != NULL)
        *out_expires_at = sqlite3_column_int64 (stmt, 7);
    }
  else if (rc != SQLITE_DONE)
    ferry_cloud_store_set_error (store, error, "look up the user");
  sqlite3_reset (stmt);

  return principal;
}

#define PRINCIPAL_COLUMNS \
  "user.id, user.site_id, site.name, user.name, user.display_name, user.role, user.can_sync"

char *
ferry_cloud_auth_login (FerryCloudStore      *store,
                        gint64                site_id,
                        const char           *user,
                        const char           *password,
                        gint64                lifetime,
                        gint64               *out_expires_at,
                        FerryCloudPrincipal **out_principal,
                        GError              **error)
{
  /* Stands in for an unknown user's hash so that both failures cost the same. */
  static char *dummy_hash = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *token64 = NULL;
  g_autofree char *token = NULL;
  g_autoptr(FerryCloudPrincipal) principal = NULL;
  guint8 random[TOKEN_BYTES];
  guint8 digest[32];
  sqlite3_stmt *stmt;
  gint64 user_id = 0;
  gint64 now = ferry_cloud_store_now (store);
  gboolean found;
  int rc;

  found = find_user (store, site_id, user, &user_id, &stored, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!found)
    {
      if (g_once_init_enter (&dummy_hash))
        g_once_init_leave (&dummy_hash,
                           ferry_cloud_password_hash ("not a password", FERRY_CLOUD_PASSWORD_ITERATIONS));
      ferry_cloud_password_verify (password, dummy_hash);
    }
  if (!found || !ferry_cloud_password_verify (password, stored))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_CREDENTIALS,
                   "The user name or the password is wrong. Check both; user names are "
                   "case-sensitive.");
      return NULL;
    }

  ferry_cloud_random_bytes (random, sizeof random);
  token64 = g_base64_encode (random, sizeof random);
  g_strdelimit (token64, "+", '-');
  g_strdelimit (token64, "/", '_');
  g_strdelimit (token64, "=", '\0');
  token = g_strconcat (FERRY_CLOUD_TOKEN_PREFIX, token64, NULL);
  token_digest (token, digest);

  stmt = ferry_cloud_store_prepare (store,
      "INSERT INTO token (hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, digest, sizeof digest, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now + lifetime);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (store, error, "store the login");
      return NULL;
    }

  /* Expired tokens are of no use to anyone: drop them as we go. */
  stmt = ferry_cloud_store_prepare (store, "DELETE FROM token WHERE expires_at < ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, now - 86400);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }

  principal = load_principal (store,
      "SELECT " PRINCIPAL_COLUMNS " FROM user JOIN site ON site.id = user.site_id WHERE user.id = ?1",
      user_id, NULL, NULL, error);
  if (principal == NULL)
    return NULL;

  *out_expires_at = now + lifetime;
  if (out_principal != NULL)
    *out_principal = g_steal_pointer (&principal);
  return g_steal_pointer (&token);
}

FerryCloudPrincipal *
ferry_cloud_auth_check_token (FerryCloudStore  *store,
                              gint64            site_id,
                              const char       *token,
                              GError          **error)
{
  g_autoptr(FerryCloudPrincipal) principal = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 expires_at = 0;
  guint8 digest[32];

  if (token == NULL || *token == '\0')
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNAUTHORIZED,
                   "This request needs a token (Authorization: Bearer …). Log in first.");
      return NULL;
    }

  token_digest (token, digest);
  principal = load_principal (store,
      "SELECT " PRINCIPAL_COLUMNS ", token.expires_at FROM token "
      "JOIN user ON user.id = token.user_id JOIN site ON site.id = user.site_id "
      "WHERE token.hash = ?1",
      0, digest, &expires_at, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (principal == NULL || principal->site_id != site_id)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNAUTHORIZED,
                   "The token is not valid for this site (unknown, revoked, or issued by "
                   "another site). Log in again.");
      return NULL;
    }
  if (expires_at <= ferry_cloud_store_now (store))
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNAUTHORIZED,
                   "The token has expired. Log in again.");
      return NULL;
    }

  return g_steal_pointer (&principal);
}

gboolean
ferry_cloud_auth_revoke (FerryCloudStore  *store,
                         const char       *token,
                         GError          **error)
{
  sqlite3_stmt *stmt = ferry_cloud_store_prepare (store, "DELETE FROM token WHERE hash = ?1", error);
  guint8 digest[32];
  int rc;

  if (stmt == NULL)
    return FALSE;
  token_digest (token, digest);
  sqlite3_bind_blob (stmt, 1, digest, sizeof digest, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ferry_cloud_store_set_error (store, error, "log out");
      return FALSE;
    }
  return TRUE;
}

void
ferry_cloud_auth_add_members (FerryCloudPrincipal *principal,
                              JsonBuilder         *builder)
{
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder, principal->site);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, principal->user);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, principal->display_name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, principal->role);
  json_builder_set_member_name (builder, "can_sync");
  json_builder_add_boolean_value (builder, principal->can_sync);
}

JsonNode *
ferry_cloud_auth_describe (FerryCloudStore      *store,
                           FerryCloudPrincipal  *principal,
                           GError              **error)
{
  g_autoptr(JsonNode) companies = ferry_cloud_store_list_companies (store, principal->site_id, error);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  if (companies == NULL)
    return NULL;

  json_builder_begin_object (builder);
  ferry_cloud_auth_add_members (principal, builder);
  json_builder_set_member_name (builder, "companies");
  json_builder_add_value (builder,
                          json_node_copy (json_object_get_member (json_node_get_object (companies),
                                                                  "companies")));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
