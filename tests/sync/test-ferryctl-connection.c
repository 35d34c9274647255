/* test-ferryctl-connection.c: `ferryctl connection`, `login`, `history` and
 * `status`, run as an administrator would run them, on a scratch profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cloud-test-server.h"
#include "ferry-connection-store.h"
#include "ferry-error.h"
#include "ferry-ledger.h"
#include "ferry-record-key.h"
#include "ferry-secrets.h"
#include "ferry-test-util.h"

typedef struct
{
  char *profile; /* owned: a scratch directory */
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->profile = g_dir_make_tmp ("ferryctl-connection-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->profile);
  g_free (fixture->profile);
}

static void
run_valist (FerryTestResult *result,
            Fixture         *fixture,
            const char      *input,
            const char      *first_arg,
            va_list          args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FERRYCTL"));
  g_ptr_array_add (argv, (gpointer) "--profile");
  g_ptr_array_add (argv, fixture->profile);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &result->out,
                                 &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
  if (result->err[0] != '\0')
    g_test_message ("ferryctl said: %s", result->err);
}

/* Runs `ferryctl --profile PROFILE ARGS…` with @input (NULL: nothing) on a
 * pipe as standard input, never a terminal. */
static void
run_with_input (FerryTestResult *result,
                Fixture         *fixture,
                const char      *input,
                const char      *first_arg,
                ...)
{
  va_list args;

  va_start (args, first_arg);
  run_valist (result, fixture, input, first_arg, args);
  va_end (args);
}

#define RUN(result, fixture, ...) run_with_input ((result), (fixture), NULL, __VA_ARGS__, NULL)

static void
assert_says (const char *text,
             const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” does not say “%s”", text, part);
}

/* Runs `ferryctl … ARGS…` without input; it must exit with @status (and
 * print nothing on standard output if that is a failure) and, if @says is
 * not NULL, say @says on standard error. */
static void
run_expect (Fixture    *fixture,
            int         status,
            const char *says,
            const char *first_arg,
            ...)
{
  FerryTestResult r = { 0 };
  va_list args;

  va_start (args, first_arg);
  run_valist (&r, fixture, NULL, first_arg, args);
  va_end (args);
  g_assert_cmpint (r.status, ==, status);
  if (status != 0)
    g_assert_cmpstr (r.out, ==, "");
  if (says != NULL)
    assert_says (r.err, says);
  ferry_test_result_clear (&r);
}

#define RUN_EXPECT(fixture, status, says, ...) \
  run_expect ((fixture), (status), (says), __VA_ARGS__, NULL)

/* Runs `ferryctl … ARGS…` without input; it must succeed. Returns the
 * JSON object it prints, owned by @parser. */
static JsonObject *
run_json (JsonParser *parser,
          Fixture    *fixture,
          const char *first_arg,
          ...)
{
  FerryTestResult r = { 0 };
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first_arg);
  run_valist (&r, fixture, NULL, first_arg, args);
  va_end (args);
  g_assert_cmpint (r.status, ==, 0);
  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  ferry_test_result_clear (&r);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

#define RUN_JSON(parser, fixture, ...) run_json ((parser), (fixture), __VA_ARGS__, NULL)

static void
add_connection (Fixture    *fixture,
                const char *name,
                const char *site_url,
                const char *user)
{
  FerryTestResult r = { 0 };

  RUN (&r, fixture, "connection", "add", name, "--location", "/srv/accounting/company.db",
       "--site-url", site_url, "--site", "demo", "--company", "01", "--user", user);
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "ferryctl login");
  ferry_test_result_clear (&r);
}

/* The saved connection, read the way the app reads it. */
static FerryConnection *
load_connection (Fixture              *fixture,
                 const char           *name,
                 FerryConnectionStore **out_store)
{
  g_autoptr(FerryConnectionStore) store = ferry_connection_store_new (fixture->profile);
  g_autoptr(GError) error = NULL;
  FerryConnection *connection;

  g_assert_true (ferry_connection_store_load (store, &error));
  g_assert_no_error (error);
  connection = ferry_connection_store_lookup (store, name);
  if (connection == NULL)
    return NULL;
  g_object_ref (connection);
  if (out_store != NULL)
    *out_store = g_steal_pointer (&store);
  return connection;
}

