/* ferryctl.h: the subcommands of ferryctl and the exit statuses they share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exit status of every command, documented in docs/ferryctl.md; scripts
 * and service managers act on them, so the numbers never change. */
typedef enum
{
  FERRYCTL_EXIT_OK = 0,
  FERRYCTL_EXIT_RECORD_ERRORS = 1, /* a sync finished, but some records did not go through */
  FERRYCTL_EXIT_USAGE = 2,         /* bad command line: unknown option, missing or wrong value */
  FERRYCTL_EXIT_CLOUD = 3,         /* the cloud is unreachable, refused the login or a request */
  FERRYCTL_EXIT_CANCELLED = 4,     /* stopped by Ctrl-C (SIGINT) or SIGTERM */
  FERRYCTL_EXIT_BUSY = 5,          /* another run of the connection is in progress */
  FERRYCTL_EXIT_LOCAL = 6,         /* configuration, database, disk or keyring failure */
} FerryctlExit;

/* Each subcommand gets argv with argv[0] set to "ferryctl SUBCOMMAND" and
 * returns a FerryctlExit. */
int ferryctl_catalog    (int argc, char **argv);
int ferryctl_demo_data  (int argc, char **argv);
int ferryctl_connection (int argc, char **argv);
/* `ferryctl connection set`, in ferryctl-connection-set.c. */
int ferryctl_connection_set (int argc, char **argv);
int ferryctl_login      (int argc, char **argv);
int ferryctl_history    (int argc, char **argv);
int ferryctl_status     (int argc, char **argv);
int ferryctl_schedule   (int argc, char **argv);
int ferryctl_daemon     (int argc, char **argv);
int ferryctl_sync       (int argc, char **argv);

/* The FerryctlExit for a failure with @error, by its domain and code. */
FerryctlExit ferryctl_exit_status_for_error (const GError *error);
/* Prints "ferryctl SUBCOMMAND: MESSAGE" to stderr; returns
 * ferryctl_exit_status_for_error (@error). */
int          ferryctl_fail                  (const GError *error);

G_END_DECLS
