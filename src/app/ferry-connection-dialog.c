/* ferry-connection-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form of one local connection. Edits happen on a copy; Save checks it
 * with ferry_connection_validate () and hands it to the store.
 */
#define G_LOG_DOMAIN "ferry-connection-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-company.h"
#include "ferry-connection-dialog.h"
#include "ferry-sync-frequency.h"

struct _FerryConnectionDialog
{
  AdwWindow             parent_instance;

  FerryAppState        *state;      /* owned */
  FerryConnection      *connection; /* owned, nullable: the listed one being edited */
  FerryConnection      *edited;     /* owned: the copy the form fills */
  GtkFileChooserNative *chooser;    /* owned, nullable */

  /* template children */
  GtkWidget            *error_group;
  GtkLabel             *error_label;
  AdwEntryRow          *name_row;
  AdwActionRow         *location_row;
  AdwEntryRow          *site_url_row;
  AdwEntryRow          *user_row;
  AdwComboRow          *company_row;
  AdwEntryRow          *company_code_row;
  AdwComboRow          *schedule_row;
  char                 *custom_schedule; /* owned, nullable: the schedule of the combo's extra last choice */
  AdwActionRow         *hours_row;
  GtkSpinButton        *hours_spin;
  AdwActionRow         *time_row;
  GtkSpinButton        *hour_spin;
  GtkSpinButton        *minute_spin;
  AdwComboRow          *deep_schedule_row;
  GStrv                 deep_schedules; /* owned: the schedule text of each deep_schedule_row choice */
  GtkSwitch            *stop_switch;
};

G_DEFINE_FINAL_TYPE (FerryConnectionDialog, ferry_connection_dialog, ADW_TYPE_WINDOW)

static void
show_location (FerryConnectionDialog *self)
{
  const char *location = ferry_connection_get_location (self->edited);

  adw_action_row_set_subtitle (self->location_row, location != NULL && *location != '\0'
                                                   ? location : _("No file chosen"));
}

static void
on_chooser_response (FerryConnectionDialog *self,
                     int                    response)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    {
      ferry_connection_set_location (self->edited, path);
      show_location (self);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_clicked (FerryConnectionDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  self->chooser = gtk_file_chooser_native_new (_("Choose the Accounting Database"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("SQLite databases"));
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");
  gtk_file_filter_add_mime_type (filter, "application/x-sqlite3");
  gtk_file_filter_add_suffix (filter, "db");
  gtk_file_filter_add_suffix (filter, "sqlite");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* "https://cloud.example.com/demo" → base and site, as connections keep
 * them; FALSE when there is no site after the address. */
static gboolean
split_site_url (const char  *text,
                char       **out_base,
                char       **out_site)
{
  g_autofree char *url = g_strstrip (g_strdup (text));
  const char *scheme_end = strstr (url, "://");
  char *slash;

  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  slash = strrchr (url, '/');
  if (scheme_end == NULL || slash == NULL || slash < scheme_end + 3)
    return FALSE;
  *slash = '\0';
  *out_base = g_strdup (url);
  *out_site = g_strdup (slash + 1);
  return TRUE;
}

static void
fill_companies (FerryConnectionDialog *self)
{
  GListModel *companies = ferry_account_get_companies (ferry_app_state_get_account (self->state));
  const char *current = ferry_connection_get_company (self->edited);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (companies);

  if (current != NULL && *current == '\0')
    current = NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryCompany) company = g_list_model_get_item (companies, i);
      /* Translators: a cloud company: its code and its name */
      g_autofree char *label = g_strdup_printf (_("%s — %s"), ferry_company_get_code (company),
                                                ferry_company_get_name (company));

      gtk_string_list_append (labels, label);
      if (g_strcmp0 (current, ferry_company_get_code (company)) == 0)
        current = NULL;
    }
  adw_combo_row_set_model (self->company_row, G_LIST_MODEL (labels));
  /* Without the account's list (not connected) or with a company it does
   * not list, the code is typed. */
  gtk_widget_set_visible (GTK_WIDGET (self->company_row), n > 0 && current == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->company_code_row), n == 0 || current != NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryCompany) company = g_list_model_get_item (companies, i);

      if (g_strcmp0 (ferry_connection_get_company (self->edited), ferry_company_get_code (company)) == 0)
        adw_combo_row_set_selected (self->company_row, i);
    }
}

