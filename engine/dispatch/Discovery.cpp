#include "Discovery.h"

#include "HttpSender.h"
#include "config/FieldReader.h"
#include "core/BlockingHttp.h"

namespace engine {

namespace {

const QStringList dataTypes{QStringLiteral("string"), QStringLiteral("boolean"), QStringLiteral("integer"),
                            QStringLiteral("number"), QStringLiteral("list"),    QStringLiteral("object")};

bool hasType(const Json &value, const QString &type)
{
    if (type == QLatin1String("string"))
        return value.is_string();
    if (type == QLatin1String("boolean"))
        return value.is_boolean();
    if (type == QLatin1String("integer"))
        return value.is_number_integer();
    if (type == QLatin1String("number"))
        return value.is_number();
    if (type == QLatin1String("list"))
        return value.is_array();
    return value.is_object();
}

Result<ServiceParameter> parameterFromJson(const Json &json)
{
    ServiceParameter p;
    FieldReader r(json);
    r.onlyKeys({"name", "description", "data_type", "default", "allowed", "optional"})
        .string("name", p.name, Presence::Required)
        .string("description", p.description)
        .string("data_type", p.dataType)
        .boolean("optional", p.optional);
    if (!r.ok())
        return r.error();
    if (!dataTypes.contains(p.dataType)) {
        return fieldError(
            QStringLiteral("data_type"),
            QStringLiteral("'%1' is not one of %2").arg(p.dataType, dataTypes.join(QStringLiteral(", "))));
    }
    if (const Json *allowed = r.find("allowed")) {
        if (!allowed->is_array())
            return fieldError(QStringLiteral("allowed"), QStringLiteral("must be a list of values"));
        for (const Json &v : *allowed) {
            if (!hasType(v, p.dataType))
                return fieldError(QStringLiteral("allowed"),
                                  QStringLiteral("holds %1, not a %2").arg(toQString(v.dump()), p.dataType));
            p.allowed.push_back(v);
        }
    }
    if (const Json *def = r.find("default")) {
        p.defaultValue = *def;
        if (Status ok = p.check(*def); !ok)
            return fieldError(QStringLiteral("default"), ok.error().message);
    }
    return p;
}

} // namespace

Status ServiceParameter::check(const Json &value) const
{
    if (!hasType(value, dataType))
        return fieldError(name, QStringLiteral("must be a %1, got %2").arg(dataType, describeJsonType(value)));
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
        QStringList choices;
        for (const Json &a : allowed)
            choices << toQString(a.dump());
        return fieldError(name, QStringLiteral("must be one of %1").arg(choices.join(QStringLiteral(", "))));
    }
    return {};
}

Result<EndpointDescription> EndpointDescription::fromJson(const Json &json)
{
    EndpointDescription d;
    FieldReader r(json);
    r.string("name", d.name, Presence::Required).string("display", d.display).string("description", d.description);
    if (!r.ok())
        return r.error();
    const Json *services = r.find("services");
    if (!services || !services->is_array() || services->empty())
        return fieldError(QStringLiteral("services"), QStringLiteral("must list at least one service"));
    for (size_t i = 0; i < services->size(); ++i) {
        const QString at = QStringLiteral("services[%1]").arg(i);
        const Json &s = (*services)[i];
        ServiceDescription service;
        FieldReader sr(s);
        sr.string("name", service.name, Presence::Required)
            .string("path", service.path)
            .string("description", service.description);
        if (!sr.ok())
            return sr.error().prefixed(at);
        if (!service.path.startsWith(QLatin1Char('/')))
            return fieldError(at + QStringLiteral(".path"), QStringLiteral("must start with /"));
        if (const Json *requires_ = sr.find("requires")) {
            const auto params = requires_->is_object() ? requires_->find("parameters") : requires_->end();
            if (params != requires_->end() && params->is_array()) {
                for (size_t j = 0; j < params->size(); ++j) {
                    Result<ServiceParameter> p = parameterFromJson((*params)[j]);
                    if (!p)
                        return p.error().prefixed(at + QStringLiteral(".requires.parameters[%1]").arg(j));
                    service.parameters.push_back(std::move(p).value());
                }
            }
        }
        if (const Json *recommends = sr.find("recommends"); recommends && recommends->is_object()) {
            FieldReader rr(*recommends);
            rr.stringList("messages", service.messages).filterRules("filters", service.filters);
            if (const Json *ids = rr.find("identifiers")) {
                Result<std::vector<Identifier>> identifiers = Subscription::identifiersFromJson(*ids);
                if (!identifiers)
                    return identifiers.error().prefixed(at + QStringLiteral(".recommends.identifiers"));
                service.identifiers = std::move(identifiers).value();
            }
            if (const Json *options = rr.find("options"); options && options->is_object())
                service.retriesAllowed = options->value("retries_allowed", true);
            if (!rr.ok())
                return rr.error().prefixed(at + QStringLiteral(".recommends"));
        }
        d.services.push_back(std::move(service));
    }
    return d;
}

