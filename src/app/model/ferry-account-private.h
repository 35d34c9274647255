/* ferry-account-private.h: what the account's operations change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ferry-account.h"
#include "ferry-cloud-client.h"

G_BEGIN_DECLS

void        ferry_account_set_busy        (FerryAccount         *self,
                                           gboolean              busy);
/* @message: (nullable) */
void        ferry_account_set_error       (FerryAccount         *self,
                                           const char           *message);
/* Connected as @me. */
void        ferry_account_apply_user      (FerryAccount         *self,
                                           const FerryCloudUser *me);
/* Not connected: forgets who was, and any password held for the session. */
void        ferry_account_clear_user      (FerryAccount         *self);
/* Keeps @password (wiped later) while the keyring cannot; NULL forgets it. */
void        ferry_account_hold_password   (FerryAccount         *self,
                                           const char           *password);
gboolean    ferry_account_holds_password  (FerryAccount         *self);
/* Writes site-url and user into account.ini (mode 0600). */
gboolean    ferry_account_save            (FerryAccount         *self,
                                           GError              **error);

G_END_DECLS
