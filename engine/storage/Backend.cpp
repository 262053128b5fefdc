#include "Backend.h"

#include "storage/ReadConnection.h"
#include "storage/postgres/PgAddress.h"
#include "storage/postgres/PgReadConnection.h"
#include "storage/postgres/PgWriter.h"
#include "storage/sqlite/Connection.h"

namespace engine {

BackendKind backendOf(const QString &location)
{
    return PgAddress::isPostgres(location) ? BackendKind::Postgres : BackendKind::Sqlite;
}

QString displayLocation(const QString &location)
{
    if (backendOf(location) == BackendKind::Sqlite)
        return location;
    Result<PgAddress> address = PgAddress::parse(location);
    return address ? address->display() : QStringLiteral("postgresql://…");
}

Result<std::unique_ptr<Writer>> makeWriter(const QString &location, const Clock &clock,
                                           const DatabaseWriter::Options &options)
{
    if (backendOf(location) == BackendKind::Sqlite)
        return std::unique_ptr<Writer>(std::make_unique<DatabaseWriter>(location, clock, options));
    Result<PgAddress> address = PgAddress::parse(location);
    if (!address)
        return address.error();
    return std::unique_ptr<Writer>(
        std::make_unique<PgWriter>(*address, clock, PgWriter::Options{.maxBatchWeight = options.maxBatchWeight}));
}

Result<std::unique_ptr<ReadConnection>> openReadConnection(const QString &location)
{
    if (backendOf(location) == BackendKind::Sqlite) {
        Result<std::unique_ptr<Connection>> opened = Connection::open(location, Connection::Mode::Read);
        if (!opened)
            return opened.error();
        return std::unique_ptr<ReadConnection>(std::move(opened).value());
    }
    Result<PgAddress> address = PgAddress::parse(location);
    if (!address)
        return address.error();
    Result<std::unique_ptr<PgReadConnection>> opened = PgReadConnection::open(*address);
    if (!opened)
        return opened.error();
    return std::unique_ptr<ReadConnection>(std::move(opened).value());
}

} // namespace engine
