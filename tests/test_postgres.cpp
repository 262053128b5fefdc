// PostgreSQL, the second backend (DESIGN §9), against a real server (support/TestPostgres): where a database
// is (PgAddress), and its schema, made and upgraded by the same migrations as SQLite's in PostgreSQL's
// dialect (PgSchema, PgMigrator), once however many engines start on it at once.

#include "support/TestDatabase.h"
#include "support/TestPostgres.h"

#include "config/DefaultConsumers.h"
#include "storage/AlertStore.h"
#include "storage/Statement.h"
#include "storage/postgres/PgAddress.h"
#include "storage/postgres/PgConnection.h"
#include "storage/postgres/PgMigrator.h"
#include "storage/postgres/PgSchema.h"
#include "storage/postgres/PgStatement.h"
#include "storage/postgres/PgWriter.h"
#include "storage/sqlite/Connection.h"
#include "storage/sqlite/Migrator.h"
#include "storage/sqlite/Schema.h"

#include <QSqlQuery>
#include <QUuid>

#include <gtest/gtest.h>

#include <set>
#include <thread>

using namespace engine;

namespace {

// A connection of its own on the test's database, through Qt's driver (as the migrator takes one), closed and removed
// with it.
class QtPgConnection {
public:
    explicit QtPgConnection(const test::TestPostgres &pg)
        : m_name(QStringLiteral("pg-") + QUuid::createUuid().toString(QUuid::Id128))
    {
        Result<PgAddress> address = PgAddress::parse(pg.url());
        EXPECT_TRUE(address) << qPrintable(pg.url());
        if (!address)
            return;
        Result<QSqlDatabase> db = address->open(m_name);
        EXPECT_TRUE(db) << qPrintable(db ? QString() : db.error().text());
        if (db)
            m_db = *db;
        m_label = address->display();
    }
    ~QtPgConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return m_db; }
    const QString &label() const { return m_label; }
    QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(m_db);
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    bool exec(const QString &sql) const { return QSqlQuery(m_db).exec(sql); }

private:
    QString m_name;
    QString m_label;
    QSqlDatabase m_db;
};

using Columns = std::set<QString>; // table.column

