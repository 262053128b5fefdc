#pragma once
// The hub's own settings, kept in the database beside the configuration: how long the archive is kept, the
// retry schedule new subscriptions start with, and when an endpoint counts as degraded. Kept by
// storage/SettingsStore.

#include "core/Result.h"

#include <vector>

namespace engine {

struct HubSettings {
    int retentionDays = 0; // 0: keep everything (DESIGN §1: nothing is deleted unless the owner says so)
    std::vector<int> defaultRetryScheduleS;
    // An endpoint whose recent attempts fail this often (in percent) is degraded; 0: never.
    int degradedFailurePercent = 25;

    HubSettings();
    Status validate() const;
};

} // namespace engine
