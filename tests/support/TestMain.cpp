// The main of every test executable: a Qt application object first, so that signals, timers, event loops
// and QtSql work as they do in the application. `--backend=postgresql` (what CMake's on_postgres passes) puts
// the suite's databases on PostgreSQL (TestDatabase).

#include <QCoreApplication>

#include <gtest/gtest.h>

#include <cstring>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--backend=postgresql") == 0)
            qputenv("INTEGRATOR_TEST_BACKEND", "postgresql");
    }
    return RUN_ALL_TESTS();
}
