#pragma once

#include <QString>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "core/nn/network.h"
#include "session/training/training_config.h"

namespace digitscope::ui {

// One run of a training session: its latest weights and what describes them. Runs stay in the
// session after they end, so that an earlier run can be shown, saved or trained further.
struct TrainingRun {
    int id = 0;
    QString label;  // "784-16-16-10 relu, adam lr 0.002, batch 32"
    TrainingConfig config;
    QString trainedFrom;  // the model it started from ("accurate"); empty: fresh weights
    std::shared_ptr<const core::Network> network;
    std::string dataset;  // the training set's name ("mnist")
    std::int64_t trainSamples = 0;
    std::int64_t batchesTrained = 0;
    int epochsDone = 0;
    double testAccuracy = -1;  // of the last finished epoch; < 0 before the first
    double testLoss = -1;
    double trainingSeconds = 0;
    QString savedPath;     // where it was last saved; empty when never
    bool unsaved = false;  // trained since it began or was last saved
    QString trouble;       // what went wrong after its last epoch (RunTrouble); empty: nothing

    // The keys a model file carries (core::modelMetadata, as the CLI writes them).
    std::map<std::string, std::string> metadata() const;
};

}  // namespace digitscope::ui