Columns postgresColumns(const QtPgConnection &c)
{
    Columns columns;
    QSqlQuery q(c.db());
    EXPECT_TRUE(q.exec(QStringLiteral(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()")));
    while (q.next())
        columns.insert(q.value(0).toString() + QLatin1Char('.') + q.value(1).toString());
    return columns;
}

Columns sqliteColumns(Connection &c)
{
    Columns columns;
    QSqlQuery tables(c.database());
    EXPECT_TRUE(tables.exec(
        QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")));
    while (tables.next()) {
        const QString table = tables.value(0).toString();
        QSqlQuery info(c.database());
        EXPECT_TRUE(info.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)));
        while (info.next())
            columns.insert(table + QLatin1Char('.') + info.value(1).toString());
    }
    return columns;
}

} // namespace

TEST(PgAddress, ReadsEveryPartOfAUrlAndLeavesWhatIsMissingToLibpq)
{
    Result<PgAddress> a =
        PgAddress::parse(QStringLiteral("postgresql://hub:s%40cret@db.example.com:6543/integrator?sslmode=require"));
    ASSERT_TRUE(a) << qPrintable(a.error().text());
    EXPECT_EQ(a->host, QLatin1String("db.example.com"));
    EXPECT_EQ(a->port, 6543);
    EXPECT_EQ(a->user, QLatin1String("hub"));
    EXPECT_EQ(a->password, QLatin1String("s@cret"));
    EXPECT_EQ(a->database, QLatin1String("integrator"));
    EXPECT_EQ(a->options, QStringList{QStringLiteral("sslmode=require")});
    // The password is never shown.
    EXPECT_FALSE(a->display().contains(QLatin1String("s@cret")));
    EXPECT_FALSE(a->display().contains(QLatin1String("cret")));

    Result<PgAddress> bare = PgAddress::parse(QStringLiteral("postgres://"));
    ASSERT_TRUE(bare);
    EXPECT_TRUE(bare->host.isEmpty());
    EXPECT_EQ(bare->port, 0);
    EXPECT_TRUE(bare->database.isEmpty());
    EXPECT_TRUE(bare->user.isEmpty());

    EXPECT_TRUE(PgAddress::isPostgres(QStringLiteral("postgresql://x/y")));
    EXPECT_FALSE(PgAddress::isPostgres(QStringLiteral("/var/lib/hub.db")));
    for (const char *bad : {"postgresql://host:0/db", "postgresql://host/a/b", "mysql://host/db",
                            "postgresql://host/db?sslmode=require;x=1"}) {
        Result<PgAddress> refused = PgAddress::parse(QString::fromLatin1(bad));
        EXPECT_FALSE(refused) << bad;
    }
}

TEST(PgAddress, AServerThatIsNotThereIsSaidByItsAddressWithoutThePassword)
{
    Result<PgAddress> a =
        PgAddress::parse(QStringLiteral("postgresql://hub:topsecret@127.0.0.1:9/x?connect_timeout=2"));
    ASSERT_TRUE(a);
    Result<QSqlDatabase> db = a->open(QStringLiteral("nowhere"));
    ASSERT_FALSE(db);
    EXPECT_TRUE(db.error().text().contains(QLatin1String("127.0.0.1:9"))) << qPrintable(db.error().text());
    EXPECT_FALSE(db.error().text().contains(QLatin1String("topsecret")));
    QSqlDatabase::removeDatabase(QStringLiteral("nowhere"));
}

TEST(PgSchema, KnowsTheSameVersionsAsSQLitesEachForTheSameChange)
{
    ASSERT_EQ(PgSchema::migrations().size(), Schema::migrations().size());
    for (size_t i = 0; i < Schema::migrations().size(); ++i) {
        EXPECT_EQ(PgSchema::migrations()[i].version, Schema::migrations()[i].version);
        EXPECT_STREQ(PgSchema::migrations()[i].description, Schema::migrations()[i].description);
    }
}

TEST(PgMigrator, MakesAnEmptyDatabaseAtTheLatestVersionWithTheSameTablesAndColumnsAsSQLite)
{
    test::TestPostgres pg;
    ASSERT_TRUE(pg.ok());
    QtPgConnection c(pg);
    EXPECT_EQ(*PgMigrator::currentVersion(c.db(), c.label()), 0);
    Status made = PgMigrator::migrate(c.db(), c.label());
    ASSERT_TRUE(made) << qPrintable(made.error().text());
    EXPECT_EQ(*PgMigrator::currentVersion(c.db(), c.label()), PgSchema::latestVersion());

    test::TestDatabase sqlite;
    auto s = Connection::open(sqlite.path(), Connection::Mode::Write);
    ASSERT_TRUE(s);
    ASSERT_TRUE(Migrator::migrate(**s));
    // The same, but for the version of the build that made it, which only PostgreSQL's migrator reads (its
    // nodes may migrate at once).
    Columns inSqlite = sqliteColumns(**s);
    inSqlite.insert(QStringLiteral("schema_version.made_at"));
    const Columns inPostgres = postgresColumns(c);
    ASSERT_GT(inSqlite.size(), 50u);
    QStringList onlyOne;
    for (const QString &column : inSqlite)
        if (!inPostgres.count(column))
            onlyOne << QStringLiteral("SQLite has %1").arg(column);
    for (const QString &column : inPostgres)
        if (!inSqlite.count(column))
            onlyOne << QStringLiteral("PostgreSQL has %1").arg(column);
    EXPECT_TRUE(onlyOne.isEmpty()) << qPrintable(onlyOne.join(QStringLiteral(", ")));

    // A new database has the default consumers on, as SQLite's has, and no notice offering them.
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM consumers WHERE enabled = 1")).toInt(),
              int(DefaultConsumers::all().size()));
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM alerts")).toInt(), 0);

    // Opening it again changes nothing.
    ASSERT_TRUE(PgMigrator::migrate(c.db(), c.label()));
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM consumers")).toInt(), int(DefaultConsumers::all().size()));
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM schema_version")).toInt(), 1);
}

TEST(PgMigrator, UpgradesAnOlderDatabaseKeepingItsRowsAndOffersTheDefaultConsumersTurnedOff)
{
    test::TestPostgres pg;
    ASSERT_TRUE(pg.ok());
    QtPgConnection c(pg);
    // A database an older build made, at version 6, with a store and an order in it.
    ASSERT_TRUE(PgMigrator::migrate(c.db(), c.label(), 6));
    ASSERT_TRUE(c.exec(QStringLiteral("UPDATE schema_version SET made_at = 6")));
    ASSERT_TRUE(c.exec(QStringLiteral(
        "INSERT INTO stores (id, name, push_token, created_at) VALUES ('main', 'Main', 'token-0123456789abcdef', 1)")));
    ASSERT_TRUE(c.exec(QStringLiteral(
        "INSERT INTO messages (id, store_id, type, state, source, received_at, payload) VALUES ('m1', 'main', "
        "'order:new', 'accepted', 'push', 1, '{\"order\": {\"number\": \"R7\"}}')")));

    Status upgraded = PgMigrator::migrate(c.db(), c.label());
    ASSERT_TRUE(upgraded) << qPrintable(upgraded.error().text());
    EXPECT_EQ(*PgMigrator::currentVersion(c.db(), c.label()), PgSchema::latestVersion());
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT name FROM stores")).toString(), QLatin1String("Main"));
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM consumers WHERE enabled = 0")).toInt(),
              int(DefaultConsumers::all().size()));
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT kind FROM alerts")).toString(), QLatin1String("consumers_offered"));
    // The order stored before histories existed is found by its number.
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT message_id FROM message_objects WHERE object_type = 'order' AND "
                                      "object_id = 'R7'"))
                  .toString(),
              QLatin1String("m1"));
}

