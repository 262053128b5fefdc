#include "Store.h"

#include "FieldReader.h"
#include "Validation.h"

#include <QRegularExpression>

namespace engine {

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
    }
    return {};
}

Json Store::toJson() const
{
    return Json{{"id", toStdString(id)},
                {"name", toStdString(name)},
                {"push_token", toStdString(pushToken)},
                {"api_url", toStdString(apiUrl)},
                {"api_token", toStdString(apiToken)},
                {"poll", {{"orders_s", poll.ordersS}, {"users_s", poll.usersS}, {"products_s", poll.productsS}}}};
}

Result<Store> Store::fromJson(const Json &json)
{
    Store s;
    FieldReader r(json);
    r.onlyKeys({"id", "name", "push_token", "api_url", "api_token", "poll"})
        .string("id", s.id, Presence::Required)
        .string("name", s.name)
        .string("push_token", s.pushToken)
        .string("api_url", s.apiUrl)
        .string("api_token", s.apiToken);
    if (const Json *poll = r.find("poll")) {
        constexpr int week = 7 * 24 * 3600;
        FieldReader p(*poll);
        p.onlyKeys({"orders_s", "users_s", "products_s"})
            .integer("orders_s", s.poll.ordersS, 5, week)
            .integer("users_s", s.poll.usersS, 5, week)
            .integer("products_s", s.poll.productsS, 5, week);
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
