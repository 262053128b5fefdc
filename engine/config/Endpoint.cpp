#include "Endpoint.h"

#include "FieldReader.h"
#include "Validation.h"

#include <QByteArray>

namespace engine {

const char *endpointStateName(EndpointState state)
{
    switch (state) {
    case EndpointState::Active:
        return "active";
    case EndpointState::Paused:
        return "paused";
    case EndpointState::Disabled:
        return "disabled";
    }
    return "active";
}

std::optional<EndpointState> endpointStateFromName(std::string_view name)
{
    for (EndpointState s : {EndpointState::Active, EndpointState::Paused, EndpointState::Disabled}) {
        if (name == endpointStateName(s))
            return s;
    }
    return std::nullopt;
}

Problems Endpoint::problems() const
{
    Problems found;
    if (Status ok = Validation::name(QStringLiteral("name"), name); !ok)
        found.push_back(ok.error());
    if (Status ok = Validation::httpUrl(QStringLiteral("url"), url); !ok)
        found.push_back(ok.error());
    if (!signingSecret.isEmpty()) {
        const QString prefix = QStringLiteral("whsec_");
        const QString encoded = signingSecret.startsWith(prefix) ? signingSecret.mid(prefix.size()) : QString();
        const auto decoded =
            QByteArray::fromBase64Encoding(encoded.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (encoded.isEmpty() || !decoded || decoded.decoded.size() < 24 || decoded.decoded.size() > 64) {
            found.push_back(
                fieldError(QStringLiteral("signing_secret"),
                           QStringLiteral("must be \"whsec_\" followed by the base64 of 24 to 64 random bytes "
                                          "(the Standard Webhooks form), or empty for no signature")));
        }
    }
    if (timeoutS < 1 || timeoutS > 600)
        found.push_back(fieldError(QStringLiteral("timeout_s"), QStringLiteral("must be between 1 and 600 seconds")));
    if (concurrency < 1 || concurrency > 64)
        found.push_back(fieldError(QStringLiteral("concurrency"), QStringLiteral("must be between 1 and 64")));
    return found;
}

Json Endpoint::toJson() const
{
    Json j{{"name", toStdString(name)},
           {"url", toStdString(url)},
           {"token", toStdString(token)},
           {"signing_secret", toStdString(signingSecret)},
           {"timeout_s", timeoutS},
           {"concurrency", concurrency},
           {"enabled", state != EndpointState::Disabled}};
    if (state == EndpointState::Paused)
        j["paused"] = true;
    return j;
}

Result<Endpoint> Endpoint::fromJson(const Json &json)
{
    Endpoint e;
    bool enabled = true;
    bool paused = false;
    FieldReader r(json);
    r.onlyKeys({"name", "url", "token", "signing_secret", "timeout_s", "concurrency", "enabled", "paused"})
        .string("name", e.name, Presence::Required)
        .string("url", e.url, Presence::Required)
        .string("token", e.token)
        .string("signing_secret", e.signingSecret)
        .integer("timeout_s", e.timeoutS, 1, 600)
        .integer("concurrency", e.concurrency, 1, 64)
        .boolean("enabled", enabled)
        .boolean("paused", paused);
    if (!r.ok())
        return r.error();
    e.state = !enabled ? EndpointState::Disabled : (paused ? EndpointState::Paused : EndpointState::Active);
    return e;
}

} // namespace engine
