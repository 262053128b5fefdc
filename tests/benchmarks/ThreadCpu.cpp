#include "ThreadCpu.h"

#include <dirent.h>

#include <cctype>
#include <filesystem>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace bench {

double threadCpuSeconds(const std::string &name)
{
    const double ticksPerSecond = double(::sysconf(_SC_CLK_TCK));
    double seconds = 0;
    DIR *tasks = ::opendir("/proc/self/task");
    if (!tasks)
        return 0;
    while (const dirent *task = ::readdir(tasks)) {
        if (task->d_name[0] == '.')
            continue;
        const std::string dir = std::string("/proc/self/task/") + task->d_name;
        std::string comm;
        std::getline(std::ifstream(dir + "/comm"), comm);
        if (comm != name)
            continue;
        std::string stat;
        std::getline(std::ifstream(dir + "/stat"), stat);
        // Fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
        std::istringstream fields(stat.substr(stat.rfind(')') + 2));
        std::string field;
        unsigned long long utime = 0, stime = 0;
        for (int i = 1; i <= 13 && fields >> field; ++i) {
            if (i == 12)
                utime = std::stoull(field);
            else if (i == 13)
                stime = std::stoull(field);
        }
        seconds += double(utime + stime) / ticksPerSecond;
    }
    ::closedir(tasks);
    return seconds;
}

namespace {

double cpuSeconds(clockid_t clock)
{
    timespec t{};
    ::clock_gettime(clock, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

} // namespace

double processCpuSeconds()
{
    return cpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
}

double callingThreadCpuSeconds()
{
    return cpuSeconds(CLOCK_THREAD_CPUTIME_ID);
}

double processesCpuSeconds(const std::string &name)
{
    double seconds = 0;
    const double tick = double(::sysconf(_SC_CLK_TCK));
    for (const auto &entry : std::filesystem::directory_iterator("/proc")) {
        const std::string pid = entry.path().filename().string();
        if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0])))
            continue;
        std::string stat;
        std::getline(std::ifstream(entry.path() / "stat"), stat);
        // "pid (comm) state ppid ...": utime and stime are the 12th and 13th fields after the comm's ")".
        const size_t open = stat.find('('), close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos || stat.substr(open + 1, close - open - 1) != name)
            continue;
        std::istringstream fields(stat.substr(close + 2));
        std::string field;
        unsigned long long utime = 0, stime = 0;
        for (int i = 0; i < 11 && fields >> field; ++i) {
        }
        fields >> utime >> stime;
        seconds += double(utime + stime) / tick;
    }
    return seconds;
}

MachineCpu machineCpu()
{
    // The first line: "cpu  user nice system idle iowait irq softirq steal ..." in clock ticks.
    std::string line;
    std::getline(std::ifstream("/proc/stat"), line);
    std::istringstream fields(line);
    std::string label;
    fields >> label;
    unsigned long long value = 0, total = 0, idle = 0;
    for (int i = 0; i < 8 && fields >> value; ++i) {
        total += value;
        if (i == 3 || i == 4) // idle and iowait
            idle += value;
    }
    const double ticksPerSecond = double(::sysconf(_SC_CLK_TCK));
    return {double(total - idle) / ticksPerSecond, double(total) / ticksPerSecond};
}

} // namespace bench
