#include "PgAddress.h"

#include "storage/SqlError.h"

#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>

namespace engine {

bool PgAddress::isPostgres(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) || location.startsWith(QLatin1String("postgres://"));
}

Result<PgAddress> PgAddress::parse(const QString &url)
{
    if (!isPostgres(url))
        return Error{QStringLiteral("'%1' is not a PostgreSQL URL: it starts with postgresql://").arg(url)};
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid())
        return Error{QStringLiteral("'%1' is not a valid URL: %2").arg(url, u.errorString())};
    PgAddress a;
    a.host = u.host(QUrl::FullyDecoded);
    if (u.port() == 0)
        return Error{QStringLiteral("the PostgreSQL URL's port must be from 1 to 65535")};
    a.port = u.port() > 0 ? u.port() : 0;
    a.user = u.userName(QUrl::FullyDecoded);
    a.password = u.password(QUrl::FullyDecoded);
    QString path = u.path(QUrl::FullyDecoded);
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (path.contains(QLatin1Char('/')))
        return Error{QStringLiteral("the PostgreSQL URL names one database after the host, not '%1'").arg(path)};
    a.database = path;
    for (const auto &[key, value] : QUrlQuery(u).queryItems(QUrl::FullyDecoded)) {
        if (key.isEmpty() || key.contains(QLatin1Char(' ')) || value.contains(QLatin1Char(';')))
            return Error{QStringLiteral("the PostgreSQL URL's parameter '%1=%2' cannot be passed on").arg(key, value)};
        a.options << key + QLatin1Char('=') + value;
    }
    return a;
}

QString PgAddress::display() const
{
    QString text = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        text += user + QLatin1Char('@');
    text += host;
    if (port)
        text += QLatin1Char(':') + QString::number(port);
    text += QLatin1Char('/') + database;
    if (!options.isEmpty())
        text += QLatin1Char('?') + options.join(QLatin1Char('&'));
    return text;
}

Result<QSqlDatabase> PgAddress::open(const QString &connectionName) const
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return runtimeError(QStringLiteral("cannot open %1: Qt's PostgreSQL driver is not installed (Debian package "
                                           "libqt6sql6-psql)")
                                .arg(display()));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    // Empty parts are not given to libpq, which then takes them from the environment and the password file.
    db.setHostName(host);
    if (port)
        db.setPort(port);
    db.setDatabaseName(database);
    db.setUserName(user);
    db.setPassword(password);
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open())
        return sqlError(QStringLiteral("cannot open %1").arg(display()), db.lastError());
    return db;
}

} // namespace engine
