/* test-connections.c: the Local Connections page, its Add / Edit, Remove,
 * Test connection and Mappings dialogs, on real SQLite files and (for the
 * account's companies) a real ferry-cloud on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "account-test-util.h"
#include "app-model-test-util.h"
#include "cloud-test-server.h"
#include "ferry-connection-dialog.h"
#include "ferry-mappings-dialog.h"
#include "gui-test-util.h"

/* The seed's checkmarks (002_3545ba670fa5ab40.txt), Job (CV) among them. */
static const char * const pcco_checkmarks[] = {
  "Contract (CN)", "Contract Change Order (CN)", "Contract Change Order (PJ)",
  "Contract Change Order Item (CN)", "Contract Change Request (PJ)", "Contract Item (CN)",
  "Customer", "Customer Type", "Invoice (AP)", "Job (CV)", "Quick Bill Contract",
  "Quick Bill Contract Item", NULL
};
/* The circles of Transaction (JC) it switches off. */
static const char * const pcco_circles[] = {
  "commitment_change_order", "employee", "equipment", "credit_account", "debit_account", NULL
};

typedef struct
{
  char             *profile;  /* owned */
  char             *database; /* owned: an accounting database in the profile */
  FerryApplication *app;
  FerryAppState    *state;    /* owned */
  FerryWindow      *window;
  GtkWidget        *page;     /* the Local Connections page */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *sql = data;

  fixture->profile = g_dir_make_tmp ("ferry-gui-XXXXXX", NULL);
  fixture->database = app_model_test_create_accounting_db (fixture->profile, sql);
  fixture->app = gui_test_get_application ();
  fixture->state = ferry_app_state_new (fixture->profile);
  fixture->window = gui_test_show_window (fixture->app, fixture->state);
  ferry_window_show_page (fixture->window, FERRY_PAGE_CONNECTIONS);
  fixture->page = ferry_window_get_page (fixture->window, FERRY_PAGE_CONNECTIONS);
}

static void
destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  g_clear_object (&fixture->state);
  account_test_remove_tree (fixture->profile);
  g_free (fixture->profile);
  g_free (fixture->database);
}

/* A saved connection "Main office" on the fixture's database. */
static FerryConnection *
add_connection (Fixture *fixture)
{
  g_autoptr(FerryConnection) connection = ferry_connection_new (NULL, "Main office");
  FerryConnectionStore *store = ferry_app_state_get_store (fixture->state);
  g_autoptr(GError) error = NULL;

  ferry_connection_set_location (connection, fixture->database);
  g_assert_true (ferry_connection_store_add (store, connection, &error));
  g_assert_no_error (error);
  return ferry_connection_store_lookup (store, "Main office");
}

static gboolean
has_row (gpointer data)
{
  Fixture *fixture = data;

  return gui_test_find (fixture->page, "Main office") != NULL;
}

static GtkWidget *
row_button (Fixture    *fixture,
            const char *name)
{
  gui_test_wait_until (has_row, fixture);
  return gui_test_get (gui_test_get (fixture->page, "Main office"), name);
}

static gboolean
has_message_dialog (gpointer data)
{
  return gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL) != NULL;
}

/* As a click on a button of @dialog does: the response, then closing. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static AdwMessageDialog *
wait_message_dialog (void)
{
  gui_test_wait_until (has_message_dialog, NULL);
  return ADW_MESSAGE_DIALOG (gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
}

static char *
read_connections_file (Fixture *fixture)
{
  const char *path = ferry_connection_store_get_file (ferry_app_state_get_store (fixture->state));
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
has_file_chooser (gpointer data)
{
  return gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL) != NULL;
}

static gboolean
chooser_has_file (gpointer data)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_autoptr(GFile) file = gtk_file_chooser_get_file (data);
  G_GNUC_END_IGNORE_DEPRECATIONS

  return file != NULL;
}

/* Chooses @path in the file chooser the Choose… button opens (without a
 * portal, GtkFileChooserNative shows a GtkFileChooserDialog). */
