#pragma once
// What the simulated store answers to one API request, before it becomes HTTP: a status, a JSON body and
// any extra headers. The renderings of both APIs are pure functions to this, tested without sockets.

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

} // namespace engine::sim
