#include "AbandonWhen.h"

#include "Connection.h"

namespace engine {

AbandonWhen::AbandonWhen(Connection &connection, std::function<bool()> unwanted) : m_connection(connection)
{
    m_connection.setUnwanted(std::move(unwanted));
}

AbandonWhen::~AbandonWhen()
{
    m_connection.setUnwanted({});
}

} // namespace engine
