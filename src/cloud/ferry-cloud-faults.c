/* ferry-cloud-faults.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ferry-cloud-faults"

#include "config.h"

#include <math.h>

#include "ferry-cloud-faults.h"
#include "ferry-cloud-problem.h"
#include "ferry-random.h"

#define MAX_LATENCY_MS       60000
#define MAX_RETRY_AFTER      86400
#define DEFAULT_RETRY_AFTER  1

/* In the order a draw tests them. */
typedef enum
{
  RATE_ERROR,
  RATE_THROTTLE,
  RATE_DROP,
  N_RATES
} Rate;

typedef struct
{
  double   rates[N_RATES];
  guint    retry_after;
  guint    latency;
  guint64  seed;
} Settings;

struct _FerryCloudFaults
{
  GObject     parent_instance;

  Settings    settings;
  FerryRandom random;
};

G_DEFINE_FINAL_TYPE (FerryCloudFaults, ferry_cloud_faults, G_TYPE_OBJECT)

static void
ferry_cloud_faults_class_init (FerryCloudFaultsClass *klass)
{
}

static void
ferry_cloud_faults_init (FerryCloudFaults *self)
{
  self->settings.retry_after = DEFAULT_RETRY_AFTER;
  ferry_cloud_faults_set_seed (self, 0);
}

FerryCloudFaults *
ferry_cloud_faults_new (void)
{
  return g_object_new (FERRY_TYPE_CLOUD_FAULTS, NULL);
}

/* ---- Parsing ------------------------------------------------------------ */

typedef enum
{
  VALUE_RATE,
  VALUE_UINT,
  VALUE_SEED,
} ValueKind;

typedef struct
{
  const char *key;
  ValueKind   kind;
  guint       rate;    /* VALUE_RATE */
  guint64     max;     /* VALUE_UINT */
  gsize       offset;  /* VALUE_UINT: the guint in Settings */
} Key;

static const Key keys[] = {
  { "error", VALUE_RATE, RATE_ERROR, 0, 0 },
  { "drop", VALUE_RATE, RATE_DROP, 0, 0 },
  { "throttle", VALUE_RATE, RATE_THROTTLE, 0, 0 },
  { "retry-after", VALUE_UINT, 0, MAX_RETRY_AFTER, G_STRUCT_OFFSET (Settings, retry_after) },
  { "latency", VALUE_UINT, 0, MAX_LATENCY_MS, G_STRUCT_OFFSET (Settings, latency) },
  { "seed", VALUE_SEED, 0, G_MAXUINT64, 0 },
};

static const Key *
lookup_key (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].key, name))
      return &keys[i];
  return NULL;
}

static gboolean
parse_rate (const char *text,
            double     *rate)
{
  char *end = NULL;

  *rate = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*rate) && *rate >= 0.0 && *rate <= 1.0;
}

/* Applies one KEY=VALUE to @settings; @seeded says whether it was the seed. */
static gboolean
parse_part (Settings    *settings,
            const char  *part,
            gboolean    *seeded,
            GError     **error)
{
  g_auto(GStrv) kv = g_strsplit (part, "=", 2);
  const Key *key;
  const char *value;
  guint64 n;

  if (g_strv_length (kv) != 2)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "Fault setting “%s” is not NAME=VALUE.", part);
      return FALSE;
    }
  g_strstrip (kv[0]);
  value = g_strstrip (kv[1]);
  key = lookup_key (kv[0]);
  if (key == NULL)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "Unknown fault setting “%s”; the settings are error, drop, throttle, "
                   "retry-after, latency and seed.", kv[0]);
      return FALSE;
    }

  switch (key->kind)
    {
    case VALUE_RATE:
      if (parse_rate (value, &settings->rates[key->rate]))
        return TRUE;
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "Fault setting “%s”: a rate is a fraction from 0 to 1.", part);
      return FALSE;

    case VALUE_UINT:
    case VALUE_SEED:
      if (!g_ascii_string_to_unsigned (value, 10, 0, key->max, &n, NULL))
        {
          g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                       "Fault setting “%s”: %s takes a whole number from 0 to %" G_GUINT64_FORMAT ".",
                       part, key->key, key->max);
          return FALSE;
        }
      if (key->kind == VALUE_SEED)
        {
          settings->seed = n;
          *seeded = TRUE;
        }
      else
        G_STRUCT_MEMBER (guint, settings, key->offset) = (guint) n;
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