/* The first field the PCCO export preset switches off, and where. */
typedef struct
{
  const char      *entity;
  FerryEntityType *type;
  const char      *field;
  const char      *label;
} SwitchedOff;

static SwitchedOff
pcco_switched_off (void)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  FerryPreset *preset = ferry_catalog_lookup_preset (catalog, "pcco-export");
  SwitchedOff off;

  g_assert_nonnull (preset);
  off.entity = ferry_preset_get_field_entities (preset)[0];
  off.field = ferry_preset_get_disabled_fields (preset, off.entity)[0];
  off.type = ferry_catalog_lookup (catalog, off.entity);
  off.label = ferry_field_get_label (ferry_entity_type_lookup_field (off.type, off.field));
  return off;
}

static void
check_list_json (Fixture *fixture)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *main;
  JsonArray *list;

  list = json_object_get_array_member (RUN_JSON (parser, fixture, "connection", "list", "--json"),
                                       "connections");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  main = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (main, "name"), ==, "Main office");
  g_assert_cmpstr (json_object_get_string_member (main, "kind"), ==, "sqlite");
  g_assert_cmpstr (json_object_get_string_member (main, "location"), ==,
                   "/srv/accounting/company.db");
  g_assert_cmpstr (json_object_get_string_member (main, "site_url"), ==,
                   "https://cloud.example.com");
  g_assert_cmpstr (json_object_get_string_member (main, "user"), ==, "ada");
  g_assert_cmpint (json_object_get_int_member (main, "batch_size"), ==, 1000);
  g_assert_true (json_object_get_null_member (main, "last_run"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (main, "ledger"),
                                   fixture->profile));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 1),
                                               "batch_size"), ==, 200);
}

