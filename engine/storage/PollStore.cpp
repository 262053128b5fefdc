#include "PollStore.h"

#include "SqlDialect.h"
#include "SqlError.h"
#include "Statement.h"
#include "WriteTransaction.h"
#include "core/Json.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

namespace {

std::string idsText(const std::set<std::string> &ids)
{
    Json list = Json::array();
    for (const std::string &id : ids)
        list.push_back(id);
    return list.dump();
}

std::set<std::string> idsFrom(const std::string &text)
{
    std::set<std::string> ids;
    const Json list = Json::parse(text, nullptr, false);
    if (list.is_array()) {
        for (const Json &id : list) {
            if (id.is_string())
                ids.insert(id.get<std::string>());
        }
    }
    return ids;
}

Heartbeat::State stateFrom(const QString &name)
{
    if (name == QLatin1String("ok"))
        return Heartbeat::State::Ok;
    if (name == QLatin1String("failing"))
        return Heartbeat::State::Failing;
    return Heartbeat::State::Unknown;
}

const char *const heartbeatColumns = "state, failures_in_row, coalesce(last_success_at, 0), "
                                     "coalesce(last_failure_at, 0), coalesce(last_error, ''), api_version_found";

} // namespace

void PollCursor::take(const std::string &at, const std::string &id)
{
    if (at != updatedAt) {
        updatedAt = at;
        ids.clear();
    }
    ids.insert(id);
}

PollStore::PollStore(WriteTransaction &tx) : m_tx(tx) {}

Status PollStore::saveCursor(const QString &storeId, const char *resource, const PollCursor &cursor)
{
    Statement &s = m_tx.statement("INSERT INTO poll_cursors (store_id, resource, updated_at, ids_at_cursor) "
                                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (store_id, resource) DO UPDATE SET "
                                  "updated_at = excluded.updated_at, ids_at_cursor = excluded.ids_at_cursor");
    const std::string store = storeId.toStdString(), ids = idsText(cursor.ids);
    s.bind(1, store);
    s.bind(2, std::string_view(resource));
    s.bindOptional(3, cursor.updatedAt);
    s.bind(4, ids);
    return s.run();
}

Result<bool> PollStore::moveCursor(const QString &storeId, const char *resource, const PollCursor &from,
                                   const PollCursor &to)
{
    // Locked, so that two engines moving the same cursor at once (one whose lease on the store had just run
    // out, one that took it over) take turns: the second reads the first's cursor once it committed.
    Statement &s = m_tx.statement(std::string("SELECT coalesce(updated_at, ''), ids_at_cursor FROM poll_cursors "
                                              "WHERE store_id = ?1 AND resource = ?2") +
                                  rowLock(dialectOf(m_tx.database())));
    const std::string store = storeId.toStdString();
    s.bind(1, store);
    s.bind(2, std::string_view(resource));
    Result<bool> row = s.next();
    if (!row)
        return row.error();
    PollCursor now;
    if (*row) {
        now.updatedAt = std::string(s.columnText(0));
        now.ids = idsFrom(std::string(s.columnText(1)));
        s.reset();
    }
    if (!(now == from))
        return false;
    if (Status ok = saveCursor(storeId, resource, to); !ok)
        return ok.error();
    return true;
}

Status PollStore::saveKnown(const QString &storeId, const char *resource, const std::string &objectId,
                            const std::string &updatedAt, const std::string &body)
{
    Statement &s = m_tx.statement("INSERT INTO known_objects (store_id, resource, object_id, updated_at, body) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (store_id, resource, object_id) DO UPDATE "
                                  "SET updated_at = excluded.updated_at, body = excluded.body");
    const std::string store = storeId.toStdString();
    s.bind(1, store);
    s.bind(2, std::string_view(resource));
    s.bind(3, objectId);
    s.bindOptional(4, updatedAt);
    s.bind(5, body);
    return s.run();
}

Result<Heartbeat> PollStore::heartbeat(const QString &storeId)
{
    Statement &s =
        m_tx.statement(std::string("SELECT ") + heartbeatColumns + " FROM store_heartbeats WHERE store_id = ?1");
    const std::string store = storeId.toStdString();
    s.bind(1, store);
    Result<bool> row = s.next();
    if (!row)
        return row.error();
    Heartbeat h;
    if (*row) {
        const auto text = [&s](int c) {
            const std::string_view v = s.columnText(c);
            return QString::fromUtf8(v.data(), qsizetype(v.size()));
        };
        h.state = stateFrom(text(0));
        h.failuresInRow = int(s.columnInt64(1));
        h.lastSuccessAt = s.columnInt64(2);
        h.lastFailureAt = s.columnInt64(3);
        h.lastError = text(4);
        h.apiVersionFound = text(5);
        s.reset();
    }
    return h;
}