TEST(PgMigrator, EveryChangeToTheConfigurationBumpsItsRevision)
{
    test::TestPostgres pg;
    ASSERT_TRUE(pg.ok());
    QtPgConnection c(pg);
    ASSERT_TRUE(PgMigrator::migrate(c.db(), c.label()));
    const auto revision = [&] {
        return c.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'config_revision'")).toLongLong();
    };
    const qint64 before = revision();
    ASSERT_TRUE(c.exec(QStringLiteral(
        "INSERT INTO stores (id, name, push_token, created_at) VALUES ('main', 'Main', 'token-0123456789abcdef', 1)")));
    EXPECT_EQ(revision(), before + 1);
    ASSERT_TRUE(c.exec(QStringLiteral("UPDATE consumers SET enabled = 0")));
    EXPECT_EQ(revision(), before + 2);
    ASSERT_TRUE(c.exec(QStringLiteral("DELETE FROM stores")));
    EXPECT_EQ(revision(), before + 3);
}

TEST(PgMigrator, SeveralEnginesStartingAtOnceMakeTheSchemaOnce)
{
    test::TestPostgres pg;
    ASSERT_TRUE(pg.ok());
    constexpr int nodes = 4;
    std::vector<std::thread> starting;
    std::vector<QString> errors(nodes);
    for (int i = 0; i < nodes; ++i) {
        starting.emplace_back([&, i] {
            QtPgConnection c(pg);
            if (Status ok = PgMigrator::migrate(c.db(), c.label()); !ok)
                errors[i] = ok.error().text();
        });
    }
    for (std::thread &t : starting)
        t.join();
    for (const QString &e : errors)
        EXPECT_TRUE(e.isEmpty()) << qPrintable(e);
    QtPgConnection c(pg);
    EXPECT_EQ(*PgMigrator::currentVersion(c.db(), c.label()), PgSchema::latestVersion());
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM schema_version")).toInt(), 1);
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM consumers WHERE enabled = 1")).toInt(),
              int(DefaultConsumers::all().size()));
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM settings WHERE key = 'config_revision'")).toInt(), 1);
}

