// Configuration records: validation that names the field, the configuration file's round trip through a
// real database, merge and replace, and that a bad file changes nothing.

#include "support/TestDatabase.h"

#include "alerts/Alerts.h"
#include "config/ConfigWatcher.h"
#include "dispatch/DeliveryActions.h"
#include "ingest/Ingest.h"
#include "owner/OwnerActions.h"
#include "storage/AlertStore.h"
#include "storage/ConfigStore.h"
#include "support/TestWriter.h"

#include <QSqlError>
#include <QSqlQuery>

#include <future>

#include <gtest/gtest.h>

using namespace engine;

namespace {

Configuration fullConfiguration()
{
    const char *text = R"({
      "version": 1,
      "stores": [{"id": "main", "name": "My store", "push_token": "tok-0123456789abcdef",
                  "api_url": "https://shop.example.com", "api_key": "spree-key", "api_version": "v1",
                  "poll": {"enabled": true, "orders_s": 60, "customers_s": 300, "products_s": 3600,
                           "since": "2026-01-31T00:00:00Z"}},
                 {"id": "outlet", "name": "Outlet", "push_token": "tok-fedcba9876543210"}],
      "endpoints": [{"name": "warehouse", "url": "http://127.0.0.1:9001", "token": "wh-token",
                     "signing_secret": "whsec_dGVzdC1zaWduaW5nLXNlY3JldC0wMTIz", "timeout_s": 30, "concurrency": 8,
                     "enabled": true},
                    {"name": "mailer", "url": "https://mail.example.com/hub", "enabled": true, "paused": true},
                    {"name": "legacy", "url": "http://10.0.0.5:8080", "enabled": false}],
      "subscriptions": [{"endpoint": "warehouse", "store": "main", "messages": ["order:new", "shipment:*"],
                         "path": "/orders", "parameters": [{"name": "warehouse.code", "value": "W1"}],
                         "filters": [{"path": "payload.order.status", "operator": "eq", "value": "complete"}],
                         "match": "all", "identifiers": {"order_number": "payload.order.number"},
                         "retries": {"allowed": true, "schedule_s": [0, 5, 300, 1800, 7200, 18000, 36000, 36000]},
                         "enabled": true},
                        {"endpoint": "mailer", "messages": ["order:canceled"], "path": "/cancel",
                         "retries": {"allowed": false}, "match": "any",
                         "filters": [{"path": "payload.order.email", "operator": "present"}]}],
      "consumers": [{"name": "canceled-orders", "messages": ["order:new", "order:updated"],
                     "filters": [{"path": "payload.order.status", "operator": "eq", "value": "canceled"}],
                     "match": "all", "emits": "order:canceled", "payload": "same", "enabled": true}]
    })";
    Result<Configuration> config = Configuration::fromJson(Json::parse(text));
    EXPECT_TRUE(config.ok()) << qPrintable(config.error().text());
    return config.ok() ? *config : Configuration{};
}

class ConfigStoreTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(writer.start().ok()); }

    Status import(const Configuration &file, engine::ConfigStore::ImportMode mode)
    {
        return writer.execute(
            [&](WriteTransaction &tx) { return engine::ConfigStore(tx.database(), tx.clock()).import(file, mode); });
    }
    Json exported()
    {
        Json json;
        Status ok = writer.execute([&](WriteTransaction &tx) -> Status {
            Result<Configuration> c = engine::ConfigStore(tx.database(), tx.clock()).load();
            if (!c)
                return c.error();
            json = c->toJson();
            return {};
        });
        EXPECT_TRUE(ok.ok());
        return json;
    }

    test::TestDatabase db;
    test::TestWriter writer{db.path()};
};

} // namespace

TEST(ConfigValidation, FullExampleIsValid)
{
    EXPECT_TRUE(fullConfiguration().validate().ok()) << qPrintable(fullConfiguration().validate().error().text());
}

