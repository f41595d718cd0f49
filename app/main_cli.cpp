// emuplay-cli: the headless Emulation Playground. See app/cli/cli.h.

#include "app/cli/cli.h"
#include "engine/core/memory.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char* argv[])
{
    emu::retainFreedMemory(); // see memory.h: fits must not fault their matrices in each time
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = cli::runCli(QCoreApplication::arguments(), out, err);
    out.flush();
    err.flush();
    return code;
}