/* "06:05", not "6:5". */
static gboolean
show_two_digits (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* The rows that set a choice's value: how many hours, or the time of day. */
static void
update_value_rows (FerryConnectionDialog *self)
{
  guint n_choices, position = adw_combo_row_get_selected (self->schedule_row);
  const FerrySyncFrequencyChoice *choices = ferry_sync_frequency_get_choices (&n_choices);
  FerrySyncFrequencyKind kind = position < n_choices ? choices[position].frequency.kind
                                                     : FERRY_SYNC_FREQUENCY_MANUAL;

  gtk_widget_set_visible (GTK_WIDGET (self->hours_row), kind == FERRY_SYNC_FREQUENCY_HOURS);
  gtk_widget_set_visible (GTK_WIDGET (self->time_row), kind == FERRY_SYNC_FREQUENCY_DAILY);
}

/* The schedule's choice with its value; a schedule no choice reads
 * (weekly, set with ferryctl) is one more choice, kept as it is. */
static void
fill_schedule (FerryConnectionDialog *self,
               GtkStringList         *labels)
{
  const char *schedule = ferry_connection_get_schedule (self->edited);
  guint n_choices, position;
  const FerrySyncFrequencyChoice *choices = ferry_sync_frequency_get_choices (&n_choices);
  FerrySyncFrequency frequency;

  /* The defaults of the choices with a value. */
  for (guint i = 0; i < n_choices; i++)
    {
      if (choices[i].frequency.kind == FERRY_SYNC_FREQUENCY_HOURS)
        gtk_spin_button_set_value (self->hours_spin, choices[i].frequency.every);
      else if (choices[i].frequency.kind == FERRY_SYNC_FREQUENCY_DAILY)
        {
          gtk_spin_button_set_value (self->hour_spin, choices[i].frequency.hour);
          gtk_spin_button_set_value (self->minute_spin, choices[i].frequency.minute);
        }
    }
  g_clear_pointer (&self->custom_schedule, g_free);
  if (ferry_sync_frequency_find_choice (schedule, &position)
      && ferry_sync_frequency_parse (schedule, &frequency))
    {
      if (frequency.kind == FERRY_SYNC_FREQUENCY_HOURS)
        gtk_spin_button_set_value (self->hours_spin, frequency.every);
      else if (frequency.kind == FERRY_SYNC_FREQUENCY_DAILY)
        {
          gtk_spin_button_set_value (self->hour_spin, frequency.hour);
          gtk_spin_button_set_value (self->minute_spin, frequency.minute);
        }
    }
  else
    {
      g_autofree char *described = ferry_sync_frequency_describe (schedule);

      self->custom_schedule = g_strdup (schedule);
      gtk_string_list_append (labels, described);
      position = n_choices;
    }
  adw_combo_row_set_model (self->schedule_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->schedule_row, position);
  update_value_rows (self);
}

static void
fill_deep_schedule (FerryConnectionDialog *self)
{
  g_auto(GStrv) labels = NULL;
  g_autoptr(GtkStringList) model = NULL;
  guint selected;

  g_clear_pointer (&self->deep_schedules, g_strfreev);
  labels = ferry_sync_frequency_dup_deep_choices (ferry_connection_get_deep_schedule (self->edited),
                                                  &self->deep_schedules, &selected);
  model = gtk_string_list_new ((const char * const *) labels);
  adw_combo_row_set_model (self->deep_schedule_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->deep_schedule_row, selected);
}

static void
fill_form (FerryConnectionDialog *self)
{
  FerryAccount *account = ferry_app_state_get_account (self->state);
  const char *site_url = ferry_connection_get_site_url (self->edited);
  g_auto(GStrv) labels = ferry_sync_frequency_dup_labels ();
  g_autoptr(GtkStringList) schedules = gtk_string_list_new ((const char * const *) labels);
  g_autofree char *full_url = NULL;

  if (self->connection == NULL)
    {
      ferry_connection_set_user (self->edited, ferry_account_get_user (account));
      full_url = g_strdup (ferry_account_get_site_url (account));
    }
  else if (site_url != NULL && *site_url != '\0')
    full_url = g_strdup_printf ("%s/%s", site_url, ferry_connection_get_site (self->edited));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), ferry_connection_get_name (self->edited));
  gtk_editable_set_text (GTK_EDITABLE (self->site_url_row), full_url != NULL ? full_url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), ferry_connection_get_user (self->edited));
  gtk_editable_set_text (GTK_EDITABLE (self->company_code_row), ferry_connection_get_company (self->edited));
  fill_companies (self);
  fill_schedule (self, schedules);
  fill_deep_schedule (self);
  gtk_switch_set_active (self->stop_switch, ferry_connection_get_stop_on_error (self->edited));
  show_location (self);
}

static const char *
chosen_company (FerryConnectionDialog *self)
{
  GListModel *companies = ferry_account_get_companies (ferry_app_state_get_account (self->state));
  guint selected = adw_combo_row_get_selected (self->company_row);
  g_autoptr(FerryCompany) company = NULL;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->company_row)) || selected == GTK_INVALID_LIST_POSITION)
    return gtk_editable_get_text (GTK_EDITABLE (self->company_code_row));
  company = g_list_model_get_item (companies, selected);
  /* The account keeps its list alive: the code outlives the reference. */
  return company != NULL ? ferry_company_get_code (company) : "";
}

