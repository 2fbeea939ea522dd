#include "core/train/training_record.h"

#include <filesystem>
#include <sstream>

namespace digitscope::core {
namespace {

std::string number(double value) {
    std::ostringstream text;
    text.precision(6);
    text << value;
    return text.str();
}

}  // namespace

std::map<std::string, std::string> modelMetadata(const TrainingRecord& record) {
    const TrainerSettings& s = record.settings;
    std::map<std::string, std::string> result{
        {"dataset", record.dataset},
        {"train_samples", std::to_string(record.trainSamples)},
        {"optimizer", toString(s.optimizer.kind)},
        {"learning_rate", number(s.optimizer.learningRate)},
        {"schedule", toString(s.schedule.kind)},
        {"weight_decay", number(s.optimizer.weightDecay)},
        {"batch", std::to_string(s.batchSize)},
        {"epochs", std::to_string(record.epochs)},
        {"seed", std::to_string(s.seed)},
        {"augment", s.augment ? number(s.augmentStrength) : "no"},
        {"restroke", number(s.restrokeShare)},
        {"strokes_data", record.strokeSets},
        {"strokes_augment", number(s.strokeAugmentStrength)},
        {"training_seconds", number(record.trainingSeconds)},
    };
    if (s.randomLabels) result["random_labels"] = "yes";  // absent: the dataset's labels
    if (!record.trainedWith.empty()) result["trained_with"] = record.trainedWith;
    if (!record.trainedFrom.empty()) result["trained_from"] = record.trainedFrom;
    if (record.testAccuracy >= 0) result["test_accuracy"] = number(record.testAccuracy);
    if (record.testLoss >= 0) result["test_loss"] = number(record.testLoss);
    return result;
}

std::string describeStrokeSets(const std::vector<std::pair<std::string, double>>& sets) {
    if (sets.empty()) return "none";
    std::string text;
    for (const auto& [path, share] : sets) {
        if (!text.empty()) text += ',';
        text += std::filesystem::path(path).filename().string() + ':' + number(share);
    }
    return text;
}

}  // namespace digitscope::core
