/* ferry-demo-session-private.h: the demo's files, made on a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a start makes; a copy, so the worker shares nothing. */
typedef struct
{
  char    *cloud;       /* owned: the ferry-cloud program */
  char    *directory;   /* owned */
  char    *profile_dir; /* owned */
  guint64  records;
  char    *password;    /* owned, wiped: the demo user's */
} FerryDemoPlan;

void      ferry_demo_plan_free     (FerryDemoPlan       *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryDemoPlan, ferry_demo_plan_free)

/* A random password for the demo user. */
char     *ferry_demo_new_password  (void);
/* Blocking: a fresh directory as ferry-demo-session.h describes it, up to
 * a cloud database that is ready to serve. */
gboolean  ferry_demo_prepare       (const FerryDemoPlan *plan,
                                    GCancellable        *cancellable,
                                    GError             **error);

G_END_DECLS
