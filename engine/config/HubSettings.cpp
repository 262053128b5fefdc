#include "HubSettings.h"

#include "Subscription.h"

namespace engine {

HubSettings::HubSettings() : defaultRetryScheduleS(RetryPolicy::defaultSchedule()) {}

Status HubSettings::validate() const
{
    if (retentionDays < 0 || retentionDays > 36500)
        return fieldError(QStringLiteral("retention_days"),
                          QStringLiteral("must be between 0 (keep everything) and 36500"));
    if (defaultRetryScheduleS.empty() || defaultRetryScheduleS.size() > 50)
        return fieldError(QStringLiteral("default_retry_schedule"),
                          QStringLiteral("must list 1 to 50 delays in seconds"));
    for (int d : defaultRetryScheduleS) {
        if (d < 0 || d > 7 * 24 * 3600)
            return fieldError(QStringLiteral("default_retry_schedule"),
                              QStringLiteral("each delay must be 0 to 604800 seconds"));
    }
    if (degradedFailurePercent < 0 || degradedFailurePercent > 100)
        return fieldError(QStringLiteral("degraded_failure_percent"),
                          QStringLiteral("must be between 0 (never) and 100 percent"));
    return {};
}

} // namespace engine