static void
choose_file (GtkWidget  *dialog,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *chooser;
  g_autoptr(GError) error = NULL;

  g_signal_emit_by_name (gui_test_get (dialog, "choose"), "clicked");
  gui_test_wait_until (has_file_chooser, NULL);
  chooser = gui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG, NULL);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error);
  g_assert_no_error (error);
  /* The selection takes once the folder is read. */
  gui_test_wait_until (chooser_has_file, chooser);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  CloudTestServer *server = cloud_test_server_start (NULL);
  g_autofree char *site_url = g_strconcat (server->url, "/demo", NULL);
  FerryAccount *account = ferry_app_state_get_account (fixture->state);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  FerryConnection *added;
  GtkWidget *dialog;

  ferry_account_set_site_url (account, site_url);
  ferry_account_set_user (account, "ada");
  g_assert_true (account_test_connect (account, CLOUD_TEST_PASSWORD, &error));
  g_assert_no_error (error);

  g_signal_emit_by_name (gui_test_get (fixture->page, "add-empty"), "clicked");
  dialog = GTK_WIDGET (gui_test_find_toplevel (FERRY_TYPE_CONNECTION_DIALOG, NULL));
  g_assert_nonnull (dialog);
  /* The cloud side defaults to the connected account and its companies. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_get (dialog, "site-url"))), ==, site_url);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_get (dialog, "user"))), ==, "ada");
  g_assert_true (gtk_widget_get_visible (gui_test_get (dialog, "company")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get (dialog, "company")), 0);

  gtk_editable_set_text (GTK_EDITABLE (gui_test_get (dialog, "name")), "Main office");
  choose_file (dialog, fixture->database);
  g_signal_emit_by_name (gui_test_get (dialog, "save"), "clicked");
  if (gui_test_find_toplevel (FERRY_TYPE_CONNECTION_DIALOG, NULL) != NULL)
    g_error ("Not saved: %s", gtk_label_get_label (GTK_LABEL (gui_test_get (dialog, "error"))));

  gui_test_wait_until (has_row, fixture);
  added = ferry_connection_store_lookup (ferry_app_state_get_store (fixture->state), "Main office");
  g_assert_nonnull (added);
  g_assert_cmpstr (ferry_connection_get_location (added), ==, fixture->database);
  g_assert_cmpstr (ferry_connection_get_site_url (added), ==, server->url);
  g_assert_cmpstr (ferry_connection_get_site (added), ==, "demo");
  g_assert_cmpstr (ferry_connection_get_company (added), ==, "01");
  json = read_connections_file (fixture);
  g_assert_nonnull (strstr (json, "\"Main office\""));
  g_assert_nonnull (strstr (json, fixture->database));
  cloud_test_server_stop (server);
}

/* Save refuses a connection without a name, and says so. */
static void
test_add_invalid (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *dialog;

  g_signal_emit_by_name (gui_test_get (fixture->page, "add-empty"), "clicked");
  dialog = GTK_WIDGET (gui_test_find_toplevel (FERRY_TYPE_CONNECTION_DIALOG, NULL));
  g_signal_emit_by_name (gui_test_get (dialog, "save"), "clicked");
  g_assert_nonnull (gui_test_find_toplevel (FERRY_TYPE_CONNECTION_DIALOG, NULL));
  g_assert_true (gtk_widget_is_visible (gui_test_get (dialog, "error")));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_app_state_get_connections (fixture->state)), ==, 0);
}

static GtkWidget *
open_mappings (Fixture *fixture)
{
  g_signal_emit_by_name (row_button (fixture, "mappings"), "clicked");
  return GTK_WIDGET (gui_test_find_toplevel (FERRY_TYPE_MAPPINGS_DIALOG, NULL));
}

static GtkCheckButton *
entity_check (GtkWidget  *dialog,
              const char *entity_id)
{
  g_autofree char *name = g_strconcat ("check:", entity_id, NULL);

  return GTK_CHECK_BUTTON (gui_test_get (dialog, name));
}

