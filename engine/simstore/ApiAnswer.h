#pragma once
// What the simulated store answers to one API request, before it becomes HTTP: a status, a JSON body and
// any extra headers. The renderings of both APIs are pure functions to this, tested without sockets.

#include "Catalogue.h"
#include "core/Json.h"

#include <QByteArray>
#include <QUrlQuery>

#include <utility>
#include <vector>

namespace engine::sim {

struct ApiAnswer {
    int status = 200;
    Json body = Json::object();
    std::vector<std::pair<QByteArray, QByteArray>> headers;
};

// The query's value for `key` ("" when absent), decoded.
inline std::string queryValue(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded).toStdString();
}

// What both APIs read the same way from a list's query: Ransack's q[updated_at_gteq], q[updated_at_gt] and, for
// orders, q[completed_at_not_null] (any other filter is ignored, silently, as Ransack does), the page and its
// size (`sizeKey`: v1's per_page, v3's limit; 25 by default, at most 100). The sort is each API's own.
OrderQuery ransack(const QUrlQuery &query, bool orders, const char *sizeKey);

// A time that may be missing, and text that may be empty, as null.
inline Json nullable(qint64 ms)
{
    return ms ? Json(isoTime(ms)) : Json();
}
inline Json nullable(const std::string &text)
{
    return text.empty() ? Json() : Json(text);
}

} // namespace engine::sim
