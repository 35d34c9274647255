/* ferry-run-details.h: one run of History, with each of its record errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A modal window: when, which connection, how, the counts, the result and
 * its message, then every per-record error (entity type, key, field, code,
 * message and how to fix it), read from the ledger on a worker thread.
 * Escape closes it.
 */
#pragma once

#include <adwaita.h>

#include "ferry-run-item.h"

G_BEGIN_DECLS

/* Errors shown at most; the rest are counted. */
#define FERRY_RUN_DETAILS_MAX_ERRORS 500

#define FERRY_TYPE_RUN_DETAILS (ferry_run_details_get_type ())
G_DECLARE_FINAL_TYPE (FerryRunDetails, ferry_run_details, FERRY, RUN_DETAILS, AdwWindow)

/* @parent: (nullable) */
FerryRunDetails *ferry_run_details_new      (GtkWindow       *parent,
                                             FerryRunItem    *item);
FerryRunItem    *ferry_run_details_get_item (FerryRunDetails *self);
/* Whether the errors are still being read. */
gboolean         ferry_run_details_get_loading (FerryRunDetails *self);

G_END_DECLS
