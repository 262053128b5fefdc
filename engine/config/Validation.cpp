#include "Validation.h"

#include "message/MessageType.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace engine::Validation {

namespace {

// Why a URL that QUrl refuses is wrong, in the owner's words rather than QUrl's (whose errorString() is
// "Invalid hostname (character ' ' not permitted); source was ..."): the part at fault and how to mend it.
QString urlProblem(const QString &url)
{
    const qsizetype afterScheme = url.indexOf(QLatin1String("://"));
    QString authority = afterScheme < 0 ? url : url.mid(afterScheme + 3);
    authority = authority.section(QRegularExpression(QStringLiteral("[/?#]")), 0, 0);
    authority = authority.section(QLatin1Char('@'), -1); // past user:password@
    QString host = authority, port;
    if (!host.startsWith(QLatin1Char('[')) && host.count(QLatin1Char(':')) == 1) {
        port = host.section(QLatin1Char(':'), 1);
        host = host.section(QLatin1Char(':'), 0, 0);
    }
    static const QRegularExpression hostName(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
                                                            "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?$"));
    if (!host.startsWith(QLatin1Char('[')) && !hostName.match(host).hasMatch())
        return QStringLiteral("the host name '%1' is not valid: use letters, digits, '-' and '.', like "
                              "shop.example.com, or an IP address")
            .arg(host);
    bool number = false;
    const int p = port.toInt(&number);
    if (!port.isEmpty() && (!number || p < 1 || p > 65535))
        return QStringLiteral("the port '%1' must be a number from 1 to 65535").arg(port);
    if (url.contains(QLatin1Char(' ')))
        return QStringLiteral("it has a space; write %20 for a space in a path");
    return QStringLiteral("it has characters a URL cannot hold");
}

} // namespace

Status httpUrl(const QString &field, const QString &url)
{
    if (url.trimmed().isEmpty())
        return fieldError(field, QStringLiteral("is required (an http:// or https:// address)"));
    if (!url.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) &&
        !url.startsWith(QLatin1String("https://"), Qt::CaseInsensitive))
        return fieldError(field, QStringLiteral("'%1' must start with http:// or https://").arg(url));
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return fieldError(field, QStringLiteral("'%1' is not a valid URL: %2").arg(url, urlProblem(url)));
    if (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https"))
        return fieldError(field, QStringLiteral("'%1' must start with http:// or https://").arg(url));
    if (parsed.host().isEmpty())
        return fieldError(field, QStringLiteral("'%1' has no host name").arg(url));
    if (parsed.hasFragment())
        return fieldError(field, QStringLiteral("'%1' must not have a #fragment").arg(url));
    return {};
}

Status name(const QString &field, const QString &value)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (value.isEmpty())
        return fieldError(field, QStringLiteral("is required"));
    if (!pattern.match(value).hasMatch()) {
        // A name the owner may take instead: "My Warehouse!" → "my-warehouse".
        QString suggestion = value.toLower();
        suggestion.replace(QRegularExpression(QStringLiteral("[^a-z0-9._-]+")), QStringLiteral("-"));
        suggestion.remove(QRegularExpression(QStringLiteral("^[._-]+|-+$")));
        suggestion = suggestion.left(64);
        return fieldError(
            field,
            QStringLiteral("'%1' must be at most 64 letters, digits, '.', '_' or '-' (no spaces), "
                           "starting with a letter or digit%2")
                .arg(value, suggestion.isEmpty() ? QString() : QStringLiteral(": '%1', for example").arg(suggestion)));
    }
    return {};
}

Status typePatterns(const QString &field, const QStringList &patterns)
{
    if (patterns.isEmpty())
        return fieldError(field, QStringLiteral("needs at least one type pattern, like order:new"));
    QSet<QString> seen;
    for (int i = 0; i < patterns.size(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(field).arg(i);
        if (Result<TypePattern> p = TypePattern::parse(patterns[i].toStdString()); !p)
            return p.error().prefixed(at);
        if (seen.contains(patterns[i]))
            return fieldError(at, QStringLiteral("'%1' is listed twice").arg(patterns[i]));
        seen.insert(patterns[i]);
    }
    return {};
}

} // namespace engine::Validation
