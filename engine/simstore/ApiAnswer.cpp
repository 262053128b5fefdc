#include "ApiAnswer.h"

#include <QString>

#include <algorithm>

namespace engine::sim {

namespace {

int positive(const QUrlQuery &query, const char *key, int fallback, int most)
{
    bool ok = false;
    const int n = query.queryItemValue(QString::fromLatin1(key)).toInt(&ok);
    return ok && n >= 1 ? std::min(n, most) : fallback;
}

} // namespace

OrderQuery ransack(const QUrlQuery &query, bool orders, const char *sizeKey)
{
    OrderQuery q;
    if (auto t = parseIsoTime(queryValue(query, QStringLiteral("q[updated_at_gteq]"))))
        q.updatedFrom = *t;
    if (auto t = parseIsoTime(queryValue(query, QStringLiteral("q[updated_at_gt]"))))
        q.updatedAfter = *t;
    const std::string placed = queryValue(query, QStringLiteral("q[completed_at_not_null]"));
    q.placedOnly = orders && (placed == "1" || placed == "true");
    q.page = positive(query, "page", 1, 1'000'000);
    q.perPage = positive(query, sizeKey, 25, 100);
    return q;
}

} // namespace engine::sim
