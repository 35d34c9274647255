/* ferry-random.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-random"

#include "ferry-random.h"

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
ferry_random_init (FerryRandom *self,
                   guint64      seed)
{
  guint64 state = seed;

  g_return_if_fail (self != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (self->s); i++)
    self->s[i] = splitmix64 (&state);
}

void
ferry_random_init_stream (FerryRandom *self,
                          guint64      seed,
                          const char  *name)
{
  /* FNV-1a of the name, mixed with the seed through splitmix64 so that
   * neighbouring seeds and similar names still give unrelated streams. */
  guint64 hash = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  guint64 state = seed;

  g_return_if_fail (name != NULL);

  for (const guchar *p = (const guchar *) name; *p != '\0'; p++)
    hash = (hash ^ *p) * G_GUINT64_CONSTANT (0x100000001b3);

  ferry_random_init (self, splitmix64 (&state) ^ hash);
}

gint64
ferry_random_int_range (FerryRandom *self,
                        gint64       lo,
                        gint64       hi)
{
  guint64 span;

  g_return_val_if_fail (lo <= hi, lo);

  span = (guint64) hi - (guint64) lo + 1;
  if (span == 0) /* the whole 64-bit range */
    return (gint64) ferry_random_next (self);

  /* The modulo bias is below span / 2^64: invisible for the ranges a demo
   * company needs, and it keeps one draw per value. */
  return (gint64) ((guint64) lo + ferry_random_next (self) % span);
}

gsize
ferry_random_index (FerryRandom *self,
                    gsize        n)
{
  g_return_val_if_fail (n > 0, 0);

  return (gsize) (ferry_random_next (self) % n);
}

double
ferry_random_double (FerryRandom *self)
{
  return (double) (ferry_random_next (self) >> 11) * (1.0 / 9007199254740992.0);
}

gboolean
ferry_random_chance (FerryRandom *self,
                     double       probability)
{
  return ferry_random_double (self) < probability;
}

gpointer
ferry_random_pick (FerryRandom *self,
                   GPtrArray   *array)
{
  g_return_val_if_fail (array != NULL && array->len > 0, NULL);

  return g_ptr_array_index (array, ferry_random_index (self, array->len));
}
