/* ferry-sha256.h: SHA-256 at the speed of the CPU's SHA instructions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GChecksum computes SHA-256 in portable C (about 250 MB/s here); nettle
 * uses the SHA extensions where the CPU has them (about 1.5 GB/s). Record
 * hashes and batch fingerprints go through every byte a sync moves, so both
 * the client and ferry-cloud use this.
 */
#pragma once

#include <glib.h>
#include <nettle/sha2.h>

G_BEGIN_DECLS

#define FERRY_SHA256_SIZE     32
#define FERRY_SHA256_HEX_SIZE 65 /* 64 lowercase hex digits and a NUL */

typedef struct
{
  struct sha256_ctx ctx;
} FerrySha256;

void ferry_sha256_init       (FerrySha256 *self);
void ferry_sha256_update     (FerrySha256 *self,
                              const void  *data,
                              gsize        size);
/* Both leave @self ready for a new message. */
void ferry_sha256_finish     (FerrySha256 *self,
                              guint8       out[FERRY_SHA256_SIZE]);
void ferry_sha256_finish_hex (FerrySha256 *self,
                              char         out[FERRY_SHA256_HEX_SIZE]);

/* One message at once. */
void ferry_sha256_hex        (const void  *data,
                              gsize        size,
                              char         out[FERRY_SHA256_HEX_SIZE]);

G_END_DECLS