TEST(PgMigrator, RefusesADatabaseThatIsNotIntegratorsOrIsNewerAndLeavesItAlone)
{
    test::TestPostgres pg;
    ASSERT_TRUE(pg.ok());
    {
        QtPgConnection c(pg);
        ASSERT_TRUE(c.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)")));
        Status refused = PgMigrator::migrate(c.db(), c.label());
        ASSERT_FALSE(refused);
        EXPECT_TRUE(refused.error().text().contains(QLatin1String("is not an Integrator database")))
            << qPrintable(refused.error().text());
        EXPECT_FALSE(c.scalar(QStringLiteral("SELECT to_regclass('schema_version') IS NOT NULL")).toBool());
        ASSERT_TRUE(c.exec(QStringLiteral("DROP TABLE invoices")));
    }
    QtPgConnection c(pg);
    ASSERT_TRUE(PgMigrator::migrate(c.db(), c.label()));
    ASSERT_TRUE(c.exec(QStringLiteral("UPDATE schema_version SET version = version + 1")));
    Status refused = PgMigrator::migrate(c.db(), c.label());
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().text().contains(QLatin1String("newer than this Integrator knows")))
        << qPrintable(refused.error().text());
    EXPECT_EQ(*PgMigrator::currentVersion(c.db(), c.label()), PgSchema::latestVersion() + 1);
}

TEST(PgStatement, TakesTheStoresPlaceholdersAndLeavesQuestionMarksInLiteralsAlone)
{
    int parameters = 0;
    EXPECT_EQ(PgStatement::postgresPlaceholders("SELECT a FROM t WHERE b = ?2 AND c = ?1", &parameters),
              "SELECT a FROM t WHERE b = $2 AND c = $1");
    EXPECT_EQ(parameters, 2);
    EXPECT_EQ(PgStatement::postgresPlaceholders("INSERT INTO t VALUES (?, ?, '?', 'it''s ?')", &parameters),
              "INSERT INTO t VALUES ($1, $2, '?', 'it''s ?')");
    EXPECT_EQ(parameters, 2);
    EXPECT_EQ(PgStatement::postgresPlaceholders("SELECT 1", &parameters), "SELECT 1");
    EXPECT_EQ(parameters, 0);
}

TEST(PgStatement, BindsRunsAndStepsThroughRowsAsTheStoresUseStatements)
{
    test::TestPostgres pg;
    ASSERT_TRUE(pg.ok());
    Result<PgAddress> address = PgAddress::parse(pg.url());
    ASSERT_TRUE(address);
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(*address);
    ASSERT_TRUE(c) << qPrintable(c.error().text());
    ASSERT_TRUE((*c)->exec("CREATE TABLE t (id TEXT PRIMARY KEY, n BIGINT, note TEXT)"));

    std::unique_ptr<Statement> insert = (*c)->prepare("INSERT INTO t (id, n, note) VALUES (?1, ?2, ?3) "
                                                      "ON CONFLICT (id) DO NOTHING");
    const std::string big(5000, 'x');
    for (int i = 0; i < 3; ++i) {
        const std::string id = "m" + std::to_string(i);
        insert->bind(1, id);
        insert->bind(2, qint64(1) << (40 + i));
        if (i == 1)
            insert->bindNull(3);
        else
            insert->bind(3, i == 2 ? std::string_view(big) : std::string_view("it's ?"));
        ASSERT_TRUE(insert->run());
        EXPECT_EQ(insert->changes(), 1);
    }
    // The same row again changes nothing, and says so.
    insert->bind(1, "m0");
    insert->bind(2, qint64(0));
    insert->bind(3, "again");
    ASSERT_TRUE(insert->run());
    EXPECT_EQ(insert->changes(), 0);

    std::unique_ptr<Statement> select = (*c)->prepare("SELECT id, n, note FROM t WHERE n >= ?1 ORDER BY id");
    select->bind(1, qint64(0));
    std::vector<std::string> ids;
    for (;;) {
        Result<bool> row = select->next();
        ASSERT_TRUE(row);
        if (!*row)
            break;
        ids.emplace_back(select->columnText(0));
        const int i = int(ids.size()) - 1;
        EXPECT_EQ(select->columnInt64(1), qint64(1) << (40 + i));
        EXPECT_EQ(select->columnIsNull(2), i == 1);
        if (i == 0) {
            EXPECT_EQ(select->columnText(2), "it's ?");
        }
        if (i == 2) {
            EXPECT_EQ(select->columnText(2).size(), big.size());
        }
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"m0", "m1", "m2"}));
    // Stopped in the middle and used again, it starts from its first row.
    ASSERT_TRUE(*select->next());
    select->reset();
    ASSERT_TRUE(*select->next());
    EXPECT_EQ(select->columnText(0), "m0");
    select->reset();

    std::unique_ptr<Statement> update = (*c)->prepare("UPDATE t SET note = 'seen' WHERE n > ?1");
    update->bind(1, qint64(1) << 40);
    ASSERT_TRUE(update->run());
    EXPECT_EQ(update->changes(), 2);

    // What PostgreSQL refuses is said, with the statement.
    std::unique_ptr<Statement> bad = (*c)->prepare("SELECT nothing FROM nowhere WHERE x = ?1");
    Result<bool> refused = bad->next();
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().text().contains(QLatin1String("nowhere"))) << qPrintable(refused.error().text());
    insert->bind(1, std::string_view());
    insert->bind(2, qint64(1));
    insert->bind(3, "x");
    ASSERT_TRUE(insert->run()); // an empty id is a value, not NULL
    insert->bindNull(1);
    const Status nullKey = insert->run();
    ASSERT_FALSE(nullKey);
    EXPECT_TRUE(nullKey.error().text().contains(QLatin1String("null"))) << qPrintable(nullKey.error().text());
}

