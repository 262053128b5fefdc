#include "StorePoller.h"

#include "ListPage.h"
#include "ObjectDiff.h"
#include "alerts/Alerts.h"
#include "events/Event.h"
#include "ingest/Ingest.h"
#include "storage/AlertStore.h"
#include "storage/EventStore.h"
#include "storage/ReadConnection.h"
#include "storage/Writer.h"

#include <QDateTime>
#include <QUrl>

#include <algorithm>
#include <future>

namespace engine {

namespace {

std::string iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toStdString();
}

std::string text(const Json &object, const char *key)
{
    if (!object.is_object() || !object.contains(key))
        return {};
    const Json &v = object[key];
    return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : std::string();
}

QByteArray encoded(const std::string &value)
{
    return QUrl::toPercentEncoding(QString::fromStdString(value));
}

QByteArray listBase(StorePoller::Resource r, ApiVersion api)
{
    using R = StorePoller::Resource;
    if (api == ApiVersion::V3)
        return r == R::Orders      ? "/api/v3/admin/orders"
               : r == R::Customers ? "/api/v3/admin/customers"
                                   : "/api/v3/admin/products";
    return r == R::Orders ? "/api/v1/orders" : r == R::Customers ? "/api/v1/users" : "/api/v1/products";
}

// API v1's products carry no updated_at: they are compared whole, page by page.
bool hasTimes(StorePoller::Resource r, ApiVersion api)
{
    return !(r == StorePoller::Resource::Products && api == ApiVersion::V1);
}

QByteArray newestPath(StorePoller::Resource r, ApiVersion api)
{
    return listBase(r, api) + (api == ApiVersion::V3 ? QByteArray("?sort=-updated_at&limit=1")
                                                     : QByteArray("?q[s]=updated_at%20desc&per_page=1"));
}

} // namespace

const char *StorePoller::resourceName(Resource resource)
{
    return resource == Resource::Orders ? "orders" : resource == Resource::Customers ? "customers" : "products";
}

const char *StorePoller::messageNoun(Resource resource)
{
    return resource == Resource::Orders ? "order" : resource == Resource::Customers ? "user" : "product";
}

QByteArray StorePoller::listPath(Resource resource, ApiVersion api, const std::string &since, int page) const
{
    QByteArray path = listBase(resource, api) + "?page=" + QByteArray::number(page) +
                      (api == ApiVersion::V3 ? "&limit=" : "&per_page=") + QByteArray::number(m_options.perPage);
    if (!since.empty()) {
        path += "&q[updated_at_gteq]=" + encoded(since);
        path += api == ApiVersion::V3 ? "&sort=updated_at" : "&q[s]=updated_at%20asc";
    }
    if (resource == Resource::Orders)
        path += "&q[completed_at_not_null]=1"; // carts are not orders to the hub
    return path;
}

QByteArray StorePoller::orderPath(const Json &summary) const
{
    if (m_api == ApiVersion::V3)
        return "/api/v3/admin/orders/" + encoded(text(summary, "id")) +
               "?expand=items,fulfillments,payments,billing_address,shipping_address";
    return "/api/v1/orders/" + encoded(text(summary, "number"));
}

StorePoller::StorePoller(Store store, Writer &writer, Ingest &ingest, ReadConnection &reads, const Clock &clock,
                         Options options, const std::atomic<bool> *cancel)
    : m_store(std::move(store)), m_writer(writer), m_ingest(ingest), m_reads(reads), m_clock(clock),
      m_options(std::move(options)),
      m_client(
          std::make_unique<SpreeClient>(m_store.apiUrl, m_store.apiKey, m_options.timeoutMs, m_options.caFile, cancel)),
      m_cancel(cancel)
{
    if (m_store.apiVersion != ApiVersion::Auto)
        m_api = m_store.apiVersion;
}

StorePoller::~StorePoller() = default;

void StorePoller::setStore(Store store)
{
    const bool sameApi =
        store.apiUrl == m_store.apiUrl && store.apiKey == m_store.apiKey && store.apiVersion == m_store.apiVersion;
    m_store = std::move(store);
    if (!sameApi) {
        m_api = m_store.apiVersion == ApiVersion::Auto ? std::nullopt : std::optional(m_store.apiVersion);
        m_client = std::make_unique<SpreeClient>(m_store.apiUrl, m_store.apiKey, m_options.timeoutMs, m_options.caFile,
                                                 m_cancel);
    }
}

