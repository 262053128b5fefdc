#pragma once
// How an endpoint is doing: its recent attempts and their latency, failures in a row, and the circuit they
// open (DESIGN §6: many failures in a row open it, and then only one probe at a time goes out until one
// succeeds); and whether it is degraded: failing too large a share of its recent attempts without failing
// enough in a row to open the circuit (one in two, say). Kept by the dispatcher on its thread; copied out as
// a Snapshot for anyone else.

#include <QString>
#include <QtGlobal>

#include <deque>
#include <optional>
#include <utility>

namespace engine {

class EndpointHealth {
public:
    struct Snapshot {
        qint64 endpointId = 0;
        QString name;
        int inFlight = 0;
        int waiting = 0;          // loaded and due, not yet sent
        qint64 attempts = 0;      // since the engine started
        double successRate = 1.0; // over the last 200 attempts
        bool degraded = false;
        qint64 latencyP50Ms = 0; // over the last 200 successes
        qint64 latencyP95Ms = 0;
        int failuresInRow = 0;
        bool circuitOpen = false;
        bool paused = false;
        QString lastError;
        qint64 lastErrorAtMs = 0;
        qint64 lastSuccessAtMs = 0;
    };

    explicit EndpointHealth(int circuitThreshold = 5) : m_threshold(circuitThreshold) {}

    // Attempts looked at before a share means anything, so that the first failure is not "100%".
    static constexpr int degradedMinimumAttempts = 20;
    // The failure share (in percent, 0 for never) from which the endpoint is degraded. It is no longer
    // degraded once the share falls to half of that, so that it does not flap at the edge.
    void setDegradedPercent(int percent) { m_degradedPercent = percent; }
    // Whether the last success() or failure() (or a new threshold, seen at the next one) made the
    // endpoint degraded (true) or ended it (false); nothing when it stayed as it was. Clears it.
    std::optional<bool> takeDegradedChange() { return std::exchange(m_degradedChange, std::nullopt); }
    bool degraded() const { return m_degraded; }
    // The failure share over the recent attempts, in percent, and how many attempts it is over.
    double failurePercent() const;
    int recentAttempts() const { return int(m_recent.size()); }
    // Degraded, as an open alert from an earlier run says: the share that ends it ends the alert too.
    void carryOverDegraded() { m_degraded = true; }

    // True when this failure opened the circuit.
    bool failure(const QString &error, qint64 nowMs);
    // True when this success closed the circuit.
    bool success(qint64 latencyMs, qint64 nowMs);
    // The circuit an earlier run of the engine left open, known by its alert that is still open: it stays
    // open (one probe at a time) and the first success closes it, which resolves that alert.
    void carryOver(const QString &lastError, qint64 sinceMs);
    bool circuitOpen() const { return m_circuitOpen; }
    // It has answered, and its latest attempt succeeded.
    bool answering() const { return m_lastSuccessAt != 0 && m_failuresInRow == 0; }
    const QString &lastError() const { return m_lastError; }
    Snapshot snapshot() const;

private:
    void remember(bool ok);
    void judgeShare();

    int m_threshold;
    int m_degradedPercent = 0;
    bool m_degraded = false;
    std::optional<bool> m_degradedChange;
    std::deque<bool> m_recent;
    int m_recentFailures = 0;
    std::deque<qint64> m_latencies;
    qint64 m_attempts = 0;
    int m_failuresInRow = 0;
    bool m_circuitOpen = false;
    QString m_lastError;
    qint64 m_lastErrorAt = 0;
    qint64 m_lastSuccessAt = 0;
};

} // namespace engine
