#include "Demo.h"

#include "core/Secret.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QStandardPaths>

namespace engine::demo {

namespace {

const QString storeId = QStringLiteral("demo");
const QString storeKey = QStringLiteral("sk_demo_0123456789abcdef");

Subscription subscription(const QString &endpoint, QStringList types, const QString &path)
{
    Subscription s;
    s.endpoint = endpoint;
    s.store = storeId;
    s.messages = std::move(types);
    s.path = path;
    // Quick retries, so that what failed in the demo is seen to go through within minutes, not hours.
    s.retries.scheduleS = {5, 10, 20, 30, 60, 60, 60, 60, 60, 60, 60, 60};
    return s;
}

} // namespace

Demo::Demo(Options options) : m_options(std::move(options)), m_endpoints(m_options.endpoints)
{
    if (m_options.folder.isEmpty())
        m_options.folder = defaultFolder();
}

Demo::~Demo()
{
    stop();
}

QString Demo::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/demo");
}

QString Demo::databasePath() const
{
    return QDir(m_options.folder).absoluteFilePath(QStringLiteral("demo.db"));
}

Status Demo::start()
{
    if (!QDir().mkpath(m_options.folder))
        return runtimeError(QStringLiteral("cannot create the demo's folder %1").arg(m_options.folder));
    // The database is thrown away at each start: not while another demo runs on it.
    m_lock = std::make_unique<QLockFile>(QDir(m_options.folder).absoluteFilePath(QStringLiteral("demo.lock")));
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        m_lock.reset();
        return runtimeError(QStringLiteral("a demo is already running (process %1)").arg(pid));
    }
    for (const char *suffix : {"", "-wal", "-shm", ".lock"}) {
        const QString path = databasePath() + QLatin1String(suffix);
        if (QFile::exists(path) && !QFile::remove(path))
            return runtimeError(QStringLiteral("cannot remove the last demo's %1").arg(path));
    }

    sim::SimulatedStore::Options store;
    store.v3Key = storeKey;
    store.orders = 30;
    store.changesPerMinute = m_options.changesPerMinute;
    store.outages = m_options.storeOutages;
    store.seed = quint64(QDateTime::currentMSecsSinceEpoch());
    m_store = std::make_unique<sim::SimulatedStore>(store);
    if (Status ok = m_store->start(); !ok)
        return ok;
    if (Status ok = m_endpoints.start(); !ok)
        return ok;

    PushHttpServer::Options push;
    push.port = 0; // beside the owner's own hub, which has the usual port
    Engine::Options options{.databasePath = databasePath()};
    options.push = push;
    Dispatcher::Options dispatch;
    dispatch.circuitThreshold = m_options.circuitThreshold;
    options.dispatch = dispatch;
    Poller::Options poll;
    poll.store.failuresForAlert = m_options.storeFailuresForAlert;
    options.poll = poll;
    m_engine = std::make_unique<Engine>(options);
    if (Status ok = m_engine->start(); !ok)
        return ok;
    return m_engine->owner().importConfigurationAndWait(configuration(), ConfigStore::ImportMode::Merge);
}

void Demo::stop()
{
    if (m_engine)
        m_engine->stop();
    m_engine.reset();
    m_endpoints.stop();
    if (m_store)
        m_store->stop();
    m_store.reset();
    m_lock.reset();
}

Configuration Demo::configuration() const
{
    Configuration c;
    Store s;
    s.id = storeId;
    s.name = QStringLiteral("Demo store (simulated)");
    s.pushToken = Secret::newToken();
    s.apiUrl = m_store ? m_store->url() : QString();
    s.apiKey = storeKey;
    s.apiVersion = ApiVersion::V3;
    s.poll.ordersS = m_options.pollOrdersS;
    s.poll.customersS = 15;
    s.poll.productsS = 60;
    // Its whole month of history at once, so that every view has something to show from the first poll.
    s.poll.since = QDateTime::currentDateTimeUtc().addDays(-35).toString(Qt::ISODate);
    c.stores.push_back(s);

    const auto endpoint = [this](const QString &name, DemoEndpoints::Which which) {
        Endpoint e;
        e.name = name;
        e.url = m_endpoints.url(which);
        e.timeoutS = 5;
        return e;
    };
    c.endpoints.push_back(endpoint(QStringLiteral("warehouse"), DemoEndpoints::Which::Warehouse));
    c.endpoints.push_back(endpoint(QStringLiteral("accounting"), DemoEndpoints::Which::Accounting));
    c.endpoints.push_back(endpoint(QStringLiteral("shipping"), DemoEndpoints::Which::Shipping));

    c.subscriptions.push_back(
        subscription(QStringLiteral("warehouse"),
                     {QStringLiteral("order:new"), QStringLiteral("order:canceled"), QStringLiteral("product:*")},
                     QStringLiteral("/orders")));
    c.subscriptions.push_back(subscription(QStringLiteral("accounting"),
                                           {QStringLiteral("order:*"), QStringLiteral("user:*")}, QStringLiteral("/")));
    c.subscriptions.push_back(
        subscription(QStringLiteral("shipping"), {QStringLiteral("shipment:ready")}, QStringLiteral("/labels")));
    return c;
}

} // namespace engine::demo