static void
test_pcco_preset (Fixture       *fixture,
                  gconstpointer  data)
{
  FerryConnection *connection = add_connection (fixture);
  FerryCatalog *catalog = ferry_connection_get_catalog (connection);
  FerryPreset *preset = ferry_catalog_lookup_preset (catalog, "pcco-export");
  g_auto(GStrv) before = ferry_connection_dup_enabled_entities (connection);
  g_auto(GStrv) seed_ids = app_model_test_ids_of_labels (catalog, pcco_checkmarks);
  GtkWidget *dialog = open_mappings (fixture);
  GtkLabel *summary = GTK_LABEL (gui_test_get (dialog, "preset-summary"));
  g_autofree char *json = NULL;

  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (summary)));
  g_signal_emit_by_name (gui_test_get (dialog, "preset:pcco-export"), "clicked");

  /* The seed's 12 checkmarks, as the catalog's preset has them. */
  for (guint i = 0; seed_ids[i] != NULL; i++)
    {
      g_assert_true (g_strv_contains (ferry_preset_get_enable (preset), seed_ids[i]));
      g_assert_true (gtk_check_button_get_active (entity_check (dialog, seed_ids[i])));
    }
  /* Nothing selected before is un-ticked. */
  for (guint i = 0; before[i] != NULL; i++)
    g_assert_true (gtk_check_button_get_active (entity_check (dialog, before[i])));
  /* The 5 circles of Transaction (JC) off, the others on. */
  g_assert_true (gtk_check_button_get_active (entity_check (dialog, "jc.transaction")));
  for (guint i = 0; pcco_circles[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat ("field:jc.transaction:", pcco_circles[i], NULL);

      g_assert_true (g_strv_contains (ferry_preset_get_disabled_fields (preset, "jc.transaction"),
                                      pcco_circles[i]));
      g_assert_false (gtk_switch_get_active (GTK_SWITCH (gui_test_get (dialog, name))));
    }
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (gui_test_get (dialog, "field:jc.transaction:description"))));

  /* The summary says what changed. */
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (summary)));
  g_assert_nonnull (strstr (gtk_label_get_label (summary), "Contract Change Request (PJ)"));
  g_assert_nonnull (strstr (gtk_label_get_label (summary), "Switched off 5 fields of Transaction (JC)"));
  /* Nothing is saved before Save. */
  g_assert_false (ferry_connection_get_entity_enabled (connection, "cn.contract"));

  g_signal_emit_by_name (gui_test_get (dialog, "save"), "clicked");
  g_assert_null (gui_test_find_toplevel (FERRY_TYPE_MAPPINGS_DIALOG, NULL));
  for (guint i = 0; seed_ids[i] != NULL; i++)
    g_assert_true (ferry_connection_get_entity_enabled (connection, seed_ids[i]));
  g_assert_false (ferry_connection_get_field_enabled (connection, "jc.transaction", "employee"));
  json = read_connections_file (fixture);
  g_assert_nonnull (strstr (json, "\"cn.quick_bill_contract_item\""));
}

static gboolean
shows_synced (gpointer data)
{
  g_autofree char *subtitle = NULL;

  /* An action row, or an expander row when the type has optional fields. */
  g_object_get (data, "subtitle", &subtitle, NULL);
  return subtitle != NULL && strstr (subtitle, "3 synced") != NULL;
}

/* "Main office" with 3 Customer records synced, its Mappings open and
 * the ledger read. */
static GtkWidget *
open_mappings_synced (Fixture *fixture)
{
  FerryConnection *connection = add_connection (fixture);
  FerryConnectionStore *store = ferry_app_state_get_store (fixture->state);
  g_autofree char *ledger = ferry_connection_store_get_ledger_path (store, connection);
  GtkWidget *dialog;

  g_assert_true (ferry_connection_store_ensure_ledger_dir (store, NULL));
  app_model_test_write_ledger (ledger, "ar.customer", 3);
  dialog = open_mappings (fixture);
  /* The ledger is read off the main thread; the row then shows the count. */
  gui_test_wait_until (shows_synced, gui_test_get (dialog, "entity:ar.customer"));
  return dialog;
}

