/* ferry-run-notices.h: what to tell the desktop when an automatic run ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An administrator away from the screen needs to hear of an automatic
 * sync that failed, or that left records the cloud did not accept, and not
 * to hear of it again every hour while nothing changes. One notice per
 * connection: a newer one replaces it, and a run that succeeds withdraws
 * it. A cancelled run (Ferry quitting) and a slot skipped because another
 * run was going are not news.
 */
#pragma once

#include <gio/gio.h>

#include "ferry-sync-result.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_RUN_NOTICE_NONE,     /* nothing to do */
  FERRY_RUN_NOTICE_SEND,     /* send (or replace) the connection's notice */
  FERRY_RUN_NOTICE_WITHDRAW, /* the connection's notice is stale: withdraw it */
} FerryRunNoticeAction;

#define FERRY_TYPE_RUN_NOTICES (ferry_run_notices_get_type ())
G_DECLARE_FINAL_TYPE (FerryRunNotices, ferry_run_notices, FERRY, RUN_NOTICES, GObject)

FerryRunNotices      *ferry_run_notices_new      (void);
/* What the end of an automatic run of connection @connection_id calls for;
 * for SEND, *@out_title and *@out_body (owned) say it in words. A run with
 * record errors is told again only when its count of records not accepted
 * changes, or after a run without. */
FerryRunNoticeAction  ferry_run_notices_run_ended (FerryRunNotices       *self,
                                                   const char            *connection_id,
                                                   const char            *connection_name,
                                                   const FerrySyncResult *result,
                                                   const GError          *error,
                                                   char                 **out_title,
                                                   char                 **out_body);
/* The id of the connection's GNotification. Returns: (transfer full) */
char                 *ferry_run_notices_dup_id    (const char            *connection_id);

G_END_DECLS
