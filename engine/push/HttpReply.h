#pragma once
// HTTP/1.1 responses as bytes, written straight to the socket QtHttpServer hands the push server. Every
// error body is JSON: {"error": "what is wrong", "errors": {...}} (DESIGN §5).

#include "core/Json.h"

#include <QByteArray>
#include <QString>

#include <initializer_list>
#include <utility>

namespace engine::HttpReply {

using Headers = std::initializer_list<std::pair<const char *, QByteArray>>;

const char *reasonPhrase(int status);
QByteArray make(int status, const QByteArray &jsonBody, bool keepAlive, Headers extra = {});
QByteArray json(int status, const Json &body, bool keepAlive, Headers extra = {});
QByteArray error(int status, const QString &message, bool keepAlive, const Json &errors = Json(), Headers extra = {});

} // namespace engine::HttpReply
