#pragma once
// Importing and exporting the whole configuration as a JSON file from the File menu: the same file and the
// same rules as `integrator config import|export`. The file is read and written off the GUI thread.

#include "core/Result.h"
#include "storage/ConfigStore.h"

#include <QObject>

#include <functional>

namespace ui {

class Backend;

namespace ConfigTransfer {

// Reads and checks `path`, then imports it; `done` gets a line for the status bar, or the error.
void importFile(Backend &backend, QObject *context, const QString &path, engine::ConfigStore::ImportMode mode,
                std::function<void(engine::Result<QString>)> done);
// Writes the configuration as the window knows it (it follows every change) to `path`.
void exportFile(Backend &backend, QObject *context, const QString &path,
                std::function<void(engine::Result<QString>)> done);

} // namespace ConfigTransfer

} // namespace ui
