// integrator --demo (engine/demo/Demo.h) in its window, offscreen: every part of the hub is seen at work
// within seconds, on a throwaway database of its own. The test takes the store and shipping down itself,
// once each has had its traffic, rather than on the demo's clock (minutes apart), and one failed poll raises
// the store's alert; the schedules themselves are tested on their own.

#include "support/WindowTest.h"

#include "EndpointsView.h"
#include "demo/Demo.h"
#include "storage/Browse.h"
#include "storage/ReadConnection.h"

#include <QTemporaryDir>
#include <QUrl>

using namespace ui;
using ui_test::waitUntil;

namespace {

using Which = demo::DemoEndpoints::Which;

demo::Demo::Options quickDemo(const QString &folder)
{
    demo::Demo::Options o;
    o.folder = folder;
    o.changesPerMinute = 600;
    o.storeOutages = {}; // the test takes them down itself
    o.endpoints.outages = {};
    o.storeFailuresForAlert = 1;
    o.circuitThreshold = 2;
    return o;
}

// Whether the window knows an alert of this kind about this subject that is open (or was raised and then
// resolved).
bool hasAlert(const Backend &backend, const QString &kind, const QString &subject, bool open)
{
    for (const Alerts::Alert &a : backend.alerts()) {
        if (a.kind == kind && a.subject == subject && a.isOpen() == open)
            return true;
    }
    return false;
}

bool hasMessageOfType(const QString &databasePath, const QString &type)
{
    auto reads = openReadConnection(databasePath);
    if (!reads)
        return false;
    Browse::Filter filter;
    filter.type = type;
    auto rows = Browse::page((*reads)->database(), filter, QString(), 1);
    return rows && !rows->empty();
}

std::optional<EndpointHealth::Snapshot> healthOf(Engine &engine, const QString &name)
{
    for (const EndpointHealth::Snapshot &h : engine.dispatcher()->health()) {
        if (h.name == name)
            return h;
    }
    return std::nullopt;
}

} // namespace