/* show: the entity types by label, with the switched-off fields. */
static void
check_show (Fixture           *fixture,
            FerryConnection   *saved,
            const SwitchedOff *off)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *expected = g_strdup_printf ("%s (%s) — switched off: %s",
                                               ferry_entity_type_get_label (off->type),
                                               off->entity, off->label);
  FerryTestResult r = { 0 };
  JsonObject *root, *field;
  JsonArray *types;
  gboolean found = FALSE;

  RUN (&r, fixture, "connection", "show", "YARD");
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "Customer Type (ar.customer_type)");
  assert_says (r.out, expected);
  assert_says (r.out, "stop the run");
  ferry_test_result_clear (&r);

  root = RUN_JSON (parser, fixture, "connection", "show", "Yard", "--json");
  g_assert_cmpstr (json_object_get_string_member (root, "id"), ==, ferry_connection_get_id (saved));
  g_assert_true (json_object_get_boolean_member (root, "stop_on_error"));
  types = json_object_get_array_member (root, "entity_types");
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonObject *entry = json_array_get_object_element (types, i);
      const char *id = json_object_get_string_member (entry, "id");

      g_assert_nonnull (ferry_catalog_lookup (ferry_catalog_get_default (), id));
      if (!g_str_equal (id, off->entity))
        continue;
      found = TRUE;
      g_assert_cmpstr (json_object_get_string_member (entry, "label"), ==,
                       ferry_entity_type_get_label (off->type));
      field = json_array_get_object_element (json_object_get_array_member (entry,
                                                                           "disabled_fields"), 0);
      g_assert_cmpstr (json_object_get_string_member (field, "name"), ==, off->field);
      g_assert_cmpstr (json_object_get_string_member (field, "label"), ==, off->label);
    }
  g_assert_true (found);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  SwitchedOff off = pcco_switched_off ();
  g_autoptr(FerryConnection) saved = NULL;
  FerryTestResult r = { 0 };

  add_connection (fixture, "Main office", "https://cloud.example.com", "ada");
  /* The command's own --profile works as the global one does. */
  RUN_EXPECT (fixture, 0, NULL, "connection", "add", "Yard", "--profile", fixture->profile,
              "--location", "yard.db", "--site-url", "http://127.0.0.1:8080", "--site", "demo",
              "--company", "02", "--user", "bob", "--batch-size", "200",
              "--schedule", "daily:02:00", "--entities", "ar.customer_type, ar.customer",
              "--preset", "pcco-export", "--stop-on-error");

  /* Saved as given: a relative location made absolute, the preset on top
   * of the entity list. */
  saved = load_connection (fixture, "yard", NULL);
  g_assert_nonnull (saved);
  g_assert_true (g_path_is_absolute (ferry_connection_get_location (saved)));
  g_assert_true (g_str_has_suffix (ferry_connection_get_location (saved), "/yard.db"));
  g_assert_cmpuint (ferry_connection_get_batch_size (saved), ==, 200);
  g_assert_cmpstr (ferry_connection_get_schedule (saved), ==, "daily:02:00");
  g_assert_true (ferry_connection_get_stop_on_error (saved));
  g_assert_true (ferry_connection_get_entity_enabled (saved, "ar.customer"));
  g_assert_true (ferry_connection_get_entity_enabled (saved, off.entity));
  g_assert_false (ferry_connection_get_entity_enabled (saved, "gl.account"));
  g_assert_false (ferry_connection_get_field_enabled (saved, off.entity, off.field));

  RUN (&r, fixture, "connection", "list");
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "Main office");
  assert_says (r.out, "demo/02");
  assert_says (r.out, "daily:02:00");
  assert_says (r.out, "never run");
  ferry_test_result_clear (&r);
  check_list_json (fixture);
  check_show (fixture, saved, &off);

  RUN_EXPECT (fixture, 0, NULL, "connection", "remove", "Yard", "--yes");
  g_clear_object (&saved);
  g_assert_null (load_connection (fixture, "Yard", NULL));
  RUN_EXPECT (fixture, 2, "no connection “Yard”", "connection", "show", "Yard");
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct
  {
    const char *option;
    const char *value;
    const char *says;
  } bad[] = {
    { "--site-url", "http://cloud.example.com", "https://" },
    { "--site-url", "not a url", "site_url" },
    { "--company", "0 1", "company code" },
    { "--batch-size", "0", "use 1 to 1000" },
    { "--batch-size", "5000", "use 1 to 1000" },
    { "--entities", "ar.customer,ar.nonsense", "ar.nonsense" },
    { "--preset", "nonsense", "pcco-export" },
    { "--schedule", "", "schedule" },
  };
  g_autofree char *file = g_build_filename (fixture->profile, "config", "connections.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    RUN_EXPECT (fixture, 2, bad[i].says, "connection", "add", "Main", "--location",
                "/srv/company.db", "--site-url", "https://cloud.example.com", "--site", "demo",
                "--company", "01", "--user", "ada", bad[i].option, bad[i].value);
  /* Nothing was saved. */
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  RUN_EXPECT (fixture, 2, "--site-url URL", "connection", "add", "Main", "--location",
              "/srv/company.db", "--site", "demo", "--company", "01", "--user", "ada");
  RUN_EXPECT (fixture, 2, "NAME is missing", "connection", "add", "--location", "/srv/company.db");
  RUN_EXPECT (fixture, 2, NULL, "connection", "list", "extra");
  RUN_EXPECT (fixture, 2, NULL, "connection", "list", "--frobnicate");
  RUN_EXPECT (fixture, 2, "unknown action “rename”", "connection", "rename");

  /* A name is unique whatever its case. */
  add_connection (fixture, "Main", "https://cloud.example.com", "ada");
  RUN_EXPECT (fixture, 2, "already", "connection", "add", "MAIN", "--location", "/srv/company.db",
              "--site-url", "https://cloud.example.com", "--site", "demo", "--company", "01",
              "--user", "ada");

  /* A damaged file is a local failure, and is left alone. */
  g_assert_true (g_file_set_contents (file, "{\"format\": 1, \"connections\": [", -1, NULL));
  RUN_EXPECT (fixture, 6, "damaged", "connection", "list");
}