static void
read_schedule (FerryConnectionDialog *self)
{
  guint n_choices, position = adw_combo_row_get_selected (self->schedule_row);
  const FerrySyncFrequencyChoice *choices = ferry_sync_frequency_get_choices (&n_choices);
  FerrySyncFrequency frequency;
  g_autofree char *schedule = NULL;

  if (position >= n_choices)
    {
      if (self->custom_schedule != NULL)
        ferry_connection_set_schedule (self->edited, self->custom_schedule);
      return;
    }
  frequency = choices[position].frequency;
  if (frequency.kind == FERRY_SYNC_FREQUENCY_HOURS)
    frequency.every = (guint) gtk_spin_button_get_value_as_int (self->hours_spin);
  else if (frequency.kind == FERRY_SYNC_FREQUENCY_DAILY)
    {
      frequency.hour = (guint) gtk_spin_button_get_value_as_int (self->hour_spin);
      frequency.minute = (guint) gtk_spin_button_get_value_as_int (self->minute_spin);
    }
  schedule = ferry_sync_frequency_to_schedule (&frequency);
  if (schedule != NULL)
    ferry_connection_set_schedule (self->edited, schedule);
}

static void
read_deep_schedule (FerryConnectionDialog *self)
{
  guint position = adw_combo_row_get_selected (self->deep_schedule_row);

  if (self->deep_schedules != NULL && position < g_strv_length (self->deep_schedules))
    ferry_connection_set_deep_schedule (self->edited, self->deep_schedules[position]);
}

static gboolean
read_form (FerryConnectionDialog  *self,
           GError                **error)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->site_url_row));
  g_autofree char *base = NULL;
  g_autofree char *site = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  ferry_connection_set_name (self->edited, name);
  if (*url == '\0')
    base = g_strdup (""), site = g_strdup ("");
  else if (!split_site_url (url, &base, &site))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The site URL “%s” names no site: it ends in the site, as in "
                     "https://cloud.example.com/demo."), url);
      return FALSE;
    }
  ferry_connection_set_site_url (self->edited, base);
  ferry_connection_set_site (self->edited, site);
  ferry_connection_set_user (self->edited, gtk_editable_get_text (GTK_EDITABLE (self->user_row)));
  ferry_connection_set_company (self->edited, chosen_company (self));
  ferry_connection_set_stop_on_error (self->edited, gtk_switch_get_active (self->stop_switch));
  read_schedule (self);
  read_deep_schedule (self);
  return ferry_connection_validate (self->edited, error);
}

static void
on_save_clicked (FerryConnectionDialog *self)
{
  FerryConnectionStore *store = ferry_app_state_get_store (self->state);
  g_autoptr(GError) error = NULL;
  gboolean saved;

  if (!read_form (self, &error))
    saved = FALSE;
  else if (self->connection == NULL)
    saved = ferry_connection_store_add (store, self->edited, &error);
  else
    saved = ferry_connection_store_update (store, self->edited, &error);

  if (!saved)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (self->error_group, TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ferry_connection_dialog_dispose (GObject *object)
{
  FerryConnectionDialog *self = FERRY_CONNECTION_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->state);
  g_clear_object (&self->connection);
  g_clear_object (&self->edited);
  g_clear_pointer (&self->deep_schedules, g_strfreev);
  g_clear_pointer (&self->custom_schedule, g_free);
  G_OBJECT_CLASS (ferry_connection_dialog_parent_class)->dispose (object);
}

static void
ferry_connection_dialog_class_init (FerryConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_connection_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, site_url_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, company_code_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, hours_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, hours_spin);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, deep_schedule_row);
  gtk_widget_class_bind_template_child (widget_class, FerryConnectionDialog, stop_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, update_value_rows);
  gtk_widget_class_bind_template_callback (widget_class, show_two_digits);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_connection_dialog_init (FerryConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
ferry_connection_dialog_new (GtkWindow       *parent,
                             FerryAppState   *state,
                             FerryConnection *connection)
{
  FerryConnectionDialog *self;

  g_return_val_if_fail (FERRY_IS_APP_STATE (state), NULL);

  self = g_object_new (FERRY_TYPE_CONNECTION_DIALOG,
                       "transient-for", parent,
                       "title", connection != NULL ? _("Edit Connection") : _("Add Connection"),
                       NULL);
  self->state = g_object_ref (state);
  self->connection = connection != NULL ? g_object_ref (connection) : NULL;
  self->edited = connection != NULL ? ferry_connection_copy (connection)
                                    : ferry_connection_new (NULL, "");
  fill_form (self);
  return GTK_WINDOW (self);
}
