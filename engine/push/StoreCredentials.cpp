#include "StoreCredentials.h"

#include "core/Secret.h"
#include "database/Connection.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace engine {

StoreCredentials::StoreCredentials(QString databasePath) : m_path(std::move(databasePath)) {}

StoreCredentials::~StoreCredentials() = default;

Status StoreCredentials::open()
{
    Result<std::unique_ptr<Connection>> c = Connection::open(m_path, Connection::Mode::Read);
    if (!c)
        return c.error();
    m_connection = std::move(c).value();
    return refresh(true);
}

Status StoreCredentials::refresh(bool force)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!force && now - m_checkedAtMs < 200)
        return {};
    m_checkedAtMs = now;
    QSqlQuery q(m_connection->database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'config_revision'")) ||
        !q.next())
        return sqlError(QStringLiteral("cannot read the configuration revision"), q.lastError());
    const qint64 revision = q.value(0).toLongLong();
    if (revision == m_revision)
        return {};
    if (!q.exec(QStringLiteral("SELECT id, push_token FROM stores")))
        return sqlError(QStringLiteral("cannot read the stores"), q.lastError());
    std::map<QString, QByteArray> tokens;
    while (q.next())
        tokens[q.value(0).toString()] = q.value(1).toString().toUtf8();
    m_tokens = std::move(tokens);
    m_revision = revision;
    return {};
}

StoreCredentials::Check StoreCredentials::compare(const QString &store, const QByteArray &token) const
{
    const auto it = m_tokens.find(store);
    if (it == m_tokens.end())
        return Check::UnknownStore;
    if (token.isEmpty())
        return Check::MissingToken;
    return Secret::equal(token, it->second) ? Check::Accepted : Check::WrongToken;
}

StoreCredentials::Check StoreCredentials::check(const QString &store, const QByteArray &token)
{
    if (!refresh(false))
        return Check::Unavailable;
    const Check first = compare(store, token);
    if (first == Check::Accepted || first == Check::MissingToken)
        return first;
    if (!refresh(true))
        return Check::Unavailable;
    return compare(store, token);
}

} // namespace engine