TEST(ConfigValidation, AStoresOlderApiNamesAreRead)
{
    const Json file =
        Json::parse(R"({"id": "main", "push_token": "0123456789abcdef", "api_url": "https://s.example.com",
                                      "api_token": "old-key", "poll": {"users_s": 900}})");
    Result<Store> store = Store::fromJson(file);
    ASSERT_TRUE(store.ok()) << qPrintable(store.error().text());
    EXPECT_EQ(store->apiKey, QStringLiteral("old-key"));
    EXPECT_EQ(store->poll.customersS, 900);
    EXPECT_EQ(store->apiVersion, ApiVersion::Auto);
    EXPECT_EQ(store->poll.since, QStringLiteral("now"));
    EXPECT_TRUE(store->poll.enabled);
    // Written back under today's names only.
    const Json written = store->toJson();
    EXPECT_EQ(written["api_key"], "old-key");
    EXPECT_FALSE(written.contains("api_token"));
    EXPECT_EQ(written["poll"]["customers_s"], 900);
    EXPECT_EQ(written["api_version"], "auto");
}

TEST(ConfigValidation, BadFieldsAreNamed)
{
    struct Case {
        const char *json; // a configuration file
        const char *field;
        const char *says;
    };
    const Case cases[] = {
        {R"({"stores":[{"id":"Main Store","push_token":"0123456789abcdef"}]})", "stores[0].id", "lower-case"},
        {R"({"stores":[{"id":"main","push_token":"short"}]})", "stores[0].push_token", "at least 16"},
        {R"({"stores":[{"id":"main","push_token":"0123456789abcdef","api_url":"shop.example.com"}]})",
         "stores[0].api_url", ""},
        {R"({"stores":[{"id":"main","push_token":"0123456789abcdef","api_url":"https://shop.example.com"}]})",
         "stores[0].api_key", "required"},
        {R"({"stores":[{"id":"main","push_token":"0123456789abcdef","api_version":"v2"}]})", "stores[0].api_version",
         "v1, v3 or auto"},
        {R"({"stores":[{"id":"main","push_token":"0123456789abcdef","api_url":"https://s.example.com",
            "api_key":"plain","api_version":"v3"}]})",
         "stores[0].api_key", "sk_"},
        {R"({"stores":[{"id":"main","push_token":"0123456789abcdef","poll":{"since":"yesterday"}}]})",
         "stores[0].poll.since", "ISO 8601"},
        {R"({"stores":[{"id":"main","push_token":"0123456789abcdef","poll":{"orders_s":1}}]})",
         "stores[0].poll.orders_s", ""},
        {R"({"stores":[{"id":"main","push_token":"0123456789abcdef","poll":{"requests_per_minute":0}}]})",
         "stores[0].poll.requests_per_minute", ""},
        {R"({"endpoints":[{"name":"w","url":"ftp://x.example.com"}]})", "endpoints[0].url", "http:// or https://"},
        {R"({"endpoints":[{"name":"w","url":"not a url"}]})", "endpoints[0].url", ""},
        {R"({"endpoints":[{"name":"w","url":"http://"}]})", "endpoints[0].url", ""},
        {R"({"endpoints":[{"name":"bad name","url":"http://x"}]})", "endpoints[0].name", "letters, digits"},
        {R"({"endpoints":[{"name":"w","url":"http://x","signing_secret":"secret"}]})", "endpoints[0].signing_secret",
         "whsec_"},
        {R"({"endpoints":[{"name":"w","url":"http://x","timeout_s":0}]})", "endpoints[0].timeout_s",
         "between 1 and 600"},
        {R"({"endpoints":[{"name":"w","url":"http://x","timeout":5}]})", "endpoints[0].timeout", "not a known key"},
        {R"({"endpoints":[{"name":"w","url":"http://x"},{"name":"w","url":"http://y"}]})", "endpoints[1].name",
         "earlier"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"nope","messages":["order:new"]}]})",
         "subscriptions[0].endpoint", "no endpoint is named 'nope'"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","store":"x","messages":["order:new"]}]})",
         "subscriptions[0].store", "no store"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","messages":["order"]}]})",
         "subscriptions[0].messages[0]", "not a type pattern"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","messages":[]}]})",
         "subscriptions[0].messages", "at least one"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","messages":["a:b"],"path":"orders"}]})",
         "subscriptions[0].path", "must start with /"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","messages":["a:b"],
            "filters":[{"path":"payload.x","operator":"match","value":"["}]}]})",
         "subscriptions[0].filters[0].value", "regular expression"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","messages":["a:b"],
            "filters":[{"path":"payload.x","operator":"about","value":"["}]}]})",
         "subscriptions[0].filters[0].operator", "not an operator"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","messages":["a:b"],
            "identifiers":{"n":"payload..number"}}]})",
         "subscriptions[0].identifiers.n", "empty step"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","messages":["a:b"],
            "retries":{"schedule_s":[5,-1]}}]})",
         "subscriptions[0].retries.schedule_s[1]", "whole number"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","messages":["a:b"],"match":"most"}]})",
         "subscriptions[0].match", "\"all\" or \"any\""},
        {R"({"consumers":[{"name":"c","messages":["order:new"],"emits":"order"}]})", "consumers[0].emits", "noun:verb"},
        {R"({"consumers":[{"name":"c","messages":["order:new"],"emits":"order:canceled","payload":"a..b"}]})",
         "consumers[0].payload", "\"same\" or a path"},
        {R"({"endpoints":[{"name":"w","url":"http://x"}],"subscriptions":[{"endpoint":"w","messages":["a:b","c:d"]},
            {"endpoint":"w","messages":["c:d","a:b"],"retries":{"allowed":false}}]})",
         "subscriptions[1]", "same messages as subscriptions[0]"},
        {R"({"endpoints":[{"name":"w","url":"http://ware house/x"}]})", "endpoints[0].url",
         "the host name 'ware house' is not valid"},
        {R"({"endpoints":[{"name":"w","url":"http://shop:99999/x"}]})", "endpoints[0].url", "the port '99999'"},
        {R"({"endpoints":[{"name":"My Warehouse","url":"http://x"}]})", "endpoints[0].name",
         "'my-warehouse', for example"},
        {R"({"version":2})", "version", "version 1"},
        {R"({"stores":{}})", "stores", "must be a list"},
        {R"({"stors":[]})", "stors", "not a known key"},
    };
    for (const Case &c : cases) {
        Result<Configuration> parsed = Configuration::fromJson(Json::parse(c.json));
        Status status = parsed.ok() ? parsed->validate() : Status(parsed.error());
        ASSERT_FALSE(status.ok()) << c.json;
        EXPECT_EQ(status.error().field, QLatin1String(c.field))
            << c.json << " -> " << qPrintable(status.error().text());
        EXPECT_TRUE(status.error().message.contains(QLatin1String(c.says)))
            << c.json << " -> " << qPrintable(status.error().text());
    }
}

