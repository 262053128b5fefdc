// bench_pg_driver (issue 20 asks for Qt's QPSQL driver or libpq directly, "whichever the measurements
// favour"): the ingest writer's main statement on PostgreSQL, through each driver. A ~1 KB order:new row is
// inserted into the real schema's messages table per statement, a transaction committed every --batch rows
// (synchronous_commit on, as the engine needs it). The drivers take turns, round after round, on one server:
//   qpsql            QSqlQuery prepared once, bound and executed per row
//   libpq            PQprepare once, PQexecPrepared per row, each waiting for its answer
//   libpq pipeline   the same statements sent in pipeline mode: a transaction's rows go out without waiting
//                    for each answer, and the answers are read at its end
// For each it prints rows per second, and the CPU per row spent in this process (the driver and the loop) and
// in the server's backend process for the connection (read from /proc/PID/stat), and the ratios to qpsql.
//
//   bench_pg_driver [--url postgresql://…] [--rows N] [--batch N] [--rounds N]
// The URL defaults to INTEGRATOR_TEST_POSTGRES (packaging/test-postgres.sh start FOLDER prints one); a fresh
// database is made on that server for the run and dropped after it.

#include "OrderMessage.h"
#include "ThreadCpu.h"

#include "storage/postgres/PgAddress.h"
#include "storage/postgres/PgMigrator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

#include <libpq-fe.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace engine;

namespace {

const char *insertSql = "INSERT INTO messages (id, store_id, type, state, source, received_at, payload) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7)";

// CPU seconds a process has used, from /proc/PID/stat (utime and stime, the 14th and 15th fields).
double processCpu(qint64 pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const size_t close = text.rfind(')'); // the command name may hold spaces
    if (close == std::string::npos)
        return 0;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i >= 14)
            ticks += std::stod(field);
    }
    return ticks / double(::sysconf(_SC_CLK_TCK));
}

struct Figures {
    double seconds = 0;
    double clientCpu = 0;
    double serverCpu = 0;
    int rows = 0;
};

// A driver's way to insert `rows` rows in transactions of `batch`, numbering ids from `first`.
struct Driver {
    const char *name;
    std::function<bool(int first, int rows, int batch)> insert;
    qint64 backendPid = 0;
};

Figures measure(Driver &d, int first, int rows, int batch)
{
    Figures f;
    f.rows = rows;
    const double client = bench::callingThreadCpuSeconds();
    const double server = processCpu(d.backendPid);
    QElapsedTimer timer;
    timer.start();
    if (!d.insert(first, rows, batch)) {
        std::fprintf(stderr, "bench_pg_driver: %s failed\n", d.name);
        std::exit(1);
    }
    f.seconds = double(timer.nsecsElapsed()) * 1e-9;
    f.clientCpu = bench::callingThreadCpuSeconds() - client;
    f.serverCpu = processCpu(d.backendPid) - server;
    return f;
}

