#include <QCoreApplication>
#include <iostream>

#include "app/cli.h"

int main(int argc, char** argv) {
    // A QCoreApplication for image plug-ins and resources; no display is needed.
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName("digitscope-cli");
    return digitscope::app::runCli(QCoreApplication::arguments(), std::cout, std::cerr);
}
