#include "ConsumerRule.h"

#include <algorithm>

namespace engine {

Result<ConsumerRule::ScopedPath> ConsumerRule::ScopedPath::parse(const QString &text)
{
    ScopedPath p;
    p.element = Consumer::readsElement(text);
    p.whole = text == QLatin1String("each");
    if (p.whole)
        return p;
    Result<JsonPath> path = JsonPath::parse(toStdString(p.element ? text.mid(5) : text));
    if (!path)
        return path.error();
    p.path = std::move(path).value();
    return p;
}

const Json *ConsumerRule::ScopedPath::first(const Json &document, const Json *elementValue) const
{
    const Json *root = element ? elementValue : &document;
    if (!root)
        return nullptr;
    if (whole)
        return root;
    const std::vector<const Json *> values = path.collect(*root);
    return values.empty() ? nullptr : values.front();
}

Result<ConsumerRule> ConsumerRule::compile(const Consumer &consumer)
{
    if (Status ok = consumer.validate(); !ok)
        return ok.error();
    ConsumerRule rule;
    rule.m_id = consumer.id;
    rule.m_name = consumer.name;
    rule.m_emits = toStdString(consumer.emits);
    rule.m_source = "consumer:" + toStdString(consumer.name);
    for (const QString &pattern : consumer.messages) {
        Result<TypePattern> p = TypePattern::parse(toStdString(pattern));
        if (!p)
            return p.error().prefixed(QStringLiteral("messages"));
        rule.m_patterns.push_back(std::move(p).value());
    }
    if (!consumer.each.isEmpty()) {
        Result<JsonPath> each = JsonPath::parse(toStdString(consumer.each));
        if (!each)
            return each.error().prefixed(QStringLiteral("each"));
        rule.m_each = std::move(each).value();
    }
    std::vector<FilterRule> onDocument;
    std::vector<FilterRule> onElement;
    for (FilterRule f : consumer.filters) {
        if (Consumer::readsElement(toQString(f.path))) {
            f.path = f.path.substr(5);
            onElement.push_back(std::move(f));
        } else {
            onDocument.push_back(std::move(f));
        }
    }
    Result<FilterSet> documentFilters = FilterSet::compile(onDocument, consumer.match);
    Result<FilterSet> elementFilters = FilterSet::compile(onElement, consumer.match);
    if (!documentFilters || !elementFilters)
        return (!documentFilters ? documentFilters.error() : elementFilters.error());
    rule.m_documentFilters = std::move(documentFilters).value();
    rule.m_elementFilters = std::move(elementFilters).value();
    rule.m_match = consumer.match;
    if (consumer.payload != QLatin1String("same")) {
        Result<ScopedPath> p = ScopedPath::parse(consumer.payload);
        if (!p)
            return p.error().prefixed(QStringLiteral("payload"));
        rule.m_payload = std::move(p).value();
    }
    rule.m_as = toStdString(consumer.as);
    for (const Identifier &field : consumer.add) {
        Result<ScopedPath> p = ScopedPath::parse(field.path);
        if (!p)
            return p.error().prefixed(QStringLiteral("add.") + field.name);
        rule.m_add.emplace_back(toStdString(field.name), std::move(p).value());
    }
    for (const Identifier &identifier : consumer.identifiers) {
        Result<JsonPath> p = JsonPath::parse(toStdString(identifier.path));
        if (!p)
            return p.error().prefixed(QStringLiteral("identifiers.") + identifier.name);
        rule.m_identifiers.emplace_back(toStdString(identifier.name), std::move(p).value());
    }
    std::sort(rule.m_identifiers.begin(), rule.m_identifiers.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    return rule;
}

bool ConsumerRule::takes(std::string_view type) const
{
    return std::any_of(m_patterns.begin(), m_patterns.end(), [type](const TypePattern &p) { return p.matches(type); });
}

// With `all`, the message's filters and the element's must pass; with `any`, one filter of either. A rule
// with no filters at all passes everything.
bool ConsumerRule::passes(bool documentPassed, const Json *element) const
{
    const bool elementPassed = !element || m_elementFilters.test(*element);
    if (m_match == MatchRule::All)
        return documentPassed && elementPassed;
    if (m_documentFilters.isEmpty() && m_elementFilters.isEmpty())
        return true;
    return (!m_documentFilters.isEmpty() && documentPassed) ||
           (element && !m_elementFilters.isEmpty() && elementPassed);
}

ConsumerRule::Outcome ConsumerRule::apply(const Json &document) const
{
    Outcome out;
    const bool documentPassed = m_documentFilters.test(document);
    if (m_match == MatchRule::All && !documentPassed)
        return out; // the cheap, common answer: most messages are not what the rule looks for
    if (!m_each) {
        if (passes(documentPassed, nullptr)) {
            if (std::optional<Emission> e = emission(document, nullptr, out.problems))
                out.emitted.push_back(std::move(*e));
        }
        return out;
    }
    for (const Json *element : m_each->collect(document)) {
        if (!passes(documentPassed, element))
            continue;
        if (std::optional<Emission> e = emission(document, element, out.problems))
            out.emitted.push_back(std::move(*e));
    }
    return out;
}

std::optional<ConsumerRule::Emission> ConsumerRule::emission(const Json &document, const Json *element,
                                                             std::vector<QString> &problems) const
{
    const Json *value = nullptr;
    if (m_payload) {
        value = m_payload->first(document, element);
        if (!value) {
            problems.push_back(
                QStringLiteral("the message has nothing at %1, the payload to emit")
                    .arg(toQString(m_payload->element ? "each." + m_payload->path.text() : m_payload->path.text())));
            return std::nullopt;
        }
    } else {
        const auto it = document.find("payload");
        if (it == document.end())
            return std::nullopt; // a message always has one
        value = &*it;
    }
    Emission e;
    e.payload = *value;
    if (!m_add.empty()) {
        if (!e.payload.is_object()) {
            problems.push_back(QStringLiteral("the value to emit is %1, so fields cannot be added to it")
                                   .arg(describeJsonType(e.payload)));
            return std::nullopt;
        }
        for (const auto &[name, path] : m_add) {
            const Json *field = path.first(document, element);
            e.payload[name] = field ? *field : Json(); // null when the message lacks it: the shape stays the same
        }
    }
    if (!m_as.empty())
        e.payload = Json{{m_as, std::move(e.payload)}};
    if (!e.payload.is_object()) {
        problems.push_back(QStringLiteral("the value to emit is %1, but a payload must be an object: give it a "
                                          "key with \"as\"")
                               .arg(describeJsonType(e.payload)));
        return std::nullopt;
    }
    if (!m_identifiers.empty()) {
        // Read from the message as it would be emitted; the payload is lent to it, not copied.
        Json emitted{{"message", m_emits}};
        emitted["payload"] = std::move(e.payload);
        e.identifiers = identifierKey(m_identifiers, emitted);
        e.payload = std::move(emitted["payload"]);
    }
    return e;
}

} // namespace engine
