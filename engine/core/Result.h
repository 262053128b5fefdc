#pragma once
// A value or an error a person can act on. Errors never travel as exceptions across threads or signals.

#include <QString>

#include <optional>
#include <utility>
#include <variant>
#include <vector>

namespace engine {

struct Error {
    QString message;
    // The input field the error is about ("endpoints[1].url", "payload"), empty when it is not about one field.
    QString field;
    // True when the input was fine but the machine failed us (database, disk, network); false when the
    // input was refused. Tools exit with 1 for the first and 2 for the second.
    bool runtimeFailure = false;
    // True when the machine failed us for lack of space (a database's disk is full): storage/SpaceState.
    bool outOfSpace = false;

    // "field: message", or just the message when no field is named.
    QString text() const { return field.isEmpty() ? message : field + QStringLiteral(": ") + message; }
    // The same error, located one level deeper: prefixed("endpoints[1]") turns "url" into "endpoints[1].url".
    Error prefixed(const QString &outer) const
    {
        if (outer.isEmpty())
            return *this;
        if (field.isEmpty())
            return {message, outer, runtimeFailure, outOfSpace};
        return {message, field.startsWith(QLatin1Char('[')) ? outer + field : outer + QLatin1Char('.') + field,
                runtimeFailure, outOfSpace};
    }
};

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_value(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<T>(m_value); }
    const T &value() const & { return std::get<T>(m_value); }
    T &&value() && { return std::get<T>(std::move(m_value)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { return std::get<Error>(m_value); }

private:
    std::variant<T, Error> m_value;
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

// Everything wrong with an input, in the order the fields come: a form shows them all at once.
using Problems = std::vector<Error>;

inline Status firstProblem(const Problems &problems)
{
    if (problems.empty())
        return {};
    return problems.front();
}

inline Error fieldError(const QString &field, const QString &message)
{
    return Error{message, field};
}
inline Error runtimeError(const QString &message)
{
    return Error{message, QString(), true};
}

} // namespace engine