TEST_F(ConfigStoreTest, ExportThenImportIntoAnEmptyDatabaseGivesTheSameConfiguration)
{
    const Configuration original = fullConfiguration();
    ASSERT_TRUE(import(original, engine::ConfigStore::ImportMode::Replace).ok());
    const Json first = exported();
    EXPECT_EQ(first["stores"].size(), 2u);
    EXPECT_EQ(first["subscriptions"].size(), 2u);

    test::TestDatabase other;
    test::TestWriter otherWriter(other.path());
    ASSERT_TRUE(otherWriter.start().ok());
    Result<Configuration> reread = Configuration::fromJson(first);
    ASSERT_TRUE(reread.ok());
    ASSERT_TRUE(otherWriter
                    .execute([&](WriteTransaction &tx) {
                        return engine::ConfigStore(tx.database(), tx.clock())
                            .import(*reread, engine::ConfigStore::ImportMode::Replace);
                    })
                    .ok());
    Json second;
    ASSERT_TRUE(otherWriter
                    .execute([&](WriteTransaction &tx) -> Status {
                        second = engine::ConfigStore(tx.database(), tx.clock()).load()->toJson();
                        return {};
                    })
                    .ok());
    EXPECT_EQ(first, second);
    // And the export says what the file said, defaults filled in.
    EXPECT_EQ(first["endpoints"][1]["name"], "mailer");
    EXPECT_EQ(first["endpoints"][1]["paused"], true);
    EXPECT_EQ(first["endpoints"][0]["enabled"], false);
    EXPECT_EQ(first["subscriptions"][1]["retries"]["allowed"], false);
}