Result<Heartbeat> PollStore::succeeded(const QString &storeId, qint64 nowMs)
{
    Statement &s = m_tx.statement("INSERT INTO store_heartbeats (store_id, state, failures_in_row, last_success_at) "
                                  "VALUES (?1, 'ok', 0, ?2) ON CONFLICT (store_id) DO UPDATE SET state = 'ok', "
                                  "failures_in_row = 0, last_success_at = excluded.last_success_at");
    const std::string store = storeId.toStdString();
    s.bind(1, store);
    s.bind(2, nowMs);
    if (Status ok = s.run(); !ok)
        return ok.error();
    return heartbeat(storeId);
}

Result<Heartbeat> PollStore::failed(const QString &storeId, const QString &reason, qint64 nowMs)
{
    Statement &s = m_tx.statement(
        "INSERT INTO store_heartbeats (store_id, state, failures_in_row, last_failure_at, last_error) "
        "VALUES (?1, 'failing', 1, ?2, ?3) ON CONFLICT (store_id) DO UPDATE SET state = 'failing', "
        "failures_in_row = store_heartbeats.failures_in_row + 1, last_failure_at = excluded.last_failure_at, "
        "last_error = excluded.last_error");
    const std::string store = storeId.toStdString(), why = reason.toStdString();
    s.bind(1, store);
    s.bind(2, nowMs);
    s.bind(3, why);
    if (Status ok = s.run(); !ok)
        return ok.error();
    return heartbeat(storeId);
}

Status PollStore::setApiVersionFound(const QString &storeId, const QString &version)
{
    Statement &s =
        m_tx.statement("INSERT INTO store_heartbeats (store_id, api_version_found) VALUES (?1, ?2) "
                       "ON CONFLICT (store_id) DO UPDATE SET api_version_found = excluded.api_version_found");
    const std::string store = storeId.toStdString(), v = version.toStdString();
    s.bind(1, store);
    s.bind(2, v);
    return s.run();
}

Result<PollCursor> PollStore::cursor(QSqlDatabase database, const QString &storeId, const char *resource)
{
    QSqlQuery q(database);
    q.prepare(QStringLiteral("SELECT coalesce(updated_at, ''), ids_at_cursor FROM poll_cursors "
                             "WHERE store_id = ? AND resource = ?"));
    q.addBindValue(storeId);
    q.addBindValue(QString::fromLatin1(resource));
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read where polling got to"), q.lastError());
    PollCursor c;
    if (q.next()) {
        c.updatedAt = q.value(0).toString().toStdString();
        c.ids = idsFrom(q.value(1).toString().toStdString());
    }
    return c;
}

Result<std::optional<std::string>> PollStore::known(QSqlDatabase database, const QString &storeId, const char *resource,
                                                    const std::string &objectId)
{
    QSqlQuery q(database);
    q.prepare(QStringLiteral("SELECT body FROM known_objects WHERE store_id = ? AND resource = ? AND object_id = ?"));
    q.addBindValue(storeId);
    q.addBindValue(QString::fromLatin1(resource));
    q.addBindValue(QString::fromStdString(objectId));
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read the last copy of %1").arg(QString::fromStdString(objectId)),
                        q.lastError());
    if (!q.next())
        return std::optional<std::string>();
    return std::optional<std::string>(q.value(0).toString().toStdString());
}

Result<Heartbeat> PollStore::heartbeat(QSqlDatabase database, const QString &storeId)
{
    QSqlQuery q(database);
    q.prepare(
        QStringLiteral("SELECT %1 FROM store_heartbeats WHERE store_id = ?").arg(QLatin1String(heartbeatColumns)));
    q.addBindValue(storeId);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read the store's heartbeat"), q.lastError());
    Heartbeat h;
    if (q.next()) {
        h.state = stateFrom(q.value(0).toString());
        h.failuresInRow = q.value(1).toInt();
        h.lastSuccessAt = q.value(2).toLongLong();
        h.lastFailureAt = q.value(3).toLongLong();
        h.lastError = q.value(4).toString();
        h.apiVersionFound = q.value(5).toString();
    }
    return h;
}

} // namespace engine