TEST(PgConnection, AServerThatIsNotThereIsSaidWithoutThePassword)
{
    Result<PgAddress> a =
        PgAddress::parse(QStringLiteral("postgresql://hub:topsecret@127.0.0.1:9/x?connect_timeout=2"));
    ASSERT_TRUE(a);
    Result<std::unique_ptr<PgConnection>> c = PgConnection::open(*a);
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().text().contains(QLatin1String("127.0.0.1:9"))) << qPrintable(c.error().text());
    EXPECT_FALSE(c.error().text().contains(QLatin1String("topsecret")));
}

TEST(PgConnection, UnderQtsDriverItIsTheSameSessionSoBothRunInOneTransaction)
{
    test::TestPostgres pg;
    ASSERT_TRUE(pg.ok());
    QtPgConnection qt(pg);
    std::unique_ptr<PgConnection> native = PgConnection::underQt(qt.db(), qt.label());
    ASSERT_NE(native, nullptr);
    EXPECT_EQ(PgConnection::underQt(QSqlDatabase(), qt.label()), nullptr);
    ASSERT_TRUE(qt.exec(QStringLiteral("CREATE TABLE t (id TEXT PRIMARY KEY)")));

    // Written by a prepared statement on libpq, read by QtSql before the commit: one transaction.
    ASSERT_TRUE(qt.db().transaction());
    std::unique_ptr<Statement> insert = native->prepare("INSERT INTO t (id) VALUES (?1)");
    insert->bind(1, "m1");
    ASSERT_TRUE(insert->run());
    EXPECT_EQ(qt.scalar(QStringLiteral("SELECT count(*) FROM t")).toInt(), 1);
    ASSERT_TRUE(qt.db().rollback());
    EXPECT_EQ(qt.scalar(QStringLiteral("SELECT count(*) FROM t")).toInt(), 0);

    ASSERT_TRUE(qt.db().transaction());
    insert->bind(1, "m2");
    ASSERT_TRUE(insert->run());
    ASSERT_TRUE(qt.db().commit());
    insert.reset();
    native.reset(); // not owned: Qt's connection goes on
    EXPECT_EQ(qt.scalar(QStringLiteral("SELECT id FROM t")).toString(), QLatin1String("m2"));
}