TEST(Demo, ShowsEveryPartOfTheHubAtWorkWithinSecondsOnADatabaseOfItsOwn)
{
    QTemporaryDir folder;
    demo::Demo demo(quickDemo(folder.path()));
    ASSERT_TRUE(demo.start());
    EXPECT_TRUE(demo.databasePath().startsWith(folder.path()));

    Backend backend(demo.engine(), QStringLiteral("http://127.0.0.1:%1").arg(demo.engine().pushPort()));
    MainWindow window(backend);
    window.showDemoBanner(demo.databasePath());
    window.show();
    auto *banner = window.findChild<QLabel *>(QStringLiteral("demoBanner"));
    ASSERT_NE(banner, nullptr);
    EXPECT_TRUE(banner->isVisible());
    EXPECT_TRUE(banner->text().contains(QStringLiteral("demo")));
    EXPECT_TRUE(window.quitQuestion().isEmpty());
    EXPECT_FALSE(window.closingKeepsRunning());
    // The demo's store is polled, so the window does not open on the welcome page.
    EXPECT_NE(window.currentView(), MainWindow::Welcome);

    // Alive within 10 s: messages polled from the store's history, listed in Messages, and delivered to
    // the endpoint that always takes them.
    window.showView(MainWindow::Messages);
    EXPECT_TRUE(waitUntil(
        [&] {
            return window.messages()->model()->rowCount() > 0 && demo.endpoints().answered(Which::Warehouse) > 0 &&
                   demo.endpoints().answered(Which::Accounting) > 0;
        },
        10'000));
    EXPECT_TRUE(hasMessageOfType(demo.databasePath(), QStringLiteral("order:new")));
    // Objects, before anything was searched for, shows the newest order's history.
    window.showView(MainWindow::Objects);
    EXPECT_TRUE(waitUntil([&] {
        return window.objects()->objectType() == QLatin1String("order") && !window.objects()->objectId().isEmpty();
    }));

    // A consumer's message: the default consumers make shipment:ready from orders whose shipment is ready.
    EXPECT_TRUE(waitUntil([&] { return hasMessageOfType(demo.databasePath(), QStringLiteral("shipment:ready")); }));
    EXPECT_TRUE(waitUntil([&] { return demo.endpoints().answered(Which::Shipping) > 0; }, 30'000));

    // A failure, as the endpoint said it: accounting fails one delivery in five with a JSON error.
    EXPECT_TRUE(waitUntil(
        [&] {
            const auto h = healthOf(demo.engine(), QStringLiteral("accounting"));
            return h && h->lastError.contains(QStringLiteral("the ledger is locked"));
        },
        30'000));

    // Shipping goes down: its circuit opens and its alert is raised; back up, the alert is resolved.
    const QString shipping = QStringLiteral("shipping");
    demo.endpoints().setShippingDown(true);
    EXPECT_TRUE(waitUntil([&] { return hasAlert(backend, Alerts::EndpointFailing, shipping, true); }, 60'000));
    demo.endpoints().setShippingDown(false);
    EXPECT_TRUE(waitUntil([&] { return hasAlert(backend, Alerts::EndpointFailing, shipping, false); }, 60'000));
    // The store goes down: its heartbeat alert is raised; back up, resolved.
    demo.store().setMode(sim::SimulatedStore::Mode::Down);
    EXPECT_TRUE(
        waitUntil([&] { return hasAlert(backend, Alerts::StoreUnreachable, QStringLiteral("demo"), true); }, 60'000));
    demo.store().setMode(sim::SimulatedStore::Mode::Normal);
    EXPECT_TRUE(
        waitUntil([&] { return hasAlert(backend, Alerts::StoreUnreachable, QStringLiteral("demo"), false); }, 60'000));

    // Every view has something to show.
    EXPECT_GT(window.endpoints()->model()->rowCount(), 2);
    window.showView(MainWindow::Dashboard);
    window.close();
    demo.stop();
}

TEST(Demo, StartsAfreshEachTimeAndRefusesASecondDemoOnTheSameFolder)
{
    QTemporaryDir folder;
    Configuration mine;
    Endpoint e;
    e.name = QStringLiteral("mine");
    e.url = QStringLiteral("http://127.0.0.1:9/");
    mine.endpoints.push_back(e);
    {
        demo::Demo first(quickDemo(folder.path()));
        ASSERT_TRUE(first.start());
        ASSERT_TRUE(first.engine().owner().importConfigurationAndWait(mine, ConfigStore::ImportMode::Merge));

        demo::Demo second(quickDemo(folder.path()));
        const Status refused = second.start();
        ASSERT_FALSE(refused);
        EXPECT_TRUE(refused.error().text().contains(QStringLiteral("a demo is already running")));
        // The running demo is untouched by the refused one.
        EXPECT_NE(first.engine().configuration().current()->configuration.endpoint(QStringLiteral("mine")), nullptr);
    }
    // The next demo throws the last one's database away: what was added to it is gone.
    demo::Demo again(quickDemo(folder.path()));
    ASSERT_TRUE(again.start());
    const Configuration &config = again.engine().configuration().current()->configuration;
    EXPECT_EQ(config.endpoint(QStringLiteral("mine")), nullptr);
    EXPECT_NE(config.endpoint(QStringLiteral("warehouse")), nullptr);
    EXPECT_NE(config.store(QStringLiteral("demo")), nullptr);
}

TEST(Demo, TheStoreAndShippingGoDownAndComeBackAsTheirSchedulesSay)
{
    sim::SimulatedStore::Options storeOptions;
    storeOptions.v1Key = QStringLiteral("key");
    storeOptions.outages = {.afterS = 0, .forS = 1, .everyS = 0};
    sim::SimulatedStore store(storeOptions);
    demo::DemoEndpoints::Options endpointOptions;
    endpointOptions.outages = {.afterS = 0, .forS = 1, .everyS = 0};
    demo::DemoEndpoints endpoints(endpointOptions);
    ASSERT_TRUE(store.start());
    ASSERT_TRUE(endpoints.start());
    const quint16 port = quint16(QUrl(endpoints.url(Which::Shipping)).port());
    const QByteArray delivery = R"({"message": "shipment:ready", "message_id": "d1", "payload": {}})";

    EXPECT_TRUE(waitUntil([&] { return endpoints.shippingDown(); }));
    EXPECT_EQ(test::HttpClient(port).post("/labels", delivery, {"Content-Type: application/json"}).status, 0);
    EXPECT_TRUE(waitUntil([&] { return store.mode() == sim::SimulatedStore::Mode::Down; }));

    EXPECT_TRUE(waitUntil([&] { return !endpoints.shippingDown(); }));
    EXPECT_EQ(test::HttpClient(port).post("/labels", delivery, {"Content-Type: application/json"}).status, 200);
    EXPECT_TRUE(waitUntil([&] { return store.mode() == sim::SimulatedStore::Mode::Normal; }));
    endpoints.stop();
    store.stop();
}
