#pragma once
// The one entry point for every message, whatever its source (push, poller, consumer, endpoint reply).
// In one transaction it stores each message in Incoming and makes one delivery per matching subscription,
// so a message is either there with all its copies or not there at all.
//
// Thread-safe. take() plans each message's copies on the caller's thread, from the latest fan-out table;
// the database writer's thread then only writes, after checking that the configuration has not changed
// since (if it has, it plans again from the stored text).

#include "FanOut.h"
#include "IncomingMessage.h"
#include "PlannedMessage.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "deliveries/NewDelivery.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace engine {

class Writer;
class QueueCounts;
class Throughput;
class WriteTransaction;

struct TakenMessage {
    enum class Outcome {
        Stored,       // new: accepted with its deliveries, or skipped when nothing matched
        AlreadyTaken, // the hub had this message_id already; nothing was stored
        Rejected,     // stored as rejected (too deep: a loop), with the reason
        Withheld,     // a consumer's message not emitted: the consumer had emitted these identifiers before
    };
    std::string id;
    Outcome outcome = Outcome::Stored;
    int deliveries = 0; // copies made
    QString reason;     // why it was rejected, or skipped for duplicates; empty when no subscription took it
    // One per planned copy, in the plan's order: the id of the delivery made, or empty where none was made
    // (its identifiers had been delivered already).
    std::vector<std::string> deliveryIds;
    // What consumers emitted from it, in the plan's order (PlannedMessage::derived), each with its own.
    std::vector<TakenMessage> derived;
};

class Ingest {
public:
    struct Limits {
        // Messages made inside the hub deeper than this are rejected, which stops loops.
        int maxDepth = 8;
        // Messages consumers may derive from one message taken from outside, at every depth together;
        // beyond it they are rejected (a consumer that multiplies what it is fed).
        int maxDerived = 1000;
    };
    // Runs on the writer thread after the transaction: `committed` tells whether any of it is durable.
    // Must not block.
    using Done = std::function<void(const Status &committed, const std::vector<TakenMessage> &messages)>;

    // `counts` and `throughput`, when given, are moved by what each commit stored.
    Ingest(Writer &writer, const Clock &clock);
    Ingest(Writer &writer, const Clock &clock, Limits limits, QueueCounts *counts = nullptr,
           Throughput *throughput = nullptr);
    ~Ingest();

    void take(std::vector<IncomingMessage> messages, Done done);
    // Takes and waits for the commit. For threads that may block: tools, tests, benchmarks.
    Result<std::vector<TakenMessage>> takeAndWait(std::vector<IncomingMessage> messages);

    // The three steps of take(), for a part that stores messages inside a transaction of its own (the
    // dispatcher, with an endpoint's reply): plan on any thread, write in the transaction, and report after
    // it commits.
    std::vector<PlannedMessage> plan(std::vector<IncomingMessage> messages) const;
    Status write(WriteTransaction &tx, std::vector<PlannedMessage> &planned, std::vector<TakenMessage> &taken);
    void committed(const std::vector<PlannedMessage> &planned, const std::vector<TakenMessage> &taken);

    // Called after each commit that made deliveries, with those deliveries, on the thread that reports
    // commits. Set once, before messages flow.
    using DeliveriesListener = std::function<void(std::vector<NewDelivery> made)>;
    void setDeliveriesListener(DeliveriesListener listener);

private:
    // What queued jobs need, shared with them so that they never outlive it.
    struct Shared;

    Writer &m_writer;
    std::shared_ptr<Shared> m_shared;
};

} // namespace engine
