#include "Store.h"

#include "FieldReader.h"
#include "Validation.h"

#include <QDateTime>
#include <QRegularExpression>

namespace engine {

const char *apiVersionName(ApiVersion version)
{
    switch (version) {
    case ApiVersion::V1:
        return "v1";
    case ApiVersion::V3:
        return "v3";
    case ApiVersion::Auto:
        break;
    }
    return "auto";
}

std::optional<ApiVersion> apiVersionFromName(std::string_view name)
{
    for (ApiVersion v : {ApiVersion::Auto, ApiVersion::V1, ApiVersion::V3}) {
        if (name == apiVersionName(v))
            return v;
    }
    return std::nullopt;
}

Status Store::validate() const
{
    static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,63}$"));
    if (id.isEmpty())
        return fieldError(QStringLiteral("id"), QStringLiteral("is required"));
    if (!idPattern.match(id).hasMatch()) {
        return fieldError(QStringLiteral("id"), QStringLiteral("'%1' must be at most 64 lower-case letters, digits, "
                                                               "'_' or '-', starting with a letter or digit")
                                                    .arg(id));
    }
    if (name.trimmed().isEmpty())
        return fieldError(QStringLiteral("name"), QStringLiteral("is required"));
    if (pushToken.size() < 16)
        return fieldError(QStringLiteral("push_token"), QStringLiteral("must be at least 16 characters"));
    for (QChar c : pushToken) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return fieldError(QStringLiteral("push_token"), QStringLiteral("must be printable ASCII without spaces"));
    }
    if (!apiUrl.isEmpty()) {
        if (Status ok = Validation::httpUrl(QStringLiteral("api_url"), apiUrl); !ok)
            return ok;
        if (apiKey.isEmpty())
            return fieldError(QStringLiteral("api_key"), QStringLiteral("is required to poll the store's API"));
    }
    for (QChar c : apiKey) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return fieldError(QStringLiteral("api_key"), QStringLiteral("must be printable ASCII without spaces"));
    }
    if (apiVersion == ApiVersion::V3 && !apiKey.isEmpty() && !apiKey.startsWith(QLatin1String("sk_")))
        return fieldError(QStringLiteral("api_key"),
                          QStringLiteral("the Admin API (v3) takes a secret key, which starts with sk_"));
    if (poll.since != QLatin1String("now") && !QDateTime::fromString(poll.since, Qt::ISODateWithMs).isValid() &&
        !QDateTime::fromString(poll.since, Qt::ISODate).isValid())
        return fieldError(
            QStringLiteral("poll.since"),
            QStringLiteral("'%1' must be \"now\" or an ISO 8601 time such as 2026-01-31T00:00:00Z").arg(poll.since));
    return {};
}

Json Store::toJson() const
{
    return Json{{"id", toStdString(id)},
                {"name", toStdString(name)},
                {"push_token", toStdString(pushToken)},
                {"api_url", toStdString(apiUrl)},
                {"api_key", toStdString(apiKey)},
                {"api_version", apiVersionName(apiVersion)},
                {"poll",
                 {{"enabled", poll.enabled},
                  {"orders_s", poll.ordersS},
                  {"customers_s", poll.customersS},
                  {"products_s", poll.productsS},
                  {"since", toStdString(poll.since)},
                  {"requests_per_minute", poll.requestsPerMinute}}}};
}

Result<Store> Store::fromJson(const Json &json)
{
    Store s;
    FieldReader r(json);
    QString version = QStringLiteral("auto");
    r.onlyKeys({"id", "name", "push_token", "api_url", "api_key", "api_token", "api_version", "poll"})
        .string("id", s.id, Presence::Required)
        .string("name", s.name)
        .string("push_token", s.pushToken)
        .string("api_url", s.apiUrl)
        .string("api_token", s.apiKey) // the older name
        .string("api_key", s.apiKey)
        .string("api_version", version);
    if (!r.ok())
        return r.error();
    const std::optional<ApiVersion> parsed = apiVersionFromName(version.toStdString());
    if (!parsed)
        return fieldError(QStringLiteral("api_version"), QStringLiteral("'%1' must be v1, v3 or auto").arg(version));
    s.apiVersion = *parsed;
    if (const Json *poll = r.find("poll")) {
        constexpr int week = 7 * 24 * 3600;
        FieldReader p(*poll);
        p.onlyKeys({"enabled", "orders_s", "customers_s", "users_s", "products_s", "since", "requests_per_minute"})
            .boolean("enabled", s.poll.enabled)
            .integer("orders_s", s.poll.ordersS, 5, week)
            .integer("users_s", s.poll.customersS, 5, week) // the older name
            .integer("customers_s", s.poll.customersS, 5, week)
            .integer("products_s", s.poll.productsS, 5, week)
            .string("since", s.poll.since)
            .integer("requests_per_minute", s.poll.requestsPerMinute, 1, 6000);
        if (!p.ok())
            return p.error().prefixed(QStringLiteral("poll"));
    }
    if (!r.ok())
        return r.error();
    if (s.name.isEmpty())
        s.name = s.id;
    return s;
}

} // namespace engine
