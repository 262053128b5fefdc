#pragma once
// Stops a read that is no longer wanted: while one lives, the backend asks `unwanted` every so often
// and, once it says yes, ends the statement running on the (read) connection with an "interrupted" error. A count
// over a million rows for a filter the owner has since changed then frees its reader at once, instead of
// holding up the reads that were queued behind it.

#include <functional>

namespace engine {

class ReadConnection;

class AbandonWhen {
public:
    AbandonWhen(ReadConnection &connection, std::function<bool()> unwanted);
    ~AbandonWhen();
    AbandonWhen(const AbandonWhen &) = delete;
    AbandonWhen &operator=(const AbandonWhen &) = delete;

private:
    ReadConnection &m_connection;
};

} // namespace engine
