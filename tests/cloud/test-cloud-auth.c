/* test-cloud-auth.c: passwords, users, logins, tokens and the login throttle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ferry-cloud-auth.h"
#include "ferry-cloud-password.h"
#include "ferry-cloud-problem.h"
#include "ferry-cloud-throttle.h"
#include "ferry-error.h"
#include "ferry-record-key.h"
#include "ferry-test-util.h"

/* Small enough for fast tests; the minimum the store accepts. */
#define ITERATIONS FERRY_CLOUD_PASSWORD_MIN_ITERATIONS

typedef struct
{
  char            *dir;
  FerryCloudStore *store;
  gint64           site;
  gint64           other_site;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("ferry-cloud-auth-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "cloud.db", NULL);
  f->store = ferry_cloud_store_open (path, &error);
  g_assert_no_error (error);
  f->site = ferry_cloud_store_add_site (f->store, "demo", &error);
  g_assert_no_error (error);
  f->other_site = ferry_cloud_store_add_site (f->store, "other", &error);
  g_assert_no_error (error);
  ferry_cloud_store_add_company (f->store, f->site, "01", "Demo Construction", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  ferry_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
add_user (Fixture    *f,
          gint64      site,
          const char *name,
          gboolean    can_sync)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ferry_cloud_auth_add_user (f->store, site, name, NULL, "member", can_sync,
                                              "correct horse", ITERATIONS, &error), >, 0);
  g_assert_no_error (error);
}

static char *
hex (const guint8 *bytes,
     gsize         len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x", bytes[i]);
  return g_string_free (out, FALSE);
}

static void
test_pbkdf2_vectors (void)
{
  /* Reference values from Python's hashlib.pbkdf2_hmac ('sha256', …). */
  struct { const char *password, *salt; guint iterations; const char *expected; } vectors[] = {
    { "passwd", "salt", 1, "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc" },
    { "Password", "NaCl", 80000, "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56" },
  };
  g_autofree char *long_key = g_strnfill (100, 'k');
  guint8 out[32];
  g_autofree char *long_hex = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *got = NULL;

      ferry_cloud_pbkdf2_sha256 ((const guint8 *) vectors[i].password, strlen (vectors[i].password),
                                 (const guint8 *) vectors[i].salt, strlen (vectors[i].salt),
                                 vectors[i].iterations, out);
      got = hex (out, sizeof out);
      g_assert_cmpstr (got, ==, vectors[i].expected);
    }

  /* A key longer than the SHA-256 block is hashed first. */
  ferry_cloud_pbkdf2_sha256 ((const guint8 *) long_key, 100, (const guint8 *) "salt", 4, 2, out);
  long_hex = hex (out, sizeof out);
  g_assert_cmpstr (long_hex, ==, "2c1357648009149f57e4d5544c3435bbca87a6b231300fa3abb2a89b50f56ec3");
}

static void
test_password_hash (void)
{
  g_autofree char *a = ferry_cloud_password_hash ("correct horse", ITERATIONS);
  g_autofree char *b = ferry_cloud_password_hash ("correct horse", ITERATIONS);
  g_autofree char *weak = ferry_cloud_password_hash ("correct horse", 10);

  g_assert_true (g_str_has_prefix (a, "pbkdf2-sha256$100000$"));
  g_assert_cmpstr (a, !=, b); /* random salt */
  g_assert_null (strstr (a, "correct horse"));
  g_assert_true (ferry_cloud_password_verify ("correct horse", a));
  g_assert_true (ferry_cloud_password_verify ("correct horse", b));
  g_assert_false (ferry_cloud_password_verify ("correct horsE", a));
  g_assert_false (ferry_cloud_password_verify ("", a));
  /* Never fewer than the minimum, whatever is asked. */
  g_assert_true (g_str_has_prefix (weak, "pbkdf2-sha256$100000$"));

  g_assert_false (ferry_cloud_password_verify ("x", "plain"));
  g_assert_false (ferry_cloud_password_verify ("x", "pbkdf2-sha256$0$AAAA$AAAA"));
  g_assert_false (ferry_cloud_password_verify ("x", "pbkdf2-sha256$1$AAAA$AAAA"));
  g_assert_false (ferry_cloud_password_verify ("x", NULL));

  g_assert_true (ferry_cloud_equal_bytes ((const guint8 *) "abcd", (const guint8 *) "abcd", 4));
  g_assert_false (ferry_cloud_equal_bytes ((const guint8 *) "abcd", (const guint8 *) "abce", 4));
}

