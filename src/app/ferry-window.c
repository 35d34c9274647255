/* ferry-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-catalog.h"
#include "ferry-window.h"

struct _FerryWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;      /* owned */

  /* template children */
  AdwPreferencesPage   *catalog_page;
  AdwWindowTitle       *window_title;
};

G_DEFINE_FINAL_TYPE (FerryWindow, ferry_window, ADW_TYPE_APPLICATION_WINDOW)

static const char *
direction_label (FerryEntityType *entity_type)
{
  switch (ferry_entity_type_get_direction (entity_type))
    {
    case FERRY_DIRECTION_PUSH:
      return _("To the cloud");
    case FERRY_DIRECTION_EXPORT:
      return _("From the cloud");
    case FERRY_DIRECTION_BOTH:
    default:
      return _("Both ways");
    }
}

static GtkWidget *
entity_row_new (FerryEntityType *entity_type)
{
  GtkWidget *row;
  GtkWidget *direction;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 ferry_entity_type_get_label (entity_type));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               ferry_entity_type_get_description (entity_type));
  gtk_widget_set_name (row, ferry_entity_type_get_id (entity_type));

  direction = gtk_label_new (direction_label (entity_type));
  gtk_widget_add_css_class (direction, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), direction);

  return row;
}

/* One group per module, entity types in catalog order: the grouping of
 * Advanced Mappings, read-only until local connections exist. */
static void
ferry_window_populate_catalog (FerryWindow *self)
{
  FerryCatalog *catalog = ferry_catalog_get_default ();
  const char * const *modules = ferry_catalog_get_modules (catalog);
  guint n_types = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  g_autofree char *subtitle = NULL;

  for (guint m = 0; modules[m] != NULL; m++)
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                       ferry_catalog_get_module_label (catalog, modules[m]));
      for (guint i = 0; i < n_types; i++)
        {
          g_autoptr(FerryEntityType) entity_type = g_list_model_get_item (G_LIST_MODEL (catalog), i);

          if (g_str_equal (ferry_entity_type_get_module (entity_type), modules[m]))
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                       entity_row_new (entity_type));
        }
      adw_preferences_page_add (self->catalog_page, ADW_PREFERENCES_GROUP (group));
    }

  subtitle = g_strdup_printf (ngettext ("%u entity type", "%u entity types", n_types), n_types);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* Run from the build tree without its schema (outside `meson devenv`), the
 * window still opens; it just does not remember its size. */
static void
ferry_window_bind_settings (FerryWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("Settings schema %s is not installed; window size will not be remembered",
                 APP_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
ferry_window_dispose (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_window_parent_class)->dispose (object);
}

static void
ferry_window_class_init (FerryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferrysync/Ferry/ferry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, catalog_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, window_title);
}

static void
ferry_window_init (FerryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  ferry_window_bind_settings (self);

  ferry_window_populate_catalog (self);
}

FerryWindow *
ferry_window_new (FerryApplication *application)
{
  return g_object_new (FERRY_TYPE_WINDOW, "application", application, NULL);
}
