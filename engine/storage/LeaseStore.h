#pragma once
// Where leases (cluster/Leases) are kept: which engine holds each, until when, in the database's own time.
// Inside the writer's transaction, one LeaseStore per job (it keeps its statements prepared).
//
// Taking a lease never waits for another engine: a lease another transaction is taking at this moment is
// passed over (FOR UPDATE SKIP LOCKED), and taken, if still free, at a later round. That keeps two engines
// that race for the same leases from waiting on each other.

#include "core/Result.h"

#include <map>
#include <string>

namespace engine {

class WriteTransaction;

class LeaseStore {
public:
    explicit LeaseStore(WriteTransaction &tx);

    // Takes `name` for `holder` for `ttlMs` from now, or renews it when `holder` has it already. True when
    // `holder` holds it now; false when another holder's lease has not run out (or is being taken).
    Result<bool> take(const std::string &name, const std::string &holder, qint64 ttlMs);
    // Gives it up now, for another engine to take at once. Nothing when `holder` does not hold it.
    Status release(const std::string &name, const std::string &holder);
    // Gives up every lease `holder` holds.
    Status releaseAll(const std::string &holder);
    // The leases that have not run out whose names start with `prefix`: name to holder.
    Result<std::map<std::string, std::string>> live(const std::string &prefix);

private:
    WriteTransaction &m_tx;
    std::string m_now; // the dialect's expression for the database's time in milliseconds
};

} // namespace engine