static void
test_add_user (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) users = NULL;
  JsonObject *ada;

  g_assert_cmpint (ferry_cloud_auth_add_user (f->store, f->site, "ada", "Ada Lovelace", "admin", TRUE,
                                              "correct horse", ITERATIONS, &error), >, 0);
  g_assert_no_error (error);

  g_assert_cmpint (ferry_cloud_auth_add_user (f->store, f->site, "ada", NULL, "admin", TRUE,
                                              "correct horse", ITERATIONS, &error), ==, 0);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_CONFLICT);
  g_clear_error (&error);

  g_assert_cmpint (ferry_cloud_auth_add_user (f->store, f->site, "bob", NULL, "boss", TRUE,
                                              "correct horse", ITERATIONS, &error), ==, 0);
  ferry_test_assert_error_says (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "admin or member", NULL);
  g_clear_error (&error);

  g_assert_cmpint (ferry_cloud_auth_add_user (f->store, f->site, "bob", NULL, "member", TRUE,
                                              "short", ITERATIONS, &error), ==, 0);
  ferry_test_assert_error_says (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST, "at least 8", NULL);
  g_clear_error (&error);

  g_assert_cmpint (ferry_cloud_auth_add_user (f->store, f->site, "b ob", NULL, "member", TRUE,
                                              "correct horse", ITERATIONS, &error), ==, 0);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST);
  g_clear_error (&error);

  /* The same name in another site is another user. */
  add_user (f, f->other_site, "ada", FALSE);

  users = ferry_cloud_auth_list_users (f->store, f->site, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (users), "users")), ==, 1);
  ada = json_array_get_object_element (json_object_get_array_member (json_node_get_object (users), "users"), 0);
  g_assert_cmpstr (json_object_get_string_member (ada, "display_name"), ==, "Ada Lovelace");
  g_assert_true (json_object_get_boolean_member (ada, "can_sync"));
  g_assert_false (json_object_has_member (ada, "password_hash"));
}

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCloudPrincipal) principal = NULL;
  g_autoptr(FerryCloudPrincipal) checked = NULL;
  g_autofree char *token = NULL;
  gint64 expires_at = 0;
  char *failed;

  ferry_cloud_store_set_now (f->store, 1000000);
  add_user (f, f->site, "ada", TRUE);

  token = ferry_cloud_auth_login (f->store, f->site, "ada", "correct horse", 3600,
                                  &expires_at, &principal, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (token, FERRY_CLOUD_TOKEN_PREFIX));
  g_assert_cmpuint (strlen (token), >=, 40);
  g_assert_cmpint (expires_at, ==, 1000000 + 3600);
  g_assert_cmpstr (principal->user, ==, "ada");
  g_assert_cmpstr (principal->site, ==, "demo");
  g_assert_true (principal->can_sync);

  checked = ferry_cloud_auth_check_token (f->store, f->site, token, &error);
  g_assert_no_error (error);
  g_assert_cmpint (checked->user_id, ==, principal->user_id);

  /* Wrong password and unknown user: the same answer. */
  failed = ferry_cloud_auth_login (f->store, f->site, "ada", "wrong horse", 3600, &expires_at, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_CREDENTIALS);
  g_clear_error (&error);
  failed = ferry_cloud_auth_login (f->store, f->site, "nobody", "correct horse", 3600, &expires_at, NULL, &error);
  g_assert_null (failed);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_CREDENTIALS);
  g_clear_error (&error);

  /* What is stored is a hash of the token, never the token. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (f->dir, i == 0 ? "cloud.db" : "cloud.db-wal", NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &contents, &len, NULL))
        g_assert_null (g_strstr_len (contents, (gssize) len, token + strlen (FERRY_CLOUD_TOKEN_PREFIX)));
    }
}

static void
test_token_rules (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  FerryCloudPrincipal *principal;
  gint64 expires_at;

  ferry_cloud_store_set_now (f->store, 1000000);
  add_user (f, f->site, "ada", TRUE);
  token = ferry_cloud_auth_login (f->store, f->site, "ada", "correct horse", 3600, &expires_at, NULL, &error);
  g_assert_no_error (error);

  principal = ferry_cloud_auth_check_token (f->store, f->site, NULL, &error);
  g_assert_null (principal);
  ferry_test_assert_error_says (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNAUTHORIZED, "needs a token", NULL);
  g_clear_error (&error);

  principal = ferry_cloud_auth_check_token (f->store, f->site, "fy1_forged", &error);
  g_assert_null (principal);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNAUTHORIZED);
  g_clear_error (&error);

  /* A token of site demo does not open site other. */
  principal = ferry_cloud_auth_check_token (f->store, f->other_site, token, &error);
  g_assert_null (principal);
  ferry_test_assert_error_says (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNAUTHORIZED, "another site", NULL);
  g_clear_error (&error);

  ferry_cloud_store_set_now (f->store, 1000000 + 3600);
  principal = ferry_cloud_auth_check_token (f->store, f->site, token, &error);
  g_assert_null (principal);
  ferry_test_assert_error_says (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNAUTHORIZED, "expired", NULL);
  g_clear_error (&error);

  ferry_cloud_store_set_now (f->store, 1000000 + 3599);
  principal = ferry_cloud_auth_check_token (f->store, f->site, token, &error);
  g_assert_no_error (error);
  ferry_cloud_principal_free (principal);

  g_assert_true (ferry_cloud_auth_revoke (f->store, token, &error));
  principal = ferry_cloud_auth_check_token (f->store, f->site, token, &error);
  g_assert_null (principal);
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_UNAUTHORIZED);
}

