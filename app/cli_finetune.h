#pragma once

#include <QCommandLineParser>
#include <iosfwd>
#include <stdexcept>

namespace digitscope::app {

// Bad command-line usage of a CLI command: exit code 2.
class CliUsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// digitscope-cli finetune [--model M] --strokes MINE.jsonl [--data DIR]
//     [--strokes-data FILE[:SHARE]]... [--seed N] --out OUT [--json]
// Fine-tunes a model on labelled drawings with the app's code (core::FineTuner) and its replay
// defaults (ui::ReplayData). Throws CliUsageError for bad usage, core errors for bad data.
int fineTuneCommand(const QCommandLineParser& parser, std::ostream& out);

}  // namespace digitscope::app
