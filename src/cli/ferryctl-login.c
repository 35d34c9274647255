/* ferryctl-login.c: `ferryctl login`, check a cloud password and keep it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password is read from the terminal without echo, from one line of
 * standard input, or from a 0600 password file; it is never an argument,
 * never printed, and the buffers that held it are wiped.
 */
#define G_LOG_DOMAIN "ferryctl-login"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ferry-cloud-client.h"
#include "ferry-error.h"
#include "ferry-secrets.h"
#include "ferryctl-util.h"

/* As ferry_secrets_read_password_file () allows. */
#define MAX_PASSWORD_LENGTH 4096

/* The terminal's settings while echo is off, for the signal handler. */
static struct termios saved_termios;

static void
on_prompt_signal (int signum)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  (void) !write (STDERR_FILENO, "\n", 1);
  _exit (FERRYCTL_EXIT_CANCELLED);
}

/* One line of @in without its line end; empty and overlong lines are
 * errors. */
static char *
read_password_line (FILE    *in,
                    GError **error)
{
  char buffer[MAX_PASSWORD_LENGTH + 2];
  char *password = NULL;
  gsize length;

  if (fgets (buffer, sizeof buffer, in) == NULL)
    buffer[0] = '\0';
  length = strlen (buffer);
  if (length > 0 && buffer[length - 1] != '\n' && !feof (in))
    g_set_error (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                 "The password is longer than %d bytes", MAX_PASSWORD_LENGTH);
  else
    {
      buffer[strcspn (buffer, "\r\n")] = '\0';
      if (buffer[0] == '\0')
        g_set_error_literal (error, FERRY_ERROR, FERRY_ERROR_INVALID_ARGUMENT,
                             "No password was given; type the password of your cloud account");
      else
        password = g_strdup (buffer);
    }
  explicit_bzero (buffer, sizeof buffer);
  return password;
}

/* Prompts on the terminal with echo off; Ctrl-C puts echo back. */
static char *
prompt_password (const char  *prompt,
                 GError     **error)
{
  struct sigaction action = { 0 }, old_int, old_term;
  struct termios quiet;
  char *password;

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    return read_password_line (stdin, error);

  action.sa_handler = on_prompt_signal;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &old_int);
  sigaction (SIGTERM, &action, &old_term);
  quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  fprintf (stderr, "%s", prompt);
  fflush (stderr);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);

  password = read_password_line (stdin, error);

  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
  fputc ('\n', stderr);
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);
  return password;
}

static char *
get_password (FerryConnection  *connection,
              const char       *password_file,
              GError          **error)
{
  g_autofree char *prompt = NULL;

  if (password_file != NULL)
    return ferry_secrets_read_password_file (password_file, error);
  if (!isatty (STDIN_FILENO))
    return read_password_line (stdin, error);
  prompt = g_strdup_printf ("Password of %s at %s (site %s): ",
                            ferry_connection_get_user (connection),
                            ferry_connection_get_site_url (connection),
                            ferry_connection_get_site (connection));
  return prompt_password (prompt, error);
}

/* What the worker thread needs; strings are borrowed from the connection,
 * which the main thread does not touch meanwhile. */
typedef struct
{
  const char     *site_url;
  const char     *site;
  const char     *company;
  const char     *user;
  const char     *password;
  FerryCloudUser *me;       /* owned, out */
} Login;

/* Logs in, asks who that is with the new token, and logs out again so no
 * token is left behind: the engine logs in for each run. */
static gboolean
verify_password (gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Login *login = data;
  g_autoptr(FerryCloudClient) client = NULL;
  g_autoptr(FerryCloudUser) user = NULL;
  g_autoptr(GError) logout_error = NULL;

  client = ferry_cloud_client_new (login->site_url, login->site, login->company, error);
  if (client == NULL)
    return FALSE;
  user = ferry_cloud_client_login (client, login->user, login->password, cancellable, error);
  if (user == NULL)
    return FALSE;
  login->me = ferry_cloud_client_get_me (client, cancellable, error);
  if (login->me == NULL)
    return FALSE;
  if (!ferry_cloud_client_logout (client, cancellable, &logout_error))
    g_debug ("Could not revoke the token: %s", logout_error->message);
  return TRUE;
}

