#include "MainWindow.h"

#include <QLabel>

namespace ui {

MainWindow::MainWindow(const QString &databasePath, QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Integrator"));
    auto *label = new QLabel(QStringLiteral("<h2>Integrator</h2><p>The engine is running.</p><p>Database: %1</p>")
                                 .arg(databasePath.toHtmlEscaped()),
                             this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(900, 600);
}

} // namespace ui
