#include "SettingsStore.h"

#include "SqlError.h"
#include "Statement.h"
#include "WriteTransaction.h"
#include "core/Json.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine::SettingsStore {

Result<HubSettings> load(QSqlDatabase database)
{
    HubSettings s;
    QSqlQuery q(database);
    if (!q.exec(
            QStringLiteral("SELECT key, value FROM settings WHERE key IN ('retention_days', 'default_retry_schedule', "
                           "'degraded_failure_percent')")))
        return sqlError(QStringLiteral("cannot read the settings"), q.lastError());
    while (q.next()) {
        if (q.value(0).toString() == QLatin1String("retention_days")) {
            s.retentionDays = q.value(1).toInt();
        } else if (q.value(0).toString() == QLatin1String("degraded_failure_percent")) {
            s.degradedFailurePercent = q.value(1).toInt();
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

Status save(WriteTransaction &tx, const HubSettings &settings)
{
    if (Status ok = settings.validate(); !ok)
        return ok;
    QSqlQuery q(tx.database());
    q.prepare(QStringLiteral(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    for (const auto &[key, value] :
         {std::pair{QStringLiteral("retention_days"), QString::number(settings.retentionDays)},
          std::pair{QStringLiteral("default_retry_schedule"),
                    QString::fromStdString(Json(settings.defaultRetryScheduleS).dump())},
          std::pair{QStringLiteral("degraded_failure_percent"), QString::number(settings.degradedFailurePercent)}}) {
        q.addBindValue(key);
        q.addBindValue(value);
        if (!q.exec())
            return sqlError(QStringLiteral("cannot save the settings"), q.lastError());
    }
    return {};
}

Status bumpActionsRevision(WriteTransaction &tx)
{
    return tx.statement("UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'actions_revision'").run();
}

} // namespace engine::SettingsStore