static void
test_remove_needs_confirmation (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(FerryConnection) connection = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ledger_path = NULL;
  FerryTestResult r = { 0 };

  add_connection (fixture, "Main office", "https://cloud.example.com", "ada");
  connection = load_connection (fixture, "Main office", &store);
  ledger_path = ferry_connection_store_get_ledger_path (store, connection);
  ledger = ferry_ledger_open (ledger_path, &error);
  g_assert_no_error (error);

  /* Standard input is a pipe, not a terminal: nobody to ask. */
  run_with_input (&r, fixture, "y\n", "connection", "remove", "Main office", NULL);
  g_assert_cmpint (r.status, ==, 2);
  assert_says (r.err, "--yes");
  ferry_test_result_clear (&r);
  g_clear_object (&connection);
  connection = load_connection (fixture, "Main office", NULL);
  g_assert_nonnull (connection);

  /* Not while a run holds the connection. */
  lock = ferry_run_lock_try_acquire (ferry_ledger_get_lock_path (ledger), "Main office",
                                     "test", &error);
  g_assert_no_error (error);
  RUN_EXPECT (fixture, 5, "running", "connection", "remove", "Main office", "--yes",
              "--delete-ledger");
  ferry_run_lock_release (lock);
  g_clear_object (&ledger);

  RUN_EXPECT (fixture, 0, NULL, "connection", "remove", "Main office", "--yes", "--delete-ledger");
  g_assert_false (g_file_test (ledger_path, G_FILE_TEST_EXISTS));
  g_clear_object (&connection);
  g_assert_null (load_connection (fixture, "Main office", NULL));
}

/* Logging in needs the keyring of build-aux/test-session.sh and a cloud. */
static gboolean
have_test_session (void)
{
  if (g_getenv ("FERRY_TEST_SESSION") != NULL && g_getenv ("FERRY_CLOUD") != NULL)
    return TRUE;
  g_test_skip ("needs the keyring of build-aux/test-session.sh and FERRY_CLOUD");
  return FALSE;
}

/* That the keyring holds @expected for connection @name, or nothing when
 * @expected is NULL. */
static void
assert_kept_password (Fixture    *fixture,
                      const char *name,
                      const char *expected)
{
  g_autoptr(FerryConnection) connection = load_connection (fixture, name, NULL);
  g_autoptr(FerryPassword) password = NULL;
  g_autoptr(GError) error = NULL;

  password = ferry_secrets_lookup (connection, NULL, &error);
  if (expected == NULL)
    g_assert_error (error, FERRY_ERROR, FERRY_ERROR_NOT_FOUND);
  else
    g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
}

static void
forget_password (Fixture    *fixture,
                 const char *name)
{
  g_autoptr(FerryConnection) connection = load_connection (fixture, name, NULL);

  g_assert_true (ferry_secrets_clear (connection, NULL, NULL));
}

static void
test_login (Fixture       *fixture,
            gconstpointer  data)
{
  CloudTestServer *server;
  FerryTestResult r = { 0 };

  if (!have_test_session ())
    return;
  server = cloud_test_server_start (NULL);
  add_connection (fixture, "Main office", server->url, "ada");
  add_connection (fixture, "Field", server->url, "bob");

  /* A wrong password: refused, exit 3, nothing kept. */
  run_with_input (&r, fixture, "not the password\n", "login", "Main office", NULL);
  g_assert_cmpint (r.status, ==, 3);
  assert_says (r.err, "refused the password of user “ada”");
  g_assert_null (strstr (r.err, "not the password"));
  ferry_test_result_clear (&r);
  assert_kept_password (fixture, "Main office", NULL);

  /* The right one, from standard input: verified, kept, never echoed. */
  run_with_input (&r, fixture, CLOUD_TEST_PASSWORD "\n", "login", "main office", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "as Ada Lovelace (ada), role admin");
  assert_says (r.out, "Can Sync: yes");
  assert_says (r.out, "kept in the Secret Service");
  g_assert_null (strstr (r.out, CLOUD_TEST_PASSWORD));
  g_assert_null (strstr (r.err, CLOUD_TEST_PASSWORD));
  ferry_test_result_clear (&r);
  assert_kept_password (fixture, "Main office", CLOUD_TEST_PASSWORD);

  /* bob's password is right, but he may not sync: said, with what to ask. */
  run_with_input (&r, fixture, CLOUD_TEST_PASSWORD "\n", "login", "Field", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "Can Sync: no");
  assert_says (r.err, "does not have the Can Sync permission");
  assert_says (r.err, "Ask an administrator of site demo to grant bob Can Sync");
  ferry_test_result_clear (&r);

  /* No password at all, and an unknown connection. */
  run_with_input (&r, fixture, "", "login", "Field", NULL);
  g_assert_cmpint (r.status, ==, 2);
  ferry_test_result_clear (&r);
  RUN_EXPECT (fixture, 2, NULL, "login", "Nowhere");

  /* The cloud gone: a cloud failure, not a wrong password. */
  cloud_test_server_terminate (server);
  run_with_input (&r, fixture, CLOUD_TEST_PASSWORD "\n", "login", "Field", NULL);
  g_assert_cmpint (r.status, ==, 3);
  g_assert_null (strstr (r.err, "refused the password"));
  ferry_test_result_clear (&r);

  forget_password (fixture, "Main office");
  forget_password (fixture, "Field");
  cloud_test_server_stop (server);
}