static gboolean
has_company (const FerryCloudUser *me,
             const char           *code)
{
  for (guint i = 0; i < me->companies->len; i++)
    {
      const FerryCloudCompany *company = g_ptr_array_index (me->companies, i);

      if (g_strcmp0 (company->code, code) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
print_user (FerryConnection      *connection,
            const FerryCloudUser *me)
{
  const char *company = ferry_connection_get_company (connection);

  printf ("Logged in to site %s at %s as %s (%s), role %s.\n", me->site,
          ferry_connection_get_site_url (connection),
          me->display_name != NULL && *me->display_name != '\0' ? me->display_name : me->user,
          me->user, me->role);
  printf ("Can Sync: %s\n", me->can_sync ? "yes" : "no");
  if (!me->can_sync)
    ferryctl_warn ("%s does not have the Can Sync permission, so the cloud refuses syncs of "
                   "“%s”. Ask an administrator of site %s to grant %s Can Sync.", me->user,
                   ferry_connection_get_name (connection), me->site, me->user);
  if (!has_company (me, company))
    ferryctl_warn ("site %s has no company “%s” that %s can use; check the connection’s "
                   "company (`ferryctl connection show \"%s\"`)", me->site, company, me->user,
                   ferry_connection_get_name (connection));
}

/* A cloud refusal of the password says what to check. Takes @error. */
static int
fail_login (FerryConnection *connection,
            GError          *error)
{
  int status;

  if (g_error_matches (error, FERRY_CLOUD_CLIENT_ERROR, FERRY_CLOUD_CLIENT_ERROR_AUTH))
    g_prefix_error (&error, "The cloud refused the password of user “%s” at %s (site %s); "
                    "check the password, and the user name with `ferryctl connection show`: ",
                    ferry_connection_get_user (connection),
                    ferry_connection_get_site_url (connection),
                    ferry_connection_get_site (connection));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_prefix_error (&error, "Could not log in to %s: ", ferry_connection_get_site_url (connection));
  status = ferryctl_fail (error);
  g_error_free (error);
  return status;
}

/* Keeps the verified password; without a keyring, a password file given
 * on the command line is the way to go on, so that is no failure. */
static int
keep_password (FerryConnection *connection,
               const char      *password,
               gboolean         from_file)
{
  g_autoptr(GError) error = NULL;

  if (ferry_secrets_store (connection, password, NULL, &error))
    {
      printf ("The password of “%s” is kept in the Secret Service.\n",
              ferry_connection_get_name (connection));
      return FERRYCTL_EXIT_OK;
    }
  if (from_file && g_error_matches (error, FERRY_ERROR, FERRY_ERROR_NO_SECRET_SERVICE))
    {
      printf ("There is no Secret Service to keep the password in; give --password-file "
              "to every sync of “%s”.\n", ferry_connection_get_name (connection));
      return FERRYCTL_EXIT_OK;
    }
  return ferryctl_fail (error);
}

int
ferryctl_login (int    argc,
                char **argv)
{
  g_autofree char *profile = NULL;
  g_autofree char *password_file = NULL;
  const GOptionEntry entries[] = {
    FERRYCTL_PROFILE_OPTION (&profile),
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      "Read the password from FILE (mode 0600) instead of the terminal", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("CONNECTION — log in to the cloud");
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(FerryPassword) password = NULL;
  g_autoptr(GError) error = NULL;
  FerryConnection *connection;
  Login login = { NULL };
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Checks the password of the connection's cloud user and keeps "
                                "it in the Secret Service.\nOn a terminal it asks for the "
                                "password; otherwise it reads one line from standard input.");
  if (!ferryctl_parse_options (context, &argc, &argv,
                               (const char * const[]) { "CONNECTION", NULL }, &status))
    return status;
  connection = ferryctl_open_connection (profile, argv[1], &store, &error);
  if (connection == NULL || !ferry_connection_check_cloud (connection, &error))
    return ferryctl_fail (error);

  password = get_password (connection, password_file, &error);
  if (password == NULL)
    return ferryctl_fail (error);

  login = (Login) { ferry_connection_get_site_url (connection),
                    ferry_connection_get_site (connection),
                    ferry_connection_get_company (connection),
                    ferry_connection_get_user (connection), password, NULL };
  if (!ferryctl_run_cancellable ("login", verify_password, &login, &error))
    return fail_login (connection, g_steal_pointer (&error));

  print_user (connection, login.me);
  status = keep_password (connection, password, password_file != NULL);
  ferry_cloud_user_free (login.me);
  return status;
}
