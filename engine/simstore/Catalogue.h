#pragma once
// What the simulated Spree store sells and has sold: customers, products, carts and placed orders that change
// as time goes by (paid, shipment ready, shipped, some canceled), with the timestamps Spree keeps. Both API
// renderings (SpreeApiV1, SpreeApiV3) read the same catalogue. Thread-safe: the server's thread reads while
// a test, the control route or the store's own pace changes it.

#include "core/Clock.h"

#include <QtGlobal>

#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace engine::sim {

struct LineItem {
    int id = 0;
    int variantId = 0; // the product's master variant
    std::string sku, name;
    int quantity = 1;
    qint64 priceCents = 0;
};

struct Order {
    int id = 0;
    std::string number; // R + 9 digits
    std::string email;
    int customerId = 0;
    std::string state = "cart"; // cart, complete, canceled (API v1's names)
    std::string paymentState;   // "", balance_due, paid, void
    std::string shipmentState;  // "", pending, ready, shipped, canceled
    std::string shipmentNumber; // H + 11 digits
    std::string tracking;       // once shipped
    std::vector<LineItem> items;
    qint64 shipCents = 500;
    qint64 createdAt = 0, updatedAt = 0;                   // ms since the epoch
    qint64 completedAt = 0, canceledAt = 0, shippedAt = 0; // 0: not yet

    bool placed() const { return completedAt != 0; }
    qint64 itemCents() const;
    qint64 totalCents() const { return itemCents() + shipCents; }
};

struct Customer {
    int id = 0;
    std::string email, firstName, lastName;
    qint64 createdAt = 0, updatedAt = 0;
};

struct Product {
    int id = 0;
    std::string name, slug, sku;
    qint64 priceCents = 0;
    qint64 createdAt = 0, updatedAt = 0;
};

// Which orders a list asks for, as both APIs' Ransack filters and sorts say it.
struct OrderQuery {
    std::optional<qint64> updatedFrom;  // updated_at >= (v1 updated_at_gteq, v3 updated_at_gteq)
    std::optional<qint64> updatedAfter; // updated_at > (updated_at_gt)
    bool placedOnly = false;            // completed_at_not_null
    enum class Sort { Id, UpdatedAsc, UpdatedDesc } sort = Sort::Id;
    int page = 1; // from 1
    int perPage = 25;
};

template <typename T> struct Page {
    std::vector<T> rows;
    int total = 0; // matches over all pages
};

class Catalogue {
public:
    explicit Catalogue(const Clock &clock = Clock::system(), quint64 seed = 1);

    // Customers, products, and `orders` placed orders (some paid, some shipped) made over the past days.
    void populate(int customers, int products, int orders);

    // Places `count` new orders now, each with a fresh customer's e-mail or a returning one's; all in the
    // very same millisecond when asked (many orders share one updated_at). Returns their ids.
    std::vector<int> placeOrders(int count, bool sameMillisecond = false);
    int addCart();
    // One order moves on: paid, its shipment ready, shipped; or canceled. False when it cannot.
    bool pay(int orderId);
    bool makeReady(int orderId);
    bool ship(int orderId);
    bool cancel(int orderId);
    // Touches the order without changing anything a person would see (Spree does this often).
    bool touch(int orderId);
    bool renameCustomer(int customerId, const std::string &lastName);
    bool reprice(int productId, qint64 priceCents);
    // Something happens, as in a lively store: an order is placed or moves on, a cart is started, a
    // customer or a price changes.
    void step();

    Page<Order> orders(const OrderQuery &query) const;
    std::optional<Order> orderByNumber(const std::string &number) const;
    std::optional<Order> orderById(int id) const;
    Page<Customer> customers(const OrderQuery &query) const; // placedOnly does not apply
    Page<Product> products(int page, int perPage) const;
    Page<Product> products(const OrderQuery &query) const; // placedOnly does not apply
    std::optional<Customer> customer(int id) const;
    std::optional<Product> product(int id) const;
    int orderCount() const;

private:
    Order &newOrder(qint64 at);
    Order *find(int orderId);
    qint64 now();

    const Clock &m_clock;
    mutable std::mutex m_mutex;
    std::mt19937_64 m_random;
    std::vector<Order> m_orders; // by id - 1
    std::vector<Customer> m_customers;
    std::vector<Product> m_products;
    int m_lineItemId = 0;
};

// "2026-11-05T14:03:21.456Z"; and back (any ISO 8601 time Qt reads, with or without milliseconds).
std::string isoTime(qint64 ms);
std::optional<qint64> parseIsoTime(const std::string &text);
// "44.98" from 4498.
std::string money(qint64 cents);

} // namespace engine::sim
