#include "ObjectsView.h"

#include "Backend.h"
#include "Counted.h"
#include "MessageDetailView.h"
#include "TimelineModel.h"
#include "storage/History.h"

#include <QCompleter>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStringListModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

namespace {

// How much of a timeline is read and shown: an object's history is rarely longer.
constexpr int timelineLimit = 500;

// "order R123" as the search box and the suggestions write an object.
QString objectText(const QString &type, const QString &id)
{
    return QStringLiteral("%1 %2").arg(type, id);
}

QString csvField(QString text)
{
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n')))
        return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return text;
}

} // namespace

ObjectsView::ObjectsView(Backend &backend, QWidget *parent) : QWidget(parent), m_backend(backend)
{
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("An order or shipment number, an e-mail or a SKU: R123456789"));
    m_search->setClearButtonEnabled(true);
    m_suggestions = new QStringListModel(this);
    auto *completer = new QCompleter(m_suggestions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_search->setCompleter(completer);
    m_typing = new QTimer(this);
    m_typing->setSingleShot(true);
    m_typing->setInterval(150);
    connect(m_typing, &QTimer::timeout, this, &ObjectsView::suggest);
    connect(m_search, &QLineEdit::textEdited, m_typing, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &ObjectsView::search);
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this, [this](const QString &text) {
        m_search->setText(text);
        search();
    });
    auto *find = new QPushButton(tr("Show history"), this);
    connect(find, &QPushButton::clicked, this, &ObjectsView::search);
    auto *exportButton = new QPushButton(tr("Export…"), this);
    connect(exportButton, &QPushButton::clicked, this, &ObjectsView::exportTimeline);

    m_title = new QLabel(tr("Search for an object to see what happened to it."), this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_title->setFont(big);
    m_status = new QLabel(this);

    m_model = new TimelineModel(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(TimelineModel::Detail, QHeaderView::Stretch);
    m_table->setColumnWidth(TimelineModel::When, 150);
    m_table->setColumnWidth(TimelineModel::Level, 150);
    m_table->setColumnWidth(TimelineModel::What, 260);
    m_table->setColumnWidth(TimelineModel::Origin, 180);
    m_detail = new MessageDetailView(backend, this);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const QString id = current.data(TimelineModel::MessageIdRole).toString();
                if (id.isEmpty())
                    m_detail->clear();
                else
                    m_detail->show(id);
            });

    m_note = new QLineEdit(this);
    m_note->setPlaceholderText(tr("A note to keep on this object's record: \"Called the customer\""));
    m_addNote = new QPushButton(tr("Add note"), this);
    m_addNote->setEnabled(false);
    connect(m_note, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_addNote->setEnabled(!m_id.isEmpty() && !text.trimmed().isEmpty()); });
    const auto addNote = [this] {
        if (m_id.isEmpty() || m_note->text().trimmed().isEmpty())
            return;
        m_addNote->setEnabled(false);
        m_backend.owner().addNote(m_type, m_id, m_note->text(), m_backend.answer<void>(this, [this](const Status &ok) {
            if (!ok) {
                QMessageBox::warning(this, tr("Add note"), ok.error().text());
                m_addNote->setEnabled(true);
                return;
            }
            m_note->clear();
            reload();
        }));
    };
    connect(m_addNote, &QPushButton::clicked, this, addNote);
    connect(m_note, &QLineEdit::returnPressed, this, addNote);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(find);
    searchRow->addWidget(exportButton);
    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(m_note, 1);
    noteRow->addWidget(m_addNote);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_title);
    topLayout->addWidget(m_status);
    topLayout->addWidget(m_table, 1);
    topLayout->addLayout(noteRow);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(searchRow);
    layout->addWidget(split, 1);

    // Live: read again as the engine moves, while shown.
    connect(&m_backend, &Backend::tick, this, [this] {
        if (isVisible() && !m_id.isEmpty())
            reload();
    });
}

void ObjectsView::suggest()
{
    const QString prefix = m_search->text().trimmed();
    if (prefix.isEmpty())
        return;
    m_backend.read<Result<std::vector<std::pair<QString, QString>>>>(
        this, [prefix](ReadConnection &c) { return History::suggest(c.database(), prefix); },
        [this](Result<std::vector<std::pair<QString, QString>>> found) {
            if (!found)
                return;
            QStringList texts;
            for (const auto &[type, id] : *found)
                texts << objectText(type, id);
            m_suggestions->setStringList(texts);
            if (!texts.isEmpty() && m_search->hasFocus())
                m_search->completer()->complete();
        });
}

void ObjectsView::search()
{
    QString text = m_search->text().trimmed();
    if (text.isEmpty())
        return;
    // "order R123" (as suggested), "order:R123", or a bare id, looked up among every kind of object.
    for (const QString &type : {QStringLiteral("order"), QStringLiteral("shipment"), QStringLiteral("user"),
                                QStringLiteral("product"), QStringLiteral("endpoint"), QStringLiteral("store")}) {
        for (const QChar separator : {QLatin1Char(' '), QLatin1Char(':')}) {
            if (text.startsWith(type + separator)) {
                showObject(type, text.mid(type.size() + 1).trimmed());
                return;
            }
        }
    }
    m_backend.read<Result<std::vector<std::pair<QString, QString>>>>(
        this, [text](ReadConnection &c) { return History::suggest(c.database(), text, 50); },
        [this, text](Result<std::vector<std::pair<QString, QString>>> found) {
            if (found) {
                for (const auto &[type, id] : *found) {
                    if (id == text) {
                        showObject(type, id);
                        return;
                    }
                }
                if (found->size() == 1) {
                    showObject(found->front().first, found->front().second);
                    return;
                }
            }
            m_title->setText(tr("Nothing is known as %1").arg(text));
            m_status->setText(found && !found->empty() ? tr("Did you mean one of these? Pick one from the list.")
                                                       : tr("No order, shipment, e-mail or SKU starts like that."));
            m_type.clear();
            m_id.clear();
            m_model->setEntries({});
        });
}

