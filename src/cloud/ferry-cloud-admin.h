/* ferry-cloud-admin.h: the subcommands of ferry-cloud
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each subcommand gets argv with argv[0] its own name ("site", "records",
 * …), parses its options with GOptionContext and returns an exit status:
 * 0 success, 1 failure (a message on stderr saying what to do), 2 usage.
 */
#pragma once

#include "ferry-cloud-store.h"

G_BEGIN_DECLS

int ferry_cloud_cmd_serve   (int argc, char **argv);  /* ferry-cloud-cmd-serve.c */
int ferry_cloud_cmd_site    (int argc, char **argv);  /* ferry-cloud-admin.c */
int ferry_cloud_cmd_company (int argc, char **argv);  /* ferry-cloud-admin.c */
int ferry_cloud_cmd_user    (int argc, char **argv);  /* ferry-cloud-admin-users.c */
int ferry_cloud_cmd_records (int argc, char **argv);  /* ferry-cloud-admin-records.c */
int ferry_cloud_cmd_export  (int argc, char **argv);  /* ferry-cloud-admin-exports.c */

/* Shared by the subcommands. */

/* Opens --db, or $FERRY_CLOUD_DB when @db is NULL. */
FerryCloudStore *ferry_cloud_admin_open_store      (const char       *db,
                                                    GError          **error);
/* Looks up a site and a company of it by name and code. */
gboolean         ferry_cloud_admin_resolve_company (FerryCloudStore  *store,
                                                    const char       *site,
                                                    const char       *company,
                                                    gint64           *out_site_id,
                                                    gint64           *out_company_id,
                                                    GError          **error);
/* Prints "ferry-cloud: MESSAGE" on stderr and returns 1. */
int              ferry_cloud_admin_fail            (const GError     *error);
/* Prints @node as pretty JSON on stdout. */
void             ferry_cloud_admin_print_json      (JsonNode         *node);

G_END_DECLS
