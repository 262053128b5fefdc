#include "DeliveryActions.h"

#include "Dispatcher.h"
#include "events/Event.h"
#include "queues/QueueCounts.h"
#include "storage/ConfigStore.h"
#include "storage/DeliveryStore.h"
#include "storage/EventStore.h"
#include "storage/MessageStore.h"
#include "storage/SettingsStore.h"
#include "storage/Writer.h"

#include <QStringList>

#include <future>

namespace engine {

namespace {

constexpr int chunkSize = 500;

QString describe(const DeliveryActions::Selection &s, const std::vector<DeliveryState> &states)
{
    QStringList parts;
    QStringList names;
    for (DeliveryState st : states)
        names << QLatin1String(deliveryStateName(st));
    parts << names.join(QStringLiteral(" or "));
    if (s.endpointId)
        parts << QStringLiteral("of endpoint #%1").arg(*s.endpointId);
    if (s.subscriptionId)
        parts << QStringLiteral("of subscription #%1").arg(*s.subscriptionId);
    if (!s.type.isEmpty())
        parts << QStringLiteral("of type %1").arg(s.type);
    return parts.join(QLatin1Char(' '));
}

// What the store selects for the job's selection and states.
DeliveryStore::Selection storeSelection(const DeliveryActions::Selection &s, const std::vector<DeliveryState> &states)
{
    return {states, s.endpointId, s.subscriptionId, s.type.toStdString()};
}

struct Job {
    DeliveryActions::Action action;
    DeliveryActions::Selection selection;
    std::vector<DeliveryState> states;
    std::shared_ptr<DeliveryActions::Run> run;
    std::function<void(DeliveryActions::Progress)> progress;
    std::function<void(const Status &, int)> finished;
    DeliveryActions::Progress done;
    size_t nextId = 0; // for a selection by ids
    bool counted = false;
    // Of the chunk just written:
    int changed = 0;
    QueueCounts::Table deltas;
};

Status countTotal(WriteTransaction &tx, Job &job)
{
    if (!job.selection.endpointName.isEmpty() && !job.selection.endpointId) {
        Result<qint64> id = ConfigStore(tx.database(), tx.clock()).endpointId(job.selection.endpointName);
        if (!id)
            return Error{QStringLiteral("there is no endpoint named '%1'").arg(job.selection.endpointName)};
        job.selection.endpointId = *id;
    }
    if (!job.selection.ids.empty()) {
        job.done.total = int(job.selection.ids.size());
        return {};
    }
    Result<qint64> total = DeliveryStore(tx).count(storeSelection(job.selection, job.states));
    if (!total)
        return total.error();
    job.done.total = int(*total);
    return {};
}

using Target = DeliveryStore::Selected;

Result<std::vector<Target>> nextChunk(WriteTransaction &tx, Job &job)
{
    DeliveryStore deliveries(tx);
    if (job.selection.ids.empty()) {
        // Each chunk moves its rows out of the selected states, so the next one starts from the top again.
        return deliveries.select(storeSelection(job.selection, job.states), chunkSize);
    }
    std::vector<Target> targets;
    for (; job.nextId < job.selection.ids.size() && targets.size() < size_t(chunkSize); ++job.nextId) {
        Result<std::optional<Target>> one = deliveries.selectOne(job.selection.ids[job.nextId]);
        if (!one)
            return one.error();
        if (*one && std::find(job.states.begin(), job.states.end(), (*one)->state) != job.states.end())
            targets.push_back(std::move(**one));
    }
    return targets;
}

Status applyChunk(WriteTransaction &tx, Job &job, qint64 now, bool external)
{
    job.changed = 0;
    job.deltas.clear();
    if (!job.counted) {
        if (Status ok = countTotal(tx, job); !ok)
            return ok;
    }
    Result<std::vector<Target>> targets = nextChunk(tx, job);
    if (!targets)
        return targets.error();

    using Action = DeliveryActions::Action;
    const DeliveryState to = job.action == Action::Archive   ? DeliveryState::Archived
                             : job.action == Action::Discard ? DeliveryState::Discarded
                                                             : DeliveryState::Pending;
    const std::string toName = deliveryStateName(to);
    DeliveryStore deliveries(tx);
    for (const Target &t : *targets) {
        if (Status ok = deliveries.move(t.id, to, now); !ok)
            return ok;
        ++job.changed;
        const QString store = QString::fromStdString(t.storeId);
        job.deltas[{store, QueueCounts::Queue::Accepted, QString::fromLatin1(deliveryStateName(t.state))}] -= 1;
        job.deltas[{store, QueueCounts::Queue::Accepted, QString::fromStdString(toName)}] += 1;
    }

    // The owner's action, as an event: about the delivery's object when it is one delivery.
    if (job.changed > 0) {
        Event event;
        event.origin = QStringLiteral("owner");
        const QString verb = QString::fromLatin1(DeliveryActions::actionName(job.action));
        if (job.selection.ids.size() == 1) {
            const Target &t = targets->front();
            event.storeId = QString::fromStdString(t.storeId);
            event.messageId = t.parentId;
            event.subject =
                QStringLiteral("The owner chose %1 for delivery %2").arg(verb, QString::fromStdString(t.id));
            event.description = QStringLiteral("It was %1 and is now %2.")
                                    .arg(QLatin1String(deliveryStateName(t.state)), QString::fromStdString(toName));
            if (Result<std::optional<std::string>> payload = MessageStore(tx).payload(t.parentId);
                payload && *payload) {
                const auto [type, id] = referenceOf(t.type, **payload);
                event.referenceType = type;
                event.referenceId = id;
            }
        } else {
            event.subject = QStringLiteral("The owner chose %1 for %2 deliveries").arg(verb).arg(job.changed);
            event.description = QStringLiteral("Deliveries %1.").arg(describe(job.selection, job.states));
        }
        if (Status ok = EventStore::record(tx, event, now); !ok)
            return ok;
    }
    if (external && job.changed > 0) {
        if (Status ok = SettingsStore::bumpActionsRevision(tx); !ok)
            return ok;
    }
    return {};
}

// Runs a job's chunks one after another, each in its own transaction.
struct Chain : std::enable_shared_from_this<Chain> {
    Chain(Writer &writer, const Clock &clock, QueueCounts *counts, Dispatcher *dispatcher, bool external,
          std::shared_ptr<Job> job)
        : writer(writer), clock(clock), counts(counts), dispatcher(dispatcher), external(external), job(std::move(job))
    {
    }