TEST_F(ConfigStoreTest, ABadFileChangesNothing)
{
    ASSERT_TRUE(import(fullConfiguration(), engine::ConfigStore::ImportMode::Replace).ok());
    const Json before = exported();
    const qint64 revision =
        db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'config_revision'")).toLongLong();

    Configuration bad = fullConfiguration();
    bad.endpoints[0].url = QStringLiteral("http://changed.example.com");
    bad.subscriptions.push_back(bad.subscriptions[0]);
    bad.subscriptions.back().endpoint = QStringLiteral("nowhere");
    for (auto mode : {engine::ConfigStore::ImportMode::Replace, engine::ConfigStore::ImportMode::Merge}) {
        Status s = import(bad, mode);
        ASSERT_FALSE(s.ok());
        EXPECT_TRUE(s.error().text().contains(QStringLiteral("nowhere"))) << qPrintable(s.error().text());
    }
    EXPECT_EQ(exported(), before);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'config_revision'")).toLongLong(),
              revision);
}

TEST_F(ConfigStoreTest, AFormCannotSaveASubscriptionThatSendsWhatAnotherAlreadySends)
{
    ASSERT_TRUE(import(fullConfiguration(), engine::ConfigStore::ImportMode::Replace).ok());
    Result<Configuration> current = Configuration::fromJson(exported());
    ASSERT_TRUE(current.ok());
    Subscription again = current->subscriptions[0];
    again.retries.allowed = !again.retries.allowed; // how it retries does not make it another
    Status refused = writer.execute(
        [&](WriteTransaction &tx) { return engine::ConfigStore(tx.database(), tx.clock()).saveSubscription(again); });
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().text().contains(QStringLiteral("already sends these messages")))
        << qPrintable(refused.error().text());
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM subscriptions")).toInt(), 2);
    // Another path is another subscription.
    again.path = QStringLiteral("/elsewhere");
    EXPECT_TRUE(writer
                    .execute([&](WriteTransaction &tx) {
                        return engine::ConfigStore(tx.database(), tx.clock()).saveSubscription(again);
                    })
                    .ok());
}

