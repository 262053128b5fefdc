#include "HttpReply.h"

namespace engine::HttpReply {

const char *reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Entity";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

QByteArray make(int status, const QByteArray &jsonBody, bool keepAlive, Headers extra)
{
    QByteArray out;
    out.reserve(160 + jsonBody.size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\nContent-Type: application/json\r\nContent-Length: ";
    out += QByteArray::number(jsonBody.size());
    out += keepAlive ? "\r\nConnection: keep-alive\r\n" : "\r\nConnection: close\r\n";
    for (const auto &[name, value] : extra) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "\r\n";
    out += jsonBody;
    return out;
}

QByteArray json(int status, const Json &body, bool keepAlive, Headers extra)
{
    return make(status, QByteArray::fromStdString(body.dump()), keepAlive, extra);
}

QByteArray error(int status, const QString &message, bool keepAlive, const Json &errors, Headers extra)
{
    Json body{{"error", message.toStdString()}};
    if (!errors.is_null())
        body["errors"] = errors;
    return json(status, body, keepAlive, extra);
}

} // namespace engine::HttpReply