TEST(PgWriter, CommitsWhatQueuedTogetherAndFailsOnlyTheJobThatFailed)
{
    test::TestPostgres pg;
    ASSERT_TRUE(pg.ok());
    Result<PgAddress> address = PgAddress::parse(pg.url());
    ASSERT_TRUE(address);
    PgWriter writer(*address);
    Status started = writer.start();
    ASSERT_TRUE(started) << qPrintable(started.error().text());

    // Jobs from many threads at once, one of them failing: every other one is committed and told so.
    constexpr int jobs = 200;
    std::vector<std::thread> threads;
    std::atomic<int> succeeded{0}, failed{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < jobs / 4; ++i) {
                const std::string key = "k" + std::to_string(t) + "_" + std::to_string(i);
                const bool bad = t == 2 && i == 7;
                const Status s = writer.execute([key, bad](WriteTransaction &tx) -> Status {
                    Statement &insert = tx.statement("INSERT INTO settings (key, value) VALUES (?1, ?2)");
                    insert.bind(1, key);
                    if (bad)
                        insert.bindNull(2); // value is NOT NULL
                    else
                        insert.bind(2, "v");
                    return insert.run();
                });
                (s ? succeeded : failed).fetch_add(1);
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    EXPECT_EQ(failed.load(), 1);
    EXPECT_EQ(succeeded.load(), jobs - 1);
    EXPECT_EQ(writer.committedJobs(), jobs - 1);
    EXPECT_LE(writer.committedTransactions(), writer.committedJobs());
    writer.stop();

    QtPgConnection c(pg);
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM settings WHERE key LIKE 'k%'")).toInt(), jobs - 1);
    EXPECT_EQ(c.scalar(QStringLiteral("SELECT count(*) FROM settings WHERE key = 'k2_7'")).toInt(), 0);
    // Stopped, it refuses work, saying so.
    const Status refused = writer.execute([](WriteTransaction &) { return Status(); });
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().text().contains(QLatin1String("not running")));
}

TEST(PgWriter, AStoreWrittenForSQLiteWorksUnchangedThroughIt)
{
    test::TestPostgres pg;
    ASSERT_TRUE(pg.ok());
    Result<PgAddress> address = PgAddress::parse(pg.url());
    ASSERT_TRUE(address);
    PgWriter writer(*address);
    ASSERT_TRUE(writer.start());
    // AlertStore: at most one open alert per kind and subject, raised again it updates the detail.
    const Status raised = writer.execute([](WriteTransaction &tx) {
        return AlertStore::raise(tx, QStringLiteral("endpoint_failing"), QStringLiteral("warehouse"),
                                 QStringLiteral("HTTP 500"), 1000);
    });
    ASSERT_TRUE(raised) << qPrintable(raised.error().text());
    ASSERT_TRUE(writer.execute([](WriteTransaction &tx) {
        return AlertStore::raise(tx, QStringLiteral("endpoint_failing"), QStringLiteral("warehouse"),
                                 QStringLiteral("HTTP 503"), 2000);
    }));
    ASSERT_TRUE(writer.execute([](WriteTransaction &tx) {
        return AlertStore::resolve(tx, QStringLiteral("endpoint_failing"), QStringLiteral("warehouse"), 3000);
    }));
    Result<qint64> revision = Result<qint64>(0);
    ASSERT_TRUE(writer.execute([&](WriteTransaction &tx) -> Status {
        revision = tx.configRevision();
        return revision ? Status() : Status(revision.error());
    }));
    writer.stop();
    EXPECT_GT(*revision, 0); // the default consumers were inserted

    QtPgConnection c(pg);
    Result<std::vector<Alerts::Alert>> alerts = AlertStore::list(c.db());
    ASSERT_TRUE(alerts) << qPrintable(alerts.error().text());
    ASSERT_EQ(alerts->size(), 1u);
    EXPECT_EQ(alerts->front().detail, QLatin1String("HTTP 503"));
    EXPECT_EQ(alerts->front().raisedAtMs, 1000);
    EXPECT_EQ(alerts->front().resolvedAtMs, 3000);
}