static void
test_update_user (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *again = NULL;
  FerryCloudPrincipal *principal;
  gint64 expires_at;

  add_user (f, f->site, "ada", FALSE);
  token = ferry_cloud_auth_login (f->store, f->site, "ada", "correct horse", 3600, &expires_at, NULL, &error);
  g_assert_no_error (error);

  principal = ferry_cloud_auth_check_token (f->store, f->site, token, &error);
  g_assert_false (principal->can_sync);
  ferry_cloud_principal_free (principal);

  g_assert_true (ferry_cloud_auth_update_user (f->store, f->site, "ada", "admin", 1, NULL, ITERATIONS, &error));
  principal = ferry_cloud_auth_check_token (f->store, f->site, token, &error);
  g_assert_no_error (error);
  g_assert_true (principal->can_sync);
  g_assert_cmpstr (principal->role, ==, "admin");
  ferry_cloud_principal_free (principal);

  /* A new password revokes every token and replaces the old password. */
  g_assert_true (ferry_cloud_auth_update_user (f->store, f->site, "ada", NULL, -1, "battery staple",
                                               ITERATIONS, &error));
  principal = ferry_cloud_auth_check_token (f->store, f->site, token, &error);
  g_assert_null (principal);
  g_clear_error (&error);
  g_assert_null (ferry_cloud_auth_login (f->store, f->site, "ada", "correct horse", 3600, &expires_at, NULL, &error));
  g_clear_error (&error);
  again = ferry_cloud_auth_login (f->store, f->site, "ada", "battery staple", 3600, &expires_at, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);

  g_assert_false (ferry_cloud_auth_update_user (f->store, f->site, "nobody", NULL, 1, NULL, ITERATIONS, &error));
  g_assert_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_NOT_FOUND);
}

