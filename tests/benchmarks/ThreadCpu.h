#pragma once
// CPU time used so far: by this process's threads of one name (as pthread_setname_np gave it, from
// /proc/self/task), by the whole process, and by the machine. CPU per unit of work says which thread a change
// made cheaper, which a rate does not; and when the machine is busy, it says how fast the work could go at all.

#include <string>

namespace bench {

double threadCpuSeconds(const std::string &name);

// CPU time used so far by the whole process, every thread together, and by the calling thread.
double processCpuSeconds();
double callingThreadCpuSeconds();
// CPU time used so far by every process of that name on the machine, living ones (from /proc/*/stat): the
// database server's share of the work, when it runs on the same machine.
double processesCpuSeconds(const std::string &name);

// CPU time the whole machine has spent busy and in all so far (every core, from /proc/stat), in seconds; the
// share of one interval spent busy is the difference of `busy` over the difference of `total`.
struct MachineCpu {
    double busy = 0;
    double total = 0;
};
MachineCpu machineCpu();

} // namespace bench
