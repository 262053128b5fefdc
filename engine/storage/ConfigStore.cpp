#include "ConfigStore.h"

#include "SqlError.h"
#include "StateSql.h"
#include "Statement.h"
#include "WriteTransaction.h"
#include "dispatch/ParameterMerge.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

namespace {

QString toJsonText(const Json &json)
{
    return toQString(json.dump());
}

// QtSql binds a null QString as NULL; the text columns want '' for "none".
QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(s);
}

Json parseStored(const QVariant &value)
{
    Json parsed = Json::parse(value.toString().toStdString(), nullptr, false);
    return parsed.is_discarded() ? Json() : parsed;
}

QStringList stringList(const Json &json)
{
    QStringList list;
    if (json.is_array()) {
        for (const Json &item : json) {
            if (item.is_string())
                list << toQString(item.get<std::string>());
        }
    }
    return list;
}

Json patternsJson(const QStringList &patterns)
{
    Json list = Json::array();
    for (const QString &p : patterns)
        list.push_back(toStdString(p));
    return list;
}

// A subscription's place in the configuration without its id, to find "the same one" in another list.
Json subscriptionContent(const Subscription &s)
{
    Subscription copy = s;
    copy.id = 0;
    return copy.toJson();
}

bool sameTarget(const Subscription &a, const Subscription &b)
{
    return a.endpoint == b.endpoint && a.store == b.store && a.path == b.path && a.messages == b.messages;
}

} // namespace

ConfigStore::ConfigStore(QSqlDatabase database, const Clock &clock) : m_db(std::move(database)), m_clock(clock) {}

Result<Configuration> ConfigStore::load() const
{
    Configuration config;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral(
            "SELECT id, name, push_token, api_url, api_token, poll_orders_s, poll_users_s, "
            "poll_products_s, api_version, poll_enabled, poll_since, poll_requests_per_minute FROM stores "
            "ORDER BY id")))
        return sqlError(QStringLiteral("cannot read stores"), q.lastError());
    while (q.next()) {
        Store s;
        s.id = q.value(0).toString();
        s.name = q.value(1).toString();
        s.pushToken = q.value(2).toString();
        s.apiUrl = q.value(3).toString();
        s.apiKey = q.value(4).toString();
        s.poll.ordersS = q.value(5).toInt();
        s.poll.customersS = q.value(6).toInt();
        s.poll.productsS = q.value(7).toInt();
        s.apiVersion = apiVersionFromName(q.value(8).toString().toStdString()).value_or(ApiVersion::Auto);
        s.poll.enabled = q.value(9).toBool();
        s.poll.since = q.value(10).toString();
        s.poll.requestsPerMinute = q.value(11).toInt();
        config.stores.push_back(s);
    }

    if (!q.exec(QStringLiteral("SELECT id, name, url, token, signing_secret, timeout_s, concurrency, state "
                               "FROM endpoints ORDER BY name")))
        return sqlError(QStringLiteral("cannot read endpoints"), q.lastError());
    while (q.next()) {
        Endpoint e;
        e.id = q.value(0).toLongLong();
        e.name = q.value(1).toString();
        e.url = q.value(2).toString();
        e.token = q.value(3).toString();
        e.signingSecret = q.value(4).toString();
        e.timeoutS = q.value(5).toInt();
        e.concurrency = q.value(6).toInt();
        e.state = endpointStateFromName(q.value(7).toString().toStdString()).value_or(EndpointState::Active);
        config.endpoints.push_back(e);
    }

    if (!q.exec(QStringLiteral("SELECT s.id, e.name, s.store_id, s.messages, s.path, s.parameters, s.filters, "
                               "s.match, s.identifiers, s.retries_allowed, s.retry_schedule, s.enabled "
                               "FROM subscriptions s JOIN endpoints e ON e.id = s.endpoint_id ORDER BY s.id")))
        return sqlError(QStringLiteral("cannot read subscriptions"), q.lastError());
    while (q.next()) {
        Subscription s;
        s.id = q.value(0).toLongLong();
        s.endpoint = q.value(1).toString();
        s.store = q.value(2).toString();
        s.messages = stringList(parseStored(q.value(3)));
        s.path = q.value(4).toString();
        if (auto parameters = Subscription::parametersFromJson(parseStored(q.value(5))))
            s.parameters = std::move(parameters).value();
        if (auto filters = filterRulesFromJson(parseStored(q.value(6))))
            s.filters = std::move(filters).value();
        s.match = matchRuleFromName(q.value(7).toString().toStdString()).value_or(MatchRule::All);
        if (auto ids = Subscription::identifiersFromJson(parseStored(q.value(8))))
            s.identifiers = std::move(ids).value();
        s.retries.allowed = q.value(9).toBool();
        s.retries.scheduleS.clear();
        for (const Json &d : parseStored(q.value(10))) {
            if (d.is_number_integer())
                s.retries.scheduleS.push_back(d.get<int>());
        }
        s.enabled = q.value(11).toBool();
        config.subscriptions.push_back(s);
    }

    if (!q.exec(QStringLiteral("SELECT id, name, messages, filters, match, emits, payload, enabled, each_path, "
                               "payload_as, additions, identifiers FROM consumers ORDER BY name")))
        return sqlError(QStringLiteral("cannot read consumers"), q.lastError());
    while (q.next()) {
        Consumer c;
        c.id = q.value(0).toLongLong();
        c.name = q.value(1).toString();
        c.messages = stringList(parseStored(q.value(2)));
        if (auto filters = filterRulesFromJson(parseStored(q.value(3))))
            c.filters = std::move(filters).value();
        c.match = matchRuleFromName(q.value(4).toString().toStdString()).value_or(MatchRule::All);
        c.emits = q.value(5).toString();
        c.payload = q.value(6).toString();
        c.enabled = q.value(7).toBool();
        c.each = q.value(8).toString();
        c.as = q.value(9).toString();
        if (auto add = Subscription::identifiersFromJson(parseStored(q.value(10))))
            c.add = std::move(add).value();
        if (auto identifiers = Subscription::identifiersFromJson(parseStored(q.value(11))))
            c.identifiers = std::move(identifiers).value();
        config.consumers.push_back(c);
    }
    return config;
}

