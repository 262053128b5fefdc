// Leases (storage/LeaseStore, cluster/Leases): one holder at a time until it runs out, and engines that
// share a database share the endpoints and stores fairly, hand them over when one leaves and take them over
// when one stops renewing.

#include "support/TestDatabase.h"
#include "support/TestWriter.h"
#include "support/WaitUntil.h"

#include "cluster/Leases.h"
#include "config/ConfigWatcher.h"
#include "storage/ConfigStore.h"
#include "storage/LeaseStore.h"

#include <gtest/gtest.h>

#include <atomic>

using namespace engine;
using test::waitUntil;

namespace {

// Runs `work` with a LeaseStore in its own transaction and hands back what it found.
template <typename T> T inTransaction(Writer &writer, const std::function<Result<T>(LeaseStore &)> &work)
{
    T found{};
    const Status ok = writer.execute([&](WriteTransaction &tx) -> Status {
        LeaseStore store(tx);
        Result<T> r = work(store);
        if (!r)
            return r.error();
        found = std::move(r).value();
        return {};
    });
    EXPECT_TRUE(ok.ok()) << (ok ? "" : qPrintable(ok.error().text()));
    return found;
}

bool take(Writer &writer, const std::string &name, const std::string &holder, qint64 ttlMs = 60'000)
{
    return inTransaction<bool>(writer, [&](LeaseStore &s) { return s.take(name, holder, ttlMs); });
}

std::map<std::string, std::string> live(Writer &writer, const std::string &prefix)
{
    return inTransaction<std::map<std::string, std::string>>(writer, [&](LeaseStore &s) { return s.live(prefix); });
}

void release(Writer &writer, const std::string &name, const std::string &holder)
{
    inTransaction<bool>(writer, [&](LeaseStore &s) -> Result<bool> {
        if (Status ok = s.release(name, holder); !ok)
            return ok.error();
        return true;
    });
}

} // namespace

TEST(LeaseStore, OneHolderAtATimeUntilItRunsOutOrIsGivenUp)
{
    test::TestDatabase db;
    test::TestWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());

    EXPECT_TRUE(take(writer, "endpoint:1", "a"));
    EXPECT_FALSE(take(writer, "endpoint:1", "b")) << "a's lease has not run out";
    EXPECT_TRUE(take(writer, "endpoint:1", "a")) << "renewed by its holder";
    EXPECT_EQ(live(writer, "endpoint:"), (std::map<std::string, std::string>{{"endpoint:1", "a"}}));

    release(writer, "endpoint:1", "b"); // not b's to give up
    EXPECT_FALSE(take(writer, "endpoint:1", "b"));
    release(writer, "endpoint:1", "a");
    EXPECT_TRUE(live(writer, "endpoint:").empty());
    EXPECT_TRUE(take(writer, "endpoint:1", "b")) << "given up, taken at once";

    // A lease that has run out (renewed for less than nothing) is anyone's.
    EXPECT_TRUE(take(writer, "endpoint:1", "b", -1));
    EXPECT_TRUE(live(writer, "endpoint:").empty());
    EXPECT_TRUE(take(writer, "endpoint:1", "c"));
    EXPECT_EQ(db.scalar(QStringLiteral("SELECT holder FROM leases WHERE name = 'endpoint:1'")).toString(),
              QStringLiteral("c"));
}

TEST(LeaseStore, LiveListsOneKindByItsPrefix)
{
    test::TestDatabase db;
    test::TestWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    EXPECT_TRUE(take(writer, "node:a", "a"));
    EXPECT_TRUE(take(writer, "node:b", "b"));
    EXPECT_TRUE(take(writer, "endpoint:7", "a"));
    EXPECT_TRUE(take(writer, "store:main", "b"));
    EXPECT_TRUE(take(writer, "store:gone", "b", -1));
    EXPECT_EQ(live(writer, "node:"), (std::map<std::string, std::string>{{"node:a", "a"}, {"node:b", "b"}}));
    EXPECT_EQ(live(writer, "store:"), (std::map<std::string, std::string>{{"store:main", "b"}}));
    EXPECT_EQ(live(writer, "endpoint:").size(), 1u);
}

namespace {

// One engine's leases on a shared database, with a writer and a watcher of its own and rounds a few
// milliseconds apart.
struct Engine {
    explicit Engine(const QString &db, Leases::Options options) : writer(db), config(db)
    {
        EXPECT_TRUE(writer.start().ok());
        EXPECT_TRUE(config.start().ok());
        leases = std::make_unique<Leases>(writer, config, options);
        leases->setInFlight([this](qint64) { return inFlight.load(); });
        EXPECT_TRUE(leases->start().ok());
    }
    ~Engine()
    {
        leases.reset();
        config.stop();
        writer.stop();
    }
    std::set<qint64> endpoints(const std::vector<qint64> &ids) const
    {
        std::set<qint64> held;
        for (qint64 id : ids) {
            if (leases->holdsEndpoint(id))
                held.insert(id);
        }
        return held;
    }
    // Waits until at least two more rounds are committed: what was true when this was called has been
    // acted on.
    bool settled()
    {
        const qint64 from = leases->rounds();
        return waitUntil([&] { return leases->rounds() >= from + 2; });
    }

