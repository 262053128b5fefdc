// Several engines on one PostgreSQL database (DESIGN §9), as an owner runs them: three `integrator --headless`
// processes, one of them killed with SIGKILL again and again and started again. Whatever was acknowledged
// reaches every endpoint subscribed to it, each message is fanned out once, an endpoint's concurrency limit
// holds across the engines, and a store's changes become one message each however the pollers die.

#include "support/FreePort.h"
#include "support/Headless.h"
#include "support/HttpClient.h"
#include "support/TestDatabase.h"
#include "support/TestEndpoint.h"
#include "support/TestWriter.h"
#include "support/WaitUntil.h"

#include "Engine.h"
#include "core/Json.h"
#include "message/Message.h"
#include "simstore/SimulatedStore.h"
#include "storage/ConfigStore.h"

#include <QProcess>

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

using namespace engine;
using test::TestEndpoint;
using test::waitUntil;

namespace {

const QByteArray token = "cluster-token-0123456789";

// One `integrator --headless` on the shared database, on a port of its own that stays the same across its
// restarts, as a load balancer in front of the engines would know it.
class Node {
public:
    Node(QString db) : m_db(std::move(db)), m_port(test::freePort()) { start(); }
    ~Node()
    {
        if (m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            m_process->waitForFinished(10'000);
        }
    }
    void start()
    {
        m_process = std::make_unique<QProcess>();
        const QByteArray err = test::startHeadless(*m_process, m_db, m_port);
        EXPECT_TRUE(err.contains("running headless")) << err.constData();
    }
    void killAndRestart()
    {
        ::kill(pid_t(m_process->processId()), SIGKILL);
        m_process->waitForFinished(10'000);
        start();
    }
    quint16 port() const { return m_port; }

private:
    QString m_db;
    quint16 m_port;
    std::unique_ptr<QProcess> m_process;
};

void apply(const QString &db, const Configuration &config)
{
    test::TestWriter writer(db);
    ASSERT_TRUE(writer.start().ok());
    ASSERT_TRUE(
        writer.execute([&](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).apply(config); })
            .ok());
}

// The order numbers an endpoint was sent, each with how many times.
std::map<std::string, int> ordersReceived(const TestEndpoint &endpoint)
{
    std::map<std::string, int> numbers;
    for (const TestEndpoint::Received &r : endpoint.received()) {
        const Json body = Json::parse(r.body.toStdString(), nullptr, false);
        if (body.is_object() && body.contains("payload"))
            numbers[body["payload"]["order"]["number"].get<std::string>()] += 1;
    }
    return numbers;
}

} // namespace

TEST(Cluster, ThreeEnginesOneKilledAtATimeDeliverEveryAcknowledgedMessageToEveryEndpoint)
{
    if (!test::TestDatabase::onPostgres())
        GTEST_SKIP() << "several engines share only a PostgreSQL database";
    constexpr int clients = 16, perClient = 100, concurrency = 4, window = 64;
    test::TestDatabase db;
    // Each answers after a few milliseconds, so that several deliveries are on their way at once.
    std::vector<std::unique_ptr<TestEndpoint>> endpoints;
    Configuration config = test::basicConfiguration();
    config.stores.front().pushToken = QString::fromLatin1(token);
    config.endpoints.clear();
    for (int i = 0; i < 3; ++i) {
        endpoints.push_back(std::make_unique<TestEndpoint>());
        endpoints.back()->answerAll(TestEndpoint::Answer{200, "{}", 5});
        Endpoint e;
        e.name = QStringLiteral("endpoint%1").arg(i);
        e.url = endpoints.back()->url();
        e.concurrency = concurrency;
        config.endpoints.push_back(e);
        Subscription s;
        s.endpoint = e.name;
        s.messages = {QStringLiteral("order:*")};
        s.path = QStringLiteral("/orders");
        config.subscriptions.push_back(s);
    }
    apply(db.path(), config);

    std::vector<std::unique_ptr<Node>> nodes;
    for (int i = 0; i < 3; ++i)
        nodes.push_back(std::make_unique<Node>(db.path()));

    // Sixteen clients, each pushing to the three engines in turn and moving on to the next when one does not
    // answer (it is being killed). Only a 202 counts as acknowledged.
    std::mutex mutex;
    std::set<std::string> acknowledged;
    std::atomic<int> refused{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            int node = c % 3;
            std::unique_ptr<test::HttpClient> client;
            for (int n = 0; n < perClient; ++n) {
                const std::string number = "R" + std::to_string(c) + "-" + std::to_string(n);
                if (!client || !client->isConnected())
                    client = std::make_unique<test::HttpClient>(nodes[node]->port());
                if (!client->isConnected()) { // being started again
                    refused.fetch_add(1);
                    node = (node + 1) % 3;
                    continue;
                }
                const test::HttpResponse r = client->post(
                    "/api/stores/main/messages",
                    QByteArray(R"({"message":"order:new","payload":{"order":{"number":")") + number.c_str() + "\"}}}",
                    {"Content-Type: application/json", "X-Hub-Access-Token: " + token});
                if (r.status == 202) {
                    std::lock_guard lock(mutex);
                    acknowledged.insert(number);
                } else {
                    refused.fetch_add(1);
                    client.reset();
                }
                node = (node + 1) % 3;
                if (client && r.header("Connection").compare("close", Qt::CaseInsensitive) == 0)
                    client.reset();
            }
        });
    }
    const auto acknowledgedCount = [&] {
        std::lock_guard lock(mutex);
        return int(acknowledged.size());
    };

    // One engine killed every few hundred acknowledged messages, in turn, and started again at once.
    int kills = 0;
    std::mt19937 random(std::random_device{}());
    for (int at = 200; at < clients * perClient - 100; at += 200) {
        if (!waitUntil([&] { return acknowledgedCount() >= at; }, 60'000))
            break;
        nodes[kills % 3]->killAndRestart();
        ++kills;
    }
    for (std::thread &t : threads)
        t.join();
    const int total = acknowledgedCount();
    ASSERT_GT(kills, 4) << "the load ended before the engines were killed: " << total << " acknowledged";

    // Every acknowledged message reaches every endpoint: taken over from a dead engine once its leases ran
    // out.
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(waitUntil(
            [&] {
                const std::map<std::string, int> got = ordersReceived(*endpoints[i]);
                for (const std::string &number : acknowledged) {
                    if (!got.count(number))
                        return false;
                }
                return true;
            },
            180'000))
            << "endpoint" << i << " is missing acknowledged messages";
    }

    // And every delivery is recorded as done: what a killed engine sent but had not recorded is sent again
    // by the engine that takes its endpoints over, once their leases ran out.
    EXPECT_TRUE(waitUntil(
        [&] {
            return db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state <> 'archived'")).toInt() == 0;
        },
        60'000))
        << db.scalar(QStringLiteral("SELECT count(*) FROM deliveries WHERE state <> 'archived'")).toInt()
        << " deliveries not archived";

    int twice = 0;
    for (int i = 0; i < 3; ++i) {
        const std::map<std::string, int> got = ordersReceived(*endpoints[i]);
        int sentAgain = 0;
        for (const auto &[number, times] : got)
            sentAgain += times - 1;
        twice += sentAgain;
        std::printf("[ cluster  ] endpoint%d: %zu messages, %d sent again, at most %d at once\n", i, got.size(),
                    sentAgain, endpoints[i]->mostAnswering());
        EXPECT_LE(endpoints[i]->mostAnswering(), concurrency) << "its limit holds across the engines";
    }
    std::printf("[ cluster  ] %d acknowledged, %d pushes refused or cut off, %d kills, %d deliveries sent twice\n",
                total, refused.load(), kills, twice);
    // Sent twice only what a killed engine had taken into memory for its endpoints and not yet recorded as
    // sent: at most a window's worth per endpoint per kill.
    EXPECT_LE(twice, kills * 3 * window);

    // Each message fanned out once: three deliveries, whichever engine took it.
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM (SELECT parent_id FROM deliveries GROUP BY parent_id "
                                       "HAVING count(*) <> 3) x"))
                  .toInt(),
              0);
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT count(*) FROM deliveries")).toInt(),
              3 * db.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt());
}

TEST(Cluster, ThreeEnginesPollingOneStoreMakeEachChangeOneMessageHoweverTheyDie)
{
    if (!test::TestDatabase::onPostgres())
        GTEST_SKIP() << "several engines share only a PostgreSQL database";
    constexpr int orders = 400;
    sim::SimulatedStore::Options o;
    o.v1Key = QStringLiteral("cluster-key");
    o.orders = 0;
    o.rateLimitPerMinute = 1'000'000;
    sim::SimulatedStore store(o);
    store.catalogue().placeOrders(orders);
    ASSERT_TRUE(store.start().ok());
    // Slow enough that the kills land in the middle of the backlog, between and during the pages' commits.
    store.setMode(sim::SimulatedStore::Mode::Slow, 0, 3);

    test::TestDatabase db;
    Configuration config = test::basicConfiguration();
    config.stores.front().apiUrl = store.url();
    config.stores.front().apiKey = o.v1Key;
    config.stores.front().apiVersion = ApiVersion::V1;
    config.stores.front().poll.since = QStringLiteral("2000-01-01T00:00:00Z");
    config.stores.front().poll.requestsPerMinute = 6000;
    config.stores.front().poll.ordersS = 1;
    apply(db.path(), config);
    const auto taken = [&] {
        return db.scalar(QStringLiteral("SELECT count(*) FROM messages WHERE type = 'order:new'")).toInt();
    };

    std::vector<std::unique_ptr<Node>> nodes;
    for (int i = 0; i < 3; ++i)
        nodes.push_back(std::make_unique<Node>(db.path()));
    // Killed in turn, each time the poll has committed something more: whichever engine polls, the one
    // killed may be it.
    int kills = 0;
    for (; kills < 6 && taken() < orders; ++kills) {
        const int before = taken();
        if (!waitUntil([&] { return taken() > before; }, 60'000))
            break;
        nodes[kills % 3]->killAndRestart();
    }
    store.setMode(sim::SimulatedStore::Mode::Normal);
    EXPECT_TRUE(waitUntil([&] { return taken() >= orders; }, 120'000)) << taken() << " of " << orders;
    nodes.clear();

    std::printf("[ cluster  ] %d orders polled through %d kills\n", taken(), kills);
    EXPECT_EQ(taken(), orders) << "nothing lost, nothing twice";
    EXPECT_EQ(
        db.scalar(QStringLiteral("SELECT count(DISTINCT %1) FROM messages WHERE type = 'order:new'")
                      .arg(test::TestDatabase::jsonText(QStringLiteral("payload"), QStringLiteral("order.number"))))
            .toInt(),
        orders);
}

TEST(Cluster, EveryEngineShowsTheHealthOfEveryEndpointWhicheverSendsToIt)
{
    if (!test::TestDatabase::onPostgres())
        GTEST_SKIP() << "several engines share only a PostgreSQL database";
    test::TestDatabase db;
    TestEndpoint endpoint;
    Configuration config = test::basicConfiguration(endpoint.url());
    Subscription s;
    s.endpoint = config.endpoints.front().name;
    s.messages = {QStringLiteral("order:*")};
    config.subscriptions.push_back(s);
    apply(db.path(), config);

    Engine::Options options;
    options.databasePath = db.path();
    options.dispatch = Dispatcher::Options{};
    options.leases.renewMs = 50;
    Engine a(options), b(options);
    ASSERT_TRUE(a.start().ok());
    ASSERT_TRUE(b.start().ok());
    const qint64 id = db.scalar(QStringLiteral("SELECT id FROM endpoints")).toLongLong();
    ASSERT_TRUE(waitUntil([&] { return a.leases()->holdsEndpoint(id) != b.leases()->holdsEndpoint(id); }));
    Engine &sender = a.leases()->holdsEndpoint(id) ? a : b;
    Engine &other = &sender == &a ? b : a;

    // A message taken by the engine that does not send to the endpoint: the other sends it.
    std::vector<IncomingMessage> batch;
    Result<Message> m = Message::create("order:new", Json{{"order", {{"number", "R1"}}}});
    ASSERT_TRUE(m.ok());
    batch.push_back(IncomingMessage::from(std::move(m).value(), QStringLiteral("main"), "push"));
    other.ingest().take(std::move(batch), [](const Status &, const std::vector<TakenMessage> &) {});
    ASSERT_TRUE(endpoint.waitFor(1));

    const auto attempts = [id](const std::vector<EndpointHealth::Snapshot> &health) {
        for (const EndpointHealth::Snapshot &h : health) {
            if (h.endpointId == id)
                return h.attempts;
        }
        return qint64(0);
    };
    EXPECT_TRUE(waitUntil([&] { return attempts(sender.endpointHealth()) == 1; })) << "its own dispatcher's";
    EXPECT_TRUE(waitUntil([&] { return attempts(other.endpointHealth()) == 1; })) << "as the sender published it";
    EXPECT_EQ(attempts(other.dispatcher()->health()), 0) << "not from its own dispatcher, which sent nothing";
}

TEST(Cluster, EveryEngineShowsTheRatesOfTheOthersUntilTheyStop)
{
    if (!test::TestDatabase::onPostgres())
        GTEST_SKIP() << "several engines share only a PostgreSQL database";
    test::TestDatabase db;
    Engine::Options options;
    options.databasePath = db.path();
    options.leases.renewMs = 50;
    Engine taker(options), watcher(options);
    ASSERT_TRUE(taker.start().ok());
    ASSERT_TRUE(watcher.start().ok());

    // The taker takes messages for as long as the watcher has not seen it do so.
    int number = 0;
    const auto takeSome = [&] {
        std::vector<IncomingMessage> batch;
        for (int i = 0; i < 10; ++i) {
            Result<Message> m =
                Message::create("order:new", Json{{"order", {{"number", "R" + std::to_string(++number)}}}});
            EXPECT_TRUE(m.ok());
            batch.push_back(IncomingMessage::from(std::move(m).value(), QStringLiteral("main"), "push"));
        }
        taker.ingest().take(std::move(batch), [](const Status &, const std::vector<TakenMessage> &) {});
    };
    EXPECT_TRUE(waitUntil([&] {
        takeSome();
        return watcher.otherEnginesRates().taken > 0;
    })) << "the watcher sees the taker's rate";
    EXPECT_EQ(watcher.throughput().totals().taken, 0) << "not from its own totals: it took nothing";

    // Once the taker is gone, its rate is no longer counted.
    taker.stop();
    EXPECT_TRUE(waitUntil([&] { return watcher.otherEnginesRates().taken == 0; }));
}
