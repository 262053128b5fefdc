#pragma once
// `integrator --demo`: a hub that shows every part of itself at work within seconds, on nothing of the
// owner's. A throwaway database in a folder of its own (made afresh at each start, kept from a second demo
// by a lock); the simulated Spree store, lively and going down now and then so that its heartbeat alert is
// seen; a store that polls it, taking its month of history at once; the demo's three endpoints
// (DemoEndpoints) and a subscription for each; the default consumers the new database comes with.
// Created, started and stopped on one thread, like the engine it owns.

#include "DemoEndpoints.h"
#include "Engine.h"
#include "simstore/SimulatedStore.h"

#include <QString>

#include <memory>

class QLockFile;

namespace engine::demo {

class Demo {
public:
    struct Options {
        QString folder;             // empty: defaultFolder()
        int changesPerMinute = 120; // the simulated store's own orders, payments, shipments
        sim::OutageSchedule storeOutages{.afterS = 25, .forS = 25, .everyS = 180};
        DemoEndpoints::Options endpoints;
        int pollOrdersS = 5;
        int storeFailuresForAlert = 3; // polls failing in a row before the store's heartbeat alert
        int circuitThreshold = 5;      // deliveries failing in a row that open an endpoint's circuit
    };

    explicit Demo(Options options);
    ~Demo();
    Demo(const Demo &) = delete;
    Demo &operator=(const Demo &) = delete;

    // Makes the database afresh and starts everything; an error says what stood in the way.
    Status start();
    void stop();

    Engine &engine() { return *m_engine; }
    sim::SimulatedStore &store() { return *m_store; }
    DemoEndpoints &endpoints() { return m_endpoints; }
    QString databasePath() const;

    // The configuration it runs: the polled store, the three endpoints, a subscription for each.
    Configuration configuration() const;

    // In the user's cache folder: ~/.cache/Integrator/Integrator/demo, or the platform's equivalent.
    static QString defaultFolder();

private:
    Options m_options;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<sim::SimulatedStore> m_store;
    DemoEndpoints m_endpoints;
    std::unique_ptr<Engine> m_engine;
};

} // namespace engine::demo