std::optional<StorePoller::Failure> StorePoller::get(const QByteArray &pathAndQuery, Json &out)
{
    const qint64 now = m_clock.nowMs();
    m_requestTimes.erase(
        std::remove_if(m_requestTimes.begin(), m_requestTimes.end(), [now](qint64 at) { return now - at >= 60'000; }),
        m_requestTimes.end());
    if (int(m_requestTimes.size()) >= m_store.poll.requestsPerMinute)
        return Failure{QString(), m_requestTimes.front() + 60'000}; // paced: not a failure of the store's
    m_requestTimes.push_back(now);
    const SpreeClient::Answer a = m_client->get(pathAndQuery, m_api.value_or(ApiVersion::V1));
    if (m_cancel && m_cancel->load())
        return Failure{}; // the engine is stopping: not the store's failure, and nothing to record
    out = Json::parse(a.body.toStdString(), nullptr, false);
    if (a.status == 200 && !out.is_discarded() && (out.is_object() || out.is_array()))
        return std::nullopt;
    Failure f{SpreeClient::reasonFor(a, out), 0};
    if (a.status == 429) {
        bool ok = false;
        const int seconds = a.retryAfter.toInt(&ok);
        f.retryAtMs = m_clock.nowMs() + (ok && seconds > 0 ? seconds : 60) * 1000LL;
    }
    return f;
}

std::optional<StorePoller::Failure> StorePoller::findApi()
{
    if (m_api)
        return std::nullopt;
    // The Admin API answers this for any valid key; a v1 store has no such route.
    m_api = ApiVersion::V3;
    Json answer;
    std::optional<Failure> v3 = get("/api/v3/admin/api_keys/current", answer);
    if (v3) {
        m_api = ApiVersion::V1;
        std::optional<Failure> v1 = get("/api/v1/orders?per_page=1", answer);
        if (v1) {
            m_api.reset();
            return v1;
        }
    }
    const QString found = QString::fromLatin1(apiVersionName(*m_api));
    const QString storeId = m_store.id;
    // Remembered so that the next start need not ask again; if it cannot be written, the next poll asks again.
    (void)m_writer.execute(
        [storeId, found](WriteTransaction &tx) { return PollStore(tx).setApiVersionFound(storeId, found); });
    return std::nullopt;
}

Status StorePoller::heartbeat(const std::optional<Failure> &failure)
{
    m_failuresInRow = failure ? m_failuresInRow + 1 : 0;
    const QString storeId = m_store.id;
    const QString reason = failure ? failure->reason : QString();
    const int failuresForAlert = m_options.failuresForAlert;
    const qint64 silence = m_options.silenceForAlertMs;
    const qint64 now = m_clock.nowMs();
    return m_writer.execute([=](WriteTransaction &tx) -> Status {
        PollStore store(tx);
        Event event;
        event.storeId = storeId;
        event.origin = QStringLiteral("poller:") + storeId;
        if (reason.isEmpty()) {
            Result<Heartbeat> before = store.heartbeat(storeId);
            Result<Heartbeat> after = store.succeeded(storeId, now);
            if (!after)
                return after.error();
            if (before && before->state == Heartbeat::State::Failing) {
                if (Status ok = AlertStore::resolve(tx, Alerts::StoreUnreachable, storeId, now); !ok)
                    return ok;
                event.subject = QStringLiteral("The store %1 answers again").arg(storeId);
                return EventStore::record(tx, event, now);
            }
            return {};
        }
        Result<Heartbeat> after = store.failed(storeId, reason, now);
        if (!after)
            return after.error();
        const bool silent = after->lastSuccessAt != 0 && now - after->lastSuccessAt >= silence;
        if (after->failuresInRow >= failuresForAlert || silent) {
            if (Status ok = AlertStore::raise(tx, Alerts::StoreUnreachable, storeId, reason, now); !ok)
                return ok;
            event.level = QStringLiteral("error");
            event.subject = QStringLiteral("The store %1 cannot be polled").arg(storeId);
            event.description = reason;
            return EventStore::record(tx, event, now);
        }
        return {};
    });
}

StorePoller::Report StorePoller::poll(Resource resource)
{
    Report report;
    const auto stop = [&](const Failure &f) {
        report.error = f.reason;
        report.retryAtMs = f.retryAtMs;
        if (!f.reason.isEmpty()) // a pause for the pace is not the store failing
            (void)heartbeat(f);
        return report;
    };
    if (std::optional<Failure> f = findApi())
        return stop(*f);
    const ApiVersion api = *m_api;
    const char *name = resourceName(resource);
    const bool timed = hasTimes(resource, api);

    Result<PollCursor> read = PollStore::cursor(m_reads.database(), m_store.id, name);
    if (!read)
        return stop({read.error().message});
    PollCursor cursor = std::move(read).value();
    // A resource without times (API v1's products) is compared whole on each poll; the first pass only
    // learns it when the store is taken from "now".
    bool silent = false;
    if (!timed) {
        silent = cursor.updatedAt.empty() && m_store.poll.since == QLatin1String("now");
    } else if (cursor.updatedAt.empty()) {
        // The first poll. "now": what the store changed up to now is history, and the store's own clock says
        // when that was (its newest change), so that a clock apart from the hub's loses nothing.
        if (m_store.poll.since == QLatin1String("now")) {
            Json newest;
            if (std::optional<Failure> f = get(newestPath(resource, api), newest))
                return stop(*f);
            const Result<std::vector<ListPage::Row>> rows = ListPage::read(resource, api, newest);
            if (rows && !rows->empty())
                cursor.take(rows->front().updatedAt, rows->front().key);
            else
                cursor.updatedAt = iso(0);
        } else {
            QDateTime since = QDateTime::fromString(m_store.poll.since, Qt::ISODateWithMs);
            if (!since.isValid())
                since = QDateTime::fromString(m_store.poll.since, Qt::ISODate);
            cursor.updatedAt = iso(since.toMSecsSinceEpoch());
        }
        const QString storeId = m_store.id;
        if (Status ok = m_writer.execute([storeId, cursor, name](WriteTransaction &tx) {
                return PollStore(tx).saveCursor(storeId, name, cursor);
            });
            !ok)
            return stop({ok.error().message});
    }

    // Pages of the list as it stood when this poll began: an object that changes meanwhile moves to the end,
    // with a later updated_at, and is met there or on the next poll.
    const std::string since = cursor.updatedAt;
    for (int page = 1;; ++page) {
        Json list;
        if (std::optional<Failure> f = get(listPath(resource, api, timed ? since : std::string(), page), list))
            return stop(*f);
        Result<std::vector<ListPage::Row>> listed = ListPage::read(resource, api, list);
        if (!listed)
            return stop({listed.error().message});
        const std::vector<ListPage::Row> rows = std::move(listed).value();

        std::vector<PlannedMessage> planned;
        std::vector<std::pair<std::string, std::string>> kept; // key → the copy kept now
        PollCursor next = cursor;
        // A poll stopped part way through a page (the pace, a failure) keeps what it took of it: the rows come
        // in updated_at order, so the cursor can stop after any of them.
        std::optional<Failure> stopped;
        for (const ListPage::Row &row : rows) {
            const std::string &key = row.key, &at = row.updatedAt;
            if (key.empty() || (timed && cursor.seen(at, key)))
                continue;
            Json original = row.listed;
            if (resource == Resource::Orders) {
                if (std::optional<Failure> f = get(orderPath(row.listed), original)) {
                    stopped = std::move(f);
                    break;
                }
            }
            const Json object = ListPage::mapped(resource, api, original);
            Result<std::optional<std::string>> known = PollStore::known(m_reads.database(), m_store.id, name, key);
            if (!known) {
                stopped = Failure{known.error().message};
                break;
            }
            const std::string body = object.dump();
            if (!timed && *known && **known == body)
                continue; // unchanged since the last pass
            ++report.changed;
            const std::string noun = messageNoun(resource);
            Json payload;
            std::string type;
            if (!*known) {
                type = noun + ":new";
                payload = {{noun, object}};
            } else {
                const Json previous = Json::parse(**known, nullptr, false);
                Json diff = ObjectDiff::between(previous, object);
                if (ObjectDiff::changesMoreThanTimes(diff)) {
                    type = noun + ":updated";
                    payload = {{noun, object}, {"previous", previous}, {"diff", std::move(diff)}};
                }
            }
            if (!type.empty() && !silent) {
                // "order R123 first seen" or "order R123 changed: status: complete → canceled", on the object.
                Event event;
                event.storeId = m_store.id;
                event.origin = QStringLiteral("poller:") + m_store.id;
                std::tie(event.referenceType, event.referenceId) = referenceOf(type, payload.dump());
                const QString object = event.referenceId.isEmpty()
                                           ? QString::fromStdString(noun)
                                           : QStringLiteral("%1 %2").arg(event.referenceType, event.referenceId);
                if (payload.contains("diff")) {
                    event.subject = QStringLiteral("%1 changed").arg(object);
                    event.description = QString::fromStdString(ObjectDiff::summary(payload["diff"]));
                } else {
                    event.subject = QStringLiteral("%1 first seen").arg(object);
                    event.description = QStringLiteral("in the store's API");
                }
                if (resource == Resource::Orders)
                    payload["original"] = std::move(original);
                Result<Message> message = Message::create(type, std::move(payload));
                if (!message) {
                    stopped = Failure{message.error().message};
                    break;
                }
                std::vector<IncomingMessage> one;
                one.push_back(IncomingMessage::from(std::move(message).value(), m_store.id,
                                                    "poller:" + m_store.id.toStdString()));
                std::vector<PlannedMessage> p = m_ingest.plan(std::move(one));
                if (!p.empty())
                    p.front().events.push_back(std::move(event));
                planned.insert(planned.end(), std::make_move_iterator(p.begin()), std::make_move_iterator(p.end()));
            }
            kept.emplace_back(key, body);
            if (timed)
                next.take(at, key);
        }
        const bool last = !stopped && int(rows.size()) < m_options.perPage;
        if (!timed && last)
            next.updatedAt = "compared"; // the first pass is done: changes from now on are news

        qint64 held = 0;
        for (const auto &[key, body] : kept)
            held += qint64(key.size() + body.size());
        for (const PlannedMessage &m : planned)
            held += qint64(m.payloadText.size() + m.extraText.size());
        report.mostHeldObjects = std::max(report.mostHeldObjects, int(kept.size()));
        report.mostHeldBytes = std::max(report.mostHeldBytes, held);

        // The page's messages, the copies kept and the cursor, in one transaction.
        auto taken = std::make_shared<std::vector<TakenMessage>>();
        const QString storeId = m_store.id;
        std::promise<Status> done;
        bool moved = false;
        m_writer.submit(
            [&, storeId](WriteTransaction &tx) -> Status {
                // The cursor first: when another poll moved it, this page is theirs already.
                moved = false;
                PollStore store(tx);
                Result<bool> ours = store.moveCursor(storeId, name, cursor, next);
                if (!ours)
                    return ours.error();
                if (!*ours) {
                    moved = true;
                    return Error{QStringLiteral("another poll of this store took these changes meanwhile")};
                }
                std::vector<TakenMessage> out;
                if (!planned.empty()) {
                    if (Status ok = m_ingest.write(tx, planned, out); !ok)
                        return ok;
                }
                for (const auto &[key, body] : kept) {
                    if (Status ok = store.saveKnown(storeId, name, key, std::string(), body); !ok)
                        return ok;
                }
                *taken = std::move(out);
                return {};
            },
            [&](const Status &status) {
                if (status && !planned.empty())
                    m_ingest.committed(planned, *taken);
                done.set_value(status);
            });
        if (Status ok = done.get_future().get(); !ok) {
            if (moved) {
                Report rest = poll(resource); // from where the other poll left off
                rest.changed += report.changed;
                rest.messages += report.messages;
                rest.made.insert(rest.made.begin(), report.made.begin(), report.made.end());
                return rest;
            }
            return stop({ok.error().message});
        }
        report.messages += int(planned.size());
        for (const PlannedMessage &m : planned)
            report.made.push_back({m.type, m.id});
        cursor = std::move(next);
        if (stopped)
            return stop(*stopped);
        if (last)
            break;
    }
    (void)heartbeat(std::nullopt);
    return report;
}

} // namespace engine
