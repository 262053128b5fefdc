#include "Dispatcher.h"

#include "DeliveryOutcome.h"
#include "DeliveryRequest.h"
#include "EndpointQueue.h"
#include "EndpointReply.h"
#include "HttpSender.h"
#include "ParameterMerge.h"
#include "ReplyVerdict.h"
#include "RetrySchedule.h"
#include "Targets.h"
#include "alerts/Alerts.h"
#include "config/ConfigWatcher.h"
#include "config/HubSettings.h"
#include "ingest/Ingest.h"
#include "message/Message.h"
#include "queues/QueueCounts.h"
#include "queues/Throughput.h"
#include "storage/DueDeliveries.h"
#include "storage/Writer.h"

#include <QElapsedTimer>

#include <deque>
#include <future>
#include <map>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace engine {

struct Dispatcher::Loop {
    Loop(Writer &writer, Ingest &ingest, QueueCounts &counts, ConfigWatcher &config, const Clock &clock, QString path,
         Options options, std::atomic<int> &inFlightCounter, Throughput *throughput)
        : writer(writer), ingest(ingest), counts(counts), config(config), throughput(throughput), clock(clock),
          path(std::move(path)), options(std::move(options)), inFlightCounter(inFlightCounter),
          sender(this->options.maxReplyBytes, this->options.caFile), rng(std::random_device{}())
    {
        limits = {this->options.window, this->options.offeredLimit, this->options.offeredBytes};
        if (!this->options.random) {
            this->options.random = [this] { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); };
        }
    }

    Writer &writer;
    Ingest &ingest;
    QueueCounts &counts;
    ConfigWatcher &config;
    Throughput *throughput;
    const Clock &clock;
    QString path;
    Options options;
    std::atomic<int> &inFlightCounter;
    HttpSender sender;
    std::mt19937_64 rng;

    // Filled by other threads, emptied by the loop.
    std::mutex inboxMutex;
    std::vector<NewDelivery> offered;
    bool reloadRequested = false;
    struct Committed {
        std::string deliveryId;
        qint64 endpointId;
        std::optional<qint64> dueAtMs;
        bool stored = true; // false: its outcome could not be written, so it is still as it was in the database
    };
    std::vector<Committed> committed;

    mutable std::mutex healthMutex;
    std::vector<EndpointHealth::Snapshot> healthSnapshot;

    // The loop's own.
    std::unique_ptr<DueDeliveries> reads;
    bool unknownSubscription = false; // a delivery just read names a subscription not loaded yet

    Targets targets; // its view of the configuration

    std::map<qint64, EndpointQueue> queues;
    EndpointQueue::Claims claimed;
    EndpointQueue::Limits limits;

    struct Sending {
        QueuedDelivery delivery;
        qint64 endpointId;
        qint64 startedAt;
    };
    std::unordered_map<quint64, Sending> sending;
    quint64 nextTag = 1;
    std::vector<DeliveryOutcome> outcomes;

    qint64 configRevision = -1;
    qint64 actionsRevision = -1;
    int degradedPercent = HubSettings().degradedFailurePercent; // the owner's setting, read with the revision
    std::atomic<qint64> actionsRevisionSeen{-1};                // actionsRevision, for other threads
    std::atomic<quint64> passes{0};
    // Real time, not the engine's clock (which tests may hold still): how often to look and to publish.
    QElapsedTimer sinceCheck;
    QElapsedTimer sinceHealth;
    QElapsedTimer sinceLeases;

    Status open()
    {
        Result<std::unique_ptr<DueDeliveries>> opened = DueDeliveries::open(path);
        if (!opened)
            return opened.error();
        reads = std::move(opened).value();
        return {};
    }

    void close() { reads.reset(); }

    // Its view of the configuration, from the watcher's snapshot.
    void loadConfiguration(const std::shared_ptr<const ConfigSnapshot> &snapshot)
    {
        configRevision = snapshot->revision;
        targets = Targets::from(snapshot->configuration);
        for (const auto &[id, target] : targets.endpoints) {
            auto [it, isNew] = queues.try_emplace(id, id, options.circuitThreshold);
            it->second.health.setDegradedPercent(degradedPercent);
            if (isNew) {
                it->second.held = holds(id);
                carryOverCircuit(target.name, it->second.health);
            }
            it->second.wantRefill();
        }
        // Endpoints that are gone: let go of what was waiting for them. Paused ones: of their line, which
        // may be long and would otherwise sit in memory until they are resumed.
        for (auto it = queues.begin(); it != queues.end();) {
            const auto target = targets.endpoints.find(it->first);
            if (target == targets.endpoints.end() || target->second.state != EndpointState::Active)
                it->second.forget(claimed);
            if (target == targets.endpoints.end() && it->second.inFlight == 0)
                it = queues.erase(it); // what is still in flight needs its queue until it comes back
            else
                ++it;
        }
    }

    EndpointQueue &queueOf(qint64 endpointId)
    {
        auto [it, isNew] = queues.try_emplace(endpointId, endpointId, options.circuitThreshold);
        if (isNew) {
            it->second.held = holds(endpointId);
            it->second.health.setDegradedPercent(degradedPercent);
        }
        return it->second;
    }

    // Health lives in memory, but an endpoint that was failing when the engine stopped still is until it
    // answers: its open alert says so, and keeps its circuit open. One that was degraded is until its share
    // of failures says otherwise, which then resolves that alert.
    void carryOverCircuit(const QString &endpointName, EndpointHealth &health)
    {
        if (std::optional<std::pair<QString, qint64>> alert = reads->openAlert(Alerts::EndpointFailing, endpointName))
            health.carryOver(alert->first, alert->second);
        if (reads->openAlert(Alerts::EndpointDegraded, endpointName))
            health.carryOverDegraded();
    }

    bool holds(qint64 endpointId) const { return !options.sendsTo || options.sendsTo(endpointId); }
    bool sendsTo(qint64 endpointId, const EndpointQueue &q) const { return q.held && targets.isActive(endpointId); }

    // Endpoints whose lease this engine gained or lost since the last look, ten times a second (well within
    // the margin Leases keeps before a lease could pass to another engine; not every pass, which would ask
    // the leases for each endpoint thousands of times a second): either way, what is in memory for them
    // goes, and one gained is read afresh, its pending deliveries included (another engine made them, or
    // had them in memory when it died). What is in flight to one lost comes back as usual.
    void followLeases()
    {
        if (!options.sendsTo || (sinceLeases.isValid() && sinceLeases.elapsed() < 100))
            return;
        sinceLeases.start();
        for (auto &[id, q] : queues) {
            const bool held = holds(id);
            if (held != q.held) {
                q.held = held;
                q.forget(claimed);
            }
        }
    }

    void forgetWindows()
    {
        for (auto &[id, q] : queues)
            q.forget(claimed);
    }

    // The configuration, when the watcher has a newer one (each pass: it is in memory).
    void followConfiguration()
    {
        std::shared_ptr<const ConfigSnapshot> snapshot = config.current();
        if (snapshot->revision != configRevision)
            loadConfiguration(snapshot);
    }

    // Changes to deliveries made outside the engine (the command line), every checkIntervalMs.
    void checkRevisions()
    {
        sinceCheck.start();
        followConfiguration();
        if (options.sendsTo) {
            for (auto &[id, q] : queues)
                q.lookAgain(); // for what other engines made
        }
        const std::optional<qint64> read = reads->actionsRevision();
        if (!read)
            return;
        const qint64 actions = *read;
        if (const std::optional<int> percent = reads->degradedFailurePercent();
            percent && *percent != degradedPercent) {
            degradedPercent = *percent;
            for (auto &[id, q] : queues)
                q.health.setDegradedPercent(degradedPercent);
        }
        if (actions != actionsRevision) {
            const bool first = actionsRevision < 0;
            actionsRevision = actions;
            if (!first) {
                // Someone changed deliveries from outside (the command line): read them again. The counts
                // are read by the writer, so that sending goes on meanwhile and no commit is missed.
                forgetWindows();
                counts.reload(writer);
            }
            actionsRevisionSeen.store(actions);
        }
    }

    void takeInbox()
    {
        std::vector<NewDelivery> made;
        std::vector<Committed> done;
        bool reload = false;
        {
            std::lock_guard lock(inboxMutex);
            made.swap(offered);
            done.swap(committed);
            reload = std::exchange(reloadRequested, false);
        }
        // Offers before releases: an offer for a delivery that a refill already read, sent and archived
        // always arrives before that delivery's release (commit callbacks run in commit order), so the
        // claim still stands when the offer is seen and the delivery is not sent twice.
        for (NewDelivery &d : made) {
            const qint64 endpointId = d.endpointId;
            EndpointQueue &q = queueOf(endpointId);
            q.offer(std::move(d), sendsTo(endpointId, q), limits, claimed, targets.subscriptions, unknownSubscription);
        }
        for (const Committed &c : done) {
            const auto q = queues.find(c.endpointId);
            if (q != queues.end())
                q->second.release(c.deliveryId, c.dueAtMs, c.stored, claimed);
            else
                claimed.erase(c.deliveryId);
        }
        if (reload) {
            configRevision = -1; // take the configuration again too
            followConfiguration();
            checkRevisions();
            forgetWindows();
        }
    }

    void startTransfers(qint64 now)
    {
        // Out of space, an outcome could not be recorded, and the delivery would go again and again: wait for
        // room instead (storage/SpaceState). Nothing is failed for it, and the check comes back at least
        // every checkIntervalMs.
        if (writer.space().full())
            return;
        // Round robin: each endpoint in turn takes what its own limit allows.
        for (auto &[endpointId, q] : queues) {
            const auto target = targets.endpoints.find(endpointId);
            if (target == targets.endpoints.end() || target->second.state != EndpointState::Active || !q.held)
                continue;
            const EndpointTarget &t = target->second;
            const int limit = q.health.circuitOpen() ? 1 : t.concurrency; // an open circuit sends one probe
            while (q.inFlight < limit && q.hasReady()) {
                QueuedDelivery w = q.next();
                const auto subscription = targets.subscriptions.find(w.subscriptionId);
                if (subscription == targets.subscriptions.end()) {
                    failWithoutSending(w, endpointId, QStringLiteral("its subscription no longer exists"), now);
                    continue;
                }
                HttpSender::Request request = deliveryRequest(
                    t, subscription->second, {w.id, w.type, w.storeId, *w.payload, w.updateUrl.toUtf8()}, now);
                request.tag = nextTag++;
                ++q.inFlight;
                inFlightCounter.fetch_add(1);
                sending.emplace(request.tag, Sending{std::move(w), endpointId, now});
                sender.start(std::move(request));
            }
        }
    }

    DeliveryOutcome outcomeFor(const QueuedDelivery &w, qint64 endpointId, qint64 startedAt)
    {
        DeliveryOutcome o;
        o.deliveryId = w.id;
        o.storeId = w.storeId;
        o.endpointId = endpointId;
        o.endpointName = targets.endpoints.count(endpointId) ? targets.endpoints[endpointId].name : QString();
        o.subscriptionId = w.subscriptionId;
        o.from = w.state;
        o.attempt = w.attempts + 1;
        o.startedAtMs = startedAt;
        return o;
    }

    void failWithoutSending(const QueuedDelivery &w, qint64 endpointId, const QString &why, qint64 now)
    {
        DeliveryOutcome o = outcomeFor(w, endpointId, now);
        o.error = why;
        o.to = DeliveryState::Parked;
        outcomes.push_back(std::move(o));
    }

    void handle(HttpSender::Response &r, qint64 now)
    {
        const auto it = sending.find(r.tag);
        if (it == sending.end())
            return;
        Sending s = std::move(it->second);
        sending.erase(it);
        inFlightCounter.fetch_sub(1);
        EndpointQueue &q = queueOf(s.endpointId);
        --q.inFlight;
        const QueuedDelivery &w = s.delivery;
        DeliveryOutcome o = outcomeFor(w, s.endpointId, s.startedAt);
        o.durationMs = r.durationMs;

        const auto subscription = targets.subscriptions.find(w.subscriptionId);
        ReplyContext context;
        context.endpointUrl = targets.endpoints[s.endpointId].url;
        context.updateUrl = w.updateUrl;
        context.retries =
            subscription == targets.subscriptions.end() ? RetryPolicy{false, {}} : subscription->second.retries;
        context.attempt = o.attempt;
        context.nowMs = now;
        context.random = options.random;
        ReplyVerdict v = judge(r, context);
        o.status = v.status;
        o.to = v.to;
        o.dueAtMs = v.dueAtMs;
        o.updateUrl = v.updateUrl;
        if (v.success) {
            if (q.health.success(r.durationMs, now))
                o.resolveFailingAlert = true;
            succeeded(o, w, r, v);
        } else {
            o.error = v.error;
            o.responseBody = v.responseBody;
            if (q.health.failure(o.error, now))
                o.raiseFailingAlert = o.error;
            if (v.gone) {
                o.pauseEndpoint = true;
                targets.endpoints[s.endpointId].state = EndpointState::Paused;
            }
        }
        if (const std::optional<bool> degraded = q.health.takeDegradedChange()) {
            if (*degraded)
                o.raiseDegradedAlert =
                    QStringLiteral("%1% of its last %2 deliveries failed (degraded from %3%); the last error: %4")
                        .arg(qRound(q.health.failurePercent()))
                        .arg(q.health.recentAttempts())
                        .arg(degradedPercent)
                        .arg(q.health.lastError());
            else
                o.resolveDegradedAlert = true;
        }
        outcomes.push_back(std::move(o));
    }

    // What a successful reply brings beside the delivery's new state: parameters, events, messages.
    void succeeded(DeliveryOutcome &o, const QueuedDelivery &w, const HttpSender::Response &r, const ReplyVerdict &v)
    {
        const EndpointReply &reply = v.reply;
        const QString origin = QStringLiteral("endpoint:") + o.endpointName;
        // Parameters count from the next delivery on, so the next one sent here already carries them.
        if (!reply.parameters.empty()) {
            o.parameters = reply.parameters;
            const auto subscription = targets.subscriptions.find(w.subscriptionId);
            if (subscription != targets.subscriptions.end())
                subscription->second.parameters = mergeParameters(subscription->second.parameters, reply.parameters);
        }

        const bool needsReference = !reply.notifications.empty() || !reply.messages.empty() || r.truncated ||
                                    !reply.problem.isEmpty() || v.badUpdateUrl;
        std::pair<QString, QString> reference;
        if (needsReference)
            reference = referenceOf(w.type, *w.payload);
        auto event = [&](const QString &level, const QString &subject, const QString &description) {
            o.events.push_back(Event{QString::fromStdString(w.storeId), w.parentId, level, subject, description, origin,
                                     reference.first, reference.second});
        };
        for (const Notification &n : reply.notifications)
            event(n.level, n.subject, n.description);
        if (r.truncated) {
            event(QStringLiteral("warn"), QStringLiteral("A reply from %1 was too long to read").arg(o.endpointName),
                  QStringLiteral("Only the first %1 bytes were read; its messages, notifications and parameters were "
                                 "ignored. The delivery counts as done.")
                      .arg(options.maxReplyBytes));
        }
        if (!reply.problem.isEmpty())
            event(QStringLiteral("warn"), QStringLiteral("A reply from %1 could not be followed").arg(o.endpointName),
                  reply.problem);
        if (v.badUpdateUrl)
            event(QStringLiteral("warn"), QStringLiteral("A reply from %1 could not be followed").arg(o.endpointName),
                  QStringLiteral("update_url %1 is not on the endpoint's own host; the delivery counts as done")
                      .arg(reply.updateUrl));

        std::vector<IncomingMessage> incoming;
        for (size_t i = 0; i < reply.messages.size(); ++i) {
            Result<Message> m = Message::parse(reply.messages[i]);
            if (!m) {
                event(QStringLiteral("warn"),
                      QStringLiteral("%1 replied with a message that is not valid").arg(o.endpointName),
                      QStringLiteral("messages[%1]: %2").arg(i).arg(m.error().text()));
                continue;
            }
            incoming.push_back(IncomingMessage::from(std::move(m).value(), QString::fromStdString(w.storeId),
                                                     origin.toStdString(), w.id, w.depth + 1));
        }
        if (!incoming.empty())
            o.replyMessages = ingest.plan(std::move(incoming));
    }

    void flushOutcomes()
    {
        if (outcomes.empty())
            return;
        auto batch = std::make_shared<std::vector<DeliveryOutcome>>(std::exchange(outcomes, {}));
        const qint64 now = clock.nowMs();
        writer.submit(
            [this, batch, now](WriteTransaction &tx) { return DeliveryOutcomes::write(tx, *batch, ingest, now); },
            [this, batch](const Status &status) {
                std::vector<Committed> released;
                QueueCounts::Table deltas;
                qint64 delivered = 0, failed = 0;
                for (DeliveryOutcome &o : *batch) {
                    if (status) {
                        const bool ok = o.to == DeliveryState::Archived || o.to == DeliveryState::Scheduled;
                        (ok ? delivered : failed) += 1;
                    }
                    released.push_back({o.deliveryId, o.endpointId,
                                        status ? o.dueAtMs : std::optional<qint64>(clock.nowMs()), bool(status)});
                    if (!status)
                        continue;
                    if (o.applied && o.from != o.to) {
                        const QString store = QString::fromStdString(o.storeId);
                        deltas[{store, QueueCounts::Queue::Accepted, QString::fromLatin1(deliveryStateName(o.from))}] -=
                            1;
                        deltas[{store, QueueCounts::Queue::Accepted, QString::fromLatin1(deliveryStateName(o.to))}] +=
                            1;
                    }
                    if (!o.replyMessages.empty())
                        ingest.committed(o.replyMessages, o.taken);
                }
                if (!status)
                    qWarning("Integrator: delivery outcomes could not be stored (they will be sent again): %s",
                             qPrintable(status.error().text()));
                counts.apply(deltas);
                if (throughput) {
                    throughput->delivered(delivered);
                    throughput->failed(failed);
                }
                std::lock_guard lock(inboxMutex);
                committed.insert(committed.end(), released.begin(), released.end());
                sender.wake();
            },
            int(batch->size()));
    }

    int waitMs(qint64 now) const
    {
        qint64 wait = options.checkIntervalMs;
        for (const auto &[id, q] : queues) {
            if (q.nextDueAt() != 0)
                wait = std::min(wait, std::max<qint64>(0, q.nextDueAt() - now));
        }
        return int(wait);
    }

    void publishHealth()
    {
        if (sinceHealth.isValid() && sinceHealth.elapsed() < 100)
            return;
        sinceHealth.start();
        std::vector<EndpointHealth::Snapshot> snapshot;
        for (const auto &[id, q] : queues) {
            EndpointHealth::Snapshot s = q.health.snapshot();
            s.endpointId = id;
            const auto target = targets.endpoints.find(id);
            s.name = target == targets.endpoints.end() ? QString() : target->second.name;
            s.paused = target != targets.endpoints.end() && target->second.state != EndpointState::Active;
            s.inFlight = q.inFlight;
            s.waiting = q.readyCount();
            snapshot.push_back(s);
        }
        std::lock_guard lock(healthMutex);
        healthSnapshot = std::move(snapshot);
    }

    void run(const Worker &worker)
    {
        followConfiguration();
        checkRevisions();
        while (true) {
            {
                std::lock_guard lock(worker.mutex());
                if (worker.stopping())
                    break;
            }
            takeInbox();
            followConfiguration();
            const qint64 now = clock.nowMs();
            if (sinceCheck.elapsed() >= options.checkIntervalMs)
                checkRevisions();
            followLeases();
            for (auto &[id, q] : queues)
                q.refill(now, sendsTo(id, q), *reads, limits, claimed, targets.subscriptions, unknownSubscription);
            // A delivery made under a configuration newer than the snapshot: wait for the watcher to see it.
            if (std::exchange(unknownSubscription, false))
                loadConfiguration(config.latest());
            startTransfers(now);
            flushOutcomes(); // deliveries that could not even be sent
            for (HttpSender::Response &r : sender.poll(waitMs(now)))
                handle(r, clock.nowMs());
            flushOutcomes();
            publishHealth();
            passes.fetch_add(1);
        }
    }
};

