/* test-secrets.c: passwords in the Secret Service (the gnome-keyring that
 * build-aux/test-session.sh starts) and in password files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/stat.h>
#include <unistd.h>

#include "ferry-error.h"
#include "ferry-secrets.h"
#include "ferry-test-util.h"

static FerryConnection *
new_connection (const char *name,
                const char *user)
{
  FerryConnection *connection = ferry_connection_new (NULL, name);

  ferry_connection_set_location (connection, "/srv/accounting/company.db");
  ferry_connection_set_site_url (connection, "https://cloud.example.com");
  ferry_connection_set_site (connection, "demo");
  ferry_connection_set_company (connection, "01");
  ferry_connection_set_user (connection, user);
  return connection;
}

/* The keyring tests need the private session of test-session.sh; a run
 * outside it would read and write the desktop's real keyring. */
static gboolean
have_test_session (void)
{
  if (g_getenv ("FERRY_TEST_SESSION") != NULL)
    return TRUE;
  g_test_skip ("needs the keyring of build-aux/test-session.sh");
  return FALSE;
}

/* What the keyring holds for these attributes, asked without Ferry. */
static char *
keyring_lookup (const char *id,
                const char *site_url,
                const char *user)
{
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_sync (ferry_secrets_get_schema (), NULL, &error,
                                                "connection", id,
                                                "site-url", site_url,
                                                "user", user,
                                                NULL);

  g_assert_no_error (error);
  return password;
}

