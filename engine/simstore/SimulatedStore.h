#pragma once
// A Spree store to poll, shipped with the project for the tests, the demo and the benchmarks: API v1 and the
// Admin API v3 over one catalogue (Catalogue), each with its own authentication, errors and paging, v3's
// scopes and rate limit, and switches that make it slow, down (refusing connections), or answer 500, 401,
// 403, 429 or an HTML page. Runs its HTTP server on a thread of its own; everything here is thread-safe.
//
//   GET  /api/v1/orders, /api/v1/orders/{number}, /api/v1/users, /api/v1/products     X-Spree-Token or ?token=
//   GET  /api/v3/admin/api_keys/current, /orders, /orders/{id}, /customers, /products  X-Spree-Api-Key
//   GET  /__simulator        its state: {"mode", "orders", "requests"}
//   POST /__simulator        {"mode": "normal|slow|down|500|401|403|429|html", "seconds": N (then normal
//                            again), "slow_ms": N, "place": N, "same_millisecond": bool, "steps": N}

#include "Catalogue.h"
#include "OutageSchedule.h"
#include "core/ObjectThread.h"
#include "core/Result.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace engine::sim {

class SimulatedStoreServer;

class SimulatedStore {
public:
    enum class Mode { Normal, Slow, Down, Error500, Unauthorized, Forbidden, RateLimited, Html };

    struct Options {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0; // 0: one the system chooses
        QString v1Key;    // API v1's token; empty: no API v1 (its routes answer 404)
        QString v3Key;    // the Admin API's secret key, "sk_..."; empty: no v3
        QStringList v3Scopes = {QStringLiteral("read_all")};
        int rateLimitPerMinute = 300; // v3, per key
        int changesPerMinute = 0;     // the store's own life (Catalogue::step); 0: only what it is told
        int customers = 20, products = 10, orders = 0; // what it starts with
        quint64 seed = 1;
        OutageSchedule outages; // going down by itself now and then (the demo's store); none by default
    };

    explicit SimulatedStore(Options options, const Clock &clock = Clock::system());
    ~SimulatedStore();
    SimulatedStore(const SimulatedStore &) = delete;
    SimulatedStore &operator=(const SimulatedStore &) = delete;

    Status start();
    void stop();
    quint16 port() const { return m_port; }
    QString url() const; // "http://127.0.0.1:port"

    Catalogue &catalogue() { return m_catalogue; }
    // `forSeconds` > 0: back to normal after that long. Slow answers after `slowMs`.
    void setMode(Mode mode, int forSeconds = 0, int slowMs = 2'000);
    Mode mode() const { return m_mode.load(); }
    // API requests answered so far (the control route not counted), for tests to wait on.
    qint64 requests() const { return m_requests.load(); }

    static std::optional<Mode> modeFromName(const QString &name);
    static const char *modeName(Mode mode);

private:
    friend class SimulatedStoreServer;

    Options m_options;
    const Clock &m_clock;
    Catalogue m_catalogue;
    std::atomic<Mode> m_mode{Mode::Normal};
    std::atomic<int> m_slowMs{2'000};
    std::atomic<qint64> m_requests{0};
    ObjectThread m_thread{QStringLiteral("simulated-store")};
    SimulatedStoreServer *m_server = nullptr; // lives on m_thread
    quint16 m_port = 0;
};

} // namespace engine::sim