TEST_F(ConfigStoreTest, MergeAddsAndUpdatesReplaceRemoves)
{
    ASSERT_TRUE(import(fullConfiguration(), engine::ConfigStore::ImportMode::Replace).ok());
    const QVariant warehouseId = db.scalar(QStringLiteral("SELECT id FROM endpoints WHERE name = 'warehouse'"));

    Configuration extra;
    Endpoint changed = fullConfiguration().endpoints[0];
    changed.url = QStringLiteral("http://127.0.0.1:9999");
    Endpoint added;
    added.name = QStringLiteral("erp");
    added.url = QStringLiteral("http://erp.local");
    extra.endpoints = {changed, added};
    Subscription s;
    s.endpoint = QStringLiteral("erp");
    s.messages = {QStringLiteral("product:*")};
    extra.subscriptions = {s, fullConfiguration().subscriptions[0]}; // the second is already there

    ASSERT_TRUE(import(extra, engine::ConfigStore::ImportMode::Merge).ok());
    Json merged = exported();
    EXPECT_EQ(merged["stores"].size(), 2u);
    EXPECT_EQ(merged["endpoints"].size(), 4u);
    EXPECT_EQ(merged["subscriptions"].size(), 3u) << "an identical subscription is not added twice";
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT url FROM endpoints WHERE name = 'warehouse'")).toString(),
              QStringLiteral("http://127.0.0.1:9999"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT id FROM endpoints WHERE name = 'warehouse'")), warehouseId)
        << "an updated endpoint keeps its id, so its history stays attached";

    extra.stores = {fullConfiguration().stores[0]};
    ASSERT_TRUE(import(extra, engine::ConfigStore::ImportMode::Replace).ok());
    Json replaced = exported();
    EXPECT_EQ(replaced["stores"].size(), 1u);
    EXPECT_EQ(replaced["endpoints"].size(), 2u);
    EXPECT_EQ(replaced["subscriptions"].size(), 2u);
    EXPECT_EQ(replaced["consumers"].size(), 0u);
}

TEST_F(ConfigStoreTest, MissingPushTokensAreGenerated)
{
    Configuration c;
    Store s;
    s.id = QStringLiteral("shop");
    s.name = QStringLiteral("Shop");
    c.stores = {s};
    ASSERT_TRUE(import(c, engine::ConfigStore::ImportMode::Merge).ok());
    const QString token = db.scalar(QStringLiteral("SELECT push_token FROM stores WHERE id = 'shop'")).toString();
    EXPECT_EQ(token.size(), 43) << qPrintable(token);
}

TEST_F(ConfigStoreTest, RemovingWhatDeliveriesWaitForIsRefusedAndChangesNothing)
{
    ASSERT_TRUE(import(fullConfiguration(), engine::ConfigStore::ImportMode::Replace).ok());
    Ingest ingest(writer, Clock::system());
    Json doc = test::orderNewDocument();
    doc.erase("message_id");
    Result<Message> m = Message::parse(doc);
    ASSERT_TRUE(m.ok());
    auto taken = ingest.takeAndWait({IncomingMessage::from(*m, QStringLiteral("main"), "push")});
    ASSERT_TRUE(taken.ok());
    ASSERT_EQ(taken->at(0).deliveries, 1);
    const Json before = exported();

    Configuration without = fullConfiguration();
    without.subscriptions.erase(without.subscriptions.begin());
    without.endpoints.erase(without.endpoints.begin());
    Status s = import(without, engine::ConfigStore::ImportMode::Replace);
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("1 deliveries that are not finished")))
        << qPrintable(s.error().text());
    EXPECT_EQ(exported(), before);

    // Removed by hand, it is named as the owner named it.
    const qint64 warehouse =
        db.scalar(QStringLiteral("SELECT id FROM endpoints WHERE name = 'warehouse'")).toLongLong();
    Status removal = writer.execute(
        [&](WriteTransaction &tx) { return engine::ConfigStore(tx.database(), tx.clock()).removeEndpoint(warehouse); });
    ASSERT_FALSE(removal.ok());
    EXPECT_TRUE(removal.error().message.startsWith(QStringLiteral("endpoint warehouse still has 1 deliveries")))
        << qPrintable(removal.error().text());
}

TEST_F(ConfigStoreTest, AnImportNamesEveryProblemAsTheFileNumbersItsRecords)
{
    ASSERT_TRUE(import(fullConfiguration(), engine::ConfigStore::ImportMode::Replace).ok());
    const Json before = exported();
    Configuration file;
    Subscription noEndpoint;
    noEndpoint.endpoint = QStringLiteral("nowhere");
    Subscription badPath;
    badPath.endpoint = QStringLiteral("warehouse"); // stored already: merging resolves it
    badPath.path = QStringLiteral("orders");
    file.subscriptions = {noEndpoint, badPath};
    Status s = import(file, engine::ConfigStore::ImportMode::Merge);
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(s.error().message.startsWith(QStringLiteral("2 problems:"))) << qPrintable(s.error().text());
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("subscriptions[0].endpoint: no endpoint is named 'nowhere'")))
        << qPrintable(s.error().text());
    EXPECT_TRUE(s.error().message.contains(QStringLiteral("subscriptions[1].path: 'orders' must start with /")))
        << qPrintable(s.error().text());
    EXPECT_EQ(exported(), before);
}

