#include "Ingest.h"

#include "core/ObjectId.h"
#include "deliveries/Delivery.h"
#include "message/MessageState.h"
#include "queues/QueueCounts.h"
#include "queues/Throughput.h"
#include "storage/ConfigStore.h"
#include "storage/ConsumerStore.h"
#include "storage/DeliveryStore.h"
#include "storage/EventStore.h"
#include "storage/MessageStore.h"
#include "storage/WriteTransaction.h"
#include "storage/Writer.h"

#include <algorithm>
#include <future>
#include <map>
#include <mutex>

namespace engine {

namespace {

// Calls `visit` for each message the batch stored, derived ones included: the plan and what was taken.
template <typename Visit> void forEachStored(const PlannedMessage &p, const TakenMessage &t, const Visit &visit)
{
    if (t.outcome == TakenMessage::Outcome::AlreadyTaken || t.outcome == TakenMessage::Outcome::Withheld)
        return;
    visit(p, t);
    for (size_t i = 0; i < t.derived.size() && i < p.derived.size(); ++i)
        forEachStored(p.derived[i].message, t.derived[i], visit);
}

template <typename Visit>
void forEachStored(const std::vector<PlannedMessage> &planned, const std::vector<TakenMessage> &taken,
                   const Visit &visit)
{
    for (size_t i = 0; i < taken.size() && i < planned.size(); ++i)
        forEachStored(planned[i], taken[i], visit);
}

// What a committed batch adds to the queue counts: each new message in its state, each copy as pending.
QueueCounts::Table countChanges(const std::vector<PlannedMessage> &planned, const std::vector<TakenMessage> &taken)
{
    QueueCounts::Table deltas;
    forEachStored(planned, taken, [&deltas](const PlannedMessage &p, const TakenMessage &t) {
        const QString store = toQString(p.storeId);
        const MessageState state = t.outcome == TakenMessage::Outcome::Rejected
                                       ? MessageState::Rejected
                                       : (t.deliveries > 0 ? MessageState::Accepted : MessageState::Skipped);
        deltas[{store, QueueCounts::Queue::Incoming, QLatin1String(messageStateName(state))}] += 1;
        if (t.deliveries > 0)
            deltas[{store, QueueCounts::Queue::Accepted, QLatin1String(deliveryStateName(DeliveryState::Pending))}] +=
                t.deliveries;
    });
    return deltas;
}

// The message as a tree, rebuilt from its stored text.
Json documentOf(const PlannedMessage &p)
{
    IncomingMessage text;
    text.id = p.id;
    text.type = p.type;
    text.payloadText = p.payloadText;
    text.extraText = p.extraText;
    return text.parseDocument();
}

// A message's text, origin and the objects it is about, not yet routed.
PlannedMessage unplanned(IncomingMessage &in)
{
    PlannedMessage p{std::move(in.id),       std::move(in.type), toStdString(in.storeId),   std::move(in.source),
                     std::move(in.parentId), in.depth,           std::move(in.payloadText), std::move(in.extraText)};
    p.objects = objectsOf(p.type, p.payloadText);
    return p;
}

// The message `rule` emits from `parent`.
IncomingMessage emitted(const PlannedMessage &parent, const ConsumerRule &rule, Json payload)
{
    IncomingMessage child;
    child.id = ObjectId::generate().toString();
    child.type = rule.emits();
    child.storeId = toQString(parent.storeId);
    child.source = rule.source();
    child.parentId = parent.id;
    child.depth = parent.depth + 1;
    child.payloadText = payload.dump();
    child.document = Json{{"message", child.type}, {"message_id", child.id}, {"payload", std::move(payload)}};
    return child;
}

// "order R123 canceled: order:canceled emitted by canceled-orders", on the emitted message's object.
Event emittedEvent(const IncomingMessage &child, const ConsumerRule &rule)
{
    Event e;
    e.storeId = child.storeId;
    e.messageId = child.id;
    e.origin = toQString(rule.source());
    std::tie(e.referenceType, e.referenceId) = referenceOf(child.type, child.payloadText);
    const QString type = toQString(child.type);
    const QString verb = type.mid(type.indexOf(QLatin1Char(':')) + 1);
    e.subject = e.referenceId.isEmpty() ? QStringLiteral("%1 emitted").arg(type)
                                        : QStringLiteral("%1 %2 %3").arg(e.referenceType, e.referenceId, verb);
    e.description = QStringLiteral("%1 emitted by %2").arg(type, rule.name());
    return e;
}

// Why a consumer that took the message emitted nothing, on the message's object.
Event nothingEmitted(const PlannedMessage &p, const ConsumerRule &rule, const QString &problem)
{
    Event e;
    e.storeId = toQString(p.storeId);
    e.messageId = p.id;
    e.level = QStringLiteral("warn");
    e.origin = toQString(rule.source());
    std::tie(e.referenceType, e.referenceId) = referenceOf(p.type, p.payloadText);
    e.subject = QStringLiteral("%1 emitted nothing").arg(rule.name());
    e.description = problem;
    return e;
}

} // namespace

struct Ingest::Shared {
    Shared(const Clock &clock, Limits limits) : clock(clock), limits(limits) {}

