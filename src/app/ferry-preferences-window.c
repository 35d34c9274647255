/* ferry-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-app-format.h"
#include "ferry-preferences-window.h"
#include "ferry-timeframe.h"

struct _FerryPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;        /* owned */
  FerryBackgroundSync  *background;      /* owned, nullable */
  GStrv                 sync_type_names; /* owned: the key's words, in the combo's order */

  /* template children */
  AdwPreferencesGroup  *running_group;
  AdwActionRow         *background_row;
  GtkSwitch            *background_switch;
  AdwComboRow          *sync_type_row;
  AdwComboRow          *timeframe_row;
};

G_DEFINE_FINAL_TYPE (FerryPreferencesWindow, ferry_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A string key shown as a combo row's "selected": @user_data holds the
 * key's words, NULL-terminated, in the row's order. */
static gboolean
word_to_position (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *words = user_data;
  const char *word = g_variant_get_string (variant, NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_equal (words[i], word))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_word (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *words = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((GStrv) words))
    return NULL;
  return g_variant_new_string (words[position]);
}

static void
bind_combo (FerryPreferencesWindow *self,
            AdwComboRow            *row,
            const char             *key,
            const char * const     *words,
            GtkStringList          *labels)
{
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                word_to_position, position_to_word, (gpointer) words, NULL);
}

static void
bind_settings (FerryPreferencesWindow *self)
{
  g_autoptr(GtkStringList) sync_types = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) timeframes = gtk_string_list_new (NULL);
  const char * const *timeframe_names = ferry_timeframe_get_names ();
  const FerryLedgerSyncType types[] = { FERRY_LEDGER_SYNC_SHALLOW, FERRY_LEDGER_SYNC_DEEP };
  g_autoptr(GStrvBuilder) type_names = g_strv_builder_new ();

  g_settings_bind (self->settings, "background-sync", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_strv_builder_add (type_names, ferry_ledger_sync_type_to_string (types[i]));
      gtk_string_list_append (sync_types, ferry_format_sync_type (types[i]));
    }
  self->sync_type_names = g_strv_builder_end (type_names);
  bind_combo (self, self->sync_type_row, "default-sync-type",
              (const char * const *) self->sync_type_names, sync_types);

  for (guint i = 0; timeframe_names[i] != NULL; i++)
    gtk_string_list_append (timeframes, ferry_timeframe_get_label ((FerryTimeframe) i));
  bind_combo (self, self->timeframe_row, "default-timeframe", timeframe_names, timeframes);
}

/* Who runs the automatic syncs; keeping Ferry open for them means nothing
 * while another program runs them. */
static void
update_running (FerryPreferencesWindow *self)
{
  const char *text = _("Automatic syncs do not run in the demo.");
  gboolean elsewhere = FALSE;

  if (self->background != NULL)
    {
      text = ferry_background_sync_get_status_text (self->background);
      elsewhere = ferry_background_sync_get_status (self->background) == FERRY_BACKGROUND_SYNC_ELSEWHERE;
    }
  adw_preferences_group_set_description (self->running_group, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->background_row), !elsewhere);
}

static void
ferry_preferences_window_dispose (GObject *object)
{
  FerryPreferencesWindow *self = FERRY_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    {
      g_settings_unbind (self->background_switch, "active");
      g_settings_unbind (self->sync_type_row, "selected");
      g_settings_unbind (self->timeframe_row, "selected");
    }
  g_clear_object (&self->settings);
  g_clear_object (&self->background);

  G_OBJECT_CLASS (ferry_preferences_window_parent_class)->dispose (object);
}

static void
ferry_preferences_window_finalize (GObject *object)
{
  FerryPreferencesWindow *self = FERRY_PREFERENCES_WINDOW (object);

  g_strfreev (self->sync_type_names);

  G_OBJECT_CLASS (ferry_preferences_window_parent_class)->finalize (object);
}

static void
ferry_preferences_window_class_init (FerryPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_preferences_window_dispose;
  object_class->finalize = ferry_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, running_group);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, background_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, sync_type_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, timeframe_row);
}

static void
ferry_preferences_window_init (FerryPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FerryPreferencesWindow *
ferry_preferences_window_new (GtkWindow           *parent,
                              GSettings           *settings,
                              FerryBackgroundSync *background)
{
  FerryPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (background == NULL || FERRY_IS_BACKGROUND_SYNC (background), NULL);

  self = g_object_new (FERRY_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  bind_settings (self);
  if (background != NULL)
    {
      self->background = g_object_ref (background);
      g_signal_connect_object (background, "notify::status-text", G_CALLBACK (update_running),
                               self, G_CONNECT_SWAPPED);
    }
  update_running (self);
  return self;
}
