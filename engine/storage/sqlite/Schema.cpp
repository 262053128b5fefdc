#include "Schema.h"

namespace engine {

namespace {

// Configuration tables. Every change to them bumps settings.config_revision (by trigger, so a change made
// by another process — `integrator config import` while the engine runs — is noticed too).
Migration configuration()
{
    Migration m{1, "configuration: stores, endpoints, subscriptions, consumers", {}};
    m.statements = {
        "CREATE TABLE settings ("
        "  key TEXT PRIMARY KEY,"
        "  value TEXT NOT NULL)",
        "INSERT INTO settings (key, value) VALUES ('config_revision', '0')",
        // Bumped by owner actions on deliveries made outside the engine (the command line), so that a
        // running engine notices them.
        "INSERT INTO settings (key, value) VALUES ('actions_revision', '0')",

        "CREATE TABLE stores ("
        "  id TEXT PRIMARY KEY,"
        "  name TEXT NOT NULL,"
        "  push_token TEXT NOT NULL,"
        "  api_url TEXT NOT NULL DEFAULT '',"
        "  api_token TEXT NOT NULL DEFAULT '',"
        "  poll_orders_s INTEGER NOT NULL DEFAULT 60,"
        "  poll_users_s INTEGER NOT NULL DEFAULT 300,"
        "  poll_products_s INTEGER NOT NULL DEFAULT 3600,"
        "  created_at INTEGER NOT NULL)",

        "CREATE TABLE endpoints ("
        "  id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL UNIQUE,"
        "  url TEXT NOT NULL,"
        "  token TEXT NOT NULL DEFAULT '',"
        "  signing_secret TEXT NOT NULL DEFAULT '',"
        "  timeout_s INTEGER NOT NULL DEFAULT 30,"
        "  concurrency INTEGER NOT NULL DEFAULT 8,"
        "  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'disabled')),"
        "  created_at INTEGER NOT NULL)",

        // messages, parameters, filters, identifiers and retry_schedule hold JSON.
        "CREATE TABLE subscriptions ("
        "  id INTEGER PRIMARY KEY,"
        "  endpoint_id INTEGER NOT NULL REFERENCES endpoints (id),"
        "  store_id TEXT REFERENCES stores (id),"
        "  messages TEXT NOT NULL,"
        "  path TEXT NOT NULL DEFAULT '/',"
        "  parameters TEXT NOT NULL DEFAULT '[]',"
        "  filters TEXT NOT NULL DEFAULT '[]',"
        "  match TEXT NOT NULL DEFAULT 'all' CHECK (match IN ('all', 'any')),"
        "  identifiers TEXT NOT NULL DEFAULT '{}',"
        "  retries_allowed INTEGER NOT NULL DEFAULT 1,"
        "  retry_schedule TEXT NOT NULL,"
        "  enabled INTEGER NOT NULL DEFAULT 1,"
        "  created_at INTEGER NOT NULL)",
        "CREATE INDEX subscriptions_endpoint ON subscriptions (endpoint_id)",

        "CREATE TABLE consumers ("
        "  id INTEGER PRIMARY KEY,"
        "  name TEXT NOT NULL UNIQUE,"
        "  messages TEXT NOT NULL,"
        "  filters TEXT NOT NULL DEFAULT '[]',"
        "  match TEXT NOT NULL DEFAULT 'all' CHECK (match IN ('all', 'any')),"
        "  emits TEXT NOT NULL,"
        "  payload TEXT NOT NULL DEFAULT 'same',"
        "  enabled INTEGER NOT NULL DEFAULT 1,"
        "  created_at INTEGER NOT NULL)",
    };
    for (const char *table : {"stores", "endpoints", "subscriptions", "consumers"}) {
        for (const char *event : {"INSERT", "UPDATE", "DELETE"}) {
            m.statements.push_back(std::string("CREATE TRIGGER ") + table + "_" + event + "_revision AFTER " + event +
                                   " ON " + table +
                                   " BEGIN UPDATE settings SET value = CAST(value AS INTEGER) + 1"
                                   " WHERE key = 'config_revision'; END");
        }
    }
    return m;
}

// Incoming (messages) and Accepted (deliveries), with their archives in the same tables.
// Indexes are chosen for ingest speed: each one costs about a tenth of the fan-out rate (measured), so the
// partial ones cover only rows that are not finished, which stay few.
// State checks are written as OR chains: SQLite builds a temporary table for every `IN (...)` check on
// every insert, which measured 40% slower ingest.
Migration messagesAndDeliveries()
{
    return {2,
            "messages, deliveries and attempts",
            {
                // seq gives arrival order, which the views page by.
                "CREATE TABLE messages ("
                "  seq INTEGER PRIMARY KEY,"
                "  id TEXT NOT NULL UNIQUE,"
                "  store_id TEXT,"
                "  type TEXT NOT NULL,"
                "  state TEXT NOT NULL"
                "    CHECK (state = 'accepted' OR state = 'incoming' OR state = 'skipped' OR state = 'rejected'),"
                "  reason TEXT,"
                "  source TEXT NOT NULL,"
                "  parent_id TEXT,"
                "  depth INTEGER NOT NULL DEFAULT 0,"
                "  received_at INTEGER NOT NULL,"
                "  payload TEXT NOT NULL,"
                "  extra TEXT)",
                "CREATE INDEX messages_type ON messages (type)",
                "CREATE INDEX messages_unaccepted ON messages (state) WHERE state <> 'accepted'",
                "CREATE INDEX messages_parent ON messages (parent_id) WHERE parent_id IS NOT NULL",

                // Delivery ids are ObjectIds made here, so the primary key also orders them by creation.
                // No foreign keys to endpoints and subscriptions: the archive outlives configuration.
                "CREATE TABLE deliveries ("
                "  id TEXT PRIMARY KEY,"
                "  parent_id TEXT NOT NULL,"
                "  store_id TEXT,"
                "  subscription_id INTEGER NOT NULL,"
                "  endpoint_id INTEGER NOT NULL,"
                "  type TEXT NOT NULL,"
                "  state TEXT NOT NULL"
                "    CHECK (state = 'pending' OR state = 'sending' OR state = 'retrying' OR state = 'scheduled'"
                "           OR state = 'parked' OR state = 'archived' OR state = 'discarded'),"
                "  attempts INTEGER NOT NULL DEFAULT 0,"
                "  due_at INTEGER,"
                // Until when a dispatcher holds a delivery it is sending (state `sending`): for the engines
                // that will share one PostgreSQL (issue "Outgrow one machine"); one engine on one file keeps
                // what is in flight in memory and writes neither.
                "  lease_until INTEGER,"
                "  created_at INTEGER NOT NULL,"
                "  last_status INTEGER,"
                "  last_error TEXT,"
                "  completed_at INTEGER,"
                "  update_url TEXT" // where an endpoint that answered asynchronously wants to be asked again
                ") WITHOUT ROWID",
                "CREATE INDEX deliveries_parent ON deliveries (parent_id)",
                // Everything not finished, by state and endpoint in due order: the dispatcher's queue, and the
                // parked ones the owner retries, come from this small index only.
                "CREATE INDEX deliveries_live ON deliveries (state, endpoint_id, due_at)"
                "  WHERE state <> 'archived' AND state <> 'discarded'",

                "CREATE TABLE attempts ("
                "  id INTEGER PRIMARY KEY,"
                "  delivery_id TEXT NOT NULL,"
                "  number INTEGER NOT NULL,"
                "  started_at INTEGER NOT NULL,"
                "  duration_ms INTEGER NOT NULL,"
                "  status INTEGER,"
                "  error TEXT,"
                "  response_body TEXT)",
                "CREATE UNIQUE INDEX attempts_delivery ON attempts (delivery_id, number)",

                // Identifier values already given a delivery, per subscription; `identifiers` is a canonical
                // JSON object of name: value.
                "CREATE TABLE delivery_identifiers ("
                "  subscription_id INTEGER NOT NULL,"
                "  identifiers TEXT NOT NULL,"
                "  delivery_id TEXT NOT NULL,"
                "  PRIMARY KEY (subscription_id, identifiers)"
                ") WITHOUT ROWID",
                // Copies not made because their identifiers were delivered before, and why.
                "CREATE TABLE duplicate_deliveries ("
                "  message_id TEXT NOT NULL,"
                "  subscription_id INTEGER NOT NULL,"
                "  identifiers TEXT NOT NULL,"
                "  original_delivery_id TEXT NOT NULL,"
                "  recorded_at INTEGER NOT NULL,"
                "  PRIMARY KEY (message_id, subscription_id)"
                ") WITHOUT ROWID",
            }};
}

Migration eventsAlertsAndPolling()
{
    return {3,
            "events, alerts, heartbeats and poll state",
            {
                "CREATE TABLE events ("
                "  id INTEGER PRIMARY KEY,"
                "  store_id TEXT,"
                "  message_id TEXT,"
                "  level TEXT NOT NULL CHECK (level = 'info' OR level = 'warn' OR level = 'error'),"
                "  subject TEXT NOT NULL,"
                "  description TEXT NOT NULL DEFAULT '',"
                "  origin TEXT NOT NULL,"
                "  reference_type TEXT,"
                "  reference_id TEXT,"
                "  occurrences INTEGER NOT NULL DEFAULT 1,"
                "  first_seen_at INTEGER NOT NULL,"
                "  last_seen_at INTEGER NOT NULL)",
                "CREATE INDEX events_reference ON events (reference_type, reference_id)",
                "CREATE INDEX events_message ON events (message_id) WHERE message_id IS NOT NULL",

                "CREATE TABLE alerts ("
                "  id INTEGER PRIMARY KEY,"
                "  kind TEXT NOT NULL,"
                "  subject TEXT NOT NULL,"
                "  detail TEXT NOT NULL DEFAULT '',"
                "  raised_at INTEGER NOT NULL,"
                "  resolved_at INTEGER,"
                "  acknowledged_at INTEGER)",
                "CREATE UNIQUE INDEX alerts_open ON alerts (kind, subject) WHERE resolved_at IS NULL",

                // Runtime state of a store, apart from its configuration so that it does not bump the revision.
                "CREATE TABLE store_heartbeats ("
                "  store_id TEXT PRIMARY KEY,"
                "  state TEXT NOT NULL DEFAULT 'unknown' CHECK (state IN ('unknown', 'ok', 'failing')),"
                "  failures_in_row INTEGER NOT NULL DEFAULT 0,"
                "  last_success_at INTEGER,"
                "  last_failure_at INTEGER,"
                "  last_error TEXT)",

                // Where polling a store's resource got to: the last updated_at seen and the ids seen at it.
                "CREATE TABLE poll_cursors ("
                "  store_id TEXT NOT NULL,"
                "  resource TEXT NOT NULL,"
                "  updated_at TEXT,"
                "  ids_at_cursor TEXT NOT NULL DEFAULT '[]',"
                "  PRIMARY KEY (store_id, resource))",
                // The last copy of each polled object, to tell new from updated and to build previous/diff.
                "CREATE TABLE known_objects ("
                "  store_id TEXT NOT NULL,"
                "  resource TEXT NOT NULL,"
                "  object_id TEXT NOT NULL,"
                "  updated_at TEXT,"
                "  body TEXT NOT NULL,"
                "  PRIMARY KEY (store_id, resource, object_id))",
            }};
}

// A message carries the range of its copies' ids (see storage/CopyRange.h) in place of the index of
// deliveries by parent, which cost 17% of the fan-out rate. Older rows get their range from that index before
// it goes.
Migration copyRanges()
{
    return {4,
            "copies found from their message",
            {
                "ALTER TABLE messages ADD COLUMN first_copy_id TEXT",
                "ALTER TABLE messages ADD COLUMN last_copy_id TEXT",
                "UPDATE messages SET"
                "  first_copy_id = (SELECT min(d.id) FROM deliveries d WHERE d.parent_id = messages.id),"
                "  last_copy_id = (SELECT max(d.id) FROM deliveries d WHERE d.parent_id = messages.id)",
                "DROP INDEX deliveries_parent",
            }};
}

// A store's API settings for the poller: which API it offers, whether it is polled and from when. The API a
// store set to "auto" was found to offer is runtime state, kept with its heartbeat.
Migration storeApiSettings()
{
    return {5,
            "stores' API version and poll settings",
            {
                "ALTER TABLE stores ADD COLUMN api_version TEXT NOT NULL DEFAULT 'auto'"
                "  CHECK (api_version IN ('auto', 'v1', 'v3'))",
                "ALTER TABLE stores ADD COLUMN poll_enabled INTEGER NOT NULL DEFAULT 1",
                "ALTER TABLE stores ADD COLUMN poll_since TEXT NOT NULL DEFAULT 'now'",
                "ALTER TABLE store_heartbeats ADD COLUMN api_version_found TEXT NOT NULL DEFAULT ''",
            }};
}

// How many requests a minute a store's API may be sent.
Migration storePace()
{
    return {6,
            "stores' request pace",
            {
                "ALTER TABLE stores ADD COLUMN poll_requests_per_minute INTEGER NOT NULL DEFAULT 240",
            }};
}

// SQL's text literal for `text`.
// The time in milliseconds since the epoch, in SQLite's dialect.
const std::string nowMs = "CAST(strftime('%s', 'now') AS INTEGER) * 1000";

Migration consumerRules()
{
    Migration m{7, "consumers: each, payload shape, identifiers; what they emitted", {}};
    m.statements = {
        "ALTER TABLE consumers ADD COLUMN each_path TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE consumers ADD COLUMN payload_as TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE consumers ADD COLUMN additions TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE consumers ADD COLUMN identifiers TEXT NOT NULL DEFAULT '{}'",
        // Identifier values a consumer has emitted already (canonical JSON), and the message that had them.
        "CREATE TABLE consumer_identifiers ("
        "  consumer_id INTEGER NOT NULL,"
        "  identifiers TEXT NOT NULL,"
        "  message_id TEXT NOT NULL,"
        "  PRIMARY KEY (consumer_id, identifiers)"
        ") WITHOUT ROWID",
        // How many messages each consumer emitted, and when last: runtime state, apart from the configuration
        // so that counting does not bump its revision.
        "CREATE TABLE consumer_counts ("
        "  consumer_id INTEGER PRIMARY KEY,"
        "  emitted INTEGER NOT NULL DEFAULT 0,"
        "  last_emitted_at INTEGER)",
    };
    m.whenNew = Migrations::insertDefaultConsumers(true, nowMs);
    m.whenUpgrading = Migrations::insertDefaultConsumers(false, nowMs);
    m.whenUpgrading.push_back(Migrations::consumersOfferedAlert(nowMs));
    return m;
}

// Objects' histories: each message filed under the objects it is about (message/MessageObjects.h), so that
// an object's timeline is an index lookup; the messages already kept are filed as they would have been.
// Events are looked up by their own reference (version 3) and, for retention, by when they were last seen.
Migration objectHistories()
{
    Migration m{8, "objects' histories: the objects each message is about", {}};
    m.statements = {
        "CREATE TABLE message_objects ("
        "  message_id TEXT NOT NULL,"
        "  object_type TEXT NOT NULL,"
        "  object_id TEXT NOT NULL,"
        "  PRIMARY KEY (message_id, object_type, object_id)"
        ") WITHOUT ROWID",
        "CREATE INDEX message_objects_object ON message_objects (object_type, object_id)",
        "CREATE INDEX events_last_seen ON events (last_seen_at)",
    };
    // The same rules as objectsOf(), in SQL, for what was stored before: the first path that has a value.
    const struct {
        const char *types;
        const char *objectType;
        std::vector<const char *> paths;
    } rules[] = {
        {"type LIKE 'order:%' OR type LIKE 'cart:%'", "order", {"$.order.number"}},
        {"type LIKE 'shipment:%'", "shipment", {"$.shipment.number"}},
        {"type LIKE 'shipment:%'", "order", {"$.shipment.order_number"}},
        {"type LIKE 'product:%' OR type LIKE 'stock:%' OR type LIKE 'inventory:%'",
         "product",
         {"$.product.sku", "$.product.id", "$.stock.sku", "$.stock.id", "$.inventory.sku", "$.inventory.id"}},
        {"type LIKE 'user:%' OR type LIKE 'customer:%'", "user", {"$.user.email", "$.customer.email"}},
    };
    for (const auto &rule : rules) {
        std::string value = "coalesce(";
        for (const char *path : rule.paths)
            value += std::string("nullif(json_extract(payload, '") + path + "'), ''), ";
        value += "NULL)";
        m.statements.push_back(std::string("INSERT OR IGNORE INTO message_objects (message_id, object_type, object_id) "
                                           "SELECT id, '") +
                               rule.objectType + "', CAST(" + value + " AS TEXT) FROM messages WHERE (" + rule.types +
                               ") AND json_valid(payload) AND " + value + " IS NOT NULL");
    }
    return m;
}

// Leases (cluster/Leases), as PostgreSQL has them, so that both schemas stay one: on SQLite the lock file
// keeps a second engine away, and none is ever taken.
Migration leases()
{
    return {9,
            "leases: which engine sends to an endpoint, polls a store, sweeps the archive",
            {
                "CREATE TABLE leases ("
                "  name TEXT PRIMARY KEY,"
                "  holder TEXT NOT NULL,"
                "  expires_at INTEGER NOT NULL"
                ") WITHOUT ROWID",
            }};
}

// Endpoint health as the engine that sends to each endpoint publishes it (storage/HealthStore), for the
// windows of the others.
Migration endpointHealth()
{
    return {10,
            "endpoints' health, as the engine that sends to each last saw it",
            {
                "CREATE TABLE endpoint_health ("
                "  endpoint_id INTEGER PRIMARY KEY,"
                "  holder TEXT NOT NULL,"
                "  snapshot TEXT NOT NULL,"
                "  updated_at INTEGER NOT NULL)",
            }};
}

// How much each engine has taken, delivered and failed since it started (storage/ThroughputStore), so that a
// window shows the rates of every engine on the database, not its own alone.
Migration nodeThroughput()
{
    return {11,
            "each engine's running totals, for the rates every window shows",
            {
                "CREATE TABLE node_throughput ("
                "  holder TEXT PRIMARY KEY,"
                "  taken INTEGER NOT NULL,"
                "  delivered INTEGER NOT NULL,"
                "  failed INTEGER NOT NULL,"
                "  sampled_at INTEGER NOT NULL,"
                "  updated_at INTEGER NOT NULL)",
            }};
}

} // namespace

const std::vector<Migration> &Schema::migrations()
{
    static const std::vector<Migration> all{configuration(),  messagesAndDeliveries(), eventsAlertsAndPolling(),
                                            copyRanges(),     storeApiSettings(),      storePace(),
                                            consumerRules(),  objectHistories(),       leases(),
                                            endpointHealth(), nodeThroughput()};
    return all;
}

int Schema::latestVersion()
{
    return Schema::migrations().back().version;
}

} // namespace engine