Configuration ConfigStore::combine(const Configuration &current, const Configuration &file, ImportMode mode)
{
    if (mode == ImportMode::Replace)
        return file;
    // Records are matched by id or name; apply() keeps the stored ids of matched ones.
    Configuration merged = current;
    auto upsert = [](auto &records, const auto &record, auto key) {
        for (auto &existing : records) {
            if (key(existing) == key(record)) {
                existing = record;
                return;
            }
        }
        records.push_back(record);
    };
    for (const Store &s : file.stores)
        upsert(merged.stores, s, [](const Store &r) { return r.id; });
    for (const Endpoint &e : file.endpoints)
        upsert(merged.endpoints, e, [](const Endpoint &r) { return r.name; });
    for (const Consumer &c : file.consumers)
        upsert(merged.consumers, c, [](const Consumer &r) { return r.name; });
    for (const Subscription &s : file.subscriptions) {
        bool present = false;
        for (const Subscription &existing : merged.subscriptions)
            present = present || subscriptionContent(existing) == subscriptionContent(s);
        if (!present)
            merged.subscriptions.push_back(s);
    }
    return merged;
}

namespace {

// Several problems as one error: each on a line of its own, the first one's field named for the form.
Error problemsError(const Problems &problems)
{
    if (problems.size() == 1)
        return problems.front();
    QStringList lines;
    for (const Error &e : problems)
        lines << QStringLiteral("  ") + e.text();
    return Error{QStringLiteral("%1 problems:\n%2").arg(problems.size()).arg(lines.join(QLatin1Char('\n')))};
}

} // namespace

Status ConfigStore::import(const Configuration &file, ImportMode mode)
{
    Result<Configuration> current = load();
    if (!current)
        return current.error();
    Configuration target = combine(*current, file, mode);
    target.generateMissingTokens();
    // What is wrong is told as the file numbers its records, all of it at once; then the whole that would
    // result is checked too (a file's subscription may repeat one already stored).
    Configuration named = file;
    named.generateMissingTokens(); // a missing push token is not the file's fault
    if (const Problems problems = named.problems(&target); !problems.empty())
        return problemsError(problems);
    if (Status ok = target.validate(); !ok)
        return ok;
    return apply(target);
}