static void
test_login_password_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->profile, "password", NULL);
  CloudTestServer *server;

  if (!have_test_session ())
    return;
  server = cloud_test_server_start (NULL);
  add_connection (fixture, "Main office", server->url, "ada");
  g_assert_true (g_file_set_contents (file, CLOUD_TEST_PASSWORD "\n", -1, NULL));

  /* Readable by others: refused before anything is sent. */
  g_assert_cmpint (g_chmod (file, 0644), ==, 0);
  RUN_EXPECT (fixture, 2, "chmod 600", "login", "Main office", "--password-file", file);

  g_assert_cmpint (g_chmod (file, 0600), ==, 0);
  RUN_EXPECT (fixture, 0, NULL, "login", "Main office", "--password-file", file);
  assert_kept_password (fixture, "Main office", CLOUD_TEST_PASSWORD);

  forget_password (fixture, "Main office");
  cloud_test_server_stop (server);
}

/* Two finished runs in the connection's ledger: a deep one that succeeded
 * and a shallow automatic one with a rejected record. */
static FerryLedger *
write_runs (FerryConnectionStore *store,
            FerryConnection      *connection,
            gint64               *out_first,
            gint64               *out_second)
{
  const char * const entities[] = { "ar.customer_type", "ar.customer", NULL };
  const char * const key[] = { "C100", NULL };
  g_autofree char *key_text = ferry_record_key_to_text (key);
  g_autofree char *path = ferry_connection_store_get_ledger_path (store, connection);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "C100", -1);
  FerryLedgerRunInfo info = { FERRY_LEDGER_TRIGGER_MANUAL, FERRY_LEDGER_SYNC_DEEP,
                              FERRY_LEDGER_DIRECTION_PUSH, "all", entities };
  FerryLedgerCounts counts = { .sent = 5, .created = 5, .unchanged = 7 };
  FerryLedgerOutcome rejected = {
    .entity = "ar.customer", .key_text = key_text, .op = FERRY_LEDGER_OP_UPSERT, .hash = hash,
    .kind = FERRY_LEDGER_OUTCOME_REJECTED, .error_code = "invalid-value",
    .error_message = "Credit limit “-3” is negative", .error_field = "credit_limit",
    .error_hint = "Correct the credit limit in the accounting system",
  };
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  FerryLedger *ledger;

  g_assert_true (ferry_connection_store_ensure_ledger_dir (store, &error));
  ledger = ferry_ledger_open (path, &error);
  g_assert_no_error (error);
  lock = ferry_run_lock_try_acquire (ferry_ledger_get_lock_path (ledger),
                                     ferry_connection_get_name (connection), "ferryctl", &error);
  g_assert_no_error (error);

  *out_first = ferry_ledger_begin_run (ledger, lock, &info, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_ledger_finish_run (ledger, *out_first, &counts,
                                          FERRY_LEDGER_RESULT_SUCCEEDED, NULL, &error));

  info = (FerryLedgerRunInfo) { FERRY_LEDGER_TRIGGER_AUTOMATIC, FERRY_LEDGER_SYNC_SHALLOW,
                                FERRY_LEDGER_DIRECTION_PUSH, "week", entities };
  *out_second = ferry_ledger_begin_run (ledger, lock, &info, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_ledger_apply_batch_results (ledger, *out_second, &rejected, 1, &error));
  g_assert_true (ferry_ledger_finish_run (ledger, *out_second, NULL,
                                          FERRY_LEDGER_RESULT_RECORD_ERRORS,
                                          "1 record did not go through", &error));
  g_assert_no_error (error);
  return ledger;
}

