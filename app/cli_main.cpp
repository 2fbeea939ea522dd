#include <QCoreApplication>
#include <iostream>

#include "app/cli.h"
#include "core/nn/compute_threads.h"

int main(int argc, char** argv) {
    digitscope::core::enableFlushToZero();  // every command computes on this thread
    // A QCoreApplication for image plug-ins and resources; no display is needed.
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName("digitscope-cli");
    return digitscope::app::runCli(QCoreApplication::arguments(), std::cout, std::cerr);
}
