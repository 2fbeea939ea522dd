#pragma once

#include <QCommandLineParser>
#include <iosfwd>

#include "app/cli_common.h"

namespace digitscope::app {

// digitscope-cli backprop [--model M] --strokes FILE [--label D]
// For each drawing, one JSON line of backpropagation through the model (core::explainBackprop):
// the cost, the outputs and each layer's activations, dC/da and dC/dz, from the first hidden
// layer to the output. Throws CliUsageError for bad usage, core errors for bad data.
int backpropCommand(const QCommandLineParser& parser, std::ostream& out);

}  // namespace digitscope::app
