/* ferry-random.h: a small deterministic pseudo-random generator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* xoshiro256** (Blackman and Vigna), seeded through splitmix64. The same
 * seed gives the same sequence on every platform, which GRand does not
 * promise across GLib versions. A plain value type: copy it, keep it on
 * the stack, no allocation. */
typedef struct
{
  guint64 s[4];
} FerryRandom;

void     ferry_random_init        (FerryRandom  *self,
                                   guint64       seed);
/* An independent stream per (seed, name): adding a stream for a new name
 * does not shift the numbers of any other stream. */
void     ferry_random_init_stream (FerryRandom  *self,
                                   guint64       seed,
                                   const char   *name);

/* Uniform in [lo, hi]; lo <= hi. */
gint64   ferry_random_int_range   (FerryRandom  *self,
                                   gint64        lo,
                                   gint64        hi);
/* Uniform in [0, n); n > 0. */
gsize    ferry_random_index       (FerryRandom  *self,
                                   gsize         n);
/* Uniform in [0, 1), 53 bits. */
double   ferry_random_double      (FerryRandom  *self);
/* TRUE with the given probability. */
gboolean ferry_random_chance      (FerryRandom  *self,
                                   double        probability);
/* A uniformly chosen element of a non-empty array; borrowed. */
gpointer ferry_random_pick        (FerryRandom  *self,
                                   GPtrArray    *array);

static inline guint64
ferry_random_rotl (guint64 x,
                   int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
ferry_random_next (FerryRandom *self)
{
  guint64 *s = self->s;
  guint64 result = ferry_random_rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = ferry_random_rotl (s[3], 45);

  return result;
}

G_END_DECLS
