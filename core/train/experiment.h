#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/nn/architecture.h"
#include "core/train/trainer.h"

namespace digitscope::core {

// One training run's every setting, as the `digitscope-cli train` command that reproduces it:
// what the training panel's "Copy experiment" copies and a pasted line sets, and what
// `digitscope-cli train --from-model` reads back from a model's metadata. The same settings
// and seed give the same weights, bit for bit.
struct Experiment {
    Architecture architecture;  // sizes, hidden activation, loss
    // optimiser, rate, weight decay, schedule, batch, epochs, seed, augmentation, restroke share,
    // stroke distortions, random labels; reportEvery and backgroundPreparation are not part of an
    // experiment.
    TrainerSettings settings;
    std::string data;             // the dataset folder; empty: written as DIR
    std::int64_t trainLimit = 0;  // the first N training samples; 0: all of them
    int threads = 1;              // Eigen's threads for the largest products
    std::vector<std::pair<std::string, double>> strokeSets;  // file and share of every batch

    bool operator==(const Experiment&) const;
};

// The shortest text ("%g") that reads back as the same float: 0.002f is "0.002".
std::string shortestText(float value);

// ["train", "--data", DIR, "--arch", "784-16-16-10", ...]: every setting written out, so a later
// version's defaults cannot change the run. Numbers are written so they read back exactly.
std::vector<std::string> trainArguments(const Experiment& experiment);

// "digitscope-cli train --data /x/mnist --arch 784-16-16-10 ...", each argument quoted for a
// POSIX shell where it needs it.
std::string trainCommand(const Experiment& experiment);

// Splits a command line as a POSIX shell would (whitespace separates words; '...', "..." and
// backslashes quote); throws ConfigError on an unterminated quote. No expansion of any kind.
std::vector<std::string> splitCommandLine(std::string_view line);

// A model's training record (modelMetadata) and architecture as an experiment. The record keeps
// the dataset's and stroke files' names, not their folders: `data` and the stroke files are
// those names. A training-set size below the dataset's becomes trainLimit only when
// `datasetSize` (the folder's training count) is given and larger. Throws ConfigError naming
// the first setting the metadata lacks or that does not read as a number or a name.
Experiment experimentFromMetadata(const std::map<std::string, std::string>& metadata,
                                  const Architecture& architecture, std::int64_t datasetSize = 0);

}  // namespace digitscope::core
