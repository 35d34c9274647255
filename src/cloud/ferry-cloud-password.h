/* ferry-cloud-password.h: password hashes and random secrets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Passwords are kept as PBKDF2-HMAC-SHA256 with a random 16-byte salt, in
 * the form pbkdf2-sha256$ITERATIONS$SALT$HASH (base64), so the iteration
 * count can grow without invalidating stored hashes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FERRY_CLOUD_PASSWORD_ITERATIONS     600000
#define FERRY_CLOUD_PASSWORD_MIN_ITERATIONS 100000

char     *ferry_cloud_password_hash    (const char *password,
                                        guint       iterations);
/* Constant-time in the password; FALSE for a malformed @stored too. */
gboolean  ferry_cloud_password_verify  (const char *password,
                                        const char *stored);

/* PBKDF2-HMAC-SHA256 with a 32-byte result (RFC 8018). */
void      ferry_cloud_pbkdf2_sha256    (const guint8 *password,
                                        gsize         password_len,
                                        const guint8 *salt,
                                        gsize         salt_len,
                                        guint         iterations,
                                        guint8        out[32]);

/* @len bytes from the kernel's CSPRNG; aborts if there is none. */
void      ferry_cloud_random_bytes     (guint8     *buffer,
                                        gsize       len);

/* Compares in time that depends only on @len. */
gboolean  ferry_cloud_equal_bytes      (const guint8 *a,
                                        const guint8 *b,
                                        gsize         len);

G_END_DECLS