    const Clock &clock;
    Limits limits;
    // The newest fan-out table: built on the writer thread, read by every thread that calls take().
    std::mutex mutex;
    std::shared_ptr<const FanOut> fanOut;
    QueueCounts *counts = nullptr;
    Throughput *throughput = nullptr;
    DeliveriesListener deliveriesListener;

    void committed(const std::vector<PlannedMessage> &planned, const std::vector<TakenMessage> &taken);

    std::shared_ptr<const FanOut> latest()
    {
        std::lock_guard lock(mutex);
        return fanOut;
    }

    void route(PlannedMessage &p, LazyDocument &document, const FanOut &table) const
    {
        p.revision = table.revision();
        p.copies = table.copies(p.type, p.storeId, document);
        p.reason.clear(); // skipped without a reason: no subscription takes it (formatting one per message costs)
    }

    // On the sender's thread: everything but the writing, for a message and all that consumers derive from it.
    PlannedMessage plan(IncomingMessage &in, const FanOut *table) const
    {
        int budget = limits.maxDerived;
        return plan(in, table, budget);
    }

    PlannedMessage plan(IncomingMessage &in, const FanOut *table, int &budget) const
    {
        PlannedMessage p = unplanned(in);
        if (in.depth > limits.maxDepth) {
            p.rejected = true;
            p.reason = QStringLiteral("made %1 steps from its origin, more than the limit of %2: a loop?")
                           .arg(in.depth)
                           .arg(limits.maxDepth);
        } else if (table) {
            LazyDocument document([&in, &p] { return in.document ? std::move(*in.document) : documentOf(p); });
            route(p, document, *table);
            derive(p, document, *table, budget);
        }
        return p;
    }

    // On the writer thread, when the configuration changed after plan(): route and derive again, from its text.
    void replan(PlannedMessage &p, const FanOut &table) const
    {
        LazyDocument document([&p] { return documentOf(p); });
        route(p, document, table);
        p.derived.clear();
        p.planEvents.clear();
        int budget = limits.maxDerived;
        derive(p, document, table, budget);
    }

    // What each consumer that takes the message emits from it, planned in turn (depth + 1).
    void derive(PlannedMessage &p, LazyDocument &document, const FanOut &table, int &budget) const
    {
        for (const ConsumerRule &rule : table.consumers()) {
            if (!rule.takes(p.type))
                continue;
            ConsumerRule::Outcome outcome = rule.apply(document.get());
            for (const QString &problem : outcome.problems)
                p.planEvents.push_back(nothingEmitted(p, rule, problem));
            for (ConsumerRule::Emission &emission : outcome.emitted) {
                IncomingMessage child = emitted(p, rule, std::move(emission.payload));
                Event event = emittedEvent(child, rule);
                DerivedMessage d;
                d.consumerId = rule.id();
                d.identifiers = std::move(emission.identifiers);
                if (--budget < 0) {
                    d.message = unplanned(child);
                    d.message.rejected = true;
                    d.message.reason = QStringLiteral("consumers made more than %1 messages from one message: a "
                                                      "consumer that multiplies what it is fed?")
                                           .arg(limits.maxDerived);
                } else {
                    d.message = plan(child, &table, budget);
                }
                if (!d.message.rejected) // a rejected one tells its reason on its own row
                    d.message.planEvents.push_back(std::move(event));
                p.derived.push_back(std::move(d));
            }
        }
    }

    // The fan-out table for `revision`, built and published if it is not the newest one.
    Result<std::shared_ptr<const FanOut>> at(WriteTransaction &tx, qint64 revision)
    {
        if (auto current = latest(); current && current->revision() == revision)
            return current;
        Result<Configuration> config = ConfigStore(tx.database(), clock).load();
        if (!config)
            return config.error();
        Result<FanOut> built = FanOut::build(*config, revision);
        if (!built)
            return built.error();
        auto table = std::make_shared<const FanOut>(std::move(built).value());
        std::lock_guard lock(mutex);
        fanOut = table;
        return table;
    }

