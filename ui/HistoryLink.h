#pragma once
// The links in the window's rich text that lead to an object's history ("history:order:R123"): made where a
// label names an object (a message's detail, the dashboard's alert banner), read where its link is clicked.

#include <QString>

#include <optional>
#include <utility>

namespace ui::HistoryLink {

// <a href="history:TYPE:ID">text</a>, escaped.
inline QString anchor(const QString &type, const QString &id, const QString &text)
{
    QString href = QStringLiteral("history:%1:%2").arg(type, id).toHtmlEscaped();
    href.replace(QLatin1Char('"'), QStringLiteral("&quot;"));
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(href, text.toHtmlEscaped());
}

// (type, id) when `link` is one of these; nothing for any other link.
inline std::optional<std::pair<QString, QString>> parse(const QString &link)
{
    if (!link.startsWith(QLatin1String("history:")))
        return std::nullopt;
    const QString object = link.mid(8);
    return std::pair{object.section(QLatin1Char(':'), 0, 0), object.section(QLatin1Char(':'), 1)};
}

} // namespace ui::HistoryLink
