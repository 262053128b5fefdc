#include "DueDeliveries.h"

#include "ReadConnection.h"
#include "StateSql.h"
#include "Statement.h"

#include <algorithm>

namespace engine {

namespace {

// The states in which a delivery can fall due.
constexpr DeliveryState dueStates[] = {DeliveryState::Pending, DeliveryState::Retrying, DeliveryState::Scheduled};

} // namespace

Result<std::unique_ptr<DueDeliveries>> DueDeliveries::open(const QString &path)
{
    Result<std::unique_ptr<ReadConnection>> opened = openReadConnection(path);
    if (!opened)
        return opened.error();
    std::unique_ptr<DueDeliveries> reads(new DueDeliveries);
    reads->m_connection = std::move(opened).value();
    ReadConnection &c = *reads->m_connection;
    const auto prepare = [&c](const std::string &sql) { return c.prepare(sql); };
    // The explicit state tests let SQLite use the partial index deliveries_live.
    const std::string live = liveDeliveries();
    reads->m_dueIds =
        prepare("SELECT id, due_at FROM deliveries WHERE state = ?1 AND endpoint_id = ?2 AND due_at <= ?3 "
                "AND " +
                live + " ORDER BY due_at LIMIT ?4");
    reads->m_nextDue =
        prepare("SELECT min(due_at) FROM deliveries WHERE state = ?1 AND endpoint_id = ?2 AND due_at > ?3 AND " + live);
    reads->m_details = prepare("SELECT d.parent_id, coalesce(d.store_id, ''), d.subscription_id, d.type, d.state, "
                               "d.attempts, coalesce(d.update_url, ''), m.payload, m.depth FROM deliveries d "
                               "JOIN messages m ON m.id = d.parent_id WHERE d.id = ?1 AND " +
                               liveDeliveries("d.state"));
    reads->m_revisions = prepare("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'actions_revision'");
    reads->m_degradedPercent =
        prepare("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'degraded_failure_percent'");
    reads->m_openAlert =
        prepare("SELECT detail, raised_at FROM alerts WHERE kind = ?1 AND subject = ?2 AND resolved_at IS NULL");
    return reads;
}

DueDeliveries::~DueDeliveries()
{
    // The statements before their connection.
    m_dueIds.reset();
    m_details.reset();
    m_nextDue.reset();
    m_revisions.reset();
    m_degradedPercent.reset();
    m_openAlert.reset();
}

Result<DueDeliveries::Due> DueDeliveries::due(qint64 endpointId, qint64 now, int want, int held, bool withPending,
                                              const std::unordered_set<std::string> &claimed)
{
    Due due;
    // Each state in due order, as many as wanted beyond those held, then merged.
    const qint64 rowsWanted = qint64(want) + qint64(held);
    for (DeliveryState state : dueStates) {
        if (state == DeliveryState::Pending && !withPending)
            continue;
        Statement &s = *m_dueIds;
        s.bind(1, std::string_view(deliveryStateName(state)));
        s.bind(2, endpointId);
        s.bind(3, now);
        s.bind(4, rowsWanted);
        qint64 rows = 0;
        while (true) {
            Result<bool> row = s.next();
            if (!row)
                return row.error();
            if (!*row)
                break;
            ++rows;
            std::string id(s.columnText(0));
            if (claimed.count(id) == 0)
                due.ids.emplace_back(s.columnInt64(1), std::move(id));
        }
        due.more = due.more || rows >= rowsWanted;
    }
    std::sort(due.ids.begin(), due.ids.end());
    if (due.ids.size() > size_t(want)) {
        due.ids.resize(size_t(want));
        due.more = true;
    }
    return due;
}

Result<std::optional<DueDeliveries::Details>> DueDeliveries::details(const std::string &id)
{
    Statement &s = *m_details;
    s.bind(1, id);
    Result<bool> row = s.next();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Details>();
    Details d;
    d.parentId = std::string(s.columnText(0));
    d.storeId = std::string(s.columnText(1));
    d.subscriptionId = s.columnInt64(2);
    d.type = std::string(s.columnText(3));
    d.state = deliveryStateFromName(s.columnText(4)).value_or(DeliveryState::Pending);
    d.attempts = int(s.columnInt64(5));
    const std::string_view url = s.columnText(6);
    d.updateUrl = QString::fromUtf8(url.data(), qsizetype(url.size()));
    d.payload = std::string(s.columnText(7));
    d.depth = int(s.columnInt64(8));
    s.reset();
    return std::optional<Details>(std::move(d));
}

DueDeliveries::Next DueDeliveries::nextDue(qint64 endpointId, qint64 now)
{
    Next next;
    for (DeliveryState state : dueStates) {
        Statement &s = *m_nextDue;
        s.bind(1, std::string_view(deliveryStateName(state)));
        s.bind(2, endpointId);
        s.bind(3, now);
        Result<bool> row = s.next();
        if (row && *row && !s.columnIsNull(0)) {
            if (state == DeliveryState::Pending)
                next.pendingLater = true;
            const qint64 at = s.columnInt64(0);
            next.at = next.at == 0 ? at : std::min(next.at, at);
        }
        s.reset();
    }
    return next;
}

std::optional<qint64> DueDeliveries::actionsRevision()
{
    Statement &s = *m_revisions;
    Result<bool> row = s.next();
    std::optional<qint64> revision;
    if (row && *row)
        revision = s.columnInt64(0);
    s.reset(); // a statement left stepped would keep this connection on an old snapshot
    return revision;
}

std::optional<int> DueDeliveries::degradedFailurePercent()
{
    Statement &s = *m_degradedPercent;
    Result<bool> row = s.next();
    std::optional<int> percent;
    if (row && *row)
        percent = int(s.columnInt64(0));
    s.reset();
    return percent;
}

std::optional<std::pair<QString, qint64>> DueDeliveries::openAlert(const QString &kind, const QString &endpointName)
{
    Statement &s = *m_openAlert;
    const QByteArray k = kind.toUtf8(), name = endpointName.toUtf8();
    s.bind(1, std::string_view(k.constData(), size_t(k.size())));
    s.bind(2, std::string_view(name.constData(), size_t(name.size())));
    std::optional<std::pair<QString, qint64>> alert;
    if (Result<bool> row = s.next(); row && *row) {
        const std::string_view detail = s.columnText(0);
        alert.emplace(QString::fromUtf8(detail.data(), qsizetype(detail.size())), s.columnInt64(1));
    }
    s.reset();
    return alert;
}

} // namespace engine
