#pragma once

#include <QCommandLineParser>
#include <QString>
#include <iosfwd>
#include <optional>

#include "core/train/experiment.h"

namespace digitscope::app {

// The experiment `digitscope-cli train` options describe: each option given, else the
// recorded experiment's value (--from-model), else the option's default. Reads no file.
// Throws CliUsageError naming a bad option.
core::Experiment trainExperiment(const QCommandLineParser& parser,
                                 const std::optional<core::Experiment>& recorded = {});

// A pasted `digitscope-cli train ...` line (as "Copy experiment" writes it, or typed) as the
// experiment it describes, read with the CLI's own options. Throws CliUsageError or
// core::ConfigError saying what is wrong with the line.
core::Experiment experimentFromCommand(const QString& line);

// digitscope-cli train [--from-model MODEL] --data DIR [options] [--out MODEL] [--json]
int trainCommand(const QCommandLineParser& parser, std::ostream& out, std::ostream& err);

}  // namespace digitscope::app
