#pragma once
// What each command line does. Each returns the process exit code: 0 success, 1 runtime failure,
// 2 bad usage or bad input.

#include "CommandLine.h"

namespace Commands {

int headless(const CommandLine &cl);
int window(const CommandLine &cl);
int configExport(const CommandLine &cl);
int configImport(const CommandLine &cl);
int push(const CommandLine &cl);
int deliveries(const CommandLine &cl);
int deliveryAction(const CommandLine &cl);
int poll(const CommandLine &cl);
int alerts(const CommandLine &cl);
int consumers(const CommandLine &cl);
int consumersTry(const CommandLine &cl);
int history(const CommandLine &cl);
int events(const CommandLine &cl);
int simulateStore(const CommandLine &cl);

} // namespace Commands
