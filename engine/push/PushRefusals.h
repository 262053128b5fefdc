#pragma once
// The pushes the push API refused, so that a store that stopped getting through is seen rather than just
// going quiet: counts by reason since the engine started, the latest refusals with who sent them, and each
// store's run of pushes refused for its token, which raises an alert (Alerts::StorePushRefused) once it is
// long enough. Kept in memory, like the engine's throughput: a flood of bad requests costs no writes.
// Thread-safe: the push server's thread records, anyone reads.

#include <QString>
#include <QtGlobal>

#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <vector>

namespace engine {

class PushRefusals {
public:
    struct Refusal {
        qint64 atMs = 0;
        QString store; // as the request named it (it may name no store there is)
        int status = 0;
        QString reason; // one of the reasons below
        QString detail; // what the sender was told
        QString from;   // the sender's address
    };

    // Why a push was refused, as counted.
    static inline const QString WrongToken = QStringLiteral("wrong token");
    static inline const QString MissingToken = QStringLiteral("no token");
    static inline const QString UnknownStore = QStringLiteral("unknown store");
    static inline const QString NotJson = QStringLiteral("not JSON");
    static inline const QString MalformedBody = QStringLiteral("malformed body");
    static inline const QString InvalidMessage = QStringLiteral("invalid message");
    static inline const QString Busy = QStringLiteral("hub busy");

    static constexpr size_t kept = 200;
    // Refusals for its token in a row (no push of the store accepted between them) that raise the alert.
    static constexpr int alertAfter = 5;

    // Records a refusal. True when it makes the store's run of token refusals reach alertAfter.
    bool refused(Refusal refusal);
    // A push of the store was accepted: its run ends. True when the run had raised the alert (or an earlier
    // run of the engine had, as carryOver() said), which this push resolves.
    bool accepted(const QString &store);
    // The store's pushes were refused when the engine last stopped: its alert is still open.
    void carryOver(const QString &store);

    std::map<QString, qint64> countsByReason() const;
    qint64 total() const;
    // The latest, newest first.
    std::vector<Refusal> recent() const;

private:
    mutable std::mutex m_mutex;
    std::map<QString, qint64> m_counts;
    qint64 m_total = 0;
    std::deque<Refusal> m_recent;
    std::map<QString, int> m_tokenRun; // by store
    std::set<QString> m_alerted;       // stores whose alert is open
};

} // namespace engine