TEST_F(ConfigStoreTest, DiscardedDeliveriesDoNotHoldBackARemoval)
{
    ASSERT_TRUE(import(fullConfiguration(), engine::ConfigStore::ImportMode::Replace).ok());
    Ingest ingest(writer, Clock::system());
    std::vector<IncomingMessage> messages;
    for (int i = 0; i < 2; ++i) {
        Json doc = test::orderNewDocument();
        doc.erase("message_id");
        doc["payload"]["order"]["number"] = "R00000000" + std::to_string(i); // the subscription's identifier
        Result<Message> m = Message::parse(doc);
        ASSERT_TRUE(m.ok());
        messages.push_back(IncomingMessage::from(*m, QStringLiteral("main"), "push"));
    }
    ASSERT_TRUE(ingest.takeAndWait(std::move(messages)).ok());
    const QString first = db.scalar(QStringLiteral("SELECT min(id) FROM deliveries")).toString();
    const QString second = db.scalar(QStringLiteral("SELECT max(id) FROM deliveries")).toString();
    ASSERT_NE(first, second);

    // The owner drops one copy undelivered; the other still waits, and is the only one counted.
    DeliveryActions actions(writer, Clock::system(), nullptr, nullptr, false);
    ASSERT_EQ(actions.runAndWait(DeliveryActions::Action::Discard, {{first.toStdString()}}).value(), 1);
    Configuration without = fullConfiguration();
    without.subscriptions.erase(without.subscriptions.begin());
    without.endpoints.erase(without.endpoints.begin());
    Status refused = import(without, engine::ConfigStore::ImportMode::Replace);
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().message.contains(QStringLiteral("1 deliveries that are not finished")))
        << qPrintable(refused.error().text());

    // Once the other is archived, nothing waits: the endpoint and its subscription can go.
    ASSERT_EQ(actions.runAndWait(DeliveryActions::Action::Archive, {{second.toStdString()}}).value(), 1);
    Status removed = import(without, engine::ConfigStore::ImportMode::Replace);
    ASSERT_TRUE(removed.ok()) << qPrintable(removed.error().text());
    EXPECT_EQ(exported()["endpoints"].size(), fullConfiguration().endpoints.size() - 1);
}

TEST_F(ConfigStoreTest, EveryChangeBumpsTheRevision)
{
    auto revision = [&] {
        return db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'config_revision'")).toLongLong();
    };
    const qint64 r0 = revision();
    ASSERT_TRUE(import(fullConfiguration(), engine::ConfigStore::ImportMode::Replace).ok());
    const qint64 r1 = revision();
    EXPECT_GT(r1, r0);
    ASSERT_TRUE(writer
                    .execute([](WriteTransaction &tx) {
                        QSqlQuery q(tx.database());
                        return q.exec(QStringLiteral("UPDATE endpoints SET timeout_s = 12 WHERE name = 'warehouse'"))
                                   ? Status{}
                                   : Status(Error{QStringLiteral("update failed")});
                    })
                    .ok());
    EXPECT_GT(revision(), r1) << "a change by any writer, even plain SQL, is noticed";
}

