#include "EndpointReply.h"

namespace engine {

EndpointReply EndpointReply::parse(const QByteArray &body)
{
    EndpointReply reply;
    if (body.trimmed().isEmpty())
        return reply;
    const Json json = Json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (!json.is_object())
        return reply;

    if (const auto it = json.find("messages"); it != json.end() && it->is_array()) {
        for (const Json &m : *it)
            reply.messages.push_back(m);
    }
    if (const auto it = json.find("notifications"); it != json.end() && it->is_array()) {
        for (const Json &n : *it) {
            if (!n.is_object())
                continue;
            Notification notification;
            notification.level = toQString(n.value("level", std::string("info")));
            if (notification.level != QLatin1String("info") && notification.level != QLatin1String("warn") &&
                notification.level != QLatin1String("error"))
                notification.level =
                    notification.level == QLatin1String("warning") ? QStringLiteral("warn") : QStringLiteral("info");
            notification.subject = toQString(n.value("subject", std::string()));
            notification.description = toQString(n.value("description", std::string()));
            if (!notification.subject.isEmpty() || !notification.description.isEmpty())
                reply.notifications.push_back(notification);
        }
    }
    if (const auto it = json.find("parameters"); it != json.end() && it->is_array()) {
        for (const Json &p : *it) {
            if (p.is_object() && p.contains("name") && p["name"].is_string())
                reply.parameters.emplace_back(toQString(p["name"].get<std::string>()), p.value("value", Json()));
        }
    }
    const auto delay = json.find("delay");
    const auto updateUrl = json.find("update_url");
    if (delay != json.end() && updateUrl != json.end()) {
        if (delay->is_number() && delay->get<double>() >= 0 && updateUrl->is_string()) {
            reply.delaySeconds = int(std::min(delay->get<double>(), 7.0 * 24 * 3600));
            reply.updateUrl = toQString(updateUrl->get<std::string>());
        } else {
            reply.problem = QStringLiteral("the reply's delay and update_url were not a number and a string");
        }
    }
    return reply;
}

QString replyError(const QByteArray &body)
{
    const Json json = Json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (json.is_object()) {
        if (const auto it = json.find("error"); it != json.end()) {
            if (it->is_string())
                return toQString(it->get<std::string>());
            if (!it->is_null())
                return toQString(it->dump());
        }
    }
    return {};
}

} // namespace engine