const ServiceDescription *EndpointDescription::service(const QString &name) const
{
    for (const ServiceDescription &s : services) {
        if (s.name == name)
            return &s;
    }
    return nullptr;
}

Result<EndpointDescription> Discovery::fetch(const QString &baseUrl, int timeoutMs, const QString &caFile)
{
    QString url = baseUrl;
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    url += QStringLiteral("/endpoint.json");
    BlockingHttp http(caFile);
    BlockingHttp::Request request;
    request.url = url.toUtf8();
    request.timeoutMs = timeoutMs;
    request.maxBodyBytes = 1024 * 1024; // a description is small; a runaway answer is cut off
    const BlockingHttp::Answer answer = http.send(request);
    if (answer.status == 0)
        return runtimeError(QStringLiteral("cannot read %1: %2").arg(url, answer.error));
    const long status = answer.status;
    const QByteArray &body = answer.body;
    if (status != 200)
        return Error{
            QStringLiteral("%1 answered %2; the endpoint does not describe itself there").arg(url).arg(status)};
    const Json json = Json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (json.is_discarded())
        return Error{QStringLiteral("%1 is not JSON").arg(url)};
    Result<EndpointDescription> d = EndpointDescription::fromJson(json);
    if (!d)
        return d.error().prefixed(QStringLiteral("endpoint.json"));
    return d;
}

Result<Subscription> Discovery::subscriptionFor(const QString &endpointName, const ServiceDescription &service,
                                                const std::map<QString, Json> &values)
{
    Subscription s;
    s.endpoint = endpointName;
    s.path = service.path;
    s.messages = service.messages.isEmpty() ? QStringList{QStringLiteral("*")} : service.messages;
    s.filters = service.filters;
    s.identifiers = service.identifiers;
    s.retries.allowed = service.retriesAllowed;
    for (const auto &given : values) {
        const QString &name = given.first; // not a structured binding: clang 14 cannot capture one
        const bool known = std::any_of(service.parameters.begin(), service.parameters.end(),
                                       [&](const ServiceParameter &p) { return p.name == name; });
        if (!known)
            return fieldError(QStringLiteral("parameters.") + name,
                              QStringLiteral("is not a parameter of %1").arg(service.name));
    }
    for (const ServiceParameter &p : service.parameters) {
        const auto given = values.find(p.name);
        Json value;
        if (given != values.end() && !given->second.is_null())
            value = given->second;
        else if (!p.defaultValue.is_null())
            value = p.defaultValue;
        else if (p.optional)
            continue;
        else
            return fieldError(QStringLiteral("parameters.") + p.name, QStringLiteral("is required"));
        if (Status ok = p.check(value); !ok)
            return ok.error().prefixed(QStringLiteral("parameters"));
        s.parameters.push_back({p.name, value});
    }
    if (Status ok = s.validate(); !ok)
        return ok.error();
    return s;
}

} // namespace engine
