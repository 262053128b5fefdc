#pragma once
// CPU time used so far by this process's threads of one name (as pthread_setname_np gave it), from
// /proc/self/task. Rates move with the machine's load; CPU per unit of work says what a change saved.

#include <string>

namespace bench {

double threadCpuSeconds(const std::string &name);

} // namespace bench