Status ConfigStore::apply(const Configuration &target)
{
    Result<Configuration> current = load();
    if (!current)
        return current.error();

    for (const Store &s : target.stores) {
        if (Status ok = saveStore(s); !ok)
            return ok.error().prefixed(QStringLiteral("store '%1'").arg(s.id));
    }
    for (Endpoint e : target.endpoints) {
        const Endpoint *existing = current->endpoint(e.name);
        e.id = existing ? existing->id : 0;
        if (Status ok = saveEndpoint(e); !ok)
            return ok.error().prefixed(QStringLiteral("endpoint '%1'").arg(e.name));
    }

    // Pair each wanted subscription with a stored one: first an identical one, then one sending the same
    // types to the same place (an edit). Paired ones keep their id; the rest are added or removed.
    std::vector<Subscription> wanted = target.subscriptions;
    std::vector<bool> stored(current->subscriptions.size(), false);
    for (Subscription &w : wanted) {
        w.id = 0;
        for (size_t i = 0; i < current->subscriptions.size() && w.id == 0; ++i) {
            if (!stored[i] && subscriptionContent(current->subscriptions[i]) == subscriptionContent(w)) {
                stored[i] = true;
                w.id = current->subscriptions[i].id;
            }
        }
    }
    for (Subscription &w : wanted) {
        for (size_t i = 0; i < current->subscriptions.size() && w.id == 0; ++i) {
            if (!stored[i] && sameTarget(current->subscriptions[i], w)) {
                stored[i] = true;
                w.id = current->subscriptions[i].id;
            }
        }
    }
    for (size_t i = 0; i < current->subscriptions.size(); ++i) {
        if (!stored[i]) {
            if (Status ok = removeSubscription(current->subscriptions[i].id); !ok)
                return ok;
        }
    }
    for (Subscription &w : wanted) {
        if (Status ok = saveOneSubscription(w); !ok)
            return ok;
    }

    for (const Endpoint &e : current->endpoints) {
        if (!target.endpoint(e.name)) {
            if (Status ok = removeEndpoint(e.id); !ok)
                return ok;
        }
    }
    for (const Store &s : current->stores) {
        if (!target.store(s.id)) {
            if (Status ok = removeStore(s.id); !ok)
                return ok;
        }
    }
    for (Consumer c : target.consumers) {
        const Consumer *existing = current->consumer(c.name);
        c.id = existing ? existing->id : 0;
        if (Status ok = saveConsumer(c); !ok)
            return ok.error().prefixed(QStringLiteral("consumer '%1'").arg(c.name));
    }
    for (const Consumer &c : current->consumers) {
        if (!target.consumer(c.name)) {
            if (Status ok = removeConsumer(c.id); !ok)
                return ok;
        }
    }
    return {};
}

Status ConfigStore::saveStore(const Store &store)
{
    if (Status ok = store.validate(); !ok)
        return ok;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT INTO stores (id, name, push_token, api_url, api_token, poll_orders_s, poll_users_s, poll_products_s, "
        "api_version, poll_enabled, poll_since, poll_requests_per_minute, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, push_token = excluded.push_token, "
        "api_url = excluded.api_url, api_token = excluded.api_token, poll_orders_s = excluded.poll_orders_s, "
        "poll_users_s = excluded.poll_users_s, poll_products_s = excluded.poll_products_s, "
        "api_version = excluded.api_version, poll_enabled = excluded.poll_enabled, poll_since = excluded.poll_since, "
        "poll_requests_per_minute = excluded.poll_requests_per_minute"));
    for (const QVariant &v :
         {text(store.id), text(store.name), text(store.pushToken), text(store.apiUrl), text(store.apiKey),
          QVariant(store.poll.ordersS), QVariant(store.poll.customersS), QVariant(store.poll.productsS),
          QVariant(QString::fromLatin1(apiVersionName(store.apiVersion))), QVariant(store.poll.enabled ? 1 : 0),
          text(store.poll.since), QVariant(store.poll.requestsPerMinute), QVariant(m_clock.nowMs())})
        q.addBindValue(v);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot save the store"), q.lastError());
    return {};
}

