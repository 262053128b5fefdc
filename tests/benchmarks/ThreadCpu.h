#pragma once
// CPU time used so far by this process's threads of one name (as pthread_setname_np gave it), from
// /proc/self/task. CPU per unit of work says which thread a change made cheaper, which a rate does not.

#include <string>

namespace bench {

double threadCpuSeconds(const std::string &name);

} // namespace bench
