/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ferry-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerryApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* Run from the build tree (`meson devenv`), FERRY_LOCALEDIR is the build's
   * po/, where the catalogs are compiled; installed, LOCALEDIR. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("FERRY_LOCALEDIR") != NULL ? g_getenv ("FERRY_LOCALEDIR")
                                                                        : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ferry_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