static void
check_history (Fixture *fixture,
               gint64   first,
               gint64   second)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *second_id = g_strdup_printf ("%" G_GINT64_FORMAT, second);
  FerryEntityType *customer = ferry_catalog_lookup (ferry_catalog_get_default (), "ar.customer");
  g_autofree char *expected_error = g_strdup_printf (
    "%s C100, field credit_limit — invalid-value: Credit limit “-3” is negative",
    ferry_entity_type_get_label (customer));
  FerryTestResult r = { 0 };
  JsonObject *root, *run, *counts, *record_error;
  JsonArray *runs;

  RUN (&r, fixture, "history", "Main office");
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "Last week");
  assert_says (r.out, "The beginning of time");
  assert_says (r.out, "automatic");
  assert_says (r.out, "record-errors");
  assert_says (r.out, "succeeded");
  assert_says (r.out, "1 record did not go through");
  ferry_test_result_clear (&r);

  root = RUN_JSON (parser, fixture, "history", "Main office", "--json");
  g_assert_cmpstr (json_object_get_string_member (root, "connection"), ==, "Main office");
  runs = json_object_get_array_member (root, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  run = json_array_get_object_element (runs, 0);
  g_assert_cmpint (json_object_get_int_member (run, "id"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (run, "trigger"), ==, "automatic");
  g_assert_cmpstr (json_object_get_string_member (run, "sync_type"), ==, "shallow");
  g_assert_cmpstr (json_object_get_string_member (run, "timeframe"), ==, "week");
  g_assert_cmpstr (json_object_get_string_member (run, "result"), ==, "record-errors");
  g_assert_cmpint (json_object_get_int_member (run, "duration_ms"), >=, 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (run, "started_at"), "Z"));
  counts = json_object_get_object_member (run, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "rejected"), ==, 1);
  run = json_array_get_object_element (runs, 1);
  g_assert_cmpint (json_object_get_int_member (run, "id"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (run, "sync_type"), ==, "deep");
  counts = json_object_get_object_member (run, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "sent"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (counts, "unchanged"), ==, 7);
  g_assert_true (json_object_get_null_member (run, "message"));

  root = RUN_JSON (parser, fixture, "history", "Main office", "--limit", "1", "--json");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "runs")), ==, 1);

  RUN (&r, fixture, "history", "Main office", "--errors", second_id);
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, expected_error);
  assert_says (r.out, "Fix: Correct the credit limit in the accounting system");
  ferry_test_result_clear (&r);

  root = RUN_JSON (parser, fixture, "history", "Main office", "--errors", second_id, "--json");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "run"), "id"),
                   ==, second);
  record_error = json_array_get_object_element (json_object_get_array_member (root, "errors"), 0);
  g_assert_cmpstr (json_object_get_string_member (record_error, "entity"), ==, "ar.customer");
  g_assert_cmpstr (json_object_get_string_member (record_error, "key"), ==, "[\"C100\"]");
  g_assert_cmpstr (json_object_get_string_member (record_error, "field"), ==, "credit_limit");
  g_assert_cmpstr (json_object_get_string_member (record_error, "code"), ==, "invalid-value");
  g_assert_cmpstr (json_object_get_string_member (record_error, "hint"), ==,
                   "Correct the credit limit in the accounting system");

  RUN_EXPECT (fixture, 2, "no run 999", "history", "Main office", "--errors", "999");
}

/* `status --json` for the one connection with a ledger. */
static JsonObject *
status_of (Fixture    *fixture,
           JsonParser *parser)
{
  JsonObject *root;
  JsonArray *list;

  root = RUN_JSON (parser, fixture, "status", "--json");
  list = json_object_get_array_member (root, "connections");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "name"),
                   ==, "Idle");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (list, 0),
                                              "last_run"));
  return json_array_get_object_element (list, 1);
}

static gint64
run_id_in (JsonObject *status,
           const char *member)
{
  return json_object_get_int_member (json_object_get_object_member (status, member), "id");
}

