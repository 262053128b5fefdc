#include "Event.h"

#include "database/SqliteStatement.h"
#include "database/WriteTransaction.h"

namespace engine {

namespace {

QString text(const Json *v)
{
    if (!v || v->is_null())
        return {};
    if (v->is_string())
        return toQString(v->get<std::string>());
    if (v->is_number())
        return toQString(v->dump());
    return {};
}

const Json *at(const Json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

} // namespace

std::pair<QString, QString> referenceOf(std::string_view type, const Json &payload)
{
    const std::string_view noun = type.substr(0, type.find(':'));
    const auto object = [&](const char *key) -> const Json * { return at(payload, key); };
    if (noun == "order" || noun == "cart") {
        if (const Json *order = object("order"))
            return {QStringLiteral("order"), text(at(*order, "number"))};
    } else if (noun == "shipment") {
        if (const Json *shipment = object("shipment")) {
            if (QString number = text(at(*shipment, "number")); !number.isEmpty())
                return {QStringLiteral("shipment"), number};
        }
    } else if (noun == "product" || noun == "stock" || noun == "inventory") {
        for (const char *key : {"product", "stock", "inventory"}) {
            if (const Json *product = object(key)) {
                QString id = text(at(*product, "sku"));
                if (id.isEmpty())
                    id = text(at(*product, "id"));
                if (!id.isEmpty())
                    return {QStringLiteral("product"), id};
            }
        }
    } else if (noun == "user" || noun == "customer") {
        for (const char *key : {"user", "customer"}) {
            if (const Json *user = object(key)) {
                if (QString email = text(at(*user, "email")); !email.isEmpty())
                    return {QStringLiteral("user"), email};
            }
        }
    }
    return {};
}

Status Event::record(WriteTransaction &tx, qint64 nowMs) const
{
    const std::string store = toStdString(storeId), lvl = toStdString(level), subj = toStdString(subject),
                      desc = toStdString(description), orig = toStdString(origin), refType = toStdString(referenceType),
                      refId = toStdString(referenceId);
    SqliteStatement &again = tx.statement(
        "UPDATE events SET occurrences = occurrences + 1, last_seen_at = ?1, message_id = coalesce(?2, message_id) "
        "WHERE id = (SELECT id FROM events WHERE reference_type IS ?3 AND reference_id IS ?4 AND level = ?5 "
        "AND subject = ?6 AND description = ?7 AND origin = ?8 ORDER BY id DESC LIMIT 1)");
    again.bind(1, nowMs);
    if (messageId.empty())
        again.bindNull(2);
    else
        again.bind(2, messageId);
    if (refType.empty())
        again.bindNull(3), again.bindNull(4);
    else
        again.bind(3, refType), again.bind(4, refId);
    again.bind(5, lvl);
    again.bind(6, subj);
    again.bind(7, desc);
    again.bind(8, orig);
    if (Status ok = again.run(); !ok)
        return ok;
    if (again.changes() > 0)
        return {};

    SqliteStatement &insert = tx.statement(
        "INSERT INTO events (store_id, message_id, level, subject, description, origin, reference_type, reference_id, "
        "first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)");
    if (store.empty())
        insert.bindNull(1);
    else
        insert.bind(1, store);
    if (messageId.empty())
        insert.bindNull(2);
    else
        insert.bind(2, messageId);
    insert.bind(3, lvl);
    insert.bind(4, subj);
    insert.bind(5, desc);
    insert.bind(6, orig);
    if (refType.empty())
        insert.bindNull(7), insert.bindNull(8);
    else
        insert.bind(7, refType), insert.bind(8, refId);
    insert.bind(9, nowMs);
    return insert.run();
}

} // namespace engine
