#pragma once

#include <QString>
#include <map>
#include <memory>
#include <string>

#include "core/nn/network.h"

namespace digitscope::app {

// The network the window shows, and where it came from.
struct LoadedModel {
    enum class Origin { Bundled, File, Training, Taught };  // Taught: lessons in the window

    std::shared_ptr<const core::Network> network;
    std::map<std::string, std::string> metadata;
    Origin origin = Origin::Bundled;
    QString name;   // the bundled name, the file's name, or the training run's label
    QString path;   // the file it came from or was last saved to; empty when none
    int runId = 0;  // the training session's run (Origin::Training); 0: fresh weights

    // "3b1b · 784-16-16-10" for the status bar and the model list.
    QString describe() const;
};

// Both throw core::FileError naming the file and the problem, including a network that does
// not map 28 x 28 inputs to 10 digits.
LoadedModel loadBundledModel(const QString& name);
LoadedModel loadModelFromFile(const QString& path);

}  // namespace digitscope::app
