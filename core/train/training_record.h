#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/train/trainer.h"

namespace digitscope::core {

// How a model was trained, as its file records it (ModelFile's metadata). The GUI's training
// runs and `digitscope-cli train` both describe their models with it, so both write the same
// keys in the same way.
struct TrainingRecord {
    std::string trainedWith;  // "digitscope GUI", "digitscope-cli"; empty: not written
    std::string trainedFrom;  // the model training started from; empty: fresh weights
    std::string dataset;      // the training set's name
    std::int64_t trainSamples = 0;
    TrainerSettings settings;         // optimiser, schedule, batch, seed, distortions
    int epochs = 0;                   // epochs trained
    std::string strokeSets = "none";  // describeStrokeSets
    double testAccuracy = -1;         // of the last epoch; < 0: not measured
    double testLoss = -1;
    double trainingSeconds = 0;
};

// The keys: trained_with, trained_from, dataset, train_samples, optimizer, learning_rate,
// schedule, weight_decay, batch, epochs, seed, augment (the strength, or "no"), restroke,
// strokes_data, strokes_augment, random_labels ("yes", only when set), test_accuracy, test_loss,
// training_seconds. Numbers have six significant digits; unknown values (empty, negative) are left
// out.
std::map<std::string, std::string> modelMetadata(const TrainingRecord& record);

// "pendigits-train.jsonl.gz:0.2,mine.jsonl:0.1" for (path, share) pairs (file names only), or
// "none".
std::string describeStrokeSets(const std::vector<std::pair<std::string, double>>& sets);

}  // namespace digitscope::core