static void
test_untick_synced (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *dialog = open_mappings_synced (fixture);
  GtkCheckButton *check;
  AdwMessageDialog *question;

  check = entity_check (dialog, "ar.customer");
  g_assert_true (gtk_check_button_get_active (check));

  gtk_check_button_set_active (check, FALSE);
  question = wait_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Stop Syncing “Customer”?");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (question), "3 Customer records are in the cloud."));
  g_assert_true (gtk_check_button_get_active (check));
  respond (question, "cancel");
  g_assert_true (gtk_check_button_get_active (check));

  /* Confirmed, it goes. */
  gtk_check_button_set_active (check, FALSE);
  respond (wait_message_dialog (), "turn-off");
  g_assert_false (gtk_check_button_get_active (check));
  /* A type never synced goes without a question. */
  gtk_check_button_set_active (entity_check (dialog, "ar.customer_type"), FALSE);
  g_assert_null (gui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, NULL));
  g_assert_false (gtk_check_button_get_active (entity_check (dialog, "ar.customer_type")));
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  FerryConnection *connection = add_connection (fixture);
  FerryConnectionStore *store = ferry_app_state_get_store (fixture->state);
  g_autofree char *ledger = ferry_connection_store_get_ledger_path (store, connection);
  g_autofree char *json = NULL;
  AdwMessageDialog *question;

  g_assert_true (ferry_connection_store_ensure_ledger_dir (store, NULL));
  app_model_test_write_ledger (ledger, "ar.customer", 1);

  /* Cancel keeps it. */
  g_signal_emit_by_name (row_button (fixture, "remove"), "clicked");
  question = wait_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Remove “Main office”?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (question), "ledger"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (question, "delete"), ==, ADW_RESPONSE_DESTRUCTIVE);
  respond (question, "cancel");
  g_assert_nonnull (ferry_connection_store_lookup (store, "Main office"));

  /* Remove, keep the ledger. */
  g_signal_emit_by_name (row_button (fixture, "remove"), "clicked");
  respond (wait_message_dialog (), "keep");
  g_assert_null (ferry_connection_store_lookup (store, "Main office"));
  json = read_connections_file (fixture);
  g_assert_null (strstr (json, "Main office"));
  g_assert_true (g_file_test (ledger, G_FILE_TEST_IS_REGULAR));
  g_assert_null (gui_test_find (fixture->page, "Main office"));
}

static void
test_test_missing_table (Fixture       *fixture,
                         gconstpointer  data)
{
  AdwMessageDialog *result;

  add_connection (fixture);
  g_signal_emit_by_name (row_button (fixture, "test"), "clicked");
  result = wait_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (result), ==, "1 entity type cannot be read");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (result), "Customer: its table is missing\n"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (result), "Customer Type: 0 records"));
}

static void
test_test_ok (Fixture       *fixture,
              gconstpointer  data)
{
  AdwMessageDialog *result;

  add_connection (fixture);
  g_signal_emit_by_name (row_button (fixture, "test"), "clicked");
  result = wait_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (result), ==, "Schema OK: 0 records");
}

static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  FerryConnection *connection = add_connection (fixture);
  g_autofree char *json = NULL;
  GtkWidget *dialog;

  g_signal_emit_by_name (row_button (fixture, "edit"), "clicked");
  dialog = GTK_WIDGET (gui_test_find_toplevel (FERRY_TYPE_CONNECTION_DIALOG, NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_test_get (dialog, "name"))), ==, "Main office");
  gtk_editable_set_text (GTK_EDITABLE (gui_test_get (dialog, "name")), "Head office");
  /* Manual only: the first choice. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get (dialog, "schedule")), 0);
  /* No deep sync yet; Sundays at 02:00 is the fourth choice. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (gui_test_get (dialog, "deep-schedule"))), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get (dialog, "deep-schedule")), 3);
  gtk_switch_set_active (GTK_SWITCH (gui_test_get (dialog, "stop-on-error")), TRUE);
  g_signal_emit_by_name (gui_test_get (dialog, "save"), "clicked");
  g_assert_null (gui_test_find_toplevel (FERRY_TYPE_CONNECTION_DIALOG, NULL));

  /* The listed object is updated in place, and its row with it. */
  g_assert_cmpstr (ferry_connection_get_name (connection), ==, "Head office");
  g_assert_cmpstr (ferry_connection_get_schedule (connection), ==, "manual");
  g_assert_cmpstr (ferry_connection_get_deep_schedule (connection), ==, "weekly:sun:02:00");
  g_assert_true (ferry_connection_get_stop_on_error (connection));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gui_test_get (fixture->page, "Head office"))),
                            "Manual only"));
  json = read_connections_file (fixture);
  g_assert_nonnull (strstr (json, "\"Head office\""));
}