Status ConfigStore::saveEndpoint(Endpoint &endpoint)
{
    if (Status ok = endpoint.validate(); !ok)
        return ok;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id FROM endpoints WHERE name = ?"));
    q.addBindValue(endpoint.name);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read endpoints"), q.lastError());
    if (q.next() && q.value(0).toLongLong() != endpoint.id)
        return fieldError(QStringLiteral("name"),
                          QStringLiteral("another endpoint is already named '%1'").arg(endpoint.name));

    const QVariantList values{text(endpoint.name),
                              text(endpoint.url),
                              text(endpoint.token),
                              text(endpoint.signingSecret),
                              endpoint.timeoutS,
                              endpoint.concurrency,
                              QString::fromLatin1(endpointStateName(endpoint.state))};
    if (endpoint.id == 0) {
        q.prepare(QStringLiteral("INSERT INTO endpoints (name, url, token, signing_secret, timeout_s, concurrency, "
                                 "state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant &v : values)
            q.addBindValue(v);
        q.addBindValue(m_clock.nowMs());
    } else {
        q.prepare(
            QStringLiteral("UPDATE endpoints SET name = ?, url = ?, token = ?, signing_secret = ?, timeout_s = ?, "
                           "concurrency = ?, state = ? WHERE id = ?"));
        for (const QVariant &v : values)
            q.addBindValue(v);
        q.addBindValue(endpoint.id);
    }
    if (!q.exec())
        return sqlError(QStringLiteral("cannot save the endpoint"), q.lastError());
    if (endpoint.id == 0)
        endpoint.id = q.lastInsertId().toLongLong();
    else if (q.numRowsAffected() == 0)
        return Error{QStringLiteral("endpoint #%1 no longer exists").arg(endpoint.id)};
    return {};
}

Result<qint64> ConfigStore::revision() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'config_revision'")) ||
        !q.next())
        return sqlError(QStringLiteral("cannot read the configuration's revision"), q.lastError());
    return q.value(0).toLongLong();
}

Status ConfigStore::setEndpointState(qint64 id, EndpointState state)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE endpoints SET state = ? WHERE id = ?"));
    q.addBindValue(QString::fromLatin1(endpointStateName(state)));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot change the endpoint"), q.lastError());
    if (q.numRowsAffected() == 0)
        return Error{QStringLiteral("endpoint #%1 no longer exists").arg(id)};
    return {};
}

Result<qint64> ConfigStore::endpointId(const QString &name) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id FROM endpoints WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read endpoints"), q.lastError());
    if (!q.next())
        return fieldError(QStringLiteral("endpoint"), QStringLiteral("no endpoint is named '%1'").arg(name));
    return q.value(0).toLongLong();
}

Result<std::map<qint64, QString>> ConfigStore::endpointNames() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, name FROM endpoints")))
        return sqlError(QStringLiteral("cannot read endpoints"), q.lastError());
    std::map<qint64, QString> names;
    while (q.next())
        names[q.value(0).toLongLong()] = q.value(1).toString();
    return names;
}

Status ConfigStore::storeParameters(WriteTransaction &tx, qint64 subscriptionId,
                                    const std::vector<std::pair<QString, Json>> &updates)
{
    Statement &read = tx.statement("SELECT parameters FROM subscriptions WHERE id = ?1");
    read.bind(1, subscriptionId);
    Result<bool> found = read.next();
    if (!found)
        return found.error();
    if (!*found)
        return {};
    const std::string text = mergeParameters(read.columnText(0), updates);
    read.reset();
    Statement &write = tx.statement("UPDATE subscriptions SET parameters = ?2 WHERE id = ?1");
    write.bind(1, subscriptionId);
    write.bind(2, text);
    return write.run();
}

Status ConfigStore::pauseEndpoint(WriteTransaction &tx, qint64 endpointId)
{
    Statement &pause = tx.statement("UPDATE endpoints SET state = 'paused' WHERE id = ?1 AND state = 'active'");
    pause.bind(1, endpointId);
    return pause.run();
}

Status ConfigStore::storeExists(const QString &id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM stores WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read stores"), q.lastError());
    if (!q.next())
        return fieldError(QStringLiteral("store"), QStringLiteral("no store has the id '%1'").arg(id));
    return {};
}