void ObjectsView::showObject(const QString &type, const QString &id)
{
    m_type = type;
    m_id = id;
    m_search->setText(objectText(type, id));
    m_title->setText(objectText(type, id));
    m_status->setText(tr("Reading…"));
    m_model->setEntries({});
    m_detail->clear();
    m_addNote->setEnabled(!m_note->text().trimmed().isEmpty());
    ++m_generation;
    m_reading = false;
    reload();
}

void ObjectsView::reload()
{
    if (m_reading || m_id.isEmpty())
        return;
    m_reading = true;
    const QString type = m_type;
    const QString id = m_id;
    const int generation = m_generation;
    m_backend.read<Result<std::vector<History::Entry>>>(
        this, [type, id](ReadConnection &c) { return History::timeline(c.database(), type, id, 0, timelineLimit); },
        [this, generation](Result<std::vector<History::Entry>> entries) {
            if (generation != m_generation)
                return; // another object was chosen meanwhile
            m_reading = false;
            if (!entries) {
                m_status->setText(tr("Could not read the history: %1").arg(entries.error().text()));
                return;
            }
            int messages = 0;
            for (const History::Entry &e : *entries)
                messages += e.kind == History::Entry::Kind::Message ? 1 : 0;
            const QString status =
                entries->empty() ? tr("Nothing has happened to it yet, as far as the hub knows.")
                                 : tr("%1 and %2, newest first")
                                       .arg(counted(messages, tr("message"), tr("messages")),
                                            counted(qint64(entries->size()) - messages, tr("event"), tr("events")));
            m_status->setText(status);
            // Replaced only when it changed, so that the selection and the scroll stay put.
            const auto same = [](const std::vector<History::Entry> &a, const std::vector<History::Entry> &b) {
                if (a.size() != b.size())
                    return false;
                for (size_t i = 0; i < a.size(); ++i) {
                    if (a[i].atMs != b[i].atMs || a[i].occurrences != b[i].occurrences || a[i].state != b[i].state ||
                        TimelineModel::copiesText(a[i]) != TimelineModel::copiesText(b[i]))
                        return false;
                }
                return true;
            };
            if (same(*entries, m_model->entries()))
                return;
            const int row = m_table->currentIndex().row();
            m_model->setEntries(std::move(entries).value());
            if (row >= 0 && row < m_model->rowCount())
                m_table->selectRow(row);
        });
}

QByteArray ObjectsView::exportText(bool json) const
{
    QByteArray out;
    const std::vector<History::Entry> &entries = m_model->entries();
    if (!json)
        out += "when,kind,level_or_state,what,detail,from,times,message_id\n";
    for (auto e = entries.rbegin(); e != entries.rend(); ++e) {
        const bool event = e->kind == History::Entry::Kind::Event;
        const QString when = QDateTime::fromMSecsSinceEpoch(e->atMs, Qt::UTC).toString(Qt::ISODateWithMs);
        const QString what = event ? e->subject : e->type;
        const QString detail = event ? e->description : TimelineModel::copiesText(*e);
        const QString from = event ? e->origin : e->source;
        if (json) {
            Json line{{"at", toStdString(when)},
                      {"kind", event ? "event" : "message"},
                      {event ? "level" : "state", toStdString(event ? e->level : e->state)},
                      {"what", toStdString(what)},
                      {"detail", toStdString(detail)},
                      {"from", toStdString(from)}};
            if (event)
                line["occurrences"] = e->occurrences;
            if (!e->messageId.isEmpty())
                line["message_id"] = toStdString(e->messageId);
            out += QByteArray::fromStdString(line.dump()) + '\n';
        } else {
            const QStringList fields{when,
                                     event ? QStringLiteral("event") : QStringLiteral("message"),
                                     event ? e->level : e->state,
                                     what,
                                     detail,
                                     from,
                                     event ? QString::number(e->occurrences) : QString(),
                                     e->messageId};
            QStringList quoted;
            for (const QString &f : fields)
                quoted << csvField(f);
            out += quoted.join(QLatin1Char(',')).toUtf8() + '\n';
        }
    }
    return out;
}

void ObjectsView::exportTimeline()
{
    if (m_id.isEmpty())
        return;
    QString selected;
    const QString name = QStringLiteral("%1-%2").arg(m_type, QString(m_id).replace(QLatin1Char('/'), QLatin1Char('_')));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the history"), name + QStringLiteral(".csv"),
                                                      tr("CSV (*.csv);;JSON lines (*.jsonl)"), &selected);
    if (path.isEmpty())
        return;
    const QByteArray text =
        exportText(path.endsWith(QLatin1String(".jsonl")) || selected.startsWith(QLatin1String("JSON")));
    // Written off the GUI thread: a slow disk must not freeze the window.
    m_backend.background<QString>(
        this,
        [path, text]() -> QString {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
                return file.errorString();
            return {};
        },
        [this, path](QString error) {
            if (!error.isEmpty())
                QMessageBox::warning(this, tr("Export the history"), tr("Cannot write %1: %2").arg(path, error));
        });
}

} // namespace ui