/* The edit dialog of the connection's row, open. */
static GtkWidget *
open_edit (Fixture *fixture)
{
  g_signal_emit_by_name (row_button (fixture, "edit"), "clicked");
  return GTK_WIDGET (gui_test_find_toplevel (FERRY_TYPE_CONNECTION_DIALOG, NULL));
}

/* Every few hours and daily say how many hours and at what time; a
 * schedule the choices do not offer (weekly, set with ferryctl) is kept. */
static void
test_schedule_values (Fixture       *fixture,
                      gconstpointer  data)
{
  FerryConnection *connection = add_connection (fixture);
  GtkWidget *dialog = open_edit (fixture);
  AdwComboRow *schedule = ADW_COMBO_ROW (gui_test_get (dialog, "schedule"));
  GtkSpinButton *hour = GTK_SPIN_BUTTON (gui_test_get (dialog, "schedule-hour"));
  GtkSpinButton *minute = GTK_SPIN_BUTTON (gui_test_get (dialog, "schedule-minute"));

  /* Every hour (the default): neither value shows. */
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (hour)));
  g_assert_false (gtk_widget_is_visible (gui_test_get (dialog, "schedule-hours")));
  /* Daily, at 06:30. */
  adw_combo_row_set_selected (schedule, 6);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (hour)));
  gtk_spin_button_set_value (hour, 6);
  gtk_spin_button_set_value (minute, 30);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hour)), ==, "06");
  g_signal_emit_by_name (gui_test_get (dialog, "save"), "clicked");
  g_assert_cmpstr (ferry_connection_get_schedule (connection), ==, "daily:06:30");

  /* Every few hours: 6. */
  dialog = open_edit (fixture);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (gui_test_get (dialog, "schedule-minute"))), ==, 30);
  adw_combo_row_set_selected (ADW_COMBO_ROW (gui_test_get (dialog, "schedule")), 5);
  g_assert_true (gtk_widget_is_visible (gui_test_get (dialog, "schedule-hours")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gui_test_get (dialog, "schedule-hours")), 6);
  g_signal_emit_by_name (gui_test_get (dialog, "save"), "clicked");
  g_assert_cmpstr (ferry_connection_get_schedule (connection), ==, "every:6h");

  /* Weekly, from ferryctl: an extra choice, saved as it was. */
  ferry_connection_set_schedule (connection, "weekly:sat:05:00");
  dialog = open_edit (fixture);
  schedule = ADW_COMBO_ROW (gui_test_get (dialog, "schedule"));
  g_assert_cmpuint (adw_combo_row_get_selected (schedule), ==, 7);
  g_signal_emit_by_name (gui_test_get (dialog, "save"), "clicked");
  g_assert_cmpstr (ferry_connection_get_schedule (connection), ==, "weekly:sat:05:00");
}

static gboolean
is_insensitive (gpointer data)
{
  return !gtk_widget_get_sensitive (data);
}

/* Entity types whose tables the database lacks cannot be ticked, and say
 * why. */
static void
test_unsupported (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *dialog;
  GtkWidget *row;
  const char *reason;

  add_connection (fixture);
  dialog = open_mappings (fixture);
  gui_test_wait_until (is_insensitive, entity_check (dialog, "pj.change_request"));
  row = gui_test_get (dialog, "entity:pj.change_request");
  reason = gtk_widget_get_tooltip_text (row);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "pj_change_request"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (entity_check (dialog, "ar.customer"))));
}

