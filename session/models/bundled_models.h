#pragma once

#include <QString>
#include <QStringList>

#include "core/explain/digit_gate.h"
#include "core/io/model_file.h"

namespace digitscope::ui {

// The models built into the binaries (resources/models, compiled in as Qt resources).
class BundledModels {
public:
    static QStringList names();                                          // e.g. "3b1b", "accurate"
    static QString defaultName() { return QStringLiteral("accurate"); }  // the CLI's default
    static QString viewName() { return QStringLiteral("3b1b"); }         // the GUI's first model
    static core::Model load(const QString& name);                        // throws core::FileError
    static QString resourcePath(const QString& name);                    // ":/models/<name>.dsm"
    // The digit gate (":/gate/digit_gate.dsm"): not a model to pick, so not in names().
    static core::DigitGate gate();  // throws core::FileError
};

// Reads a model from a path (.dsm, or .onnx by the extension), which may be a Qt resource
// path (":/...").
core::Model loadModelFile(const QString& path);

}  // namespace digitscope::ui