bool ok(PGresult *r, ExecStatusType expected, PGconn *c)
{
    const bool good = PQresultStatus(r) == expected;
    if (!good)
        std::fprintf(stderr, "bench_pg_driver: libpq: %s\n", PQerrorMessage(c));
    PQclear(r);
    return good;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QString url = qEnvironmentVariable("INTEGRATOR_TEST_POSTGRES");
    int rows = 20'000, batch = 100, rounds = 3;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--url"))
            url = args[i + 1];
        else if (args[i] == QLatin1String("--rows"))
            rows = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--batch"))
            batch = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--rounds"))
            rounds = args[i + 1].toInt();
    }
    Result<PgAddress> server = PgAddress::parse(url);
    if (url.isEmpty() || !server) {
        std::fprintf(stderr, "bench_pg_driver: give --url postgresql://… or set INTEGRATOR_TEST_POSTGRES (start a "
                             "server with packaging/test-postgres.sh start FOLDER)\n");
        return 2;
    }

    // A database of the run's own, with the real schema.
    const QString name = QStringLiteral("bench_") + QUuid::createUuid().toString(QUuid::Id128);
    {
        Result<QSqlDatabase> maintenance = server->open(QStringLiteral("maintenance"));
        if (!maintenance || !QSqlQuery(*maintenance).exec(QStringLiteral("CREATE DATABASE ") + name)) {
            std::fprintf(stderr, "bench_pg_driver: cannot make a database on %s\n", qPrintable(server->display()));
            return 1;
        }
    }
    PgAddress address = *server;
    address.database = name;
    Result<QSqlDatabase> qt = address.open(QStringLiteral("qpsql"));
    if (!qt || !PgMigrator::migrate(*qt, address.display())) {
        std::fprintf(stderr, "bench_pg_driver: cannot make the schema\n");
        return 1;
    }
    QUrl libpqUrl(url);
    libpqUrl.setPath(QLatin1Char('/') + name);
    PGconn *plain = PQconnectdb(libpqUrl.toString().toUtf8().constData());
    PGconn *piped = PQconnectdb(libpqUrl.toString().toUtf8().constData());
    if (PQstatus(plain) != CONNECTION_OK || PQstatus(piped) != CONNECTION_OK) {
        std::fprintf(stderr, "bench_pg_driver: libpq cannot connect: %s\n", PQerrorMessage(plain));
        return 1;
    }
    for (PGconn *c : {plain, piped}) {
        if (!ok(PQprepare(c, "insert", insertSql, 7, nullptr), PGRES_COMMAND_OK, c))
            return 1;
    }

    const std::string payload = bench::orderMessage()["payload"].dump();
    const auto id = [](int n) { return QStringLiteral("%1").arg(n, 24, 16, QLatin1Char('0')).toStdString(); };

    QSqlQuery qtInsert(*qt);
    // Qt's placeholders; the driver turns them into $1… and prepares the statement on the server.
    qtInsert.prepare(
        QString::fromLatin1(insertSql).replace(QRegularExpression(QStringLiteral("\\$[0-9]")), QStringLiteral("?")));
    const QString qtPayload = QString::fromStdString(payload);
    Driver qpsql{"qpsql", [&](int first, int n, int per) {
                     for (int done = 0; done < n;) {
                         if (!qt->transaction())
                             return false;
                         for (int i = 0; i < per && done < n; ++i, ++done) {
                             qtInsert.bindValue(0, QString::fromStdString(id(first + done)));
                             qtInsert.bindValue(1, QStringLiteral("main"));
                             qtInsert.bindValue(2, QStringLiteral("order:new"));
                             qtInsert.bindValue(3, QStringLiteral("accepted"));
                             qtInsert.bindValue(4, QStringLiteral("push"));
                             qtInsert.bindValue(5, qint64(1'700'000'000'000) + first + done);
                             qtInsert.bindValue(6, qtPayload);
                             if (!qtInsert.exec()) {
                                 std::fprintf(stderr, "%s\n", qPrintable(qtInsert.lastError().text()));
                                 return false;
                             }
                         }
                         if (!qt->commit())
                             return false;
                     }
                     return true;
                 }};
    {
        QSqlQuery pid(*qt);
        pid.exec(QStringLiteral("SELECT pg_backend_pid()"));
        pid.next();
        qpsql.backendPid = pid.value(0).toLongLong();
    }

    const auto libpqRows = [&](PGconn *c, bool pipeline) {
        return [&, c, pipeline](int first, int n, int per) {
            if (pipeline && PQpipelineStatus(c) == PQ_PIPELINE_OFF && !PQenterPipelineMode(c))
                return false;
            for (int done = 0; done < n;) {
                std::vector<std::string> ids, times;
                const int count = std::min(per, n - done);
                for (int i = 0; i < count; ++i) {
                    ids.push_back(id(first + done + i));
                    times.push_back(std::to_string(1'700'000'000'000LL + first + done + i));
                }
                if (pipeline) {
                    if (!PQsendQueryParams(c, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0))
                        return false;
                } else if (!ok(PQexec(c, "BEGIN"), PGRES_COMMAND_OK, c)) {
                    return false;
                }
                for (int i = 0; i < count; ++i) {
                    const char *values[7] = {ids[size_t(i)].c_str(),   "main",         "order:new", "accepted", "push",
                                             times[size_t(i)].c_str(), payload.c_str()};
                    if (pipeline) {
                        if (!PQsendQueryPrepared(c, "insert", 7, values, nullptr, nullptr, 0))
                            return false;
                    } else if (!ok(PQexecPrepared(c, "insert", 7, values, nullptr, nullptr, 0), PGRES_COMMAND_OK, c)) {
                        return false;
                    }
                }
                if (pipeline) {
                    if (!PQsendQueryParams(c, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) || !PQpipelineSync(c))
                        return false;
                    // The answers, each followed by a null result, then the sync's.
                    for (;;) {
                        PGresult *r = PQgetResult(c);
                        if (!r)
                            continue;
                        const ExecStatusType status = PQresultStatus(r);
                        PQclear(r);
                        if (status == PGRES_PIPELINE_SYNC)
                            break;
                        if (status != PGRES_COMMAND_OK) {
                            std::fprintf(stderr, "bench_pg_driver: pipeline: %s\n", PQerrorMessage(c));
                            return false;
                        }
                    }
                } else if (!ok(PQexec(c, "COMMIT"), PGRES_COMMAND_OK, c)) {
                    return false;
                }
                done += count;
            }
            return true;
        };
    };
    Driver direct{"libpq", libpqRows(plain, false), PQbackendPID(plain)};
    Driver pipelined{"libpq pipeline", libpqRows(piped, true), PQbackendPID(piped)};

    std::printf("bench_pg_driver: %d rows of %zu bytes per driver and round, a commit every %d rows, %d rounds, on "
                "%s\n",
                rows, payload.size(), batch, rounds, qPrintable(server->display()));
    std::vector<Driver *> drivers{&qpsql, &direct, &pipelined};
    std::map<std::string, Figures> total;
    int next = 0;
    measure(qpsql, next, 1000, batch); // warm up the server's caches and the table
    next += 1000;
    for (int round = 1; round <= rounds; ++round) {
        for (Driver *d : drivers) {
            const Figures f = measure(*d, next, rows, batch);
            next += rows;
            std::printf("  round %d %-16s %8.0f rows/s   CPU per row: %5.1f µs here, %5.1f µs in the server\n", round,
                        d->name, f.rows / f.seconds, f.clientCpu * 1e6 / f.rows, f.serverCpu * 1e6 / f.rows);
            Figures &t = total[d->name];
            t.seconds += f.seconds;
            t.clientCpu += f.clientCpu;
            t.serverCpu += f.serverCpu;
            t.rows += f.rows;
        }
    }
    const Figures &base = total["qpsql"];
    std::printf("all rounds:\n");
    std::string json = "{";
    for (Driver *d : drivers) {
        const Figures &t = total[d->name];
        const double perRowClient = t.clientCpu * 1e6 / t.rows, perRowServer = t.serverCpu * 1e6 / t.rows;
        std::printf("  %-16s %8.0f rows/s (%.2fx qpsql)   CPU per row: %5.1f µs here (%.2fx), %5.1f µs in the "
                    "server (%.2fx)\n",
                    d->name, t.rows / t.seconds, (t.rows / t.seconds) / (base.rows / base.seconds), perRowClient,
                    perRowClient / (base.clientCpu * 1e6 / base.rows), perRowServer,
                    perRowServer / (base.serverCpu * 1e6 / base.rows));
        char part[200];
        std::snprintf(part, sizeof part, "%s\"%s\": {\"rows_per_s\": %.0f, \"client_us\": %.2f, \"server_us\": %.2f}",
                      json.size() > 1 ? ", " : "", d->name, t.rows / t.seconds, perRowClient, perRowServer);
        json += part;
    }
    std::printf("%s}\n", json.c_str());

    PQfinish(plain);
    PQfinish(piped);
    qtInsert.clear();
    qt->close();
    QSqlDatabase::removeDatabase(QStringLiteral("qpsql"));
    if (Result<QSqlDatabase> maintenance = server->open(QStringLiteral("maintenance2")))
        QSqlQuery(*maintenance).exec(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(name));
    return 0;
}
