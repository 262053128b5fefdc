#include "HubSettings.h"

#include "Subscription.h"
#include "core/Json.h"
#include "database/Connection.h"

#include <QSqlError>
#include <QSqlQuery>

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
    return {};
}

Result<HubSettings> HubSettings::load(QSqlDatabase database)
{
    HubSettings s;
    QSqlQuery q(database);
    if (!q.exec(QStringLiteral(
            "SELECT key, value FROM settings WHERE key IN ('retention_days', 'default_retry_schedule')")))
        return sqlError(QStringLiteral("cannot read the settings"), q.lastError());
    while (q.next()) {
        if (q.value(0).toString() == QLatin1String("retention_days")) {
            s.retentionDays = q.value(1).toInt();
        } else {
            const Json schedule = Json::parse(q.value(1).toString().toStdString(), nullptr, false);
            if (schedule.is_array() && !schedule.empty()) {
                s.defaultRetryScheduleS.clear();
                for (const Json &d : schedule) {
                    if (d.is_number_integer())
                        s.defaultRetryScheduleS.push_back(d.get<int>());
                }
            }
        }
    }
    return s;
}

Status HubSettings::save(QSqlDatabase database) const
{
    if (Status ok = validate(); !ok)
        return ok;
    QSqlQuery q(database);
    q.prepare(QStringLiteral(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    for (const auto &[key, value] : {std::pair{QStringLiteral("retention_days"), QString::number(retentionDays)},
                                     std::pair{QStringLiteral("default_retry_schedule"),
                                               QString::fromStdString(Json(defaultRetryScheduleS).dump())}}) {
        q.addBindValue(key);
        q.addBindValue(value);
        if (!q.exec())
            return sqlError(QStringLiteral("cannot save the settings"), q.lastError());
    }
    return {};
}

} // namespace engine