static gboolean
shows_succeeded (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *row = gui_test_find (fixture->page, "Main office");
  const char *subtitle = row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return subtitle != NULL && strstr (subtitle, "\nSucceeded") != NULL;
}

static gboolean
shows_never (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *row = gui_test_find (fixture->page, "Main office");
  const char *subtitle = row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return subtitle != NULL && g_str_has_suffix (subtitle, "\nNever synced");
}

/* The row's last result comes from the ledger, read again when the page
 * is shown. */
static void
test_last_result (Fixture       *fixture,
                  gconstpointer  data)
{
  FerryConnection *connection = add_connection (fixture);
  FerryConnectionStore *store = ferry_app_state_get_store (fixture->state);
  g_autofree char *ledger = ferry_connection_store_get_ledger_path (store, connection);

  gui_test_wait_until (shows_never, fixture);
  g_assert_true (ferry_connection_store_ensure_ledger_dir (store, NULL));
  app_model_test_write_ledger (ledger, "ar.customer", 2);
  ferry_window_show_page (fixture->window, FERRY_PAGE_CONNECT);
  ferry_window_show_page (fixture->window, FERRY_PAGE_CONNECTIONS);
  gui_test_wait_until (shows_succeeded, fixture);
}

/* A group's checkbox on the Mappings page turns its entity types off,
 * asking once for those synced, and on again. */
static void
test_group_check (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *dialog = open_mappings_synced (fixture);
  GtkCheckButton *group;
  AdwMessageDialog *question;

  group = GTK_CHECK_BUTTON (gui_test_get (dialog, "group-check:ar"));
  g_assert_true (gtk_check_button_get_active (group));

  gtk_check_button_set_active (group, FALSE);
  question = wait_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (question), ==, "Stop Syncing 1 Synced Entity Type?");
  /* Customer Type was never synced: it goes at once; Customer waits. */
  g_assert_false (gtk_check_button_get_active (entity_check (dialog, "ar.customer_type")));
  g_assert_true (gtk_check_button_get_active (entity_check (dialog, "ar.customer")));
  respond (question, "cancel");
  g_assert_true (gtk_check_button_get_active (entity_check (dialog, "ar.customer")));
  g_assert_true (gtk_check_button_get_inconsistent (group));

  gtk_check_button_set_active (group, TRUE);
  g_assert_true (gtk_check_button_get_active (entity_check (dialog, "ar.customer_type")));
  g_assert_true (gtk_check_button_get_active (group));
  g_assert_false (gtk_check_button_get_inconsistent (group));
  /* Contracts (CN): none on before, all on after one click. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gui_test_get (dialog, "group-check:cn")), TRUE);
  g_assert_true (gtk_check_button_get_active (entity_check (dialog, "cn.contract")));
  g_assert_true (gtk_check_button_get_active (entity_check (dialog, "cn.quick_bill_contract_item")));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *profile = gui_test_init (&argc, &argv);
  int status;

#define ADD(path, sql, func) \
  g_test_add ("/gui/connections/" path, Fixture, sql, fixture_set_up, func, fixture_tear_down)
  ADD ("add", NULL, test_add);
  ADD ("add-invalid", NULL, test_add_invalid);
  ADD ("pcco-preset", NULL, test_pcco_preset);
  ADD ("untick-synced", NULL, test_untick_synced);
  ADD ("group-check", NULL, test_group_check);
  ADD ("edit", NULL, test_edit);
  ADD ("schedule-values", NULL, test_schedule_values);
  ADD ("last-result", NULL, test_last_result);
  ADD ("unsupported", "DROP TABLE pj_change_request;", test_unsupported);
  ADD ("remove", NULL, test_remove);
  ADD ("test-missing-table", "DROP TABLE ar_customer;", test_test_missing_table);
  ADD ("test-ok", NULL, test_test_ok);
#undef ADD

  status = g_test_run ();
  account_test_remove_tree (profile);
  return status;
}
