#include "Configuration.h"

#include "FieldReader.h"
#include "core/Secret.h"

#include <QSet>

namespace engine {

namespace {

template <typename Record> void validateEach(const std::vector<Record> &records, const char *section, Problems &found)
{
    for (size_t i = 0; i < records.size(); ++i) {
        if (Status ok = records[i].validate(); !ok)
            found.push_back(ok.error().prefixed(QStringLiteral("%1[%2]").arg(QLatin1String(section)).arg(i)));
    }
}

template <typename Record, typename Key>
void uniqueKeys(const std::vector<Record> &records, const char *section, const char *keyName, Key key, Problems &found)
{
    QSet<QString> seen;
    for (size_t i = 0; i < records.size(); ++i) {
        const QString value = key(records[i]);
        if (seen.contains(value)) {
            found.push_back(
                fieldError(QStringLiteral("%1[%2].%3").arg(QLatin1String(section)).arg(i).arg(QLatin1String(keyName)),
                           QStringLiteral("'%1' is used by an earlier %2 entry").arg(value, QLatin1String(section))));
        }
        seen.insert(value);
    }
}

template <typename Record> Result<std::vector<Record>> readSection(const Json &json, const char *section)
{
    std::vector<Record> records;
    const auto it = json.find(section);
    if (it == json.end() || it->is_null())
        return records;
    if (!it->is_array())
        return fieldError(QLatin1String(section), QStringLiteral("must be a list, got %1").arg(describeJsonType(*it)));
    for (size_t i = 0; i < it->size(); ++i) {
        Result<Record> record = Record::fromJson((*it)[i]);
        if (!record)
            return record.error().prefixed(QStringLiteral("%1[%2]").arg(QLatin1String(section)).arg(i));
        records.push_back(std::move(record).value());
    }
    return records;
}

template <typename Record> Json writeSection(const std::vector<Record> &records)
{
    Json list = Json::array();
    for (const Record &r : records)
        list.push_back(r.toJson());
    return list;
}

} // namespace

Problems Configuration::problems(const Configuration *context) const
{
    Problems found;
    validateEach(stores, "stores", found);
    validateEach(endpoints, "endpoints", found);
    validateEach(subscriptions, "subscriptions", found);
    validateEach(consumers, "consumers", found);
    uniqueKeys(
        stores, "stores", "id", [](const Store &s) { return s.id; }, found);
    uniqueKeys(
        endpoints, "endpoints", "name", [](const Endpoint &e) { return e.name; }, found);
    uniqueKeys(
        consumers, "consumers", "name", [](const Consumer &c) { return c.name; }, found);
    const Configuration &names = context ? *context : *this;
    for (size_t i = 0; i < subscriptions.size(); ++i) {
        const Subscription &s = subscriptions[i];
        const QString at = QStringLiteral("subscriptions[%1]").arg(i);
        if (!s.endpoint.isEmpty() && !endpoint(s.endpoint) && !names.endpoint(s.endpoint))
            found.push_back(fieldError(at + QStringLiteral(".endpoint"),
                                       QStringLiteral("no endpoint is named '%1'").arg(s.endpoint)));
        if (!s.store.isEmpty() && !store(s.store) && !names.store(s.store))
            found.push_back(
                fieldError(at + QStringLiteral(".store"), QStringLiteral("no store has the id '%1'").arg(s.store)));
        for (size_t j = 0; j < i; ++j) {
            if (subscriptions[j].sendsTheSameAs(s)) {
                found.push_back(fieldError(at, QStringLiteral("sends the same messages as subscriptions[%1] (%2), so "
                                                              "each would be delivered twice; keep one of them")
                                                   .arg(j)
                                                   .arg(s.description())));
                break;
            }
        }
    }
    return found;
}

const Store *Configuration::store(const QString &id) const
{
    for (const Store &s : stores) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

const Endpoint *Configuration::endpoint(const QString &name) const
{
    for (const Endpoint &e : endpoints) {
        if (e.name == name)
            return &e;
    }
    return nullptr;
}

const Consumer *Configuration::consumer(const QString &name) const
{
    for (const Consumer &c : consumers) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

void Configuration::generateMissingTokens()
{
    for (Store &s : stores) {
        if (s.pushToken.isEmpty())
            s.pushToken = Secret::newToken();
    }
}

Json Configuration::toJson() const
{
    return Json{{"version", FileVersion},
                {"stores", writeSection(stores)},
                {"endpoints", writeSection(endpoints)},
                {"subscriptions", writeSection(subscriptions)},
                {"consumers", writeSection(consumers)}};
}

Result<Configuration> Configuration::fromJson(const Json &json)
{
    int version = FileVersion;
    FieldReader r(json);
    r.onlyKeys({"version", "stores", "endpoints", "subscriptions", "consumers"}).integer("version", version, 0, 1000);
    if (!r.ok())
        return r.error();
    if (version != FileVersion) {
        return fieldError(QStringLiteral("version"),
                          QStringLiteral("is %1, but this Integrator reads configuration files of version %2")
                              .arg(version)
                              .arg(FileVersion));
    }
    Configuration config;
    auto stores = readSection<Store>(json, "stores");
    if (!stores)
        return stores.error();
    auto endpoints = readSection<Endpoint>(json, "endpoints");
    if (!endpoints)
        return endpoints.error();
    auto subscriptions = readSection<Subscription>(json, "subscriptions");
    if (!subscriptions)
        return subscriptions.error();
    auto consumers = readSection<Consumer>(json, "consumers");
    if (!consumers)
        return consumers.error();
    config.stores = std::move(stores).value();
    config.endpoints = std::move(endpoints).value();
    config.subscriptions = std::move(subscriptions).value();
    config.consumers = std::move(consumers).value();
    return config;
}

} // namespace engine