    Writer &writer;
    const Clock &clock;
    QueueCounts *counts;
    Dispatcher *dispatcher;
    bool external;
    std::shared_ptr<Job> job;

    void next()
    {
        writer.submit(
            [self = shared_from_this()](WriteTransaction &tx) {
                return applyChunk(tx, *self->job, self->clock.nowMs(), self->external);
            },
            [self = shared_from_this()](const Status &status) { self->committed(status); });
    }

    void committed(const Status &status)
    {
        Job &j = *job;
        if (!status) {
            if (j.finished)
                j.finished(status, j.done.done);
            return;
        }
        j.counted = true;
        j.done.done += j.changed;
        if (counts)
            counts->apply(j.deltas);
        if (dispatcher && j.changed > 0)
            dispatcher->reload();
        if (j.progress)
            j.progress(j.done);
        const bool more = j.selection.ids.empty() ? j.changed > 0 : j.nextId < j.selection.ids.size();
        if (more && !j.run->isCancelled()) {
            next();
            return;
        }
        if (j.finished)
            j.finished(j.run->isCancelled() ? Status(Error{QStringLiteral("cancelled")}) : Status{}, j.done.done);
    }
};

} // namespace

DeliveryActions::DeliveryActions(Writer &writer, const Clock &clock, QueueCounts *counts, Dispatcher *dispatcher,
                                 bool external)
    : m_writer(writer), m_clock(clock), m_counts(counts), m_dispatcher(dispatcher), m_external(external)
{
}

const char *DeliveryActions::actionName(Action action)
{
    switch (action) {
    case Action::Retry:
        return "retry";
    case Action::Archive:
        return "archive";
    case Action::Resend:
        return "resend";
    case Action::Discard:
        return "discard";
    }
    return "?";
}

std::vector<DeliveryState> DeliveryActions::statesFor(Action action, const std::vector<DeliveryState> &asked)
{
    using S = DeliveryState;
    std::vector<S> possible;
    std::vector<S> usual;
    switch (action) {
    case Action::Retry:
        possible = deliveryStatesWhere([](S s) { return waitsForPerson(s) || s == S::Retrying; });
        usual = deliveryStatesWhere(waitsForPerson);
        break;
    case Action::Archive:
    case Action::Discard:
        // Not one in flight: its outcome is about to be written.
        possible = deliveryStatesWhere([](S s) { return isLive(s) && s != S::Sending; });
        usual = deliveryStatesWhere(waitsForPerson);
        break;
    case Action::Resend:
        possible = deliveryStatesWhere(isFinished);
        usual = {S::Archived};
        break;
    }
    if (asked.empty())
        return usual;
    std::vector<S> states;
    for (S s : asked) {
        if (std::find(possible.begin(), possible.end(), s) != possible.end())
            states.push_back(s);
    }
    return states;
}

std::shared_ptr<DeliveryActions::Run> DeliveryActions::start(Action action, Selection selection,
                                                             std::function<void(Progress)> progress,
                                                             std::function<void(const Status &, int)> finished)
{
    auto run = std::make_shared<Run>();
    auto job = std::make_shared<Job>();
    job->action = action;
    job->states = statesFor(action, selection.states);
    if (selection.ids.size() == 1 && selection.states.empty()) {
        // One delivery named by id: any state the action can change.
        job->states = statesFor(action, {allDeliveryStates.begin(), allDeliveryStates.end()});
    }
    job->selection = std::move(selection);
    job->run = run;
    job->progress = std::move(progress);
    job->finished = std::move(finished);
    if (job->states.empty()) {
        if (job->finished)
            job->finished(Error{QStringLiteral("%1 cannot change deliveries in the states asked for")
                                    .arg(QLatin1String(actionName(action)))},
                          0);
        return run;
    }

    // One chunk per writer job; each one, once committed, queues the next until nothing is left or the
    // owner cancels.
    auto chain = std::make_shared<Chain>(m_writer, m_clock, m_counts, m_dispatcher, m_external, job);
    chain->next();
    return run;
}

Result<int> DeliveryActions::runAndWait(Action action, Selection selection)
{
    std::promise<Result<int>> finished;
    auto result = finished.get_future();
    start(action, std::move(selection), {}, [&finished](const Status &status, int changed) {
        if (status)
            finished.set_value(changed);
        else
            finished.set_value(status.error());
    });
    return result.get();
}

} // namespace engine
