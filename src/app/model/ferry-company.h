/* ferry-company.h: one company of the cloud site, as the account sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_TYPE_COMPANY (ferry_company_get_type ())
/* Immutable: the item type of FerryAccount's companies, so a list or a
 * drop-down (a connection's cloud company) can bind to it. */
G_DECLARE_FINAL_TYPE (FerryCompany, ferry_company, FERRY, COMPANY, GObject)

FerryCompany *ferry_company_new      (const char   *code,
                                      const char   *name);
/* The code in the site, e.g. "01". */
const char   *ferry_company_get_code (FerryCompany *self);
/* What people call it, e.g. "Demo Construction". */
const char   *ferry_company_get_name (FerryCompany *self);

G_END_DECLS
