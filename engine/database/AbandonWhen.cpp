#include "AbandonWhen.h"

#include "Connection.h"

#include <sqlite3.h>

namespace engine {

namespace {
// Virtual machine steps between two looks: a few hundred microseconds of work.
constexpr int stepsBetweenLooks = 10'000;
} // namespace

AbandonWhen::AbandonWhen(Connection &connection, std::function<bool()> unwanted)
    : m_connection(connection), m_unwanted(std::move(unwanted))
{
    sqlite3_progress_handler(
        m_connection.native(), stepsBetweenLooks,
        [](void *self) -> int { return static_cast<AbandonWhen *>(self)->m_unwanted() ? 1 : 0; }, this);
}

AbandonWhen::~AbandonWhen()
{
    sqlite3_progress_handler(m_connection.native(), 0, nullptr, nullptr);
}

} // namespace engine
