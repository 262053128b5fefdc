#include "DiscoverDialog.h"

#include "Backend.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace ui {

using namespace engine;

DiscoverDialog::DiscoverDialog(Backend &backend, const QString &url, QWidget *parent)
    : QDialog(parent), m_backend(backend)
{
    setWindowTitle(tr("Discover services"));
    m_url = new QLineEdit(url, this);
    m_url->setPlaceholderText(QStringLiteral("https://mailer.example.com"));
    m_url->setToolTip(tr("The endpoint's base URL; its description is read from endpoint.json there"));
    auto *read = new QPushButton(tr("Read endpoint.json"), this);
    connect(read, &QPushButton::clicked, this, &DiscoverDialog::fetch);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("URL"), this));
    top->addWidget(m_url, 1);
    top->addWidget(read);
    m_endpointName = new QLineEdit(this);
    m_endpointName->setToolTip(tr("The name the endpoint is saved under, if the hub does not know this URL yet"));
    auto *name = new QHBoxLayout;
    name->addWidget(new QLabel(tr("Endpoint name"), this));
    name->addWidget(m_endpointName, 1);
    m_message = new QLabel(tr("Give the endpoint's URL and read its endpoint.json: each service it offers then "
                              "shows here as a form that makes a subscription."),
                           this);
    m_message->setWordWrap(true);
    connect(m_url, &QLineEdit::returnPressed, this, &DiscoverDialog::fetch);
    m_services = new QTabWidget(this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(name);
    layout->addWidget(m_message);
    layout->addWidget(m_services, 1);
    layout->addWidget(buttons);
    resize(640, 520);
}

void DiscoverDialog::fetch()
{
    const QString url = m_url->text().trimmed();
    m_message->setText(tr("Reading %1/endpoint.json…").arg(url));
    m_backend.background<Result<EndpointDescription>>(
        this, [url] { return Discovery::fetch(url); },
        [this](Result<EndpointDescription> d) {
            if (!d) {
                m_message->setText(tr("<span style='color:#c0392b'>%1</span>").arg(d.error().text().toHtmlEscaped()));
                return;
            }
            showDescription(*d);
        });
}

void DiscoverDialog::showDescription(const EndpointDescription &d)
{
    m_description = d;
    m_fields.clear();
    while (m_services->count() > 0)
        delete m_services->widget(0);
    m_message->setText(
        tr("<b>%1</b> — %2")
            .arg((d.display.isEmpty() ? d.name : d.display).toHtmlEscaped(), d.description.toHtmlEscaped()));
    if (m_endpointName->text().isEmpty())
        m_endpointName->setText(d.name);
    for (const ServiceDescription &service : d.services) {
        auto *page = new QWidget;
        auto *form = new QFormLayout(page);
        auto *about =
            new QLabel(tr("%1<br>Sends %2 to %3")
                           .arg(service.description.toHtmlEscaped(),
                                (service.messages.isEmpty() ? QStringList{QStringLiteral("*")} : service.messages)
                                    .join(QStringLiteral(", ")),
                                service.path.toHtmlEscaped()),
                       page);
        about->setWordWrap(true);
        form->addRow(about);
        for (const ServiceParameter &p : service.parameters) {
            QWidget *field = nullptr;
            if (!p.allowed.empty()) {
                auto *box = new QComboBox(page);
                for (const Json &a : p.allowed)
                    box->addItem(a.is_string() ? QString::fromStdString(a.get<std::string>())
                                               : QString::fromStdString(a.dump()),
                                 QString::fromStdString(a.dump()));
                if (!p.defaultValue.is_null())
                    box->setCurrentIndex(box->findData(QString::fromStdString(p.defaultValue.dump())));
                field = box;
            } else if (p.dataType == QLatin1String("boolean")) {
                auto *box = new QCheckBox(page);
                box->setChecked(p.defaultValue.is_boolean() && p.defaultValue.get<bool>());
                field = box;
            } else if (p.dataType == QLatin1String("integer")) {
                auto *box = new QSpinBox(page);
                box->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
                if (p.defaultValue.is_number_integer())
                    box->setValue(p.defaultValue.get<int>());
                field = box;
            } else if (p.dataType == QLatin1String("number")) {
                auto *box = new QDoubleSpinBox(page);
                box->setRange(-1e12, 1e12);
                box->setDecimals(4);
                if (p.defaultValue.is_number())
                    box->setValue(p.defaultValue.get<double>());
                field = box;
            } else {
                auto *edit = new QLineEdit(page);
                if (p.dataType == QLatin1String("list"))
                    edit->setPlaceholderText(tr("values separated by commas"));
                else if (p.dataType == QLatin1String("object"))
                    edit->setPlaceholderText(QStringLiteral("{ }"));
                if (p.defaultValue.is_string())
                    edit->setText(QString::fromStdString(p.defaultValue.get<std::string>()));
                else if (!p.defaultValue.is_null())
                    edit->setText(QString::fromStdString(p.defaultValue.dump()));
                field = edit;
            }
            field->setToolTip(p.description);
            form->addRow(p.optional ? tr("%1 (optional)").arg(p.name) : p.name, field);
            m_fields[service.name][p.name] = field;
        }
        auto *create = new QPushButton(tr("Create this subscription"), page);
        connect(create, &QPushButton::clicked, this, [this, name = service.name] { this->create(name); });
        m_createButtons[service.name] = create;
        form->addRow(create);
        m_services->addTab(page, service.name);
    }
}