    Status write(WriteTransaction &tx, std::vector<PlannedMessage> &messages, std::vector<TakenMessage> &out);
    struct Writing;
    Result<TakenMessage> writeOne(Writing &w, const PlannedMessage &p);
};

Ingest::Ingest(Writer &writer, const Clock &clock) : Ingest(writer, clock, Limits{}, nullptr) {}

Ingest::Ingest(Writer &writer, const Clock &clock, Limits limits, QueueCounts *counts, Throughput *throughput)
    : m_writer(writer), m_shared(std::make_shared<Shared>(clock, limits))
{
    m_shared->counts = counts;
    m_shared->throughput = throughput;
}

Ingest::~Ingest() = default;

std::vector<PlannedMessage> Ingest::plan(std::vector<IncomingMessage> messages) const
{
    const std::shared_ptr<const FanOut> table = m_shared->latest();
    std::vector<PlannedMessage> planned;
    planned.reserve(messages.size());
    for (IncomingMessage &in : messages)
        planned.push_back(m_shared->plan(in, table.get()));
    return planned;
}

Status Ingest::write(WriteTransaction &tx, std::vector<PlannedMessage> &planned, std::vector<TakenMessage> &taken)
{
    taken.clear(); // the writer may run a job again after a rollback
    return m_shared->write(tx, planned, taken);
}

void Ingest::committed(const std::vector<PlannedMessage> &planned, const std::vector<TakenMessage> &taken)
{
    m_shared->committed(planned, taken);
}

void Ingest::Shared::committed(const std::vector<PlannedMessage> &planned, const std::vector<TakenMessage> &taken)
{
    if (counts)
        counts->apply(countChanges(planned, taken));
    if (throughput) {
        qint64 stored = 0;
        forEachStored(planned, taken, [&stored](const PlannedMessage &, const TakenMessage &) { ++stored; });
        throughput->taken(stored);
    }
    DeliveriesListener listener;
    {
        std::lock_guard lock(mutex);
        listener = deliveriesListener;
    }
    if (!listener)
        return;
    std::vector<NewDelivery> made;
    forEachStored(planned, taken, [&made](const PlannedMessage &p, const TakenMessage &t) {
        if (t.deliveries == 0 || t.deliveryIds.size() != p.copies.size())
            return;
        const auto payload = std::make_shared<const std::string>(p.payloadText);
        for (size_t c = 0; c < p.copies.size(); ++c) {
            if (t.deliveryIds[c].empty())
                continue;
            made.push_back(NewDelivery{t.deliveryIds[c], p.id, p.storeId, p.type, p.copies[c].subscriptionId,
                                       p.copies[c].endpointId, p.depth, payload});
        }
    });
    if (!made.empty())
        listener(std::move(made));
}

void Ingest::setDeliveriesListener(DeliveriesListener listener)
{
    std::lock_guard lock(m_shared->mutex);
    m_shared->deliveriesListener = std::move(listener);
}

void Ingest::take(std::vector<IncomingMessage> messages, Done done)
{
    // Planned here, on the sender's thread; the parsed messages are freed here too, not on the writer's.
    auto batch = std::make_shared<std::vector<PlannedMessage>>(plan(std::move(messages)));
    auto taken = std::make_shared<std::vector<TakenMessage>>();
    const int weight = static_cast<int>(batch->size());
    // The jobs hold the shared part only, so they may outlive this object.
    m_writer.submit(
        [shared = m_shared, batch, taken](WriteTransaction &tx) {
            taken->clear();
            return shared->write(tx, *batch, *taken);
        },
        [shared = m_shared, batch, taken, done = std::move(done)](const Status &status) {
            if (status)
                shared->committed(*batch, *taken);
            if (done)
                done(status, *taken);
        },
        weight);
}

Result<std::vector<TakenMessage>> Ingest::takeAndWait(std::vector<IncomingMessage> messages)
{
    std::promise<Result<std::vector<TakenMessage>>> finished;
    auto result = finished.get_future();
    take(std::move(messages), [&finished](const Status &committed, const std::vector<TakenMessage> &taken) {
        if (committed)
            finished.set_value(taken);
        else
            finished.set_value(committed.error());
    });
    return result.get();
}

// What one job's writing shares: the stores with their prepared statements, the time, and what consumers
// emitted (counted once per job, not once per message).
struct Ingest::Shared::Writing {
    explicit Writing(WriteTransaction &tx, qint64 now)
        : tx(tx), messages(tx), deliveries(tx), consumers(tx), now(now), nowSeconds(static_cast<quint32>(now / 1000))
    {
    }
    WriteTransaction &tx;
    MessageStore messages;
    DeliveryStore deliveries;
    ConsumerStore consumers;
    qint64 now;
    quint32 nowSeconds;
    std::map<qint64, qint64> emittedBy; // consumer id → messages emitted
};

Status Ingest::Shared::write(WriteTransaction &tx, std::vector<PlannedMessage> &messages,
                             std::vector<TakenMessage> &out)
{
    Result<qint64> revision = tx.configRevision();
    if (!revision)
        return revision.error();
    std::shared_ptr<const FanOut> table;
    for (PlannedMessage &p : messages) {
        if (p.rejected || p.revision == *revision)
            continue;
        if (!table) {
            Result<std::shared_ptr<const FanOut>> current = at(tx, *revision);
            if (!current)
                return current.error();
            table = std::move(current).value();
        }
        replan(p, *table);
    }

    Writing w(tx, clock.nowMs());
    out.reserve(messages.size());
    for (const PlannedMessage &p : messages) {
        Result<TakenMessage> taken = writeOne(w, p);
        if (!taken)
            return taken.error();
        out.push_back(std::move(taken).value());
    }
    for (const auto &[consumerId, emitted] : w.emittedBy) {
        if (Status ok = w.consumers.countEmitted(consumerId, emitted, w.now); !ok)
            return ok;
    }
    return {};
}

// The message with its copies, then what consumers derived from it, unless the hub had it already.
Result<TakenMessage> Ingest::Shared::writeOne(Writing &w, const PlannedMessage &p)
{
    TakenMessage taken{p.id, p.rejected ? TakenMessage::Outcome::Rejected : TakenMessage::Outcome::Stored, 0, p.reason};
    // The copies' ids first: the message row carries their range (storage/CopyRange.h).
    std::vector<std::string> &copyIds = taken.deliveryIds;
    copyIds.reserve(p.copies.size());
    for (size_t c = 0; c < p.copies.size(); ++c)
        copyIds.push_back(ObjectId::generate(w.nowSeconds).toString());
    MessageStore::MessageRow row;
    row.id = p.id;
    row.storeId = p.storeId;
    row.type = p.type;
    row.state = p.rejected ? MessageState::Rejected : p.copies.empty() ? MessageState::Skipped : MessageState::Accepted;
    const std::string reason = toStdString(p.reason);
    row.reason = reason;
    row.source = p.source;
    row.parentId = p.parentId;
    row.depth = p.depth;
    row.receivedAt = w.now;
    row.payload = p.payloadText;
    row.extra = p.extraText;
    if (!copyIds.empty()) {
        row.firstCopyId = *std::min_element(copyIds.begin(), copyIds.end());
        row.lastCopyId = *std::max_element(copyIds.begin(), copyIds.end());
    }
    Result<bool> inserted = w.messages.insert(row);
    if (!inserted)
        return inserted.error();
    if (!*inserted)
        return TakenMessage{p.id, TakenMessage::Outcome::AlreadyTaken};
    if (Status ok = w.messages.addObjects(p.id, p.objects); !ok)
        return ok.error();

    for (size_t c = 0; c < p.copies.size(); ++c) {
        const PlannedCopy &copy = p.copies[c];
        std::string &deliveryId = copyIds[c];
        if (copy.identifiers) {
            Result<bool> claimed = w.deliveries.claimIdentifiers(copy.subscriptionId, *copy.identifiers, deliveryId);
            if (!claimed)
                return claimed.error();
            if (!*claimed) {
                if (Status ok = w.deliveries.recordDuplicate(p.id, copy.subscriptionId, *copy.identifiers, w.now); !ok)
                    return ok.error();
                deliveryId.clear(); // not made
                continue;
            }
        }
        if (Status ok =
                w.deliveries.insert({deliveryId, p.id, p.storeId, p.type, copy.subscriptionId, copy.endpointId, w.now});
            !ok)
            return ok.error();
        ++taken.deliveries;
    }

    if (!p.copies.empty() && taken.deliveries == 0) {
        taken.reason = QStringLiteral("every subscription that takes it had these identifiers delivered already");
        if (Status ok = w.messages.markSkipped(p.id, toStdString(taken.reason)); !ok)
            return ok.error();
    }
    for (const std::vector<Event> *events : {&p.events, &p.planEvents}) {
        for (const Event &e : *events) {
            if (Status ok = EventStore::record(w.tx, e, w.now); !ok)
                return ok.error();
        }
    }

    taken.derived.reserve(p.derived.size());
    for (const DerivedMessage &d : p.derived) {
        if (d.identifiers && !d.message.rejected) { // a rejected message does not use its identifiers up
            Result<bool> claimed = w.consumers.claimIdentifiers(d.consumerId, *d.identifiers, d.message.id);
            if (!claimed)
                return claimed.error();
            if (!*claimed) {
                taken.derived.push_back(TakenMessage{d.message.id, TakenMessage::Outcome::Withheld});
                continue;
            }
        }
        Result<TakenMessage> child = writeOne(w, d.message);
        if (!child)
            return child.error();
        if (child->outcome == TakenMessage::Outcome::Stored)
            ++w.emittedBy[d.consumerId];
        taken.derived.push_back(std::move(child).value());
    }
    return taken;
}

} // namespace engine
