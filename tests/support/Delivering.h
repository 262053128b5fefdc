#pragma once
// The fixture of the delivery tests: a real engine on a test database and an injected clock, configured with
// the endpoints a test gives (each one subscribed to order:* at /orders), and what those tests share.

#include "support/TestDatabase.h"
#include "support/TestEndpoint.h"
#include "support/WaitUntil.h"

#include "Engine.h"
#include "message/Message.h"
#include "storage/ConfigStore.h"
#include "support/TestWriter.h"

#include <QSqlQuery>

#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace test {

using engine::ConfigStore;
using engine::Configuration;
using engine::Dispatcher;
using engine::Endpoint;
using engine::Engine;
using engine::IncomingMessage;
using engine::Json;
using engine::ManualClock;
using engine::Message;
using engine::Result;
using engine::Status;
using engine::Subscription;
using engine::WriteTransaction;

class Delivering : public ::testing::Test {
protected:
    void SetUp() override {}
    void TearDown() override
    {
        if (engine)
            engine->stop();
    }

    // One store, the endpoints given, one subscription per endpoint for order:* at /orders.
    void start(std::vector<Endpoint> endpoints, std::function<void(Configuration &)> adjust = {},
               Dispatcher::Options options = {})
    {
        Configuration config = test::basicConfiguration();
        config.endpoints = std::move(endpoints);
        for (const Endpoint &e : config.endpoints) {
            Subscription s;
            s.endpoint = e.name;
            s.messages = {QStringLiteral("order:*")};
            s.path = QStringLiteral("/orders");
            config.subscriptions.push_back(s);
        }
        if (adjust)
            adjust(config);
        {
            test::TestWriter writer(db.path());
            ASSERT_TRUE(writer.start().ok());
            Status s = writer.execute([&](WriteTransaction &tx) {
                return ConfigStore(tx.database(), tx.clock()).import(config, ConfigStore::ImportMode::Replace);
            });
            ASSERT_TRUE(s.ok()) << qPrintable(s.error().text());
        }
        options.random = [] { return 0.5; }; // no jitter: exactly the schedule
        if (options.checkIntervalMs == Dispatcher::Options{}.checkIntervalMs)
            options.checkIntervalMs = 50;
        engine = std::make_unique<Engine>(Engine::Options{
            .databasePath = db.path(), .clock = &clock, .createDefaultStore = false, .dispatch = options});
        ASSERT_TRUE(engine->start().ok());
    }

    // Stops the engine and starts a new one on the same database: what it kept in memory is gone, what the
    // database holds (open alerts) is not.
    void restart()
    {
        engine->stop();
        engine = std::make_unique<Engine>(Engine::Options{.databasePath = db.path(),
                                                          .clock = &clock,
                                                          .createDefaultStore = false,
                                                          .dispatch = Dispatcher::Options{.checkIntervalMs = 50}});
        ASSERT_TRUE(engine->start().ok());
    }

    static Endpoint endpoint(const char *name, const TestEndpoint &server)
    {
        Endpoint e;
        e.name = QLatin1String(name);
        e.url = server.url();
        e.token = QStringLiteral("token-") + QLatin1String(name);
        return e;
    }

    std::string push(const char *type = "order:new",
                     const char *payload = R"({"order":{"number":"R1","status":"complete"}})")
    {
        Result<Message> m = Message::create(type, Json::parse(payload));
        auto taken = engine->ingest().takeAndWait({IncomingMessage::from(*m, QStringLiteral("main"), "push")});
        EXPECT_TRUE(taken.ok());
        return m->id();
    }

    QString deliveryOf(const std::string &messageId, const char *endpointName = nullptr)
    {
        QString sql =
            QStringLiteral(
                "SELECT d.id FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id WHERE d.parent_id = '%1'")
                .arg(QString::fromStdString(messageId));
        if (endpointName)
            sql += QStringLiteral(" AND e.name = '%1'").arg(QLatin1String(endpointName));
        return db.scalar(sql).toString();
    }
    QString state(const QString &deliveryId)
    {
        return db.scalar(QStringLiteral("SELECT state FROM deliveries WHERE id = '%1'").arg(deliveryId)).toString();
    }
    bool waitForState(const QString &deliveryId, const char *wanted, int timeoutMs = 10000)
    {
        return waitUntil([&] { return state(deliveryId) == QLatin1String(wanted); }, timeoutMs);
    }
    // Moves the engine's clock on and lets the dispatcher look at it.
    void advance(qint64 ms)
    {
        clock.advance(ms);
        engine->dispatcher()->reload();
    }

    // Stores `count` order:new messages with this payload in one commit, as a burst.
    void pushBurst(int count, const std::string &payload = R"({"order":{}})")
    {
        std::vector<IncomingMessage> burst;
        for (int i = 0; i < count; ++i)
            burst.push_back(IncomingMessage::from(*Message::create("order:new", Json::parse(payload)),
                                                  QStringLiteral("main"), "push"));
        ASSERT_TRUE(engine->ingest().takeAndWait(std::move(burst)).ok());
    }
    // Waits until the dispatcher has looked at everything as it stands now and has nothing in flight: what it
    // would send now, it has sent, and the endpoint has seen.
    void settle()
    {
        Dispatcher *dispatcher = engine->dispatcher();
        const quint64 from = dispatcher->passes();
        ASSERT_TRUE(waitUntil([&] { return dispatcher->passes() >= from + 2 && dispatcher->inFlight() == 0; }));
    }
    // The owner's Resume, as the window and the command line make it.
    void resume(const char *endpointName)
    {
        const qint64 id =
            db.scalar(QStringLiteral("SELECT id FROM endpoints WHERE name = '%1'").arg(QLatin1String(endpointName)))
                .toLongLong();
        std::promise<Status> resumed;
        engine->owner().setEndpointPaused(id, false, [&resumed](const Status &s) { resumed.set_value(s); });
        ASSERT_TRUE(resumed.get_future().get().ok());
    }

    ManualClock clock{1'790'000'000'000};
    test::TestDatabase db;
    std::unique_ptr<Engine> engine;
};

} // namespace test