TEST_F(ConfigStoreTest, AnEndpointActiveAgainHasItsPausedAlertResolvedHoweverItWasResumed)
{
    ASSERT_TRUE(import(fullConfiguration(), engine::ConfigStore::ImportMode::Replace).ok());
    OwnerActions owner(writer, Clock::system(), nullptr, nullptr, nullptr, true);
    auto pausedAlerts = [&] {
        return db
            .scalar(QStringLiteral("SELECT %1(subject, ',') FROM alerts WHERE kind = 'endpoint_paused' AND "
                                   "resolved_at IS NULL")
                        .arg(test::TestDatabase::joinAggregate()))
            .toString();
    };
    // As after a 410: the endpoint paused by the dispatcher, with its alert.
    auto pausedAfterGone = [&](const QString &name) {
        ASSERT_TRUE(writer
                        .execute([&](WriteTransaction &tx) -> Status {
                            QSqlQuery q(tx.database());
                            q.prepare(QStringLiteral("UPDATE endpoints SET state = 'paused' WHERE name = ?"));
                            q.addBindValue(name);
                            if (!q.exec())
                                return Error{q.lastError().text()};
                            return AlertStore::raise(tx, Alerts::EndpointPaused, name, QStringLiteral("answered 410"),
                                                     tx.clock().nowMs());
                        })
                        .ok());
    };

    // Resumed from a file, as `integrator config import` does it.
    pausedAfterGone(QStringLiteral("warehouse"));
    ASSERT_EQ(pausedAlerts(), QStringLiteral("warehouse"));
    ASSERT_TRUE(owner.importConfigurationAndWait(fullConfiguration(), engine::ConfigStore::ImportMode::Merge).ok());
    EXPECT_EQ(pausedAlerts(), QString());

    // Resumed by Resume, as the window does it; an endpoint the file keeps paused keeps its alert.
    pausedAfterGone(QStringLiteral("warehouse"));
    pausedAfterGone(QStringLiteral("mailer"));
    std::promise<Status> resumed;
    owner.setEndpointPaused(db.scalar(QStringLiteral("SELECT id FROM endpoints WHERE name = 'warehouse'")).toLongLong(),
                            false, [&](const Status &s) { resumed.set_value(s); });
    ASSERT_TRUE(resumed.get_future().get().ok());
    EXPECT_EQ(pausedAlerts(), QStringLiteral("mailer")) << "the mailer is paused in the file too";
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT state FROM endpoints WHERE name = 'warehouse'")).toString(),
              QStringLiteral("active"));
}

TEST_F(ConfigStoreTest, TheWatcherPublishesEachChangeAsASnapshot)
{
    ASSERT_TRUE(import(fullConfiguration(), engine::ConfigStore::ImportMode::Replace).ok());
    // Looks only when asked, within this test: a minute between looks of its own.
    ConfigWatcher watcher(db.path(), 60'000);
    ASSERT_TRUE(watcher.start().ok());
    const std::shared_ptr<const ConfigSnapshot> first = watcher.current();
    EXPECT_EQ(first->configuration.endpoints.size(), fullConfiguration().endpoints.size());

    // A change by another writer (plain SQL here, as an older tool might) shows on the next look.
    ASSERT_TRUE(writer
                    .execute([](WriteTransaction &tx) {
                        QSqlQuery q(tx.database());
                        return q.exec(QStringLiteral("UPDATE endpoints SET timeout_s = 12 WHERE name = 'warehouse'"))
                                   ? Status{}
                                   : Status(Error{QStringLiteral("update failed")});
                    })
                    .ok());
    EXPECT_EQ(watcher.current(), first) << "nothing looked yet";
    const std::shared_ptr<const ConfigSnapshot> after = watcher.latest();
    EXPECT_GT(after->revision, first->revision);
    EXPECT_EQ(after->configuration.endpoint(QStringLiteral("warehouse"))->timeoutS, 12);
    EXPECT_EQ(first->configuration.endpoint(QStringLiteral("warehouse"))->timeoutS, 30) << "snapshots do not change";

    // A change through the engine is answered once the snapshot has it.
    OwnerActions owner(writer, Clock::system(), nullptr, nullptr, &watcher, false);
    Endpoint added;
    added.name = QStringLiteral("ledger");
    added.url = QStringLiteral("http://127.0.0.1:9002");
    std::promise<bool> seen;
    owner.saveEndpoint(added, [&](const Result<Endpoint> &saved) {
        seen.set_value(saved.ok() && watcher.current()->configuration.endpoint(QStringLiteral("ledger")) != nullptr);
    });
    EXPECT_TRUE(seen.get_future().get()) << "the watcher's snapshot had the endpoint when the owner was told";

    // Stopped, it answers whoever still waits.
    watcher.stop();
    bool answered = false;
    watcher.whenSeen(after->revision + 1000, [&] { answered = true; });
    EXPECT_TRUE(answered);
}