static void
test_store_lookup_clear (void)
{
  g_autoptr(FerryConnection) connection = NULL;
  g_autoptr(FerryPassword) password = NULL;
  g_autoptr(FerryPassword) raw = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  if (!have_test_session ())
    return;
  connection = new_connection ("Main", "ada");
  id = ferry_connection_get_id (connection);

  g_assert_null (ferry_secrets_lookup (connection, NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                                "ada", "https://cloud.example.com", "Main", NULL);
  g_clear_error (&error);

  ferry_secrets_store (connection, "correct horse battery", NULL, &error);
  g_assert_no_error (error);
  password = ferry_secrets_lookup (connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "correct horse battery");
  /* Filed under the schema's attributes, where other tools find it. */
  raw = keyring_lookup (id, "https://cloud.example.com", "ada");
  g_assert_cmpstr (raw, ==, "correct horse battery");

  /* A password is only offered to the site and user it was given for. */
  ferry_connection_set_site_url (connection, "https://other.example.com");
  g_assert_null (ferry_secrets_lookup (connection, NULL, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Storing for the new site replaces the old site's password. */
  ferry_secrets_store (connection, "new one", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&raw, ferry_secrets_password_free);
  raw = keyring_lookup (id, "https://cloud.example.com", "ada");
  g_assert_null (raw);
  g_clear_pointer (&password, ferry_secrets_password_free);
  password = ferry_secrets_lookup (connection, NULL, &error);
  g_assert_cmpstr (password, ==, "new one");

  ferry_secrets_clear (connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (ferry_secrets_lookup (connection, NULL, &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Clearing nothing is fine. */
  g_assert_true (ferry_secrets_clear (connection, NULL, &error));
  g_assert_no_error (error);
}

static void
test_connections_apart (void)
{
  g_autoptr(FerryConnection) one = NULL;
  g_autoptr(FerryConnection) two = NULL;
  g_autoptr(FerryPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_test_session ())
    return;
  /* Same site and user, different connections. */
  one = new_connection ("One", "ada");
  two = new_connection ("Two", "ada");
  g_assert_true (ferry_secrets_store (one, "first", NULL, NULL));
  g_assert_true (ferry_secrets_store (two, "second", NULL, NULL));

  password = ferry_secrets_lookup (one, NULL, &error);
  g_assert_cmpstr (password, ==, "first");
  g_clear_pointer (&password, ferry_secrets_password_free);
  g_assert_true (ferry_secrets_clear (one, NULL, NULL));
  password = ferry_secrets_lookup (two, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "second");
  g_assert_true (ferry_secrets_clear (two, NULL, NULL));
}

static void
test_store_refusals (void)
{
  g_autoptr(FerryConnection) connection = new_connection ("Main", "");
  g_autoptr(GError) error = NULL;

  /* Checked before the keyring is asked, so no session is needed. */
  g_assert_false (ferry_secrets_store (connection, "pw", NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "Main", "user name", NULL);
  g_clear_error (&error);
  ferry_connection_set_user (connection, "ada");
  g_assert_false (ferry_secrets_store (connection, "", NULL, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "empty", NULL);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async (void)
{
  g_autoptr(FerryConnection) connection = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GAsyncResult) missing = NULL;
  g_autoptr(FerryPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_test_session ())
    return;
  connection = new_connection ("Async", "grace");

  ferry_secrets_store_async (connection, "from the app", NULL, on_done, &stored);
  /* The request was copied: changing the connection now does not matter. */
  ferry_connection_set_user (connection, "someone-else");
  g_assert_true (ferry_secrets_store_finish (wait_for (&stored), &error));
  g_assert_no_error (error);

  ferry_connection_set_user (connection, "grace");
  ferry_secrets_lookup_async (connection, NULL, on_done, &looked_up);
  password = ferry_secrets_lookup_finish (wait_for (&looked_up), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "from the app");

  ferry_secrets_clear_async (connection, NULL, on_done, &cleared);
  g_assert_true (ferry_secrets_clear_finish (wait_for (&cleared), &error));
  ferry_secrets_lookup_async (connection, NULL, on_done, &missing);
  g_assert_null (ferry_secrets_lookup_finish (wait_for (&missing), &error));
  g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
}

/* In a child process, so the broken bus does not stick to this one. */
static void
test_no_secret_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(FerryConnection) connection = new_connection ("Main", "ada");
      g_autoptr(GError) error = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ferry-test-bus", TRUE);
      g_assert_null (ferry_secrets_lookup (connection, NULL, &error));
      ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_NO_SECRET_SERVICE,
                                    "--password-file", "GNOME Keyring", "chmod 600", NULL);
      g_clear_error (&error);
      g_assert_false (ferry_secrets_store (connection, "pw", NULL, &error));
      ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_NO_SECRET_SERVICE,
                                    "--password-file", "GNOME Keyring", NULL);
      g_assert_null (strstr (error->message, "pw "));
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A temporary file holding @contents with @mode; the caller frees and
 * unlinks it. */
static char *
password_file (const char *contents,
               gssize      length,
               guint       mode)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("ferry-password-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static void
assert_password_file_reads (const char *contents,
                            guint       mode,
                            const char *expected)
{
  g_autofree char *path = password_file (contents, -1, mode);
  g_autoptr(FerryPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  password = ferry_secrets_read_password_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
  g_unlink (path);
}

static void
assert_password_file_refused (const char *contents,
                              gssize      length,
                              guint       mode,
                              const char *says)
{
  g_autofree char *path = password_file (contents, length, mode);
  g_autoptr(GError) error = NULL;

  g_assert_null (ferry_secrets_read_password_file (path, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                path, says, NULL);
  /* Never the password itself. */
  g_assert_null (strstr (error->message, "s3cret"));
  g_unlink (path);
}

static void
test_password_file_mode (void)
{
  assert_password_file_reads ("s3cret\n", 0600, "s3cret");
  assert_password_file_reads ("s3cret\n", 0400, "s3cret");
  assert_password_file_refused ("s3cret\n", -1, 0644, "chmod 600");
  assert_password_file_refused ("s3cret\n", -1, 0640, "chmod 600");
  assert_password_file_refused ("s3cret\n", -1, 0604, "chmod 600");
  assert_password_file_refused ("s3cret\n", -1, 0700, "chmod 600");
  assert_password_file_refused ("s3cret\n", -1, 0200, "chmod 600");
}

static void
test_password_file_contents (void)
{
  g_autofree char *big = g_strnfill (5000, 'x');

  assert_password_file_reads ("s3cret", 0600, "s3cret");
  assert_password_file_reads ("s3cret\r\n", 0600, "s3cret");
  assert_password_file_reads ("  spaces kept \t\n", 0600, "  spaces kept \t");
  assert_password_file_reads ("pässwörd\n", 0600, "pässwörd");
  assert_password_file_refused ("", -1, 0600, "empty");
  assert_password_file_refused ("\n", -1, 0600, "empty");
  assert_password_file_refused ("s3cret\n\n", -1, 0600, "more than one line");
  assert_password_file_refused ("s3cret\nother\n", -1, 0600, "more than one line");
  assert_password_file_refused ("s3c\0ret", 7, 0600, "more than one line");
  assert_password_file_refused ("\xff\xfe\n", -1, 0600, "UTF-8");
  assert_password_file_refused (big, -1, 0600, "larger than");
}

static void
test_password_file_kinds (void)
{
  g_autofree char *target = password_file ("s3cret\n", -1, 0600);
  g_autofree char *dir = g_dir_make_tmp ("ferry-password-dir-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autoptr(FerryPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (ferry_secrets_read_password_file ("/nonexistent/ferry-password", &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND,
                                "/nonexistent/ferry-password", NULL);
  g_clear_error (&error);

  g_assert_null (ferry_secrets_read_password_file (dir, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "not a regular file", NULL);
  g_clear_error (&error);

  /* A FIFO is refused at once rather than waited on. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_null (ferry_secrets_read_password_file (fifo, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "not a regular file", NULL);
  g_clear_error (&error);

  /* A link is judged by the file it points at. */
  g_assert_cmpint (symlink (target, link), ==, 0);
  password = ferry_secrets_read_password_file (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret");
  g_assert_cmpint (g_chmod (target, 0644), ==, 0);
  g_assert_null (ferry_secrets_read_password_file (link, &error));
  ferry_test_assert_error_says (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                                "chmod 600", NULL);

  g_unlink (link);
  g_unlink (fifo);
  g_unlink (target);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/secrets/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/secrets/connections-apart", test_connections_apart);
  g_test_add_func ("/secrets/store-refusals", test_store_refusals);
  g_test_add_func ("/secrets/async", test_async);
  g_test_add_func ("/secrets/no-secret-service", test_no_secret_service);
  g_test_add_func ("/secrets/password-file/mode", test_password_file_mode);
  g_test_add_func ("/secrets/password-file/contents", test_password_file_contents);
  g_test_add_func ("/secrets/password-file/kinds", test_password_file_kinds);

  return g_test_run ();
}