void DiscoverDialog::setValue(const QString &service, const QString &parameter, const Json &value)
{
    QWidget *field = m_fields.value(service).value(parameter);
    if (auto *edit = qobject_cast<QLineEdit *>(field))
        edit->setText(value.is_string() ? QString::fromStdString(value.get<std::string>())
                                        : QString::fromStdString(value.dump()));
    else if (auto *box = qobject_cast<QCheckBox *>(field))
        box->setChecked(value.is_boolean() && value.get<bool>());
    else if (auto *spin = qobject_cast<QSpinBox *>(field))
        spin->setValue(value.get<int>());
    else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(field))
        dspin->setValue(value.get<double>());
    else if (auto *combo = qobject_cast<QComboBox *>(field))
        combo->setCurrentIndex(combo->findData(QString::fromStdString(value.dump())));
}

std::map<QString, Json> DiscoverDialog::values(const ServiceDescription &service, QString &problem) const
{
    std::map<QString, Json> values;
    for (const ServiceParameter &p : service.parameters) {
        QWidget *field = m_fields.value(service.name).value(p.name);
        Json value;
        if (auto *combo = qobject_cast<QComboBox *>(field)) {
            value = Json::parse(combo->currentData().toString().toStdString(), nullptr, false);
        } else if (auto *box = qobject_cast<QCheckBox *>(field)) {
            value = box->isChecked();
        } else if (auto *spin = qobject_cast<QSpinBox *>(field)) {
            value = spin->value();
        } else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(field)) {
            value = dspin->value();
        } else if (auto *edit = qobject_cast<QLineEdit *>(field)) {
            const QString text = edit->text().trimmed();
            if (text.isEmpty())
                continue; // not given: the default, or left out when optional
            if (p.dataType == QLatin1String("list")) {
                value = Json::array();
                for (const QString &item : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
                    value.push_back(item.trimmed().toStdString());
            } else if (p.dataType == QLatin1String("object")) {
                value = Json::parse(text.toStdString(), nullptr, false);
                if (!value.is_object())
                    problem = tr("%1 must be a JSON object").arg(p.name);
            } else {
                value = text.toStdString();
            }
        }
        values[p.name] = value;
    }
    return values;
}

void DiscoverDialog::create(const QString &serviceName)
{
    const ServiceDescription *service = m_description.service(serviceName);
    if (!service)
        return;
    QString problem;
    const std::map<QString, Json> given = values(*service, problem);
    if (!problem.isEmpty()) {
        m_message->setText(tr("<span style='color:#c0392b'>%1</span>").arg(problem.toHtmlEscaped()));
        return;
    }
    // The endpoint this URL already is, or a new one.
    const QString url = m_url->text().trimmed();
    Endpoint endpoint;
    for (const Endpoint &e : m_backend.configuration().endpoints) {
        if (QUrl(e.url).adjusted(QUrl::StripTrailingSlash) == QUrl(url).adjusted(QUrl::StripTrailingSlash))
            endpoint = e;
    }
    if (endpoint.id == 0) {
        endpoint.name = m_endpointName->text().trimmed();
        endpoint.url = url;
    }
    Result<Subscription> subscription = Discovery::subscriptionFor(endpoint.name, *service, given);
    if (!subscription) {
        m_message->setText(
            tr("<span style='color:#c0392b'>%1</span>").arg(subscription.error().text().toHtmlEscaped()));
        return;
    }
    m_backend.owner().saveEndpointWithSubscription(
        endpoint, *subscription,
        m_backend.answer<Subscription>(this, [this, serviceName](const Result<Subscription> &saved) {
            if (!saved) {
                m_message->setText(
                    tr("<span style='color:#c0392b'>%1</span>").arg(saved.error().text().toHtmlEscaped()));
                return;
            }
            m_message->setText(tr("Created a subscription for %1.").arg(serviceName));
            // Once is enough: a second would send every message twice (and would be refused).
            if (QPushButton *button = m_createButtons.value(serviceName)) {
                button->setEnabled(false);
                button->setText(tr("Created"));
            }
        }));
}

} // namespace ui
