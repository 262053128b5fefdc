#include "HealthStore.h"

#include "SqlDialect.h"
#include "SqlError.h"
#include "Statement.h"
#include "WriteTransaction.h"
#include "core/Json.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

namespace {

std::string toJson(const EndpointHealth::Snapshot &s)
{
    return Json{{"name", s.name.toStdString()},
                {"in_flight", s.inFlight},
                {"waiting", s.waiting},
                {"attempts", s.attempts},
                {"success_rate", s.successRate},
                {"degraded", s.degraded},
                {"latency_p50_ms", s.latencyP50Ms},
                {"latency_p95_ms", s.latencyP95Ms},
                {"failures_in_row", s.failuresInRow},
                {"circuit_open", s.circuitOpen},
                {"paused", s.paused},
                {"last_error", s.lastError.toStdString()},
                {"last_error_at", s.lastErrorAtMs},
                {"last_success_at", s.lastSuccessAtMs}}
        .dump();
}

// What it can read of a snapshot; anything missing or of another type keeps its default.
EndpointHealth::Snapshot fromJson(qint64 endpointId, const std::string &text)
{
    EndpointHealth::Snapshot s;
    s.endpointId = endpointId;
    const Json j = Json::parse(text, nullptr, false);
    if (!j.is_object())
        return s;
    const auto get = [&j](const char *key, auto fallback) {
        const auto it = j.find(key);
        using T = decltype(fallback);
        if (it == j.end())
            return fallback;
        if constexpr (std::is_same_v<T, bool>)
            return it->is_boolean() ? it->get<bool>() : fallback;
        else if constexpr (std::is_same_v<T, std::string>)
            return it->is_string() ? it->get<std::string>() : fallback;
        else
            return it->is_number() ? it->get<T>() : fallback;
    };
    s.name = QString::fromStdString(get("name", std::string()));
    s.inFlight = get("in_flight", 0);
    s.waiting = get("waiting", 0);
    s.attempts = get("attempts", qint64(0));
    s.successRate = get("success_rate", 1.0);
    s.degraded = get("degraded", false);
    s.latencyP50Ms = get("latency_p50_ms", qint64(0));
    s.latencyP95Ms = get("latency_p95_ms", qint64(0));
    s.failuresInRow = get("failures_in_row", 0);
    s.circuitOpen = get("circuit_open", false);
    s.paused = get("paused", false);
    s.lastError = QString::fromStdString(get("last_error", std::string()));
    s.lastErrorAtMs = get("last_error_at", qint64(0));
    s.lastSuccessAtMs = get("last_success_at", qint64(0));
    return s;
}

} // namespace

Status HealthStore::publish(WriteTransaction &tx, const std::string &holder,
                            const std::vector<EndpointHealth::Snapshot> &health)
{
    const std::string now = databaseNowMs(dialectOf(tx.database()));
    Statement &s = tx.statement("INSERT INTO endpoint_health (endpoint_id, holder, snapshot, updated_at) "
                                "VALUES (?1, ?2, ?3, " +
                                now +
                                ") ON CONFLICT (endpoint_id) DO UPDATE SET holder = excluded.holder, "
                                "snapshot = excluded.snapshot, updated_at = excluded.updated_at");
    for (const EndpointHealth::Snapshot &h : health) {
        const std::string json = toJson(h);
        s.bind(1, h.endpointId);
        s.bind(2, holder);
        s.bind(3, json);
        if (Status ok = s.run(); !ok)
            return ok;
    }
    return {};
}

Result<std::vector<EndpointHealth::Snapshot>> HealthStore::read(QSqlDatabase database, qint64 withinMs)
{
    QSqlQuery q(database);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT endpoint_id, snapshot FROM endpoint_health WHERE updated_at > %1 - ?")
                  .arg(QLatin1String(databaseNowMs(dialectOf(database)))));
    q.addBindValue(withinMs);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read the endpoints' health"), q.lastError());
    std::vector<EndpointHealth::Snapshot> health;
    while (q.next())
        health.push_back(fromJson(q.value(0).toLongLong(), q.value(1).toString().toStdString()));
    return health;
}

} // namespace engine
