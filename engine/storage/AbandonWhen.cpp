#include "AbandonWhen.h"

#include "ReadConnection.h"

namespace engine {

AbandonWhen::AbandonWhen(ReadConnection &connection, std::function<bool()> unwanted) : m_connection(connection)
{
    m_connection.setUnwanted(std::move(unwanted));
}

AbandonWhen::~AbandonWhen()
{
    m_connection.setUnwanted({});
}

} // namespace engine