gboolean
ferry_cloud_faults_parse (FerryCloudFaults  *self,
                          const char        *spec,
                          GError           **error)
{
  Settings settings;
  g_auto(GStrv) parts = NULL;
  gboolean seeded = FALSE;
  double sum = 0.0;

  g_return_val_if_fail (FERRY_IS_CLOUD_FAULTS (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  settings = self->settings;
  parts = g_strsplit (spec, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      /* Tolerate "a=1, b=2" and a trailing comma. */
      if (*g_strstrip (parts[i]) == '\0')
        continue;
      if (!parse_part (&settings, parts[i], &seeded, error))
        return FALSE;
    }

  for (guint i = 0; i < N_RATES; i++)
    sum += settings.rates[i];
  /* A little slack for decimal fractions such as 0.7 + 0.2 + 0.1. */
  if (sum > 1.0 + 1e-9)
    {
      g_set_error (error, FERRY_CLOUD_PROBLEM, FERRY_CLOUD_PROBLEM_INVALID_REQUEST,
                   "Faults “%s”: error, drop and throttle add up to %g; together they can be at most 1.",
                   spec, sum);
      return FALSE;
    }

  self->settings = settings;
  if (seeded)
    ferry_cloud_faults_set_seed (self, settings.seed);
  return TRUE;
}

/* ---- Settings ----------------------------------------------------------- */

static void
set_rate (FerryCloudFaults *self,
          Rate              rate,
          double            value)
{
  g_return_if_fail (FERRY_IS_CLOUD_FAULTS (self));
  g_return_if_fail (value >= 0.0 && value <= 1.0);

  self->settings.rates[rate] = value;
}

void
ferry_cloud_faults_set_error_rate (FerryCloudFaults *self,
                                   double            rate)
{
  set_rate (self, RATE_ERROR, rate);
}

void
ferry_cloud_faults_set_drop_rate (FerryCloudFaults *self,
                                  double            rate)
{
  set_rate (self, RATE_DROP, rate);
}

void
ferry_cloud_faults_set_throttle_rate (FerryCloudFaults *self,
                                      double            rate)
{
  set_rate (self, RATE_THROTTLE, rate);
}

void
ferry_cloud_faults_set_retry_after (FerryCloudFaults *self,
                                    guint             seconds)
{
  g_return_if_fail (FERRY_IS_CLOUD_FAULTS (self));

  self->settings.retry_after = seconds;
}

void
ferry_cloud_faults_set_latency (FerryCloudFaults *self,
                                guint             ms)
{
  g_return_if_fail (FERRY_IS_CLOUD_FAULTS (self));

  self->settings.latency = ms;
}

void
ferry_cloud_faults_set_seed (FerryCloudFaults *self,
                             guint64           seed)
{
  g_return_if_fail (FERRY_IS_CLOUD_FAULTS (self));

  self->settings.seed = seed;
  ferry_random_init_stream (&self->random, seed, "cloud-faults");
}

guint
ferry_cloud_faults_get_latency (FerryCloudFaults *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_FAULTS (self), 0);

  return self->settings.latency;
}

guint
ferry_cloud_faults_get_retry_after (FerryCloudFaults *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_FAULTS (self), DEFAULT_RETRY_AFTER);

  return self->settings.retry_after;
}

gboolean
ferry_cloud_faults_is_enabled (FerryCloudFaults *self)
{
  g_return_val_if_fail (FERRY_IS_CLOUD_FAULTS (self), FALSE);

  for (guint i = 0; i < N_RATES; i++)
    if (self->settings.rates[i] > 0.0)
      return TRUE;
  return self->settings.latency > 0;
}

/* ---- Drawing ------------------------------------------------------------ */

FerryCloudFault
ferry_cloud_faults_draw (FerryCloudFaults *self,
                         gboolean          mutating)
{
  static const FerryCloudFault faults[N_RATES] = {
    [RATE_ERROR] = FERRY_CLOUD_FAULT_ERROR,
    [RATE_THROTTLE] = FERRY_CLOUD_FAULT_THROTTLE,
    [RATE_DROP] = FERRY_CLOUD_FAULT_DROP,
  };
  double u, bound = 0.0;

  g_return_val_if_fail (FERRY_IS_CLOUD_FAULTS (self), FERRY_CLOUD_FAULT_NONE);

  /* Always exactly one number, so that a read does not shift the faults of
   * the writes after it, whatever the rates. */
  u = ferry_random_double (&self->random);
  for (guint i = 0; i < N_RATES; i++)
    {
      if (i == RATE_DROP && !mutating)
        continue;
      bound += self->settings.rates[i];
      if (u < bound)
        return faults[i];
    }
  return FERRY_CLOUD_FAULT_NONE;
}

const char *
ferry_cloud_fault_to_string (FerryCloudFault fault)
{
  switch (fault)
    {
    case FERRY_CLOUD_FAULT_ERROR:
      return "error";
    case FERRY_CLOUD_FAULT_THROTTLE:
      return "throttle";
    case FERRY_CLOUD_FAULT_DROP:
      return "drop";
    case FERRY_CLOUD_FAULT_NONE:
    default:
      return "none";
    }
}

char *
ferry_cloud_faults_describe (FerryCloudFaults *self)
{
  const Settings *s;
  g_autoptr(GString) out = g_string_new ("faults: ");

  g_return_val_if_fail (FERRY_IS_CLOUD_FAULTS (self), NULL);

  if (!ferry_cloud_faults_is_enabled (self))
    {
      g_string_append (out, "off");
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  s = &self->settings;
  if (s->rates[RATE_ERROR] > 0.0)
    g_string_append_printf (out, "error %g%%, ", s->rates[RATE_ERROR] * 100.0);
  if (s->rates[RATE_THROTTLE] > 0.0)
    g_string_append_printf (out, "throttle %g%% (Retry-After %u s), ",
                            s->rates[RATE_THROTTLE] * 100.0, s->retry_after);
  if (s->rates[RATE_DROP] > 0.0)
    g_string_append_printf (out, "drop %g%%, ", s->rates[RATE_DROP] * 100.0);
  if (s->latency > 0)
    g_string_append_printf (out, "latency %u ms, ", s->latency);
  g_string_append_printf (out, "seed %" G_GUINT64_FORMAT, s->seed);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
