#include "Catalogue.h"

#include <QDateTime>
#include <QString>

#include <algorithm>

namespace engine::sim {

namespace {

const char *const firstNames[] = {"Jane", "Omar", "Mei", "Lars", "Ana", "Kofi", "Priya", "Tomás", "Yuki", "Ruth"};
const char *const lastNames[] = {"Doe", "Haddad", "Chen", "Berg", "Silva", "Mensah", "Rao", "Ruiz", "Sato", "Klein"};
const char *const goods[] = {"Tote", "Mug", "Poster", "Cap", "Notebook", "Socks", "Scarf", "Pin", "Candle", "Apron"};

constexpr qint64 day = 24 * 3600 * 1000;

// The rows of `all` that `keep`, in the query's order, one page of them. Sorted and sliced as pointers and
// copied only for the page, so that a list over a large catalogue stays cheap. Ties on updated_at keep id
// order, as a database scanning by id would give them.
template <typename T, typename Keep> Page<T> pageOf(const std::vector<T> &all, const OrderQuery &q, Keep keep)
{
    std::vector<const T *> rows;
    for (const T &row : all) {
        if (keep(row))
            rows.push_back(&row);
    }
    if (q.sort == OrderQuery::Sort::UpdatedAsc)
        std::stable_sort(rows.begin(), rows.end(), [](const T *a, const T *b) { return a->updatedAt < b->updatedAt; });
    else if (q.sort == OrderQuery::Sort::UpdatedDesc)
        std::stable_sort(rows.begin(), rows.end(), [](const T *a, const T *b) { return a->updatedAt > b->updatedAt; });
    Page<T> out;
    out.total = int(rows.size());
    const size_t from = size_t(std::max(q.page - 1, 0)) * size_t(std::max(q.perPage, 1));
    for (size_t i = from; i < rows.size() && i < from + size_t(q.perPage); ++i)
        out.rows.push_back(*rows[i]);
    return out;
}

template <typename T> bool inWindow(const T &row, const OrderQuery &q)
{
    return (!q.updatedFrom || row.updatedAt >= *q.updatedFrom) && (!q.updatedAfter || row.updatedAt > *q.updatedAfter);
}

} // namespace

qint64 Order::itemCents() const
{
    qint64 sum = 0;
    for (const LineItem &i : items)
        sum += i.priceCents * i.quantity;
    return sum;
}

Catalogue::Catalogue(const Clock &clock, quint64 seed) : m_clock(clock), m_random(seed) {}

qint64 Catalogue::now()
{
    return m_clock.nowMs();
}

void Catalogue::populate(int customers, int products, int orders)
{
    std::lock_guard lock(m_mutex);
    const qint64 start = now() - 30 * day;
    for (int i = 0; i < customers; ++i) {
        Customer c;
        c.id = int(m_customers.size()) + 1;
        c.firstName = firstNames[i % 10];
        c.lastName = lastNames[(i / 10 + i) % 10];
        c.email = QStringLiteral("%1.%2.%3@example.com")
                      .arg(QString::fromStdString(c.firstName).toLower(), QString::fromStdString(c.lastName).toLower())
                      .arg(c.id)
                      .toStdString();
        c.createdAt = c.updatedAt = start + i * 1000;
        m_customers.push_back(std::move(c));
    }
    for (int i = 0; i < products; ++i) {
        Product p;
        p.id = int(m_products.size()) + 1;
        p.name = std::string(goods[i % 10]) + (i >= 10 ? " " + std::to_string(i / 10 + 1) : std::string());
        p.slug = QString::fromStdString(p.name).toLower().replace(QLatin1Char(' '), QLatin1Char('-')).toStdString();
        p.sku = QString::fromStdString(p.slug).toUpper().toStdString() + "-" + std::to_string(p.id);
        p.priceCents = 499 + qint64(i % 7) * 500;
        p.createdAt = p.updatedAt = start + i * 1000;
        m_products.push_back(std::move(p));
    }
    // Past orders, spread over the last days, oldest first, each finished to some point.
    const qint64 span = 28 * day; // the last one a day ago, shipped half a day later: all in the past
    for (int i = 0; i < orders; ++i) {
        const qint64 at = start + day + (orders > 1 ? span * i / (orders - 1) : 0);
        Order &o = newOrder(at);
        o.state = "complete";
        o.completedAt = at + 60'000;
        o.paymentState = "paid";
        o.shipmentState = i % 3 == 0 ? "ready" : "shipped";
        if (o.shipmentState == "shipped") {
            o.shippedAt = at + day / 2;
            o.tracking = "1Z" + std::to_string(100000 + o.id);
        }
        o.updatedAt = o.shippedAt ? o.shippedAt : o.completedAt;
    }
}

Order &Catalogue::newOrder(qint64 at)
{
    Order o;
    o.id = int(m_orders.size()) + 1;
    o.number = QStringLiteral("R%1").arg(100'000'000 + o.id, 9, 10, QLatin1Char('0')).toStdString();
    o.shipmentNumber = QStringLiteral("H%1").arg(10'000'000'000LL + o.id, 11, 10, QLatin1Char('0')).toStdString();
    if (!m_customers.empty()) {
        const Customer &c = m_customers[m_random() % m_customers.size()];
        o.customerId = c.id;
        o.email = c.email;
    } else {
        o.email = "guest" + std::to_string(o.id) + "@example.com";
    }
    const int lines = 1 + int(m_random() % 3);
    for (int l = 0; l < lines && !m_products.empty(); ++l) {
        const Product &p = m_products[m_random() % m_products.size()];
        o.items.push_back({++m_lineItemId, p.id, p.sku, p.name, 1 + int(m_random() % 3), p.priceCents});
    }
    o.createdAt = o.updatedAt = at;
    m_orders.push_back(std::move(o));
    return m_orders.back();
}

Order *Catalogue::find(int orderId)
{
    return orderId >= 1 && orderId <= int(m_orders.size()) ? &m_orders[size_t(orderId - 1)] : nullptr;
}

std::vector<int> Catalogue::placeOrders(int count, bool sameMillisecond)
{
    std::lock_guard lock(m_mutex);
    std::vector<int> ids;
    const qint64 at = now();
    for (int i = 0; i < count; ++i) {
        const qint64 when = sameMillisecond ? at : now();
        Order &o = newOrder(when - 120'000);
        o.state = "complete";
        o.paymentState = "balance_due";
        o.shipmentState = "pending";
        o.completedAt = o.updatedAt = when;
        ids.push_back(o.id);
    }
    return ids;
}

int Catalogue::addCart()
{
    std::lock_guard lock(m_mutex);
    return newOrder(now()).id;
}

bool Catalogue::pay(int orderId)
{
    std::lock_guard lock(m_mutex);
    Order *o = find(orderId);
    if (!o || o->state != "complete" || o->paymentState == "paid")
        return false;
    o->paymentState = "paid";
    o->updatedAt = now();
    return true;
}

bool Catalogue::makeReady(int orderId)
{
    std::lock_guard lock(m_mutex);
    Order *o = find(orderId);
    if (!o || o->state != "complete" || o->paymentState != "paid" || o->shipmentState != "pending")
        return false;
    o->shipmentState = "ready";
    o->updatedAt = now();
    return true;
}

bool Catalogue::ship(int orderId)
{
    std::lock_guard lock(m_mutex);
    Order *o = find(orderId);
    if (!o || o->state != "complete" || o->shipmentState != "ready")
        return false;
    o->shipmentState = "shipped";
    o->shippedAt = o->updatedAt = now();
    o->tracking = "1Z" + std::to_string(100000 + o->id);
    return true;
}

bool Catalogue::cancel(int orderId)
{
    std::lock_guard lock(m_mutex);
    Order *o = find(orderId);
    if (!o || o->state != "complete" || o->shipmentState == "shipped")
        return false;
    o->state = "canceled";
    o->shipmentState = "canceled";
    if (o->paymentState == "paid")
        o->paymentState = "void";
    o->canceledAt = o->updatedAt = now();
    return true;
}

bool Catalogue::touch(int orderId)
{
    std::lock_guard lock(m_mutex);
    Order *o = find(orderId);
    if (!o)
        return false;
    o->updatedAt = now();
    return true;
}

bool Catalogue::renameCustomer(int customerId, const std::string &lastName)
{
    std::lock_guard lock(m_mutex);
    if (customerId < 1 || customerId > int(m_customers.size()))
        return false;
    Customer &c = m_customers[size_t(customerId - 1)];
    c.lastName = lastName;
    c.updatedAt = now();
    return true;
}

bool Catalogue::reprice(int productId, qint64 priceCents)
{
    std::lock_guard lock(m_mutex);
    if (productId < 1 || productId > int(m_products.size()))
        return false;
    Product &p = m_products[size_t(productId - 1)];
    p.priceCents = priceCents;
    p.updatedAt = now();
    return true;
}

void Catalogue::step()
{
    int pick = 0;
    int orderId = 0;
    {
        std::lock_guard lock(m_mutex);
        pick = int(m_random() % 100);
        // Recent orders are the ones that move on.
        const int n = int(m_orders.size());
        orderId = n == 0 ? 0 : std::max(1, n - int(m_random() % std::min(n, 50)));
    }
    if (pick < 30) {
        placeOrders(1);
    } else if (pick < 40) {
        addCart();
    } else if (pick < 85) {
        // The next thing that happens to it, whatever it was waiting for.
        (void)(pay(orderId) || makeReady(orderId) || ship(orderId));
    } else if (pick < 90) {
        cancel(orderId);
    } else if (pick < 95) {
        std::lock_guard lock(m_mutex);
        if (!m_customers.empty()) {
            Customer &c = m_customers[m_random() % m_customers.size()];
            c.lastName = lastNames[m_random() % 10];
            c.updatedAt = now();
        }
    } else {
        std::lock_guard lock(m_mutex);
        if (!m_products.empty()) {
            Product &p = m_products[m_random() % m_products.size()];
            p.priceCents += 100;
            p.updatedAt = now();
        }
    }
}

Page<Order> Catalogue::orders(const OrderQuery &query) const
{
    std::lock_guard lock(m_mutex);
    return pageOf(m_orders, query,
                  [&](const Order &o) { return (!query.placedOnly || o.placed()) && inWindow(o, query); });
}

Page<Customer> Catalogue::customers(const OrderQuery &query) const
{
    std::lock_guard lock(m_mutex);
    return pageOf(m_customers, query, [&](const Customer &c) { return inWindow(c, query); });
}

Page<Product> Catalogue::products(const OrderQuery &query) const
{
    std::lock_guard lock(m_mutex);
    return pageOf(m_products, query, [&](const Product &p) { return inWindow(p, query); });
}

Page<Product> Catalogue::products(int page, int perPage) const
{
    OrderQuery all;
    all.page = page;
    all.perPage = perPage;
    return products(all);
}

std::optional<Order> Catalogue::orderByNumber(const std::string &number) const
{
    // Numbers are made from ids (newOrder): read the id back rather than search.
    bool ok = false;
    const int id = QString::fromStdString(number).mid(1).toInt(&ok) - 100'000'000;
    std::optional<Order> o = ok ? orderById(id) : std::nullopt;
    return o && o->number == number ? o : std::nullopt;
}

std::optional<Order> Catalogue::orderById(int id) const
{
    std::lock_guard lock(m_mutex);
    if (id < 1 || id > int(m_orders.size()))
        return std::nullopt;
    return m_orders[size_t(id - 1)];
}

std::optional<Customer> Catalogue::customer(int id) const
{
    std::lock_guard lock(m_mutex);
    if (id < 1 || id > int(m_customers.size()))
        return std::nullopt;
    return m_customers[size_t(id - 1)];
}

std::optional<Product> Catalogue::product(int id) const
{
    std::lock_guard lock(m_mutex);
    if (id < 1 || id > int(m_products.size()))
        return std::nullopt;
    return m_products[size_t(id - 1)];
}

int Catalogue::orderCount() const
{
    std::lock_guard lock(m_mutex);
    return int(m_orders.size());
}

std::string isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toStdString();
}

std::optional<qint64> parseIsoTime(const std::string &text)
{
    QDateTime t = QDateTime::fromString(QString::fromStdString(text), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(QString::fromStdString(text), Qt::ISODate);
    if (!t.isValid())
        return std::nullopt;
    return t.toMSecsSinceEpoch();
}

std::string money(qint64 cents)
{
    return QStringLiteral("%1.%2").arg(cents / 100).arg(cents % 100, 2, 10, QLatin1Char('0')).toStdString();
}

} // namespace engine::sim