static void
test_throttle (void)
{
  g_autoptr(FerryCloudThrottle) throttle = ferry_cloud_throttle_new (3, 900);

  g_assert_cmpint (ferry_cloud_throttle_check (throttle, "ada", 100), ==, 0);
  ferry_cloud_throttle_record_failure (throttle, "ada", 100);
  ferry_cloud_throttle_record_failure (throttle, "ada", 200);
  g_assert_cmpint (ferry_cloud_throttle_check (throttle, "ada", 200), ==, 0);
  ferry_cloud_throttle_record_failure (throttle, "ada", 300);
  /* Locked until the first of the three failures is 900 s old. */
  g_assert_cmpint (ferry_cloud_throttle_check (throttle, "ada", 300), ==, 700);
  g_assert_cmpint (ferry_cloud_throttle_check (throttle, "bob", 300), ==, 0);
  g_assert_cmpint (ferry_cloud_throttle_check (throttle, "ada", 1000), ==, 0);
  ferry_cloud_throttle_record_failure (throttle, "ada", 1000);
  g_assert_cmpint (ferry_cloud_throttle_check (throttle, "ada", 1000), ==, 100);
  ferry_cloud_throttle_reset (throttle, "ada");
  g_assert_cmpint (ferry_cloud_throttle_check (throttle, "ada", 1000), ==, 0);
}

static void
test_record_key (void)
{
  const char *plain[] = { "1001", "10", NULL };
  const char *tricky[] = { "a\"b\\c", "line\nbreak", "é", NULL };
  g_autofree char *text = ferry_record_key_to_text (plain);
  g_autofree char *tricky_text = ferry_record_key_to_text (tricky);
  g_autofree char *display = ferry_record_key_display (plain);
  g_auto(GStrv) back = NULL;
  g_autoptr(GError) error = NULL;
  char **bad;

  g_assert_cmpstr (text, ==, "[\"1001\",\"10\"]");
  g_assert_cmpstr (tricky_text, ==, "[\"a\\\"b\\\\c\",\"line\\u000abreak\",\"é\"]");
  g_assert_cmpstr (display, ==, "1001/10");

  back = ferry_record_key_from_text (tricky_text, &error);
  g_assert_no_error (error);
  ferry_test_assert_strv_equal ((const char * const *) back, tricky);

  bad = ferry_record_key_from_text ("[\"a\", 1]", &error);
  g_assert_null (bad);
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (ferry_record_key_from_text ("[]", &error));
  g_clear_error (&error);
  g_assert_null (ferry_record_key_from_text ("[\"\"]", &error));
  g_clear_error (&error);

  g_assert_true (ferry_record_hash_is_valid ("9b1d5f0e8a3c4b2d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5"));
  g_assert_false (ferry_record_hash_is_valid ("9B1D5F0E8A3C4B2D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5"));
  g_assert_false (ferry_record_hash_is_valid ("abc"));
  g_assert_false (ferry_record_hash_is_valid (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cloud/password/pbkdf2-vectors", test_pbkdf2_vectors);
  g_test_add_func ("/cloud/password/hash", test_password_hash);
  g_test_add ("/cloud/auth/add-user", Fixture, NULL, fixture_set_up, test_add_user, fixture_tear_down);
  g_test_add ("/cloud/auth/login", Fixture, NULL, fixture_set_up, test_login, fixture_tear_down);
  g_test_add ("/cloud/auth/token-rules", Fixture, NULL, fixture_set_up, test_token_rules, fixture_tear_down);
  g_test_add ("/cloud/auth/update-user", Fixture, NULL, fixture_set_up, test_update_user, fixture_tear_down);
  g_test_add_func ("/cloud/auth/throttle", test_throttle);
  g_test_add_func ("/cloud/record-key", test_record_key);

  return g_test_run ();
}