static void
test_history_status (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(FerryConnectionStore) store = NULL;
  g_autoptr(FerryConnection) connection = NULL;
  g_autoptr(FerryLedger) ledger = NULL;
  g_autoptr(FerryRunLock) lock = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = g_strdup_printf ("pid %d", (int) getpid ());
  const char * const entities[] = { "ar.customer", NULL };
  FerryLedgerRunInfo info = { FERRY_LEDGER_TRIGGER_MANUAL, FERRY_LEDGER_SYNC_SHALLOW,
                              FERRY_LEDGER_DIRECTION_PUSH, "today", entities };
  FerryTestResult r = { 0 };
  JsonObject *status, *runner;
  gint64 first, second, third;

  add_connection (fixture, "Idle", "https://cloud.example.com", "ada");
  add_connection (fixture, "Main office", "https://cloud.example.com", "ada");
  RUN (&r, fixture, "history", "Main office");
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "has not run yet");
  ferry_test_result_clear (&r);

  connection = load_connection (fixture, "Main office", &store);
  ledger = write_runs (store, connection, &first, &second);
  check_history (fixture, first, second);

  RUN (&r, fixture, "status");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_regex_match_simple ("^Main office +(today|yesterday) [0-9]{2}:[0-9]{2} "
                                       "\\((just now|[0-9]+ min ago)\\) .*record-errors +idle +"
                                       "(today|tomorrow) [0-9]{2}:00$", r.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Idle +never .*never run +idle +due now$", r.out,
                                       G_REGEX_MULTILINE, 0));
  ferry_test_result_clear (&r);

  /* Runs that end with record errors still count as synced. */
  status = status_of (fixture, parser);
  g_assert_false (json_object_get_boolean_member (status, "running"));
  g_assert_true (json_object_get_null_member (status, "runner"));
  g_assert_cmpint (run_id_in (status, "last_synced"), ==, second);
  g_assert_cmpint (run_id_in (status, "last_run"), ==, second);

  /* A run in progress now: seen without taking its lock. */
  lock = ferry_run_lock_try_acquire (ferry_ledger_get_lock_path (ledger), "Main office",
                                     "ferryctl", &error);
  g_assert_no_error (error);
  third = ferry_ledger_begin_run (ledger, lock, &info, &error);
  g_assert_no_error (error);

  RUN (&r, fixture, "status");
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "syncing (ferryctl, ");
  assert_says (r.out, pid);
  ferry_test_result_clear (&r);

  status = status_of (fixture, parser);
  g_assert_true (json_object_get_boolean_member (status, "running"));
  runner = json_object_get_object_member (status, "runner");
  g_assert_cmpint (json_object_get_int_member (runner, "pid"), ==, getpid ());
  g_assert_cmpstr (json_object_get_string_member (runner, "program"), ==, "ferryctl");
  g_assert_cmpint (run_id_in (status, "last_run"), ==, third);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (status,
                                                                                 "last_run"),
                                                  "result"), ==, "running");
  g_assert_cmpint (run_id_in (status, "last_synced"), ==, second);

  RUN (&r, fixture, "connection", "list");
  g_assert_cmpint (r.status, ==, 0);
  assert_says (r.out, "running, ");
  ferry_test_result_clear (&r);

  ferry_run_lock_release (lock);
}

int
main (int   argc,
      char *argv[])
{
  /* Not G_TEST_OPTION_ISOLATE_DIRS: ferryctl inherits the environment, and
   * without the system's XDG_DATA_DIRS GIO's GNOME proxy resolver aborts
   * for want of its settings schema. Everything Ferry writes goes to the
   * --profile directory anyway. */
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ferryctl/connection/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/ferryctl/connection/validation", Fixture, NULL, fixture_set_up, test_validation,
              fixture_tear_down);
  g_test_add ("/ferryctl/connection/remove-needs-confirmation", Fixture, NULL, fixture_set_up,
              test_remove_needs_confirmation, fixture_tear_down);
  g_test_add ("/ferryctl/login/stdin", Fixture, NULL, fixture_set_up, test_login,
              fixture_tear_down);
  g_test_add ("/ferryctl/login/password-file", Fixture, NULL, fixture_set_up,
              test_login_password_file, fixture_tear_down);
  g_test_add ("/ferryctl/history-status", Fixture, NULL, fixture_set_up, test_history_status,
              fixture_tear_down);

  return g_test_run ();
}
