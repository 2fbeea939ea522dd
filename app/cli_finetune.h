#pragma once

#include <QCommandLineParser>
#include <iosfwd>

#include "app/cli_common.h"

namespace digitscope::app {

// digitscope-cli finetune [--model M] --strokes MINE.jsonl [--data DIR]
//     [--strokes-data FILE[:SHARE]]... [--seed N] --out OUT [--json]
// Fine-tunes a model on labelled drawings with the app's code (core::FineTuner) and its replay
// defaults (ui::ReplayData). Throws CliUsageError for bad usage, core errors for bad data.
int fineTuneCommand(const QCommandLineParser& parser, std::ostream& out);

}  // namespace digitscope::app
