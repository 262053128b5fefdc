#include "SimulatedStore.h"

#include "SimulatedStoreServer.h"

namespace engine::sim {

namespace {

struct ModeName {
    SimulatedStore::Mode mode;
    const char *name;
};
constexpr ModeName modeNames[] = {
    {SimulatedStore::Mode::Normal, "normal"},    {SimulatedStore::Mode::Slow, "slow"},
    {SimulatedStore::Mode::Down, "down"},        {SimulatedStore::Mode::Error500, "500"},
    {SimulatedStore::Mode::Unauthorized, "401"}, {SimulatedStore::Mode::Forbidden, "403"},
    {SimulatedStore::Mode::RateLimited, "429"},  {SimulatedStore::Mode::Html, "html"},
};

} // namespace

SimulatedStore::SimulatedStore(Options options, const Clock &clock)
    : m_options(std::move(options)), m_clock(clock), m_catalogue(clock, m_options.seed)
{
    m_catalogue.populate(m_options.customers, m_options.products, m_options.orders);
}

SimulatedStore::~SimulatedStore()
{
    stop();
}

Status SimulatedStore::start()
{
    return m_thread.start([this]() -> Status {
        m_server = new SimulatedStoreServer(*this);
        Result<quint16> port = m_server->listen(m_options.address, m_options.port);
        if (!port) {
            delete m_server;
            m_server = nullptr;
            return port.error();
        }
        m_port = *port;
        return {};
    });
}

void SimulatedStore::stop()
{
    m_thread.stop([this] {
        delete m_server;
        m_server = nullptr;
    });
}

QString SimulatedStore::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

void SimulatedStore::setMode(Mode mode, int forSeconds, int slowMs)
{
    m_slowMs.store(slowMs);
    m_mode.store(mode);
    m_thread.run([this, mode, forSeconds] {
        if (!m_server)
            return;
        m_server->setDown(mode == Mode::Down);
        m_server->backToNormalIn(forSeconds);
    });
}

std::optional<SimulatedStore::Mode> SimulatedStore::modeFromName(const QString &name)
{
    for (const ModeName &m : modeNames) {
        if (name == QLatin1String(m.name))
            return m.mode;
    }
    return std::nullopt;
}

const char *SimulatedStore::modeName(Mode mode)
{
    for (const ModeName &m : modeNames) {
        if (m.mode == mode)
            return m.name;
    }
    return "?";
}

} // namespace engine::sim
