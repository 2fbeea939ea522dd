#include "ui/training/training_run.h"

#include <sstream>

namespace digitscope::ui {
namespace {

std::string number(double value) {
    std::ostringstream text;
    text.precision(6);
    text << value;
    return text.str();
}

}  // namespace

std::map<std::string, std::string> TrainingRun::metadata() const {
    std::map<std::string, std::string> result{
        {"trained_with", "digitscope GUI"},
        {"optimizer", core::toString(config.optimizer)},
        {"learning_rate", number(config.learningRate)},
        {"schedule", core::toString(config.schedule)},
        {"weight_decay", number(config.weightDecay)},
        {"batch", std::to_string(config.batchSize)},
        {"epochs", std::to_string(epochsDone)},
        {"seed", std::to_string(config.seed)},
        {"augment", config.augment ? number(config.augmentStrength) : "no"},
        {"restroke", config.padStrokes ? number(config.padStrokeShare) : "0"},
        {"strokes_data", config.describeStrokeData()},
        {"dataset", dataset},
        {"train_samples", std::to_string(trainSamples)},
        {"training_seconds", number(trainingSeconds)},
    };
    if (!trainedFrom.isEmpty()) result["trained_from"] = trainedFrom.toStdString();
    if (testAccuracy >= 0) result["test_accuracy"] = number(testAccuracy);
    if (testLoss >= 0) result["test_loss"] = number(testLoss);
    return result;
}

}  // namespace digitscope::ui
