/* ferry-cloud-throttle.h: slowing down password guessing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Counts failed logins per key (site and user name) in memory. After
 * max_failures within window seconds, the key is refused until the oldest
 * of those failures is window seconds old. A success clears the key.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FERRY_TYPE_CLOUD_THROTTLE (ferry_cloud_throttle_get_type ())
G_DECLARE_FINAL_TYPE (FerryCloudThrottle, ferry_cloud_throttle, FERRY, CLOUD_THROTTLE, GObject)

FerryCloudThrottle *ferry_cloud_throttle_new            (guint               max_failures,
                                                         gint64              window);
/* 0 if @key may try now, else the seconds to wait. */
gint64              ferry_cloud_throttle_check          (FerryCloudThrottle *self,
                                                         const char         *key,
                                                         gint64              now);
void                ferry_cloud_throttle_record_failure (FerryCloudThrottle *self,
                                                         const char         *key,
                                                         gint64              now);
void                ferry_cloud_throttle_reset          (FerryCloudThrottle *self,
                                                         const char         *key);

G_END_DECLS
