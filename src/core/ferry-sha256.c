/* ferry-sha256.c: SHA-256 through nettle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-sha256"

#include "config.h"

#include "ferry-sha256.h"

void
ferry_sha256_init (FerrySha256 *self)
{
  sha256_init (&self->ctx);
}

void
ferry_sha256_update (FerrySha256 *self,
                     const void  *data,
                     gsize        size)
{
  if (size > 0)
    sha256_update (&self->ctx, size, data);
}

void
ferry_sha256_finish (FerrySha256 *self,
                     guint8       out[FERRY_SHA256_SIZE])
{
  sha256_digest (&self->ctx, FERRY_SHA256_SIZE, out);
}

void
ferry_sha256_finish_hex (FerrySha256 *self,
                         char         out[FERRY_SHA256_HEX_SIZE])
{
  static const char digits[] = "0123456789abcdef";
  guint8 raw[FERRY_SHA256_SIZE];

  ferry_sha256_finish (self, raw);
  for (guint i = 0; i < FERRY_SHA256_SIZE; i++)
    {
      out[2 * i] = digits[raw[i] >> 4];
      out[2 * i + 1] = digits[raw[i] & 0xf];
    }
  out[FERRY_SHA256_HEX_SIZE - 1] = '\0';
}

void
ferry_sha256_hex (const void *data,
                  gsize       size,
                  char        out[FERRY_SHA256_HEX_SIZE])
{
  FerrySha256 sha;

  ferry_sha256_init (&sha);
  ferry_sha256_update (&sha, data, size);
  ferry_sha256_finish_hex (&sha, out);
}
