/* ferryctl.h: the subcommands of ferryctl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each subcommand gets argv with argv[0] set to "ferryctl SUBCOMMAND" and
 * returns the process exit status. */
int ferryctl_catalog   (int argc, char **argv);
int ferryctl_demo_data (int argc, char **argv);

/* Prints "ferryctl: MESSAGE" to stderr; returns the exit status for errors. */
int ferryctl_fail      (const GError *error);

G_END_DECLS
