#pragma once
// The stores' push tokens, for checking requests. Read from the database and read again when the
// configuration revision moves: looked at every 200 ms at most while tokens match, and at once before a
// request is refused, so that a store or token made a moment ago is never turned away.
// Lives on the push server's thread, with a read connection of its own.

#include "core/Result.h"

#include <QByteArray>
#include <QString>

#include <map>
#include <memory>

namespace engine {

class Connection;

class StoreCredentials {
public:
    enum class Check { Accepted, UnknownStore, MissingToken, WrongToken, Unavailable };

    explicit StoreCredentials(QString databasePath);
    ~StoreCredentials();

    Status open();
    // Tokens are compared in constant time.
    Check check(const QString &store, const QByteArray &token);

private:
    Status refresh(bool force);
    Check compare(const QString &store, const QByteArray &token) const;

    QString m_path;
    std::unique_ptr<Connection> m_connection;
    qint64 m_revision = -1;
    qint64 m_checkedAtMs = 0;
    std::map<QString, QByteArray> m_tokens;
};

} // namespace engine
