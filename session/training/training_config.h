#pragma once

#include <QList>
#include <QString>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/nn/architecture.h"
#include "core/nn/optimizer.h"
#include "core/train/experiment.h"
#include "core/train/trainer.h"

class QSettings;

namespace digitscope::ui {

// A stroke file (labelled drawings, such as the bundled pen data) trained on beside the dataset,
// with its share of every batch (core::Trainer).
struct StrokeData {
    QString path;
    double share = kDefaultShare;
    static constexpr double kDefaultShare = 0.2;
    static constexpr double kMaxShare = 0.9;  // all files together, as core::Trainer allows

    bool operator==(const StrokeData&) const = default;
};

// What the training panel's form holds: everything needed to start a run. Kept apart from the
// widgets so that it can be saved, restored and turned into core settings without a window.
struct TrainingConfig {
    QString hiddenLayers = QStringLiteral("16-16");  // hidden sizes only ("" = none), "16-16"
    core::Activation activation = core::Activation::Relu;
    core::Loss loss = core::Loss::CrossEntropy;
    core::OptimizerKind optimizer = core::OptimizerKind::Adam;
    double learningRate = 0.002;
    // As the CLI's --schedule (step: half the rate every epoch; cosine: down to 0 over the run)
    // and --weight-decay (L2, 0 to kMaxWeightDecay).
    core::Schedule schedule = core::Schedule::Constant;
    double weightDecay = 0;
    static constexpr double kMaxWeightDecay = 0.1;
    int batchSize = 32;
    int epochs = 5;
    std::uint64_t seed = 1;
    bool augment = true;
    // As the CLI's --augment-strength: scales every distortion (1 = the default ones).
    double augmentStrength = 1.0;
    static constexpr double kMaxAugmentStrength = 4.0;  // as the CLI allows
    // Half of the samples redrawn with the pad's pen (core::restroke): the style of drawings.
    // padStrokeShare: the share redrawn when padStrokes is on (the CLI's --restroke).
    bool padStrokes = true;
    double padStrokeShare = kPadStrokeShare;
    static constexpr double kPadStrokeShare = 0.5;
    // As the CLI's --train-limit: train on the dataset's first N samples (0 = all of them).
    std::int64_t trainLimit = 0;
    static constexpr std::int64_t kMaxTrainLimit = 9'999'999;  // beyond any dataset here
    // Real people's pen digits beside the dataset: by default the bundled pen data, where it
    // is found (DatasetLoader::findBundledPenData).
    QList<StrokeData> strokeData = defaultStrokeData();
    static QList<StrokeData> defaultStrokeData();

    static constexpr int kMaxBatchSize = 4096;
    static constexpr int kMaxEpochs = 10000;

    // The hidden sizes of "16-16" ("" gives none); throws core::ConfigError naming the problem.
    static std::vector<int> parseHidden(const QString& text);
    // inputs-hidden...-outputs with the form's activation and loss; throws core::ConfigError.
    core::Architecture architecture(int inputs = 784, int outputs = 10) const;
    // The trainer's settings.
    core::TrainerSettings trainerSettings() const;
    // "pendigits-train.jsonl.gz:0.2,mine.jsonl:0.1" (file names), or "none": for model files.
    std::string describeStrokeData() const;
    // "784-16-16-10 relu, adam lr 0.002, batch 32" (", cosine", ", wd 0.0001" when set)
    QString describe(int inputs = 784, int outputs = 10) const;

    // The run the form describes on the dataset in `folder` (784 inputs, 10 classes): what
    // "Copy experiment" writes as a `digitscope-cli train` line.
    core::Experiment experiment(const QString& folder) const;
    // The form an experiment describes. Throws core::ConfigError naming what the form cannot
    // hold (other than 784 inputs or 10 outputs, stroke distortions other than the default,
    // random labels).
    static TrainingConfig fromExperiment(const core::Experiment& experiment);

    // Reads and writes the keys under the group "training" (missing or invalid keys keep the
    // defaults).
    static TrainingConfig load(QSettings& settings);
    void save(QSettings& settings) const;

    bool operator==(const TrainingConfig&) const = default;
};

// A learning rate that suits each optimiser on MNIST-sized networks (the form switches to it
// when the optimiser changes and the rate was the previous optimiser's default).
double defaultLearningRate(core::OptimizerKind kind);

// The learning rate to train an already trained model further with: a tenth of the rate it was
// trained with (its metadata's learning_rate, when it used `kind`), or of kind's default. A
// trained network at its first rate loses accuracy in the first epochs (accurate at Adam 0.002:
// 99.08% -> ~98.2%); a tenth keeps it.
double furtherLearningRate(const std::map<std::string, std::string>& metadata,
                           core::OptimizerKind kind);

// "0.002", "0.05", "1e-05": the shortest text that reads back as the same double.
QString formatRate(double rate);

}  // namespace digitscope::ui
