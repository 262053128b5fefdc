#include "Ingest.h"

#include "core/ObjectId.h"
#include "deliveries/Delivery.h"
#include "message/MessageState.h"
#include "queues/QueueCounts.h"
#include "queues/Throughput.h"
#include "storage/ConfigStore.h"
#include "storage/DeliveryStore.h"
#include "storage/MessageStore.h"
#include "storage/WriteTransaction.h"
#include "storage/Writer.h"

#include <algorithm>
#include <future>
#include <mutex>

namespace engine {

namespace {

// What a committed batch adds to the queue counts: each new message in its state, each copy as pending.
QueueCounts::Table countChanges(const std::vector<PlannedMessage> &planned, const std::vector<TakenMessage> &taken)
{
    QueueCounts::Table deltas;
    for (size_t i = 0; i < taken.size() && i < planned.size(); ++i) {
        const TakenMessage &t = taken[i];
        if (t.outcome == TakenMessage::Outcome::AlreadyTaken)
            continue;
        const QString store = toQString(planned[i].storeId);
        const MessageState state = t.outcome == TakenMessage::Outcome::Rejected
                                       ? MessageState::Rejected
                                       : (t.deliveries > 0 ? MessageState::Accepted : MessageState::Skipped);
        deltas[{store, QueueCounts::Queue::Incoming, QLatin1String(messageStateName(state))}] += 1;
        if (t.deliveries > 0)
            deltas[{store, QueueCounts::Queue::Accepted, QLatin1String(deliveryStateName(DeliveryState::Pending))}] +=
                t.deliveries;
    }
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

} // namespace

struct Ingest::Shared {
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

    // On the sender's thread: everything but the writing.
    PlannedMessage plan(IncomingMessage &in, const FanOut *table) const
    {
        PlannedMessage p{std::move(in.id),          std::move(in.type),     toStdString(in.storeId),
                         std::move(in.source),      std::move(in.parentId), in.depth,
                         std::move(in.payloadText), std::move(in.extraText)};
        if (in.depth > limits.maxDepth) {
            p.rejected = true;
            p.reason = QStringLiteral("made %1 steps from its origin, more than the limit of %2: a loop?")
                           .arg(in.depth)
                           .arg(limits.maxDepth);
        } else if (table) {
            LazyDocument document([&in, &p] { return in.document ? std::move(*in.document) : documentOf(p); });
            route(p, document, *table);
        }
        return p;
    }

    // On the writer thread, when the configuration changed after plan(): route it again, from its text.
    void replan(PlannedMessage &p, const FanOut &table) const
    {
        LazyDocument document([&p] { return documentOf(p); });
        route(p, document, table);
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
        for (const TakenMessage &t : taken)
            stored += t.outcome == TakenMessage::Outcome::AlreadyTaken ? 0 : 1;
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
    for (size_t i = 0; i < taken.size() && i < planned.size(); ++i) {
        const PlannedMessage &p = planned[i];
        const TakenMessage &t = taken[i];
        if (t.deliveries == 0 || t.deliveryIds.size() != p.copies.size())
            continue;
        const auto payload = std::make_shared<const std::string>(p.payloadText);
        for (size_t c = 0; c < p.copies.size(); ++c) {
            if (t.deliveryIds[c].empty())
                continue;
            made.push_back(NewDelivery{t.deliveryIds[c], p.id, p.storeId, p.type, p.copies[c].subscriptionId,
                                       p.copies[c].endpointId, p.depth, payload});
        }
    }
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

    MessageStore store(tx);
    DeliveryStore deliveries(tx);
    const qint64 now = clock.nowMs();
    const auto nowSeconds = static_cast<quint32>(now / 1000);
    out.reserve(messages.size());

    for (const PlannedMessage &p : messages) {
        TakenMessage taken{p.id, p.rejected ? TakenMessage::Outcome::Rejected : TakenMessage::Outcome::Stored, 0,
                           p.reason};
        const std::string reason = toStdString(p.reason);
        // The copies' ids first: the message row carries their range (storage/CopyRange.h).
        std::vector<std::string> &copyIds = taken.deliveryIds;
        copyIds.reserve(p.copies.size());
        for (size_t c = 0; c < p.copies.size(); ++c)
            copyIds.push_back(ObjectId::generate(nowSeconds).toString());
        MessageStore::MessageRow row;
        row.id = p.id;
        row.storeId = p.storeId;
        row.type = p.type;
        row.state = p.rejected         ? MessageState::Rejected
                    : p.copies.empty() ? MessageState::Skipped
                                       : MessageState::Accepted;
        row.reason = reason;
        row.source = p.source;
        row.parentId = p.parentId;
        row.depth = p.depth;
        row.receivedAt = now;
        row.payload = p.payloadText;
        row.extra = p.extraText;
        if (!copyIds.empty()) {
            row.firstCopyId = *std::min_element(copyIds.begin(), copyIds.end());
            row.lastCopyId = *std::max_element(copyIds.begin(), copyIds.end());
        }
        Result<bool> inserted = store.insert(row);
        if (!inserted)
            return inserted.error();
        if (!*inserted) {
            out.push_back(TakenMessage{p.id, TakenMessage::Outcome::AlreadyTaken});
            continue;
        }

        for (size_t c = 0; c < p.copies.size(); ++c) {
            const PlannedCopy &copy = p.copies[c];
            std::string &deliveryId = copyIds[c];
            if (copy.identifiers) {
                Result<bool> claimed = deliveries.claimIdentifiers(copy.subscriptionId, *copy.identifiers, deliveryId);
                if (!claimed)
                    return claimed.error();
                if (!*claimed) {
                    if (Status ok = deliveries.recordDuplicate(p.id, copy.subscriptionId, *copy.identifiers, now); !ok)
                        return ok;
                    deliveryId.clear(); // not made
                    continue;
                }
            }
            if (Status ok =
                    deliveries.insert({deliveryId, p.id, p.storeId, p.type, copy.subscriptionId, copy.endpointId, now});
                !ok)
                return ok;
            ++taken.deliveries;
        }

        if (!p.copies.empty() && taken.deliveries == 0) {
            taken.reason = QStringLiteral("every subscription that takes it had these identifiers delivered already");
            if (Status ok = store.markSkipped(p.id, toStdString(taken.reason)); !ok)
                return ok;
        }
        out.push_back(std::move(taken));
    }
    return {};
}

} // namespace engine
