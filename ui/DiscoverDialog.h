#pragma once
// "Discover services": reads an endpoint's endpoint.json and offers a subscription form per service, built
// from what the service requires: a widget per parameter by its data type, choices from its allowed values,
// defaults filled in, optional ones marked. Creating one adds the endpoint too when it is new. GUI thread;
// the fetch runs in the background.

#include "dispatch/Discovery.h"

#include <QDialog>
#include <QMap>

class QComboBox;
class QLabel;
class QPushButton;
class QLineEdit;
class QTabWidget;

namespace ui {

class Backend;

class DiscoverDialog : public QDialog {
    Q_OBJECT
public:
    DiscoverDialog(Backend &backend, const QString &url, QWidget *parent = nullptr);

    QLineEdit *urlField() const { return m_url; }
    QTabWidget *services() const { return m_services; }
    QLabel *messageLabel() const { return m_message; }
    void fetch();
    // Sets a parameter's value on a service's form, as the owner would (for tests).
    void setValue(const QString &service, const QString &parameter, const engine::Json &value);
    void create(const QString &service);

private:
    void showDescription(const engine::EndpointDescription &description);
    std::map<QString, engine::Json> values(const engine::ServiceDescription &service, QString &problem) const;

    Backend &m_backend;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_endpointName = nullptr;
    QLabel *m_message = nullptr;
    QTabWidget *m_services = nullptr;
    engine::EndpointDescription m_description;
    QMap<QString, QMap<QString, QWidget *>> m_fields; // service → parameter → widget
    QMap<QString, QPushButton *> m_createButtons;     // service → its Create button
};

} // namespace ui
