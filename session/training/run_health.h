#pragma once

#include <Eigen/Core>
#include <QString>
#include <vector>

#include "core/nn/network.h"
#include "core/nn/optimizer.h"

namespace digitscope::ui {

// Runs that end badly without a NaN: a learning rate of 10 leaves every ReLU "dead" (zero for
// every input, so no gradient reaches it again) and the network guesses (9.8% test accuracy);
// too high a rate can also make the loss climb. Judged after each epoch from numbers any run has.

// Per hidden layer, the share of its units whose output is the same (within 1e-6) for every
// column of `inputs` (inputs x B, B >= 2): dead ReLUs, saturated sigmoids. Such a unit tells
// the next layer nothing about the digit.
std::vector<double> constantUnitShare(const core::Network& network, const Eigen::MatrixXf& inputs);

struct EpochCheck {
    int epoch = 1;
    int classes = 10;
    double testAccuracy = -1;           // < 0: no test set
    double firstTrainLoss = 0;          // of the run's first epoch
    double trainLoss = 0;               // of this epoch
    std::vector<double> constantShare;  // constantUnitShare of the network after this epoch
    double learningRate = 0;
    core::OptimizerKind optimizer = core::OptimizerKind::Adam;
};

struct RunTrouble {
    QString message;             // what happened and what to try; empty when the run looks healthy
    bool stopsLearning = false;  // training on cannot help: the run is paused
    bool found() const { return !message.isEmpty(); }
};

RunTrouble diagnoseEpoch(const EpochCheck& check);

// The rate to suggest instead of `rate`: the optimiser's default when `rate` is far above it,
// else a tenth.
double gentlerLearningRate(double rate, core::OptimizerKind optimizer);

}  // namespace digitscope::ui