Dispatcher::Dispatcher(Writer &writer, Ingest &ingest, QueueCounts &counts, ConfigWatcher &config, const Clock &clock,
                       QString databasePath, Options options, Throughput *throughput)
    : m_loop(std::make_unique<Loop>(writer, ingest, counts, config, clock, std::move(databasePath), std::move(options),
                                    m_inFlight, throughput)),
      m_worker([this] { m_loop->sender.wake(); })
{
}

Dispatcher::~Dispatcher()
{
    stop();
}

Status Dispatcher::start()
{
    return m_worker.start<bool>(
        "dispatcher",
        [this]() -> Result<bool> {
            if (Status ok = m_loop->open(); !ok) {
                m_loop->close();
                return ok.error();
            }
            return true;
        },
        [this](bool) {
            m_loop->run(m_worker);
            m_loop->close();
        });
}

void Dispatcher::stop()
{
    m_worker.stop();
}

void Dispatcher::offer(std::vector<NewDelivery> made)
{
    {
        std::lock_guard lock(m_loop->inboxMutex);
        if (m_loop->offered.empty())
            m_loop->offered = std::move(made);
        else
            m_loop->offered.insert(m_loop->offered.end(), std::make_move_iterator(made.begin()),
                                   std::make_move_iterator(made.end()));
    }
    m_loop->sender.wake();
}

void Dispatcher::reload()
{
    {
        std::lock_guard lock(m_loop->inboxMutex);
        m_loop->reloadRequested = true;
    }
    m_loop->sender.wake();
}

void Dispatcher::configurationChanged()
{
    m_loop->sender.wake(); // each pass looks at the latest snapshot
}

quint64 Dispatcher::passes() const
{
    return m_loop->passes.load();
}

qint64 Dispatcher::actionsRevisionSeen() const
{
    return m_loop->actionsRevisionSeen.load();
}

std::vector<EndpointHealth::Snapshot> Dispatcher::health() const
{
    std::lock_guard lock(m_loop->healthMutex);
    return m_loop->healthSnapshot;
}

} // namespace engine
