#include "Validation.h"

#include "message/MessageType.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace engine::Validation {

Status httpUrl(const QString &field, const QString &url)
{
    if (url.trimmed().isEmpty())
        return fieldError(field, QStringLiteral("is required (an http:// or https:// address)"));
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid())
        return fieldError(field, QStringLiteral("'%1' is not a valid URL: %2").arg(url, parsed.errorString()));
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
        return fieldError(field, QStringLiteral("'%1' must be at most 64 letters, digits, '.', '_' or '-', "
                                                "starting with a letter or digit")
                                     .arg(value));
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