Status ConfigStore::saveSubscription(Subscription &subscription)
{
    if (Status ok = subscription.validate(); !ok)
        return ok;
    // A form saves one among the others, which must not already send the same. (An import is checked whole,
    // by Configuration::validate, before apply() saves its subscriptions one by one.)
    Result<Configuration> current = load();
    if (!current)
        return current.error();
    for (const Subscription &other : current->subscriptions) {
        if (other.id != subscription.id && other.sendsTheSameAs(subscription))
            return Error{QStringLiteral("subscription #%1 already sends these messages (%2): each would be delivered "
                                        "twice; change that one instead")
                             .arg(other.id)
                             .arg(other.description())};
    }
    return saveOneSubscription(subscription);
}

Status ConfigStore::saveOneSubscription(Subscription &subscription)
{
    if (Status ok = subscription.validate(); !ok)
        return ok;
    Result<qint64> endpoint = endpointId(subscription.endpoint);
    if (!endpoint)
        return endpoint.error();
    if (!subscription.store.isEmpty()) {
        if (Status ok = storeExists(subscription.store); !ok)
            return ok;
    }
    return writeSubscription(subscription, *endpoint);
}

Status ConfigStore::writeSubscription(Subscription &s, qint64 endpointId)
{
    QSqlQuery q(m_db);
    const QVariantList values{endpointId,
                              s.store.isEmpty() ? QVariant() : QVariant(s.store),
                              toJsonText(patternsJson(s.messages)),
                              text(s.path),
                              toJsonText(s.parametersJson()),
                              toJsonText(filterRulesToJson(s.filters)),
                              QString::fromLatin1(matchRuleName(s.match)),
                              toJsonText(s.identifiersJson()),
                              s.retries.allowed ? 1 : 0,
                              toJsonText(s.retryScheduleJson()),
                              s.enabled ? 1 : 0}; // INTEGER columns on both backends
    if (s.id == 0) {
        q.prepare(
            QStringLiteral("INSERT INTO subscriptions (endpoint_id, store_id, messages, path, parameters, filters, "
                           "match, identifiers, retries_allowed, retry_schedule, enabled, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant &v : values)
            q.addBindValue(v);
        q.addBindValue(m_clock.nowMs());
    } else {
        q.prepare(QStringLiteral("UPDATE subscriptions SET endpoint_id = ?, store_id = ?, messages = ?, path = ?, "
                                 "parameters = ?, filters = ?, match = ?, identifiers = ?, retries_allowed = ?, "
                                 "retry_schedule = ?, enabled = ? WHERE id = ?"));
        for (const QVariant &v : values)
            q.addBindValue(v);
        q.addBindValue(s.id);
    }
    if (!q.exec())
        return sqlError(QStringLiteral("cannot save the subscription"), q.lastError());
    if (s.id == 0)
        s.id = q.lastInsertId().toLongLong();
    else if (q.numRowsAffected() == 0)
        return Error{QStringLiteral("subscription #%1 no longer exists").arg(s.id)};
    return {};
}

Status ConfigStore::saveConsumer(Consumer &consumer)
{
    if (Status ok = consumer.validate(); !ok)
        return ok;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id FROM consumers WHERE name = ?"));
    q.addBindValue(consumer.name);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read consumers"), q.lastError());
    if (q.next() && q.value(0).toLongLong() != consumer.id)
        return fieldError(QStringLiteral("name"),
                          QStringLiteral("another consumer is already named '%1'").arg(consumer.name));
    const QVariantList values{text(consumer.name),
                              toJsonText(patternsJson(consumer.messages)),
                              toJsonText(filterRulesToJson(consumer.filters)),
                              QString::fromLatin1(matchRuleName(consumer.match)),
                              text(consumer.emits),
                              text(consumer.payload),
                              consumer.enabled ? 1 : 0,
                              text(consumer.each),
                              text(consumer.as),
                              toJsonText(namedPathsToJson(consumer.add)),
                              toJsonText(namedPathsToJson(consumer.identifiers))};
    if (consumer.id == 0) {
        q.prepare(QStringLiteral("INSERT INTO consumers (name, messages, filters, match, emits, payload, enabled, "
                                 "each_path, payload_as, additions, identifiers, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant &v : values)
            q.addBindValue(v);
        q.addBindValue(m_clock.nowMs());
    } else {
        q.prepare(QStringLiteral("UPDATE consumers SET name = ?, messages = ?, filters = ?, match = ?, emits = ?, "
                                 "payload = ?, enabled = ?, each_path = ?, payload_as = ?, additions = ?, "
                                 "identifiers = ? WHERE id = ?"));
        for (const QVariant &v : values)
            q.addBindValue(v);
        q.addBindValue(consumer.id);
    }
    if (!q.exec())
        return sqlError(QStringLiteral("cannot save the consumer"), q.lastError());
    if (consumer.id == 0)
        consumer.id = q.lastInsertId().toLongLong();
    else if (q.numRowsAffected() == 0)
        return Error{QStringLiteral("consumer #%1 no longer exists").arg(consumer.id)};
    return {};
}

Result<int> ConfigStore::waitingDeliveries(const char *column, qint64 id) const
{
    QSqlQuery q(m_db);
    // Finished deliveries (archived or discarded) wait for nothing: only the live ones hold a removal back.
    q.prepare(QStringLiteral("SELECT count(*) FROM deliveries WHERE %1 AND %2 = ?")
                  .arg(QString::fromStdString(liveDeliveries()), QLatin1String(column)));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return sqlError(QStringLiteral("cannot count deliveries"), q.lastError());
    return q.value(0).toInt();
}

Status ConfigStore::removeStore(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*) FROM subscriptions WHERE store_id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return sqlError(QStringLiteral("cannot read subscriptions"), q.lastError());
    if (q.value(0).toInt() > 0) {
        return Error{QStringLiteral("store '%1' is used by %2 subscription(s); remove or change them first")
                         .arg(id)
                         .arg(q.value(0).toInt())};
    }
    q.prepare(QStringLiteral("DELETE FROM stores WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot remove the store"), q.lastError());
    return {};
}

QString ConfigStore::endpointName(qint64 id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT name FROM endpoints WHERE id = ?"));
    q.addBindValue(id);
    return q.exec() && q.next() ? q.value(0).toString() : QStringLiteral("#%1").arg(id);
}

Status ConfigStore::removeEndpoint(qint64 id)
{
    Result<int> waiting = waitingDeliveries("endpoint_id", id);
    if (!waiting)
        return waiting.error();
    if (*waiting > 0) {
        return Error{QStringLiteral("endpoint %1 still has %2 deliveries that are not finished; retry, archive or "
                                    "discard them first (Messages, Accepted, with the endpoint chosen)")
                         .arg(endpointName(id))
                         .arg(*waiting)};
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*) FROM subscriptions WHERE endpoint_id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return sqlError(QStringLiteral("cannot read subscriptions"), q.lastError());
    if (q.value(0).toInt() > 0) {
        return Error{QStringLiteral("endpoint %1 has %2 subscription(s); remove them first (Subscriptions)")
                         .arg(endpointName(id))
                         .arg(q.value(0).toInt())};
    }
    q.prepare(QStringLiteral("DELETE FROM endpoints WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot remove the endpoint"), q.lastError());
    return {};
}

Status ConfigStore::removeSubscription(qint64 id)
{
    Result<int> waiting = waitingDeliveries("subscription_id", id);
    if (!waiting)
        return waiting.error();
    if (*waiting > 0) {
        QString which = QStringLiteral("#%1").arg(id);
        if (Result<Configuration> current = load()) {
            for (const Subscription &s : current->subscriptions)
                if (s.id == id)
                    which = QStringLiteral("of %1").arg(s.description());
        }
        return Error{QStringLiteral("the subscription %1 still has %2 deliveries that are not finished; retry, "
                                    "archive or discard them first")
                         .arg(which)
                         .arg(*waiting)};
    }
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM subscriptions WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot remove the subscription"), q.lastError());
    return {};
}

Status ConfigStore::removeConsumer(qint64 id)
{
    QSqlQuery q(m_db);
    // What it emitted goes with it: a consumer made again under the same name starts afresh.
    for (const char *sql :
         {"DELETE FROM consumers WHERE id = ?", "DELETE FROM consumer_identifiers WHERE consumer_id = ?",
          "DELETE FROM consumer_counts WHERE consumer_id = ?"}) {
        q.prepare(QLatin1String(sql));
        q.addBindValue(id);
        if (!q.exec())
            return sqlError(QStringLiteral("cannot remove the consumer"), q.lastError());
    }
    return {};
}

} // namespace engine