    test::TestWriter writer;
    ConfigWatcher config;
    std::atomic<int> inFlight{0};
    std::unique_ptr<Leases> leases;
};

std::vector<qint64> configureEndpoints(const test::TestDatabase &db, int count)
{
    Configuration config = test::basicConfiguration();
    config.endpoints.clear();
    for (int i = 0; i < count; ++i) {
        Endpoint e;
        e.name = QStringLiteral("endpoint%1").arg(i);
        e.url = QStringLiteral("http://127.0.0.1:9/%1").arg(i);
        config.endpoints.push_back(e);
    }
    config.stores.front().apiUrl = QStringLiteral("http://127.0.0.1:9");
    config.stores.front().apiKey = QStringLiteral("key");
    test::TestWriter writer(db.path());
    EXPECT_TRUE(writer.start().ok());
    EXPECT_TRUE(
        writer.execute([&](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).apply(config); })
            .ok());
    std::vector<qint64> ids;
    for (int i = 0; i < count; ++i)
        ids.push_back(
            db.scalar(QStringLiteral("SELECT id FROM endpoints WHERE name = 'endpoint%1'").arg(i)).toLongLong());
    return ids;
}

} // namespace

TEST(Leases, EnginesShareTheEndpointsFairlyAndHandThemOverOnceIdle)
{
    if (!test::TestDatabase::onPostgres())
        GTEST_SKIP() << "several engines share only a PostgreSQL database";
    test::TestDatabase db;
    const std::vector<qint64> ids = configureEndpoints(db, 4);
    const Leases::Options fast{20, 10'000, 1'000};

    Engine a(db.path(), fast);
    EXPECT_EQ(a.endpoints(ids).size(), 4u) << "alone, it takes them all at once";
    EXPECT_TRUE(a.leases->holdsStore(QStringLiteral("main")));
    EXPECT_TRUE(a.leases->holdsRetention());

    a.inFlight = 1; // a delivery on its way everywhere: nothing may be handed over yet
    Engine b(db.path(), fast);
    ASSERT_TRUE(a.settled());
    ASSERT_TRUE(b.settled());
    EXPECT_EQ(a.endpoints(ids).size(), 2u) << "it stops sending to what it gives up at once";
    EXPECT_TRUE(b.endpoints(ids).empty()) << "but holds on to it while something is in flight there";
    EXPECT_TRUE(a.leases->holdsStore(QStringLiteral("main"))) << "one store: within its share, kept";
    EXPECT_FALSE(b.leases->holdsStore(QStringLiteral("main")));

    a.inFlight = 0;
    ASSERT_TRUE(waitUntil([&] { return b.endpoints(ids).size() == 2; }));
    std::set<qint64> both = a.endpoints(ids);
    for (qint64 id : b.endpoints(ids))
        EXPECT_TRUE(both.insert(id).second) << "endpoint " << id << " held by both";
    EXPECT_EQ(both.size(), 4u);
    EXPECT_FALSE(a.leases->holdsRetention() && b.leases->holdsRetention());
}

TEST(Leases, AnEngineThatStopsHandsEverythingToTheOthers)
{
    if (!test::TestDatabase::onPostgres())
        GTEST_SKIP() << "several engines share only a PostgreSQL database";
    test::TestDatabase db;
    const std::vector<qint64> ids = configureEndpoints(db, 3);
    const Leases::Options fast{20, 10'000, 1'000};
    Engine a(db.path(), fast);
    auto b = std::make_unique<Engine>(db.path(), fast);
    ASSERT_TRUE(waitUntil([&] { return !b->endpoints(ids).empty() && a.endpoints(ids).size() == 2; }));
    b.reset(); // a clean stop gives its leases up: the other takes them at its next round, not after they run out
    ASSERT_TRUE(waitUntil([&] { return a.endpoints(ids).size() == 3; }));
    EXPECT_TRUE(a.leases->holdsStore(QStringLiteral("main")));
    EXPECT_TRUE(a.leases->holdsRetention());
}

TEST(Leases, LeasesOfAnEngineThatStoppedRenewingAreTakenOnceTheyRunOut)
{
    if (!test::TestDatabase::onPostgres())
        GTEST_SKIP() << "several engines share only a PostgreSQL database";
    test::TestDatabase db;
    const std::vector<qint64> ids = configureEndpoints(db, 2);
    // Another engine took everything and then died: its leases stand until they run out.
    test::TestWriter writer(db.path());
    ASSERT_TRUE(writer.start().ok());
    for (qint64 id : ids)
        ASSERT_TRUE(take(writer, Leases::endpointLease(id), "dead"));
    ASSERT_TRUE(take(writer, "node:dead", "dead"));

    Engine a(db.path(), Leases::Options{20, 10'000, 1'000});
    ASSERT_TRUE(a.settled());
    EXPECT_TRUE(a.endpoints(ids).empty()) << "not while the other's leases stand";
    EXPECT_TRUE(a.leases->holdsStore(QStringLiteral("main"))) << "its share of the stores, one of one";

    for (qint64 id : ids)
        ASSERT_TRUE(take(writer, Leases::endpointLease(id), "dead", -1)); // as if their time had come
    ASSERT_TRUE(take(writer, "node:dead", "dead", -1));
    ASSERT_TRUE(waitUntil([&] { return a.endpoints(ids).size() == 2; }));
    EXPECT_EQ(live(writer, "endpoint:").size(), 2u);
    for (const auto &[name, holder] : live(writer, "endpoint:"))
        EXPECT_EQ(holder, a.leases->holder()) << name;
}
