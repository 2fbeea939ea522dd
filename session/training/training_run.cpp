#include "session/training/training_run.h"

#include "core/train/training_record.h"

namespace digitscope::ui {

std::map<std::string, std::string> TrainingRun::metadata() const {
    core::TrainingRecord record;
    record.trainedWith = "digitscope GUI";
    record.trainedFrom = trainedFrom.toStdString();
    record.dataset = dataset;
    record.trainSamples = trainSamples;
    record.settings = config.trainerSettings();
    record.epochs = epochsDone;
    record.strokeSets = config.describeStrokeData();
    record.testAccuracy = testAccuracy;
    record.testLoss = testLoss;
    record.trainingSeconds = trainingSeconds;
    return core::modelMetadata(record);
}

}  // namespace digitscope::ui
