/* ferry-cloud-password.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-password"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "ferry-cloud-password.h"

#define SALT_LEN 16
#define BLOCK 64
#define DIGEST 32

typedef struct
{
  GChecksum *inner; /* SHA-256 state after key ⊕ ipad */
  GChecksum *outer; /* SHA-256 state after key ⊕ opad */
} Hmac;

static void
hmac_init (Hmac         *hmac,
           const guint8 *key,
           gsize         key_len)
{
  guint8 block[BLOCK] = { 0 };
  guint8 pad[BLOCK];

  if (key_len > BLOCK)
    {
      gsize len = DIGEST;
      GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);

      g_checksum_update (sum, key, key_len);
      g_checksum_get_digest (sum, block, &len);
      g_checksum_free (sum);
    }
  else
    memcpy (block, key, key_len);

  hmac->inner = g_checksum_new (G_CHECKSUM_SHA256);
  hmac->outer = g_checksum_new (G_CHECKSUM_SHA256);
  for (guint i = 0; i < BLOCK; i++)
    pad[i] = block[i] ^ 0x36;
  g_checksum_update (hmac->inner, pad, BLOCK);
  for (guint i = 0; i < BLOCK; i++)
    pad[i] = block[i] ^ 0x5c;
  g_checksum_update (hmac->outer, pad, BLOCK);

  memset (block, 0, sizeof block);
  memset (pad, 0, sizeof pad);
}

/* out = HMAC (key, a ‖ b) */
static void
hmac_compute (Hmac         *hmac,
              const guint8 *a,
              gsize         a_len,
              const guint8 *b,
              gsize         b_len,
              guint8        out[DIGEST])
{
  GChecksum *sum = g_checksum_copy (hmac->inner);
  gsize len = DIGEST;

  g_checksum_update (sum, a, a_len);
  if (b_len > 0)
    g_checksum_update (sum, b, b_len);
  g_checksum_get_digest (sum, out, &len);
  g_checksum_free (sum);

  sum = g_checksum_copy (hmac->outer);
  g_checksum_update (sum, out, DIGEST);
  len = DIGEST;
  g_checksum_get_digest (sum, out, &len);
  g_checksum_free (sum);
}

void
ferry_cloud_pbkdf2_sha256 (const guint8 *password,
                           gsize         password_len,
                           const guint8 *salt,
                           gsize         salt_len,
                           guint         iterations,
                           guint8        out[32])
{
  static const guint8 block_index[4] = { 0, 0, 0, 1 };
  guint8 u[DIGEST];
  Hmac hmac;

  hmac_init (&hmac, password, password_len);
  hmac_compute (&hmac, salt, salt_len, block_index, sizeof block_index, u);
  memcpy (out, u, DIGEST);
  for (guint i = 1; i < iterations; i++)
    {
      hmac_compute (&hmac, u, DIGEST, NULL, 0, u);
      for (guint j = 0; j < DIGEST; j++)
        out[j] ^= u[j];
    }

  g_checksum_free (hmac.inner);
  g_checksum_free (hmac.outer);
  memset (u, 0, sizeof u);
}

void
ferry_cloud_random_bytes (guint8 *buffer,
                          gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (buffer + done, len - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("The kernel's random number generator is not available: %s",
                 g_strerror (errno));
      done += (gsize) n;
    }
}

gboolean
ferry_cloud_equal_bytes (const guint8 *a,
                         const guint8 *b,
                         gsize         len)
{
  volatile guint8 diff = 0;

  for (gsize i = 0; i < len; i++)
    diff |= a[i] ^ b[i];

  return diff == 0;
}

char *
ferry_cloud_password_hash (const char *password,
                           guint       iterations)
{
  guint8 salt[SALT_LEN];
  guint8 hash[DIGEST];
  g_autofree char *salt64 = NULL;
  g_autofree char *hash64 = NULL;

  g_return_val_if_fail (password != NULL, NULL);

  iterations = MAX (iterations, FERRY_CLOUD_PASSWORD_MIN_ITERATIONS);
  ferry_cloud_random_bytes (salt, sizeof salt);
  ferry_cloud_pbkdf2_sha256 ((const guint8 *) password, strlen (password),
                             salt, sizeof salt, iterations, hash);
  salt64 = g_base64_encode (salt, sizeof salt);
  hash64 = g_base64_encode (hash, sizeof hash);
  memset (hash, 0, sizeof hash);

  return g_strdup_printf ("pbkdf2-sha256$%u$%s$%s", iterations, salt64, hash64);
}

gboolean
ferry_cloud_password_verify (const char *password,
                             const char *stored)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *expected = NULL;
  gsize salt_len = 0, expected_len = 0;
  guint8 hash[DIGEST];
  guint64 iterations;
  gboolean equal;

  if (password == NULL || stored == NULL)
    return FALSE;

  parts = g_strsplit (stored, "$", -1);
  if (g_strv_length (parts) != 4 || g_strcmp0 (parts[0], "pbkdf2-sha256") != 0
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT32, &iterations, NULL))
    return FALSE;

  salt = g_base64_decode (parts[2], &salt_len);
  expected = g_base64_decode (parts[3], &expected_len);
  if (salt_len == 0 || expected_len != DIGEST)
    return FALSE;

  ferry_cloud_pbkdf2_sha256 ((const guint8 *) password, strlen (password),
                             salt, salt_len, (guint) iterations, hash);
  equal = ferry_cloud_equal_bytes (hash, expected, DIGEST);
  memset (hash, 0, sizeof hash);

  return equal;
}
